#!/usr/bin/env bash
# Stop the dockerd that tooling/start-dockerd.sh DIR started (by its pid, SIGTERM, then SIGKILL after 20 s) and
# remove DIR. Quiet and successful when there is nothing to stop.
set -uo pipefail
DIR="${1:?usage: stop-dockerd.sh DIR}"
[ -d "$DIR" ] || exit 0
PID="$(cat "$DIR/dockerd.launch.pid" 2>/dev/null || true)"
if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
  # Containers first, so none outlives its daemon's containerd.
  DOCKER_HOST="unix://$DIR/docker.sock" docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$DIR/docker.sock" docker rm -f >/dev/null 2>&1
  kill -TERM "$PID" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null
fi
# Its overlay mounts go before the directory does.
grep -o " $DIR/[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null
rm -rf "$DIR"
