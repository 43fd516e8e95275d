#!/usr/bin/env bash
# The Python package's CI: build the release wheel once, test it (pytest, conformance
# vectors, mypy), then check packaging: `pip install ./python` (a source build through
# maturin) and the built wheel, each in a clean virtualenv with a smoke run against the
# mock gateway. Needs CARGO_TARGET_DIR, PYO3_PYTHON and TOKENHOT_MOCK_BIN (already
# built); defaults match scripts/env.sh.
set -euo pipefail
cd "$(dirname "$0")"
python_dir=$PWD
root=$(cd .. && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export PYO3_PYTHON="${PYO3_PYTHON:-$(command -v python3)}"
export TOKENHOT_MOCK_BIN="${TOKENHOT_MOCK_BIN:-$CARGO_TARGET_DIR/release/tokenhot-mock}"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python=${PYO3_PYTHON}

step() { printf '\n==> python: %s\n' "$*"; }
[ -x "$TOKENHOT_MOCK_BIN" ] || { echo "mock gateway not built at $TOKENHOT_MOCK_BIN" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tokenhot-python-ci.XXXXXX")
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "virtualenv with the build and test tools"
"$python" -m venv "$work/test-env"
"$work/test-env/bin/pip" install --quiet "maturin>=1.16,<1.17" pytest pytest-asyncio mypy openai

step "release wheel (maturin build --release)"
"$work/test-env/bin/maturin" build --release --out "$work/dist" --manifest-path "$python_dir/Cargo.toml"
wheel=$(ls "$work"/dist/tokenhot-*.whl)
"$work/test-env/bin/pip" install --quiet --force-reinstall "$wheel"

step "pytest (unit, integration, conformance vectors, typing)"
# The console script (not `python -m pytest`) keeps the source tree off sys.path, so
# the tests import the installed wheel.
(cd "$python_dir" && "$work/test-env/bin/pytest" -q -p no:cacheprovider tests)

step "mypy --strict on the typed usage file"
(cd "$python_dir/tests" && "$work/test-env/bin/mypy" --strict --no-incremental typed_usage.py)

# A mock gateway for the smoke runs; it exits when this script's pipe closes.
start_mock() {
  coproc MOCK { "$TOKENHOT_MOCK_BIN" --exit-on-stdin-eof; }
  mock_pid=$MOCK_PID
  read -r line <&"${MOCK[0]}"
  mock_url=${line#listening on }
  echo "mock at $mock_url"
}
smoke() {
  (cd "$work" && "$1/bin/python" "$python_dir/tests/smoke.py" "$mock_url")
}

start_mock

step "packaging: pip install ./python into a clean virtualenv (source build)"
"$python" -m venv "$work/source-env"
"$work/source-env/bin/pip" install --quiet "$python_dir"
smoke "$work/source-env"

step "packaging: the built wheel into a clean virtualenv"
"$python" -m venv "$work/wheel-env"
"$work/wheel-env/bin/pip" install --quiet "$wheel"
smoke "$work/wheel-env"

printf '\npython: all checks passed\n'
