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

/// Checks that `path` is a regular file of at most `max` bytes: not a directory, FIFO,
/// socket or device, and not a `/proc` or `/sys` pseudo-file (they claim to be regular files
/// of size 0 and may hold secrets, such as `/proc/self/environ`).
///
/// # Errors
/// The problem in plain words, never the file's content.
pub fn check_regular_file(path: &Path, max: u64) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a file".to_string());
    }
    if !meta.is_file() {
        return Err("is not a regular file (a FIFO, socket or device?)".to_string());
    }
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if real.starts_with("/proc") || real.starts_with("/sys") {
        return Err(format!("is a kernel pseudo-file ({}), not a regular file", real.display()));
    }
    if meta.len() > max {
        return Err(format!("is larger than the limit of {max} bytes"));
    }
    Ok(())
}

/// A plain-words reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {}", e.kind()),
    }
}

/// Reads a small UTF-8 text file named by a configuration or an option (a dictionary, a
/// lexicon, the configuration itself): it must pass [`check_regular_file`] and is read with
/// the size cap.
///
/// # Errors
/// The problem in plain words, never the file's content: see [`check_regular_file`]; also a
/// file that grew beyond `max`, holds NUL bytes or is not UTF-8 (with the byte offset).
pub fn read_small_text_file(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    check_regular_file(path, max)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes)).map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!("is larger than the limit of {max} bytes"));
    }
    if bytes.contains(&0) {
        return Err("is not a text file (it holds NUL bytes)".to_string());
    }
    String::from_utf8(bytes).map_err(|e| format!("is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
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
        assert!(e.contains("pseudo-file"), "{e}");
        assert!(read_small_text_file(Path::new("/dev/zero"), 1 << 20).unwrap_err().contains("regular"));
        assert!(read_small_text_file(Path::new("/"), 1 << 20).unwrap_err().contains("directory"));
    }
}
