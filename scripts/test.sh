#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: the Rust suites (unit, integration,
# conformance vectors), the Python package (built, installed, tested, packaged) and the
# Node package (likewise). Needs only Rust, Python 3.10+ and Node 20+; installs the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "build the mock gateway"
cargo build --release --locked -p tokenhot-mock

step "Rust: core, mock and CLI tests, conformance vectors"
cargo test --release --locked -p tokenhot -p tokenhot-mock -p tokenhot-cli

step "Python: build, test, package"
bash python/ci.sh

step "Node: build, test, package"
bash node/ci.sh

step "benchmark harness: one smoke round, so it cannot rot"
bash bench/run.sh --smoke

printf '\nall tests passed in %ss\n' "$((SECONDS - started))"
