#!/usr/bin/env bash
# The fault soak (tests/soak/README.md): the mock gateway, the fault proxy in front of it,
# and through the proxy N mixed calls from each driver: Rust, Python sync, Python async,
# Node. Fails if any driver's checks fail. A full run (5,000 calls each) writes its
# figures to tests/soak/RESULTS.md.
#
#   bash tests/soak/run.sh                 # full: 5,000 calls per driver
#   bash tests/soak/run.sh --calls 300     # the short round CI runs
#
# Needs the release builds of tokenhot-mock and tokenhot-soak in CARGO_TARGET_DIR, the
# Python package importable by $SOAK_PYTHON (default python3) and the Node addon built.
set -euo pipefail
soak_dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$soak_dir/../.." && pwd)
calls=5000
seed=${SOAK_SEED:-$(date +%s)}
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "usage: run.sh [--calls N] [--seed N]" >&2; exit 2 ;;
    esac
done
bin="${CARGO_TARGET_DIR:-$root/target}/release"
python=${SOAK_PYTHON:-python3}

work=$(mktemp -d "${TMPDIR:-/tmp}/tokenhot-soak.XXXXXX")
trap 'exec 3>&- 5>&- 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

# Start a server that exits when its standard input closes (held open here on fd
# $in_fd); sets $url to what it prints first. Not in a subshell, so the fd stays open.
start() {
    local name=$1 in_fd=$2; shift 2
    mkfifo "$work/$name.in" "$work/$name.out"
    "$@" <"$work/$name.in" >"$work/$name.out" &
    eval "exec $in_fd>\"$work/$name.in\""
    local line
    read -r line <"$work/$name.out"
    url=${line#listening on }
}
start mock 3 "$bin/tokenhot-mock" --exit-on-stdin-eof
mock_url=$url
start proxy 5 "$bin/soak-proxy" --upstream "$mock_url" --seed "$seed"
proxy_url=$url
echo "soak: $calls calls per driver, seed $seed, mock $mock_url, fault proxy $proxy_url"

summaries=()
failed=0
drive() {
    local name=$1; shift
    local line status=0
    line=$("$@") || status=$?
    echo "$line"
    summaries+=("$line")
    [ "$status" -eq 0 ] || { echo "soak: $name failed its checks" >&2; failed=1; }
}
drive rust "$bin/soak-rust" --proxy "$proxy_url" --calls "$calls"
drive python-sync "$python" "$soak_dir/soak.py" --proxy "$proxy_url" --calls "$calls" --mode sync
drive python-async "$python" "$soak_dir/soak.py" --proxy "$proxy_url" --calls "$calls" --mode async
drive node node "$soak_dir/soak.mjs" --proxy "$proxy_url" --calls "$calls"

faults=$("$python" -c 'import json, sys, urllib.request; s = json.load(urllib.request.urlopen(sys.argv[1] + "/__soak/stats")); print(json.dumps({"requests": s["requests"], "faults": s["faults"]}))' "$proxy_url")
echo "faults: $faults"
if [ "$calls" -ge 5000 ]; then
    printf '%s\n' "${summaries[@]}" | "$python" "$soak_dir/results.py" "$seed" "$faults" >"$soak_dir/RESULTS.md"
    echo "soak: figures written to tests/soak/RESULTS.md"
fi
[ "$failed" -eq 0 ] && echo "soak: every driver passed"
exit "$failed"
