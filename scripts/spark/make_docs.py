"""Turns the statements written by examples/gen_statements into JSON Lines documents
{"id": "statement_00000", "text": "..."}, one per line, in file-name order.

    python3 make_docs.py DIR COUNT OUT.jsonl
"""
import json
import os
import sys

src, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = sorted(n for n in os.listdir(src) if n.endswith(".txt"))
if len(names) < count:
    sys.exit(f"make_docs: {src} holds {len(names)} statements, fewer than {count}")
with open(out, "w", encoding="utf-8", newline="\n") as f:
    for name in names[:count]:
        with open(os.path.join(src, name), encoding="utf-8") as doc:
            text = doc.read()
        # ensure_ascii=False: the Chinese text stays as it is; json.dumps escapes every
        # control character, so a record is always one line.
        f.write(json.dumps({"id": name[: -len(".txt")], "text": text}, ensure_ascii=False) + "\n")
