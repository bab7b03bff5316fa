#!/usr/bin/env bash
# Start the cluster test rig (@toil/cloud-rig): its bridge, the fake EC2 API whose instances are real
# network-namespace hosts, and (unless TOIL_RIG_S3=0) the test S3 server (tooling/start-s3.sh) forwarded to the
# bridge address so cluster hosts reach it. Prints `export` lines on stdout:
#   eval "$(bash tooling/start-cloud-rig.sh)"
# Settings: TOIL_RIG_ID (main), TOIL_RIG_SUBNET (0: 10.77.0.0/24), TOIL_RIG_PORT (8773), TOIL_RIG_PUBLIC_KEY
# (a public key file imported as key pair TOIL_RIG_KEY_NAME, default toil-rig; ~/.ssh/id_ed25519.pub when it
# exists). Idempotent: a running rig's exports are printed again. Stop with tooling/stop-cloud-rig.sh.
# Needs root (network namespaces); state in /tmp/toil-cloud-rig-<uid>/<id> (0700).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export TOIL_RIG_ID=${TOIL_RIG_ID:-main} TOIL_RIG_SUBNET=${TOIL_RIG_SUBNET:-0}
STATE="/tmp/toil-cloud-rig-$(id -u)/$TOIL_RIG_ID"
RIG="$ROOT/packages/cloud-rig/dist/cli.js"
[ -f "$RIG" ] || { echo "the rig is not built: pnpm --filter @toil/cloud-rig build" >&2; exit 1; }
bash "$ROOT/tooling/ensure-cloud-rig.sh" >&2

# running PID: a live process of this rig's daemon (not a reused number)
running() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q "cloud-rig/dist/cli.js serve"; }
if [ -s "$STATE/serve.pid" ] && running "$(cat "$STATE/serve.pid")" && [ -s "$STATE/env" ]; then
  echo "cloud rig $TOIL_RIG_ID already running (pid $(cat "$STATE/serve.pid"))" >&2
  cat "$STATE/env"
  exit 0
fi
node "$RIG" sweep >&2 # leftovers of a killed run
umask 077
mkdir -p -m 0700 "$STATE"
rm -f "$STATE/env" "$STATE/s3.started"
if [ "${TOIL_RIG_S3:-1}" = 1 ]; then
  s3_out=$(bash "$ROOT/tooling/start-s3.sh")
  echo "$s3_out" >&2
  case "$s3_out" in *'S3 started'*) touch "$STATE/s3.started" ;; esac
  S3_ENV="${TOIL_S3_DIR:-/tmp/toil-s3-$(id -u)}/env"
  # The rig accepts the S3 server's credentials, so one set of AWS_* variables serves both.
  TOIL_RIG_ACCESS_KEY=$(sed -n 's/^AWS_ACCESS_KEY_ID=//p' "$S3_ENV")
  TOIL_RIG_SECRET_KEY=$(sed -n 's/^AWS_SECRET_ACCESS_KEY=//p' "$S3_ENV")
  TOIL_RIG_S3_PORT=$(sed -n 's/^TOIL_S3_PORT=//p' "$S3_ENV")
  export TOIL_RIG_ACCESS_KEY TOIL_RIG_SECRET_KEY TOIL_RIG_S3_PORT
fi
if [ -z "${TOIL_RIG_PUBLIC_KEY:-}" ] && [ -f "$HOME/.ssh/id_ed25519.pub" ]; then export TOIL_RIG_PUBLIC_KEY="$HOME/.ssh/id_ed25519.pub"; fi
setsid node "$RIG" serve </dev/null >>"$STATE/serve.out" 2>&1 &
echo $! >"$STATE/serve.pid"
for _ in $(seq 1 100); do [ -s "$STATE/env" ] && break; running "$(cat "$STATE/serve.pid")" || break; sleep 0.1; done
if [ ! -s "$STATE/env" ]; then
  echo "the cloud rig did not start (see $STATE/serve.out):" >&2
  tail -n 5 "$STATE/serve.out" >&2
  exit 1
fi
# The CLI does not depend on the provisioners (plugins, as batch systems are): name this checkout's builds.
echo "export TOIL_PLUGINS='$ROOT/packages/provisioner-gce/dist/index.js,$ROOT/packages/provisioner-aws/dist/index.js'" >>"$STATE/env"
echo "cloud rig $TOIL_RIG_ID started (pid $(cat "$STATE/serve.pid"))" >&2
cat "$STATE/env"
