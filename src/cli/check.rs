//! `taizhang check` over many inputs: findings per input in input order (human, one line
//! each, JSON — an array for a batch — or one SARIF log at the end), and the exit code.

use super::load::{dictionary_prelude, Loader, Unread};
use super::names::escape;
use super::pool::run_ordered;
use super::progress::{DocStats, Outcome, Reporter, Tally};
use super::walk::{Input, Inputs, Selection};
use super::{output_failed, put, EXIT_FAILED, EXIT_FINDINGS, EXIT_OK};
use std::io::Write;
use std::path::PathBuf;
use taizhang::analyzer::Analyzer;
use taizhang::read::InputError;
use taizhang::report::diagnostics::{self, Located};
use taizhang::rules::Severity;
use taizhang::text::CharText;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Each finding with its source line, the words underlined and the fix; a summary per input.
    Human,
    /// One `path:line:col: severity[code]: message` line per finding.
    Line,
    /// The findings and the summary of each input as JSON (an array for a batch).
    Json,
    /// One SARIF 2.1.0 log for code review tools (columns in code points).
    Sarif,
}

/// Settings of `check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Output format.
    pub format: CheckFormat,
    /// Findings at or above this severity make the exit code 1; `None` never.
    pub fail_on: Option<Severity>,
    /// Colour the human output.
    pub color: bool,
    /// Worker threads.
    pub jobs: usize,
    /// Largest input in bytes.
    pub max_size: u64,
    /// No progress bar, no notes of skipped files and no summary.
    pub quiet: bool,
}

/// The result of checking one input.
struct Checked {
    /// Human, line or JSON output.
    text: String,
    /// A finding at or above `--fail-on`.
    fails: bool,
    /// For SARIF, which is written at the end.
    sarif: Option<(String, Vec<Located>)>,
}

/// Runs `check` and returns the exit code: 2 when an input could not be read (this wins),
/// else 1 when a finding is at or above `--fail-on`, else 0.
///
/// # Errors
/// The worker threads cannot be started.
pub fn check(analyzer: &Analyzer, args: &[PathBuf], sel: &Selection, opts: &CheckOptions) -> Result<u8, String> {
    let inputs = Inputs::collect(args, sel);
    let batch = inputs.is_batch();
    let reporter = Reporter::new(inputs.files.len(), opts.quiet);
    let mut tally = Tally::default();
    for e in &inputs.errors {
        reporter.fail(&mut tally, e.clone());
    }
    for (path, skip) in &inputs.skipped {
        reporter.skip(&mut tally, path.clone(), skip.clone());
    }
    let loader = Loader::new(opts.max_size);
    let work = |input: &Input| -> Outcome<Checked> {
        let mut loaded = match loader.load(input) {
            Ok(l) => l,
            Err(Unread::Failed(e)) => return Outcome::Failed(e),
            Err(Unread::Skipped(s)) => return Outcome::Skipped(input.path.clone(), s),
        };
        // Line-oriented formats get the name escaped: a newline in it must not forge a line.
        if matches!(opts.format, CheckFormat::Human | CheckFormat::Line) {
            loaded.doc.source = escape(&loaded.doc.source).into_owned();
        }
        let name = loaded.doc.source.clone();
        let a = analyzer.analyze_owned(loaded.doc);
        let text = CharText::shared(a.text.clone());
        let found = diagnostics::locate(&a, &text);
        let fails = opts.fail_on.is_some_and(|t| diagnostics::fails(&found, t));
        let (out, sarif) = match opts.format {
            CheckFormat::Human => (diagnostics::human(&name, &text, &found, opts.color) + &diagnostics::summary_text(&a, &found), None),
            CheckFormat::Line => (diagnostics::lines(&name, &found), None),
            CheckFormat::Json => (serde_json::to_string_pretty(&diagnostics::json_value(&name, &a, &found)).unwrap_or_default(), None),
            CheckFormat::Sarif => (String::new(), Some((name, found))),
        };
        Outcome::Done(Checked { text: out, fails, sarif }, DocStats::of(&a))
    };
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    let mut any_fail = false;
    let mut sarif_files = Vec::new();
    let mut json_docs = 0usize;
    run_ordered(opts.jobs, dictionary_prelude(analyzer.segmenter(), opts.jobs, &inputs.files), inputs.files.iter().enumerate(), work, |i, result| {
        let input = &inputs.files[i];
        let outcome = result.unwrap_or_else(|msg| Outcome::Failed(InputError::new(&input.path.display().to_string(), msg)));
        let Some(c) = reporter.record(&mut tally, outcome) else {
            return true;
        };
        any_fail |= c.fails;
        if let Some(s) = c.sarif {
            sarif_files.push(s);
        }
        let text = match opts.format {
            CheckFormat::Json if batch => {
                json_docs += 1;
                format!("{}{}", if json_docs == 1 { "[\n" } else { ",\n" }, c.text)
            }
            CheckFormat::Json => c.text + "\n",
            _ => c.text,
        };
        put(&mut out, &text, &mut write_error);
        write_error.is_none()
    })?;
    let tail = match opts.format {
        CheckFormat::Json if batch => Some(if json_docs == 0 { "[]\n".to_string() } else { "\n]\n".to_string() }),
        CheckFormat::Sarif => Some(diagnostics::sarif(&sarif_files) + "\n"),
        _ => None,
    };
    if let Some(t) = tail {
        put(&mut out, &t, &mut write_error);
    }
    let _ = out.flush();
    reporter.finish();
    if let Some(code) = output_failed(write_error, &tally) {
        return Ok(code);
    }
    if batch && !opts.quiet {
        eprint!("{}", tally.summary("files", true));
    }
    Ok(if !tally.failed.is_empty() {
        EXIT_FAILED
    } else if any_fail {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
