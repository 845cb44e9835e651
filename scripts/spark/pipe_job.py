"""The README's Spark pipeline, run by spark-submit from the directory that holds the
taizhang binary:

    spark-submit --master local[2] --files taizhang pipe_job.py DOCS.jsonl OUT_DIR PARTITIONS [ROUNDS]

Reads DOCS.jsonl ({"id", "text"} per line) into PARTITIONS partitions, pipes every
partition through `./taizhang extract --format jsonl --jobs 1 -` (checkCode=True: a non-zero
exit fails the task) and saves the result lines under OUT_DIR (part-00000, part-00001… in
partition order). Runs the job ROUNDS times (default 1; later rounds write OUT_DIR.2, …) and
prints {"seconds": …, "records": …} with the best time of a round (the job only, not the
start of the JVM).
"""
import json
import sys
import time

from pyspark import SparkConf, SparkContext

docs_path, out_dir, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
sc = SparkContext(conf=SparkConf().setAppName("taizhang-pipe"))
sc.setLogLevel("WARN")
# A small job first, so that the timed one does not pay for starting the Python workers.
sc.parallelize(range(4), 2).map(lambda x: x).count()

docs = sc.textFile(docs_path, minPartitions=partitions)
ledgers = docs.pipe("./taizhang extract --format jsonl --jobs 1 -", checkCode=True)
times = []
for r in range(rounds):
    start = time.monotonic()
    ledgers.saveAsTextFile(out_dir if r == 0 else f"{out_dir}.{r + 1}")
    times.append(time.monotonic() - start)
seconds = min(times)
records = docs.count()
print(json.dumps({"seconds": seconds, "records": records, "partitions": docs.getNumPartitions()}), flush=True)
sc.stop()
