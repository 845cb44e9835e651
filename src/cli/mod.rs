//! The application around the library (binary-only, declared by `main.rs`): the command
//! line, walking directories, the ordered parallel pool, progress and the closing summary,
//! the `extract` and `check` drivers, `--out-dir`, the JSON Lines pipe, `segment` output,
//! and the exit codes. The library does not print; everything on stdout and stderr is
//! written from here.

mod allocator;
pub mod args;
pub mod check;
pub mod extract;
pub mod load;
pub mod names;
pub mod out_dir;
pub mod output;
pub mod pipe;
pub mod pool;
pub mod progress;
pub mod segment;
pub mod serve;
pub mod walk;

use self::names::shown;
use self::progress::Tally;
use std::io::Write;
use std::path::{Path, PathBuf};
use taizhang::analyzer::{Analyzer, Config};
use taizhang::config;
use taizhang::date::Date;
use taizhang::rules::all_rules;

/// Exit code: everything was read (and, for `check`, nothing at or above `--fail-on`).
pub const EXIT_OK: u8 = 0;
/// Exit code of `check`: a finding at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a usage error, or an input that could not be read (it wins over findings).
pub const EXIT_FAILED: u8 = 2;

/// Writes to the output unless an earlier write failed; keeps the first error.
pub fn put(out: &mut (impl Write + ?Sized), s: &str, write_error: &mut Option<std::io::Error>) {
    if write_error.is_none() {
        if let Err(e) = out.write_all(s.as_bytes()) {
            *write_error = Some(e);
        }
    }
}

/// The exit code of a run whose output could not be written, if so: a closed pipe
/// (`| head`) ends the run quietly with the code of what was done so far; any other write
/// error is reported and gives 2.
pub fn output_failed(write_error: Option<std::io::Error>, tally: &Tally) -> Option<u8> {
    let e = write_error?;
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Some(if tally.failed.is_empty() { EXIT_OK } else { EXIT_FAILED });
    }
    eprintln!("taizhang: cannot write the output: {e}");
    Some(EXIT_FAILED)
}

/// The home directory, from `$HOME`.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// The configuration file to use: `--config`, or a discovered one (warnings for the
/// discovered files that are ignored).
fn config_file(explicit: Option<&Path>) -> Result<Option<PathBuf>, String> {
    if let Some(p) = explicit {
        taizhang::error::check_regular_file(p, config::MAX_CONFIG_BYTES).map_err(|e| format!("--config {}: {e}", p.display()))?;
        return Ok(Some(p.to_path_buf()));
    }
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(None);
    };
    let found = config::discover(&cwd, home().as_deref());
    for (path, why) in &found.ignored {
        eprintln!("taizhang: warning: ignoring {}: it {why}; fix it (chmod go-w, chown) or name it with --config", shown(path));
    }
    Ok(found.found)
}

/// The analyzer settings of a command: the configuration file (noted on stderr unless
/// `quiet`), `--date`, `--dict`.
///
/// # Errors
/// A configuration file that cannot be used, or a bad `--date`.
pub fn analyzer_config(common: &args::Common) -> Result<Config, String> {
    let mut cfg = Config::default();
    if let Some(p) = config_file(common.config.as_deref())? {
        if !common.quiet {
            eprintln!("taizhang: using config {}", shown(&p));
        }
        config::load(&p, &mut cfg)?;
    }
    if let Some(d) = &common.date {
        cfg.reference_date = Some(Date::parse_iso(d).ok_or_else(|| format!("--date {d}: not a date (YYYY-MM-DD)"))?);
    }
    cfg.user_dicts.extend(common.dicts.iter().cloned());
    Ok(cfg)
}

/// Builds an analyzer from its settings, warning on stderr about dictionary lines that
/// cannot take effect (even with --quiet: a word that silently does nothing is what the
/// warning is for).
///
/// # Errors
/// A dictionary or lexicon that cannot be used.
pub fn analyzer_from(cfg: Config) -> Result<Analyzer, String> {
    let analyzer = Analyzer::new(cfg).map_err(|e| e.to_string())?;
    for w in analyzer.segmenter().warnings() {
        eprintln!("taizhang: warning: {}", shown(std::path::Path::new(w)));
    }
    Ok(analyzer)
}

/// Builds the analyzer of a command: [`analyzer_config`], then [`analyzer_from`].
///
/// # Errors
/// A configuration or dictionary that cannot be used, or a bad `--date`.
pub fn build_analyzer(common: &args::Common) -> Result<Analyzer, String> {
    analyzer_from(analyzer_config(common)?)
}

/// The due-date view of `--due-before` and `--overdue` (relative to `--date`, else today's
/// local date).
///
/// # Errors
/// A date that does not parse, naming the option.
pub fn due_filter(due_before: Option<&str>, overdue: bool, date: Option<&str>) -> Result<taizhang::report::due::DueFilter, String> {
    let parse = |opt: &str, d: &str| Date::parse_iso(d).ok_or_else(|| format!("{opt} {d}: not a date (YYYY-MM-DD)"));
    let by = due_before.map(|d| parse("--due-before", d)).transpose()?;
    let before = match (overdue, date) {
        (false, _) => None,
        (true, Some(d)) => Some(parse("--date", d)?),
        (true, None) => {
            let today = jiff::ZonedDateTime::now().date();
            Date::new(i32::from(today.year()), today.month() as u32, today.day() as u32)
        }
    };
    Ok(taizhang::report::due::DueFilter { by, before })
}

/// `taizhang rules`: every rule with its default level, description and an example, from
/// the rule list alone (no dictionary is loaded).
pub fn list_rules() -> String {
    let mut out = String::new();
    for r in all_rules() {
        let (bad, good) = r.example();
        let (bad, good) = (bad.replace('\n', " / "), good.replace('\n', " / "));
        out.push_str(&format!("{:<18} {:<8} {}\n{:<27} e.g. {bad} → {good}\n", r.code(), r.default_severity().name(), r.description(), ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_listed_without_loading_dictionaries() {
        let out = list_rules();
        for r in all_rules() {
            assert!(out.contains(r.code()));
        }
    }
}
