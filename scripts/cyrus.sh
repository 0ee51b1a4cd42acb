#!/usr/bin/env bash
# A Cyrus IMAP server for tests, from Debian's packages, configured in one directory and
# listening on loopback ports only.
#
#   cyrus.sh start DIR                     write the configuration into DIR (once) and start it
#   cyrus.sh stop DIR                      stop it
#   cyrus.sh adduser DIR ADDRESS PASSWORD  a user (DIR/sasldb2) and its INBOX, made by a first
#                                          login as the user: now, or at the next start
#   cyrus.sh admin DIR 'IMAP COMMAND'...   run commands as the admin (e.g. SETQUOTA), print answers
#
# Ports come from the environment (defaults in brackets, as mailstack.sh's): IMAP_PORT [10143]
# (STARTTLS; no plaintext LOGIN before it), IMAPS_PORT [10993] (implicit TLS), LMTP_PORT [10024]
# (LMTP, no authentication); SIEVE_PORT (ManageSieve) only when set. CYRUS_LAYOUT [debian]:
# "debian" = folders under INBOX. with "." as separator (Debian's imapd.conf); "upstream" = "/"
# and folders beside INBOX (Cyrus 3's defaults). CYRUS_AUTOCREATE_FOLDERS
# [Drafts|Sent|Junk|Trash|Archive; "" for none]: made with their special-use flags and subscribed
# with the INBOX, as a hosting server has them. CYRUS_DELETE_MODE [immediate] (or delayed: a
# deleted folder goes to DELETED.*). The certificate is mailstack.sh's (CERT_SHAPE [ca],
# CERT_NAME [server17.hosting.test]; tls/server.crt, tls/served.crt, tls/ca.crt). The admin is
# "cyrusadmin", its password in DIR/admin.password. Logs: DIR/cyrus.log, DIR/master.log.
#
# Cyrus cannot be installed beside Dovecot (cyrus-imapd conflicts with imap-server): it is unpacked
# (scripts/debs.sh) and run from there, with SASL's PLAIN and LOGIN plugins unpacked too
# (SASL_PATH). Cyrus will not run as root: master drops to the user `cyrus` (group mail), made
# here if missing. Cyrus logs only through syslog(3); where no syslog daemon listens, a small
# preloaded library (built with cc, if there is one) writes those lines to DIR/cyrus.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debs.sh
source "$here/debs.sh"
# shellcheck source=servers-common.sh
source "$here/servers-common.sh"

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,20p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

IMAP_PORT=${IMAP_PORT:-10143}
IMAPS_PORT=${IMAPS_PORT:-10993}
LMTP_PORT=${LMTP_PORT:-10024}
SIEVE_PORT=${SIEVE_PORT:-}
LAYOUT=${CYRUS_LAYOUT:-debian}
DELETE_MODE=${CYRUS_DELETE_MODE:-immediate}
AUTOCREATE=${CYRUS_AUTOCREATE_FOLDERS-Drafts|Sent|Junk|Trash|Archive}
CERT_NAME=${CERT_NAME:-server17.hosting.test}
CERT_SHAPE=${CERT_SHAPE:-ca}
ADMIN=cyrusadmin

ROOT="$SERVERS_ROOT/cyrus/root"
BIN=$ROOT/usr/lib/cyrus/bin
LIBS=$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu
export SASL_PATH=$ROOT/usr/lib/x86_64-linux-gnu/sasl2

case "$LAYOUT" in debian|upstream) ;; *) echo "cyrus: CYRUS_LAYOUT is debian or upstream" >&2; exit 2 ;; esac

# The certificate shapes are mailstack.sh's (certificates.sh).
# shellcheck source=certificates.sh
source "$here/certificates.sh"

ensure_cyrus() {
  # libclamav12 (cyr_virusscan) and libzephyr4 (notifyd) are of parts not used here.
  unpack_debs cyrus cyrus-imapd cyrus-common sasl2-bin libsasl2-modules libsasl2-modules-db \
    -libclamav12 -libzephyr4
  local b missing
  for b in "$BIN/master" "$BIN/imapd" "$BIN/lmtpd" "$BIN/timsieved" "$BIN/ctl_cyrusdb" "$ROOT/usr/sbin/saslpasswd2"; do
    missing=$(LD_LIBRARY_PATH=$LIBS ldd "$b" | grep 'not found' || true)
    [ -z "$missing" ] || { echo "cyrus: libraries missing for $b: $missing" >&2; return 1; }
  done
  # master, started as root, drops to cyrus_user. Parallel stacks may race to make it.
  id cyrus >/dev/null 2>&1 || useradd --system --gid mail --no-create-home \
    --home-dir /nonexistent --shell /usr/sbin/nologin cyrus 2>/dev/null || id cyrus >/dev/null
}

# The syslog(3) replacement, preloaded: it appends each line to $SYSLOG_FILE. Prints the
# library's path, or nothing without a C compiler (Cyrus is silent then).
ensure_shim() {
  local so="$dir/run/syslogfile.so"
  [ -f "$so" ] && { echo "$so"; return 0; }
  command -v cc >/dev/null || return 0
  cat >"$dir/run/syslogfile.c" <<'EOF'
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
static const char *ident = "?";
void openlog(const char *i, int o, int f) { (void)o; (void)f; if (i) ident = i; }
void closelog(void) {}
void vsyslog(int pri, const char *fmt, va_list ap) {
  const char *path = getenv("SYSLOG_FILE");
  if (!path) return;
  char msg[8192]; int n; time_t t = time(NULL); struct tm tm; localtime_r(&t, &tm);
  n = strftime(msg, sizeof msg, "%H:%M:%S ", &tm);
  n += snprintf(msg + n, sizeof msg - n, "%s[%d] <%d>: ", ident, (int)getpid(), pri & 7);
  if (n < (int)sizeof msg) n += vsnprintf(msg + n, sizeof msg - n, fmt, ap);
  if (n >= (int)sizeof msg - 1) n = sizeof msg - 2;
  msg[n++] = '\n';
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) { ssize_t w = write(fd, msg, n); (void)w; close(fd); }
}
void syslog(int pri, const char *fmt, ...) { va_list ap; va_start(ap, fmt); vsyslog(pri, fmt, ap); va_end(ap); }
void __syslog_chk(int pri, int flag, const char *fmt, ...) { (void)flag; va_list ap; va_start(ap, fmt); vsyslog(pri, fmt, ap); va_end(ap); }
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap) { (void)flag; vsyslog(pri, fmt, ap); }
EOF
  cc -O2 -shared -fPIC -o "$so" "$dir/run/syslogfile.c" 2>"$dir/run/shim.log" && echo "$so"
}

saslpasswd() { LD_LIBRARY_PATH=$LIBS "$ROOT/usr/sbin/saslpasswd2" "$@"; }

write_config() {
  [ -f "$dir/imapd.conf" ] && return 0
  # The servers drop privileges: the directory must be traversable by them.
  chmod 755 "$dir"
  mkdir -p "$dir/conf" "$dir/spool" "$dir/sieve" "$dir/run" "$dir/tls"
  # What Debian's cyrus-makedirs would make in configdirectory (it reads only /etc/imapd.conf).
  local i
  for i in db proc socket log msg user quota lock; do mkdir -p "$dir/conf/$i"; done
  chown -R cyrus:mail "$dir/conf" "$dir/spool" "$dir/sieve" "$dir/run"
  chmod 750 "$dir/conf" "$dir/spool" "$dir/sieve"
  if [ ! -s "$dir/tls/server.crt" ]; then
    write_certificates "$CERT_SHAPE"
    # imapd reads the key as cyrus.
    chown cyrus:mail "$dir/tls/server.key"
  fi
  local altns=no sep=no
  [ "$LAYOUT" = upstream ] && { altns=yes; sep=yes; }
  head -c 12 /dev/urandom | base64 | tr -d '/+=' >"$dir/admin.password"
  chmod 600 "$dir/admin.password"

  cat >"$dir/imapd.conf" <<EOF
# Written by scripts/cyrus.sh: a test Cyrus IMAP on loopback ports.
cyrus_user: cyrus
cyrus_group: mail
servername: $CERT_NAME
configdirectory: $dir/conf
proc_path: $dir/conf/proc
mboxname_lockpath: $dir/conf/lock
partition-default: $dir/spool
defaultpartition: default
sievedir: $dir/sieve
lmtpsocket: $dir/conf/socket/lmtp
idlesocket: $dir/conf/socket/idle
notifysocket: $dir/conf/socket/notify
admins: $ADMIN
virtdomains: userid
altnamespace: $altns
unixhierarchysep: $sep
delete_mode: $DELETE_MODE
expunge_mode: delayed
# Like mailstack.sh's Dovecot: no plaintext password before TLS (LOGINDISABLED until STARTTLS).
allowplaintext: no
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: $dir/sasldb2
sasl_mech_list: PLAIN LOGIN
sasl_auto_transition: no
tls_server_cert: $dir/tls/served.crt
tls_server_key: $dir/tls/server.key
tls_sessions_db_path: $dir/conf/tls_sessions.db
# The INBOX is made at the user's first login (adduser logs in once); no quota. Not at LMTP
# delivery (autocreate_post would make a mailbox for any address: no "user unknown").
autocreate_quota: 0
autocreate_post: no
lmtp_downcase_rcpt: yes
# Keep raw 8-bit (UTF-8) header bytes as sent (the default, munge8bit: yes, turns each into "X",
# over LMTP and APPEND alike).
munge8bit: no
umask: 077
# IMAP METADATA: Postern keeps each person's settings in /private/vendor/postern/settings, an
# entry Cyrus refuses unless entries it does not define itself are allowed.
annotation_allow_undefined: yes
hashimapspool: false
# Tests open many sessions for one user.
maxlogins_per_user: 0
imapidlepoll: 1
EOF
  if [ -n "$AUTOCREATE" ]; then
    # Made (and subscribed) with the INBOX at first login, each with its special-use flag when
    # its name is one of RFC 6154's (xlist-<flag>: <folder>).
    printf 'autocreate_inbox_folders: %s\nautocreate_subscribe_folders: %s\n' "$AUTOCREATE" "$AUTOCREATE" >>"$dir/imapd.conf"
    local f
    for f in $(echo "$AUTOCREATE" | tr '|' ' '); do
      case "$f" in
        Drafts|Sent|Junk|Trash|Archive|All|Flagged) echo "xlist-$(echo "$f" | tr '[:upper:]' '[:lower:]'): $f" >>"$dir/imapd.conf" ;;
      esac
    done
  fi
  local C="-C $dir/imapd.conf"
  cat >"$dir/cyrus.conf" <<EOF
# Written by scripts/cyrus.sh. Paths are absolute: master looks bare names up in /usr/lib/cyrus/bin.
START {
  recover   cmd="$BIN/ctl_cyrusdb $C -r"
}
SERVICES {
  imap      cmd="$BIN/imapd $C" listen="127.0.0.1:$IMAP_PORT" prefork=0 maxchild=1000
  imaps     cmd="$BIN/imapd $C -s" listen="127.0.0.1:$IMAPS_PORT" prefork=0 maxchild=1000
  lmtp      cmd="$BIN/lmtpd $C -a" listen="127.0.0.1:$LMTP_PORT" prefork=0 maxchild=20
  lmtpunix  cmd="$BIN/lmtpd $C" listen="$dir/conf/socket/lmtp" prefork=0 maxchild=20
$( [ -z "$SIEVE_PORT" ] || echo "  sieve     cmd=\"$BIN/timsieved $C\" listen=\"127.0.0.1:$SIEVE_PORT\" prefork=0 maxchild=20" )
}
EVENTS {
  checkpoint cmd="$BIN/ctl_cyrusdb $C -c" period=30
}
DAEMON {
  idled     cmd="$BIN/idled $C"
}
EOF
  # saslpasswd2 -f makes the sasldb here. A login without "@" is looked up in the realm
  # servername (imapd gives it to SASL as the server's FQDN): the admin is global.
  tr -d '\n' <"$dir/admin.password" | saslpasswd -p -c -f "$dir/sasldb2" -u "$CERT_NAME" "$ADMIN"
  chown cyrus:mail "$dir/sasldb2"
  chmod 640 "$dir/sasldb2"
}

# The common wait, with Cyrus's logs when it fails.
wait_port_logged() {
  wait_port "$1" || { tail -20 "$dir/cyrus.log" "$dir/master.log" >&2 2>/dev/null || true; return 1; }
}

running() {
  [ -f "$dir/run/master.pid" ] && kill -0 "$(cat "$dir/run/master.pid")" 2>/dev/null
}

start_cyrus() {
  local shim
  shim=$(ensure_shim || true)
  : >"$dir/cyrus.log"
  chown cyrus:mail "$dir/cyrus.log"
  # master forks itself (-d) and drops to cyrus_user; its children inherit the environment.
  # The daemon must not inherit our stdout/stderr (a caller reading them would wait for it).
  if ! env LD_LIBRARY_PATH="$LIBS" ${shim:+LD_PRELOAD="$shim"} SYSLOG_FILE="$dir/cyrus.log" \
    "$BIN/master" -C "$dir/imapd.conf" -M "$dir/cyrus.conf" -p "$dir/run/master.pid" \
    -L "$dir/master.log" -d </dev/null >>"$dir/master.log" 2>&1; then
    tail -20 "$dir/master.log" "$dir/cyrus.log" >&2 2>/dev/null || true
    return 1
  fi
  wait_port_logged "$IMAPS_PORT"
  wait_port_logged "$IMAP_PORT"
  wait_port_logged "$LMTP_PORT"
  # Another server on one of the ports: master logs it and goes on without that service.
  if grep -q 'unable to bind' "$dir/cyrus.log" 2>/dev/null; then
    grep 'unable to bind' "$dir/cyrus.log" >&2
    stop_cyrus
    return 1
  fi
}

stop_cyrus() {
  running || { rm -f "$dir/run/master.pid"; return 0; }
  local pid i
  pid=$(cat "$dir/run/master.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/run/master.pid"
}

# IMAP commands as USER over implicit TLS (python3's imaplib); prints the untagged answers.
# The server is this script's own, on loopback: its certificate is not checked.
imap_as() {
  local user=$1 password=$2
  shift 2
  python3 - "$IMAPS_PORT" "$user" "$password" "$@" <<'EOF'
import imaplib, ssl, sys
port, user, password, *commands = sys.argv[1:]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
# AUTHENTICATE PLAIN, UTF-8: LOGIN's quoted string cannot carry every password.
m.authenticate("PLAIN", lambda _: b"\0" + user.encode() + b"\0" + password.encode())
m.untagged_responses.clear()
for c in commands:
    verb, *args = c.split(" ", 1)
    imaplib.Commands.setdefault(verb.upper(), ("AUTH", "SELECTED"))
    typ, data = m._simple_command(verb.upper(), *args)
    for key in list(m.untagged_responses):
        for d in m.untagged_responses.pop(key):
            print("*", key, d.decode(errors="replace") if isinstance(d, bytes) else d)
    text = " ".join(d.decode(errors="replace") for d in data if isinstance(d, bytes))
    if typ != "OK":
        sys.exit(f"cyrus: {c}: {typ} {text}")
m.logout()
EOF
}

case "$cmd" in
  start)
    ensure_cyrus
    write_config
    stop_cyrus
    start_cyrus
    if [ -f "$dir/pending-users" ]; then
      while read -r address password; do
        imap_as "$address" "$password" NOOP >/dev/null
      done <"$dir/pending-users"
      rm -f "$dir/pending-users"
    fi
    ;;
  stop)
    stop_cyrus
    ;;
  adduser)
    address=${3:?address}
    password=${4:?password}
    case "$address" in *@*) ;; *) echo "cyrus: ADDRESS must be local@domain" >&2; exit 2 ;; esac
    case "$password" in *$'\n'*) echo "cyrus: a password here cannot contain a newline" >&2; exit 2 ;; esac
    ensure_cyrus
    write_config
    # The sasldb key is local@realm: the realm is the address's domain (virtdomains: userid).
    echo -n "$password" | saslpasswd -p -c -f "$dir/sasldb2" -u "${address#*@}" "${address%@*}"
    chown cyrus:mail "$dir/sasldb2"
    chmod 640 "$dir/sasldb2"
    # The first login makes the INBOX (and the autocreated folders): now if the server runs, else
    # at the next start (DIR/pending-users), so that LMTP can deliver before the user logs in.
    if running; then
      imap_as "$address" "$password" NOOP >/dev/null
    else
      (umask 077; printf '%s %s\n' "$address" "$password" >>"$dir/pending-users")
    fi
    ;;
  admin)
    # cyrus.sh admin DIR 'SETQUOTA "user.alice@example.test" (STORAGE 10240)' ...
    shift 2
    imap_as "$ADMIN" "$(cat "$dir/admin.password")" "$@"
    ;;
  *)
    sed -n 2,20p "$0" >&2
    exit 2
    ;;
esac
