//! `taizhang check --format sarif` against the SARIF 2.1.0 JSON schema (OASIS, errata 01,
//! vendored in tests/sarif/ — no network in tests), and its columns in the unit it declares
//! (`columnKind: unicodeCodePoints`) on lines with astral characters, combining marks and
//! emoji sequences; the other formats' columns count grapheme clusters.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn taizhang(args: &[&str], dir: &Path) -> (Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(args).current_dir(dir).output().expect("run taizhang");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    (serde_json::from_str(&stdout).unwrap_or(Value::Null), stdout)
}

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, log: &Value) -> Vec<String> {
    v.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// The first line holds 𠮷 (one code point beyond the BMP: two UTF-16 units, one column);
/// the second e + a combining acute (two code points, one grapheme) and a family emoji (five
/// code points joined by ZWJ, one grapheme); the third is plain.
const HARD: &str = "𠮷野村整改要求：一是…；二是…；四是…。\nCafe\u{301} 👨\u{200d}👩\u{200d}👧 会后，我们要尽快完成整改。\n区纪委要适时开展专项督查。\n";

#[test]
fn the_log_validates_against_the_sarif_schema() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("整改 方案.txt"), HARD).unwrap();
    std::fs::create_dir(tmp.path().join("drafts")).unwrap();
    std::fs::write(tmp.path().join("drafts/a#1.txt"), "一、总体要求\n（二）主要任务\n各单位要尽快整改。\n").unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/draft_with_slips.txt");
    let v = validator();
    let (log, raw) = taizhang(&["check", "--format", "sarif", "-q", "整改 方案.txt", "drafts", sample.to_str().unwrap()], tmp.path());
    let errors = schema_errors(&v, &log);
    assert!(errors.is_empty(), "{}\n{raw}", errors.join("\n"));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let uris: Vec<&str> =
        run["results"].as_array().unwrap().iter().map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap()).collect();
    assert!(uris.contains(&"%E6%95%B4%E6%94%B9%20%E6%96%B9%E6%A1%88.txt"), "{uris:?}");
    assert!(uris.contains(&"drafts/a%231.txt"), "{uris:?}");
    assert!(uris.iter().any(|u| u.starts_with("file:///") && u.ends_with("samples/draft_with_slips.txt")), "{uris:?}");
    // Info findings are notes; every rule is described with its example.
    assert!(run["results"].as_array().unwrap().iter().any(|r| r["ruleId"] == "mixed-style" && r["level"] == "note"));
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 9);

    // Draft 4 knows no `uri-reference` format: check the URIs by RFC 3986's characters.
    for u in &uris {
        let ok = u.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%:".contains(&b))
            && u.split('%').skip(1).all(|p| p.len() >= 2 && p.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
        assert!(ok, "not a URI reference: {u}");
    }

    // The validator is no rubber stamp: a column 0 and a log without version are errors.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = Value::from(0);
    assert!(!schema_errors(&v, &broken).is_empty());
    broken.as_object_mut().unwrap().remove("version");
    assert!(schema_errors(&v, &broken).len() >= 2);
}

/// Line and code-point column of char offset `at` of `text`, both from 1.
fn code_point_position(text: &str, at: usize) -> (usize, usize) {
    let before: Vec<char> = text.chars().take(at).collect();
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (line, column)
}

#[test]
fn sarif_columns_count_code_points_where_graphemes_and_utf16_differ() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hard.txt"), HARD).unwrap();
    let (log, raw) = taizhang(&["check", "--format", "sarif", "hard.txt"], tmp.path());
    let results = log["runs"][0]["results"].as_array().expect("results");
    let chars: Vec<char> = HARD.chars().collect();
    for r in results {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let at = region["charOffset"].as_u64().unwrap() as usize;
        let len = region["charLength"].as_u64().unwrap() as usize;
        let snippet: String = chars[at..at + len].iter().collect();
        assert_eq!(region["snippet"]["text"], snippet, "{r}");
        let (line, column) = code_point_position(HARD, at);
        assert_eq!((region["startLine"].as_u64().unwrap() as usize, region["startColumn"].as_u64().unwrap() as usize), (line, column), "{r}");
        let (end_line, end_column) = code_point_position(HARD, at + len);
        assert_eq!((region["endLine"].as_u64().unwrap() as usize, region["endColumn"].as_u64().unwrap() as usize), (end_line, end_column), "{r}");
    }
    let find = |code: &str, text: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == code && r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == text)
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startColumn"].as_u64().unwrap())
            .unwrap_or_else(|| panic!("no {code} on {text}: {raw}"))
    };
    // The seed: 四是 is code point 17 of its line (terminal cells would say 32).
    assert_eq!(find("numbering-gap", "四是"), 17);
    // After e + U+0301 and a 5-code-point family: 我们 is code point 16, grapheme 11.
    assert_eq!(find("vague-owner", "我们"), 16);
    assert_eq!(find("vague-deadline", "尽快"), 19);
    assert_eq!(find("vague-deadline", "适时"), 5);

    // The human, line and JSON formats give the grapheme column (what a reader counts).
    let (json, _) = taizhang(&["check", "--format", "json", "hard.txt"], tmp.path());
    let owner = json["findings"].as_array().unwrap().iter().find(|f| f["code"] == "vague-owner").expect("vague-owner");
    assert_eq!((owner["line"].as_u64(), owner["column"].as_u64(), owner["column_code_points"].as_u64()), (Some(2), Some(11), Some(16)));
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(["check", "--format", "line", "hard.txt"]).current_dir(tmp.path()).output().unwrap();
    let lines = String::from_utf8(out.stdout).unwrap();
    assert!(lines.contains("hard.txt:2:11: warning[vague-owner]: 责任主体只有泛指的“我们”"), "{lines}");
    assert!(lines.contains("hard.txt:1:17: warning[numbering-gap]: 序号“四是”前缺少第3项"), "{lines}");
}
