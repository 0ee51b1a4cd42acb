#!/usr/bin/env bash
# A Redis server for the outage-day deployment (scripts/cluster.sh) and its tests, from Debian's
# package, configured in one directory and listening on a loopback port only.
#
#   redis.sh start DIR        write DIR/redis.conf (once) and start it (pid in DIR/redis.pid)
#   redis.sh stop DIR         stop it (by its pid file)
#   redis.sh restart DIR      stop, then start: what it kept on disk (DIR/data) comes back
#   redis.sh cli DIR ARGS...  redis-cli against it
#
# REDIS_PORT [6390]. Data is kept in an append-only file (DIR/data), so a restart keeps the
# sessions, as a production Redis with persistence would. Log: DIR/redis.log.
#
# The packages (redis-server; its binary is in redis-tools) are unpacked by scripts/debs.sh, not
# installed: installing would start a system-wide Redis the tests do not want.
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
REDIS_PORT=${REDIS_PORT:-6390}

ROOT="$SERVERS_ROOT/redis/root"
export LD_LIBRARY_PATH="$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

configure() {
  [ -f "$dir/redis.conf" ] && return 0
  mkdir -p "$dir/data"
  cat >"$dir/redis.conf" <<EOT
# Postern's session store: loopback only, its own files.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir/data
# Sessions survive a restart of Redis.
appendonly yes
appendfsync everysec
save ""
# Every key Postern writes expires by itself. Full, Redis refuses writes (Postern then says it is
# temporarily unavailable) rather than evicting: evicting would drop login counters and send
# tokens first, the keys nearest to expiry.
maxmemory 256mb
maxmemory-policy noeviction
EOT
}


start() {
  unpack_debs redis redis-server redis-tools
  configure
  pid_running "$dir/redis.pid" && return 0
  "$ROOT/usr/bin/redis-server" "$dir/redis.conf"
  wait_port "$REDIS_PORT" || { tail -20 "$dir/redis.log" >&2; return 1; }
}

stop() {
  stop_pid "$dir/redis.pid" TERM 100
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  cli) shift 2; exec "$ROOT/usr/bin/redis-cli" -h 127.0.0.1 -p "$REDIS_PORT" "$@" ;;
  *) sed -n 2,13p "$0" >&2; exit 2 ;;
esac
