#!/usr/bin/env bash
# The README's Spark pipeline, run for real (not part of `cargo test`): installs PySpark
# from PyPI into a virtual environment, uses the system's JDK, generates DOCS statements
# (examples/gen_statements) as JSON Lines documents, runs
#     docs.pipe("./taizhang extract --format jsonl --jobs 1 -")
# with spark-submit in local[1] and local[2] mode, and checks that each result equals a
# single-machine run line for line (ids, items, flags, then the whole line). Then a bad
# record goes through Spark to show that it gives an error line in place and the task
# succeeds. Prints documents per second for 1 and 2 workers.
#
#   scripts/spark/run.sh [DOCS]            DOCS defaults to 2000
#
# Needs: python3 (with venv), a JDK 8, 11 or 17 (`java` on PATH or JAVA_HOME; Debian:
# apt-get install -y openjdk-17-jre-headless), cargo. The network is used only to install
# PySpark (once; the environment is kept).
# Environment: SPARK_WORK (default target/spark: environment, binary copy, data, results),
# PYSPARK_VERSION (default 3.5.9), PARTITIONS (default 2), ROUNDS (each timing is the best
# of this many runs, default 3), BYTES (size of a statement, default 3000), TAIZHANG (a
# built binary to use instead of building one).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
N=${1:-2000}
work=${SPARK_WORK:-$repo/target/spark}
PYSPARK_VERSION=${PYSPARK_VERSION:-3.5.9}
PARTITIONS=${PARTITIONS:-2}
BYTES=${BYTES:-3000}
ROUNDS=${ROUNDS:-3}
mkdir -p "$work"
work=$(cd "$work" && pwd)
say() { printf 'spark: %s\n' "$*"; }

# 1. The JDK.
if [[ -z "${JAVA_HOME:-}" ]]; then
    java_bin=$(command -v java) || { echo "spark: no java on PATH: install a JDK (apt-get install -y openjdk-17-jre-headless)" >&2; exit 2; }
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java_bin")")")
fi
export JAVA_HOME
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
say "java: $java_version ($JAVA_HOME)"

# 2. PySpark in a virtual environment.
venv=$work/venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    say "installing pyspark $PYSPARK_VERSION from PyPI"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
say "pyspark: $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
export PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
unset SPARK_HOME

# 3. The binary: a private copy, as it would be shipped with --files.
run=$work/run
rm -rf "$run" && mkdir -p "$run"
if [[ -z "${TAIZHANG:-}" ]]; then
    cargo build --release --quiet --bin taizhang --example gen_statements
    TAIZHANG=${CARGO_TARGET_DIR:-target}/release/taizhang
fi
cp "$TAIZHANG" "$run/taizhang"
cp scripts/spark/pipe_job.py "$run/"
say "binary: $("$run/taizhang" --version)"

# 4. The documents.
gen=${CARGO_TARGET_DIR:-target}/release/examples/gen_statements
[[ -x $gen ]] || cargo build --release --quiet --example gen_statements
rm -rf "$work/statements"
# Statements come out somewhat longer than BYTES; twice the bytes make enough of them.
"$gen" "$BYTES" 7 "$work/statements" $(( 2 * N * BYTES )) >/dev/null
python3 scripts/spark/make_docs.py "$work/statements" "$N" "$work/docs.jsonl"
say "$N documents, $(du -h "$work/docs.jsonl" | cut -f1) of JSON Lines"

now() { date +%s.%N; }
rate() { python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print(f'{n / s:.1f} docs/s ({s:.2f} s)')" "$@"; }

# 5. The single-machine reference, in the same run (best of ROUNDS).
cd "$run"
best() { python3 -c "import sys; print(min(map(float, sys.argv[1:])))" "$@"; }
times1=() times2=()
for _ in $(seq "$ROUNDS"); do
    t0=$(now); ./taizhang extract --format jsonl --jobs 1 - < "$work/docs.jsonl" > single.jsonl 2> single.err; t1=$(now)
    times1+=("$(python3 -c "print($t1 - $t0)")")
    t0=$(now); ./taizhang extract --format jsonl --jobs 2 - < "$work/docs.jsonl" > single2.jsonl 2> single2.err; t1=$(now)
    times2+=("$(python3 -c "print($t1 - $t0)")")
done
single1=$(best "${times1[@]}") single2=$(best "${times2[@]}")
cmp -s single.jsonl single2.jsonl || { echo "spark: --jobs 1 and --jobs 2 differ" >&2; exit 1; }
say "single machine, --jobs 1: $(rate "$N" "$single1")"
say "single machine, --jobs 2: $(rate "$N" "$single2")"

# 6. Spark, local[1] and local[2].
declare -A spark_seconds
for w in 1 2; do
    rm -rf "out$w" "out$w".*
    "$venv/bin/spark-submit" --master "local[$w]" --files taizhang pipe_job.py \
        "file://$work/docs.jsonl" "file://$run/out$w" "$PARTITIONS" "$ROUNDS" > "job$w.json" 2> "job$w.log" \
        || { echo "spark: the local[$w] job failed; see $run/job$w.log" >&2; tail -20 "job$w.log" >&2; exit 1; }
    for out in "out$w" "out$w".*; do
        [[ -d $out ]] || continue
        cat "$out"/part-* > "spark$w.jsonl"
        python3 "$repo/scripts/spark/compare.py" single.jsonl "spark$w.jsonl"
    done
    spark_seconds[$w]=$(python3 -c "import json; print(json.load(open('job$w.json'))['seconds'])")
    say "spark local[$w], $PARTITIONS partitions: $(rate "$N" "${spark_seconds[$w]}")"
done

# 7. A bad record through Spark: an error line in its place, the task succeeds (exit 0).
printf '%s\n' '{"id": "good-1", "text": "区纪委要在2024年6月30日前完成专项督查。"}' 'not json' \
    '{"id": "no-text"}' '{"id": "good-2", "text": "区财政局将于年底前完成资金清理。"}' > bad.jsonl
"$venv/bin/spark-submit" --master "local[2]" --files taizhang pipe_job.py "file://$run/bad.jsonl" "file://$run/outbad" 2 \
    > jobbad.json 2> jobbad.log || { echo "spark: the job with bad records failed; see $run/jobbad.log" >&2; exit 1; }
cat outbad/part-* > spark_bad.jsonl
python3 - spark_bad.jsonl <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [l.get("id") for l in lines] == ["good-1", None, "no-text", "good-2"], lines
assert "items" in lines[0] and "items" in lines[3], lines
assert "error" in lines[1] and "error" in lines[2], lines
print("spark: bad records: 4 lines in order, 2 ledgers and 2 error lines, the tasks succeeded")
PY

python3 - "$N" "$single1" "$single2" "${spark_seconds[1]}" "${spark_seconds[2]}" "$PARTITIONS" <<'PY'
import sys
n = int(sys.argv[1]); s1, s2, k1, k2 = map(float, sys.argv[2:6]); parts = sys.argv[6]
print(f"\n| run ({n} documents, best of rounds) | docs/s | seconds |\n|---|---|---|")
for name, s in [("taizhang --jobs 1 (one process)", s1), ("taizhang --jobs 2 (one process)", s2),
                (f"Spark local[1], {parts} partitions", k1), (f"Spark local[2], {parts} partitions", k2)]:
    print(f"| {name} | {n / s:.1f} | {s:.2f} |")
print(f"\nspark: local[2] / local[1] = {k1 / k2:.2f}x; local[2] / single --jobs 1 = {s1 / k2:.2f}x")
PY
