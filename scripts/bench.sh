#!/usr/bin/env bash
# The benchmark: Postern (release build) against raw IMAP on the same Dovecot, 1k → 100k
# messages, plus concurrency, memory per session and page weight. Prints the table and writes
# docs/benchmarks.md. Folders are seeded once under /tmp/postern-bench-mail and reused.
#   scripts/bench.sh [--sizes 1000,10000,100000] [--reps 30]
#   scripts/bench.sh --crowd [--people 100,300]   the flash crowd (distinct accounts arriving at
#                     100/s; one instance, Redis, two instances behind HAProxy, raw IMAP) and the
#                     64-session tail diagnosis; its section of docs/benchmarks.md is replaced
#   scripts/bench.sh --live   live mail: delivery → the open page (60 LMTP deliveries against raw
#                     IMAP IDLE, and in Chromium), IMAP connections and memory for 100 sessions
#                     with and without pages listening; its section of docs/benchmarks.md is replaced
# POSTERN_BENCH_BIN=path measures another build (an earlier commit's) with the same harness;
# POSTERN_BENCH_OUT=file writes its report there instead of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser
scripts/build.sh --release
cargo run -q -p postern-tests --release --bin bench -- "$@"
