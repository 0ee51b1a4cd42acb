#!/usr/bin/env bash
# Builds Postern without cargo-leptos: the wasm bundle (app with `hydrate`) through wasm-bindgen
# into target/site/pkg, the CSS and public files into target/site, then the server (`postern`).
#
#   scripts/build.sh            debug build   → target/debug/postern
#   scripts/build.sh --release  release build → target/release/postern (wasm: wasm-release profile)
#
# Serve with LEPTOS_SITE_ROOT=target/site (the default).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
wasm_profile_args=()
server_args=()
if [ "${1:-}" = "--release" ]; then
  profile=release
  wasm_profile_args=(--profile wasm-release)
  server_args=(--release)
fi
wasm_dir=debug
[ "$profile" = release ] && wasm_dir=wasm-release

site=target/site
mkdir -p "$site/pkg"

echo "==> wasm bundle ($profile)"
cargo build -p postern-app --lib --target wasm32-unknown-unknown --no-default-features \
  --features hydrate "${wasm_profile_args[@]}"
wasm="target/wasm32-unknown-unknown/$wasm_dir/postern_app.wasm"
stamp="$site/pkg/.built-from"
if [ ! -f "$stamp" ] || [ "$wasm" -nt "$stamp" ] || [ "$(cat "$stamp")" != "$profile" ]; then
  wasm-bindgen --target web --no-typescript --out-name postern --out-dir "$site/pkg" "$wasm"
  # The server is compiled with LEPTOS_OUTPUT_NAME=postern, so it asks for /pkg/postern.wasm.
  mv "$site/pkg/postern_bg.wasm" "$site/pkg/postern.wasm"
  # wasm-opt from npm's binaryen (end2end/node_modules; Debian's is too old for this wasm).
  wasm_opt=end2end/node_modules/.bin/wasm-opt
  [ -x "$wasm_opt" ] || wasm_opt=$(command -v wasm-opt || true)
  if [ "$profile" = release ] && [ -n "$wasm_opt" ] \
     && "$wasm_opt" --version | grep -qE 'version (1[2-9][0-9])'; then
    echo "==> wasm-opt -Oz"
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$site/pkg/postern.wasm" -o "$site/pkg/postern.wasm"
  fi
  echo "$profile" >"$stamp"
fi

echo "==> style and public files"
cp style/main.css "$site/pkg/postern.css"
cp -r public/. "$site/"

# Release: compressed once at the highest levels, served as they are (no work per request).
rm -f "$site"/pkg/*.br "$site"/pkg/*.gz
if [ "$profile" = release ]; then
  for f in "$site"/pkg/postern.wasm "$site"/pkg/postern.js "$site"/pkg/postern.css; do
    gzip -9 -k -f "$f"
    if command -v brotli >/dev/null 2>&1; then brotli -q 11 -k -f "$f"; fi
  done
fi

echo "==> server ($profile)"
cargo build -p postern-server --bin postern "${server_args[@]}"
echo "built: target/$profile/postern and $site/"
