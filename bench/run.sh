#!/usr/bin/env bash
# The benchmark harness, one command: builds release artefacts, installs tokenhot and the
# official `openai` SDKs into a benchmark-only environment (bench/.env, bench/node), starts
# the mock gateway and measures everything side by side. Writes bench/RESULTS.md.
#   bash bench/run.sh            # the full run (5 interleaved rounds)
#   bash bench/run.sh --smoke    # one tiny round, to prove the harness works (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/env.sh
smoke=0; [ "${1:-}" = "--smoke" ] && smoke=1
# The benchmark build: LTO on top of release (Cargo.toml, profile bench-release). The
# smoke run reuses the plain release build CI already has.
profile=bench-release; [ $smoke = 1 ] && profile=release
out_dir=$CARGO_TARGET_DIR/$profile
export PIP_DISABLE_PIP_VERSION_CHECK=1

echo "==> build ($profile)"
cargo build --locked --profile "$profile" -p tokenhot-mock -p tokenhot-bench

echo "==> benchmark environment (bench/.env, bench/node)"
[ -x bench/.env/bin/python ] || "$PYO3_PYTHON" -m venv bench/.env
bench/.env/bin/pip install --quiet "maturin>=1.16,<1.17" openai
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
bench/.env/bin/maturin build --quiet --profile "$profile" --out "$dist" --manifest-path python/Cargo.toml
bench/.env/bin/pip install --quiet --force-reinstall --no-deps "$dist"/tokenhot-*.whl
(cd node && { [ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } \
  && npx napi build --platform --profile "$profile" --js native.js --dts native.d.ts >/dev/null \
  && npm pack --silent --pack-destination "$dist" >/dev/null)
(cd bench/node && npm install --no-save --no-package-lock --no-audit --no-fund --silent openai "$dist"/tokenhot-*.tgz)

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
args=(--python "$root/bench/.env/bin/python" --rust-bench "$out_dir/tokenhot-bench" --mock "$out_dir/tokenhot-mock")
if [ $smoke = 1 ]; then
  exec "$PYO3_PYTHON" bench/harness.py --smoke --out "$dist/smoke-results.md" "${args[@]}"
fi
exec "$PYO3_PYTHON" bench/harness.py "${args[@]}"
