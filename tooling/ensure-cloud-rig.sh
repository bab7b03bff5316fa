#!/usr/bin/env bash
# Install what @toil/cloud-rig's hosts need (network namespaces, a real sshd per host, rsync for rsync-cluster),
# as root, only when missing; `apt-get update` runs only when the package lists do not know a package yet (a fresh
# machine). Idempotent: when everything is there it takes a few milliseconds and prints nothing.
set -euo pipefail
need=()
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v nsenter >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
command -v busybox >/dev/null 2>&1 || need+=(busybox)
[ ${#need[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "the cloud rig needs ${need[*]} and only root can install them: apt-get install ${need[*]}" >&2; exit 1; }
LOG="$(mktemp -t ensure-cloud-rig.XXXXXX.log)"
echo "installing ${need[*]} for the cloud rig (log: $LOG)"
export DEBIAN_FRONTEND=noninteractive
{
  apt-cache show "${need[@]}" >/dev/null 2>&1 || apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
} >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; exit 1; }
