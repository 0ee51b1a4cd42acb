#!/usr/bin/env bash
# An Exim 4 submission server as cPanel hosts run it (ports 587 and 26: STARTTLS, then AUTH; 465:
# implicit TLS), from Debian's packages, beside the Dovecot of scripts/mailstack.sh: Exim asks
# that Dovecot to authenticate (over TCP) and delivers to its LMTP. Loopback ports only.
#
#   NO_POSTFIX=1 mailstack.sh start DIR   first: Dovecot (IMAP, LMTP, auth) and DIR/users
#   exim.sh start DIR           write Exim's configuration into DIR/exim and start it
#   exim.sh stop DIR            stop it (Dovecot is left to mailstack.sh stop DIR)
#   exim.sh exim DIR ARG...     run Exim with this configuration (e.g. -bp: the queue)
#
# Ports come from the environment (defaults in brackets, as mailstack.sh's): SUBMISSION_PORT
# [10587], SUBMISSION26_PORT [10026], SMTPS_PORT [10465]; Dovecot's LMTP_PORT [10024] and
# AUTH_PORT [10012]. MAIL_DOMAINS [example.test example.org], MESSAGE_SIZE_LIMIT [52428800],
# CERT_NAME [server17.hosting.test]. Users are mailstack.sh's (DIR/users): a recipient not in it
# is refused at RCPT with cPanel's "550 No Such User Here". TLS: the certificate mailstack.sh
# wrote (DIR/tls/served.crt, DIR/tls/server.key). Logs: DIR/exim/log/{main,reject,panic}log.
#
# Exim cannot be installed beside Postfix (exim4-daemon-heavy conflicts with it): it is unpacked
# (scripts/debs.sh) and run from there. Its binary is setuid root; a setuid start makes ld.so
# ignore LD_LIBRARY_PATH, and the unpacked libraries would not be found when Exim re-executes
# itself to deliver, so the bit is taken off (started by root, Exim needs none). Exim trusts an
# alternative configuration (-C) only if it is listed in /etc/exim4/trusted_configs (Debian's
# compiled-in list): each running stack's configuration is listed there (start adds it, stop
# removes it); otherwise every delivery writes "exim user lost privilege" to the panic log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debs.sh
source "$here/debs.sh"
# shellcheck source=servers-common.sh
source "$here/servers-common.sh"

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,16p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

SUBMISSION_PORT=${SUBMISSION_PORT:-10587}
SUBMISSION26_PORT=${SUBMISSION26_PORT:-10026}
SMTPS_PORT=${SMTPS_PORT:-10465}
LMTP_PORT=${LMTP_PORT:-10024}
AUTH_PORT=${AUTH_PORT:-10012}
MAIL_DOMAINS=${MAIL_DOMAINS:-example.test example.org}
MESSAGE_SIZE_LIMIT=${MESSAGE_SIZE_LIMIT:-52428800}
CERT_NAME=${CERT_NAME:-server17.hosting.test}

ROOT="$SERVERS_ROOT/exim/root"
EXIM="$ROOT/usr/sbin/exim4"
LIBS="$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu:$ROOT/usr/lib"
CONF="$dir/exim/exim.conf"
TRUSTED_CONFIGS=/etc/exim4/trusted_configs

ensure_exim() {
  unpack_debs exim exim4-daemon-heavy exim4-base
  chmod u-s "$EXIM"
  local missing
  missing=$(LD_LIBRARY_PATH=$LIBS ldd "$EXIM" | grep 'not found' || true)
  [ -z "$missing" ] || { echo "exim: libraries missing: $missing" >&2; return 1; }
  # The binary has its user (EXIM_USER) compiled in by name. Parallel stacks may race to make it.
  getent group Debian-exim >/dev/null || groupadd --system Debian-exim 2>/dev/null \
    || getent group Debian-exim >/dev/null
  id Debian-exim >/dev/null 2>&1 || useradd --system -g Debian-exim --no-create-home \
    -d /nonexistent -s /usr/sbin/nologin Debian-exim 2>/dev/null || id Debian-exim >/dev/null
}

exim() { LD_LIBRARY_PATH=$LIBS "$EXIM" -C "$CONF" "$@"; }

# Written at each start (it holds no state): the ports are the environment's of the moment.
write_config() {
  [ -f "$dir/users" ] && [ -s "$dir/tls/served.crt" ] || {
    echo "exim: no DIR/users or DIR/tls/served.crt: run NO_POSTFIX=1 scripts/mailstack.sh start $dir first" >&2
    return 1
  }
  mkdir -p "$dir/exim/spool" "$dir/exim/log" "$dir/exim/tls"
  # Exim writes its spool and logs as Debian-exim (after the daemon forks).
  chown -R Debian-exim:Debian-exim "$dir/exim/spool" "$dir/exim/log"
  chmod 750 "$dir/exim/spool"
  # The key in DIR/tls is root's, mode 600; the process that speaks TLS runs as Debian-exim.
  install -m 644 "$dir/tls/served.crt" "$dir/exim/tls/served.crt"
  install -m 600 -o Debian-exim -g Debian-exim "$dir/tls/server.key" "$dir/exim/tls/server.key"

  local domains
  domains=$(echo $MAIL_DOMAINS | sed 's/ / : /g')
  cat >"$CONF.new" <<EOF
# Written by scripts/exim.sh: a test/demo Exim, submission only (cPanel's ports), loopback only.
primary_hostname = $CERT_NAME
domainlist local_domains = $domains

spool_directory = $dir/exim/spool
log_file_path = $dir/exim/log/%slog
pid_file_path = $dir/exim/exim.pid
log_selector = +smtp_connection +smtp_protocol_error +smtp_syntax_error +tls_cipher +tls_peerdn +incoming_port +subject +received_recipients

local_interfaces = 127.0.0.1
disable_ipv6 = true
daemon_smtp_ports = $SUBMISSION_PORT : $SUBMISSION26_PORT : $SMTPS_PORT
tls_on_connect_ports = $SMTPS_PORT
# Exim re-executes itself (delivery, queue runs): the compiled-in path is /usr/sbin/exim4.
exim_path = $EXIM
# The unpacked libraries' path, for those re-executions.
keep_environment = LD_LIBRARY_PATH
host_lookup =
rfc1413_hosts =

tls_advertise_hosts = *
tls_certificate = $dir/exim/tls/served.crt
tls_privatekey = $dir/exim/tls/server.key
# AUTH is offered only inside TLS (before STARTTLS, AUTH gets "503 AUTH command used when not advertised").
auth_advertise_hosts = \${if eq{\$tls_in_cipher}{}{}{*}}

# cPanel's banner is multi-line.
smtp_banner = "\$smtp_active_hostname ESMTP Exim \$version_number #2 \$tod_full \\nWe do not authorize the use of this system to transport unsolicited, \\nand/or bulk e-mail."

message_size_limit = $MESSAGE_SIZE_LIMIT
acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_mail:
  deny    message = 530 5.7.0 Must issue a STARTTLS command first
          !encrypted = *
  deny    message = 530 5.7.1 Authentication required
          !authenticated = *
  accept

acl_check_rcpt:
  deny    message = 550 5.7.1 Restricted characters in address
          local_parts = ^[.] : ^.*[@%!/|]
  deny    message = 550 5.7.1 Relaying to <\$domain> is not permitted here
          !domains = +local_domains
  # Unknown local users: "550 No Such User Here" (the router's cannot_route_message).
  require verify = recipient
  accept

begin routers

dovecot_user:
  driver = accept
  domains = +local_domains
  condition = \${lookup{\$local_part@\$domain}lsearch{$dir/users}{yes}{no}}
  transport = dovecot_lmtp
  cannot_route_message = No Such User Here

begin transports

dovecot_lmtp:
  driver = smtp
  protocol = lmtp
  hosts = 127.0.0.1
  port = $LMTP_PORT
  allow_localhost
  hosts_avoid_tls = *

begin retry
*   *   F,2h,1m

begin authenticators

dovecot_plain:
  driver = dovecot
  public_name = PLAIN
  server_socket = 127.0.0.1 $AUTH_PORT
  server_set_id = \$auth1

dovecot_login:
  driver = dovecot
  public_name = LOGIN
  server_socket = 127.0.0.1 $AUTH_PORT
  server_set_id = \$auth1
EOF
  # A trusted configuration must be root's and writable by no one else.
  chmod 644 "$CONF.new"
  mv "$CONF.new" "$CONF"
}

# add|remove this stack's configuration in Exim's list of trusted ones. Exim reads the first 32
# entries only: the newest goes first, and entries of stacks whose directory is gone are dropped.
trust_config() {
  local action=$1 lock tmp line
  [ -d /etc/exim4 ] || install -d -m 755 /etc/exim4
  exec {lock}</etc/exim4
  flock "$lock"
  tmp=$(mktemp /etc/exim4/.trusted_configs.XXXXXX)
  if [ "$action" = add ]; then echo "$CONF" >"$tmp"; fi
  if [ -f "$TRUSTED_CONFIGS" ]; then
    while IFS= read -r line; do
      [ "$line" = "$CONF" ] && continue
      case "$line" in */exim/exim.conf) [ -e "$line" ] || continue ;; esac
      printf '%s\n' "$line"
    done <"$TRUSTED_CONFIGS" >>"$tmp"
  fi
  chmod 644 "$tmp"
  mv "$tmp" "$TRUSTED_CONFIGS"
  exec {lock}<&-
}


start_exim() {
  (exec 3<>"/dev/tcp/127.0.0.1/$AUTH_PORT") 2>/dev/null || {
    echo "exim: no Dovecot auth on 127.0.0.1:$AUTH_PORT: run NO_POSTFIX=1 scripts/mailstack.sh start $dir first" >&2
    return 1
  }
  exim -bV >"$dir/exim/check.log" 2>&1 || { cat "$dir/exim/check.log" >&2; return 1; }
  trust_config add
  # -bd: the listening daemon (it puts itself in the background); -q1m: a queue run each minute.
  # The daemon must not inherit our stdout/stderr (a caller reading them would wait for it).
  if ! exim -bd -q1m </dev/null >"$dir/exim/start.log" 2>&1; then
    cat "$dir/exim/start.log" "$dir/exim/log/paniclog" >&2 2>/dev/null || true
    return 1
  fi
  wait_port "$SUBMISSION_PORT"
  wait_port "$SUBMISSION26_PORT"
  wait_port "$SMTPS_PORT"
}

stop_exim() {
  local f="$dir/exim/exim.pid" pid i
  if [ -f "$f" ]; then
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    # Still there after 5 s: it would keep the ports.
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$f"
  fi
  [ ! -f "$TRUSTED_CONFIGS" ] || trust_config remove
}

case "$cmd" in
  start)
    ensure_exim
    stop_exim
    write_config
    start_exim
    ;;
  stop)
    stop_exim
    ;;
  exim)
    shift 2
    exim "$@"
    ;;
  *)
    sed -n 2,16p "$0" >&2
    exit 2
    ;;
esac
