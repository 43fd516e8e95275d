#!/usr/bin/env bash
# Coverage-guided fuzzing of core's parsers (core/fuzz, cargo-fuzz on the nightly
# toolchain): each target runs for the given seconds (default 600), its corpus grows in
# core/fuzz/corpus/<target>/ and is minimised afterwards; `cargo test` replays it on
# stable (core/tests/fuzz_corpus.rs). A crash is saved in core/fuzz/artifacts/<target>/
# and this script fails. Usage: bash scripts/fuzz.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")/../core/fuzz"
seconds=${1:-600}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
for target in "${targets[@]}"; do
    printf '\n==> fuzz %s for %ss\n' "$target" "$seconds"
    mkdir -p "corpus/$target"
    log="$(mktemp)"
    status=0
    cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 >"$log" 2>&1 || status=$?
    # The run's summary: executions, coverage (cov: edges, ft: features), corpus size.
    grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::number_of_executed_units|^stat::peak_rss|SUMMARY|panicked' "$log" || true
    if [ "$status" -ne 0 ]; then tail -40 "$log"; exit "$status"; fi
    cargo +nightly fuzz cmin "$target" "corpus/$target" >/dev/null 2>&1
    printf '%s: %s inputs kept\n' "$target" "$(ls "corpus/$target" | wc -l)"
done
