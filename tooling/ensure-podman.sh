#!/usr/bin/env bash
# Make sure podman can run containers on this machine, for @toil/containers and its e2e tests.
# Installs Debian's podman (with runc) only when missing, as root; `apt-get update` runs only when the package
# lists do not know podman yet (a fresh machine). Then makes sure /etc/containers/containers.conf has the
# settings this kind of host needs (STACK.md §11): runc, because crun refuses the v1/v2 hybrid cgroup layout;
# cgroupfs, because there is no systemd; file events for the same reason; and ulimits no higher than the host's,
# because without CAP_SYS_RESOURCE runc cannot raise them. An existing file that already names a runtime is
# left alone (somebody configured this host on purpose). Idempotent: a second run takes well under a second.
set -euo pipefail
# iptables: netavark needs it for any network but none (a Recommends only, so --no-install-recommends skips it).
if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1 || ! command -v iptables >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "podman is not installed and only root can install it: apt-get install podman runc" >&2; exit 1; }
  LOG="$(mktemp -t ensure-podman.XXXXXX.log)"
  echo "installing podman (log: $LOG)"
  export DEBIAN_FRONTEND=noninteractive
  {
    apt-cache show podman >/dev/null 2>&1 || apt-get update -q
    apt-get install -y -q --no-install-recommends podman runc conmon netavark aardvark-dns uidmap iptables
  } >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; exit 1; }
fi
CONF=/etc/containers/containers.conf
if [ "$(id -u)" = 0 ] && ! grep -qs '^[[:space:]]*runtime[[:space:]]*=' "$CONF"; then
  mkdir -p /etc/containers
  nofile="$(ulimit -Hn)"; nproc="$(ulimit -Hu)"
  [ "$nofile" = unlimited ] && nofile=1048576
  [ "$nproc" = unlimited ] || [ "$nproc" -gt 4096 ] && nproc=4096
  [ "$nofile" -gt 20000 ] && nofile=20000
  cat >>"$CONF" <<CONF
# Written by toil's tooling/ensure-podman.sh: runc and cgroupfs for hosts without systemd or with hybrid
# cgroups, ulimits no higher than the host allows.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
podman --version >/dev/null
