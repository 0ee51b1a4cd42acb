# Sourced by scripts/demo.sh and scripts/cluster.sh: sets up, builds, starts the demo mail stack
# (Dovecot + Postfix on loopback ports in /tmp/postern-demo-mail, demo users and mail) and
# exports the settings a Postern needs to use it. $1: --release for an optimised build.

scripts/setup.sh --no-browser
build_args=()
[ "${1:-}" = "--release" ] && build_args=(--release)
scripts/build.sh "${build_args[@]}"
profile=debug
[ "${1:-}" = "--release" ] && profile=release
postern_bin="target/$profile/postern"

# Under /tmp: Dovecot's unprivileged processes must be able to reach it, whatever the
# permissions of the checkout's parent directories.
stack=${TMPDIR:-/tmp}/postern-demo-mail
export IMAP_PORT=10143 IMAPS_PORT=10993 SUBMISSION_PORT=10587 SUBMISSION26_PORT=10026 \
  SMTPS_PORT=10465 LMTP_PORT=10024 AUTH_PORT=10012 SIEVE_PORT=14190 INJECT_PORT=10025
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

export LEPTOS_SITE_ROOT=target/site
export POSTERN_IMAP="imaps://127.0.0.1:$IMAPS_PORT"
export POSTERN_SMTP="smtp://127.0.0.1:$SUBMISSION_PORT"
export POSTERN_ALLOWED_DOMAINS=example.test
# The demo certificate (self-signed) names server17.hosting.test, not 127.0.0.1: the hosting case.
export POSTERN_TLS_CA="$stack/tls/ca.crt"
export POSTERN_TLS_SERVER_NAME=server17.hosting.test
# Vacation replies and filters: the stack's ManageSieve.
export POSTERN_MANAGESIEVE="sieve://127.0.0.1:$SIEVE_PORT"

demo_banner() {
  cat <<EOT

  Postern demo$1: http://127.0.0.1:3000
  Log in as     alice@example.test   password: demo password
  (also bob@example.test, same password)

EOT
}
