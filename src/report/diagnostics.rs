//! `taizhang check`: findings as a linter shows them — a `file:line:col: warning[code]:`
//! line with the source line and a caret under the span (annotate-snippets, CJK counted at
//! their terminal width), or one such line per finding, JSON, or SARIF 2.1.0 for code review.
//!
//! Units: `line` counts from 1, lines end at `\n`. The human, line and JSON formats give the
//! `column` in characters as a reader counts them (grapheme clusters: a letter with its
//! combining marks, or an emoji sequence, is one), counted from 1; JSON adds
//! `column_code_points`; SARIF counts columns in Unicode code points (`columnKind:
//! unicodeCodePoints`); every `span`, `charOffset` and `charLength` counts code points from 0.

use crate::ledger::Analysis;
use crate::rules::{all_rules, Finding, Severity};
use crate::text::{CharText, Position};
use annotate_snippets::{Level, Renderer, Snippet};
use serde_json::json;
use std::fmt::Write as _;

/// A finding with its position resolved against the text.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in grapheme clusters (what a reader counts as characters).
    pub column: usize,
    /// 1-based column in Unicode code points (SARIF's `unicodeCodePoints`).
    pub column_code_points: usize,
    /// Where the span ends: the line and columns of the char after its last char.
    pub end: Position,
    /// The text the span covers.
    pub matched: String,
}

/// Resolves the findings of an analysis against its text.
pub fn locate(a: &Analysis, text: &CharText) -> Vec<Located> {
    a.all_findings()
        .into_iter()
        .map(|f| {
            let p = text.position(f.span.start);
            let end = text.position(f.span.end);
            let matched = text.slice(f.span).to_string();
            Located { finding: f.clone(), line: p.line, column: p.column, column_code_points: p.column_code_points, end, matched }
        })
        .collect()
}

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// Lines longer than this many chars are shown only around a finding…
const LONG_LINE: usize = 1000;
/// …this many chars either side of it.
const CONTEXT: usize = 200;

/// Human output: header line, source line with a caret underline, and the suggestion.
pub fn human(path: &str, text: &CharText, found: &[Located], color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for l in found {
        let f = &l.finding;
        let _ = writeln!(out, "{}", header(path, l));
        let (line_text, line_start) = text.line_of(f.span.start);
        let line_byte = text.byte_at_char(line_start);
        let line_chars = text.char_at_byte(line_byte + line_text.len()) - line_start;
        let a = f.span.start - line_start;
        let b = (f.span.end.max(f.span.start + 1) - line_start).min(line_chars).max(a + 1).min(line_chars.max(a + 1));
        let byte = |c: usize| text.byte_at_char(line_start + c.min(line_chars)) - line_byte;
        // Of a very long line only the part around the finding is shown: the renderer scans
        // all it is given, once per finding.
        let (lo, hi) = if line_chars > LONG_LINE { (a.saturating_sub(CONTEXT), (b + CONTEXT).min(line_chars)) } else { (0, line_chars) };
        let line_text = &line_text[byte(lo)..byte(hi)];
        let range = byte(a) - byte(lo)..byte(b).max(byte(a)) - byte(lo);
        let lvl = level(f.severity);
        let msg = lvl
            .title("")
            .snippet(Snippet::source(line_text).line_start(l.line).annotation(lvl.span(range).label(f.code)))
            .footer(Level::Help.title(&f.suggestion));
        // Our own header line above stands for annotate-snippets' title line.
        let rendered = renderer.render(msg).to_string();
        let body = rendered.split_once('\n').map(|(_, b)| b).unwrap_or("");
        let _ = writeln!(out, "{body}\n");
    }
    out
}

/// The header of a finding: `path:line:col: severity[code]: message` (the column in
/// grapheme clusters).
fn header(path: &str, l: &Located) -> String {
    let f = &l.finding;
    format!("{path}:{}:{}: {}[{}]: {}", l.line, l.column, f.severity.name(), f.code, f.message)
}

/// One finding per line, `path:line:col: severity[code]: message` (the header line of the
/// human format), for editors and grep.
pub fn lines(path: &str, found: &[Located]) -> String {
    found.iter().map(|l| header(path, l) + "\n").collect()
}

/// One finding as a JSON object: code, severity, message, suggestion, line, column (grapheme
/// clusters), column_code_points, char span, matched text and item id.
pub fn finding_value(l: &Located) -> serde_json::Value {
    json!({
        "code": l.finding.code,
        "severity": l.finding.severity,
        "message": l.finding.message,
        "suggestion": l.finding.suggestion,
        "line": l.line,
        "column": l.column,
        "column_code_points": l.column_code_points,
        "span": {"start": l.finding.span.start, "end": l.finding.span.end},
        "matched": l.matched,
        "item": l.finding.item,
    })
}

/// Findings of one file as a JSON value.
pub fn json_value(path: &str, a: &Analysis, found: &[Located]) -> serde_json::Value {
    json!({
        "path": path,
        "findings": found.iter().map(finding_value).collect::<Vec<_>>(),
        "summary": summary_value(a, found),
    })
}

fn summary_value(a: &Analysis, found: &[Located]) -> serde_json::Value {
    let mut by_code = std::collections::BTreeMap::new();
    for l in found {
        *by_code.entry(l.finding.code).or_insert(0usize) += 1;
    }
    json!({
        "pledges": a.summary.commitments,
        "with_owner_and_time_limit": a.summary.complete,
        "completeness": a.summary.completeness,
        "findings_by_code": by_code,
    })
}

/// The SARIF `uri` of a path: a relative reference for a relative path, a `file://` URI for
/// an absolute one, every byte outside RFC 3986's unreserved characters and `/`
/// percent-encoded (so 整改方案 1.txt gives `%E6%95%B4…%201.txt`).
pub fn sarif_uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The SARIF schema this log follows (OASIS, SARIF 2.1.0 with errata 01).
pub const SARIF_SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A rule's example and its fix on one line: `例：bad → good`.
fn example_text(r: &dyn crate::rules::Rule) -> String {
    let (bad, good) = r.example();
    format!("例：{} → {}", bad.replace('\n', " / "), good.replace('\n', " / "))
}

/// SARIF 2.1.0 for a set of files: one run, columns in Unicode code points (`columnKind:
/// unicodeCodePoints`, as the spans count), each result's region with its start and end line
/// and column, char offset and length, and the matched text as its snippet.
pub fn sarif(files: &[(String, Vec<Located>)]) -> String {
    let rules: Vec<serde_json::Value> = all_rules()
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "shortDescription": {"text": r.description()},
                "help": {"text": example_text(r.as_ref())},
                "defaultConfiguration": {"level": sarif_level(r.default_severity())},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = files
        .iter()
        .flat_map(|(path, found)| {
            found.iter().map(move |l| {
                json!({
                    "ruleId": l.finding.code,
                    "level": sarif_level(l.finding.severity),
                    "message": {"text": format!("{} {}", l.finding.message, l.finding.suggestion)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": sarif_uri(path)},
                        "region": {
                            "startLine": l.line,
                            "startColumn": l.column_code_points,
                            "endLine": l.end.line,
                            "endColumn": l.end.column_code_points,
                            "charOffset": l.finding.span.start,
                            "charLength": l.finding.span.len(),
                            "snippet": {"text": l.matched},
                        }
                    }}],
                })
            })
        })
        .collect();
    let doc = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "taizhang", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The closing summary: pledges, how many are complete, findings by code, completeness.
pub fn summary_text(a: &Analysis, found: &[Located]) -> String {
    let mut by_code = std::collections::BTreeMap::new();
    for l in found {
        *by_code.entry(l.finding.code).or_insert(0usize) += 1;
    }
    let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
    let pledges = match a.summary.commitments {
        0 => "no commitment found".to_string(),
        n => format!("{n} pledges, {} with owner and time limit", a.summary.complete),
    };
    format!(
        "{}: {pledges}; {} findings{}; completeness {}\n",
        a.source,
        found.len(),
        if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) },
        percent(a.summary.completeness)
    )
}

/// A share as a whole percentage, `—` when there is nothing to measure (no commitment).
pub fn percent(share: Option<f64>) -> String {
    share.map(|x| format!("{:.0}%", x * 100.0)).unwrap_or_else(|| "—".to_string())
}

/// True when any finding is at or above `fail_on`.
pub fn fails(found: &[Located], fail_on: Severity) -> bool {
    found.iter().any(|l| l.finding.severity >= fail_on)
}
