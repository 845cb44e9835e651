#!/usr/bin/env bash
# Start-to-exit time of `taizhang check` on a generated 10 KB statement, dictionary load
# included, against a program that only loads jieba-rs and cuts the same text, run back to
# back (issue #15 target: at most 0.5 of it).
#
#   scripts/bench_startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin taizhang --example gen_statements --example jieba_only
bin="$target/release/taizhang"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$target/release/examples/gen_statements" 10000 3 > "$tmp/statement.txt"
echo "input: $(wc -c < "$tmp/statement.txt") bytes, $(wc -l < "$tmp/statement.txt") lines"
jieba_only="$target/release/examples/jieba_only"
cmd=("$bin" check --fail-on never "$tmp/statement.txt")
"${cmd[@]}" > /dev/null
# Back to back: taizhang, then a program that only loads jieba-rs's dictionary and cuts the
# same text (examples/jieba_only.rs), run by run; medians and the median of the ratios.
python3 - "$runs" "$jieba_only" "$tmp/statement.txt" "${cmd[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, jieba_only, text, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
def once(c):
    t = time.perf_counter()
    subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
a, b = [], []
for i in range(runs + 3):
    ta, tb = once(cmd), once([jieba_only, text])
    if i >= 3:
        a.append(ta)
        b.append(tb)
ratio = statistics.median(x / y for x, y in zip(a, b))
print(f"taizhang check, 10 KB: median {statistics.median(a)*1e3:.1f} ms (min {min(a)*1e3:.1f}, max {max(a)*1e3:.1f})")
print(f"jieba-rs only (Jieba::new + cut): median {statistics.median(b)*1e3:.1f} ms (min {min(b)*1e3:.1f}, max {max(b)*1e3:.1f})")
print(f"ratio taizhang / jieba-only: {ratio:.2f} (median of {runs} back-to-back pairs; target <= 0.5)")
PY
