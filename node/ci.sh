#!/usr/bin/env bash
# CI for the Node package: install, build the release addon, run the tests and the
# type check, then pack the package and prove the tarball works in a fresh project.
# Expects CARGO_TARGET_DIR (shared with the other builds) and TOKENHOT_MOCK_BIN (the
# mock gateway, already built); falls back to the repository's target/ for both.
set -euo pipefail

NODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$NODE_DIR/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_DIR/target}"
export TOKENHOT_MOCK_BIN="${TOKENHOT_MOCK_BIN:-$CARGO_TARGET_DIR/release/tokenhot-mock}"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
cd "$NODE_DIR"

step() { printf '\n== node: %s\n' "$*"; }
# Test steps all run even when one fails, so one CI log shows every failure.
failed=()
check() {
  local name="$1"
  shift
  if ! "$@"; then failed+=("$name"); fi
}

if [[ ! -x "$TOKENHOT_MOCK_BIN" ]]; then
  echo "node/ci.sh: the mock gateway is not at $TOKENHOT_MOCK_BIN (cargo build --release -p tokenhot-mock)" >&2
  exit 1
fi

step "npm ci"
# `npm ci` refuses a lock that lacks the other platforms' optional packages of
# @napi-rs/cli's own dependencies, which a registry mirror may not carry; `npm
# install` then still follows the lock for everything it does list.
if [[ ! -f package-lock.json ]] || ! npm ci --no-audit --no-fund; then
  echo "node/ci.sh: npm ci failed; falling back to npm install" >&2
  npm install --no-audit --no-fund
fi

step "build the release addon"
# Release only: debug and release builds write the same file name, and the tarball
# must never carry a debug build.
npx napi build --platform --release --js native.js --dts native.d.ts

step "node --test"
check "node --test" node --test --test-reporter=spec test/*.test.mjs test/*.test.cjs

step "tsc --noEmit"
check "tsc --noEmit" npx tsc --noEmit -p test/types

step "pack and install into a fresh project"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm pack --pack-destination "$WORK" --silent >/dev/null
TARBALL="$(ls "$WORK"/tokenhot-*.tgz)"
LISTING="$(tar -tzf "$TARBALL")"
if ! grep -Eq '^package/tokenhot\..+\.node$' <<<"$LISTING"; then
  echo "node/ci.sh: the tarball carries no .node addon:" >&2
  echo "$LISTING" >&2
  exit 1
fi
mkdir "$WORK/project"
cp test/fixtures/packaged-smoke.mjs "$WORK/project/"
# Chained with && because `set -e` does not apply inside a function run by `check`.
packaged_smoke() (
  cd "$WORK/project" &&
    npm init -y >/dev/null &&
    npm install --no-audit --no-fund "$TARBALL" &&
    node -e "const t = require('tokenhot'); if (typeof t.Tokenhot !== 'function') process.exit(1); console.log('require: ok')" &&
    node --input-type=module -e "import { Tokenhot } from 'tokenhot'; if (typeof Tokenhot !== 'function') process.exit(1); console.log('import: ok')" &&
    node packaged-smoke.mjs &&
    ./node_modules/.bin/tokenhot --version
)
check "packaged smoke" packaged_smoke

if ((${#failed[@]})); then
  printf '\nnode/ci.sh: FAILED: %s\n' "${failed[*]}" >&2
  exit 1
fi
step "ok"
