#!/usr/bin/env bash
# Peak memory and time of `taizhang extract --format csv` (issue #7 target: < 200 MB on a
# 50 MB batch). Needs GNU time (apt-get install time).
#
#   scripts/bench_memory.sh            a 50 MB batch of generated 10 KB statements
#   scripts/bench_memory.sh --large    also one 60 MB file (near the 64 MiB --max-size), and
#                                      a 100 MB file: refused by default, then read with a
#                                      raised --max-size (needs ~6 GB of memory and a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin taizhang --example gen_statements
bin="$target/release/taizhang"
gen="$target/release/examples/gen_statements"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure LABEL BYTES COMMAND...: wall time, peak RSS and throughput of one run.
measure() {
    local label="$1" bytes="$2"
    shift 2
    local code=0
    /usr/bin/time -v -o "$tmp/time.txt" "$@" > "$tmp/out" 2> "$tmp/err" || code=$?
    python3 - "$tmp/time.txt" "$bytes" "$label" "$code" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
mb = int(sys.argv[2]) / 1e6
print(f"{sys.argv[3]}: {mb:.1f} MB in {secs:.2f} s ({mb / max(secs, 0.01):.2f} MB/s), peak RSS {rss / 1024:.0f} MB, exit {sys.argv[4]}")
PY
    if [ -s "$tmp/err" ]; then head -c 300 "$tmp/err"; echo; fi
}

"$gen" 10000 1000 "$tmp/batch" 50000000
files=("$tmp"/batch/*.txt)
bytes=$(cat "${files[@]}" | wc -c)
echo "batch: ${#files[@]} files"
measure "extract --format csv, 50 MB batch" "$bytes" "$bin" extract --format csv "${files[@]}"
measure "extract --format json, 50 MB batch" "$bytes" "$bin" extract --format json "${files[@]}"
rm -rf "$tmp/batch"

if [ "${1:-}" = "--large" ]; then
    "$gen" 60000000 5 > "$tmp/large.txt"
    measure "extract --format csv, one 60 MB file" "$(wc -c < "$tmp/large.txt")" "$bin" extract --format csv "$tmp/large.txt"
    rm "$tmp/large.txt"
    "$gen" 100000000 6 > "$tmp/huge.txt"
    measure "extract, 100 MB file, default --max-size" "$(wc -c < "$tmp/huge.txt")" "$bin" extract --format csv "$tmp/huge.txt"
    measure "extract --format csv --max-size 200000000, 100 MB file" "$(wc -c < "$tmp/huge.txt")" "$bin" extract --format csv --max-size 200000000 "$tmp/huge.txt"
fi
