# Sourced by the test servers' scripts (mailstack.sh, exim.sh, courier.sh, cyrus.sh, redis.sh,
# haproxy.sh): what they all need besides their own server.

# Waits (up to 10 s) until something listens on 127.0.0.1:PORT.
wait_port() {
  local port=$1 i
  for i in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$(basename "$0" .sh): nothing listens on 127.0.0.1:$port" >&2
  return 1
}

# The system user that owns the test mailboxes.
ensure_mail_user() {
  # Several stacks may start at once (parallel tests): another one may create it meanwhile.
  id vmail >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin vmail \
    2>/dev/null || id vmail >/dev/null
}

# Whether the process named in pid file $1 runs.
pid_running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Stops the process named in pid file $1 with signal $2, waiting up to $3 tenths of a second
# before SIGKILL; the pid file is removed.
stop_pid() {
  local file=$1 signal=$2 tenths=$3 pid
  pid_running "$file" || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  kill "-$signal" "$pid"
  for _ in $(seq 1 "$tenths"); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}
