#!/usr/bin/env bash
# HAProxy in front of several Postern instances (scripts/cluster.sh and the tests), from Debian's
# package, configured in one directory and listening on a loopback port only.
#
#   haproxy.sh start DIR   write DIR/haproxy.cfg and start it (pid in DIR/haproxy.pid)
#   haproxy.sh stop DIR    stop it (by its pid file)
#
# HAPROXY_PORT [3000]; BACKENDS: the instances, "HOST:PORT HOST:PORT…"
# [127.0.0.1:3101 127.0.0.1:3102]. Log (one line per request: server, status, retries,
# timings): DIR/haproxy.log. The configuration is the one docs/deployment.md explains.
#
# The package is unpacked by scripts/debs.sh, not installed (installing starts a system-wide
# HAProxy).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debs.sh
source "$here/debs.sh"
# shellcheck source=servers-common.sh
source "$here/servers-common.sh"

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,13p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
HAPROXY_PORT=${HAPROXY_PORT:-3000}
BACKENDS=${BACKENDS:-127.0.0.1:3101 127.0.0.1:3102}

ROOT="$SERVERS_ROOT/haproxy/root"
export LD_LIBRARY_PATH="$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

configure() {
  {
    cat <<EOT
global
    # Runs in the foreground of its own process group (started below); logs to its stdout.
    log stdout format raw local0
    maxconn 8000
    stats socket $dir/haproxy.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 2s
    timeout client 60s
    # An mbox export or a large upload may take long; each Postern request is bounded itself.
    timeout server 180s
    timeout http-request 30s
    timeout http-keep-alive 10s
    timeout queue 15s
    # A request that could not be delivered is tried again, on another instance.
    retries 3
    option redispatch 1
    # conn-failure: nothing reached the instance (refused: it is stopping or dead) — safe for
    # any request. empty-response, response-timeout: the instance died with the request in
    # hand — retried only for GET and HEAD (below), which change nothing.
    retry-on conn-failure empty-response response-timeout

frontend postern
    bind 127.0.0.1:$HAPROXY_PORT
    option forwardfor
    # A POST that may have reached an instance is never sent twice by the balancer.
    http-request disable-l7-retry if !METH_GET !METH_HEAD
    default_backend instances

backend instances
    balance roundrobin
    # Every request on a connection of its own to the instance: never one sent on a kept-alive
    # connection the instance is just closing (as a stopping instance does).
    option http-server-close
    option httpchk GET /healthz
    http-check expect status 200
    # A dead instance is out after one failed request or two failed checks (1 s apart).
    default-server check inter 1s fastinter 250ms downinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
EOT
    local i=1 backend
    for backend in $BACKENDS; do
      echo "    server postern$i $backend"
      i=$((i + 1))
    done
  } >"$dir/haproxy.cfg"
}

running() {
  [ -f "$dir/haproxy.pid" ] && kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null
}

start() {
  unpack_debs haproxy haproxy
  running && return 0
  configure
  "$ROOT/usr/sbin/haproxy" -c -q -f "$dir/haproxy.cfg" >&2
  # -db: foreground, no daemon, so that its log goes to the file; setsid: its own group.
  setsid "$ROOT/usr/sbin/haproxy" -db -f "$dir/haproxy.cfg" >>"$dir/haproxy.log" 2>&1 </dev/null &
  echo $! >"$dir/haproxy.pid"
  wait_port "$HAPROXY_PORT" || { tail -20 "$dir/haproxy.log" >&2; return 1; }
}

stop() {
  running || { rm -f "$dir/haproxy.pid"; return 0; }
  local pid
  pid=$(cat "$dir/haproxy.pid")
  # SIGUSR1: finish the requests under way, then exit.
  kill -USR1 "$pid"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/haproxy.pid"; return 0; }
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/haproxy.pid"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) sed -n 2,13p "$0" >&2; exit 2 ;;
esac
