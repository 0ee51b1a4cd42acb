#!/usr/bin/env bash
# Fuzzes Postern's parsers with cargo-fuzz (libFuzzer, nightly toolchain): the message view
# (raw message → headers, text, sanitised HTML), the IMAP argument encoder and the compose
# fields (address lists, replies to hostile headers), the compose form carried through the login
# page and the one-time send tokens. Each target runs SECONDS (default 600);
# the corpus grows in fuzz/corpus/<target>/ (ignored by git), starting from the seed set kept in
# fuzz/seeds/<target>/ (about 100 inputs each; refresh it by hand from a minimised corpus,
# `cargo fuzz cmin`, when a run finds new ground worth keeping).
#   scripts/fuzz.sh [seconds] [target…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(message_view imap_argument compose_fields carried_form send_token)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || { echo "fuzz: the nightly toolchain is needed" >&2; exit 1; }

# Seeds: the golden MIME corpus (and the shared hostile corpus when it sits beside the checkout).
mkdir -p fuzz/corpus/message_view fuzz/corpus/imap_argument fuzz/corpus/compose_fields fuzz/corpus/carried_form fuzz/corpus/send_token
for target in message_view imap_argument compose_fields; do
  cp -n fuzz/seeds/$target/* fuzz/corpus/$target/ 2>/dev/null || true
done
cp -n tests/corpus/mime/*.eml fuzz/corpus/message_view/ 2>/dev/null || true
for f in tests/corpus/mime/*.eml; do
  head -c 2000 "$f" >"fuzz/corpus/compose_fields/$(basename "$f" .eml).hdr" 2>/dev/null || true
done

(cd fuzz && cargo +nightly fuzz build -O)
for target in "${targets[@]}"; do
  echo "== $target, $seconds s"
  (cd fuzz && cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1) \
    2>&1 | tee "target/fuzz-$target.log" | grep -E "^(#[0-9]+ +DONE|Done|stat::|==|SUMMARY|.*panicked)" || true
done
