//! `taizhang extract` over many inputs: one ledger on stdout (CSV with a `来源文件` column,
//! JSON Lines with `source`, a JSON array…) or one file per input under `--out-dir`; or,
//! for `-` with `--format jsonl`, the JSON Lines pipeline ([`super::pipe`]).

use super::load::{Loader, Unread};
use super::names::escape;
use super::out_dir;
use super::pipe::pipe_jsonl;
use super::pool::run_ordered;
use super::progress::{DocStats, Outcome, Reporter, Tally};
use super::walk::{Input, Inputs, Selection};
use super::{output_failed, put, EXIT_FAILED, EXIT_OK};
use std::io::Write;
use std::path::PathBuf;
use taizhang::analyzer::Analyzer;
use taizhang::read::InputError;
use taizhang::report;

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// The JSON document of each input (an array for a batch).
    Json,
    /// One JSON line per input, with its `source`; with `-`, a JSON Lines pipeline.
    Jsonl,
    /// A Markdown checklist per input.
    Md,
    /// One CSV ledger (UTF-8 with BOM), with a 来源文件 column for a batch.
    Csv,
    /// An indented tree per input, for the terminal.
    Text,
}

impl ExtractFormat {
    /// The file extension of an output under `--out-dir`.
    fn extension(self) -> &'static str {
        match self {
            ExtractFormat::Json => "json",
            ExtractFormat::Jsonl => "jsonl",
            ExtractFormat::Md => "md",
            ExtractFormat::Csv => "csv",
            ExtractFormat::Text => "txt",
        }
    }

    /// True for formats read line by line by people and tools, where a file name is
    /// escaped ([`escape`]); JSON and CSV quote it themselves.
    fn names_escaped(self) -> bool {
        matches!(self, ExtractFormat::Md | ExtractFormat::Text)
    }
}

/// Which table `extract --format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// The ledger items.
    Items,
    /// The responsibility list (责任主体, 职责).
    Responsibilities,
}

/// Settings of `extract`.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Output format.
    pub format: ExtractFormat,
    /// The CSV table.
    pub table: Table,
    /// Write the decoded text instead of the ledger.
    pub emit_text: bool,
    /// Write one output per input into this directory instead of stdout.
    pub out_dir: Option<PathBuf>,
    /// Worker threads.
    pub jobs: usize,
    /// Largest input in bytes (and, in a pipeline, largest line).
    pub max_size: u64,
    /// No progress bar, no notes of skipped files and no summary.
    pub quiet: bool,
}

/// Runs `extract` on the command-line inputs and returns the exit code: 0 when every input
/// was read, 2 when some could not be (the others are still written).
///
/// # Errors
/// A usage error (nothing was read): `-` with `--out-dir`, `-` with other inputs in a
/// pipeline, an out-dir that cannot be used.
pub fn extract(analyzer: &Analyzer, args: &[PathBuf], sel: &Selection, opts: &ExtractOptions) -> Result<u8, String> {
    let stdin_named = args.iter().any(|a| a.as_os_str() == "-");
    if stdin_named && opts.out_dir.is_some() {
        return Err("- (standard input) cannot be used with --out-dir".to_string());
    }
    if stdin_named && opts.format == ExtractFormat::Jsonl && !opts.emit_text {
        if args.len() > 1 {
            return Err("with --format jsonl, - reads JSON Lines documents and must be the only input".to_string());
        }
        let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
        return pipe_jsonl(analyzer, stdin, &mut std::io::stdout().lock(), opts.jobs, opts.max_size, opts.quiet);
    }
    let inputs = Inputs::collect(args, sel);
    let batch = inputs.is_batch();
    let outputs = match &opts.out_dir {
        Some(dir) => Some(out_dir::plan(&inputs, dir, if opts.emit_text { "txt" } else { opts.format.extension() })?),
        None => None,
    };
    let csv = opts.format == ExtractFormat::Csv && !opts.emit_text;
    let json_array = opts.format == ExtractFormat::Json && !opts.emit_text && batch && outputs.is_none();
    let with_source = batch && outputs.is_none();
    let csv_header = || match opts.table {
        Table::Items => report::csv_header(with_source),
        Table::Responsibilities => report::responsibility_header(with_source),
    };

    let reporter = Reporter::new(inputs.files.len(), opts.quiet);
    let mut tally = Tally::default();
    for e in &inputs.errors {
        reporter.fail(&mut tally, e.clone());
    }
    for (path, skip) in &inputs.skipped {
        reporter.skip(&mut tally, path.clone(), skip.clone());
    }
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    if csv && outputs.is_none() {
        put(&mut out, &report::csv_string(&csv_header(), &[], true), &mut write_error);
    }
    let loader = Loader::new(opts.max_size);
    let produce = |input: &Input| -> Outcome<String> {
        let mut loaded = match loader.load(input) {
            Ok(l) => l,
            Err(Unread::Failed(e)) => return Outcome::Failed(e),
            Err(Unread::Skipped(s)) => return Outcome::Skipped(input.path.clone(), s),
        };
        if opts.emit_text {
            return Outcome::Done(loaded.doc.text, DocStats::default());
        }
        if opts.format.names_escaped() {
            loaded.doc.source = escape(&loaded.doc.source).into_owned();
        }
        let a = analyzer.analyze(&loaded.doc);
        let s = match opts.format {
            ExtractFormat::Json => report::json(&a) + "\n",
            ExtractFormat::Jsonl => report::json_line(&a, None) + "\n",
            ExtractFormat::Md => report::markdown(&a),
            ExtractFormat::Text => report::text_tree(&a),
            ExtractFormat::Csv => {
                let rows = match opts.table {
                    Table::Items => report::csv_rows(&a, with_source),
                    Table::Responsibilities => report::responsibility_rows(&a, with_source),
                };
                if outputs.is_some() {
                    report::csv_string(&csv_header(), &rows, true)
                } else {
                    report::csv_records(&rows)
                }
            }
        };
        Outcome::Done(s, DocStats::of(&a))
    };
    // Under --out-dir each worker writes its own output (the flush to disk runs in
    // parallel, and no output waits in the reorder window); the sink only reports.
    let work = |(i, input): (usize, &Input)| -> Outcome<String> {
        match (produce(input), &outputs) {
            (Outcome::Done(s, stats), Some(plan)) => match plan.write(i, s.as_bytes()) {
                Ok(()) => Outcome::Done(String::new(), stats),
                Err(problem) => Outcome::Failed(InputError::new(&input.path.display().to_string(), problem)),
            },
            (outcome, _) => outcome,
        }
    };
    let mut first = true;
    let feed = inputs.files.iter().enumerate().map(|(i, input)| (i, (i, input)));
    run_ordered(opts.jobs, feed, work, |i, result| {
        let input = &inputs.files[i];
        let outcome = result.unwrap_or_else(|msg| Outcome::Failed(InputError::new(&input.path.display().to_string(), msg)));
        let Some(s) = reporter.record(&mut tally, outcome) else { return true };
        match &outputs {
            Some(_) => {}
            None if json_array => {
                let sep = if first { "[\n" } else { ",\n" };
                first = false;
                put(&mut out, &format!("{sep}{}", s.trim_end()), &mut write_error);
            }
            None => put(&mut out, &s, &mut write_error),
        }
        write_error.is_none()
    })?;
    if json_array && write_error.is_none() {
        put(&mut out, if first { "[]\n" } else { "\n]\n" }, &mut write_error);
    }
    let _ = out.flush();
    reporter.finish();
    if let Some(code) = output_failed(write_error, &tally) {
        return Ok(code);
    }
    if batch && !opts.quiet {
        eprint!("{}", tally.summary("files", !opts.emit_text));
    }
    Ok(if tally.failed.is_empty() { EXIT_OK } else { EXIT_FAILED })
}
