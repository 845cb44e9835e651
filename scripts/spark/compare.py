"""Compares two taizhang JSON Lines results line by line: the same number of lines, and on
each line the same id, the same items (outline, kinds, owners, time limits, spans) and the
same flags; then the whole line byte for byte. Prints what differs and exits 1 on any
difference.

    python3 compare.py single.jsonl spark.jsonl
"""
import json
import sys


def flags(items):
    out = []
    for it in items:
        out.extend((it["id"], f["code"]) for f in it["flags"])
        out.extend(flags(it["children"]))
    return out


a_path, b_path = sys.argv[1], sys.argv[2]
with open(a_path, encoding="utf-8") as f:
    a = f.read().splitlines()
with open(b_path, encoding="utf-8") as f:
    b = f.read().splitlines()
problems = []
if len(a) != len(b):
    problems.append(f"{len(a)} lines in {a_path}, {len(b)} in {b_path}")
ids = items = nflags = 0
for n, (x, y) in enumerate(zip(a, b), 1):
    jx, jy = json.loads(x), json.loads(y)
    if "error" in jx or "error" in jy:
        problems.append(f"line {n}: an error record: {x[:200]} / {y[:200]}")
        continue
    if jx["id"] != jy["id"]:
        problems.append(f"line {n}: id {jx['id']!r} vs {jy['id']!r}")
    elif jx["items"] != jy["items"]:
        problems.append(f"line {n} ({jx['id']}): the items differ")
    elif flags(jx["items"]) != flags(jy["items"]):
        problems.append(f"line {n} ({jx['id']}): the flags differ")
    elif x != y:
        problems.append(f"line {n} ({jx['id']}): the lines differ")
    ids += 1
    items += len(jx["items"])
    nflags += len(flags(jx["items"]))
for p in problems[:20]:
    print("compare:", p)
if problems:
    print(f"compare: {len(problems)} differences")
    sys.exit(1)
print(f"compare: {len(a)} lines equal ({ids} ids, {items} top-level items, {nflags} flags)")
