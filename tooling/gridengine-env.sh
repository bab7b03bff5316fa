# shellcheck shell=bash
# Source this (`. tooling/gridengine-env.sh`) before qsub/qstat/qacct/qconf talk to the GridEngine that
# tooling/start-gridengine.sh runs. Debian's /etc/services has no sge_qmaster/sge_execd entries, so the
# ports must be given to the daemons and to every client command alike.
export SGE_ROOT=/var/lib/gridengine
export SGE_CELL=default
export SGE_QMASTER_PORT=6444
export SGE_EXECD_PORT=6445
