#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/) one after the other, each for SECONDS (default 300).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   targets: analyze, read_input, docx_parts (default: all)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On stable Rust it runs with
# RUSTC_BOOTSTRAP=1 and without a sanitizer (the code is safe Rust: what we look for are
# panics, hangs, aborts and broken invariants, which need no sanitizer). Crashes land in
# fuzz/artifacts/TARGET/; turn each into a regression test (tests/hard_inputs.rs,
# tests/read_docx.rs). Set NICE=19 to run at low priority on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(analyze read_input docx_parts)
export RUSTC_BOOTSTRAP=1
run=(nice -n "${NICE:-0}")
"${run[@]}" cargo fuzz build -O -a --sanitizer none

# docx_parts seeds: a flag byte (1: wrap each part in its root element), then the document,
# numbering and styles parts separated by 0xFF bytes.
seed_docx_parts() {
    local dir=fuzz/corpus/docx_parts sep=$'\xff'
    printf '\x01%s%s%s%s%s' \
        '<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>加强学习</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p>' \
        "$sep" \
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="2"/></w:lvlOverride></w:num>' \
        "$sep" \
        '<w:style w:type="paragraph" w:default="1" w:styleId="N"/><w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="N"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' \
        > "$dir/numbering"
    printf '\x01%s' \
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>整改措施</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>责任单位</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>完成时限</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>完善制度。建立台账。</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>区委办</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>6月底前</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>加强督查</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>' \
        > "$dir/table"
    printf '\x00%s' \
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><mc:AlternateContent><mc:Choice><w:r><w:t>甲</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>甲</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:body></w:document>' \
        > "$dir/tracked"
}

for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    if [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
        if [ "$t" = docx_parts ]; then
            seed_docx_parts
        else
            # Seed the corpus with a generated statement.
            cargo run --release --example gen_statements -- 2000 1 > "fuzz/corpus/$t/seed.txt"
        fi
    fi
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    echo "== fuzzing $t for ${secs}s"
    "${run[@]}" cargo fuzz run -O -a --sanitizer none "$t" -- -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 "${dict[@]}" -print_final_stats=1
done
