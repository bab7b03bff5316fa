#!/usr/bin/env bash
# Start a one-host GridEngine (Son of Grid Engine 8.1.9: sge_qmaster + sge_execd) for the tests, as root.
# Installs the Debian packages that are missing. Does nothing when our GridEngine is already up.
# Each daemon runs in the foreground (SGE_ND=1) in a session of its own (setsid execs, so $! is the daemon
# itself); PIDs in $SGE_TEST_STATE/<daemon>.pid, which stop-gridengine.sh kills.
# Clients need the same environment: `. tooling/gridengine-env.sh`. Worked out in design/STACK.md §9.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=gridengine-env.sh
. "$HERE/gridengine-env.sh"
STATE="${SGE_TEST_STATE:-/var/spool/sge-test}"
H="$(hostname -s)"
SLOTS="$(nproc)"
T0="$EPOCHREALTIME"
mkdir -p "$STATE"
OWN_POLICY=""   # set when this script put in a policy-rc.d for the install (removed on exit)
T="$(mktemp -d)"
trap 'rm -rf "$T"; [ -z "$OWN_POLICY" ] || rm -f /usr/sbin/policy-rc.d' EXIT

# alive NAME: the PID recorded for NAME is a live NAME (not a stale file left by an unclean stop)
alive() {
  local pid; pid="$(cat "$STATE/$1.pid" 2>/dev/null)" || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] && ! grep -q '^State:.*zombie' "/proc/$pid/status" 2>/dev/null
}
# ready: the queue instance on this host reports a load (so its execd is in touch) and is not in error,
# unknown or disabled state
ready() {
  qstat -f -q "all.q@$H" 2>/dev/null | awk -v q="all.q@$H" '$1 == q && $4 != "-NA-" && $6 !~ /[Eud]/ { ok = 1 } END { exit !ok }'
}
# q ARGS: qconf, quiet unless it fails (it reports even successes on stderr)
q() { local out; out="$(qconf "$@" 2>&1)" || { echo "qconf $*: $out" >&2; return 1; }; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

if alive sge_qmaster && alive sge_execd && ready; then
  echo "gridengine already running: host $H ($(elapsed))"; exit 0
fi
bash "$HERE/stop-gridengine.sh"      # whatever is left of a half-up or crashed instance

# --- packages: the postinst creates the cell (BerkeleyDB spool, manager sgeadmin) from these answers ---
MISSING=""
for p in gridengine-master gridengine-exec gridengine-client; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || MISSING="$MISSING $p"
done
if [ -n "$MISSING" ]; then
  echo "installing$MISSING (log: $STATE/apt.log)"
  for p in gridengine-common gridengine-client gridengine-master gridengine-exec; do
    printf '%s shared/gridenginemaster string %s\n%s shared/gridenginecell string %s\n%s shared/gridengineconfig boolean true\n' \
      "$p" "$H" "$p" "$SGE_CELL" "$p"
  done | debconf-set-selections
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  # There is no systemd; policy-rc.d (exit 101) keeps the postinst scripts from starting daemons we don't track.
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; OWN_POLICY=1; }
  # shellcheck disable=SC2086 # MISSING is a list of package names
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $MISSING; } >"$STATE/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/apt.log" >&2; exit 1; }
fi

COMMON="$SGE_ROOT/$SGE_CELL/common"
# 127.0.0.1 reverse-resolves to "localhost" here, and commlib denies a client whose resolved name differs
# from its host name ("access denied ... not identical to clients host name"): declare them one host.
echo "$H localhost" > "$COMMON/host_aliases"
echo "$H" > "$COMMON/act_qmaster"
setsid env SGE_ND=1 /usr/sbin/sge_qmaster </dev/null >"$STATE/qmaster.out" 2>&1 & echo $! > "$STATE/sge_qmaster.pid"
for _ in $(seq 1 100); do qconf -sh >/dev/null 2>&1 && break; sleep 0.2; done
qconf -sh >/dev/null || { tail -n 20 "$STATE/qmaster.out" /var/spool/gridengine/qmaster/messages >&2; exit 1; }

# Global config: root may run jobs (min_uid/min_gid default to 1000), and qmaster writes a finished job to the
# accounting file within a second (qacct), not after flush_time (15 s). reporting_params spans several
# lines (backslash continuations), so it is dropped whole and written anew with the default values.
qconf -sconf global | awk '/^reporting_params/ { r = 1 } r { if ($0 !~ /\\$/) r = 0; next } { print }
  END { print "reporting_params accounting=true reporting=false flush_time=00:00:15 joblog=false sharelog=00:00:00 accounting_flush_time=00:00:01" }' \
  | sed -E 's/^(min_uid\s+).*/\10/; s/^(min_gid\s+).*/\10/' > "$T/global"
(cd "$T" && q -Mconf global)                  # qconf takes the config's name from the file name
# Schedule every second rather than every 15 s: a job then starts about 1 s after qsub.
qconf -ssconf | sed -E 's/^(schedule_interval\s+).*/\10:0:1/' > "$T/sched"
q -Msconf "$T/sched"
qconf -as "$H" >/dev/null 2>&1 || true                  # submit host (already one: fine)
if ! qconf -se "$H" >/dev/null 2>&1; then
  printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' "$H" > "$T/exechost"
  q -Ae "$T/exechost"
fi
if ! qconf -shgrp @allhosts >/dev/null 2>&1; then
  printf 'group_name @allhosts\nhostlist %s\n' "$H" > "$T/hg"
  q -Ahgrp "$T/hg"
fi
# Parallel environment for multi-core jobs (TOIL_GRIDENGINE_PE=smp, `qsub -pe smp N`): $pe_slots keeps all
# N slots on one host, the only allocation that makes sense for a multi-threaded job.
if ! qconf -sp smp >/dev/null 2>&1; then
  # shellcheck disable=SC2016 # $pe_slots is GridEngine's keyword, not a shell variable
  printf 'pe_name smp\nslots 999\nuser_lists NONE\nxuser_lists NONE\nstart_proc_args NONE\nstop_proc_args NONE\nallocation_rule $pe_slots\ncontrol_slaves FALSE\njob_is_first_task TRUE\nurgency_slots min\naccounting_summary FALSE\nqsort_args NONE\n' > "$T/pe"
  q -Ap "$T/pe"
fi
if ! qconf -sq all.q >/dev/null 2>&1; then
  { printf 'qname all.q\nhostlist @allhosts\nseq_no 0\nload_thresholds NONE\nsuspend_thresholds NONE\nnsuspend 1\n'
    printf 'suspend_interval 00:05:00\npriority 0\nmin_cpu_interval 00:05:00\nprocessors UNDEFINED\nqtype BATCH INTERACTIVE\n'
    printf 'ckpt_list NONE\npe_list smp\nrerun FALSE\nslots %s\ntmpdir /tmp\nshell /bin/sh\nprolog NONE\nepilog NONE\n' "$SLOTS"
    printf 'shell_start_mode posix_compliant\nstarter_method NONE\nsuspend_method NONE\nresume_method NONE\nterminate_method NONE\n'
    printf 'notify 00:00:60\nowner_list NONE\nuser_lists NONE\nxuser_lists NONE\nsubordinate_list NONE\ncomplex_values NONE\n'
    printf 'projects NONE\nxprojects NONE\ncalendar NONE\ninitial_state default\n'
    for l in s_rt h_rt s_cpu h_cpu s_fsize h_fsize s_data h_data s_stack h_stack s_core h_core s_rss h_rss s_vmem h_vmem; do
      printf '%s INFINITY\n' "$l"; done; } > "$T/q"
  q -Aq "$T/q"
else   # an older queue: same slots and PE as a new one
  q -mattr queue slots "$SLOTS" all.q
  qconf -sq all.q | grep -E '^pe_list.*\bsmp\b' >/dev/null || q -aattr queue pe_list smp all.q
fi

# The execd starts only now: it reads min_uid at start-up, and jobs run before the change fail (exit 11)
# and put the queue in error state.
setsid env SGE_ND=1 /usr/sbin/sge_execd </dev/null >"$STATE/execd.out" 2>&1 & echo $! > "$STATE/sge_execd.pid"
for i in $(seq 1 120); do
  if ready; then echo "gridengine ready: host $H, $SLOTS slots, pe smp ($(elapsed))"; exit 0; fi
  # a queue left in error state by an earlier instance's failed job would never become ready
  [ "$i" != 20 ] || qmod -c "all.q@$H" >/dev/null 2>&1 || true
  sleep 0.25
done
echo "gridengine not ready after 30 s; qstat and log tails:" >&2
qstat -f >&2 || true
tail -n 15 "$STATE"/*.out /var/spool/gridengine/qmaster/messages /var/spool/gridengine/execd/*/messages >&2 || true
exit 1
