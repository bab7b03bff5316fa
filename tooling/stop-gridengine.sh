#!/usr/bin/env bash
# Stop the GridEngine that start-gridengine.sh started, by the PIDs it recorded in $SGE_TEST_STATE (never
# by name). The execd first (under 1 s), then the qmaster, whose controlled shutdown took 7-10 s here
# (STACK.md saw 3-5 s): the execd gets 10 s after SIGTERM, the qmaster 15 s, then SIGKILL.
# The cell, its config, the spool and the accounting file stay for the next start.
set -euo pipefail
STATE="${SGE_TEST_STATE:-/var/spool/sge-test}"

# running PID NAME: PID is a live NAME (after a crash or reboot the recorded number may be someone else's)
running() {
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null
}

stopped=""
for d in sge_execd sge_qmaster; do
  f="$STATE/$d.pid"
  [ -s "$f" ] || continue
  pid="$(cat "$f")"
  if running "$pid" "$d"; then
    wait_s=10; [ "$d" = sge_execd ] || wait_s=15
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait_s * 10))); do running "$pid" "$d" || break; sleep 0.1; done
    if running "$pid" "$d"; then
      echo "$d (pid $pid) still running $wait_s s after SIGTERM; sending SIGKILL" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    stopped="$stopped $d"
  fi
  rm -f "$f"
done
[ -z "$stopped" ] || echo "gridengine stopped:$stopped"
