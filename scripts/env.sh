# Sourced by the scripts: one target dir and one Python for cargo, maturin and napi, so
# every dependency compiles once (DESIGN.md, Toolchain facts).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export PYO3_PYTHON="${PYO3_PYTHON:-$(command -v python3)}"
export TOKENHOT_MOCK_BIN="${TOKENHOT_MOCK_BIN:-$CARGO_TARGET_DIR/release/tokenhot-mock}"
# Tests talk to the mock on loopback only; a proxy in the environment must not interfere.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
