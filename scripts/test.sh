#!/usr/bin/env bash
# README command 2: installs what is missing, then runs every check and test:
# formatting, clippy (ssr and hydrate), the wasm dependency rule, unit and integration tests
# against a real Dovecot + Postfix, and Playwright in Debian's Chromium (JavaScript on and off).
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "set-up"
scripts/setup.sh
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy

step "cargo fmt --check"
cargo fmt --all -- --check

step "dependencies: licences, bans, sources (cargo deny)"
command -v cargo-deny >/dev/null || cargo install cargo-deny --locked --version 0.20.2
cargo deny check licenses bans sources
# Advisories need the RustSec database from the network; without it, say so and go on.
if cargo deny fetch db >/dev/null 2>&1; then
  cargo deny check advisories
else
  echo "cargo deny: advisory database unreachable from here; advisories check skipped"
fi

step "wasm dependency tree"
scripts/check-wasm-deps.sh

step "clippy (server side: ssr)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (browser side: hydrate, wasm32)"
cargo clippy -p postern-app --lib --target wasm32-unknown-unknown --no-default-features \
  --features hydrate -- -D warnings

step "build (wasm bundle, site, server)"
scripts/build.sh

step "unit and integration tests (real Dovecot + Postfix)"
# Integration tests mostly wait on servers starting: more threads than cores.
# A hung test fails the run after 25 minutes instead of running into CI's limit.
# A panic inside Postern during the tests (recorded by tests/common) fails the run even when
# no test noticed it.
rm -f target/postern-panics.log
rm -rf target/faults
timeout 1500 cargo test --workspace --no-fail-fast -- --test-threads 8
if [ -s target/postern-panics.log ]; then
  echo "Postern panicked during the integration tests:" >&2
  cat target/postern-panics.log >&2
  exit 1
fi

step "the fault table measured by these tests (docs/reliability.md)"
scripts/faults.sh --table || true

step "browser tests (Playwright, Chromium)"
scripts/e2e.sh

step "all checks passed"
