//! `taizhang.toml`: per-rule severity or off, extra lexicon and dictionary files, the
//! reference date. Found in the current directory or a parent, or given with `--config`.
//! Unknown keys and bad values are errors that name the file.
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

use crate::analyzer::Config;
use crate::extract::deadline::Date;
use crate::lexicon::Lexicons;
use crate::rules::{all_rules, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "taizhang.toml";

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

/// Finds `taizhang.toml` in `dir` or a parent.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir);
    while let Some(p) = d {
        let f = p.join(FILE_NAME);
        if f.is_file() {
            return Some(f);
        }
        d = p.parent();
    }
    None
}

/// Reads a config file into `config` (paths in it are relative to the file).
pub fn load(path: &Path, config: &mut Config) -> Result<(), String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let fc: FileConfig = toml::from_str(&text).map_err(|e| format!("{name}: {}", e.message()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    if let Some(d) = fc.date {
        config.reference_date =
            Some(Date::parse_iso(&d).ok_or_else(|| format!("{name}: date `{d}` is not a date (YYYY-MM-DD)"))?);
    }
    let codes: Vec<&str> = all_rules().iter().map(|r| r.code()).collect();
    for (code, level) in fc.rules {
        if !codes.contains(&code.as_str()) {
            return Err(format!("{name}: [rules] unknown rule `{code}` (known: {})", codes.join(", ")));
        }
        let sev = match level.as_str() {
            "off" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                format!("{name}: [rules] {code} = \"{other}\": use off, info, warning or error")
            })?),
        };
        config.rule_levels.insert(code, sev);
    }
    let names = Lexicons::NAMES;
    for (lex, files) in fc.lexicons {
        if !names.contains(&lex.as_str()) {
            return Err(format!("{name}: [lexicons] unknown lexicon `{lex}` (known: {})", names.join(", ")));
        }
        for f in files {
            config.lexicon_files.push((lex.clone(), base.join(f)));
        }
    }
    for d in fc.segment.dicts {
        config.user_dicts.push(base.join(d));
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
}
