#!/usr/bin/env bash
# Start-to-exit time of `taizhang check` on a generated 10 KB statement, dictionary load
# included (issue #7 target: < 150 ms). Uses hyperfine when it is installed
# (apt-get install hyperfine), else a Python timing loop.
#
#   scripts/bench_startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin taizhang --example gen_statements
bin="$target/release/taizhang"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$target/release/examples/gen_statements" 10000 3 > "$tmp/statement.txt"
echo "input: $(wc -c < "$tmp/statement.txt") bytes, $(wc -l < "$tmp/statement.txt") lines"
cmd=("$bin" check --fail-on never "$tmp/statement.txt")
"${cmd[@]}" > /dev/null
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 3 --runs "$runs" --shell=none --export-json "$tmp/h.json" "${cmd[*]}" > /dev/null
    python3 - "$tmp/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"taizhang check, 10 KB: mean {r['mean']*1e3:.1f} ms, median {r['median']*1e3:.1f} ms, "
      f"min {r['min']*1e3:.1f} ms, max {r['max']*1e3:.1f} ms ({len(r['times'])} runs, hyperfine)  (target < 150 ms)")
PY
else
    python3 - "$runs" "${cmd[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for i in range(runs + 3):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    if i >= 3:
        times.append(time.perf_counter() - t)
print(f"taizhang check, 10 KB: mean {statistics.mean(times)*1e3:.1f} ms, median {statistics.median(times)*1e3:.1f} ms, "
      f"min {min(times)*1e3:.1f} ms, max {max(times)*1e3:.1f} ms ({runs} runs, python)  (target < 150 ms)")
PY
fi
