#!/usr/bin/env bash
# A Courier-IMAP server for tests, from Debian's packages, configured in one directory and
# listening on loopback ports only: the "INBOX." namespace with "." as separator, the
# server of many older hosting set-ups.
#
#   courier.sh start DIR                     write the configuration into DIR (once) and start
#   courier.sh stop DIR                      stop it
#   courier.sh adduser DIR ADDRESS PASSWORD  add (or change) a user
#
# Ports come from the environment (defaults in brackets, as mailstack.sh's): IMAP_PORT [10143]
# (STARTTLS; LOGIN refused before it while IMAP_TLS_REQUIRED=1, the default) and IMAPS_PORT
# [10993] (implicit TLS). QUOTA (adduser) sets a Maildir++ quota: 10000000S (bytes), 1000C
# (messages). The certificate is mailstack.sh's (CERT_SHAPE [ca], CERT_NAME
# [server17.hosting.test]; tls/server.crt, tls/served.crt, tls/ca.crt). A user's mail is in
# DIR/mail/DOMAIN/USER/Maildir, as with mailstack.sh. Logs: DIR/log.
#
# Courier-IMAP cannot be installed beside Dovecot (courier-imap conflicts with imap-server): it is
# unpacked (scripts/debs.sh) and run from there. Its authentication library has its paths
# compiled in: authdaemond reads /etc/courier/authdaemonrc and userdb.dat, and it and its
# clients meet at /run/courier/authdaemon/socket; STARTTLS runs couriertls as the user `courier`.
# So the servers run in a private mount namespace (unshare -m) in which DIR/etc is /etc/courier,
# DIR/run is /run/courier and /etc/passwd names a `courier` (vmail's ids): nothing is written
# outside DIR, and several stacks can run at once. Trash is never emptied by the server
# (IMAP_EMPTYTRASH is off: tests read what they moved there).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debs.sh
source "$here/debs.sh"
# shellcheck source=servers-common.sh
source "$here/servers-common.sh"

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,15p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

IMAP_PORT=${IMAP_PORT:-10143}
IMAPS_PORT=${IMAPS_PORT:-10993}
IMAP_TLS_REQUIRED=${IMAP_TLS_REQUIRED:-1}
CERT_NAME=${CERT_NAME:-server17.hosting.test}
CERT_SHAPE=${CERT_SHAPE:-ca}

ROOT="$SERVERS_ROOT/courier/root"
LIBS="$ROOT/usr/lib:$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu:$ROOT/usr/lib/courier-authlib"

# The certificate shapes are mailstack.sh's (certificates.sh).
# shellcheck source=certificates.sh
source "$here/certificates.sh"

ensure_courier() {
  unpack_debs courier courier-imap courier-base courier-authlib courier-authlib-userdb \
    courier-authdaemon gamin
  local b missing
  for b in usr/bin/imapd usr/bin/couriertls usr/sbin/couriertcpd usr/lib/courier/courier/imaplogin \
    usr/lib/courier/courier-authlib/authdaemond; do
    missing=$(LD_LIBRARY_PATH=$LIBS ldd "$ROOT/$b" | grep 'not found' || true)
    [ -z "$missing" ] || { echo "courier: libraries missing for $b: $missing" >&2; return 1; }
  done
}


# The user couriertls runs as: `courier`, which the namespace maps to vmail's ids unless the
# system has one.
tls_owner() { id -u courier 2>/dev/null || id -u vmail; }

write_certificate() {
  mkdir -p "$dir/tls"
  write_certificates "$CERT_SHAPE"
  local t="$dir/tls"
  # couriertls wants one PEM file with the key and the certificates it sends (TLS_CERTFILE).
  cat "$t/server.key" "$t/served.crt" >"$t/imapd.pem"
  # GnuTLS's couriertls loads TLS_DHPARAMS; the RFC 7919 group needs no generating.
  openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out "$t/dhparams.pem" 2>>"$t/openssl.log"
  chmod 600 "$t/imapd.pem"
  chmod 644 "$t/dhparams.pem"
  # couriertls runs as `courier` and reads them then.
  chown "$(tls_owner)" "$t/imapd.pem" "$t/dhparams.pem"
}

write_config() {
  ensure_courier
  [ -f "$dir/etc/imapd" ] && return 0
  ensure_mail_user
  # The servers drop privileges: the directory must be traversable by them.
  chmod 755 "$dir"
  mkdir -p "$dir/etc/shared" "$dir/run/authdaemon" "$dir/mail" "$dir/log" "$dir/ns/etc/courier" "$dir/ns/run/courier"
  chown vmail:vmail "$dir/mail"
  chmod 750 "$dir/run/authdaemon"
  [ -f "$dir/tls/imapd.pem" ] || write_certificate
  cat >"$dir/etc/authdaemonrc" <<EOF
authmodulelist="authuserdb"
daemons=3
DEBUG_LOGIN=${DEBUG_LOGIN:-0}
DEFAULTOPTIONS=""
EOF
  # The userdb source (tab-separated: address, fields); adduser writes it and the .dat files.
  if [ ! -f "$dir/etc/userdb" ]; then
    : >"$dir/etc/userdb"
    chmod 600 "$dir/etc/userdb"
    make_userdb
  fi
  # What Debian's /etc/courier/imapd and imapd-ssl set (shell, read with set -a), less the
  # init scripts' parts.
  cat >"$dir/etc/imapd" <<EOF
PATH=$ROOT/usr/bin:$ROOT/usr/sbin:/usr/bin:/bin
LD_LIBRARY_PATH=$LIBS
# libgamin starts gam_server (IDLE's and the folders' change notices) from a compiled-in path.
GAMIN_DEBUG_SERVER=$ROOT/usr/libexec/gam_server
IMAP_CAPABILITY="${IMAP_CAPABILITY:-IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE}"
IMAP_CAPABILITY_TLS="\$IMAP_CAPABILITY AUTH=PLAIN"
IMAP_KEYWORDS=1
IMAP_ACL=1
IMAP_PROXY=0
IMAP_IDLE_TIMEOUT=${IMAP_IDLE_TIMEOUT:-60}
IMAP_MAILBOX_SANITY_CHECK=1
IMAP_DISABLETHREADSORT=0
IMAP_CHECK_ALL_FOLDERS=0
IMAP_OBSOLETE_CLIENT=0
IMAP_UMASK=022
IMAP_USELOCKS=1
IMAP_SHAREDINDEXFILE=$dir/etc/shared/index
# 1: IDLE reports new and expunged messages at once (gam_server); Debian's 0 polls every
# IMAP_IDLE_TIMEOUT seconds.
IMAP_ENHANCEDIDLE=${IMAP_ENHANCEDIDLE:-1}
IMAP_TRASHFOLDERNAME=Trash
# Debian's Trash:7 deletes what has been in Trash for 7 days, at logout.
IMAP_EMPTYTRASH=
IMAP_MOVE_EXPUNGE_TO_TRASH=0
HEADERFROM=X-IMAP-Sender
MAILDIRPATH=Maildir
IMAP_STARTTLS=YES
IMAP_TLS_REQUIRED=$IMAP_TLS_REQUIRED
COURIERTLS=$ROOT/usr/bin/couriertls
TLS_CERTFILE=$dir/tls/imapd.pem
TLS_DHPARAMS=$dir/tls/dhparams.pem
TLS_TRUSTCERTS=/etc/ssl/certs/ca-certificates.crt
TLS_VERIFYPEER=NONE
TLS_CACHEFILE=$dir/run/tlscache
TLS_CACHESIZE=524288
EOF
}

# userdb → userdb.dat (no passwords) and userdbshadow.dat (the *pw= fields), as makeuserdb does
# (makeuserdb itself has /etc/courier/userdb and makedatprog's path compiled in).
make_userdb() {
  local e="$dir/etc" mk="$ROOT/usr/lib/courier/courier-authlib/makedatprog"
  awk -F '\t' -v pub="$e/userdb.pub" -v sec="$e/userdb.sec" '
    BEGIN { printf "" >pub; printf "" >sec }
    NF >= 2 && $1 != "" {
      n = split($2, f, "|"); p = ""; s = ""
      for (i = 1; i <= n; i++) {
        if (f[i] ~ /^[^=]*pw=/) s = s (s == "" ? "" : "|") f[i]; else p = p (p == "" ? "" : "|") f[i]
      }
      if (p != "") print $1 "\t" p >pub
      if (s != "") print $1 "\t" s >sec
    }
    END { print "." >pub; print "." >sec }' "$e/userdb"
  chmod 600 "$e/userdb.sec"
  LD_LIBRARY_PATH=$LIBS "$mk" "$e/userdb.pub" "$e/userdb.tmp" "$e/userdb.dat"
  (umask 066; LD_LIBRARY_PATH=$LIBS "$mk" "$e/userdb.sec" "$e/userdbshadow.tmp" "$e/userdbshadow.dat")
  rm -f "$e/userdb.pub" "$e/userdb.sec"
  chmod 644 "$e/userdb.dat"
  chmod 600 "$e/userdbshadow.dat"
}


# Lay a read-only overlay over the directory PARENT, in this mount namespace only: DIR/ns/PARENT
# on top of the real one (so /etc/courier can appear where none exists). Submounts of PARENT
# are bound again on top.
overlay() {
  local parent=$1 subs s i=0 stash
  stash="$dir/ns/stash$(echo "$parent" | tr / _)"
  subs=$(awk -v p="$parent/" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo)
  for s in $subs; do mkdir -p "$stash/$i"; mount --bind "$s" "$stash/$i"; i=$((i + 1)); done
  mount -t overlay "courier-test$(echo "$parent" | tr / -)" -o "lowerdir=$dir/ns$parent:$parent" "$parent"
  i=0
  for s in $subs; do mount --bind "$stash/$i" "$s"; umount "$stash/$i"; i=$((i + 1)); done
}

# Runs inside `unshare -m`.
start_in_namespace() {
  mount --make-rprivate /
  # imaplogin runs couriertls for STARTTLS as the user `courier` (hard-coded; Debian's package
  # creates it): here a `courier` with vmail's ids, in this namespace's /etc/passwd only.
  mkdir -p "$dir/ns/etc/courier" "$dir/ns/run/courier"
  local uid gid
  uid=$(id -u vmail) gid=$(id -g vmail)
  cp /etc/passwd "$dir/ns/etc/passwd"
  cp /etc/group "$dir/ns/etc/group"
  grep -q '^courier:' /etc/passwd || echo "courier:x:$uid:$gid:Courier test stack:/nonexistent:/usr/sbin/nologin" >>"$dir/ns/etc/passwd"
  grep -q '^courier:' /etc/group || echo "courier:x:$gid:" >>"$dir/ns/etc/group"
  overlay /etc
  overlay /run
  # stop ends every process of this namespace (gam_server, sessions) by its id.
  readlink /proc/self/ns/mnt >"$dir/run/mntns"
  mount --bind "$dir/etc" /etc/courier
  mount --bind "$dir/run" /run/courier
  # authdaemond runs in the foreground (it no longer daemonizes itself). Its modules are
  # found through LD_LIBRARY_PATH (libltdl searches it after the compiled-in directory).
  env -i "LD_LIBRARY_PATH=$LIBS" "PATH=/usr/bin:/bin" \
    sh -c 'set -a; . "$1"; exec setsid "$2"' sh "$dir/etc/authdaemonrc" "$ROOT/usr/lib/courier/courier-authlib/authdaemond" \
    </dev/null >>"$dir/log/authdaemond.log" 2>&1 &
  echo $! >"$dir/run/authdaemond.pid"
  local i
  for i in $(seq 1 50); do [ -S "$dir/run/authdaemon/socket" ] && break; sleep 0.1; done
  [ -S "$dir/run/authdaemon/socket" ] || { echo "courier: authdaemond did not start:" >&2; cat "$dir/log/authdaemond.log" >&2; return 1; }
  install -m 600 -o "$(tls_owner)" /dev/null "$dir/run/tlscache"
  local tcpd="$ROOT/usr/sbin/couriertcpd" login="$ROOT/usr/lib/courier/courier/imaplogin" imapd="$ROOT/usr/bin/imapd"
  local common=(-address=127.0.0.1 -maxprocs=40 -maxperip=40 -nodnslookup -noidentlookup)
  # couriertcpd puts itself in the background.
  (env -i sh -c 'set -a; . "$0"; umask 022; IMAP_TLS=0; exec "$@"' "$dir/etc/imapd" "$tcpd" -pid="$dir/run/imapd.pid" -stderr="$dir/log/imapd.log" "${common[@]}" \
     "$IMAP_PORT" "$login" "$imapd" Maildir) </dev/null >>"$dir/log/couriertcpd.log" 2>&1
  (env -i sh -c 'set -a; . "$0"; umask 022; IMAP_TLS=1; IMAP_STARTTLS=NO; exec "$@"' "$dir/etc/imapd" "$tcpd" -pid="$dir/run/imapd-ssl.pid" -stderr="$dir/log/imapd-ssl.log" "${common[@]}" \
     "$IMAPS_PORT" "$ROOT/usr/bin/couriertls" -server -tcpd -user=courier "$login" "$imapd" Maildir) </dev/null >>"$dir/log/couriertcpd.log" 2>&1
}

stop_all() {
  local f p ns
  for f in imapd imapd-ssl; do
    if [ -f "$dir/run/$f.pid" ]; then
      LD_LIBRARY_PATH=$LIBS "$ROOT/usr/sbin/couriertcpd" -pid="$dir/run/$f.pid" -stop >/dev/null 2>&1 || true
      rm -f "$dir/run/$f.pid"
    fi
  done
  if [ -f "$dir/run/authdaemond.pid" ]; then
    p=$(cat "$dir/run/authdaemond.pid")
    kill "$p" 2>/dev/null || true
    rm -f "$dir/run/authdaemond.pid"
  fi
  # What is left of this stack's namespace: gam_server (started by imapd, it outlives it) and
  # sessions.
  if [ -f "$dir/run/mntns" ]; then
    ns=$(cat "$dir/run/mntns")
    local i left
    for i in $(seq 1 50); do
      # The namespace id alone could be a recycled one: the process must also see this
      # stack's own overlay of /etc.
      left=$(ls -l /proc/[0-9]*/ns/mnt 2>/dev/null \
        | awk -v ns="$ns" '$NF == ns { split($(NF - 2), a, "/"); print a[3] }' \
        | while read -r p; do grep -qsF "lowerdir=$dir/ns/etc:" "/proc/$p/mountinfo" && echo "$p"; done || true)
      [ -z "$left" ] && break
      # shellcheck disable=SC2086
      if [ "$i" -gt 10 ]; then kill -9 $left 2>/dev/null || true; else kill $left 2>/dev/null || true; fi
      sleep 0.1
    done
    rm -f "$dir/run/mntns"
  fi
  rm -f "$dir/run/authdaemon/socket"
}

case "$cmd" in
  start)
    write_config
    stop_all
    : >"$dir/log/couriertcpd.log"
    if ! unshare -m -- "$0" _start-in-namespace "$dir" || ! wait_port "$IMAP_PORT" || ! wait_port "$IMAPS_PORT"; then
      cat "$dir/log/couriertcpd.log" >&2
      stop_all
      exit 1
    fi
    ;;
  _start-in-namespace)
    start_in_namespace
    ;;
  stop)
    stop_all
    ;;
  adduser)
    address=${3:?address}
    password=${4:?password}
    case "$address" in *@*) ;; *) echo "courier: ADDRESS must be local@domain" >&2; exit 2 ;; esac
    case "$address$password" in *[\|$'\t\n']*) echo "courier: no '|', tab or newline here" >&2; exit 2 ;; esac
    write_config
    home="$dir/mail/${address#*@}/${address%@*}"
    if [ ! -d "$home/Maildir" ]; then
      mkdir -p "$home"
      LD_LIBRARY_PATH=$LIBS "$ROOT/usr/bin/maildirmake.courier" "$home/Maildir"
      chown vmail:vmail "$dir/mail/${address#*@}"
      chown -R vmail:vmail "$home"
    fi
    if [ -n "${QUOTA:-}" ]; then
      # Courier enforces (and GETQUOTA reports) the quota in Maildir/maildirsize.
      rm -f "$home/Maildir/maildirsize"
      LD_LIBRARY_PATH=$LIBS "$ROOT/usr/bin/maildirmake.courier" -q "$QUOTA" "$home/Maildir"
      chown vmail:vmail "$home/Maildir/maildirsize"
    fi
    hash=$(openssl passwd -6 -stdin <<<"$password")
    awk -F '\t' -v a="$address" '$1 != a' "$dir/etc/userdb" >"$dir/etc/userdb.new"
    printf '%s\tuid=%s|gid=%s|home=%s|mail=%s%s|systempw=%s\n' "$address" "$(id -u vmail)" "$(id -g vmail)" \
      "$home" "$home/Maildir" "${QUOTA:+|quota=$QUOTA}" "$hash" >>"$dir/etc/userdb.new"
    chmod 600 "$dir/etc/userdb.new"
    mv "$dir/etc/userdb.new" "$dir/etc/userdb"
    make_userdb
    ;;
  *)
    sed -n 2,15p "$0" >&2
    exit 2
    ;;
esac
