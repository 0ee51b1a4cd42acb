#!/usr/bin/env bash
# Fails if a server-only crate reaches the browser's wasm build.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cargo tree -p postern-app --target wasm32-unknown-unknown --no-default-features \
  --features hydrate -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
forbidden='^(tokio|async-imap|lettre|mail-parser|ammonia|tower-sessions|axum|leptos_axum|rustls|tokio-rustls|hyper)$'
if bad=$(echo "$tree" | grep -E "$forbidden"); then
  echo "server-only crates in the wasm dependency tree:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "wasm dependency tree: $(echo "$tree" | wc -l) crates, no server-only crate"
