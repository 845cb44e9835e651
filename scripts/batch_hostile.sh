#!/usr/bin/env bash
# A batch of 500 good generated statements plus one of each hostile input of issue 11, run as
# `taizhang extract DIR --out-dir OUT` under /usr/bin/time -v. Checks:
#   * the exit code is 2 (some inputs fail) and not an abort;
#   * every failure reported on stderr is named in the closing summary, and the inputs that
#     cannot be valid (corrupt, password-protected, the .docx bombs, the symlink trap) are
#     among them; every special entry is named as skipped; every hostile file is accounted
#     for (failed, skipped, or its ledger written);
#   * all 500 good ledgers are written, complete, and nothing is written into the inputs;
#   * a world-writable taizhang.toml in the working directory is ignored with a warning;
# and prints the wall time and the peak RSS. A few quick side runs check the configuration
# faults (/proc/self/environ, /dev/zero, a FIFO as dictionary), `..` after a symlink in
# --out-dir and --max-size 18446744073709551615.
#
#   scripts/batch_hostile.sh              # cargo build --release first
#   scripts/batch_hostile.sh --large      # also two 9 MB statements (above the 8 MiB gate)
#   TAIZHANG=path/to/taizhang KEEP=1 scripts/batch_hostile.sh
#   HOSTILE_SKIP="numbering_start_max.docx vmerge_bomb.docx" scripts/batch_hostile.sh
#
# The run is limited to HOSTILE_VMEM_KB of address space (default 4 GiB, 8 GiB with --large)
# so that a .docx bomb that is not yet defused aborts taizhang instead of exhausting the
# machine. Needs GNU time (apt-get install time), python3 and mkfifo.
set -uo pipefail
cd "$(dirname "$0")/.."
LARGE=0
[[ "${1:-}" == "--large" ]] && LARGE=1
VMEM_KB=${HOSTILE_VMEM_KB:-$(( LARGE ? 8388608 : 4194304 ))}
N_GOOD=500

work=$(mktemp -d)
[[ -n "${KEEP:-}" ]] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT
target="${CARGO_TARGET_DIR:-target}"
if [[ -z "${TAIZHANG:-}" ]]; then
    cargo build --release --quiet --bin taizhang --example gen_statements || exit 1
    TAIZHANG="$target/release/taizhang"
fi
gen="$target/release/examples/gen_statements"
[[ -x "$gen" ]] || cargo build --release --quiet --example gen_statements || exit 1
cp "$TAIZHANG" "$work/taizhang"
bin="$work/taizhang"

fails=0
check() { # check CONDITION-EXIT-CODE MESSAGE
    if [[ "$1" == 0 ]]; then echo "ok    $2"; else echo "FAIL  $2"; fails=$((fails + 1)); fi
}

# ---- the batch ---------------------------------------------------------------------------
batch="$work/run/batch"
mkdir -p "$batch/good" "$batch/hostile" "$batch/trap"
for i in $(seq 1 $N_GOOD); do
    "$gen" 6000 "$i" > "$batch/good/statement_$(printf %03d "$i").txt"
done
if (( LARGE )); then
    "$gen" 9500000 9001 > "$batch/good/large_1.txt"
    "$gen" 9500000 9002 > "$batch/good/large_2.txt"
fi

python3 - "$batch/hostile" <<'PY'
import os, socket, sys, zipfile

d = sys.argv[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

def docx(name, document, numbering=None, styles=None, extra=()):
    with zipfile.ZipFile(os.path.join(d, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("word/document.xml", document)
        if numbering: z.writestr("word/numbering.xml", numbering)
        if styles: z.writestr("word/styles.xml", styles)
        for n, body in extra: z.writestr(n, body)

def body(inner):
    return f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'

def para(text, ppr=""):
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'

NUMPR = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
def numbering(lvl):
    return (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">{lvl}</w:lvl>'
            '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')

# §1: a numbering level starting at i64::MAX, formatted as letters.
docx("numbering_start_max.docx", body(para("区财政局要在6月底前完成整改。", NUMPR) * 3),
     numbering('<w:start w:val="9223372036854775807"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/>'))

# §2: a vertically merged cell of 1 MB continued in 3,000 rows (a few KB zipped, 3 GB rendered).
big = "整改" * 500_000
rows = [f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{para(big)}</w:tc><w:tc>{para("区财政局")}</w:tc></w:tr>']
rows += ['<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>'] * 3000
docx("vmerge_bomb.docx", body(f'<w:tbl>{"".join(rows)}</w:tbl>'))

# §2: an lvlText of a million characters on the default paragraph style, 1,000 paragraphs.
styles = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
          f'<w:pPr>{NUMPR}</w:pPr></w:style></w:styles>')
docx("lvltext_bomb.docx", body(para("要抓好落实。") * 1000),
     numbering('<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="' + "一" * 1_000_000 + '"/>'), styles)

# §10: two entries with the same name.
with zipfile.ZipFile(os.path.join(d, "duplicate_entries.docx"), "w") as z:
    z.writestr("[Content_Types].xml", TYPES)
    z.writestr("word/document.xml", body(para("区委要在年底前完成整改。")))
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z.writestr("word/document.xml", body(para("区委要在6月底前完成整改。")))

# §8: a corrupt .docx, a password-protected one (an OLE compound file), BOM-less UTF-16.
open(os.path.join(d, "corrupt.docx"), "wb").write(b"PK\x03\x04 this is not a zip archive")
open(os.path.join(d, "password.docx"), "wb").write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4088))
text = "一、压实责任。区财政局要在2024年6月底前完成专项清理。\n" * 20
open(os.path.join(d, "utf16_nobom.txt"), "wb").write(text.encode("utf-16-le"))

# §9: legacy encodings other than GBK.
for enc, name in [("big5", "big5.txt"), ("shift_jis", "shift_jis.txt"), ("euc_kr", "euc_kr.txt")]:
    sample = {"big5": "一、壓實責任。區財政局要在六月底前完成專項清理。\n",
              "shift_jis": "一、責任の明確化。区財政局は六月末までに清算を完了する。\n",
              "euc_kr": "일、책임을 다한다。구 재정국은 6월 말까지 정리를 완료한다。\n"}[enc]
    open(os.path.join(d, name), "wb").write((sample * 20).encode(enc))

# §3: a 1 MB line of ordinary sentences.
open(os.path.join(d, "long_line.txt"), "w").write("区财政局要在6月底前完成专项清理，确保账实相符。" * 24000 + "\n")

# §10: a newline in a file name (good content: it is read).
open(os.path.join(d, "name\nwith newline.txt"), "w").write(text)

# §8: special entries.
os.symlink(os.path.join(d, "gone.txt"), os.path.join(d, "dangling.txt"))
os.symlink(os.path.join(d, "loop.txt"), os.path.join(d, "loop.txt"))
os.symlink(os.path.dirname(d), os.path.join(d, "dir_link"))
s = socket.socket(socket.AF_UNIX); s.bind(os.path.join(d, "socket")); s.close()
PY
mkfifo "$batch/hostile/fifo.txt"
special=(dangling.txt loop.txt dir_link socket fifo.txt)
must_fail=(hostile/corrupt.docx hostile/password.docx hostile/vmerge_bomb.docx hostile/lvltext_bomb.docx trap/a.txt)
# HOSTILE_SKIP="vmerge_bomb.docx …": leave some hostile files out (e.g. bombs a build cannot
# survive yet).
for f in ${HOSTILE_SKIP:-}; do
    rm -f "$batch/hostile/$f"
    must_fail=("${must_fail[@]/hostile\/$f}")
    echo "left out: $f"
done

# §5: the out-dir holds a symlink into the input folder `trap`, where a.txt's ledger would
# replace the input trap/a.txt.json. §6: an older ledger of a good file is a hard link to a
# canary, which an in-place write would change.
out="$work/run/out"
mkdir -p "$out/batch/good"
"$gen" 3000 77 > "$batch/trap/a.txt"
echo '{"an": "input that must not be replaced"}' > "$batch/trap/a.txt.json"
ln -s "$batch/trap" "$out/batch/trap"
echo "canary" > "$work/canary"
ln "$work/canary" "$out/batch/good/statement_001.txt.json"

# §4: a world-writable taizhang.toml turning every rule off where taizhang runs.
printf '[rules]\nmissing-owner = "off"\nmissing-deadline = "off"\n' > "$work/run/taizhang.toml"
chmod 666 "$work/run/taizhang.toml"

snapshot() { (cd "$batch" && find . -type f -print0 | sort -z | xargs -0 sha1sum) 2>/dev/null; }
before=$(snapshot)

echo "batch: $(find "$batch/good" -type f | wc -l) good files, $(ls -A "$batch/hostile" | wc -l) hostile entries, 1 trap"
code=0
( ulimit -v "$VMEM_KB"; cd "$work/run" && exec /usr/bin/time -v -o "$work/time.txt" "$bin" extract batch --out-dir out --jobs 2 ) \
    > "$work/stdout" 2> "$work/stderr" || code=$?
grep -v '^taizhang: ' "$work/stderr" | head -5
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
echo "extract: exit $code, wall $wall, peak RSS $(( ${rss:-0} / 1024 )) MB"

check "$([[ $code == 2 ]]; echo $?)" "exit code 2 (got $code)"
summary=$(sed -n '/^taizhang: [0-9]* files: /,$p' "$work/stderr")
check "$([[ -n "$summary" ]]; echo $?)" "a closing summary"
echo "$summary" | head -3 | sed 's/^/      /'
# Every failure noted during the run is named in the summary.
missing=0
while IFS= read -r line; do
    grep -qxF "taizhang: failed: ${line#taizhang: }" <<< "$summary" || { echo "      not in the summary: $line"; missing=1; }
done < <(sed '/^taizhang: [0-9]* files: /,$d' "$work/stderr" | grep '^taizhang: ' | grep -v '^taizhang: skipped \|^taizhang: warning: \|^taizhang: using config ')
check $missing "every failure reported is named in the summary"
for f in "${must_fail[@]}"; do
    [[ -z "$f" ]] && continue
    grep -q "^taizhang: failed: batch/$f: " <<< "$summary"; check $? "failed and named: $f"
done
for f in "${special[@]}"; do
    grep -q "^taizhang: skipped: batch/hostile/$f: " <<< "$summary"; check $? "skipped and named: $f"
done
# Every hostile file is accounted for.
unaccounted=0
for p in "$batch"/hostile/*; do
    name=${p#"$batch/"}
    shown=${name//$'\n'/\\n}
    if ! grep -qF "batch/$shown: " <<< "$summary" && [[ ! -e "$out/batch/$name.json" ]]; then
        echo "      unaccounted: $shown"; unaccounted=1
    fi
done
check $unaccounted "every hostile entry failed, skipped or written"
for f in hostile/numbering_start_max.docx hostile/duplicate_entries.docx hostile/utf16_nobom.txt hostile/big5.txt \
         hostile/shift_jis.txt hostile/euc_kr.txt hostile/long_line.txt; do
    if grep -q "^taizhang: failed: batch/$f: " <<< "$summary"; then
        echo "      $f: $(grep "^taizhang: failed: batch/$f: " <<< "$summary" | head -1 | cut -c1-160)"
    elif [[ -s "$out/batch/$f.json" ]]; then
        echo "      $f: read ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("encoding"), len(d["items"]), "items")' "$out/batch/$f.json" 2>/dev/null))"
    fi
done
check "$(awk '!/^taizhang: / {bad=1} END {exit bad}' "$work/stderr"; echo $?)" \
    "every stderr line starts with \"taizhang: \" (no name forged a line, no panic)"

# The good ledgers: all written, complete JSON.
python3 - "$batch/good" "$out/batch/good" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
bad = [f for f in sorted(os.listdir(src))
       if not os.path.isfile(os.path.join(dst, f + ".json"))
       or not isinstance(json.load(open(os.path.join(dst, f + ".json"))).get("items"), list)]
print(f"      {len(os.listdir(src)) - len(bad)} of {len(os.listdir(src))} good ledgers written" + (f"; missing or bad: {bad[:5]}" if bad else ""))
sys.exit(1 if bad else 0)
PY
check $? "all good ledgers written and complete"
check "$([[ $(cat "$work/canary") == canary ]]; echo $?)" "an older ledger is replaced, not written in place (canary intact)"
check "$([[ "$before" == "$(snapshot)" ]]; echo $?)" "nothing written into or changed in the inputs"
grep -q "^taizhang: warning: ignoring .*taizhang.toml: it may be written by group or others" "$work/stderr"
check $? "the world-writable taizhang.toml is ignored with a warning"
tmp_left=$(find "$out" -name '.taizhang-*.tmp' | wc -l)
check "$([[ $tmp_left == 0 ]]; echo $?)" "no temporary file left in the out-dir ($tmp_left)"

# ---- side runs ---------------------------------------------------------------------------
side="$work/side"
mkdir -p "$side/.git" "$side/data/sub"
cp "$batch/good/statement_001.txt" "$side/data/"
mkfifo "$side/fifo.dict"
for target in /proc/self/environ /dev/zero fifo.dict; do
    printf '[segment]\ndicts = ["%s"]\n' "$target" > "$side/taizhang.toml"
    c=0
    (cd "$side" && SECRET_FOR_THE_TEST=hunter2 timeout 20 "$bin" extract data/statement_001.txt) > /dev/null 2> "$work/side_err" || c=$?
    ok=1; [[ $c == 2 ]] && ! grep -q hunter2 "$work/side_err" && ok=0
    check $ok "a config naming $target as a dictionary: exit 2 ($c), nothing echoed: $(tail -1 "$work/side_err" | cut -c1-140)"
done
rm "$side/taizhang.toml"
ln -s "$side/data/sub" "$side/link"
c=0; (cd "$side" && "$bin" extract data --out-dir link/../ledgers) > /dev/null 2> "$work/side_err" || c=$?
ok=1; [[ $c == 2 && ! -e "$side/data/ledgers" ]] && grep -q "inside the input directory" "$work/side_err" && ok=0
check $ok "--out-dir link/../ledgers (inside the inputs through a symlink) is refused"
c=0; (cd "$side" && "$bin" extract data --max-size 18446744073709551615) > /dev/null 2>&1 || c=$?
check "$([[ $c == 2 ]]; echo $?)" "--max-size 18446744073709551615 is a usage error ($c)"

echo
if (( fails )); then echo "$fails check(s) failed"; exit 1; fi
echo "all checks passed"
