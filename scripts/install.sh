#!/usr/bin/env bash
# Installs what kabinet needs to build, run and test, and only what is missing: the wasm32 target,
# cargo-leptos, the wasm-bindgen CLI matching Cargo.lock, wasm-opt, Debian's Chromium and
# PostgreSQL, and the end-to-end npm packages. Safe to run again; fast when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PATH"

# Compiled dependencies are reused by every clone on this machine: a fresh clone's target/ is a
# link to a build directory kept outside it, one per Cargo.lock (new dependencies start a new
# one; a fresh machine builds into it from nothing). An existing target/ is left as it is; a link
# whose directory was removed gets it back.
if [ -L target ]; then
  mkdir -p "$(readlink target)"
elif [ ! -e target ]; then
  cache="${KABINET_BUILD_CACHE:-$HOME/.cache/kabinet}/target-$(sha256sum Cargo.lock | cut -c1-16)"
  mkdir -p "$cache"
  ln -s "$cache" target
  say "building in $cache (kept between clones)"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
  cargo install cargo-leptos@"$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  # Not --locked: its lockfile wants a webpki-roots the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt from npm's binaryen@$BINARYEN_VERSION (Debian's is too old)"
  npm install --global --no-fund --no-audit binaryen@"$BINARYEN_VERSION"
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v zbarimg >/dev/null || missing+=(zbar-tools) # decodes the payment QR code in the tests
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
  # The packaged cluster is not ours: tests start their own throwaway one.
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    for conf in /etc/postgresql/*/main; do
      [ -d "$conf" ] && pg_ctlcluster "$(basename "$(dirname "$conf")")" main stop 2>/dev/null || true
    done
  fi
fi

if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
  say "installing the end-to-end test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-fund --no-audit && touch node_modules)
fi
