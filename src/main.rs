//! The `taizhang` command line: a thin shell over the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::deadline::Date;
use taizhang::input::{self, Document, InputError};
use taizhang::rules::Severity;
use taizhang::text::CharText;
use taizhang::{check, config, report};

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
    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_SIZE)]
    max_size: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the ledger: outline, commitments, owners, time limits, flags.
    ///
    /// Example: taizhang extract samples/biaotai.txt --format md
    Extract {
        /// Statement files (.txt in UTF-8/UTF-16/GBK, .docx), or - for standard input.
        #[arg(required = true, value_name = "FILE")]
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
        #[command(flatten)]
        common: Common,
    },
    /// Review a draft like a linter: vague pledges and numbering slips, with exit codes.
    ///
    /// Example: taizhang check draft.txt --fail-on warning
    Check {
        /// Draft files, or - for standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short, default_value = "human")]
        format: CheckFormat,
        /// Exit with 1 when a finding at or above this severity is found.
        #[arg(long, default_value = "warning")]
        fail_on: FailOn,
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
enum ExtractFormat {
    Json,
    Jsonl,
    Md,
    Csv,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum Table {
    Items,
    Responsibilities,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Line,
    Json,
    Sarif,
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
        Command::Extract { files, format, table, emit_text, common } => {
            let analyzer = build_analyzer(&common)?;
            let format = format.unwrap_or(if std::io::stdout().is_terminal() { ExtractFormat::Text } else { ExtractFormat::Json });
            let mut out = std::io::stdout().lock();
            let mut failed = 0;
            let many = files.len() > 1;
            let mut csv_rows = Vec::new();
            for path in &files {
                let doc = match read(path, common.max_size) {
                    Ok(d) => d,
                    Err(e) => {
                        eprintln!("taizhang: {e}");
                        failed += 1;
                        continue;
                    }
                };
                if emit_text {
                    let _ = write!(out, "{}", doc.text);
                    continue;
                }
                let a = analyzer.analyze(&doc);
                let s = match format {
                    ExtractFormat::Json => report::json(&a) + "\n",
                    ExtractFormat::Jsonl => report::json_line(&a, None) + "\n",
                    ExtractFormat::Md => report::markdown(&a),
                    ExtractFormat::Text => report::text_tree(&a),
                    ExtractFormat::Csv => {
                        match table {
                            Table::Items => csv_rows.extend(report::csv_rows(&a, many)),
                            Table::Responsibilities => csv_rows.extend(report::responsibility_rows(&a, many)),
                        }
                        String::new()
                    }
                };
                let _ = out.write_all(s.as_bytes());
            }
            if matches!(format, ExtractFormat::Csv) && !emit_text {
                let header = match table {
                    Table::Items => report::csv_header(many),
                    Table::Responsibilities => {
                        let mut h = vec!["责任主体", "职责", "字符范围"];
                        if many {
                            h.insert(0, "来源文件");
                        }
                        h
                    }
                };
                let _ = out.write_all(report::csv_string(&header, &csv_rows, true).as_bytes());
            }
            Ok(if failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
        }
        Command::Check { files, format, fail_on, common } => {
            let analyzer = build_analyzer(&common)?;
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = std::io::stdout().lock();
            let mut failed_input = false;
            let mut any_fail = false;
            let mut sarif_files = Vec::new();
            let mut json_docs = Vec::new();
            for path in &files {
                let doc = match read(path, common.max_size) {
                    Ok(d) => d,
                    Err(e) => {
                        eprintln!("taizhang: {e}");
                        failed_input = true;
                        continue;
                    }
                };
                let a = analyzer.analyze(&doc);
                let text = CharText::new(&doc.text);
                let found = check::locate(&a, &text);
                let threshold = match fail_on {
                    FailOn::Info => Some(Severity::Info),
                    FailOn::Warning => Some(Severity::Warning),
                    FailOn::Error => Some(Severity::Error),
                    FailOn::Never => None,
                };
                if threshold.is_some_and(|t| check::fails(&found, t)) {
                    any_fail = true;
                }
                let name = doc.source.clone();
                match format {
                    CheckFormat::Human => {
                        let _ = out.write_all(check::human(&name, &text, &found, color).as_bytes());
                        let _ = out.write_all(check::summary_text(&a, &found).as_bytes());
                    }
                    CheckFormat::Line => {
                        let _ = out.write_all(check::lines(&name, &found).as_bytes());
                    }
                    CheckFormat::Json => json_docs.push(check::json_value(&name, &a, &found)),
                    CheckFormat::Sarif => sarif_files.push((name, found)),
                }
            }
            match format {
                CheckFormat::Json => {
                    let v = if json_docs.len() == 1 { json_docs.pop().unwrap_or_default() } else { serde_json::Value::Array(json_docs) };
                    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                }
                CheckFormat::Sarif => {
                    let _ = writeln!(out, "{}", check::sarif(&sarif_files));
                }
                _ => {}
            }
            Ok(if failed_input {
                ExitCode::from(2)
            } else if any_fail {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
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
