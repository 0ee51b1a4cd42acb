#!/usr/bin/env bash
# README command 1: set up, build, start a local demo mail stack (Dovecot + Postfix on loopback
# ports, demo users and mail), then run Postern on http://127.0.0.1:3000 in the foreground.
# Ctrl-C stops Postern; the mail stack keeps running (scripts/mailstack.sh stop /tmp/postern-demo-mail).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --no-browser
build_args=()
[ "${1:-}" = "--release" ] && build_args=(--release)
scripts/build.sh "${build_args[@]}"
profile=debug
[ "${1:-}" = "--release" ] && profile=release

# Under /tmp: Dovecot's unprivileged processes must be able to reach it, whatever the
# permissions of the checkout's parent directories.
stack=${TMPDIR:-/tmp}/postern-demo-mail
export IMAP_PORT=10143 IMAPS_PORT=10993 SUBMISSION_PORT=10587 SUBMISSION26_PORT=10026 \
  SMTPS_PORT=10465 LMTP_PORT=10024 AUTH_PORT=10012
# The certificate most hosting servers carry: self-signed by `openssl req -x509` (CA:TRUE),
# trusted by giving the certificate itself as POSTERN_TLS_CA.
export CERT_SHAPE=self-signed
scripts/mailstack.sh start "$stack"
scripts/mailstack.sh adduser "$stack" alice@example.test 'demo password'
scripts/mailstack.sh adduser "$stack" bob@example.test 'demo password'
python3 scripts/seed-mail.py "$stack/mail/example.test/alice"

if (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null; then
  echo "Something already listens on 127.0.0.1:3000; stop it first." >&2
  exit 1
fi

cat <<EOT

  Postern demo: http://127.0.0.1:3000
  Log in as     alice@example.test   password: demo password
  (also bob@example.test, same password)

EOT
export LEPTOS_SITE_ADDR=127.0.0.1:3000
export LEPTOS_SITE_ROOT=target/site
export POSTERN_IMAP="imaps://127.0.0.1:$IMAPS_PORT"
export POSTERN_SMTP="smtp://127.0.0.1:$SUBMISSION_PORT"
export POSTERN_ALLOWED_DOMAINS=example.test
# The demo certificate (self-signed) names server17.hosting.test, not 127.0.0.1: the hosting case.
export POSTERN_TLS_CA="$stack/tls/ca.crt"
export POSTERN_TLS_SERVER_NAME=server17.hosting.test
exec "target/$profile/postern"
