#!/usr/bin/env bash
# Installs what building, running and testing Postern needs on Debian 12, as root. Idempotent:
# each step is skipped when its result is already there.
#
#   Debian packages: dovecot-core dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-managesieved postfix (the test/demo mail stack),
#                    strace (the test that Postern writes nothing to disk), lynx, w3m and tmux (text-browser tests),
#                    chromium (browser tests), openssl, ca-certificates, python3, nodejs + npm
#   Rust:            the wasm32-unknown-unknown target; wasm-bindgen-cli at the exact version
#                    of the wasm-bindgen crate in Cargo.lock (cargo install, ~4 minutes once)
#   npm:             end2end/node_modules (@playwright/test, no browser download)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

packages=(dovecot-core dovecot-imapd dovecot-lmtpd dovecot-sieve dovecot-managesieved postfix openssl ca-certificates python3 brotli strace lynx w3m tmux)
[ "$want_browser" = 1 ] && packages+=(chromium)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  # Services the packages would start are not used: the mail stack runs its own instances.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  echo "==> cargo install wasm-bindgen-cli $wbg_version (once, a few minutes)"
  # Not --locked: its lockfile names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# end2end's packages: Playwright, and binaryen (wasm-opt for release builds; Debian's is too old).
if [ ! -f end2end/node_modules/.package-lock.json -o end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  echo "==> npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
