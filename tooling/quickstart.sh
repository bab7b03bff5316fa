#!/usr/bin/env bash
# One command from a fresh clone: install, build, and run an example workflow end to end
# (file job store in a temporary folder, single_machine batch system).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash tooling/ensure-pnpm.sh
pnpm install --frozen-lockfile
pnpm exec turbo run build --output-logs=errors-only
STORE="$(mktemp -d)/jobstore"
echo "== toil run e2e/fixtures/workflows.ts $STORE --job fanout --args '[100]'" >&2
node apps/cli/dist/cli.js run e2e/fixtures/workflows.ts "$STORE" --job fanout --args '[100]'
