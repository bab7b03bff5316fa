#!/usr/bin/env bash
# Stop the GridEngine that start-gridengine.sh started, by the PIDs it recorded in $SGE_TEST_STATE (never
# by name). The execd first (under 1 s), then the qmaster, whose controlled shutdown took 7-10 s here
# (STACK.md saw 3-5 s): the execd gets 10 s after SIGTERM, the qmaster 15 s, then SIGKILL.
# The cell, its config, the spool and the accounting file stay for the next start.
set -euo pipefail
STATE="${SGE_TEST_STATE:-/var/spool/sge-test}"

# shellcheck source=tooling/stop-by-pid.sh
. "$(dirname "$0")/stop-by-pid.sh"
stop_daemons "$STATE" gridengine sge_execd:10 sge_qmaster:15
