//! `taizhang.toml`: per-rule severity or off, extra lexicon and dictionary files, the
//! reference date. Given with `--config`, or found by [`discover`] in the current directory
//! or a parent up to the repository root or the home directory. Unknown keys and bad values
//! are errors that name the file, with line and column for TOML errors.
//!
//! ```toml
//! date = "2024-05-01"            # reference date for 三个月内, 年底前 …
//! [rules]
//! empty-pledge = "info"          # info | warning | error | off
//! [lexicons]
//! owners = ["my_units.txt"]      # extra entries, same format as dictionaries/owners.txt
//! [segment]
//! dicts = ["my_words.dict"]      # extra jieba dictionaries
//! ```
//!
//! A configuration changes what the linter reports, so it is treated as code:
//! * discovery never looks above the repository root (a directory holding `.git`) or the
//!   home directory, and only in the starting directory when neither is above it;
//! * a discovered file that another user owns, or that group or others may write, is
//!   ignored (as git's `safe.directory` does) and the caller is told why;
//! * the file and every file it names must be regular files (not a FIFO, a device, a
//!   directory or a `/proc` or `/sys` pseudo-file) within a size limit, and are read with
//!   that limit;
//! * errors name the file and the line, never the content of a file.

use crate::analyzer::Config;
use crate::date::Date;
use crate::error::{check_regular_file, read_small_text_file};
use crate::extract::segment::MAX_DICT_BYTES;
use crate::lexicon::Lexicons;
use crate::lexicon::MAX_LEXICON_BYTES;
use crate::rules::{all_rules, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "taizhang.toml";

/// The largest configuration file read, in bytes.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    date: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    lexicons: BTreeMap<String, Vec<PathBuf>>,
    #[serde(default)]
    segment: SegmentConfig,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SegmentConfig {
    #[serde(default)]
    dicts: Vec<PathBuf>,
}

/// What [`discover`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The configuration to use, if one was found and is trusted.
    pub found: Option<PathBuf>,
    /// Configurations found but ignored, nearest first, with the reason.
    pub ignored: Vec<(PathBuf, String)>,
}

/// Looks for `taizhang.toml` in `start` and its parents. The search stops at the first
/// directory that holds `.git` (the repository root) or is `home`, whichever comes first;
/// when neither is `start` or above it, only `start` is searched. A file found there that is
/// not [`trusted`] is ignored (reported in [`Discovery::ignored`]) and the search goes on.
pub fn discover(start: &Path, home: Option<&Path>) -> Discovery {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let home = home.map(|h| std::fs::canonicalize(h).unwrap_or_else(|_| h.to_path_buf()));
    let is_boundary = |d: &Path| d.join(".git").exists() || home.as_deref() == Some(d);
    let bounded = start.ancestors().any(is_boundary);
    let mut found = Discovery::default();
    for dir in start.ancestors() {
        let f = dir.join(FILE_NAME);
        // symlink_metadata: a link named taizhang.toml is judged by `trusted` via its target.
        if std::fs::symlink_metadata(&f).is_ok() {
            match trusted(&f) {
                Ok(()) => {
                    found.found = Some(f);
                    return found;
                }
                Err(why) => found.ignored.push((f, why)),
            }
        }
        if !bounded || is_boundary(dir) {
            break;
        }
    }
    found
}

/// Whether a discovered configuration may be used: a regular file owned by the current
/// user and not writable by group or others (on Unix; elsewhere any regular file).
///
/// # Errors
/// Why it may not, in words.
pub fn trusted(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {}", crate::error::io_reason(&e)))?;
    if !meta.is_file() {
        return Err("is not a regular file".to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(format!("is owned by another user (uid {}), not by you (uid {me})", meta.uid()));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(format!("may be written by group or others (mode {:o})", meta.mode() & 0o777));
        }
    }
    Ok(())
}

/// Line and column (1-based; the column counts chars) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Reads a config file into `config`. Paths in it are relative to the file's directory;
/// each dictionary and lexicon it names must be a regular file within its size limit
/// ([`check_regular_file`]); the analyzer reads them.
///
/// # Errors
/// The file is not a regular file within [`MAX_CONFIG_BYTES`], is not valid TOML (with line
/// and column), has an unknown key, rule, level or lexicon, a bad date, or names a file
/// that fails its check. Every message names the file.
pub fn load(path: &Path, config: &mut Config) -> Result<(), String> {
    let name = path.display();
    let text = read_small_text_file(path, MAX_CONFIG_BYTES).map_err(|e| format!("{name}: configuration {e}"))?;
    let fc: FileConfig = toml::from_str(&text).map_err(|e| match e.span() {
        Some(span) => {
            let (line, col) = line_col(&text, span.start);
            format!("{name}:{line}:{col}: {}", e.message().trim_end())
        }
        None => format!("{name}: {}", e.message().trim_end()),
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    if let Some(d) = fc.date {
        config.reference_date = Some(Date::parse_iso(&d).ok_or_else(|| format!("{name}: date `{d}` is not a date (YYYY-MM-DD)"))?);
    }
    let codes: Vec<&str> = all_rules().iter().map(|r| r.code()).collect();
    for (code, level) in fc.rules {
        if !codes.contains(&code.as_str()) {
            return Err(format!("{name}: [rules] unknown rule `{code}` (known: {})", codes.join(", ")));
        }
        let sev = match level.as_str() {
            "off" => None,
            other => Some(Severity::parse(other).ok_or_else(|| format!("{name}: [rules] {code} = \"{other}\": use off, info, warning or error"))?),
        };
        config.rule_levels.insert(code, sev);
    }
    let names = Lexicons::NAMES;
    for (lex, files) in fc.lexicons {
        if !names.contains(&lex.as_str()) {
            return Err(format!("{name}: [lexicons] unknown lexicon `{lex}` (known: {})", names.join(", ")));
        }
        for f in files {
            let f = base.join(f);
            check_regular_file(&f, MAX_LEXICON_BYTES).map_err(|e| format!("{name}: [lexicons] {lex}: {}: {e}", f.display()))?;
            config.lexicon_files.push((lex.clone(), f));
        }
    }
    for d in fc.segment.dicts {
        let d = base.join(d);
        check_regular_file(&d, MAX_DICT_BYTES).map_err(|e| format!("{name}: [segment] dicts: {}: {e}", d.display()))?;
        config.user_dicts.push(d);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(s: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, s).unwrap();
        let mut c = Config::default();
        load(&p, &mut c).map(|_| c)
    }

    #[test]
    fn good_config() {
        let c = load_str("date = \"2024-05-01\"\n[rules]\nempty-pledge = \"off\"\nmissing-owner = \"error\"\n").unwrap();
        assert_eq!(c.reference_date, Date::new(2024, 5, 1));
        assert_eq!(c.rule_levels.get("empty-pledge"), Some(&None));
        assert_eq!(c.rule_levels.get("missing-owner"), Some(&Some(Severity::Error)));
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(load_str("colour = 1").unwrap_err().contains("unknown field"));
        assert!(load_str("[rules]\nno-such-rule = \"off\"").unwrap_err().contains("unknown rule"));
        assert!(load_str("[rules]\nempty-pledge = \"loud\"").unwrap_err().contains("use off"));
        assert!(load_str("date = \"May 1\"").unwrap_err().contains("not a date"));
        assert!(load_str("[lexicons]\nnope = [\"a.txt\"]").unwrap_err().contains("unknown lexicon"));
    }

    #[test]
    fn toml_errors_give_line_and_column() {
        let e = load_str("date = \"2024-05-01\"\n[rules]\nempty-pledge = off\n").unwrap_err();
        assert!(e.contains("taizhang.toml:3:16:"), "{e}");
        let e = load_str("# 注释\n颜色 = 1\n").unwrap_err();
        assert!(e.contains("taizhang.toml:2:1:"), "{e}");
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\n区委x", 0), (1, 1));
        assert_eq!(line_col("ab\n区委x", 3), (2, 1));
        assert_eq!(line_col("ab\n区委x", "ab\n区委".len()), (2, 3));
    }

    #[test]
    fn named_files_are_relative_to_the_config_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("units.txt"), "区数据局 unit\n").unwrap();
        std::fs::write(dir.path().join("words.dict"), "区数据局 100 nt\n").unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, "[lexicons]\nowners = [\"units.txt\"]\n[segment]\ndicts = [\"words.dict\"]\n").unwrap();
        let mut c = Config::default();
        load(&p, &mut c).unwrap();
        assert_eq!(c.lexicon_files, [("owners".to_string(), dir.path().join("units.txt"))]);
        assert_eq!(c.user_dicts, [dir.path().join("words.dict")]);

        std::fs::remove_file(dir.path().join("words.dict")).unwrap();
        let e = load(&p, &mut Config::default()).unwrap_err();
        assert!(e.contains("words.dict") && e.contains("no such file"), "{e}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn pseudo_files_and_devices_are_refused_without_their_content() {
        for (target, words) in [("/proc/self/environ", "pseudo-file"), ("/dev/zero", "not a regular file"), ("/tmp", "directory")] {
            let e = load_str(&format!("[segment]\ndicts = [\"{target}\"]\n")).unwrap_err();
            assert!(e.contains(target) && e.contains(words), "{e}");
            assert!(!e.contains("PATH="), "{e}");
        }
    }
}
