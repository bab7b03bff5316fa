#!/usr/bin/env bash
# Build the container images the tests (and the CWL/WDL suites) name, from Debian packages, and load them into
# podman: no registry is reachable here, so every image must be present locally (../shared/design/CONTAINERS.md).
#   docker.io/library/debian:stable-slim          debootstrap minbase of bookworm, slimmed, imported
#   docker.io/library/ubuntu:{latest,24.04,...}   tags of the debian image (stand-ins: really Debian 12)
#   docker.io/library/bash:4.4                    the debian image + Docker's bash entrypoint logic
#   docker.io/library/python:{3-slim,latest}      the debian image + Debian's python3 (apt inside the build)
#   docker.io/library/alpine:latest               a busybox-static rootfs (no apk, no musl)
# Idempotent: an image already present is skipped, so a second run takes a second or two. MIRROR= overrides the
# Debian mirror (default: the one apt uses). Root only (debootstrap and root podman storage).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
bash "$HERE/ensure-podman.sh"
LIB=docker.io/library
UBUNTU_TAGS="latest 24.04 22.04 20.04 18.04 focal"
has() { podman image exists "$1"; }
missing=0
for img in debian:stable-slim bash:4.4 python:3-slim python:latest alpine:latest; do has "$LIB/$img" || missing=1; done
for t in $UBUNTU_TAGS; do has "$LIB/ubuntu:$t" || missing=1; done
[ "$missing" = 0 ] && exit 0

[ "$(id -u)" = 0 ] || { echo "building images needs root (debootstrap); run: sudo bash $0" >&2; exit 1; }
need=""
command -v debootstrap >/dev/null 2>&1 || need="$need debootstrap"
[ -x /bin/busybox ] && /bin/busybox --list-full >/dev/null 2>&1 && ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
  need="$need busybox-static"
if [ -n "$need" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-cache show debootstrap >/dev/null 2>&1 || apt-get update -q >/dev/null 2>&1
  apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1 || { echo "apt-get install$need failed" >&2; exit 1; }
fi
MIRROR="${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
[ -n "$MIRROR" ] || MIRROR="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
# Private build directory: the rootfs trees hold setuid binaries and must not be world-writable meanwhile.
WORK="$(mktemp -d -t toil-images.XXXXXX)"
chmod 0700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/build.log"
fail() { tail -n 30 "$LOG" >&2; echo "build-images.sh: $1 (mirror $MIRROR)" >&2; exit 1; }

if ! has "$LIB/debian:stable-slim"; then
  echo "building $LIB/debian:stable-slim (debootstrap from $MIRROR, about 30 s)"
  R="$WORK/debian"
  debootstrap --variant=minbase bookworm "$R" "$MIRROR" >>"$LOG" 2>&1 || fail "debootstrap failed"
  # Slim like Docker's -slim images: no package cache, lists, docs, man pages or locales.
  rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/* \
    "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/var/log/*.log "$R"/var/log/apt/*
  find "$R/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  tar --numeric-owner -C "$R" -cf - . | podman import --change 'CMD ["bash"]' - "$LIB/debian:stable-slim" >>"$LOG" 2>&1 ||
    fail "podman import of debian failed"
  rm -rf "$R"
fi
for t in $UBUNTU_TAGS; do has "$LIB/ubuntu:$t" || podman tag "$LIB/debian:stable-slim" "$LIB/ubuntu:$t"; done

if ! has "$LIB/bash:4.4"; then
  echo "building $LIB/bash:4.4"
  D="$WORK/bash"; mkdir -p "$D"
  # The official image's entrypoint logic: no arguments or a leading option runs bash with them, else exec them.
  cat >"$D/docker-entrypoint.sh" <<'SH'
#!/usr/bin/env bash
set -Eeuo pipefail
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then exec bash "$@"; fi
exec "$@"
SH
  chmod 0755 "$D/docker-entrypoint.sh"
  cat >"$D/Containerfile" <<CF
FROM $LIB/debian:stable-slim
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN ln -sf /bin/bash /usr/local/bin/bash
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["bash"]
CF
  podman build --pull=never --network=none -t "$LIB/bash:4.4" "$D" >>"$LOG" 2>&1 || fail "podman build of bash:4.4 failed"
fi

if ! has "$LIB/python:3-slim"; then
  echo "building $LIB/python:3-slim (apt-get inside the build, about 10 s)"
  D="$WORK/python"; mkdir -p "$D"
  cat >"$D/Containerfile" <<CF
FROM $LIB/debian:stable-slim
RUN printf 'deb $MIRROR bookworm main\n' > /etc/apt/sources.list && apt-get update -q && \
    apt-get install -y -q --no-install-recommends python3 && \
    ln -sf /usr/bin/python3 /usr/local/bin/python && ln -sf /usr/bin/python3 /usr/local/bin/python3 && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/*
ENV LANG=C.UTF-8
CMD ["python3"]
CF
  podman build --pull=never --network=host -t "$LIB/python:3-slim" "$D" >>"$LOG" 2>&1 ||
    fail "podman build of python:3-slim failed"
fi
has "$LIB/python:latest" || podman tag "$LIB/python:3-slim" "$LIB/python:latest"

if ! has "$LIB/alpine:latest"; then
  echo "building $LIB/alpine:latest (busybox stand-in)"
  R="$WORK/alpine"
  mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,root,tmp,var/tmp}
  chmod 1777 "$R/tmp" "$R/var/tmp"
  cp /bin/busybox "$R/bin/busybox"
  for a in $(/bin/busybox --list-full); do [ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$R/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
  printf 'NAME="busybox stand-in for alpine (toil tooling/build-images.sh)"\nID=alpine\n' >"$R/etc/os-release"
  tar --numeric-owner -C "$R" -cf - . | podman import --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$LIB/alpine:latest" >>"$LOG" 2>&1 ||
    fail "podman import of alpine failed"
fi
echo "images ready: debian:stable-slim ubuntu:{${UBUNTU_TAGS// /,}} bash:4.4 python:{3-slim,latest} alpine:latest"
