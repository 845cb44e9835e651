//! The `taizhang` command line: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::batch::{self, CheckFormat, CheckOptions, ExtractFormat, ExtractOptions, Selection, Table};
use taizhang::deadline::Date;
use taizhang::read::{self as input, Document, InputError};
use taizhang::rules::Severity;
use taizhang::text::CharText;
use taizhang::config;

#[derive(Parser)]
#[command(
    name = "taizhang",
    version,
    about = "台账: turn Chinese official statements into a task ledger — who must do what by when — and flag vague pledges.",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Extra jieba dictionary (word [freq] [tag] per line); may be repeated.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Reference date for 年底前, 三个月内… when the text gives no date of its own.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Configuration file (default: taizhang.toml in this or a parent directory).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Refuse input files (and JSON Lines records on stdin) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_SIZE)]
    max_size: u64,
}

/// How many files run together: selection and parallelism of a batch.
#[derive(clap::Args, Clone)]
struct BatchArgs {
    /// In directories, read only files matching this pattern (* ? [..] within a name, ** across
    /// directories; a pattern with / matches the path below the directory). May be repeated.
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<String>,
    /// In directories, read only files with these extensions (comma-separated: txt,docx).
    #[arg(long = "ext", value_name = "LIST", value_delimiter = ',')]
    exts: Vec<String>,
    /// Worker threads (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress bar and no closing summary on stderr (errors are still reported).
    #[arg(long, short)]
    quiet: bool,
}

impl BatchArgs {
    fn jobs(&self) -> usize {
        self.jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    }

    fn selection(&self) -> Result<Selection, String> {
        Selection::new(&self.exts, &self.globs)
    }
}

const EXTRACT_HELP: &str = "\
Inputs: files (.txt in UTF-8/UTF-16/GBK, .docx), directories (read recursively in sorted
path order; hidden files skipped; binary files, zip archives other than .docx and
.doc/.pdf/.wps skipped with a note), or - for standard input. Inputs run in parallel
(--jobs); output keeps the input order.

With several inputs or a directory, --format csv writes ONE ledger with a 来源文件 column,
--format jsonl one line per file with its \"source\", --format json a JSON array. --out-dir
writes one output per input instead (DIR/archive/2023/a.docx.csv for archive/2023/a.docx),
never inside an input directory and never over an input. A summary (files read and failed, items, share with owner and time limit, flags by
code) closes every batch on stderr.

Pipelines: `taizhang extract --format jsonl -` reads JSON Lines documents {\"id\": …, \"text\": …}
on stdin and writes one result line per document with its id; a bad line gives
{\"id\": …, \"line\": n, \"error\": …} and the stream goes on (for Spark RDD.pipe, Hadoop
Streaming).

Exit codes:
  0  every input was read (bad JSON Lines records do not count: they are reported in-band)
  2  usage error, or some inputs could not be read (each is reported on stderr; the rest are
     written)";

const CHECK_HELP: &str = "\
Inputs: files, directories (recursive, sorted, hidden and binary files skipped) or - for
standard input; they run in parallel (--jobs), output keeps the input order.

Exit codes:
  0  all inputs read, no finding at or above --fail-on
  1  all inputs read, a finding at or above --fail-on
  2  usage error, or some inputs could not be read; this wins over 1 (findings of the inputs
     that were read are still written)";

const EXTRACT_CODES: &str = "Exit codes: 0 every input read; 2 usage error or some inputs failed (see --help).";
const CHECK_CODES: &str = "Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage error or some inputs failed (wins).";

#[derive(Subcommand)]
enum Command {
    /// Extract the ledger: outline, commitments, owners, time limits, flags.
    ///
    /// Example: taizhang extract samples/biaotai.txt --format md
    #[command(after_help = EXTRACT_CODES, after_long_help = EXTRACT_HELP)]
    Extract {
        /// Statement files (.txt in UTF-8/UTF-16/GBK, .docx), directories, or - for standard input.
        #[arg(required = true, value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
        /// Output format (default: text on a terminal, json otherwise).
        #[arg(long, short)]
        format: Option<ExtractFormat>,
        /// With --format csv: which table to write.
        #[arg(long, default_value = "items")]
        table: Table,
        /// Print the decoded text the spans refer to, instead of the ledger.
        #[arg(long)]
        emit_text: bool,
        /// Write one output per input into this directory (outside the inputs) instead of stdout.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Review a draft like a linter: vague pledges and numbering slips, with exit codes.
    ///
    /// Example: taizhang check draft.txt --fail-on warning
    #[command(after_help = CHECK_CODES, after_long_help = CHECK_HELP)]
    Check {
        /// Draft files, directories, or - for standard input.
        #[arg(required = true, value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short, default_value = "human")]
        format: CheckFormat,
        /// Exit with 1 when a finding at or above this severity is found.
        #[arg(long, default_value = "warning")]
        fail_on: FailOn,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Segment a text into words with the domain dictionary.
    ///
    /// Example: taizhang segment samples/biaotai.txt --pos
    Segment {
        /// A text file, or - for standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show part-of-speech tags.
        #[arg(long)]
        pos: bool,
        /// Output format.
        #[arg(long, short, default_value = "text")]
        format: SegmentFormat,
        #[command(flatten)]
        common: Common,
    },
    /// List the rules of `check`, with what they flag and how to fix it.
    Rules,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("taizhang: {msg}");
            ExitCode::from(2)
        }
    }
}

fn build_analyzer(common: &Common) -> Result<Analyzer, String> {
    let mut cfg = Config::default();
    let cfg_path = match &common.config {
        Some(p) => {
            if !p.is_file() {
                return Err(format!("{}: no such configuration file", p.display()));
            }
            Some(p.clone())
        }
        None => std::env::current_dir().ok().and_then(|d| config::discover(&d)),
    };
    if let Some(p) = cfg_path {
        config::load(&p, &mut cfg)?;
    }
    if let Some(d) = &common.date {
        cfg.reference_date = Some(Date::parse_iso(d).ok_or_else(|| format!("--date {d}: not a date (YYYY-MM-DD)"))?);
    }
    cfg.user_dicts.extend(common.dicts.iter().cloned());
    Analyzer::new(cfg)
}

fn read(path: &Path, max: u64) -> Result<Document, InputError> {
    input::read_path(path, max)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Extract { files, format, table, emit_text, out_dir, batch: many, common } => {
            let selection = many.selection()?;
            let analyzer = build_analyzer(&common)?;
            let format = format.unwrap_or(if std::io::stdout().is_terminal() { ExtractFormat::Text } else { ExtractFormat::Json });
            let opts = ExtractOptions { format, table, emit_text, out_dir, jobs: many.jobs(), max_size: common.max_size, quiet: many.quiet };
            Ok(ExitCode::from(batch::extract(&analyzer, &files, &selection, &opts)?))
        }
        Command::Check { files, format, fail_on, batch: many, common } => {
            let selection = many.selection()?;
            let analyzer = build_analyzer(&common)?;
            let fail_on = match fail_on {
                FailOn::Info => Some(Severity::Info),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Error => Some(Severity::Error),
                FailOn::Never => None,
            };
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = CheckOptions { format, fail_on, color, jobs: many.jobs(), max_size: common.max_size, quiet: many.quiet };
            Ok(ExitCode::from(batch::check(&analyzer, &files, &selection, &opts)?))
        }
        Command::Segment { file, pos, format, common } => {
            let analyzer = build_analyzer(&common)?;
            let doc = read(&file, common.max_size).map_err(|e| e.to_string())?;
            let text = CharText::new(&doc.text);
            let tokens = analyzer.segmenter().tag_document(&text);
            let mut out = std::io::stdout().lock();
            match format {
                SegmentFormat::Json => {
                    let v: Vec<serde_json::Value> = tokens
                        .iter()
                        .filter(|t| !t.word.trim().is_empty())
                        .map(|t| {
                            let mut o = serde_json::json!({"word": t.word, "start": t.span.start, "end": t.span.end});
                            if pos {
                                o["tag"] = serde_json::Value::String(t.tag.clone());
                            }
                            o
                        })
                        .collect();
                    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                }
                SegmentFormat::Text => {
                    let mut line = String::new();
                    let mut last_end = 0;
                    for t in &tokens {
                        let gap = text.slice(taizhang::text::Span::new(last_end, t.span.start));
                        if gap.contains('\n') {
                            let _ = writeln!(out, "{}", line.trim_end());
                            line.clear();
                        }
                        last_end = t.span.end;
                        if t.word.trim().is_empty() {
                            continue;
                        }
                        if pos {
                            line.push_str(&format!("{}/{} ", t.word, t.tag));
                        } else {
                            line.push_str(&t.word);
                            line.push(' ');
                        }
                    }
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules => {
            let analyzer = Analyzer::new(Config::default())?;
            for r in analyzer.rules() {
                let (bad, good) = r.example();
                let (bad, good) = (bad.replace('\n', " / "), good.replace('\n', " / "));
                println!("{:<18} {:<8} {}\n{:<27} e.g. {bad} → {good}", r.code(), r.default_severity().name(), r.description(), "");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
