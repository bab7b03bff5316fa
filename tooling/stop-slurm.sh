#!/usr/bin/env bash
# Stop the Slurm that start-slurm.sh started, by the PIDs it recorded in $SLURM_TEST_STATE (never by name:
# another Slurm or MariaDB on this machine is left alone). Compute daemon first, munge last, since the
# others still talk through munge while they shut down. Each gets 10 s after SIGTERM, then SIGKILL.
# Leaves the state, spool and database behind: the next start reuses them (job IDs keep counting).
set -euo pipefail
STATE="${SLURM_TEST_STATE:-/var/spool/slurm-test}"

# shellcheck source=tooling/stop-by-pid.sh
. "$(dirname "$0")/stop-by-pid.sh"
stop_daemons "$STATE" slurm slurmd:10 slurmctld:10 slurmdbd:10 mariadbd:10 munged:10
