//! `taizhang extract` over many inputs: one ledger on stdout or in `--output FILE` (CSV with
//! a `来源文件` column, JSON Lines with `source`, a JSON array, one Excel workbook…) or one
//! file per input under `--out-dir`; or, for `-` with `--format jsonl`, the JSON Lines
//! pipeline ([`super::pipe`]). The Excel workbook and the ledgers by owner (`--group-by
//! owner`) are built once every input is read; the other formats stream. A due-date view
//! (`--due-before`, `--overdue`) keeps only the tasks due in it, in every format.

use super::load::{dictionary_prelude, Loader, Unread};
use super::names::escape;
use super::out_dir;
use super::output::Sink;
use super::pipe::pipe_jsonl;
use super::pool::run_ordered;
use super::progress::{DocStats, Outcome, Reporter, Tally};
use super::walk::{Input, Inputs, Selection};
use super::{output_failed, put, EXIT_FAILED, EXIT_OK};
use std::io::Write;
use std::path::PathBuf;
use taizhang::analyzer::Analyzer;
use taizhang::ledger::Analysis;
use taizhang::read::InputError;
use taizhang::report;
use taizhang::report::due::DueFilter;
use taizhang::report::tasks::DocLedger;
use taizhang::report::xlsx::{self, WorkbookOptions};
use taizhang::text::CharText;

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
    /// An Excel workbook (台账, 责任清单, 汇总 sheets), one for all inputs; needs --output
    /// or --out-dir.
    Xlsx,
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
            ExtractFormat::Xlsx => "xlsx",
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

/// How `--group-by` groups the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// By owner (责任单位, 责任领导, 责任人): one sheet (xlsx), section (md) or run of rows
    /// (csv) per owner; a task with several owners appears under each.
    Owner,
}

/// Settings of `extract`.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Output format.
    pub format: ExtractFormat,
    /// The CSV table (`None`: not given, the items).
    pub table: Option<Table>,
    /// Write the decoded text instead of the ledger.
    pub emit_text: bool,
    /// Write one output per input into this directory instead of stdout.
    pub out_dir: Option<PathBuf>,
    /// Write the output to this file instead of stdout.
    pub output: Option<PathBuf>,
    /// Group the tasks by owner (xlsx, md, csv).
    pub group_by: Option<GroupBy>,
    /// The due-date view: only the tasks due in it (open: everything).
    pub due: DueFilter,
    /// Worker threads.
    pub jobs: usize,
    /// Largest input in bytes (and, in a pipeline, largest line).
    pub max_size: u64,
    /// No progress bar, no notes of skipped files and no summary.
    pub quiet: bool,
}

/// What one input gives.
enum Produced {
    /// Its output, ready to write.
    Bytes(Vec<u8>),
    /// Its office ledger, for a workbook or a ledger by owner built once every input is read.
    Ledger(DocLedger),
    /// Its analysis, written as JSON or CSV straight into the output (one input alone): the
    /// output of a large input is several times its size, and is never held whole.
    Analysis(Box<Analysis>),
}

impl ExtractOptions {
    /// True when the output is built from every input's tasks at the end: the workbook, and
    /// the ledgers by owner (one per input under --out-dir, so nothing is collected there).
    fn collects(&self) -> bool {
        !self.emit_text && (self.format == ExtractFormat::Xlsx || self.group_by.is_some())
    }

    /// Refuses combinations of options that cannot work.
    fn check(&self) -> Result<(), String> {
        if self.format == ExtractFormat::Xlsx {
            if self.emit_text {
                return Err("--emit-text writes text; it cannot be used with --format xlsx".to_string());
            }
            let to_stdout = self.output.as_ref().is_none_or(|o| o.as_os_str() == "-");
            if to_stdout && self.out_dir.is_none() {
                return Err("--format xlsx writes a workbook, not text for a terminal or a pipe: name it with --output FILE.xlsx (or write one per input with --out-dir DIR)".to_string());
            }
        }
        if self.table.is_some() && self.format != ExtractFormat::Csv {
            return Err("--table applies to --format csv only: md, text and json hold the 责任清单 after the items, xlsx in a 责任清单 sheet".to_string());
        }
        if self.group_by.is_some() {
            if !matches!(self.format, ExtractFormat::Xlsx | ExtractFormat::Md | ExtractFormat::Csv) {
                return Err("--group-by owner applies to --format xlsx, md and csv".to_string());
            }
            if self.format == ExtractFormat::Csv && self.table == Some(Table::Responsibilities) {
                return Err("--group-by owner groups the tasks; it cannot be used with --table responsibilities".to_string());
            }
        }
        Ok(())
    }

    /// The output built from the office ledgers of `docs`: a workbook, or a ledger by owner.
    fn render(&self, docs: &[DocLedger]) -> Result<Vec<u8>, String> {
        let tasks: Vec<&taizhang::report::tasks::Task> = docs.iter().flat_map(|d| d.tasks.iter()).collect();
        match self.format {
            ExtractFormat::Xlsx => {
                let opts = WorkbookOptions { group_by_owner: self.group_by.is_some(), due: Some(self.due).filter(|d| !d.is_open()) };
                xlsx::workbook(docs, &opts).map_err(|e| e.to_string())
            }
            ExtractFormat::Csv => {
                let rows = report::group::grouped_csv_rows(&tasks);
                Ok(report::csv_string(&report::group::grouped_csv_header(), &rows, true).into_bytes())
            }
            _ => Ok(report::group::grouped_markdown(&tasks, self.due.describe_zh().as_deref()).into_bytes()),
        }
    }
}

/// Runs `extract` on the command-line inputs and returns the exit code: 0 when every input
/// was read, 2 when some could not be (the others are still written).
///
/// # Errors
/// A usage error (nothing was read): `-` with `--out-dir`, `-` with other inputs in a
/// pipeline, `--format xlsx` without a file to write, `--group-by` with a format it does not
/// apply to, an out-dir or output that cannot be used.
pub fn extract(analyzer: &Analyzer, args: &[PathBuf], sel: &Selection, opts: &ExtractOptions) -> Result<u8, String> {
    opts.check()?;
    let stdin_named = args.iter().any(|a| a.as_os_str() == "-");
    if stdin_named && opts.out_dir.is_some() {
        return Err("- (standard input) cannot be used with --out-dir".to_string());
    }
    if stdin_named && opts.format == ExtractFormat::Jsonl && !opts.emit_text {
        if args.len() > 1 {
            return Err("with --format jsonl, - reads JSON Lines documents and must be the only input".to_string());
        }
        let mut sink = Sink::open(opts.output.as_deref(), &[])?;
        let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
        let code = pipe_jsonl(analyzer, stdin, &mut sink, opts.jobs, opts.max_size, opts.quiet, &opts.due)?;
        // A file gets the stream only when it was whole; standard output is flushed.
        if code == EXIT_OK || !sink.is_file() {
            if let Err(e) = sink.commit() {
                eprintln!("taizhang: {e}");
                return Ok(EXIT_FAILED);
            }
        }
        return Ok(code);
    }
    let inputs = Inputs::collect(args, sel);
    let batch = inputs.is_batch();
    let outputs = match &opts.out_dir {
        Some(dir) => Some(out_dir::plan(&inputs, dir, if opts.emit_text { "txt" } else { opts.format.extension() })?),
        None => None,
    };
    let collect = opts.collects() && outputs.is_none();
    let csv = opts.format == ExtractFormat::Csv && !opts.emit_text && opts.group_by.is_none();
    let json_array = opts.format == ExtractFormat::Json && !opts.emit_text && batch && outputs.is_none();
    let with_source = batch && outputs.is_none();
    let streams = (opts.format == ExtractFormat::Json || csv) && !opts.emit_text && !batch && outputs.is_none();
    let csv_header = || match opts.table.unwrap_or(Table::Items) {
        Table::Items => report::csv_header(with_source),
        Table::Responsibilities => report::responsibility_header(with_source),
    };

    let input_paths: Vec<&std::path::Path> = inputs.files.iter().map(|i| i.path.as_path()).collect();
    let mut out = match &outputs {
        Some(_) => None,
        None => Some(Sink::open(opts.output.as_deref(), &input_paths)?),
    };
    let reporter = Reporter::new(inputs.files.len(), opts.quiet);
    let mut tally = Tally { view: opts.due.describe(), ..Tally::default() };
    for e in &inputs.errors {
        reporter.fail(&mut tally, e.clone());
    }
    for (path, skip) in &inputs.skipped {
        reporter.skip(&mut tally, path.clone(), skip.clone());
    }
    let mut write_error: Option<std::io::Error> = None;
    if let (true, Some(out)) = (csv, out.as_mut()) {
        put(out, &report::csv_string(&csv_header(), &[], true), &mut write_error);
    }
    let loader = Loader::new(opts.max_size);
    let produce = |input: &Input| -> Outcome<Produced> {
        let mut loaded = match loader.load(input) {
            Ok(l) => l,
            Err(Unread::Failed(e)) => return Outcome::Failed(e),
            Err(Unread::Skipped(s)) => return Outcome::Skipped(input.path.clone(), s),
        };
        if opts.emit_text {
            return Outcome::Done(Produced::Bytes(loaded.doc.text.into_bytes()), DocStats::default());
        }
        if opts.format.names_escaped() {
            loaded.doc.source = escape(&loaded.doc.source).into_owned();
        }
        let full = analyzer.analyze_owned(loaded.doc);
        let mut stats = DocStats::of(&full);
        stats.due = opts.due.count(&full);
        if opts.collects() {
            let mut ledger = DocLedger::of(&full, &CharText::shared(full.text.clone()));
            ledger.tasks.retain(|t| opts.due.keeps_task(t));
            if collect {
                return Outcome::Done(Produced::Ledger(ledger), stats);
            }
            return match opts.render(std::slice::from_ref(&ledger)) {
                Ok(bytes) => Outcome::Done(Produced::Bytes(bytes), stats),
                Err(problem) => Outcome::Failed(InputError::new(&input.path.display().to_string(), problem)),
            };
        }
        let a = opts.due.apply(full);
        if streams {
            return Outcome::Done(Produced::Analysis(Box::new(a)), stats);
        }
        let s = match opts.format {
            ExtractFormat::Json => report::json(&a) + "\n",
            ExtractFormat::Jsonl => report::json_line(&a, None) + "\n",
            ExtractFormat::Md => report::markdown_in_view(&a, opts.due.describe_zh().as_deref()),
            ExtractFormat::Text => report::text_tree_in_view(&a, opts.due.describe().as_deref()),
            ExtractFormat::Csv => {
                let rows: Vec<Vec<String>> = table_rows(opts.table, &a, with_source).collect();
                if outputs.is_some() {
                    report::csv_string(&csv_header(), &rows, true)
                } else {
                    report::csv_records(&rows)
                }
            }
            // Built by `render` above.
            ExtractFormat::Xlsx => String::new(),
        };
        Outcome::Done(Produced::Bytes(s.into_bytes()), stats)
    };
    // Under --out-dir each worker writes its own output (the flush to disk runs in
    // parallel, and no output waits in the reorder window); the sink only reports.
    let work = |(i, input): (usize, &Input)| -> Outcome<Produced> {
        match (produce(input), &outputs) {
            (Outcome::Done(Produced::Bytes(b), stats), Some(plan)) => match plan.write(i, &b) {
                Ok(()) => Outcome::Done(Produced::Bytes(Vec::new()), stats),
                Err(problem) => Outcome::Failed(InputError::new(&input.path.display().to_string(), problem)),
            },
            (outcome, _) => outcome,
        }
    };
    let mut first = true;
    let mut collected: Vec<DocLedger> = Vec::new();
    let feed = inputs.files.iter().enumerate().map(|(i, input)| (i, (i, input)));
    run_ordered(opts.jobs, dictionary_prelude(analyzer.segmenter(), opts.jobs, &inputs.files), feed, work, |i, result| {
        let input = &inputs.files[i];
        let outcome = result.unwrap_or_else(|msg| Outcome::Failed(InputError::new(&input.path.display().to_string(), msg)));
        let Some(produced) = reporter.record(&mut tally, outcome) else {
            return true;
        };
        let Some(out) = out.as_mut() else { return true };
        match produced {
            Produced::Ledger(l) => collected.push(l),
            Produced::Bytes(b) if json_array => {
                let sep = if first { "[\n" } else { ",\n" };
                first = false;
                put(out, &format!("{sep}{}", String::from_utf8_lossy(&b).trim_end()), &mut write_error);
            }
            Produced::Bytes(b) => {
                if write_error.is_none() {
                    write_error = out.write_all(&b).err();
                }
            }
            Produced::Analysis(a) => {
                if write_error.is_none() {
                    write_error = match opts.format {
                        ExtractFormat::Csv => report::write_csv_records(&mut *out, table_rows(opts.table, &a, false)),
                        _ => report::write_json(&mut *out, &a),
                    }
                    .err();
                }
            }
        }
        write_error.is_none()
    })?;
    reporter.finish();
    let mut failed_to_build = false;
    if let Some(out) = out.as_mut() {
        if json_array && write_error.is_none() {
            put(out, if first { "[]\n" } else { "\n]\n" }, &mut write_error);
        }
        if collect && write_error.is_none() {
            match opts.render(&collected) {
                Ok(bytes) => {
                    if let Err(e) = out.write_all(&bytes) {
                        write_error = Some(e);
                    }
                }
                Err(problem) => {
                    eprintln!("taizhang: {}", escape(&problem));
                    failed_to_build = true;
                }
            }
        }
    }
    drop(collected);
    if let Some(out) = out {
        if write_error.is_none() && !failed_to_build {
            if let Err(e) = out.commit() {
                eprintln!("taizhang: {}", escape(&e));
                return Ok(EXIT_FAILED);
            }
        }
    }
    if let Some(code) = output_failed(write_error, &tally) {
        return Ok(code);
    }
    if !opts.quiet {
        if batch {
            eprint!("{}", tally.summary("files", !opts.emit_text));
        } else if let Some(line) = tally.view_line() {
            eprint!("{line}");
        }
    }
    Ok(if tally.failed.is_empty() && !failed_to_build { EXIT_OK } else { EXIT_FAILED })
}

/// The CSV rows of the table `--table` chose (items by default), one at a time.
fn table_rows<'a>(table: Option<Table>, a: &'a Analysis, with_source: bool) -> Box<dyn Iterator<Item = Vec<String>> + 'a> {
    match table.unwrap_or(Table::Items) {
        Table::Items => Box::new(report::csv_row_iter(a, with_source)),
        Table::Responsibilities => Box::new(report::responsibility_rows(a, with_source).into_iter()),
    }
}
