#!/usr/bin/env bash
# Peak memory and time of `taizhang extract` (issue #15 targets: a 50 MB batch under 150 MB;
# one 8 MB text at most 10 MiB per input MB). Needs GNU time (apt-get install time).
#
#   scripts/bench_memory.sh            a 50 MB batch of generated 10 KB statements, and one
#                                      8 MB text: the real texts of ../shared/eval/texts
#                                      repeated (generated statements when that is absent)
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

# One 8 MB text, and its peak per input MiB.
eval_dir="${EVAL_TEXTS:-../shared/eval/texts}"
if [ -d "$eval_dir" ]; then
    python3 - "$eval_dir" "$tmp/one8.txt" <<'PY'
import glob, sys
t = "".join(open(f, encoding="utf-8").read() + "\n" for f in sorted(glob.glob(sys.argv[1] + "/*.txt")))
n = 8 * 1024 * 1024 // len(t.encode()) + 1
open(sys.argv[2], "w", encoding="utf-8").write(t * n)
PY
    label="real texts"
else
    "$gen" 8400000 7 > "$tmp/one8.txt"
    label="generated"
fi
one_bytes=$(wc -c < "$tmp/one8.txt")
for fmt in csv json; do
    measure "extract --format $fmt, one 8 MB text ($label)" "$one_bytes" "$bin" extract --format "$fmt" "$tmp/one8.txt"
    python3 -c "import re,sys; t=open(sys.argv[1]).read(); rss=int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)); print(f'  {rss/1024/(int(sys.argv[2])/2**20):.1f} MiB of peak per input MiB')" "$tmp/time.txt" "$one_bytes"
done
rm "$tmp/one8.txt"

if [ "${1:-}" = "--large" ]; then
    "$gen" 60000000 5 > "$tmp/large.txt"
    measure "extract --format csv, one 60 MB file" "$(wc -c < "$tmp/large.txt")" "$bin" extract --format csv "$tmp/large.txt"
    rm "$tmp/large.txt"
    "$gen" 100000000 6 > "$tmp/huge.txt"
    measure "extract, 100 MB file, default --max-size" "$(wc -c < "$tmp/huge.txt")" "$bin" extract --format csv "$tmp/huge.txt"
    measure "extract --format csv --max-size 200000000, 100 MB file" "$(wc -c < "$tmp/huge.txt")" "$bin" extract --format csv --max-size 200000000 "$tmp/huge.txt"
fi
