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

# Secrets: the whole run uses a random canary key (the suites' clients read
# TOKENHOT_TEST_KEY) with debug logs on, and its last step fails if the canary shows
# anywhere in what the run printed.
export TOKENHOT_TEST_KEY="sk-canary-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export TOKENHOT_LOG="${TOKENHOT_LOG:-debug}"
output="$CARGO_TARGET_DIR/test-output.log"
mkdir -p "$CARGO_TARGET_DIR"

run_all() {

step "build the mock gateway and the fault soak"
cargo build --release --locked -p tokenhot-mock -p tokenhot-soak

step "Rust: core, mock and CLI tests, conformance vectors"
cargo test --release --locked -p tokenhot -p tokenhot-mock -p tokenhot-cli

step "Python: build, test, package"
export TOKENHOT_PY_TEST_ENV="$CARGO_TARGET_DIR/python-test-env"
bash python/ci.sh

step "Node: build, test, package"
bash node/ci.sh

step "fault soak: a short round (the full one: bash tests/soak/run.sh)"
SOAK_PYTHON="$TOKENHOT_PY_TEST_ENV/bin/python" bash tests/soak/run.sh --calls 300

step "benchmark harness: one smoke round, so it cannot rot"
# Without logs: a line per call would measure stderr, not the library.
TOKENHOT_LOG= bash bench/run.sh --smoke
}

run_all 2>&1 | tee "$output"

step "secrets: the canary key appears nowhere in the output ($(wc -l <"$output") lines)"
if grep -qF "$TOKENHOT_TEST_KEY" "$output"; then
    echo "the canary key leaked into the output: see the lines matching TOKENHOT_TEST_KEY in $output" >&2
    exit 1
fi

printf '\nall tests passed in %ss\n' "$((SECONDS - started))"
