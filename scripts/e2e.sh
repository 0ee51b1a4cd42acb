#!/usr/bin/env bash
# Browser tests: a seeded mail stack (/tmp/postern-e2e-mail, its own ports), Postern on 127.0.0.1:3100
# from the current debug build, then Playwright in Debian's Chromium. Exit code = Playwright's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

port=${POSTERN_E2E_PORT:-3100}
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "e2e: something already listens on 127.0.0.1:$port; it would be tested instead of this build" >&2
  exit 1
fi

# Under /tmp: Dovecot's unprivileged processes must be able to reach it, whatever the
# permissions of the checkout's parent directories.
stack=${TMPDIR:-/tmp}/postern-e2e-mail
export IMAP_PORT=20143 IMAPS_PORT=20993 SUBMISSION_PORT=20587 SUBMISSION26_PORT=20026 \
  SMTPS_PORT=20465 LMTP_PORT=20024 AUTH_PORT=20012 SIEVE_PORT=24190 INJECT_PORT=20025
# The certificate most hosting servers carry: self-signed by `openssl req -x509` (CA:TRUE),
# trusted by giving the certificate itself as POSTERN_TLS_CA.
export CERT_SHAPE=self-signed
scripts/mailstack.sh stop "$stack" 2>/dev/null || true
rm -rf "$stack"
scripts/mailstack.sh start "$stack"
scripts/mailstack.sh adduser "$stack" alice@example.test 'demo password'
python3 scripts/seed-mail.py "$stack/mail/example.test/alice"
# Tests that change mail use their own mailbox per browser project (JS on: carol, off: dave).
for user in carol dave; do
  scripts/mailstack.sh adduser "$stack" "$user@example.test" 'demo password'
  python3 scripts/seed-mail.py "$stack/mail/example.test/$user"
done
# Sending: erin (JavaScript on) and frank (off) write, grace receives.
for user in erin frank; do
  scripts/mailstack.sh adduser "$stack" "$user@example.test" 'demo password'
  python3 scripts/seed-mail.py "$stack/mail/example.test/$user"
done
scripts/mailstack.sh adduser "$stack" grace@example.test 'demo password'
# The keyboard: heidi (shortcuts, JavaScript on), ivan and judy (keyboard alone, on and off).
for user in heidi ivan judy; do
  scripts/mailstack.sh adduser "$stack" "$user@example.test" 'demo password'
  python3 scripts/seed-mail.py "$stack/mail/example.test/$user"
done
# Settings: kate (JavaScript on) and leo (off) set their name, signature and more.
for user in kate leo; do
  scripts/mailstack.sh adduser "$stack" "$user@example.test" 'demo password'
  python3 scripts/seed-mail.py "$stack/mail/example.test/$user"
done
# Live mail: nina (JavaScript on) and oscar (off) receive while their pages are open.
for user in nina oscar; do
  scripts/mailstack.sh adduser "$stack" "$user@example.test" 'demo password'
  python3 scripts/seed-mail.py "$stack/mail/example.test/$user"
done
# Hostile subjects, names and folder names, and downloads whose bytes the tests compare
# (fixtures written to target/e2e-fixtures).
python3 scripts/seed-hostile.py "$stack/mail/example.test/alice" target/e2e-fixtures
# The shared hostile-HTML corpus, when it sits beside the checkout (skipped cleanly if not).
python3 scripts/seed-xss-corpus.py "$stack/mail/example.test/alice" "${POSTERN_CORPUS:-../shared/corpus}"

log=target/e2e-postern.log
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  POSTERN_IMAP="imaps://127.0.0.1:$IMAPS_PORT" POSTERN_SMTP="smtp://127.0.0.1:$SUBMISSION_PORT" \
  POSTERN_ALLOWED_DOMAINS=example.test POSTERN_TLS_CA="$stack/tls/ca.crt" \
  POSTERN_TLS_SERVER_NAME=server17.hosting.test POSTERN_PAGE_SIZE=10 \
  POSTERN_MANAGESIEVE="sieve://127.0.0.1:$SIEVE_PORT" \
  target/debug/postern >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$root/scripts/mailstack.sh" stop "$stack" || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done

cd end2end
status=0
POSTERN_URL="http://127.0.0.1:$port" POSTERN_MAILSTACK="$stack" POSTERN_FIXTURES="$root/target/e2e-fixtures" \
  npx playwright test "$@" || status=$?
cd ..
# The server's log of the whole browser run must not contain a password or a session cookie.
if grep -q "demo password" "$log" || grep -qiE "postern_(session|key)=" "$log"; then
  echo "e2e: the server log contains a password or a cookie value ($log)" >&2
  status=1
fi
# Any panic in Postern's log fails the run, whatever the browser saw.
if grep -q "panicked at" "$log"; then
  echo "e2e: Postern panicked during the browser tests ($log):" >&2
  grep -A3 "panicked at" "$log" >&2
  status=1
fi
exit "$status"
