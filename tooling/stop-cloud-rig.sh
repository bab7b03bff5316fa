#!/usr/bin/env bash
# Stop the cluster test rig started by tooling/start-cloud-rig.sh (same TOIL_RIG_ID): its daemon by recorded PID
# (it terminates every instance, so every host, and removes the bridge), then a sweep of anything a killed run
# left (hosts, namespaces, veths, the bridge), then the S3 server if start-cloud-rig.sh started it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export TOIL_RIG_ID=${TOIL_RIG_ID:-main} TOIL_RIG_SUBNET=${TOIL_RIG_SUBNET:-0}
STATE="/tmp/toil-cloud-rig-$(id -u)/$TOIL_RIG_ID"
running() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q "cloud-rig/dist/cli.js serve"; }
if [ -s "$STATE/serve.pid" ]; then
  pid=$(cat "$STATE/serve.pid")
  if running "$pid"; then
    kill "$pid"
    for _ in $(seq 1 300); do running "$pid" || break; sleep 0.1; done
    running "$pid" && { echo "rig daemon $pid still running after 30 s; SIGKILL" >&2; kill -9 "$pid"; }
  fi
  rm -f "$STATE/serve.pid"
fi
[ -f "$ROOT/packages/cloud-rig/dist/cli.js" ] && node "$ROOT/packages/cloud-rig/dist/cli.js" sweep
if [ -f "$STATE/s3.started" ]; then bash "$ROOT/tooling/stop-s3.sh"; fi
rm -rf "$STATE"
echo "cloud rig $TOIL_RIG_ID stopped"
