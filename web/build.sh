#!/usr/bin/env bash
# Builds the browser demo into web/dist: the remat-web crate for wasm32, wasm-bindgen (the CLI
# at exactly the version in Cargo.lock, installed with cargo when missing), and the static page.
# Serve it with `python3 -m http.server -d web/dist 8000` and open http://localhost:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  cargo install wasm-bindgen-cli --version "$version"
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cargo build --release -p remat-web --target wasm32-unknown-unknown
target="${CARGO_TARGET_DIR:-target}"
rm -rf web/dist
mkdir -p web/dist
wasm-bindgen --target web --no-typescript --out-dir web/dist/pkg \
  "$target/wasm32-unknown-unknown/release/remat_web.wasm"
cp web/static/* web/dist/
echo "built web/dist ($(du -sh web/dist/pkg/remat_web_bg.wasm | cut -f1) of wasm): serve it with python3 -m http.server -d web/dist 8000"
