#!/usr/bin/env bash
# The demo: builds what it needs, then runs the README's quick-start examples in Rust,
# Python and Node (a chat call, a streamed chat, an error handled, Gemini, Messages, an
# image generated, saved and edited) and the `tokenhot` command. Without
# TOKENHOT_API_KEY it starts the mock gateway on a free port as the stand-in for the
# real host and stops it at the end; with the key set, the examples talk to the real
# host (TOKENHOT_BASE_URL, default https://api.tokenhot.ai).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/env.sh
export PIP_DISABLE_PIP_VERSION_CHECK=1
step() { printf '\n==> %s\n' "$*"; }

step "build (Rust example, mock gateway, the tokenhot command)"
cargo build --release --locked -p tokenhot-mock -p tokenhot-cli -p tokenhot --example quickstart

step "Python package into .demo/venv"
[ -x .demo/venv/bin/python ] || "$PYO3_PYTHON" -m venv .demo/venv
.demo/venv/bin/pip install --quiet "maturin>=1.16,<1.17"
.demo/venv/bin/maturin build --quiet --release --out .demo/dist --manifest-path python/Cargo.toml
.demo/venv/bin/pip install --quiet --force-reinstall --no-deps "$(ls -t .demo/dist/tokenhot-*.whl | head -1)"

step "Node package"
(cd node && { [ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } \
  && npx napi build --platform --release --js native.js --dts native.d.ts >/dev/null)
mkdir -p .demo/node/node_modules && ln -sfn "$root/node" .demo/node/node_modules/tokenhot
cp examples/quickstart.mjs .demo/node/quickstart.mjs

if [ -z "${TOKENHOT_API_KEY:-}" ]; then
  step "start the mock gateway (no TOKENHOT_API_KEY: the demo runs against the stand-in)"
  coproc MOCK { "$TOKENHOT_MOCK_BIN" --api-key sk-demo --exit-on-stdin-eof; }
  read -r line <&"${MOCK[0]}"
  export TOKENHOT_API_KEY=sk-demo TOKENHOT_BASE_URL=${line#listening on }
  # The mock's video tasks move one state per poll: poll every second, not every five.
  export TOKENHOT_VIDEO_POLL_SECONDS=${TOKENHOT_VIDEO_POLL_SECONDS:-1}
  echo "mock gateway at $TOKENHOT_BASE_URL"
fi

step "Rust (core/examples/quickstart.rs)"
"$CARGO_TARGET_DIR/release/examples/quickstart"
step "Python (examples/quickstart.py)"
.demo/venv/bin/python examples/quickstart.py
step "Node (examples/quickstart.mjs)"
node .demo/node/quickstart.mjs
step "the command line (tokenhot chat, tokenhot models; installed by pip and npm too)"
"$CARGO_TARGET_DIR/release/tokenhot" chat -m gpt-5 "Say hello"
"$CARGO_TARGET_DIR/release/tokenhot" models | head -3
printf '\ndemo done\n'
