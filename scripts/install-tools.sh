#!/usr/bin/env bash
# Installs what building Packwright needs, skipping every piece already there at the right
# version. `--browser` adds Debian's Chromium and its driver for the browser tests.
# Nothing here downloads a prebuilt binary: tools come from crates.io, npm and Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen that Cargo.lock resolved.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

say() { printf '==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Cuts the release wasm into the first visit's module and the lazy pages' (scripts/split-wasm.mjs).
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Debian's binaryen is too old for current rustc output; npm's is current.
if ! tools/node_modules/.bin/wasm-opt --version >/dev/null 2>&1; then
  say "installing wasm-opt (binaryen from npm)"
  npm ci --prefix tools --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ]; then
  # pouchdb-server speaks CouchDB's protocol for the team sync tests (tests/team.rs).
  if [ ! -x tools/couch/node_modules/.bin/pouchdb-server ]; then
    say "installing pouchdb-server (npm)"
    npm ci --prefix tools/couch --no-audit --no-fund
  fi
  # faketime puts the browsers a year ahead for `make test-ahead`.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! command -v faketime >/dev/null; then
    say "installing Debian's chromium, chromium-driver and faketime"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver faketime
  fi
fi
