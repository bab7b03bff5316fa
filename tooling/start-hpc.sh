#!/usr/bin/env bash
# Start the schedulers the HPC backend tests use, Slurm and GridEngine, each only if it is not already
# running, and list in tooling/.hpc-started the ones this call started (also one that failed half-way), so
# that stop-hpc.sh stops those and leaves alone what was running before (somebody else's).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
LIST="$HERE/.hpc-started"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
: > "$LIST"
status=0
for s in slurm gridengine; do
  if bash "$HERE/start-$s.sh" | tee "$OUT"; then
    grep -q 'already running' "$OUT" || echo "$s" >> "$LIST"
  else
    echo "start-$s.sh failed" >&2
    echo "$s" >> "$LIST"
    status=1
  fi
done
exit "$status"
