#!/usr/bin/env bash
# Stop the S3 server of start-s3.sh by the PIDs it recorded (only processes whose command line names its
# ceph.conf, so a reused PID is left alone), then remove its directory ($TOIL_S3_DIR, default /tmp/toil-s3-<uid>).
set -uo pipefail
DIR=${TOIL_S3_DIR:-/tmp/toil-s3-$(id -u)}
[ -e "$DIR" ] || exit 0
[ "$(stat -c %u "$DIR")" = "$(id -u)" ] || { echo "refusing: $DIR belongs to another user" >&2; exit 1; }
running() {
  [ -r "/proc/$1/cmdline" ] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$DIR/ceph.conf"
}
stopped=""
if [ -f "$DIR/pids" ]; then
  # Reverse order of start: radosgw, OSD, mon.
  while read -r name pid; do
    [ -n "${pid:-}" ] && running "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
    running "$pid" && kill -KILL "$pid" 2>/dev/null
    stopped="$stopped $name"
  done < <(tac "$DIR/pids")
fi
rm -rf "$DIR"
[ -z "$stopped" ] || echo "S3 stopped:$stopped"
