#!/usr/bin/env bash
# Make sure Debian's chromium is installed: e2e/tests/status-serve.test.ts opens `toil status --serve` in a
# headless browser. Installs only when missing (as root); apt-get update runs only when the package lists do
# not know chromium yet (a fresh machine), because an update takes longer than the install check.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
LOG="$(mktemp -t ensure-chromium.XXXXXX.log)"
echo "installing chromium (log: $LOG)"
export DEBIAN_FRONTEND=noninteractive
{
  apt-cache show chromium >/dev/null 2>&1 || apt-get update -q
  apt-get install -y -q chromium
} >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; exit 1; }
command -v chromium >/dev/null 2>&1 || { echo "chromium was installed but is not on PATH (see $LOG)" >&2; exit 1; }
