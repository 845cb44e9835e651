//! Honest answers (issue 16): a text without commitments says so in every format instead of
//! "completeness 100%"; `--dict` takes jieba's format and warns about lines that cannot take
//! effect; plain text piped into the JSON Lines pipe is refused once, clearly; options that
//! do not apply to a format are refused, not ignored.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run taizhang");
    let mut pipe = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut pipe, stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A report of work done: no commitment in it.
const DONE: &str = "今年以来，全区已完成整改问题120个。\n群众满意度明显提升。\n";

#[test]
fn a_text_without_commitments_says_so_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("in")).unwrap();
    std::fs::write(d.join("in/a.txt"), DONE).unwrap();
    std::fs::write(d.join("in/b.txt"), DONE).unwrap();

    let tree = run_in(d, &["extract", "in/a.txt", "--format", "text"], None);
    assert!(text(&tree.stdout).contains("no commitment found: completeness —"), "{}", text(&tree.stdout));
    assert!(!text(&tree.stdout).contains('%'));

    let md = run_in(d, &["extract", "in/a.txt", "--format", "md"], None);
    assert!(text(&md.stdout).contains("未发现承诺事项（完整度：—）"), "{}", text(&md.stdout));

    let json = run_in(d, &["extract", "in/a.txt", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["completeness"], serde_json::Value::Null);

    let check = run_in(d, &["check", "in/a.txt"], None);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(text(&check.stdout), "in/a.txt: no commitment found; 0 findings; completeness —\n");
    let check = run_in(d, &["check", "in/a.txt", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["summary"]["completeness"], serde_json::Value::Null);

    for args in [&["extract", "in", "--format", "csv"][..], &["check", "in"]] {
        let batch = run_in(d, args, None);
        let err = text(&batch.stderr);
        assert!(err.contains("items, no commitment found: with an owner —, with a time limit —"), "{args:?}: {err}");
        assert!(!err.contains('%'), "{err}");
    }

    let piped = run_in(d, &["extract", "--format", "jsonl", "-"], Some(r#"{"id": "r1", "text": "今年以来，全区已完成整改问题120个。"}"#.as_bytes()));
    assert!(text(&piped.stderr).contains("no commitment found"), "{}", text(&piped.stderr));

    // An empty due-date view is no text without commitments.
    std::fs::write(d.join("due.txt"), "区纪委要在2024年6月底前完成专项督查。\n").unwrap();
    for (format, says) in [("md", "没有符合筛选条件的任务"), ("text", "no task overdue on 2024-05-01")] {
        let o = run_in(d, &["extract", "due.txt", "--format", format, "--overdue", "--date", "2024-05-01"], None);
        let out = text(&o.stdout);
        assert!(out.contains(says) && !out.contains("未发现承诺事项") && !out.contains("no commitment found"), "{out}");
    }

    let out = run_in(d, &["extract", "in", "--format", "xlsx", "-o", "ledger.xlsx", "-q"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut wb: Xlsx<_> = open_workbook(d.join("ledger.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let line = summary.get_value((1, 0)).map(|c: &Data| c.to_string()).unwrap_or_default();
    assert_eq!(line, "2 个文件，未发现承诺事项（0 项任务，完整度：—）");
}

#[test]
fn a_user_dictionary_in_jiebas_format_takes_effect_and_bad_lines_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A UTF-8 BOM, a comment, CRLF line ends, a word alone, a word with a tag only, a word
    // with frequency 0 and a line that is no entry.
    std::fs::write(d.join("user.dict"), "\u{feff}# 本单位的词\r\n巡察整改专班\r\n整改办 nt\r\n督查专员 0\r\n\r\n一 二 三 四\r\n").unwrap();
    std::fs::write(d.join("a.txt"), "巡察整改专班要在6月底前完成整改，整改办负责。\n").unwrap();
    let plain = run_in(d, &["segment", "a.txt"], None);
    assert!(!text(&plain.stdout).contains("巡察整改专班"), "the word is not in the built-in dictionary: {}", text(&plain.stdout));
    let with = run_in(d, &["segment", "a.txt", "--dict", "user.dict"], None);
    assert!(with.status.success());
    let words: Vec<String> = text(&with.stdout).split_whitespace().map(str::to_string).collect();
    assert_eq!(words[0], "巡察整改专班", "a word-only line cuts the word whole: {words:?}");
    assert!(words.contains(&"整改办".to_string()), "a `word tag` line takes effect: {words:?}");
    let err = text(&with.stderr);
    assert!(err.contains("taizhang: warning: user.dict:4: a frequency of 0"), "{err}");
    assert!(err.contains("taizhang: warning: user.dict:6: "), "{err}");
    assert_eq!(err.lines().count(), 2, "the comment, BOM, blank and CRLF lines are no problem: {err}");
    // Warnings are shown with --quiet too, and by every command that reads text.
    let check = run_in(d, &["check", "a.txt", "--dict", "user.dict", "-q"], None);
    assert!(text(&check.stderr).contains("user.dict:4:"), "{}", text(&check.stderr));
}

#[test]
fn plain_text_into_the_json_lines_pipe_is_refused_once() {
    let tmp = tempfile::tempdir().unwrap();
    // A terminal user pipes a statement: one message, exit 2, nothing on stdout.
    let o = run_in(tmp.path(), &["extract", "--format", "jsonl", "-"], Some("区纪委要在6月底前完成整改。\n我们要尽快落实。\n".as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("standard input is not JSON Lines") && err.contains(r#"{"id": …, "text": …}"#) && err.contains("--format json"), "{err}");
    // The same text with --format json is analysed.
    let o = run_in(tmp.path(), &["extract", "--format", "json", "-"], Some("区纪委要在6月底前完成整改。\n".as_bytes()));
    assert!(o.status.success());

    // A Spark task: a broken record, even the first of its partition, is an error line in
    // its place and the task succeeds.
    let input = "{\"id\": \"a\", \"te\n{\"id\": \"b\", \"text\": \"区纪委要在6月底前完成整改。\"}\nnot json\n";
    let o = run_in(tmp.path(), &["extract", "--format", "jsonl", "--jobs", "1", "-"], Some(input.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines: Vec<serde_json::Value> = text(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["line"], 1);
    assert!(lines[0]["error"].is_string());
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[2]["line"], 3);
}

#[test]
fn options_that_do_not_apply_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("a.txt"), "区纪委要在6月底前完成整改。\n").unwrap();
    let refused = |args: &[&str], says: &str| {
        let o = run_in(d, args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(text(&o.stderr).contains(says), "{args:?}: {}", text(&o.stderr));
    };
    for format in ["md", "text", "json", "jsonl"] {
        refused(&["extract", "a.txt", "--format", format, "--table", "responsibilities"], "--table applies to --format csv");
    }
    refused(&["extract", "a.txt", "--format", "xlsx", "-o", "x.xlsx", "--table", "items"], "--table applies to --format csv");
    refused(&["extract", "a.txt", "--emit-text", "--format", "json"], "cannot be used with");
    refused(&["extract", "a.txt", "--format", "json", "--group-by", "owner"], "--group-by owner applies to");
    refused(&["segment", "a.txt", "--date", "2024-05-01"], "unexpected argument '--date'");
    // What is offered works.
    let o = run_in(d, &["extract", "a.txt", "--format", "csv", "--table", "responsibilities"], None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run_in(d, &["segment", "a.txt", "--pos", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v[0]["tag"].is_string());
}
