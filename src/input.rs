//! Reading statements: bytes → decoded, normalised text, with the encoding that was used.
//!
//! Accepts UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK (detected with
//! chardetng). Line ends are normalised to `\n`. Binary, empty and undecodable input is an
//! [`InputError`] that names the file and the problem.

use encoding_rs::{Encoding, GB18030, UTF_8};
use std::fmt;
use std::path::Path;

/// The default `--max-size`: larger inputs are refused before they are read whole.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// A decoded document, ready for analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from: a path, `-` for stdin, or an id from a JSON Lines record.
    pub source: String,
    /// The decoded text, line ends normalised to `\n`.
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`, `GB18030`, `docx`…).
    pub encoding: String,
}

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or `-`) the problem is about.
    pub source: String,
    /// What is wrong, in plain words.
    pub problem: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.problem)
    }
}

impl std::error::Error for InputError {}

impl InputError {
    /// An error about `source`.
    pub fn new(source: &str, problem: impl Into<String>) -> Self {
        InputError { source: source.to_string(), problem: problem.into() }
    }
}

/// Extensions we recognise but cannot read: they get a "convert it" error.
const UNSUPPORTED: &[&str] = &["doc", "wps", "pdf", "rtf", "xls", "xlsx", "et", "ppt", "pptx", "odt"];

/// Reads and decodes one file (or stdin for `-`), refusing files over `max_size` bytes.
pub fn read_path(path: &Path, max_size: u64) -> Result<Document, InputError> {
    let name = path.display().to_string();
    if name == "-" {
        use std::io::Read;
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max_size + 1)
            .read_to_end(&mut buf)
            .map_err(|e| InputError::new("-", format!("cannot read standard input: {e}")))?;
        if buf.len() as u64 > max_size {
            return Err(InputError::new("-", too_large(max_size)));
        }
        return decode_bytes("-", &buf);
    }
    let bytes = read_file(path, max_size)?;
    decode_file(path, &bytes)
}

/// Why a file of this extension cannot be read (`.doc`, `.pdf`, `.wps`…), if it cannot.
pub fn unsupported_format(path: &Path) -> Option<String> {
    let ext = extension(path);
    UNSUPPORTED
        .contains(&ext.as_str())
        .then(|| format!(".{ext} files are not supported; convert it to .docx or .txt first"))
}

/// The lower-case extension of a path, `""` when it has none.
pub fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Reads a file's bytes: refuses unsupported formats, directories and files over
/// `max_size` bytes (before reading them).
pub fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, InputError> {
    let name = path.display().to_string();
    if let Some(problem) = unsupported_format(path) {
        return Err(InputError::new(&name, problem));
    }
    let meta = std::fs::metadata(path).map_err(|e| InputError::new(&name, io_problem(&e)))?;
    if meta.is_dir() {
        return Err(InputError::new(&name, "is a directory"));
    }
    if meta.len() > max_size {
        return Err(InputError::new(&name, too_large(max_size)));
    }
    use std::io::Read;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max_size + 1).read_to_end(&mut bytes))
        .map_err(|e| InputError::new(&name, io_problem(&e)))?;
    // The file may have grown since it was measured.
    if bytes.len() as u64 > max_size {
        return Err(InputError::new(&name, too_large(max_size)));
    }
    Ok(bytes)
}

/// Decodes the bytes of a file: a .docx by its extension (or zip signature), else text.
pub fn decode_file(path: &Path, bytes: &[u8]) -> Result<Document, InputError> {
    let name = path.display().to_string();
    if extension(path) == "docx" {
        return crate::docx::read_docx(&name, bytes);
    }
    decode_bytes(&name, bytes)
}

/// True for bytes that are neither a .docx (zip) nor text with a byte-order mark, and look
/// binary (NUL bytes, many control characters): what a directory walk skips.
pub fn is_binary(bytes: &[u8]) -> bool {
    !bytes.starts_with(b"PK\x03\x04") && Encoding::for_bom(bytes).is_none() && looks_binary(bytes)
}

fn too_large(max: u64) -> String {
    format!("file is larger than the limit of {max} bytes (raise it with --max-size)")
}

fn io_problem(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// Decodes raw bytes into a [`Document`]: BOM first, then strict UTF-8, then a detected
/// legacy encoding (GB18030 for Chinese archives). Refuses binary and empty input.
pub fn decode_bytes(source: &str, bytes: &[u8]) -> Result<Document, InputError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return crate::docx::read_docx(source, bytes);
    }
    let (text, encoding) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(InputError::new(source, format!("invalid {} text", enc.name())));
        }
        (cow.into_owned(), enc.name().to_string())
    } else {
        if looks_binary(bytes) {
            return Err(InputError::new(source, "looks like a binary file, not text"));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), UTF_8.name().to_string()),
            Err(_) => decode_legacy(source, bytes)?,
        }
    };
    let text = normalise_newlines(&text);
    if text.contains('\0') {
        return Err(InputError::new(source, "contains NUL bytes: looks like a binary file"));
    }
    if text.trim().is_empty() {
        return Err(InputError::new(source, "is empty (no text to analyse)"));
    }
    Ok(Document { source: source.to_string(), text, encoding })
}

/// A file is binary when it has NUL bytes or many control characters.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len().max(1)
}

fn decode_legacy(source: &str, bytes: &[u8]) -> Result<(String, String), InputError> {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), true);
    // Chinese archives: anything GBK-like decodes as GB18030, its superset.
    let enc = if guess == encoding_rs::GBK || guess == GB18030 {
        GB18030
    } else {
        guess
    };
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        // Try GB18030 before giving up: the detector can be fooled by short texts.
        if enc != GB18030 {
            let (cow2, err2) = GB18030.decode_without_bom_handling(bytes);
            if !err2 {
                return Ok((cow2.into_owned(), GB18030.name().to_string()));
            }
        }
        return Err(InputError::new(
            source,
            "cannot decode: not valid UTF-8, UTF-16 or GB18030/GBK text",
        ));
    }
    Ok((cow.into_owned(), enc.name().to_string()))
}

/// CRLF and lone CR become LF.
pub fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode_bytes("a", "区委将立即整改。".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("整改".as_bytes());
        let d = decode_bytes("a", &b).unwrap();
        assert_eq!(d.text, "整改");
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "整改方案".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_bytes("a", &b).unwrap();
        assert_eq!(d.text, "整改方案");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn gbk_is_detected() {
        let text = "区纪委要种好责任田，履行好监督责任。我们将在6月底前完成全部整改任务。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let d = decode_bytes("a", &bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn crlf_is_normalised() {
        let d = decode_bytes("a", "一、总体要求\r\n二、主要任务\r".as_bytes()).unwrap();
        assert_eq!(d.text, "一、总体要求\n二、主要任务\n");
    }

    #[test]
    fn binary_and_empty_are_errors() {
        assert!(decode_bytes("x.bin", &[0, 1, 2, 3, 0, 0]).unwrap_err().problem.contains("binary"));
        assert!(decode_bytes("e.txt", b"  \n ").unwrap_err().problem.contains("empty"));
    }

    #[test]
    fn truncated_gbk_is_an_error_or_decodes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("整改落实工作领导小组");
        let cut = &bytes[..bytes.len() - 1];
        // Either a clear error or a decoded text, never a panic.
        let _ = decode_bytes("t.txt", cut);
    }
}
