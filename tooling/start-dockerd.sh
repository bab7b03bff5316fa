#!/usr/bin/env bash
# Start a private dockerd for the docker-engine tests of @toil/containers (e2e/tests/containers-docker.test.ts):
#   bash tooling/start-dockerd.sh DIR     prints the DOCKER_HOST to use (unix://DIR/docker.sock)
#   bash tooling/stop-dockerd.sh DIR      stops it by its pid and removes DIR
# Everything lives under DIR (made 0700): data root, exec root, pid file and the socket, so it never touches a
# system dockerd or /var/lib/docker. No bridge and no iptables rules: dockerCall runs with --network none by
# default and the tests need nothing else. Installs Debian's docker.io when dockerd is missing (root), and loads
# the test images from podman's storage (tooling/build-images.sh), since no registry is reachable.
set -euo pipefail
DIR="${1:?usage: start-dockerd.sh DIR}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ]; then
  [ "$(id -u)" = 0 ] || { echo "dockerd is not installed and only root can install it: apt-get install docker.io" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  LOG="$(mktemp -t start-dockerd.XXXXXX.log)"
  {
    apt-cache show docker.io >/dev/null 2>&1 || apt-get update -q
    apt-get install -y -q --no-install-recommends docker.io
  } >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; exit 1; }
fi
DOCKERD="$(command -v dockerd || echo /usr/sbin/dockerd)"
# Debian's client matches its daemon; any docker CLI on PATH would do.
DOCKER="$(command -v docker || echo /usr/bin/docker)"
mkdir -p "$DIR"
chmod 0700 "$DIR"
export DOCKER_HOST="unix://$DIR/docker.sock"
setsid "$DOCKERD" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" -H "$DOCKER_HOST" \
  --bridge=none --iptables=false --ip-forward=false --ip-masq=false --group root \
  >"$DIR/dockerd.log" 2>&1 </dev/null &
echo $! >"$DIR/dockerd.launch.pid"
for _ in $(seq 1 150); do
  "$DOCKER" info >/dev/null 2>&1 && break
  kill -0 "$(cat "$DIR/dockerd.launch.pid")" 2>/dev/null || { tail -n 20 "$DIR/dockerd.log" >&2; exit 1; }
  sleep 0.2
done
"$DOCKER" info >/dev/null 2>&1 || { tail -n 20 "$DIR/dockerd.log" >&2; echo "dockerd did not answer in 30 s" >&2; exit 1; }
bash "$HERE/build-images.sh" >&2
for image in docker.io/library/alpine:latest docker.io/library/debian:stable-slim; do
  "$DOCKER" image inspect "$image" >/dev/null 2>&1 || podman save "$image" | "$DOCKER" load >/dev/null
done
echo "$DOCKER_HOST"
