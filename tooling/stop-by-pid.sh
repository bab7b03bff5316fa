# shellcheck shell=bash
# Sourced by stop-slurm.sh and stop-gridengine.sh: stop daemons by the PIDs their start script recorded, never by
# name, so another Slurm, MariaDB or GridEngine on the machine is left alone.

# running PID NAME: PID is a live NAME (after a crash or reboot the recorded number may be someone else's)
running() {
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null
}

# stop_daemons STATE LABEL NAME:SECONDS...: in the order given, SIGTERM each daemon recorded in
# STATE/NAME.pid, wait up to SECONDS for it to exit, then SIGKILL; remove the pid files; print what stopped.
stop_daemons() {
  local state="$1" label="$2" stopped="" entry d wait_s f pid
  shift 2
  for entry in "$@"; do
    d="${entry%%:*}"; wait_s="${entry##*:}"
    f="$state/$d.pid"
    [ -s "$f" ] || continue
    pid="$(cat "$f")"
    if running "$pid" "$d"; then
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
  [ -z "$stopped" ] || echo "$label stopped:$stopped"
}
