#!/usr/bin/env python3
"""Load test of `taizhang serve` on loopback: N concurrent analyses of a ~10 KB text.

Starts `taizhang serve --port 0` (the release binary unless --bin says otherwise), sends
ROUNDS rounds of N simultaneous POST /api/analyze requests (one thread each, released
together by a barrier), checks every answer (200, its own text back, spans inside the
text), and prints the throughput and latencies. As a reference in the same run it times
`taizhang extract --jobs J` on the same N texts as files, so the HTTP server's cost is a
ratio, not a number of seconds that depends on the machine.

Bounded: N requests per round, ROUNDS rounds, a 120 s timeout on each request, loopback
only. Exit code 0 when every request succeeded, 1 otherwise.

    python3 scripts/serve_load.py [--bin target/release/taizhang] [-n 200] [--rounds 3] [--jobs 2]
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = ["biaotai.txt", "zhenggai_fangan.txt", "chengnuo.txt", "draft_with_slips.txt"]


def ten_kb_text():
    """About 10 KB (UTF-8) of statements: the samples, repeated, cut at a line end."""
    parts = [open(os.path.join(ROOT, "samples", s), encoding="utf-8").read() for s in SAMPLES]
    text = ""
    while len(text.encode()) < 10 * 1024:
        text += "\n".join(parts) + "\n"
    cut = text.encode()[: 10 * 1024].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n") + 1]


def start_server(binary, jobs):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--quiet", "--jobs", str(jobs), "--timeout", "120"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    prefix = "taizhang serve: http://"
    if not line.startswith(prefix):
        proc.kill()
        sys.exit(f"unexpected first line from the server: {line!r}")
    host, port = line[len(prefix):].rstrip("/").rsplit(":", 1)
    return proc, host, int(port)


def one_request(host, port, text, out, i, barrier):
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    barrier.wait()
    t0 = time.perf_counter()
    try:
        c = http.client.HTTPConnection(host, port, timeout=120)
        c.request("POST", "/api/analyze", body, {"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        c.close()
        dt = time.perf_counter() - t0
        if r.status != 200:
            out[i] = ("error", dt, f"{r.status} {data[:200]!r}")
            return
        doc = json.loads(data)
        n = len(doc["text"])
        if doc["text"] != text:
            out[i] = ("error", dt, "the answer is about another text")
        elif not all(0 <= f["span"]["start"] <= f["span"]["end"] <= n for f in doc["findings"]):
            out[i] = ("error", dt, "a span outside the text")
        else:
            out[i] = ("ok", dt, len(doc["findings"]))
    except Exception as e:  # a refused or reset connection is a failure, reported
        out[i] = ("error", time.perf_counter() - t0, repr(e))


def round_of(host, port, texts):
    out = [None] * len(texts)
    barrier = threading.Barrier(len(texts) + 1)
    threads = [threading.Thread(target=one_request, args=(host, port, t, out, i, barrier)) for i, t in enumerate(texts)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, out


def batch_reference(binary, texts, jobs):
    """`taizhang extract --jobs J` over the same texts as files: the analysis alone."""
    with tempfile.TemporaryDirectory() as d:
        for i, t in enumerate(texts):
            with open(os.path.join(d, f"{i:04}.txt"), "w", encoding="utf-8") as f:
                f.write(t)
        t0 = time.perf_counter()
        subprocess.run([binary, "extract", d, "--format", "jsonl", "--quiet", "--jobs", str(jobs)],
                       stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "taizhang"))
    ap.add_argument("-n", type=int, default=200, help="concurrent requests per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the server's --jobs (and the reference's)")
    args = ap.parse_args()

    base = ten_kb_text()
    # Each request its own text (a numbered first line), so no answer can stand for another.
    texts = [f"第{i}份\n{base}" for i in range(args.n)]
    size = len(texts[0].encode())
    proc, host, port = start_server(args.bin, args.jobs)
    walls, lat, errors, findings = [], [], [], set()
    try:
        for _ in range(args.rounds):
            wall, out = round_of(host, port, texts)
            walls.append(wall)
            for status, dt, detail in out:
                lat.append(dt)
                if status == "ok":
                    findings.add(detail)
                else:
                    errors.append(detail)
    finally:
        proc.kill()
        proc.wait()
    ref = batch_reference(args.bin, texts, args.jobs)

    total = args.n * args.rounds
    best = min(walls)
    q = statistics.quantiles(lat, n=100)
    print(f"texts: {args.n} concurrent requests of {size} bytes (UTF-8) per round, {args.rounds} rounds, --jobs {args.jobs}")
    print(f"requests: {total}, ok {total - len(errors)}, errors {len(errors)}")
    print("round wall times: " + ", ".join(f"{w:.2f} s" for w in walls))
    print(f"throughput (best round): {args.n / best:.1f} analyses/s, {args.n * size / best / 1024:.0f} KiB/s")
    print(f"latency: p50 {q[49]:.2f} s, p95 {q[94]:.2f} s, max {max(lat):.2f} s (requests wait their turn in the pool)")
    print(f"reference, taizhang extract --jobs {args.jobs} on the same {args.n} texts as files: {ref:.2f} s "
          f"({args.n / ref:.1f} analyses/s); serve / extract time: {best / ref:.2f}")
    for e in errors[:10]:
        print("error: " + str(e))
    if len(findings) > 1:
        print(f"error: the same text gave different finding counts: {sorted(findings)}")
    print(f"load test: {total - len(errors)} passed, {len(errors)} failed")
    return 1 if errors or len(findings) > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
