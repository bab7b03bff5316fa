#!/usr/bin/env bash
# Make sure `python` and `python3` run: the WDL conformance suites' task commands call them (with
# `--container none` they run on the host; packages/wdl/src/conformance/conformance.test.ts). Installs Debian's
# python3 and python-is-python3 only when missing (as root); apt-get update runs only when the package lists do
# not know them yet (a fresh machine). Idempotent: when both are there it prints nothing and takes milliseconds.
set -euo pipefail
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v python >/dev/null 2>&1 || need+=(python-is-python3)
[ ${#need[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "the WDL conformance tests need ${need[*]} and only root can install them: apt-get install ${need[*]}" >&2; exit 1; }
LOG="$(mktemp -t ensure-python.XXXXXX.log)"
echo "installing ${need[*]} for the WDL conformance tests (log: $LOG)"
export DEBIAN_FRONTEND=noninteractive
{
  apt-cache show "${need[@]}" >/dev/null 2>&1 || apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
} >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; exit 1; }
command -v python >/dev/null 2>&1 || { echo "python was installed but is not on PATH (see $LOG)" >&2; exit 1; }
