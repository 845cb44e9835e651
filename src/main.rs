//! The `taizhang` command line: parse, build, dispatch, and turn the outcome into an exit
//! code. The application lives in [`cli`]; the library does not print.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command, FailOn};
use cli::check::CheckOptions;
use cli::extract::{ExtractFormat, ExtractOptions};
use std::io::IsTerminal;
use std::process::ExitCode;
use taizhang::read as input;
use taizhang::rules::Severity;
use taizhang::text::CharText;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            // Messages are one line; a name in one must not start another.
            eprintln!("taizhang: {}", cli::names::escape(&msg));
            ExitCode::from(cli::EXIT_FAILED)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Extract { files, format, table, emit_text, out_dir, output, group_by, due_before, overdue, batch: many, common } => {
            let selection = many.selection()?;
            let due = cli::due_filter(due_before.as_deref(), overdue, common.date.as_deref())?;
            let analyzer = cli::build_analyzer(&common)?;
            let format = format.unwrap_or(if std::io::stdout().is_terminal() { ExtractFormat::Text } else { ExtractFormat::Json });
            let opts =
                ExtractOptions { format, table, emit_text, out_dir, output, group_by, due, jobs: many.jobs(), max_size: common.max_size, quiet: common.quiet };
            cli::extract::extract(&analyzer, &files, &selection, &opts)
        }
        Command::Check { files, format, fail_on, batch: many, common } => {
            let selection = many.selection()?;
            let analyzer = cli::build_analyzer(&common)?;
            let fail_on = match fail_on {
                FailOn::Info => Some(Severity::Info),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Error => Some(Severity::Error),
                FailOn::Never => None,
            };
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = CheckOptions { format, fail_on, color, jobs: many.jobs(), max_size: common.max_size, quiet: common.quiet };
            cli::check::check(&analyzer, &files, &selection, &opts)
        }
        Command::Segment { file, pos, format, common } => {
            let common = common.common();
            let analyzer = cli::build_analyzer(&common)?;
            let doc = input::read_path(&file, common.max_size).map_err(|e| cli::progress::failure(&e))?;
            let text = CharText::new(&doc.text);
            let tokens = analyzer.segmenter().tag_document(&text);
            match cli::segment::write(&text, &tokens, pos, format) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
                _ => Ok(cli::EXIT_OK),
            }
        }
        Command::Serve { port, open, listen, timeout, jobs, common } => {
            let cfg = cli::analyzer_config(&common)?;
            let jobs = jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
            let opts = cli::serve::ServeOptions {
                addr: std::net::SocketAddr::new(listen.unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()), port),
                explicit_listen: listen.is_some(),
                open,
                timeout,
                jobs,
                max_size: common.max_size,
                quiet: common.quiet,
            };
            cli::serve::serve(cfg, &opts)
        }
        Command::Rules => {
            print!("{}", cli::list_rules());
            Ok(cli::EXIT_OK)
        }
    }
}
