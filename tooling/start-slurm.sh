#!/usr/bin/env bash
# Start a one-node Slurm on this host for the tests (run as root): munged, MariaDB + slurmdbd (so that sacct
# works; SLURM_ACCOUNTING=0 leaves them out), slurmctld and slurmd, all on 127.0.0.1.
# Installs the Debian packages that are missing. Does nothing when our Slurm is already up.
# Each daemon runs in the foreground (-D and the like) in a session of its own (setsid execs, so $! is the daemon
# itself; a Ctrl-C in the caller's terminal does not reach it); PIDs in $SLURM_TEST_STATE/<daemon>.pid.
# Worked out in design/STACK.md §8 (Debian 12: Slurm 22.05.8, munge 0.5.15, MariaDB 10.11).
set -euo pipefail
STATE="${SLURM_TEST_STATE:-/var/spool/slurm-test}"
ACCT="${SLURM_ACCOUNTING:-1}"
HOST="$(hostname -s)"
CLUSTER=toiltest
T0="$EPOCHREALTIME"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$STATE"
OWN_POLICY=""   # set when this script put in a policy-rc.d for the install (removed on exit)
trap '[ -z "$OWN_POLICY" ] || rm -f /usr/sbin/policy-rc.d' EXIT

# alive NAME: the PID recorded for NAME is a live NAME (not a stale file left by an unclean stop)
alive() {
  local pid; pid="$(cat "$STATE/$1.pid" 2>/dev/null)" || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] && ! grep -q '^State:.*zombie' "/proc/$pid/status" 2>/dev/null
}
node_state() { sinfo -h -N -n "$HOST" -o '%t' 2>/dev/null | head -n 1 || true; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

DAEMONS="munged slurmctld slurmd"; [ "$ACCT" = 1 ] && DAEMONS="munged mariadbd slurmdbd slurmctld slurmd"
up=1
for d in $DAEMONS; do alive "$d" || up=0; done
# Busy (mix/alloc) counts as up too: restarting would kill somebody's jobs. A suffix ("idle*": not
# responding, "drain"...) does not.
if [ "$up" = 1 ]; then
  case "$(node_state)" in idle|mix|alloc) echo "slurm already running: node $HOST $(node_state) ($(elapsed))"; exit 0;; esac
fi
# Half up (a daemon died, the node is down) or not at all: stop what is left of ours and start afresh.
bash "$HERE/stop-slurm.sh"

# --- packages: install only what is missing ---------------------------------------------------------
PKGS="slurm-wlm munge"; [ "$ACCT" = 1 ] && PKGS="$PKGS slurmdbd mariadb-server"
MISSING=""
for p in $PKGS; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || MISSING="$MISSING $p"
done
if [ -n "$MISSING" ]; then
  echo "installing$MISSING (log: $STATE/apt.log)"
  # There is no systemd; policy-rc.d (exit 101) keeps the postinst scripts from starting daemons we don't track.
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; OWN_POLICY=1; }
  # shellcheck disable=SC2086 # MISSING is a list of package names
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $MISSING; } >"$STATE/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/apt.log" >&2; exit 1; }
fi
CPUS="$(nproc)"
MEM_MB="$(awk '/^MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"   # below what slurmd sees, or it drains the node
# Without DefMemPerCPU a job with no --mem is given all the node's memory, so jobs run one at a time.
# batch_sched_delay=0 (slurm.conf below): the default 3 lets sbatch jobs wait up to 3 s before they start.
DEF_MEM=$(( MEM_MB / CPUS < 1024 ? MEM_MB / CPUS : 1024 ))
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm /run/munge /var/lib/munge /var/log/munge

# --- munge: slurm's authentication ------------------------------------------------------------------
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
chmod 400 /etc/munge/munge.key
# --force: start even if a killed munged left its socket behind
setsid setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground --force \
  </dev/null >"$STATE/munged.out" 2>&1 & echo $! > "$STATE/munged.pid"
for _ in $(seq 1 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
munge -n </dev/null | unmunge >/dev/null || { cat "$STATE/munged.out" >&2; exit 1; }

# --- accounting: MariaDB + slurmdbd, only these make sacct work ----------------------------------------
ACCT_CONF="AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"
if [ "$ACCT" = 1 ]; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  setsid /usr/sbin/mariadbd --user=mysql --datadir=/var/lib/mysql --socket=/run/mysqld/mysqld.sock \
    --bind-address=127.0.0.1 --port=3306 </dev/null >"$STATE/mariadbd.out" 2>&1 & echo $! > "$STATE/mariadbd.pid"
  for _ in $(seq 1 150); do mariadb-admin ping >/dev/null 2>&1 && break; sleep 0.2; done
  # root logs in through the Unix socket (unix_socket auth), no password needed
  mariadb -e "CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurmpw';
              GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';" || { tail -n 20 "$STATE/mariadbd.out" >&2; exit 1; }
  cat > /etc/slurm/slurmdbd.conf <<CONF
AuthType=auth/munge
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=6819
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=slurmpw
StorageLoc=slurm_acct_db
PidFile=$STATE/slurmdbd.daemonpid
LogFile=/var/log/slurm/slurmdbd.log
CONF
  chmod 600 /etc/slurm/slurmdbd.conf    # slurmdbd refuses a config with a password that others can read
  setsid /usr/sbin/slurmdbd -D </dev/null >"$STATE/slurmdbd.out" 2>&1 & echo $! > "$STATE/slurmdbd.pid"
  for _ in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/6819) 2>/dev/null && break; sleep 0.2; done
  ACCT_CONF="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=6819
JobAcctGatherType=jobacct_gather/linux"
fi

# --- slurm.conf: one node (this host, its CPUs and 80% of its memory), one partition; defaults left out ---
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=$CLUSTER
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.daemonpid
SlurmdPidFile=$STATE/slurmd.daemonpid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
$ACCT_CONF
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$DEF_MEM
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=300
KillWait=5
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
echo "CgroupPlugin=autodetect" > /etc/slurm/cgroup.conf   # read at start-up, though no cgroup plugin is used
# The cluster must be known to slurmdbd for its jobs to be stored (-i: no prompt; add only when absent).
if [ "$ACCT" = 1 ] && ! sacctmgr -n -P show cluster format=cluster 2>/dev/null | grep -qx "$CLUSTER"; then
  sacctmgr -i add cluster "$CLUSTER" >/dev/null || { tail -n 20 /var/log/slurm/slurmdbd.log "$STATE/slurmdbd.out" >&2; exit 1; }
fi

# --- controller and compute daemon (-i: start even if the saved state is unreadable after a crash) -------
setsid /usr/sbin/slurmctld -D -i </dev/null >"$STATE/slurmctld.out" 2>&1 & echo $! > "$STATE/slurmctld.pid"
setsid /usr/sbin/slurmd -D </dev/null >"$STATE/slurmd.out" 2>&1 & echo $! > "$STATE/slurmd.pid"

st=""
for i in $(seq 1 120); do
  st="$(node_state)"
  case "$st" in
    idle|mix|alloc) echo "slurm ready: node $HOST, $CPUS CPUs, accounting $([ "$ACCT" = 1 ] && echo on || echo off) ($(elapsed))"; exit 0;;
    drain*|down*) if [ "$i" -gt 4 ]; then scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true; fi;;  # left by a crash
  esac
  sleep 0.25
done
echo "slurm did not become ready in 30 s (node state '$st'); log tails:" >&2
tail -n 15 /var/log/slurm/*.log "$STATE"/*.out >&2 || true
exit 1
