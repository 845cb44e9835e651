//! Batches: many files and directories read and analysed in parallel, results written in
//! input order.
//!
//! * Inputs: files in the order given, directories walked recursively in sorted path order
//!   (hidden entries skipped, symlinked directories not followed), filtered by extension
//!   ([`Selection`]: `--ext`) and shell patterns ([`Glob`]: `--glob`).
//! * Work runs on a rayon pool of `--jobs` threads sharing one [`Analyzer`]; results come
//!   back through a bounded reorder window ([`run_ordered`]), so output is in input order and
//!   memory does not grow with the archive: at most a few documents per thread are in flight.
//! * Isolation: a file that cannot be read, decoded or analysed is reported on stderr (one
//!   line naming the file and the problem) and the rest complete. In a directory walk,
//!   binary files, zip archives other than .docx and formats we cannot read (.doc, .pdf…)
//!   are skipped with a note instead.
//! * Output: one ledger across all inputs on stdout (CSV with a `来源文件` column, JSON Lines
//!   with `source`, a JSON array…), or one file per input under `--out-dir`, which is never
//!   an input directory and never holds an input.
//! * A progress bar on stderr when it is a terminal and there are many files; a closing
//!   summary on stderr for every batch.
//! * Pipelines: [`pipe_jsonl`] reads `{"id": …, "text": …}` lines and streams one result line
//!   per document, for Spark `RDD.pipe` and Hadoop Streaming.

use crate::analyzer::Analyzer;
use crate::check;
use crate::read::{self as input, Document, InputError};
use crate::ledger::Analysis;
use crate::report;
use crate::rules::Severity;
use crate::text::CharText;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Condvar, Mutex};

/// Exit code: everything was read (and, for `check`, nothing at or above `--fail-on`).
pub const EXIT_OK: u8 = 0;
/// Exit code of `check`: a finding at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a usage error, or an input that could not be read (it wins over findings).
pub const EXIT_FAILED: u8 = 2;

/// Runs with at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 10;

/// A shell-style pattern for `--glob`: `*` and `?` match within a path segment, `**`
/// across segments (`**/` also matches no directory at all), `[abc]`, `[a-z]` and `[!x]`
/// match one character, `\` escapes. A pattern with a `/` is matched against the path below
/// the walked directory (`2023/**/*.docx`), one without against the file name (`*整改*`).
#[derive(Debug, Clone)]
pub struct Glob {
    toks: Vec<Tok>,
    whole_path: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Lit(char),
    One,
    Star,
    /// `**`; `dir` when written `**/`: nothing, or whole segments.
    Deep {
        dir: bool,
    },
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Glob {
    /// Parses a pattern; an unclosed `[` is an error.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' if i + 1 < chars.len() => {
                    toks.push(Tok::Lit(chars[i + 1]));
                    i += 1;
                }
                '?' => toks.push(Tok::One),
                '*' if chars.get(i + 1) == Some(&'*') => {
                    let dir = chars.get(i + 2) == Some(&'/');
                    toks.push(Tok::Deep { dir });
                    i += if dir { 2 } else { 1 };
                }
                '*' => toks.push(Tok::Star),
                '[' => {
                    let mut j = i + 1;
                    let negated = matches!(chars.get(j), Some('!' | '^'));
                    if negated {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    let mut first = true;
                    while j < chars.len() && (chars[j] != ']' || first) {
                        first = false;
                        if j + 2 < chars.len() && chars[j + 1] == '-' && chars[j + 2] != ']' {
                            ranges.push((chars[j], chars[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((chars[j], chars[j]));
                            j += 1;
                        }
                    }
                    if j >= chars.len() {
                        return Err(format!("--glob {pattern}: unclosed ["));
                    }
                    toks.push(Tok::Class { negated, ranges });
                    i = j;
                }
                c => toks.push(Tok::Lit(c)),
            }
            i += 1;
        }
        Ok(Glob { toks, whole_path: pattern.contains('/') })
    }

    /// True when `s` (a file name, or a `/`-separated relative path) matches.
    pub fn matches(&self, s: &str) -> bool {
        let s: Vec<char> = s.chars().collect();
        let (n, m) = (self.toks.len(), s.len());
        // ok[i][j]: toks[i..] matches s[j..].
        let mut ok = vec![vec![false; m + 1]; n + 1];
        ok[n][m] = true;
        for i in (0..n).rev() {
            for j in (0..=m).rev() {
                let here = s.get(j).copied();
                ok[i][j] = match &self.toks[i] {
                    Tok::Lit(c) => here == Some(*c) && ok[i + 1][j + 1],
                    Tok::One => here.is_some_and(|c| c != '/') && ok[i + 1][j + 1],
                    Tok::Class { negated, ranges } => {
                        here.is_some_and(|c| c != '/' && ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated) && ok[i + 1][j + 1]
                    }
                    Tok::Star => ok[i + 1][j] || (here.is_some_and(|c| c != '/') && ok[i][j + 1]),
                    Tok::Deep { dir: false } => ok[i + 1][j] || (here.is_some() && ok[i][j + 1]),
                    Tok::Deep { dir: true } => ok[i + 1][j] || (j..m).any(|k| s[k] == '/' && ok[i + 1][k + 1]),
                };
            }
        }
        ok[0][0]
    }
}

/// Which files of a directory walk are read.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    exts: Vec<String>,
    globs: Vec<Glob>,
}

impl Selection {
    /// A selection from `--ext` values (`txt`, `.DOCX`: case and dot do not matter; none:
    /// any extension) and `--glob` patterns (none: any file; else a file must match one).
    pub fn new(exts: &[String], globs: &[String]) -> Result<Self, String> {
        let exts = exts.iter().map(|e| e.trim().trim_start_matches('.').to_lowercase()).filter(|e| !e.is_empty()).collect();
        let globs = globs.iter().map(|g| Glob::new(g)).collect::<Result<_, _>>()?;
        Ok(Selection { exts, globs })
    }

    /// True when a file found at `rel` below a walked directory is selected.
    fn accepts(&self, rel: &Path) -> bool {
        if !self.exts.is_empty() && !self.exts.contains(&input::extension(rel)) {
            return false;
        }
        if self.globs.is_empty() {
            return true;
        }
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        self.globs.iter().any(|g| g.matches(if g.whole_path { &path } else { &name }))
    }
}

/// One file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path to read (`-` for standard input).
    pub path: PathBuf,
    /// Its name under `--out-dir`: the walked directory's name and the path below it, or
    /// the file name of a file named on the command line.
    pub out_name: PathBuf,
    /// Found by walking a directory: binary files, other zip archives and unsupported formats
    /// are skipped, not failed.
    pub walked: bool,
}

/// The inputs of a run, in processing order.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The files to read.
    pub files: Vec<Input>,
    /// Directories (or entries) that could not be listed: failed inputs.
    pub errors: Vec<InputError>,
    /// The directories that were walked.
    pub dirs: Vec<PathBuf>,
}

impl Inputs {
    /// Expands command-line arguments: files (and `-`) stay in the order given; a directory
    /// becomes its selected files, recursively, in sorted path order. Hidden entries (`.x`)
    /// are skipped and symlinked directories are not followed. A path named twice is read
    /// once. A path that does not exist stays, to fail when it is read.
    pub fn collect(args: &[PathBuf], sel: &Selection) -> Inputs {
        let mut inputs = Inputs::default();
        let mut seen = HashSet::new();
        for arg in args {
            if arg.as_os_str() != "-" && arg.is_dir() {
                inputs.dirs.push(arg.clone());
                let root = arg
                    .file_name()
                    .map(PathBuf::from)
                    .or_else(|| std::fs::canonicalize(arg).ok().and_then(|p| p.file_name().map(PathBuf::from)))
                    .unwrap_or_default();
                walk(arg, &root, Path::new(""), sel, &mut inputs, &mut seen);
            } else if seen.insert(arg.clone()) {
                let out_name = arg.file_name().map(PathBuf::from).unwrap_or_else(|| arg.clone());
                inputs.files.push(Input { path: arg.clone(), out_name, walked: false });
            }
        }
        inputs
    }

    /// True when the run is a batch: several inputs, or a directory. A batch's ledger names
    /// the source file of each row, and a summary closes the run.
    pub fn is_batch(&self) -> bool {
        self.files.len() + self.errors.len() > 1 || !self.dirs.is_empty()
    }
}

fn walk(dir: &Path, root: &Path, rel: &Path, sel: &Selection, inputs: &mut Inputs, seen: &mut HashSet<PathBuf>) {
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            inputs.errors.push(InputError::new(&dir.display().to_string(), format!("cannot list directory: {e}")));
            return;
        }
    };
    let mut entries = Vec::new();
    for entry in listing {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => inputs.errors.push(InputError::new(&dir.display().to_string(), format!("cannot list directory: {e}"))),
        }
    }
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let Ok(ty) = e.file_type() else { continue };
        let is_file = ty.is_file() || (ty.is_symlink() && path.is_file());
        if ty.is_dir() {
            walk(&path, root, &rel.join(&name), sel, inputs, seen);
        } else if is_file {
            let rel_path = rel.join(&name);
            if sel.accepts(&rel_path) && seen.insert(path.clone()) {
                inputs.files.push(Input { path, out_name: root.join(&rel_path), walked: true });
            }
        }
    }
}

/// Runs `work` on the jobs of `feed` on `threads` rayon threads and hands each result to
/// `sink` with its key, in feed order. At most a few results per thread wait to be handed
/// on, so memory stays bounded however long the feed is. A panic in `work` reaches `sink`
/// as `Err(message)`. Stops early when `sink` returns false.
pub fn run_ordered<K, J, R>(
    threads: usize,
    feed: impl Iterator<Item = (K, J)> + Send,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(K, Result<R, String>) -> bool,
) -> Result<(), String>
where
    K: Send,
    J: Send,
    R: Send,
{
    let threads = threads.max(1);
    let window = threads * 4 + 4;
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
    // The feed and the number of the next job; the number of results handed on, and stop.
    let feed = Mutex::new((feed, 0usize));
    let gate = (Mutex::new((0usize, false)), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, K, Result<R, String>)>();
    let (feed, gate, work) = (&feed, &gate, &work);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    s.spawn(move |_| loop {
                        let (idx, key, job) = {
                            let mut f = feed.lock().unwrap_or_else(|e| e.into_inner());
                            let idx = f.1;
                            {
                                let mut g = gate.0.lock().unwrap_or_else(|e| e.into_inner());
                                while !g.1 && idx >= g.0 + window {
                                    g = gate.1.wait(g).unwrap_or_else(|e| e.into_inner());
                                }
                                if g.1 {
                                    return;
                                }
                            }
                            let Some((key, job)) = f.0.next() else { return };
                            f.1 += 1;
                            (idx, key, job)
                        };
                        let result = catch_unwind(AssertUnwindSafe(|| work(job))).map_err(|p| panic_message(&*p));
                        if tx.send((idx, key, result)).is_err() {
                            return;
                        }
                    });
                }
            });
            drop(tx);
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        'receive: for (idx, key, result) in rx.iter() {
            pending.insert(idx, (key, result));
            while let Some((key, result)) = pending.remove(&next) {
                next += 1;
                let go_on = sink(key, result);
                {
                    let mut g = gate.0.lock().unwrap_or_else(|e| e.into_inner());
                    g.0 = next;
                    g.1 = !go_on;
                }
                gate.1.notify_all();
                if !go_on {
                    break 'receive;
                }
            }
        }
        drop(rx);
    });
    Ok(())
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error while analysing: {msg}")
}

/// The counts of one analysed document.
#[derive(Debug, Default)]
struct DocStats {
    items: usize,
    commitments: usize,
    with_owner: usize,
    with_deadline: usize,
    flags: Vec<String>,
}

impl DocStats {
    fn of(a: &Analysis) -> Self {
        let mut flags: Vec<String> = a.all_items().iter().flat_map(|i| i.flags.iter().map(|f| f.code.clone())).collect();
        flags.extend(a.findings.iter().map(|f| f.code.clone()));
        DocStats {
            items: a.summary.items,
            commitments: a.summary.commitments,
            with_owner: a.summary.with_owner,
            with_deadline: a.summary.with_deadline,
            flags,
        }
    }
}

/// Why an input was not read.
enum Unread {
    /// Could not be read: reported, and the run exits with 2.
    Failed(InputError),
    /// Left out of a directory walk (binary, unsupported format): noted only.
    Skipped(InputError),
}

impl<T> From<Unread> for Outcome<T> {
    fn from(u: Unread) -> Self {
        match u {
            Unread::Failed(e) => Outcome::Failed(e),
            Unread::Skipped(e) => Outcome::Skipped(e),
        }
    }
}

/// What became of one input.
enum Outcome<T> {
    /// Read and analysed.
    Done(T, DocStats),
    /// Could not be read or analysed: reported, and the run exits with 2.
    Failed(InputError),
    /// Left out of a directory walk (binary, unsupported format): noted only.
    Skipped(InputError),
}

/// Counts over a run, for the closing summary.
#[derive(Debug, Default)]
struct Tally {
    read: usize,
    failed: Vec<InputError>,
    skipped: usize,
    items: usize,
    commitments: usize,
    with_owner: usize,
    with_deadline: usize,
    flags: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, s: DocStats) {
        self.read += 1;
        self.items += s.items;
        self.commitments += s.commitments;
        self.with_owner += s.with_owner;
        self.with_deadline += s.with_deadline;
        for f in s.flags {
            *self.flags.entry(f).or_default() += 1;
        }
    }

    /// The summary: what was read, what failed (and why), items, shares, flags by code.
    fn summary(&self, noun: &str, analysed: bool) -> String {
        let total = self.read + self.failed.len() + self.skipped;
        let mut s = format!("taizhang: {total} {noun}: {} read, {} failed", self.read, self.failed.len());
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped", self.skipped));
        }
        s.push('\n');
        if analysed {
            let share = |n: usize| {
                if self.commitments == 0 {
                    "–".to_string()
                } else {
                    format!("{:.1}%", n as f64 * 100.0 / self.commitments as f64)
                }
            };
            s.push_str(&format!(
                "taizhang: {} items, {} commitments: {} with an owner, {} with a time limit\n",
                self.items,
                self.commitments,
                share(self.with_owner),
                share(self.with_deadline)
            ));
            let mut flags: Vec<(&String, &usize)> = self.flags.iter().collect();
            flags.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let flags: Vec<String> = flags.iter().map(|(c, n)| format!("{c} {n}")).collect();
            s.push_str(&format!("taizhang: flags: {}\n", if flags.is_empty() { "none".to_string() } else { flags.join(", ") }));
        }
        const SHOWN: usize = 20;
        for e in self.failed.iter().take(SHOWN) {
            s.push_str(&format!("taizhang: failed: {e}\n"));
        }
        if self.failed.len() > SHOWN {
            s.push_str(&format!("taizhang: failed: … and {} more (reported above)\n", self.failed.len() - SHOWN));
        }
        s
    }
}

/// Notes on stderr: above the progress bar when there is one.
struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new(total: usize, quiet: bool) -> Self {
        if quiet || total < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
            return Reporter { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files (eta {eta})") {
            bar.set_style(style);
        }
        Reporter { bar: Some(bar) }
    }

    fn note(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn tick(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// Counts an outcome; notes failures and skips. Returns the output of a done input.
    fn record<T>(&self, tally: &mut Tally, outcome: Outcome<T>) -> Option<T> {
        self.tick();
        match outcome {
            Outcome::Done(t, stats) => {
                tally.add(stats);
                Some(t)
            }
            Outcome::Failed(e) => {
                self.note(&format!("taizhang: {e}"));
                tally.failed.push(e);
                None
            }
            Outcome::Skipped(e) => {
                self.note(&format!("taizhang: skipped {e}"));
                tally.skipped += 1;
                None
            }
        }
    }
}

/// Reads one input: a failure, or in a directory walk a skip for binary files and formats
/// we cannot read.
fn load(input: &Input, max_size: u64) -> Result<Document, Unread> {
    if input.path.as_os_str() == "-" {
        return input::read_path(&input.path, max_size).map_err(Unread::Failed);
    }
    let name = input.path.display().to_string();
    if input.walked {
        if let Some(problem) = input::unsupported_format(&input.path) {
            return Err(Unread::Skipped(InputError::new(&name, problem)));
        }
    }
    let bytes = input::read_file(&input.path, max_size).map_err(Unread::Failed)?;
    if input.walked && input::is_binary(&bytes) {
        return Err(Unread::Skipped(InputError::new(&name, "looks like a binary file, not text")));
    }
    if input.walked && bytes.starts_with(b"PK\x03\x04") && input::extension(&input.path) != "docx" {
        return Err(Unread::Skipped(InputError::new(&name, "is a zip archive, not a .docx or text file")));
    }
    input::decode_file(&input.path, &bytes).map_err(Unread::Failed)
}

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
    /// No progress bar and no summary.
    pub quiet: bool,
}

/// Runs `extract` on the command-line inputs and returns the exit code: 0 when every input
/// was read, 2 when some could not be (the others are still written). `Err` is a usage
/// error (nothing was read).
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
        Some(dir) => Some(plan_outputs(&inputs, dir, if opts.emit_text { "txt" } else { opts.format.extension() })?),
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
        reporter.note(&format!("taizhang: {e}"));
        tally.failed.push(e.clone());
    }
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    if csv && outputs.is_none() {
        put(&mut out, &report::csv_string(&csv_header(), &[], true), &mut write_error);
    }
    let mut first = true;
    let work = |input: &Input| -> Outcome<String> {
        let doc = match load(input, opts.max_size) {
            Ok(d) => d,
            Err(u) => return u.into(),
        };
        if opts.emit_text {
            return Outcome::Done(doc.text, DocStats::default());
        }
        let a = analyzer.analyze(&doc);
        let per_file = outputs.is_some();
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
                if per_file {
                    report::csv_string(&csv_header(), &rows, true)
                } else {
                    report::csv_records(&rows)
                }
            }
        };
        Outcome::Done(s, DocStats::of(&a))
    };
    let feed = inputs.files.iter().enumerate();
    run_ordered(opts.jobs, feed, work, |i, result| {
        let input = &inputs.files[i];
        let outcome = result.unwrap_or_else(|msg| Outcome::Failed(InputError::new(&input.path.display().to_string(), msg)));
        let Some(s) = reporter.record(&mut tally, outcome) else { return true };
        match &outputs {
            Some(paths) => {
                let path = &paths[i];
                let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(path, s.as_bytes()));
                if let Err(e) = written {
                    let err = InputError::new(&input.path.display().to_string(), format!("cannot write {}: {e}", path.display()));
                    reporter.note(&format!("taizhang: {err}"));
                    tally.read -= 1;
                    tally.failed.push(err);
                }
            }
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

/// Writes to the output unless an earlier write failed; keeps the first error.
fn put(out: &mut (impl Write + ?Sized), s: &str, write_error: &mut Option<std::io::Error>) {
    if write_error.is_none() {
        if let Err(e) = out.write_all(s.as_bytes()) {
            *write_error = Some(e);
        }
    }
}

/// The exit code of a run whose output could not be written, if so: a closed pipe
/// (`| head`) ends the run quietly with the code of what was done so far; any other write
/// error is reported and gives 2.
fn output_failed(write_error: Option<std::io::Error>, tally: &Tally) -> Option<u8> {
    let e = write_error?;
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Some(if tally.failed.is_empty() { EXIT_OK } else { EXIT_FAILED });
    }
    eprintln!("taizhang: cannot write the output: {e}");
    Some(EXIT_FAILED)
}

/// An absolute, normalised form of a path that may not exist yet: its longest existing
/// ancestor canonicalised, the rest appended.
fn absolute(path: &Path) -> PathBuf {
    let base = if path.is_absolute() { PathBuf::new() } else { std::env::current_dir().unwrap_or_default() };
    let mut full = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                full.pop();
            }
            Component::CurDir => {}
            c => full.push(c),
        }
    }
    let mut existing = full.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Where each input's output goes under `out_dir` (`<out_name>.<ext>`). Refuses an
/// out-dir inside an input directory or holding an input file, and two inputs that would
/// write the same output.
fn plan_outputs(inputs: &Inputs, out_dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(format!("--out-dir {}: exists and is not a directory", out_dir.display()));
    }
    let out_abs = absolute(out_dir);
    for d in &inputs.dirs {
        let d_abs = absolute(d);
        if out_abs.starts_with(&d_abs) {
            return Err(format!(
                "--out-dir {} lies inside the input directory {}: choose a directory outside the inputs",
                out_dir.display(),
                d.display()
            ));
        }
    }
    let mut planned: HashMap<PathBuf, &Path> = HashMap::new();
    let mut paths = Vec::with_capacity(inputs.files.len());
    for input in &inputs.files {
        if absolute(&input.path).starts_with(&out_abs) {
            return Err(format!(
                "--out-dir {} holds the input {}: choose a directory outside the inputs",
                out_dir.display(),
                input.path.display()
            ));
        }
        let mut name = input.out_name.clone().into_os_string();
        name.push(format!(".{ext}"));
        let path = out_dir.join(name);
        if let Some(other) = planned.insert(path.clone(), &input.path) {
            return Err(format!(
                "{} and {} would both be written to {}; run them separately",
                other.display(),
                input.path.display(),
                path.display()
            ));
        }
        paths.push(path);
    }
    Ok(paths)
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Findings with the source line and a caret, then a summary line per input.
    Human,
    /// One `file:line:col: severity[code]: message` line per finding.
    Line,
    /// The findings of each input as JSON (an array for a batch).
    Json,
    /// SARIF 2.1.0 for code review tools.
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
    /// No progress bar and no summary.
    pub quiet: bool,
}

/// The result of checking one input.
struct Checked {
    /// Human, line or JSON output.
    text: String,
    /// A finding at or above `--fail-on`.
    fails: bool,
    /// For SARIF, which is written at the end.
    sarif: Option<(String, Vec<check::Located>)>,
}

/// Runs `check` and returns the exit code: 2 when an input could not be read (this wins),
/// else 1 when a finding is at or above `--fail-on`, else 0.
pub fn check(analyzer: &Analyzer, args: &[PathBuf], sel: &Selection, opts: &CheckOptions) -> Result<u8, String> {
    let inputs = Inputs::collect(args, sel);
    let batch = inputs.is_batch();
    let reporter = Reporter::new(inputs.files.len(), opts.quiet);
    let mut tally = Tally::default();
    for e in &inputs.errors {
        reporter.note(&format!("taizhang: {e}"));
        tally.failed.push(e.clone());
    }
    let work = |input: &Input| -> Outcome<Checked> {
        let doc = match load(input, opts.max_size) {
            Ok(d) => d,
            Err(u) => return u.into(),
        };
        let a = analyzer.analyze(&doc);
        let text = CharText::new(&doc.text);
        let found = check::locate(&a, &text);
        let fails = opts.fail_on.is_some_and(|t| check::fails(&found, t));
        let name = doc.source.clone();
        let (out, sarif) = match opts.format {
            CheckFormat::Human => (check::human(&name, &text, &found, opts.color) + &check::summary_text(&a, &found), None),
            CheckFormat::Line => (check::lines(&name, &found), None),
            CheckFormat::Json => (serde_json::to_string_pretty(&check::json_value(&name, &a, &found)).unwrap_or_default(), None),
            CheckFormat::Sarif => (String::new(), Some((name, found))),
        };
        Outcome::Done(Checked { text: out, fails, sarif }, DocStats::of(&a))
    };
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    let mut any_fail = false;
    let mut sarif_files = Vec::new();
    let mut json_docs = 0usize;
    run_ordered(opts.jobs, inputs.files.iter().enumerate(), work, |i, result| {
        let input = &inputs.files[i];
        let outcome = result.unwrap_or_else(|msg| Outcome::Failed(InputError::new(&input.path.display().to_string(), msg)));
        let Some(c) = reporter.record(&mut tally, outcome) else { return true };
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
        CheckFormat::Sarif => Some(check::sarif(&sarif_files) + "\n"),
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

/// Lines of a JSON Lines stream: (line number, bytes), blank lines left out; a line longer
/// than the limit is an `Err` (and is not held in memory), as is a read error, which also
/// ends the stream.
struct JsonLines<R> {
    reader: R,
    max: u64,
    line: usize,
    done: bool,
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
            match (&mut self.reader).take(self.max + 1).read_until(b'\n', &mut buf) {
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

/// The error object of a JSON Lines record.
fn error_line(id: Option<&serde_json::Value>, line: usize, problem: &str) -> String {
    serde_json::json!({"id": id.cloned().unwrap_or(serde_json::Value::Null), "line": line, "error": problem}).to_string() + "\n"
}

/// Analyses one JSON Lines record: the result line, with the record's stats, or an error
/// line with the problem.
fn pipe_record(analyzer: &Analyzer, line: usize, bytes: Result<Vec<u8>, String>) -> Result<(String, DocStats), (String, String)> {
    let fail = |id: Option<&serde_json::Value>, p: String| Err((error_line(id, line, &p), p));
    let bytes = match bytes {
        Ok(b) => b,
        Err(p) => return fail(None, p),
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return fail(None, format!("not a JSON object: {e}")),
    };
    let Some(obj) = value.as_object() else { return fail(None, "not a JSON object".to_string()) };
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
    let a = analyzer.analyze(&doc);
    let id = id.cloned().unwrap_or_else(|| serde_json::Value::from(line));
    Ok((report::json_line(&a, Some(&id)) + "\n", DocStats::of(&a)))
}

/// A JSON Lines pipeline: reads `{"id": …, "text": …}` documents, one per line, and writes
/// one result line per document in input order — the analysis with the record's `id` (its
/// line number when it has none). A bad record gives `{"id": …, "line": n, "error": …}` and
/// the stream goes on; blank lines are skipped. Returns 0 (bad records do not fail a Spark
/// or Hadoop task), or 2 when the input cannot be read or the output written.
pub fn pipe_jsonl<R: BufRead + Send>(
    analyzer: &Analyzer,
    input: R,
    out: &mut dyn Write,
    jobs: usize,
    max_line: u64,
    quiet: bool,
) -> Result<u8, String> {
    let feed = JsonLines { reader: input, max: max_line, line: 0, done: false }.map(|(line, bytes)| (line, (line, bytes)));
    let mut tally = Tally::default();
    let mut write_error: Option<std::io::Error> = None;
    let mut read_error = false;
    run_ordered(
        jobs,
        feed,
        |(line, bytes)| pipe_record(analyzer, line, bytes),
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
    fn globs() {
        let g = |p: &str, s: &str| Glob::new(p).unwrap().matches(s);
        assert!(g("*.txt", "整改方案.txt"));
        assert!(!g("*.txt", "a.docx"));
        assert!(g("*整改*", "区委整改方案.docx"));
        assert!(g("20??-*.docx", "2024-表态.docx"));
        assert!(g("[!.]*", "a"));
        assert!(!g("[!.]*", ".a"));
        assert!(g("[a-c]x", "bx"));
        assert!(g("2023/**/*.docx", "2023/a/b/x.docx"));
        assert!(g("2023/**/*.docx", "2023/x.docx"));
        assert!(!g("2023/*.docx", "2023/a/x.docx"));
        assert!(g("**", "a/b/c"));
        assert!(g(r"\*", "*"));
        assert!(Glob::new("[abc").is_err());
    }

    #[test]
    fn selection_filters_by_extension_and_glob() {
        let sel = Selection::new(&["TXT".into(), ".docx".into()], &["*方案*".into()]).unwrap();
        assert!(sel.accepts(Path::new("sub/整改方案.txt")));
        assert!(sel.accepts(Path::new("整改方案.DOCX")));
        assert!(!sel.accepts(Path::new("整改方案.pdf")));
        assert!(!sel.accepts(Path::new("表态.txt")));
        let path_glob = Selection::new(&[], &["sub/*".into()]).unwrap();
        assert!(path_glob.accepts(Path::new("sub/a.txt")));
        assert!(!path_glob.accepts(Path::new("a.txt")));
    }

    #[test]
    fn results_arrive_in_order_with_a_bounded_window() {
        let in_flight = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = Vec::new();
        run_ordered(
            3,
            (0..200usize).map(|i| (i, i)),
            |i| {
                let now = in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(((i * 7919) % 13) as u64 * 50));
                in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                if i == 17 {
                    panic!("boom");
                }
                i * 2
            },
            |k, r| {
                match r {
                    Ok(v) => assert_eq!(v, k * 2),
                    Err(m) => assert!(k == 17 && m.contains("boom")),
                }
                seen.push(k);
                true
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        assert!(most.load(std::sync::atomic::Ordering::SeqCst) <= 3);
    }

    #[test]
    fn a_sink_can_stop_the_run() {
        let mut n = 0;
        run_ordered(
            2,
            (0..1000usize).map(|i| (i, i)),
            |i| i,
            |_, _| {
                n += 1;
                n < 5
            },
        )
        .unwrap();
        assert_eq!(n, 5);
    }

    #[test]
    fn json_lines_skip_blanks_and_bound_long_lines() {
        let data = "\u{feff}{\"a\":1}\r\n\n   \n{\"b\":2}\n".to_string() + &"x".repeat(100) + "\n{\"c\":3}";
        let lines: Vec<(usize, Result<Vec<u8>, String>)> =
            JsonLines { reader: std::io::Cursor::new(data.into_bytes()), max: 50, line: 0, done: false }.collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], (1, Ok(b"{\"a\":1}".to_vec())));
        assert_eq!(lines[1], (4, Ok(b"{\"b\":2}".to_vec())));
        assert!(lines[2].1.as_ref().unwrap_err().contains("longer than"));
        assert_eq!(lines[3], (6, Ok(b"{\"c\":3}".to_vec())));
    }

    #[test]
    fn pipeline_keeps_ids_and_reports_bad_lines() {
        let analyzer = Analyzer::new(crate::analyzer::Config::default()).unwrap();
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"区纪委要在6月底前完成整改。\"}\n",
            "not json\n",
            "{\"id\": 7}\n",
            "{\"text\": \"区委将于年底前建立制度。\"}\n",
        );
        let mut out = Vec::new();
        let code = pipe_jsonl(&analyzer, std::io::Cursor::new(input), &mut out, 2, 1 << 20, true).unwrap();
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

    #[test]
    fn out_dir_must_stay_outside_the_inputs() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(data.join("sub")).unwrap();
        std::fs::write(data.join("a.txt"), "区委将整改。").unwrap();
        std::fs::write(data.join("sub/a.txt"), "区委将整改。").unwrap();
        let inputs = Inputs::collect(std::slice::from_ref(&data), &Selection::default());
        assert_eq!(inputs.files.len(), 2);
        assert!(plan_outputs(&inputs, &data.join("out"), "csv").unwrap_err().contains("inside the input directory"));
        assert!(plan_outputs(&inputs, &data, "csv").is_err());
        let outs = plan_outputs(&inputs, &tmp.path().join("out"), "csv").unwrap();
        assert_eq!(outs[0], tmp.path().join("out/data/a.txt.csv"));
        assert_eq!(outs[1], tmp.path().join("out/data/sub/a.txt.csv"));
        let explicit = Inputs::collect(&[data.join("a.txt"), data.join("sub/a.txt")], &Selection::default());
        assert!(plan_outputs(&explicit, &tmp.path().join("out"), "csv").unwrap_err().contains("both"));
        let holds = Inputs::collect(&[data.join("sub/a.txt")], &Selection::default());
        assert!(plan_outputs(&holds, &data.join("sub"), "csv").unwrap_err().contains("holds the input"));
    }

    #[test]
    fn summary_counts_and_shares() {
        let mut t = Tally::default();
        t.add(DocStats { items: 4, commitments: 4, with_owner: 3, with_deadline: 1, flags: vec!["missing-deadline".into(); 3] });
        t.failed.push(InputError::new("bad.docx", "not a valid .docx (zip) file"));
        t.skipped = 1;
        let s = t.summary("files", true);
        assert!(s.contains("3 files: 1 read, 1 failed, 1 skipped"), "{s}");
        assert!(s.contains("75.0% with an owner"), "{s}");
        assert!(s.contains("25.0% with a time limit"), "{s}");
        assert!(s.contains("missing-deadline 3"), "{s}");
        assert!(s.contains("failed: bad.docx: not a valid"), "{s}");
    }
}
