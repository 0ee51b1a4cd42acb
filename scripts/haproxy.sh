#!/usr/bin/env bash
# HAProxy in front of several Postern instances (scripts/cluster.sh and the tests), from Debian's
# package, configured in one directory and listening on a loopback port only.
#
#   haproxy.sh start DIR   write DIR/haproxy.cfg and start it (pid in DIR/haproxy.pid)
#   haproxy.sh stop DIR    stop it (by its pid file)
#
# HAPROXY_PORT [3000]; BACKENDS: the instances, "HOST:PORT HOST:PORT…"
# [127.0.0.1:3101 127.0.0.1:3102]. STICKY [1]: a cookie keeps a browser on the instance that
# first served it (saving an IMAP login per instance; a session still works on any instance, and
# moves at once when its instance is down); 0: every request balanced on its own. Log (one line
# per request: server, status, retries, timings): DIR/haproxy.log. The configuration is the one
# docs/deployment.md explains.
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
STICKY=${STICKY:-1}

ROOT="$SERVERS_ROOT/haproxy/root"
export LD_LIBRARY_PATH="$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

configure() {
  {
    cat <<EOT
global
    # Runs in the foreground of its own process group (started below); logs to its stdout.
    # No global maxconn: HAProxy derives it from the file limit (a fixed one above what the
    # limit allows refuses to start).
    log stdout format raw local0
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
    timeout check 2s
    # A request that could not be delivered is tried again, on another instance.
    retries 3
    option redispatch 1
    # conn-failure: nothing reached the instance (refused: it is stopping or dead) — safe for
    # any request. empty-response: the instance died with the request in hand — retried only
    # for GET and HEAD (below), which change nothing. HAProxy itself does not tell a safe
    # method from another: without that rule a POST in flight would be replayed.
    retry-on conn-failure empty-response

frontend postern
    bind 127.0.0.1:$HAPROXY_PORT
    # The first proxy: an X-Forwarded-For the client sent is dropped, then ours is added.
    http-request del-header X-Forwarded-For
    option forwardfor
    # A POST that may have reached an instance is never sent twice by the balancer.
    # (METH_GET matches GET and HEAD.)
    http-request disable-l7-retry unless METH_GET
    default_backend instances

backend instances
    balance roundrobin
    # Every request on a connection of its own to the instance: never one sent on a kept-alive
    # connection the instance is just closing (as a stopping instance does).
    option http-server-close
    option httpchk GET /healthz
    http-check expect status 200
    # A dead instance is out after two failed checks (within about 1.25 s); until then the
    # requests it refuses are redispatched to the others at once. (Marking it down on the
    # first failed request instead, "observe layer4 on-error mark-down", makes that request
    # wait a second before its retry.)
    default-server check inter 1s fastinter 250ms downinter 1s fall 2 rise 2
EOT
    if [ "$STICKY" = 1 ]; then
      cat <<EOT
    # Stickiness: the instance that served a browser first serves it again (its IMAP connection
    # is open there); with redispatch above, a browser whose instance is down moves at once.
    cookie postern_instance insert indirect nocache httponly
EOT
    fi
    local i=1 backend
    for backend in $BACKENDS; do
      if [ "$STICKY" = 1 ]; then
        echo "    server postern$i $backend cookie postern$i"
      else
        echo "    server postern$i $backend"
      fi
      i=$((i + 1))
    done
  } >"$dir/haproxy.cfg"
}


start() {
  unpack_debs haproxy haproxy
  pid_running "$dir/haproxy.pid" && return 0
  configure
  "$ROOT/usr/sbin/haproxy" -c -q -f "$dir/haproxy.cfg" >&2
  # -db: foreground, no daemon, so that its log goes to the file; setsid: its own group.
  setsid "$ROOT/usr/sbin/haproxy" -db -f "$dir/haproxy.cfg" >>"$dir/haproxy.log" 2>&1 </dev/null &
  echo $! >"$dir/haproxy.pid"
  wait_port "$HAPROXY_PORT" || { tail -20 "$dir/haproxy.log" >&2; return 1; }
}

stop() {
  # SIGUSR1: finish the requests under way, then exit.
  stop_pid "$dir/haproxy.pid" USR1 50
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) sed -n 2,13p "$0" >&2; exit 2 ;;
esac
