//! Hard inputs, generated here (nothing big is committed): each is analysed in bounded time
//! and memory, or refused with a clear error that names the file (exit code 2) — never a
//! panic. Speed is measured by `scripts/bench_*.sh`, not asserted here; the inputs that once
//! took quadratic or cubic time are kept so that such a slip shows as a slow test run.

#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;
use std::process::{Command, Output};
use taizhang::analyzer::{Analyzer, Config};

fn analyzer() -> Analyzer {
    Analyzer::new(Config::default()).expect("dictionaries load")
}

/// Analyses `text` and checks the invariants of every analysis.
fn analyse(text: &str) -> taizhang::ledger::Analysis {
    let a = analyzer().analyze_text("hard", text);
    if let Err(e) = invariants::check(text, &a) {
        panic!("{e}");
    }
    a
}

fn taizhang(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang")).args(args).output().expect("run taizhang")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `extract` and `check` on a file: either both work, or both refuse it with exit code 2
/// and an error that names the file. Returns whether it was read.
fn run_cli(path: &Path) -> bool {
    let p = path.to_str().expect("utf-8 path");
    let extract = taizhang(&["extract", "--format", "json", p]);
    let check = taizhang(&["check", "--format", "line", p]);
    for o in [&extract, &check] {
        assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    }
    match extract.status.code() {
        Some(0) => {
            let v: serde_json::Value = serde_json::from_slice(&extract.stdout).expect("JSON output");
            assert!(v["items"].is_array());
            assert!(matches!(check.status.code(), Some(0 | 1)), "{}", stderr(&check));
            true
        }
        Some(2) => {
            assert_eq!(check.status.code(), Some(2));
            for o in [&extract, &check] {
                let e = stderr(o);
                assert!(e.starts_with(&format!("taizhang: {p}: ")), "error does not name the file: {e}");
            }
            false
        }
        other => panic!("exit {other:?}: {}", stderr(&extract)),
    }
}

/// Deterministic filler: CJK statement words without any punctuation.
fn words(n_chars: usize) -> String {
    const W: &[&str] = &[
        "区纪委",
        "要",
        "在",
        "6月底前",
        "完成",
        "整改",
        "任务",
        "我们",
        "将",
        "立即",
        "召开",
        "专题会议",
        "由",
        "区发改局",
        "牵头",
        "各单位",
        "配合",
        "履行好",
        "主体责任",
        "负首责",
        "负总责",
        "张晓",
        "要求",
        "各支部",
        "坚持",
        "问题导向",
        "年底前",
        "三个月内",
        "尽快",
        "长期坚持",
        "党委书记",
        "任组长",
        "成员",
        "建立",
        "长效机制",
    ];
    let mut s = String::new();
    let mut i = 7usize;
    while s.chars().count() < n_chars {
        i = i.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 2_147_483_648;
        s.push_str(W[i % W.len()]);
    }
    s
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // 100 MB, over the default limit of 64 MiB: a sparse file, refused before it is read.
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let p = big.to_str().unwrap();
    for args in [vec!["extract", "--format", "json", p], vec!["check", p]] {
        let o = taizhang(&args);
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert!(e.contains(p) && e.contains("larger than the limit") && e.contains("--max-size"), "{e}");
    }
    // A smaller --max-size: refused, and the next file is still read.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "区纪委要在6月底前完成整改。".repeat(100)).unwrap();
    let s = small.to_str().unwrap();
    let o = taizhang(&["extract", "--format", "json", "--max-size", "1000", s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(s), "{}", stderr(&o));
    let o = taizhang(&["extract", "--format", "json", "--max-size", "100000", s]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Standard input is bounded the same way.
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["extract", "--format", "json", "--max-size", "100", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all("区纪委要在6月底前完成整改。".repeat(50).as_bytes());
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("taizhang: -: "), "{}", stderr(&o));
}

#[test]
fn a_one_megabyte_line_without_punctuation() {
    let mut text = words(340_000);
    assert!(text.len() >= 1_000_000);
    analyse(&text);
    // The same with a single sentence end: one huge pledge sentence.
    text.push('。');
    let a = analyse(&text);
    assert!(a.items.len() <= 1);
}

#[test]
fn ten_thousand_markers() {
    let cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    // Chapter markers, one a line.
    let lines: String = (0..10_000).map(|i| format!("{}、要做好\n", cn[i % 10])).collect();
    analyse(&lines);
    // Every style nested, repeated on one line and on many.
    let nested = "一、（一）1.（1）①一是第一，首先，一方面，";
    analyse(&nested.repeat(10_000));
    analyse(&format!("{nested}\n").repeat(10_000));
    // Run-in markers in one paragraph, each with an owner and a time limit.
    let run_in: String = (0..10_000).map(|i| format!("{}是区纪委要在6月底前完成；", cn[i % 9])).collect();
    analyse(&run_in);
    // Markers with nothing between them.
    analyse(&"（一）".repeat(10_000));
    analyse(&"①".repeat(10_000));
    analyse(&"1.".repeat(10_000));
}

#[test]
fn many_owners_duties_and_limits_in_one_sentence() {
    // Each of these once took quadratic or cubic time in one long sentence.
    analyse(&"区纪委要履行好主体责任负首责、负总责".repeat(10_000));
    analyse(&"区纪委要在6月底前三个月内年底前立即尽快完成".repeat(10_000));
    analyse(&"张晓要求各支部".repeat(20_000));
    analyse(&"由区发改局牵头".repeat(20_000));
    analyse(&"区纪委、区委办公室、区发改局、".repeat(10_000));
}

#[test]
fn only_punctuation() {
    analyse(&"，。；：、！？“”（）【】《》…—,.;:!?()[]".repeat(20_000));
    analyse(&"\n".repeat(100_000));
    analyse(&"。".repeat(100_000));
}

#[test]
fn mixed_scripts_and_emoji() {
    let line = "整改😀🇨🇳Ωمرحباשלוםनमस्ते𝔘𝔫𝔦👨\u{200d}👩\u{200d}👧\u{200b}e\u{301}abc123，区纪委要在6月底前完成。\n";
    let a = analyse(&line.repeat(5_000));
    assert!(a.summary.commitments > 0);
    analyse(&"😀".repeat(200_000));
    analyse(&"\u{301}".repeat(100_000));
}

#[test]
fn nul_bytes_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("nul.txt");
    let mut bytes = "一、总体要求\n区纪委要在6月底前完成整改。\n".repeat(100).into_bytes();
    bytes.insert(100, 0);
    std::fs::write(&f, &bytes).unwrap();
    assert!(!run_cli(&f));
    // A NUL past the first 8 KB, where the binary sniffing does not look.
    let mut late = "区纪委要在6月底前完成整改。\n".repeat(1_000).into_bytes();
    late.extend_from_slice(b"\0\0\0");
    std::fs::write(&f, &late).unwrap();
    assert!(!run_cli(&f));
    // The library takes a NUL in a string like any other char.
    analyse("区纪委\0要在6月底前\0完成整改。");
}

#[test]
fn invalid_utf8_in_the_middle_of_a_utf8_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("broken.txt");
    let text = "一、总体要求\n区纪委要在6月底前完成整改。我们将立即召开专题会议。\n".repeat(50);
    for bad in [&b"\xff"[..], b"\xff\xfe\xc3", b"\xe6\x95", b"\xc0\xaf", b"\xed\xa0\x80"] {
        let mut bytes = text.as_bytes().to_vec();
        let cut = bytes.len() / 2;
        let cut = (cut..).find(|&i| text.is_char_boundary(i)).unwrap();
        bytes.splice(cut..cut, bad.iter().copied());
        std::fs::write(&f, &bytes).unwrap();
        run_cli(&f);
    }
}

#[test]
fn a_truncated_gbk_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gbk.txt");
    let (gbk, _, _) = encoding_rs::GBK.encode("一、总体要求\n区纪委要在6月底前完成整改任务");
    // Cut inside the last two-byte character, and a lone lead byte in the middle.
    std::fs::write(&f, &gbk[..gbk.len() - 1]).unwrap();
    run_cli(&f);
    let mut mid = gbk.to_vec();
    mid.insert(10, 0xD5);
    std::fs::write(&f, &mid).unwrap();
    run_cli(&f);
    // The whole text still reads.
    std::fs::write(&f, &gbk).unwrap();
    assert!(run_cli(&f));
}

#[test]
fn odd_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    assert!(!run_cli(&empty));
    let blank = dir.path().join("blank.txt");
    std::fs::write(&blank, " \n\u{3000}\n").unwrap();
    assert!(!run_cli(&blank));
    let bom_only = dir.path().join("bom.txt");
    std::fs::write(&bom_only, b"\xef\xbb\xbf").unwrap();
    assert!(!run_cli(&bom_only));
    let odd_utf16 = dir.path().join("utf16.txt");
    std::fs::write(&odd_utf16, b"\xff\xfe\x00\x4e\x01").unwrap();
    run_cli(&odd_utf16);
    let fake_docx = dir.path().join("fake.docx");
    std::fs::write(&fake_docx, "区纪委要在6月底前完成整改。").unwrap();
    assert!(!run_cli(&fake_docx));
    let truncated_zip = dir.path().join("cut.docx");
    std::fs::write(&truncated_zip, b"PK\x03\x04\x14\x00\x00\x00\x08\x00").unwrap();
    assert!(!run_cli(&truncated_zip));
}
