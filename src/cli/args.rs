//! The command line: clap types and the long help of each command.

use super::check::CheckFormat;
use super::extract::{ExtractFormat, GroupBy, Table};
use super::segment::SegmentFormat;
use super::walk::Selection;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use taizhang::read as input;

/// The largest `--max-size`, in bytes (4 GiB).
pub const MAX_MAX_SIZE: u64 = 4 << 30;

#[derive(Parser)]
#[command(
    name = "taizhang",
    version,
    about = "台账: turn Chinese official statements into a task ledger — who must do what by when — and flag vague pledges.",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command that reads text.
#[derive(clap::Args, Clone)]
pub struct Common {
    /// Extra jieba dictionary (word [freq] [tag] per line); may be repeated.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Reference date for 年底前, 三个月内… when the text gives no date of its own.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Configuration file (default: taizhang.toml in this directory or a parent, up to the
    /// repository root or home, skipping one that another user owns or others may write;
    /// the one used is noted on stderr unless --quiet).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Refuse input files (and JSON Lines records on stdin) larger than this many bytes
    /// (1 to 4294967296).
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_SIZE,
          value_parser = clap::value_parser!(u64).range(1..=MAX_MAX_SIZE))]
    pub max_size: u64,
    /// No progress bar, no note of the configuration used or of skipped files, and no
    /// closing summary on stderr (errors and warnings are still reported).
    #[arg(long, short)]
    pub quiet: bool,
}

/// The options of `segment`: those of [`Common`] that apply to segmenting one text.
#[derive(clap::Args, Clone)]
pub struct SegmentCommon {
    /// Extra jieba dictionary (word [freq] [tag] per line); may be repeated.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Configuration file, for its [segment] dicts (default: taizhang.toml in this directory
    /// or a parent, as for extract).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Refuse an input larger than this many bytes (1 to 4294967296).
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_SIZE,
          value_parser = clap::value_parser!(u64).range(1..=MAX_MAX_SIZE))]
    pub max_size: u64,
    /// No note of the configuration used on stderr (warnings are still reported).
    #[arg(long, short)]
    pub quiet: bool,
}

impl SegmentCommon {
    /// The same settings as [`Common`] (no reference date: segmenting needs none).
    pub fn common(&self) -> Common {
        Common { dicts: self.dicts.clone(), date: None, config: self.config.clone(), max_size: self.max_size, quiet: self.quiet }
    }
}

/// How many files run together: selection and parallelism of a batch.
#[derive(clap::Args, Clone)]
pub struct BatchArgs {
    /// In directories, read only files matching this pattern (* ? [..] {a,b} within a name,
    /// ** across directories; a pattern with / matches the path below the directory). May be
    /// repeated.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// In directories, read only files with these extensions (comma-separated: txt,docx;
    /// default: txt, text, md, docx and files without an extension).
    #[arg(long = "ext", value_name = "LIST", value_delimiter = ',')]
    pub exts: Vec<String>,
    /// Worker threads (default: the number of CPUs). Inputs over 8 MiB run one at a time.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

impl BatchArgs {
    /// The number of worker threads.
    pub fn jobs(&self) -> usize {
        self.jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    }

    /// The file selection of a directory walk.
    ///
    /// # Errors
    /// A `--glob` pattern that does not parse.
    pub fn selection(&self) -> Result<Selection, String> {
        Selection::new(&self.exts, &self.globs)
    }
}

const INPUTS_HELP: &str = "\
Inputs: files (.txt in UTF-8/UTF-16/GBK, .docx), directories, or - for standard input. Files
named on the command line are read whatever their extension. Directories are read
recursively in sorted file-name order:
  * read: .txt, .text, .md and .docx files, and files without an extension that hold text;
    one of these that cannot be read (corrupt or password-protected .docx, binary data in a
    .txt…) is a failure;
  * skipped and named: .doc/.pdf/.wps and other formats to convert, files without an
    extension holding binary data, and entries that are not files: dangling symlinks,
    symlink loops, FIFOs, sockets, devices, symlinks to directories (not followed);
  * skipped and counted: files with any other extension (.zip, .jpg…);
  * left out: hidden entries (.name), and what --ext and --glob leave out.
Inputs run in parallel (--jobs); output keeps the input order. An input over 8 MiB needs
about 160 times its size in memory, so large inputs are analysed one at a time whatever
--jobs says (small ones go on beside it).

Configuration: --config FILE, or else taizhang.toml in the current directory or a parent,
up to the repository root (a directory holding .git) or your home directory, whichever
comes first (only the current directory when neither is above it). A discovered file owned
by another user, or writable by group or others, is ignored with a warning. The
configuration used is noted on stderr (`taizhang: using config FILE`) unless --quiet.
Paths in it are relative to its directory; it and the files it names must be regular
files.";

const EXTRACT_MORE: &str = "\
With several inputs or a directory, --format csv writes ONE ledger with a 来源文件 column,
--format jsonl one line per file with its \"source\", --format json a JSON array, --format
xlsx one workbook (--output FILE.xlsx; it is never written to a terminal or a pipe). --out-dir
writes one output per input instead (DIR/archive/2023/a.docx.csv for archive/2023/a.docx):
never inside an input directory and never over an input, symlinks resolved; each output
is written to a temporary file and renamed into place, so an interrupted run never leaves
a truncated output. A summary (files read, failed and skipped, items, share with owner and
time limit, flags by code, then each failure and skipped entry by name) closes every batch
on stderr.

Office ledgers: --format xlsx writes the sheets 台账 (one row per task: 序号, 来源文件,
问题/事项, 整改措施, 责任单位（牵头/配合）, 责任领导, 责任人, 完成时限, 截止日期 as an Excel
date, 时限类型, 问题标记, a 状态 drop-down to fill in, 原文位置 as 条目N，第L行第C字 — line
and column from 1, the column in characters), 责任清单 and 汇总 (per file and per owner).
Only commitments are tasks. --group-by owner adds one sheet per owner (xlsx), or writes one
section per owner (md) or an owner column first (csv); owner names are compared with
full-/half-width forms, brackets and spaces folded, never merging two different names; a
task with several owners is listed under each, one with none under 未明确责任单位.
--due-before DATE keeps the tasks due on or before DATE, --overdue those due before --date
(or today), in every format; the closing summary counts them.

Positions: an item's line and column count from 1, the column in characters as a reader
counts them (grapheme clusters: a letter with its combining marks, or an emoji sequence, is
one); every span counts Unicode code points from 0 in the decoded text (--emit-text).

Pipelines: `taizhang extract --format jsonl -` reads JSON Lines documents {\"id\": …, \"text\": …}
on stdin and writes one result line per document with its id; a bad line gives
{\"id\": …, \"line\": n, \"error\": …} and the stream goes on (for Spark RDD.pipe, Hadoop
Streaming). Standard input whose first line is no JSON object is refused (exit 2): plain text
on stdin is read with the other formats (--format json, text, md, csv).

Exit codes:
  0  every input was read (bad JSON Lines records do not count: they are reported in-band)
  2  usage error, or some inputs could not be read (each is reported on stderr; the rest are
     written)";

const CHECK_MORE: &str = "\
Formats:
  human  for each finding `path:line:col: severity[code]: message`, the source line with the
         matched words underlined, and the fix (`= help:`); then per input a summary:
         `path: N pledges, M with owner and time limit; K findings (code n, …); completeness P%`
         (`no commitment found` and completeness — for a text without commitments)
  line   the first line of human only: `path:line:col: severity[code]: message`
  json   per input {path, findings: [{code, severity, message, suggestion, line, column,
         column_code_points, span: {start, end}, matched, item}], summary}; an array for a batch
  sarif  one SARIF 2.1.0 log for all inputs (code review tools, GitHub code scanning)

Columns: lines and columns count from 1. human, line and json count the column in
characters as a reader counts them (grapheme clusters: a letter with its combining marks, or
an emoji sequence, is one); json adds column_code_points; sarif counts columns in Unicode code
points (columnKind unicodeCodePoints). Spans (json span, SARIF charOffset and charLength)
count code points from 0 in the decoded text. The caret of human stands under the words at
their width on a terminal (a Chinese character takes two cells).

Findings point at the words: vague-owner at 我们/各单位, vague-deadline at 尽快/适时,
missing-owner, missing-deadline and empty-pledge at the clause that pledges, outline rules at
the marker. `taizhang rules` lists the rules with an example of each.

File names with control characters (a newline…) are escaped (\\n) in the human and line
formats and on stderr.

Exit codes:
  0  all inputs read, no finding at or above --fail-on
  1  all inputs read, a finding at or above --fail-on
  2  usage error, or some inputs could not be read; this wins over 1 (findings of the inputs
     that were read are still written)";

const EXTRACT_CODES: &str = "Exit codes: 0 every input read; 2 usage error or some inputs failed (see --help).";
const CHECK_CODES: &str = "Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage error or some inputs failed (wins).";

/// The long help of `extract`.
fn extract_help() -> String {
    format!("{INPUTS_HELP}\n\n{EXTRACT_MORE}")
}

/// The long help of `check`.
fn check_help() -> String {
    format!("{INPUTS_HELP}\n\n{CHECK_MORE}")
}

#[derive(Subcommand)]
pub enum Command {
    /// Extract the ledger: outline, commitments, owners, time limits, flags.
    ///
    /// Example: taizhang extract samples/chengnuo.txt --format md
    #[command(after_help = EXTRACT_CODES, after_long_help = extract_help())]
    Extract {
        /// Statement files (.txt in UTF-8/UTF-16/GBK, .docx), directories, or - for standard input.
        #[arg(required = true, value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
        /// Output format (default: text on a terminal, json otherwise).
        #[arg(long, short)]
        format: Option<ExtractFormat>,
        /// With --format csv: which table to write (default: items). The other formats hold
        /// both: md, text and json the 责任清单 after the items, xlsx a 责任清单 sheet.
        #[arg(long)]
        table: Option<Table>,
        /// Print the decoded text the spans refer to (char offsets count its code points),
        /// instead of the ledger.
        #[arg(long, conflicts_with_all = ["format", "table"])]
        emit_text: bool,
        /// Write one output per input into this directory (outside the inputs) instead of stdout.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Write the output to this file instead of stdout (whole or not at all: written
        /// beside it, then renamed). --format xlsx needs it (or --out-dir).
        #[arg(long, short, value_name = "FILE", conflicts_with = "out_dir")]
        output: Option<PathBuf>,
        /// Group the tasks by owner (责任单位/责任领导/责任人), across every input: one sheet
        /// per owner (xlsx), one section per owner (md), an owner column first (csv).
        #[arg(long, value_name = "KEY", conflicts_with = "emit_text")]
        group_by: Option<GroupBy>,
        /// Keep only the tasks due on or before this day (by the due date of their time limit).
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "emit_text")]
        due_before: Option<String>,
        /// Keep only the tasks overdue: due before --date, or before today without it.
        #[arg(long, conflicts_with = "emit_text")]
        overdue: bool,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Review a draft like a linter: vague pledges and numbering slips, with exit codes.
    ///
    /// Example: taizhang check samples/draft_with_slips.txt --fail-on warning
    #[command(after_help = CHECK_CODES, after_long_help = check_help())]
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
    /// Example: taizhang segment samples/two_lines.txt --pos
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
        common: SegmentCommon,
    },
    /// Review drafts in the browser: a local page that highlights every finding.
    ///
    /// Example: taizhang serve --open
    #[command(after_long_help = super::serve::HELP)]
    Serve {
        /// Port to listen on (0: any free port; the address is printed).
        #[arg(long, short, default_value_t = super::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
        /// Listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0): other machines can
        /// then send texts and read the results. A warning is printed.
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::IpAddr>,
        /// Seconds an analysis may take (reading and decoding included) before the request
        /// is answered with an error.
        #[arg(long, value_name = "SECS", default_value = super::serve::DEFAULT_TIMEOUT,
              value_parser = super::serve::parse_timeout)]
        timeout: std::time::Duration,
        /// Analyses run at once (default: the number of CPUs); more requests wait their turn.
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        #[command(flatten)]
        common: Common,
    },
    /// List the rules of `check`, with what they flag and how to fix it.
    Rules,
}

/// `--fail-on`.
#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn max_size_is_bounded() {
        let parse = |v: &str| Cli::try_parse_from(["taizhang", "extract", "a.txt", "--max-size", v]);
        assert!(parse("18446744073709551615").is_err());
        assert!(parse("0").is_err());
        assert!(parse("4294967297").is_err());
        assert!(parse("4294967296").is_ok());
        assert!(parse("1").is_ok());
    }
}
