#!/usr/bin/env bash
# Output equality of two taizhang binaries: the JSON ledger (`extract --format json`), the
# findings (`check --format json`) and the tagged segmentation (`segment --pos --format
# json`) of every text of ../shared/eval/texts (skipped when absent), samples/ and a few
# generated statements. Used to show that a speed change changes no output: build the old
# binary first, keep a copy, then compare it with the new one.
#
#   scripts/bench_equal.sh OLD_BIN [NEW_BIN]       (NEW_BIN: target/release/taizhang)
#   scripts/bench_equal.sh --save DIR BIN          write BIN's outputs to DIR (a golden set)
#   scripts/bench_equal.sh --against DIR [NEW_BIN] compare NEW_BIN with a saved golden set
#
# Exit status 0 when every output is byte-identical, 1 when any differs (the differing
# inputs are listed).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

inputs() {
    local eval_dir="${EVAL_TEXTS:-../shared/eval/texts}"
    [ -d "$eval_dir" ] || eval_dir="/work/shared/eval/texts"
    if [ -d "$eval_dir" ]; then ls "$eval_dir"/*.txt; else echo "note: no eval texts ($eval_dir), samples only" >&2; fi
    ls samples/*.txt
    if [ -d "$GEN_DIR" ]; then ls "$GEN_DIR"/*.txt; fi
}

# save BIN DIR: every output of BIN into DIR.
save() {
    local bin="$1" dir="$2"
    mkdir -p "$dir"
    local n=0
    while read -r f; do
        local stem
        stem="$(basename "$(dirname "$f")")_$(basename "$f" .txt)"
        # The generated texts live in a temporary folder: their path is not compared.
        "$bin" extract --quiet --format json "$f" 2>&1 | sed "s|$GEN_DIR|GEN|g" > "$dir/$stem.extract.json" || true
        "$bin" check --quiet --fail-on never --format json "$f" 2>&1 | sed "s|$GEN_DIR|GEN|g" > "$dir/$stem.check.json" || true
        "$bin" segment --quiet --pos --format json "$f" > "$dir/$stem.segment.json" 2>&1 || true
        n=$((n + 1))
    done < <(inputs)
    echo "$n inputs" > "$dir/COUNT"
}

GEN_ROOT="$(mktemp -d)"
GEN_DIR="$GEN_ROOT/generated"
mkdir "$GEN_DIR"
trap 'rm -rf "$GEN_ROOT" "${tmp:-}"' EXIT
cargo build --release --quiet --example gen_statements
for seed in 1 2 3 4 5 6; do "$target/release/examples/gen_statements" 12000 "$seed" > "$GEN_DIR/gen_$seed.txt"; done

case "${1:-}" in
    --save)
        save "$3" "$2"
        cat "$2/COUNT"
        ;;
    --against)
        golden="$2"
        new="${3:-$target/release/taizhang}"
        tmp="$(mktemp -d)"
        save "$new" "$tmp"
        if diff -rq "$golden" "$tmp"; then
            echo "identical: $(cat "$tmp/COUNT") × extract, check, segment"
        else
            exit 1
        fi
        ;;
    "" | -h | --help)
        sed -n '2,14p' "$0"
        exit 2
        ;;
    *)
        old="$1"
        new="${2:-$target/release/taizhang}"
        tmp="$(mktemp -d)"
        save "$old" "$tmp/old"
        save "$new" "$tmp/new"
        if diff -rq "$tmp/old" "$tmp/new"; then
            echo "identical: $(cat "$tmp/new/COUNT") × extract, check, segment"
        else
            exit 1
        fi
        ;;
esac
