#!/usr/bin/env bash
# The Python package's CI: build the release wheel once (with TOKENHOT_PORTABLE_WHEEL=1
# the manylinux2014 one that ships, checked with auditwheel), test it (pytest, conformance vectors, mypy), then check packaging:
# `pip install ./python` (a source build through maturin) and the built wheel, each in
# a clean virtualenv with a smoke run against the mock gateway (the console script
# `tokenhot` too). Needs CARGO_TARGET_DIR, PYO3_PYTHON and TOKENHOT_MOCK_BIN (already
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
# TOKENHOT_PY_TEST_ENV keeps this virtualenv (with the wheel installed) after the
# script, for later steps (scripts/test.sh runs the fault soak's Python driver in it).
test_env=${TOKENHOT_PY_TEST_ENV:-$work/test-env}
"$python" -m venv "$test_env"
"$test_env/bin/pip" install --quiet "maturin>=1.16,<1.17" pytest pytest-asyncio mypy anthropic openai

if [ "${TOKENHOT_PORTABLE_WHEEL:-0}" = 1 ]; then
  # The wheel that ships: linked by zig against glibc 2.17 (manylinux2014), so it
  # installs on old distributions too (a plain build here needs glibc 2.34). Opt-in,
  # because it is one more full build (about 6 minutes here, and it rebuilds the host
  # crates the Node addon then rebuilds too). zig lives beside the build cache at a
  # path that never changes: maturin finds it through `python3 -m ziglang` on the PATH
  # and names its linker wrappers after that path.
  "$test_env/bin/pip" install --quiet auditwheel
  zig_env="$CARGO_TARGET_DIR/zig-env"
  [ -x "$zig_env/bin/python3" ] || "$python" -m venv "$zig_env"
  "$zig_env/bin/pip" install --quiet "ziglang>=0.17,<0.18"
  step "release wheel for manylinux2014 (maturin build --release --zig)"
  PATH="$zig_env/bin:$PATH" "$test_env/bin/maturin" build --release --zig --compatibility manylinux2014 \
    --out "$work/dist" --manifest-path "$python_dir/Cargo.toml"
  wheel=$(ls "$work"/dist/tokenhot-*.whl)
  step "auditwheel show: nothing newer than manylinux2014 is needed"
  "$test_env/bin/auditwheel" show "$wheel" | tee "$work/auditwheel.txt"
  grep -q '"manylinux_2_17_x86_64"' "$work/auditwheel.txt" || { echo "the wheel is not manylinux2014" >&2; exit 1; }
else
  step "release wheel (maturin build --release; TOKENHOT_PORTABLE_WHEEL=1 builds the manylinux2014 one)"
  "$test_env/bin/maturin" build --release --out "$work/dist" --manifest-path "$python_dir/Cargo.toml"
  wheel=$(ls "$work"/dist/tokenhot-*.whl)
fi
"$test_env/bin/pip" install --quiet --force-reinstall "$wheel"

step "pytest (unit, integration, conformance vectors, typing)"
# The console script (not `python -m pytest`) keeps the source tree off sys.path, so
# the tests import the installed wheel.
(cd "$python_dir" && "$test_env/bin/pytest" -q -p no:cacheprovider tests)

step "mypy --strict on the typed usage file"
(cd "$python_dir/tests" && "$test_env/bin/mypy" --strict --no-incremental typed_usage.py)

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
  # The console script the package installs, against the same mock.
  "$1/bin/tokenhot" models --base-url "$mock_url" --api-key sk-smoke-key >/dev/null
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
