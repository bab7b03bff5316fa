#!/usr/bin/env bash
# The whole test suite: install, build, lint, type-check, unit and contract tests of every package, and e2e.
# Ends with one plain line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash tooling/ensure-pnpm.sh || exit 1
pnpm install --frozen-lockfile || exit 1
rm -rf .vitest-results && mkdir -p .vitest-results
status=0
pnpm exec turbo run build --output-logs=errors-only || status=1
pnpm exec prettier --check . --log-level warn || { echo "formatting differs from Prettier: run 'pnpm format'"; status=1; }
# Type-aware lint holds every package's TypeScript program at once; @google-cloud/compute's generated types alone
# are tens of megabytes, and the whole run peaks near 6 GiB, past Node's default 4 GiB heap.
NODE_OPTIONS="--max-old-space-size=8192" pnpm exec eslint . || { echo "lint failed"; status=1; }
pnpm exec turbo run typecheck --output-logs=errors-only || status=1
# Slurm and GridEngine for the HPC backend tests: started here unless already running, and what this run
# started is stopped again (also on Ctrl-C or an early exit), before the summary so that it stays last.
trap 'bash tooling/stop-hpc.sh; [ -z "${s3_started:-}" ] || bash tooling/stop-s3.sh' EXIT
bash tooling/start-hpc.sh || { echo "HPC schedulers failed to start (see above)"; status=1; }
# The S3 server (Ceph radosgw) of the @toil/jobstore-aws tests, likewise: stopped at the end only if started here.
s3_out=$(bash tooling/start-s3.sh) || { echo "S3 server failed to start (see above)"; status=1; }
echo "$s3_out"; case "$s3_out" in *'S3 started'*) s3_started=1 ;; esac
# Chromium for the headless-browser test of `toil status --serve` (installed only when missing).
bash tooling/ensure-chromium.sh || { echo "chromium could not be installed (see above)"; status=1; }
# Podman and the container images of the container tests, built from Debian packages only when missing.
bash tooling/build-images.sh || { echo "container images could not be built (see above)"; status=1; }
# iproute2, openssh-server, rsync for the cluster rig's network-namespace hosts (installed only when missing).
bash tooling/ensure-cloud-rig.sh || { echo "the cloud rig's packages could not be installed (see above)"; status=1; }
# python3 and python-is-python3 for the WDL conformance suites' task commands (installed only when missing).
bash tooling/ensure-python.sh || { echo "python could not be installed (see above)"; status=1; }
# Each package's vitest also writes a JSON report; the totals below come from those.
VITEST_JSON_DIR="$PWD/.vitest-results" pnpm exec turbo run test --concurrency=1 --continue --env-mode=loose || status=1
bash tooling/stop-hpc.sh; [ -z "${s3_started:-}" ] || bash tooling/stop-s3.sh; trap - EXIT
node tooling/summarize-tests.mjs .vitest-results "$status"
