#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/) one after the other, each for SECONDS (default 300).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        targets: analyze, read_input (default: both)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On stable Rust it runs with
# RUSTC_BOOTSTRAP=1 and without a sanitizer (the code is safe Rust: what we look for are
# panics, hangs and broken invariants, which need no sanitizer). Crashes land in
# fuzz/artifacts/TARGET/; turn each into a regression test in tests/hard_inputs.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(analyze read_input)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O -a --sanitizer none
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    # Seed the corpus with a generated statement when it is empty.
    if [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
        cargo run --release --example gen_statements -- 2000 1 > "fuzz/corpus/$t/seed.txt"
    fi
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    echo "== fuzzing $t for ${secs}s"
    cargo fuzz run -O -a --sanitizer none "$t" -- -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 "${dict[@]}" -print_final_stats=1
done
