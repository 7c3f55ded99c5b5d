#!/usr/bin/env bash
# An S3-compatible object store for the tests: OpenStack Swift with its s3api middleware, from
# Debian's packages, on 127.0.0.1 without systemd. Four Swift servers (proxy, account, container,
# object) and memcached run as background processes; their pids, logs and data live under one folder.
#
#   bash .ci/swift-s3.sh start|stop|status     (idempotent; `start` installs what is missing and
#                                                waits until the S3 endpoint answers)
#   SWIFT_S3_DIR  where the configuration, data and logs go (default /tmp/swift-s3)
#   SWIFT_S3_PORT the S3 endpoint's port (default 8080)
#
# S3 credentials: access key "test:tester", secret "testing", region us-east-1, path-style URLs.
set -euo pipefail

base=${SWIFT_S3_DIR:-/tmp/swift-s3}
port=${SWIFT_S3_PORT:-8080}
conf=$base/etc
data=$base/srv
run=$base/run
servers='object container account proxy'

install_missing() {
  command -v swift-proxy-server >/dev/null && command -v memcached >/dev/null && command -v curl >/dev/null && return
  local sudo=''
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    swift swift-proxy swift-account swift-container swift-object python3-swift memcached curl
}

# One server's configuration: every server listens on loopback and runs as the current user.
server_conf() { # name port
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = $(id -un)
swift_dir = $conf
devices = $data
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1
EOF
}

configure() {
  mkdir -p "$conf" "$data/d1" "$run"
  # Swift reads /etc/swift/swift.conf before it looks at swift_dir: it must exist.
  if [ ! -f /etc/swift/swift.conf ]; then
    mkdir -p /etc/swift
    printf '[swift-hash]\nswift_hash_path_suffix = ci\n' >/etc/swift/swift.conf
  fi
  cat >"$conf/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = youku-test-suffix
swift_hash_path_prefix = youku-test-prefix

[storage-policy:0]
name = Policy-0
default = yes
EOF
  # s3api before tempauth, which holds the one account the tests use; copy, slo and dlo are what
  # s3api needs for copies and multipart uploads.
  cat >"$conf/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = $(id -un)
swift_dir = $conf
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:11211

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
EOF
  local entry name server_port
  for entry in account:6202 container:6201 object:6200; do
    name=${entry%%:*}
    server_port=${entry##*:}
    server_conf "$name" "$server_port" >"$conf/$name-server.conf"
    [ -f "$conf/$name.ring.gz" ] && continue
    # One device, one replica: a ring of 2^10 partitions is plenty for tests.
    swift-ring-builder "$conf/$name.builder" create 10 1 1 >/dev/null
    swift-ring-builder "$conf/$name.builder" add --region 1 --zone 1 --ip 127.0.0.1 \
      --port "$server_port" --device d1 --weight 100 >/dev/null
    # Exit status 1 is only a warning (a one-device ring cannot be balanced any better).
    swift-ring-builder "$conf/$name.builder" rebalance >/dev/null || [ $? -eq 1 ]
  done
}

# A pid that runs and is not a zombie (an init that reaps late leaves zombies behind for a while).
is_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}
is_up() { [ -f "$run/$1.pid" ] && is_running "$(cat "$run/$1.pid")"; }

launch() { # name command...
  local name=$1
  shift
  is_up "$name" && return
  setsid nohup "$@" >>"$run/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
}

# The storage servers answer HTTP, and the S3 endpoint refuses a bad signature in S3's own XML
# (so s3api and tempauth are both in place).
answers() {
  local server_port
  for server_port in 6200 6201 6202; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$server_port/")" != 000 ] || return 1
  done
  curl -s -H 'Authorization: AWS test:tester:bad' -H "Date: $(date -Ru)" "http://127.0.0.1:$port/" |
    grep -q '<Code>SignatureDoesNotMatch</Code>'
}

start() {
  install_missing
  configure
  launch memcached memcached -l 127.0.0.1 -p 11211 -U 0 -m 64 -u "$(id -un)"
  local name
  for name in $servers; do launch "$name" "swift-$name-server" "$conf/$name-server.conf" -v; done
  for _ in $(seq 1 300); do
    if answers; then
      echo "swift-s3: ready on http://127.0.0.1:$port"
      return 0
    fi
    for name in memcached $servers; do
      is_up "$name" || {
        echo "swift-s3: $name stopped:" >&2
        tail -n 30 "$run/$name.log" >&2
        return 1
      }
    done
    sleep 0.1
  done
  echo "swift-s3: the S3 endpoint did not answer within 30 s" >&2
  tail -n 20 "$run"/*.log >&2
  return 1
}

stop() {
  local name pid
  for name in proxy account container object memcached; do
    [ -f "$run/$name.pid" ] || continue
    pid=$(cat "$run/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      is_running "$pid" || break
      sleep 0.1
    done
    if is_running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$run/$name.pid"
  done
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status) if answers; then echo up; else
  echo down
  exit 1
fi ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
