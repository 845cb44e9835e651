//! The library's error type: every failure names the file (and line, where there is one) and
//! says what is wrong in plain words. Messages never quote a file's content.

use std::path::Path;

/// Everything that can go wrong while setting up an analyzer or reading an input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An input file (or `-`) could not be read or decoded.
    #[error("{path}: {problem}")]
    Input {
        /// The file, `-` for standard input, or a record's id.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// A lexicon file has a bad line, or names an unknown lexicon (`line` 0: the whole file).
    #[error("{file}{}: {problem}", if *.line > 0 { format!(":{line}") } else { String::new() })]
    Lexicon {
        /// The lexicon file.
        file: String,
        /// The 1-based line, 0 when the problem is not about one line.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A jieba dictionary (`--dict`) cannot be used.
    #[error("{file}: {problem}")]
    Dictionary {
        /// The dictionary file.
        file: String,
        /// What is wrong.
        problem: String,
    },
    /// The configuration file is wrong (`line` and `column` 1-based, 0 when unknown).
    #[error("{file}{}: {problem}", if *.line > 0 { format!(":{line}:{column}") } else { String::new() })]
    Config {
        /// The configuration file.
        file: String,
        /// The 1-based line, 0 when unknown.
        line: usize,
        /// The 1-based column (chars), 0 when unknown.
        column: usize,
        /// What is wrong.
        problem: String,
    },
    /// A command-line value is wrong.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The file an error is about, if any.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::Input { path, .. } => Some(path),
            Error::Lexicon { file, .. } | Error::Dictionary { file, .. } | Error::Config { file, .. } => Some(file),
            Error::Usage(_) => None,
        }
    }
}

/// Reads a small UTF-8 text file named by a configuration or an option (a dictionary, a
/// lexicon): it must be a regular file of at most `max` bytes. The problem, if any, is said
/// without quoting the file's content (such a path may name `/proc/self/environ`).
///
/// # Errors
/// The problem in plain words: not found, not a regular file, too large, not UTF-8.
pub fn read_small_text_file(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {}", e.kind()),
    })?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > max {
        return Err(format!("larger than the limit of {max} bytes"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read: {}", e.kind()))?;
    if bytes.len() as u64 > max {
        return Err(format!("larger than the limit of {max} bytes"));
    }
    if bytes.contains(&0) {
        return Err("not a text file (it holds NUL bytes)".to_string());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => Err(format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_line() {
        let e = Error::Lexicon { file: "a.txt".into(), line: 3, problem: "bad".into() };
        assert_eq!(e.to_string(), "a.txt:3: bad");
        let e = Error::Config { file: "t.toml".into(), line: 2, column: 5, problem: "x".into() };
        assert_eq!(e.to_string(), "t.toml:2:5: x");
    }

    #[test]
    fn special_files_are_refused_without_quoting_them() {
        let e = read_small_text_file(Path::new("/proc/self/environ"), 1 << 20).unwrap_err();
        assert!(e.contains("not a text file") || e.contains("regular"), "{e}");
        assert!(read_small_text_file(Path::new("/dev/zero"), 1 << 20).unwrap_err().contains("regular"));
        assert!(read_small_text_file(Path::new("/"), 1 << 20).unwrap_err().contains("regular"));
    }
}
