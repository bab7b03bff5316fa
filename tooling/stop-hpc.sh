#!/usr/bin/env bash
# Stop the schedulers that the last start-hpc.sh call started (listed in tooling/.hpc-started), no others.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
LIST="$HERE/.hpc-started"
[ -s "$LIST" ] || { rm -f "$LIST"; exit 0; }
status=0
while read -r s; do
  case "$s" in slurm|gridengine) bash "$HERE/stop-$s.sh" </dev/null || status=1;; esac
done < "$LIST"
rm -f "$LIST"
exit "$status"
