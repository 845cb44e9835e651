//! The JSON Lines pipeline (`taizhang extract --format jsonl -`): `{"id": …, "text": …}`
//! documents on stdin, one result line per document on stdout in input order, for Spark
//! `RDD.pipe` and Hadoop Streaming. A bad record gives an error line and the stream goes
//! on.

use super::load::Loader;
use super::pool::run_ordered;
use super::progress::{DocStats, Tally};
use super::{put, EXIT_FAILED, EXIT_OK};
use std::io::{BufRead, Read, Write};
use taizhang::analyzer::Analyzer;
use taizhang::read::{self as input, Document, InputError};
use taizhang::report;
use taizhang::report::due::DueFilter;

/// Lines of a JSON Lines stream: (line number, bytes), blank lines left out; a line longer
/// than the limit is an `Err` (and is not held in memory), as is a read error, which also
/// ends the stream.
struct JsonLines<R> {
    reader: R,
    max: u64,
    line: usize,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    fn new(reader: R, max: u64) -> Self {
        JsonLines { reader, max, line: 0, done: false }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = (usize, Result<Vec<u8>, String>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.line += 1;
            let mut buf = Vec::new();
            match (&mut self.reader).take(self.max.saturating_add(1)).read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some((self.line, Err(format!("cannot read standard input: {e}"))));
                }
            }
            if buf.last() != Some(&b'\n') && buf.len() as u64 > self.max {
                if let Err(e) = self.reader.skip_until(b'\n') {
                    self.done = true;
                    return Some((self.line, Err(format!("cannot read standard input: {e}"))));
                }
                return Some((self.line, Err(format!("line is longer than the limit of {} bytes (raise it with --max-size)", self.max))));
            }
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some((self.line, Ok(buf)));
        }
    }
}

/// True when a line may be meant as JSON: it opens with `{` or `[` (after white space).
fn looks_like_json(line: &[u8]) -> bool {
    line.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'['))
}

/// The error object of a JSON Lines record.
fn error_line(id: Option<&serde_json::Value>, line: usize, problem: &str) -> String {
    serde_json::json!({"id": id.cloned().unwrap_or(serde_json::Value::Null), "line": line, "error": problem}).to_string() + "\n"
}

/// Analyses one JSON Lines record: the result line, with the record's stats, or an error
/// line with the problem. A record above the large-input size waits for the large permit.
fn pipe_record(
    analyzer: &Analyzer,
    loader: &Loader,
    due: &DueFilter,
    line: usize,
    bytes: Result<Vec<u8>, String>,
) -> Result<(String, DocStats), (String, String)> {
    let fail = |id: Option<&serde_json::Value>, p: String| Err((error_line(id, line, &p), p));
    let bytes = match bytes {
        Ok(b) => b,
        Err(p) => return fail(None, p),
    };
    let _permit = loader.permit_for(bytes.len(), None);
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return fail(None, format!("not a JSON object: {e}")),
    };
    drop(bytes);
    let Some(obj) = value.as_object() else {
        return fail(None, "not a JSON object".to_string());
    };
    let id = obj.get("id");
    let text = match obj.get("text") {
        Some(serde_json::Value::String(t)) => t,
        Some(_) => return fail(id, "\"text\" is not a string".to_string()),
        None => return fail(id, "no \"text\" field".to_string()),
    };
    if text.trim().is_empty() {
        return fail(id, "\"text\" is empty".to_string());
    }
    let source = match id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => format!("line {line}"),
    };
    let doc = Document { source, text: input::normalise_newlines(text), encoding: "UTF-8".to_string() };
    let a = analyzer.analyze_owned(doc);
    let mut stats = DocStats::of(&a);
    stats.due = due.count(&a);
    let a = due.apply(a);
    let id = id.cloned().unwrap_or_else(|| serde_json::Value::from(line));
    Ok((report::json_line(&a, Some(&id)) + "\n", stats))
}

/// A JSON Lines pipeline: reads `{"id": …, "text": …}` documents, one per line, and writes
/// one result line per document in input order — the analysis with the record's `id` (its
/// line number when it has none), with only the tasks of the due-date view `due` when it is
/// not open. A bad record gives `{"id": …, "line": n, "error": …}` and the stream goes on;
/// blank lines are skipped. Returns 0 (bad records do not fail a Spark
/// or Hadoop task), or 2 when the input cannot be read or the output written.
///
/// # Errors
/// The first line is not JSON at all (plain text piped in: nothing is written), or the
/// worker threads cannot be started.
pub fn pipe_jsonl<R: BufRead + Send>(
    analyzer: &Analyzer,
    input: R,
    out: &mut dyn Write,
    jobs: usize,
    max_line: u64,
    quiet: bool,
    due: &DueFilter,
) -> Result<u8, String> {
    let mut lines = JsonLines::new(input, max_line).peekable();
    // Plain text piped in by mistake (`cat a.txt | taizhang extract --format jsonl -`): one
    // clear error instead of an error object per line. A record that is JSON but broken
    // stays an error line in its place, as Spark and Hadoop need.
    if let Some((n, Ok(first))) = lines.peek() {
        if !looks_like_json(first) {
            return Err(format!(
                "standard input is not JSON Lines: line {n} is no JSON object. With --format jsonl, - reads one \
                 {{\"id\": …, \"text\": …}} object per line (for Spark and Hadoop); to analyse a plain text \
                 from standard input, use --format json (or text, md, csv)"
            ));
        }
    }
    let feed = lines.map(|(line, bytes)| (line, (line, bytes)));
    let loader = Loader::new(max_line);
    let mut tally = Tally { view: due.describe(), ..Tally::default() };
    let mut write_error: Option<std::io::Error> = None;
    let mut read_error = false;
    run_ordered(
        jobs,
        None::<fn()>,
        feed,
        |(line, bytes)| pipe_record(analyzer, &loader, due, line, bytes),
        |line, result| {
            let text = match result {
                Ok(Ok((text, stats))) => {
                    tally.add(stats);
                    text
                }
                Ok(Err((text, problem))) => {
                    read_error |= problem.starts_with("cannot read standard input");
                    tally.failed.push(InputError::new(&format!("line {line}"), problem));
                    text
                }
                Err(panic) => {
                    tally.failed.push(InputError::new(&format!("line {line}"), panic.clone()));
                    error_line(None, line, &panic)
                }
            };
            put(out, &text, &mut write_error);
            if let (None, Err(e)) = (&write_error, out.flush()) {
                write_error = Some(e);
            }
            write_error.is_none()
        },
    )?;
    if let Some(e) = write_error {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("taizhang: cannot write the output: {e}");
        }
        return Ok(EXIT_FAILED);
    }
    if !quiet {
        eprint!("{}", tally.summary("records", true));
    }
    Ok(if read_error { EXIT_FAILED } else { EXIT_OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_skip_blanks_and_bound_long_lines() {
        let data = "\u{feff}{\"a\":1}\r\n\n   \n{\"b\":2}\n".to_string() + &"x".repeat(100) + "\n{\"c\":3}";
        let lines: Vec<(usize, Result<Vec<u8>, String>)> = JsonLines::new(std::io::Cursor::new(data.into_bytes()), 50).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], (1, Ok(b"{\"a\":1}".to_vec())));
        assert_eq!(lines[1], (4, Ok(b"{\"b\":2}".to_vec())));
        assert!(lines[2].1.as_ref().unwrap_err().contains("longer than"));
        assert_eq!(lines[3], (6, Ok(b"{\"c\":3}".to_vec())));
    }

    #[test]
    fn the_largest_limit_does_not_wrap() {
        let lines: Vec<_> = JsonLines::new(std::io::Cursor::new(b"{\"a\":1}\n".to_vec()), u64::MAX).collect();
        assert_eq!(lines, [(1, Ok(b"{\"a\":1}".to_vec()))]);
    }

    #[test]
    fn pipeline_keeps_ids_and_reports_bad_lines() {
        let analyzer = Analyzer::new(taizhang::analyzer::Config::default()).unwrap();
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"区纪委要在6月底前完成整改。\"}\n",
            "not json\n",
            "{\"id\": 7}\n",
            "{\"text\": \"区委将于年底前建立制度。\"}\n",
        );
        let mut out = Vec::new();
        let code = pipe_jsonl(&analyzer, std::io::Cursor::new(input), &mut out, 2, 1 << 20, true, &DueFilter::default()).unwrap();
        assert_eq!(code, EXIT_OK);
        let lines: Vec<serde_json::Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["id"], "a");
        assert!(lines[0]["items"].as_array().is_some_and(|i| !i.is_empty()));
        assert_eq!(lines[1]["line"], 2);
        assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
        assert_eq!(lines[2]["id"], 7);
        assert!(lines[2]["error"].as_str().unwrap().contains("text"));
        assert_eq!(lines[3]["id"], 4);
    }
}
