#!/usr/bin/env bash
# Stop the Slurm that start-slurm.sh started, by the PIDs it recorded in $SLURM_TEST_STATE (never by name:
# another Slurm or MariaDB on this machine is left alone). Compute daemon first, munge last, since the
# others still talk through munge while they shut down. Each gets 10 s after SIGTERM, then SIGKILL.
# Leaves the state, spool and database behind: the next start reuses them (job IDs keep counting).
set -euo pipefail
STATE="${SLURM_TEST_STATE:-/var/spool/slurm-test}"

# running PID NAME: PID is a live NAME (after a crash or reboot the recorded number may be someone else's)
running() {
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null
}

stopped=""
for d in slurmd slurmctld slurmdbd mariadbd munged; do
  f="$STATE/$d.pid"
  [ -s "$f" ] || continue
  pid="$(cat "$f")"
  if running "$pid" "$d"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do running "$pid" "$d" || break; sleep 0.1; done
    if running "$pid" "$d"; then
      echo "$d (pid $pid) still running 10 s after SIGTERM; sending SIGKILL" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    stopped="$stopped $d"
  fi
  rm -f "$f"
done
[ -z "$stopped" ] || echo "slurm stopped:$stopped"
