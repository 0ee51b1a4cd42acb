#!/usr/bin/env bash
# The outage-day deployment on one machine, against the demo mail stack (as scripts/demo.sh):
# Redis, two Postern instances sharing it, HAProxy in front on http://127.0.0.1:3000. Runs in
# the foreground; Ctrl-C stops Redis, the instances and HAProxy (the mail stack stays, as with
# demo.sh).
#
#   scripts/cluster.sh [--release]   build, start everything, wait
#   scripts/cluster.sh stop          stop what an interrupted run left
#
# Try it: log in, then `kill -9` one instance (pids in /tmp/postern-cluster/*.pid) and go on
# clicking: the other serves the same session (and the killed one is started again). Files in /tmp/postern-cluster: redis/, haproxy/
# (haproxy.log: which instance answered each request), postern-1.log, postern-2.log.
# Ports: HAProxy 3000, instances 3101 and 3102, Redis 6390, metrics 9101 and 9102.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${TMPDIR:-/tmp}/postern-cluster
export REDIS_PORT=6390 HAPROXY_PORT=3000 BACKENDS="127.0.0.1:3101 127.0.0.1:3102"

stop_all() {
  local pidfile
  scripts/haproxy.sh stop "$dir/haproxy" || true
  for pidfile in "$dir"/postern-*.pid; do
    [ -f "$pidfile" ] || continue
    # SIGTERM: each instance drains and logs its IMAP connections out.
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  sleep 1
  scripts/redis.sh stop "$dir/redis" || true
}

if [ "${1:-}" = "stop" ]; then
  stop_all
  exit 0
fi

# shellcheck source=demo-stack.sh
source scripts/demo-stack.sh "$@"
mkdir -p "$dir"
scripts/redis.sh start "$dir/redis"
export POSTERN_SESSION_STORE="redis://127.0.0.1:$REDIS_PORT/0"
# HAProxy names the client in X-Forwarded-For; the login throttle counts that address.
export POSTERN_TRUSTED_PROXY=127.0.0.1
trap 'echo; echo "stopping the cluster"; stop_all; exit 0' INT TERM
# Instance N listens on 310N, its metrics on 910N.
start_instance() {
  local n=$1
  LEPTOS_SITE_ADDR=127.0.0.1:$((3100 + n)) POSTERN_METRICS_ADDR=127.0.0.1:$((9100 + n)) \
    "$postern_bin" >>"$dir/postern-$n.log" 2>&1 &
  echo $! >"$dir/postern-$n.pid"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$((3100 + n))") 2>/dev/null && return 0
    sleep 0.1
  done
}
start_instance 1
start_instance 2
scripts/haproxy.sh start "$dir/haproxy"
demo_banner " (Redis + 2 instances + HAProxy)"
echo "  Instances: 127.0.0.1:3101 (pid $(cat "$dir/postern-1.pid")), 127.0.0.1:3102 (pid $(cat "$dir/postern-2.pid"))"
echo "  Logs: $dir    Ctrl-C stops the cluster."
# An instance that dies is started again, as systemd's Restart=always does in production.
while true; do
  for n in 1 2; do
    if ! kill -0 "$(cat "$dir/postern-$n.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
      echo "  instance $n stopped; starting it again"
      start_instance "$n"
    fi
  done
  sleep 1
done
