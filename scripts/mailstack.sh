#!/usr/bin/env bash
# A real mail stack for tests and the demo: Dovecot (IMAP, LMTP, SASL) and Postfix (submission),
# from Debian's packages, configured in one directory and listening on loopback ports only.
#
#   mailstack.sh start DIR      write the configuration into DIR (once) and start both servers
#                               (SUBMISSION_SERVER=exim: Exim instead of Postfix, see exim.sh)
#   mailstack.sh stop DIR       stop both servers
#   mailstack.sh restart-imap DIR   stop and start Dovecot only (connections drop)
#   mailstack.sh stop-imap DIR / start-imap DIR   Dovecot only (IMAP, LMTP and SMTP AUTH go)
#   mailstack.sh stop-smtp DIR / start-smtp DIR   the submission server only
#   mailstack.sh new-certificate DIR   a new certificate (as after a server move), Dovecot restarted
#   mailstack.sh adduser DIR ADDRESS PASSWORD
#
# Ports come from the environment (defaults in brackets): IMAP_PORT [10143], IMAPS_PORT [10993],
# SUBMISSION_PORT [10587], SUBMISSION26_PORT [10026], SMTPS_PORT [10465], LMTP_PORT [10024],
# AUTH_PORT [10012], SIEVE_PORT [14190] (ManageSieve, STARTTLS), INJECT_PORT [10025] (Postfix's
# unauthenticated local port, for Sieve's vacation replies and redirects). MAIL_DOMAINS [example.test example.org]. IMAP_RAWLOG=1 records every IMAP
# session's traffic under DIR/rawlog (tests use it to prove what Postern asked for).
#
# The TLS certificate (tls/server.crt; its shape from CERT_SHAPE, see write_certificates) names the server
# `server17.hosting.test` (and `localhost`), never `127.0.0.1` or `mail.<domain>`: the hosting
# case Postern must handle (see docs/configuration.md).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,15p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

IMAP_PORT=${IMAP_PORT:-10143}
IMAPS_PORT=${IMAPS_PORT:-10993}
SUBMISSION_PORT=${SUBMISSION_PORT:-10587}
SUBMISSION26_PORT=${SUBMISSION26_PORT:-10026}
SMTPS_PORT=${SMTPS_PORT:-10465}
LMTP_PORT=${LMTP_PORT:-10024}
AUTH_PORT=${AUTH_PORT:-10012}
SIEVE_PORT=${SIEVE_PORT:-14190}
INJECT_PORT=${INJECT_PORT:-10025}
MAIL_DOMAINS=${MAIL_DOMAINS:-example.test example.org}
CERT_NAME=${CERT_NAME:-server17.hosting.test}
CERT_SHAPE=${CERT_SHAPE:-ca}


# The certificate the servers present (CERT_SHAPE): see certificates.sh.
# shellcheck source=certificates.sh
source "$(dirname "$0")/certificates.sh"
# shellcheck source=servers-common.sh
source "$(dirname "$0")/servers-common.sh"

write_config() {
  [ -f "$dir/dovecot.conf" ] && return 0
  ensure_mail_user
  # Dovecot and Postfix drop privileges: the directory must be traversable by them.
  chmod 755 "$dir"
  mkdir -p "$dir/tls" "$dir/mail" "$dir/run" "$dir/state" "$dir/postfix/etc" "$dir/postfix/spool" "$dir/postfix/data"
  chown vmail:vmail "$dir/mail"
  mkdir -p "$dir/rawlog" && chown vmail:vmail "$dir/rawlog"
  chown postfix "$dir/postfix/data"
  chmod 755 "$dir/run" "$dir/state"
  touch "$dir/users"
  chmod 644 "$dir/users"

  write_certificates "$CERT_SHAPE"

  cat >"$dir/dovecot.conf" <<EOF
# Written by scripts/mailstack.sh: a test/demo Dovecot on loopback ports.
base_dir = $dir/run/dovecot
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = imap lmtp sieve
listen = 127.0.0.1
ssl = required
ssl_cert = <$dir/tls/served.crt
ssl_key = <$dir/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
auth_failure_delay = 0
# One imap process per session: the benchmark and parallel tests hold hundreds at once.
default_process_limit = 1000
default_client_limit = 4000
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
first_valid_uid = 1
mail_plugins = quota
# IMAP METADATA (RFC 5464): Postern keeps each person's settings in a private server entry.
mail_attribute_dict = file:%h/Maildir/dovecot-attributes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$dir/mail/%d/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=100M
  # Sieve (Pigeonhole): each person's scripts, managed over ManageSieve; run at LMTP delivery.
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
# Vacation replies and redirects leave through Postfix's local injection port.
submission_host = 127.0.0.1:$INJECT_PORT
protocol imap {
  mail_plugins = \$mail_plugins imap_quota
  imap_metadata = yes
  # Tests open many sessions for one user from one address (the production default is 10).
  mail_max_userip_connections = 1000
$( [ "${IMAP_RAWLOG:-}" = 1 ] && echo "  rawlog_dir = $dir/rawlog" )
}
protocol lmtp {
  postmaster_address = postmaster@example.test
  mail_plugins = \$mail_plugins sieve
}
service managesieve-login {
  inet_listener sieve {
    address = 127.0.0.1
    port = $SIEVE_PORT
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service auth {
  inet_listener auth-postfix {
    address = 127.0.0.1
    port = $AUTH_PORT
  }
}
EOF

  local pf="$dir/postfix"
  cat >"$pf/etc/main.cf" <<EOF
# Written by scripts/mailstack.sh: a test/demo Postfix, submission only, loopback only.
compatibility_level = 3.6
queue_directory = $pf/spool
data_directory = $pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = $CERT_NAME
mydomain = hosting.test
myorigin = \$myhostname
mydestination =
mynetworks = 127.0.0.1/32
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = $MAIL_DOMAINS
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
default_transport = error:the test mail stack delivers only to its own domains
relay_transport = error:the test mail stack delivers only to its own domains
smtpd_tls_cert_file = $dir/tls/served.crt
smtpd_tls_key_file = $dir/tls/server.key
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$AUTH_PORT
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
# One address the server refuses at RCPT time, so that "recipient refused" can be tested.
smtpd_recipient_restrictions = check_recipient_access texthash:$pf/etc/refused_recipients, permit
# As hosting servers do: a login sends from its own address only, and alice also from
# alice.sales@ (an alias she owns); any other sender is refused at MAIL FROM.
smtpd_sender_login_maps = regexp:$pf/etc/sender_logins
smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
message_size_limit = 52428800
smtputf8_enable = yes
EOF
  printf 'refused@example.test REJECT 5.1.1 No such user here\n' >"$pf/etc/refused_recipients"
  printf '%s\n' '/^alice\.sales@example\.test$/ alice@example.test' '/^(.+)$/ ${1}' >"$pf/etc/sender_logins"
  local submission_opts="-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes -o smtpd_client_restrictions=permit_sasl_authenticated,reject -o smtpd_relay_restrictions=permit_sasl_authenticated,reject"
  cat >"$pf/etc/master.cf" <<EOF
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd -o syslog_name=postfix/submission $submission_opts
127.0.0.1:$SUBMISSION26_PORT inet n - n - - smtpd -o syslog_name=postfix/submission26 $submission_opts
127.0.0.1:$INJECT_PORT inet n - n - - smtpd -o syslog_name=postfix/inject
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd -o syslog_name=postfix/smtps -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes -o smtpd_client_restrictions=permit_sasl_authenticated,reject -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
virtual   unix  - n n - - virtual
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
}


start_dovecot() {
  # The daemon must not inherit our stdout/stderr: a caller reading them to the end would wait
  # for as long as Dovecot runs.
  if ! dovecot -c "$dir/dovecot.conf" </dev/null >"$dir/dovecot.start.log" 2>&1; then
    cat "$dir/dovecot.start.log" >&2
    return 1
  fi
  wait_port "$IMAPS_PORT"
  wait_port "$IMAP_PORT"
  # (A stack configured before ManageSieve was added has none.)
  if grep -q managesieve-login "$dir/dovecot.conf"; then wait_port "$SIEVE_PORT"; fi
}

stop_dovecot() {
  if [ -f "$dir/run/dovecot/master.pid" ]; then
    dovecot -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 50); do
      [ -f "$dir/run/dovecot/master.pid" ] || break
      sleep 0.1
    done
  fi
}

start_postfix() {
  postfix -c "$dir/postfix/etc" check >/dev/null 2>&1 || postfix -c "$dir/postfix/etc" check
  postfix -c "$dir/postfix/etc" start </dev/null >/dev/null 2>&1 || { tail -5 "$dir/postfix.log" >&2; return 1; }
  wait_port "$SUBMISSION_PORT"
}

stop_postfix() {
  postfix -c "$dir/postfix/etc" stop >/dev/null 2>&1 || true
}

# The submission server: Postfix, or Exim (SUBMISSION_SERVER=exim, cPanel's; scripts/exim.sh),
# remembered in DIR so that later commands stop the right one.
submission_server() { cat "$dir/submission" 2>/dev/null || echo postfix; }

stop_submission() {
  if [ "$(submission_server)" = exim ]; then
    "$(dirname "$0")/exim.sh" stop "$dir"
  else
    stop_postfix
  fi
}

case "$cmd" in
  start)
    write_config
    [ -f "$dir/submission" ] || echo "${SUBMISSION_SERVER:-postfix}" >"$dir/submission"
    stop_dovecot
    stop_submission
    start_dovecot
    if [ "${NO_POSTFIX:-}" != 1 ]; then
      if [ "$(submission_server)" = exim ]; then
        "$(dirname "$0")/exim.sh" start "$dir"
      else
        start_postfix
      fi
    fi
    ;;
  stop)
    stop_submission
    stop_dovecot
    ;;
  stop-smtp)
    stop_submission
    ;;
  start-smtp)
    if [ "$(submission_server)" = exim ]; then
      "$(dirname "$0")/exim.sh" start "$dir"
    else
      start_postfix
    fi
    ;;
  stop-imap)
    stop_dovecot
    ;;
  start-imap)
    start_dovecot
    ;;
  restart-imap)
    stop_dovecot
    start_dovecot
    ;;
  new-certificate)
    # The server moved (or renewed): a new key and certificate of the same shape.
    write_certificates "$(cat "$dir/tls/shape" 2>/dev/null || echo "$CERT_SHAPE")"
    stop_dovecot
    start_dovecot
    postfix -c "$dir/postfix/etc" status >/dev/null 2>&1 && postfix -c "$dir/postfix/etc" reload >/dev/null 2>&1 || true
    ;;
  adduser)
    address=${3:?address}
    password=${4:?password}
    case "$password" in *:*) echo "mailstack: a password here cannot contain ':'" >&2; exit 2 ;; esac
    grep -v "^$address:" "$dir/users" >"$dir/users.new" || true
    printf '%s:{PLAIN}%s::::::\n' "$address" "$password" >>"$dir/users.new"
    mv "$dir/users.new" "$dir/users"
    chmod 644 "$dir/users"
    ;;
  *)
    sed -n 2,15p "$0" >&2
    exit 2
    ;;
esac
