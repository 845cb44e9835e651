#!/usr/bin/env python3
"""Times Python jieba's cut (HMM on) over a corpus file; prints the best MB/s.

Usage: bench_python_jieba.py CORPUS [ROUNDS]
The corpus holds statements separated by form feeds (U+000C), as benches/analyze.rs
writes it; the figure is UTF-8 bytes of the corpus per second, best of ROUNDS.
"""
import sys
import time

import jieba

jieba.setLogLevel(60)


def main() -> None:
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, encoding="utf-8") as f:
        docs = f.read().split("\f")
    size = sum(len(d.encode("utf-8")) for d in docs)
    jieba.initialize()
    for d in docs[:3]:
        list(jieba.cut(d, HMM=True))
    best = float("inf")
    for _ in range(max(rounds, 1)):
        t = time.perf_counter()
        for d in docs:
            for _ in jieba.cut(d, HMM=True):
                pass
        best = min(best, time.perf_counter() - t)
    print(f"{size / 1e6 / best:.3f}")


if __name__ == "__main__":
    main()
