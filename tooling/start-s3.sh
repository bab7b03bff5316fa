#!/usr/bin/env bash
# Start a throwaway S3 server for the tests of @toil/jobstore-aws: Debian's Ceph radosgw on one host (one mon, one
# memstore OSD so the objects live in RAM, radosgw's beast frontend), everything on 127.0.0.1 and under a private
# 0700 directory, $TOIL_S3_DIR (default /tmp/toil-s3-<uid>). Installs the Debian packages when missing (as root).
# Settings and caveats: /work/shared/design/S3-RADOSGW.md (paxos tweak: S3-ready in ~3 s instead of 13 s).
#
# Writes $TOIL_S3_DIR/env (0600): TOIL_S3_HOST, TOIL_S3_PORT, TOIL_S3_USE_SSL, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_REGION, as KEY=value lines that tests read (or `set -a; . env`). Idempotent: when its
# server answers already, it prints "S3 already running" and changes nothing; otherwise it prints "S3 started ...".
# Stop with stop-s3.sh (by recorded PID). Ports: RGW_PORT (7480), MON_V2_PORT (40300), MON_V1_PORT (40789).
set -euo pipefail
DIR=${TOIL_S3_DIR:-/tmp/toil-s3-$(id -u)}
RGW_PORT=${RGW_PORT:-7480}
MON_V2_PORT=${MON_V2_PORT:-40300}
MON_V1_PORT=${MON_V1_PORT:-40789}

# running PID: PID is a live process of this cluster (its command line names our ceph.conf), not a reused number.
running() {
  [ -r "/proc/$1/cmdline" ] && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$1/cmdline" | grep -q -- "$DIR/ceph.conf"
}
all_running() {
  [ -s "$DIR/pids" ] || return 1
  local name pid
  while read -r name pid; do running "$pid" || return 1; done <"$DIR/pids"
}

if [ -e "$DIR" ] && [ "$(stat -c %u "$DIR")" != "$(id -u)" ]; then
  echo "refusing: $DIR belongs to another user; set TOIL_S3_DIR to a directory of your own" >&2
  exit 1
fi
if all_running && [ -s "$DIR/env" ] && curl -sf -o /dev/null "http://127.0.0.1:$RGW_PORT/"; then
  echo "S3 already running at http://127.0.0.1:$RGW_PORT (env in $DIR/env)"
  exit 0
fi
# Leftovers of a crashed or half-stopped cluster: stop what is ours, then start from an empty directory.
[ -e "$DIR" ] && TOIL_S3_DIR="$DIR" bash "$(dirname "$0")/stop-s3.sh" >/dev/null

PACKAGES=(ceph-mon ceph-osd radosgw ceph-common)
if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null ||
  ! command -v radosgw-admin >/dev/null || ! command -v curl >/dev/null; then
  echo "installing ${PACKAGES[*]} (Debian packages, about 70 s and 300 MB the first time)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" curl >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" curl >/dev/null; }
fi

for port in "$RGW_PORT" "$MON_V2_PORT" "$MON_V1_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "refusing: 127.0.0.1:$port is in use by another program; set RGW_PORT/MON_V2_PORT/MON_V1_PORT" >&2
    exit 1
  fi
done
umask 077
mkdir -p -m 0700 "$DIR"
chmod 0700 "$DIR"
mkdir -p "$DIR"/{mon.a,osd.0,rgw,run,log}
CONF="$DIR/ceph.conf"
FSID=$(cat /proc/sys/kernel/random/uuid)
t0=$(date +%s.%N)
sed -e "s|@DIR@|$DIR|g" -e "s|@FSID@|$FSID|g" -e "s|@RGW_PORT@|$RGW_PORT|g" \
  -e "s|@MON_V2_PORT@|$MON_V2_PORT|g" -e "s|@MON_V1_PORT@|$MON_V1_PORT|g" \
  "$(dirname "$0")/s3/ceph.conf.in" >"$CONF"

C=(-c "$CONF")
: >"$DIR/pids"
# On any failure: kill what this call started (by recorded PID) and keep the logs for diagnosis.
fail() {
  local rc=$?
  [ "$rc" = 0 ] && return
  echo "S3 server failed to start (exit $rc); logs in $DIR/log" >&2
  tac "$DIR/pids" | while read -r _ pid; do running "$pid" && kill -KILL "$pid" 2>/dev/null; done || true
}
trap fail EXIT
startd() { # NAME CMD...: the daemon in the foreground (-f), detached, its exact PID recorded
  local name=$1
  shift
  setsid "$@" </dev/null >>"$DIR/log/$name.stdout" 2>&1 &
  echo "$name $!" >>"$DIR/pids"
}
waitfor() { # DESC TIMEOUT_S CMD...: poll until CMD succeeds; fail fast when a daemon died
  local desc=$1 end=$(($(date +%s) + $2)) name pid
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || { echo "timed out waiting for $desc" >&2; return 1; }
    while read -r name pid; do running "$pid" || { echo "$name exited; see $DIR/log/" >&2; return 1; }; done <"$DIR/pids"
    sleep 0.2
  done
}

ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]" \
  "$DIR/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring"
startd mon.a ceph-mon "${C[@]}" -f -i a
waitfor mon 30 timeout 5 ceph "${C[@]}" --connect-timeout 5 mon stat

OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(ceph "${C[@]}" osd new "$OSD_UUID")
[ "$OSD_ID" = 0 ] || { echo "unexpected osd id $OSD_ID" >&2; exit 1; }
ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$OSD_UUID" >>"$DIR/log/osd.0.mkfs" 2>&1
startd osd.0 ceph-osd "${C[@]}" -f -i 0
waitfor osd 60 sh -c "ceph -c '$CONF' osd dump 2>/dev/null | grep -q '^osd.0 up'"

startd rgw.a radosgw "${C[@]}" -f -n client.rgw.a
waitfor radosgw 120 curl -sf -o /dev/null "http://127.0.0.1:$RGW_PORT/"

# Fresh random keys per cluster: nothing secret is fixed in the repository, and the env file is 0600.
ACCESS=$(head -c 15 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
SECRET=$(head -c 30 /dev/urandom | base64 | tr -d '/+=\n')
radosgw-admin "${C[@]}" user create --uid=toil-test --display-name=toil-test \
  --access-key="$ACCESS" --secret="$SECRET" >"$DIR/log/user-create.json"
cat >"$DIR/env.tmp" <<ENV
TOIL_S3_HOST=127.0.0.1
TOIL_S3_PORT=$RGW_PORT
TOIL_S3_USE_SSL=False
AWS_ACCESS_KEY_ID=$ACCESS
AWS_SECRET_ACCESS_KEY=$SECRET
AWS_REGION=us-east-1
ENV
chmod 0600 "$DIR/env.tmp"
mv "$DIR/env.tmp" "$DIR/env"
awk -v a="$t0" -v b="$(date +%s.%N)" -v p="$RGW_PORT" -v d="$DIR" \
  'BEGIN{printf "S3 started at http://127.0.0.1:%s after %.1f s (env in %s/env)\n", p, b-a, d}'
