//! Property tests: for any input — strings mixing enumeration markers, CJK words, cue and
//! time words, punctuation, digits, emoji, NUL and random chars — the analysis does not
//! panic, keeps every span inside the text and every child inside its parent, gives JSON
//! that parses, and gives the same JSON twice. The readers take any bytes without a panic.

#[path = "support/invariants.rs"]
mod invariants;

use proptest::prelude::*;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::text::CharText;

thread_local! {
    static ANALYZER: Analyzer = Analyzer::new(Config::default()).expect("dictionaries load");
}

/// Pieces statements are made of, and pieces that break them.
const PIECES: &[&str] = &[
    "一、",
    "二、",
    "三、",
    "十一、",
    "（一）",
    "(二)",
    "（ 三 ）",
    "1.",
    "2、",
    "３．",
    "12.",
    "1.5",
    "（1）",
    "(2)",
    "①",
    "②",
    "⑳",
    "一是",
    "二是",
    "三是要",
    "一要",
    "二要",
    "第一，",
    "第二，",
    "其一，",
    "其二，",
    "首先，",
    "其次，",
    "再次，",
    "最后，",
    "一方面，",
    "另一方面，",
    "区纪委",
    "区委",
    "区发改局",
    "各单位",
    "我们",
    "我",
    "他",
    "张晓",
    "党委书记",
    "有关部门",
    "**同志",
    "××局",
    "要",
    "将",
    "必须",
    "确保",
    "已",
    "了",
    "由",
    "牵头",
    "负责",
    "任组长",
    "要求",
    "表示",
    "牵头单位：",
    "责任单位：",
    "责任人：",
    "履行好",
    "主体责任",
    "负首责、负总责",
    "（包括",
    "6月底前",
    "年底前",
    "2024年12月31日前",
    "二〇二四年十二月",
    "三个月内",
    "30个工作日内",
    "第三季度末",
    "立即",
    "尽快",
    "长期坚持",
    "每月",
    "完成",
    "整改",
    "召开专题会议",
    "120座",
    "。",
    "，",
    "；",
    "：",
    "、",
    "！",
    "？",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "【",
    "】",
    "（",
    "）",
    "(",
    ")",
    "…",
    "——",
    "\n",
    "\n\n",
    " ",
    "\u{3000}",
    "\t",
    "\r",
    "\r\n",
    "\u{200b}",
    "\u{feff}",
    "0",
    "7",
    "2024",
    "１２",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "e\u{301}",
    "Ω",
    "مرحبا",
    "שלום",
    "\u{0}",
    "\u{7f}",
    "\u{fffd}",
    "\u{10ffff}",
    "a",
    "abc",
];

/// A string of 0–120 pieces, some of them arbitrary chars or strings.
fn statement() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "\\PC{0,8}",
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn check_text(text: &str) -> Result<(), TestCaseError> {
    ANALYZER.with(|analyzer| {
        let a = analyzer.analyze_text("prop", text);
        if let Err(e) = invariants::check(text, &a) {
            return Err(TestCaseError::fail(format!("{e}\ninput: {text:?}")));
        }
        let again = analyzer.analyze_text("prop", text);
        prop_assert_eq!(taizhang::report::json(&a), taizhang::report::json(&again), "not deterministic: {:?}", text);
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analysis_keeps_its_invariants(text in statement()) {
        check_text(&text)?;
    }

    #[test]
    fn every_output_format_renders(text in statement()) {
        ANALYZER.with(|analyzer| {
            let a = analyzer.analyze_text("prop", &text);
            let ct = CharText::new(&text);
            let found = taizhang::report::diagnostics::locate(&a, &ct);
            taizhang::report::diagnostics::human("prop", &ct, &found, false);
            taizhang::report::diagnostics::sarif(&[("prop".to_string(), found)]);
            taizhang::report::markdown(&a);
            taizhang::report::text_tree(&a);
            let rows = taizhang::report::csv_rows(&a, true);
            taizhang::report::csv_string(&taizhang::report::csv_header(true), &rows, true);
            let line = taizhang::report::json_line(&a, None);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&line).is_ok());
            Ok(())
        })?;
    }
}

/// Chars whose terminal width depends on their neighbours, and plain ones.
const WIDTH_PIECES: &[&str] = &[
    "a",
    "Z",
    " ",
    "一",
    "区",
    "。",
    "😀",
    "\u{301}",
    "\u{fe0f}",
    "\u{fe0e}",
    "\u{200d}",
    "👨\u{200d}👩",
    "🇨🇳",
    "1\u{fe0f}\u{20e3}",
    "\r",
    "\r\n",
    "\t",
    "ل",
    "ا",
    "ᬅ",
    "\u{0}",
    "\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(doc) = taizhang::read::decode_bytes("p.txt", &bytes) {
            prop_assert!(!doc.text.contains('\0'));
            prop_assert!(!doc.text.trim().is_empty());
            check_text(&doc.text)?;
        }
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        if let Err(e) = taizhang::read::read_docx("p.docx", &zip) {
            prop_assert_eq!(e.source, "p.docx");
        }
    }

    #[test]
    fn columns_match_a_scan_from_the_line_start(
        unit in proptest::collection::vec(proptest::sample::select(WIDTH_PIECES), 0..40),
        repeat in 1usize..400,
        probes in proptest::collection::vec(any::<prop::sample::Index>(), 1..20),
    ) {
        // Long lines (repeat makes them) go through the line index; the columns must be what a
        // scan from the line start gives: code points, and grapheme clusters.
        let text = unit.concat().repeat(repeat);
        let ct = CharText::new(&text);
        for p in probes {
            let ch = p.index(ct.len() + 1);
            let byte = ct.byte_at_char(ch);
            let before = &text[..byte];
            let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let prefix = &text[line_start..byte];
            let p = ct.position(ch);
            prop_assert_eq!(p.line, before.matches('\n').count() + 1);
            prop_assert_eq!(p.column_code_points, prefix.chars().count() + 1);
            // A cluster may straddle the char: the column is that of the cluster holding it.
            let clusters_before = unicode_segmentation::UnicodeSegmentation::graphemes(prefix, true).count();
            let line_to_here: String = text[line_start..].chars().take(prefix.chars().count() + 1).collect();
            let holding = unicode_segmentation::UnicodeSegmentation::graphemes(line_to_here.as_str(), true).count();
            prop_assert!(p.column == clusters_before + 1 || p.column == holding, "{} vs {}/{}", p.column, clusters_before + 1, holding);
            let (line, first) = ct.line_of(ch);
            prop_assert_eq!(line, text[line_start..].split('\n').next().unwrap_or(""));
            prop_assert_eq!(first, before[..line_start].chars().count());
        }
    }
}

#[test]
fn marker_soup_regressions() {
    // Inputs the fuzzers and property tests found; each once panicked or broke an invariant.
    for text in REGRESSIONS {
        check_text(text).unwrap();
    }
}

/// Crash inputs kept as regression tests (filled in as they are found).
const REGRESSIONS: &[&str] = &["", "\u{0}", "一、\n（一）\n1.\n（1）\n①一是", "一是二是三是", "（一）（一）（一）"];
