//! Reading statements: bytes → decoded, normalised text, with the encoding that was used.
//!
//! Accepts .docx (see [`docx`]), UTF-8 (with or without BOM), UTF-16 (with a BOM, or
//! recognised without one), GB18030/GBK and Big5 (see [`encoding`]). Line ends are
//! normalised to `\n`. Binary, empty and undecodable input, an OLE container (.doc or an
//! encrypted Word file), and Japanese or Korean legacy encodings are an [`InputError`] that
//! names the file and the problem.
//!
//! This layer knows files, not 台账: it depends on nothing else in the crate.

pub mod docx;
pub mod encoding;

use std::fmt;
use std::path::Path;

/// The default `--max-size`: larger inputs are refused before they are read whole, and a
/// .docx may not expand to more text than this.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// A decoded document, ready for analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from: a path, `-` for stdin, or an id from a JSON Lines record.
    pub source: String,
    /// The decoded text, line ends normalised to `\n`.
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `UTF-16LE`, `gb18030`, `Big5`,
    /// `docx`…).
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

/// Reads and decodes one file (or stdin for `-`), refusing files over `max_size` bytes and
/// a .docx whose text would pass `max_size` bytes.
///
/// # Errors
/// An [`InputError`] naming the file: it cannot be read, is too large, is of an unsupported
/// format, or cannot be decoded (see [`decode_file`]).
pub fn read_path(path: &Path, max_size: u64) -> Result<Document, InputError> {
    let name = path.display().to_string();
    if name == "-" {
        use std::io::Read;
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max_size.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| InputError::new("-", format!("cannot read standard input: {e}")))?;
        if buf.len() as u64 > max_size {
            return Err(InputError::new("-", too_large(max_size)));
        }
        return decode_bytes_limited("-", &buf, max_size);
    }
    let bytes = read_file(path, max_size)?;
    decode_file_limited(path, &bytes, max_size)
}

/// Why a file of this extension cannot be read (`.doc`, `.pdf`, `.wps`…), if it cannot.
pub fn unsupported_format(path: &Path) -> Option<String> {
    let ext = extension(path);
    UNSUPPORTED.contains(&ext.as_str()).then(|| format!(".{ext} files are not supported; convert it to .docx or .txt first"))
}

/// The lower-case extension of a path, `""` when it has none.
pub fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Reads a file's bytes: refuses unsupported formats, directories and files over
/// `max_size` bytes (before reading them).
///
/// # Errors
/// An [`InputError`] naming the file: unsupported format, a directory, no such file,
/// permission denied, another I/O error, or over `max_size` bytes.
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
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path).and_then(|f| f.take(max_size.saturating_add(1)).read_to_end(&mut bytes)).map_err(|e| InputError::new(&name, io_problem(&e)))?;
    // The file may have grown since it was measured.
    if bytes.len() as u64 > max_size {
        return Err(InputError::new(&name, too_large(max_size)));
    }
    Ok(bytes)
}

/// Decodes the bytes of a file: a .docx by its extension (or zip signature), else text. A
/// .docx may expand to at most [`DEFAULT_MAX_SIZE`] bytes of text.
///
/// # Errors
/// An [`InputError`] naming the file (see [`decode_file_limited`]).
pub fn decode_file(path: &Path, bytes: &[u8]) -> Result<Document, InputError> {
    decode_file_limited(path, bytes, DEFAULT_MAX_SIZE)
}

/// [`decode_file`] with the caller's limit (`--max-size`) on the text of a .docx (see
/// [`docx::text_budget`]).
///
/// # Errors
/// An [`InputError`] naming the file: a .docx that cannot be read (see [`docx::DocxError`]),
/// or text that cannot be decoded (see [`decode_bytes`]).
pub fn decode_file_limited(path: &Path, bytes: &[u8], max_text: u64) -> Result<Document, InputError> {
    let name = path.display().to_string();
    if extension(path) == "docx" {
        return read_docx_limited(&name, bytes, max_text);
    }
    decode_bytes_limited(&name, bytes, max_text)
}

/// True for bytes that look binary (NUL bytes, many control characters) and are neither a
/// .docx (zip), an OLE container (an encrypted Word file), text with a byte-order mark nor
/// UTF-16 without one: what a directory walk may skip. Files that are not skipped and cannot
/// be read get an error.
pub fn is_binary(bytes: &[u8]) -> bool {
    !bytes.starts_with(b"PK\x03\x04")
        && !bytes.starts_with(&docx::OLE_SIGNATURE)
        && encoding_rs::Encoding::for_bom(bytes).is_none()
        && encoding::utf16_without_bom(bytes).is_none()
        && encoding::looks_binary(bytes)
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

/// Reads a .docx held in `bytes` into a [`Document`] (encoding `docx`), its text within
/// [`DEFAULT_MAX_SIZE`].
///
/// # Errors
/// An [`InputError`] naming `source`, with the [`docx::DocxError`] as the problem.
pub fn read_docx(source: &str, bytes: &[u8]) -> Result<Document, InputError> {
    read_docx_limited(source, bytes, DEFAULT_MAX_SIZE)
}

fn read_docx_limited(source: &str, bytes: &[u8], max_text: u64) -> Result<Document, InputError> {
    let text = docx::read_docx(bytes, max_text).map_err(|e| InputError::new(source, e.to_string()))?;
    Ok(Document { source: source.to_string(), text, encoding: "docx".to_string() })
}

/// Decodes raw bytes into a [`Document`]: a .docx when they start with the zip signature,
/// else text (see [`encoding`]). Refuses binary and empty input.
///
/// # Errors
/// An [`InputError`] naming `source` (see [`decode_bytes_limited`]).
pub fn decode_bytes(source: &str, bytes: &[u8]) -> Result<Document, InputError> {
    decode_bytes_limited(source, bytes, DEFAULT_MAX_SIZE)
}

/// [`decode_bytes`] with the caller's limit on the text of a .docx.
///
/// # Errors
/// An [`InputError`] naming `source`: a .docx that cannot be read, an OLE container, binary
/// data, bytes invalid in their encoding (with the byte offset), a Japanese or Korean legacy
/// encoding, NUL characters, or no text.
pub fn decode_bytes_limited(source: &str, bytes: &[u8], max_text: u64) -> Result<Document, InputError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_docx_limited(source, bytes, max_text);
    }
    if bytes.starts_with(&docx::OLE_SIGNATURE) {
        return Err(InputError::new(
            source,
            "is an OLE compound file (a .doc, .xls or .wps, or a password-protected Office file), not text: save it as .docx or .txt",
        ));
    }
    let (text, encoding) = encoding::decode_text(bytes).map_err(|p| InputError::new(source, p))?;
    let text = normalise_newlines(&text);
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(InputError::new(source, format!("contains NUL characters (the first on line {line}): looks like a binary file")));
    }
    if text.trim().is_empty() {
        return Err(InputError::new(source, "is empty (no text to analyse)"));
    }
    Ok(Document { source: source.to_string(), text, encoding: encoding.to_string() })
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
    fn ole_containers_are_not_binary_to_skip_but_errors() {
        let mut ole = docx::OLE_SIGNATURE.to_vec();
        ole.resize(2048, 0);
        assert!(!is_binary(&ole));
        let e = decode_file(Path::new("secret.docx"), &ole).unwrap_err();
        assert_eq!(e.source, "secret.docx");
        assert!(e.problem.contains("password-protected Word file or a .doc saved as .docx"), "{e}");
        let e = decode_file(Path::new("old.txt"), &ole).unwrap_err();
        assert!(e.problem.contains("OLE compound file"), "{e}");
    }

    #[test]
    fn the_largest_size_limit_does_not_wrap() {
        let dir = std::env::temp_dir().join(format!("taizhang-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.txt");
        std::fs::write(&f, "区纪委要在6月底前完成整改。").unwrap();
        assert_eq!(read_path(&f, u64::MAX).unwrap().text, "区纪委要在6月底前完成整改。");
        assert!(read_path(&f, 3).unwrap_err().problem.contains("larger than the limit of 3 bytes"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn truncated_gbk_is_an_error_with_its_offset() {
        let (bytes, _, _) = encoding_rs::GBK.encode("整改落实工作领导小组");
        let cut = &bytes[..bytes.len() - 1];
        let e = decode_bytes("t.txt", cut).unwrap_err();
        assert!(e.problem.contains(&format!("at byte {}", cut.len() - 1)), "{e}");
    }
}
