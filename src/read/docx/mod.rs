//! Word (.docx) input: the text of the main document part, paragraph by paragraph in
//! document order, with tables and Word's automatic list numbering rendered into text that
//! the outline parser and the owner finder already understand.
//!
//! * Elements are matched by namespace URI and local name (WordprocessingML, transitional or
//!   strict), never by the literal prefix, so `w:p`, `ns0:p` and a default-namespace `p`
//!   written by LibreOffice, WPS or a script are all the same paragraph.
//! * Automatic numbering (`w:numPr` on the paragraph or on its style, resolved through
//!   `numbering.xml`) is rendered into the text: a paragraph numbered `%1、` with
//!   `chineseCounting` reads `一、…`, one numbered `（%1）` reads `（一）…`, `%1.` with
//!   `decimal` reads `1.…`. Bullets are not rendered. See [`numbering`].
//! * A table whose header names owner or time-limit columns (责任单位, 牵头单位, 责任领导,
//!   完成时限…) is a ledger table: each data row becomes an item — its 序号 as a marker
//!   (`1.`; numbered in row order when the table has no 序号 column), its task text (整改措施,
//!   任务, 内容…; else the 问题 column), then one labelled line per other column
//!   (`问题：…`, `责任单位：…`, `完成时限：…`). The task text is broken after its first
//!   sentence so that the numbered line is a heading and the labelled lines stay inside the
//!   item. Other tables give one line per row, cells separated by tabs. See [`table`].
//! * Deleted text of tracked changes, field codes, hidden runs and the fallback copies of
//!   `mc:AlternateContent` are left out. See [`body`].
//!
//! Nothing in the file decides how much memory reading it takes:
//! * every part is unpacked with a bound ([`MAX_PART_BYTES`]), so a zip bomb is an error;
//! * the text built from the parts has a budget ([`text_budget`]): a merged cell copied
//!   into every row, or a list label repeated on every paragraph, cannot blow it up;
//! * every number read from the XML (list starts, levels, spans) is clamped before use, and
//!   a list label is at most [`numbering::MAX_LABEL_CHARS`] chars;
//! * nesting, table cells and list definitions are counted and bounded.
//!
//! This module knows files, not 台账: it returns a `String` or a [`DocxError`];
//! [`crate::read`] wraps the text into a [`crate::read::Document`].

pub mod body;
pub mod numbering;
pub mod table;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::fmt;
use std::io::Read;

use numbering::Numbering;

/// The most bytes any part of a .docx (the document, its numbering or styles) may unpack to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The text budget is this many times the unpacked size of the parts read
/// (see [`text_budget`]).
pub const TEXT_PER_PART_BYTE: u64 = 4;

/// The text budget is never smaller than this (1 MiB), so that a small document with a
/// large merged table still reads (see [`text_budget`]).
pub const MIN_TEXT_BUDGET: u64 = 1024 * 1024;

/// The first bytes of an OLE2 compound file: a .doc, or a password-protected (encrypted)
/// Word file, which Word stores as a compound file whatever its extension.
pub const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The WordprocessingML namespaces: transitional and strict.
const W_NS: [&[u8]; 2] = [b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"];
/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Why a .docx could not be read. The file name is not part of it: the caller
/// ([`crate::read`]) adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// An OLE2 compound file, not a zip package.
    Ole,
    /// Not a readable zip archive.
    NotZip(String),
    /// The package has no main document part.
    NoDocument(String),
    /// A part the reader needs appears more than once in the zip directory.
    DuplicatePart(String),
    /// A part could not be unpacked (damaged, encrypted, unsupported compression).
    Unpack {
        /// The part name (`word/document.xml`).
        part: String,
        /// What the zip reader said.
        message: String,
    },
    /// A part unpacks to more than [`MAX_PART_BYTES`].
    PartTooLarge {
        /// The part name.
        part: String,
    },
    /// The text built from the parts would exceed its budget (bytes).
    TextTooLarge {
        /// The budget in bytes (see [`text_budget`]).
        limit: u64,
    },
    /// A list number would be longer than [`numbering::MAX_LABEL_CHARS`] chars.
    LabelTooLong {
        /// The numbering part that defines it.
        part: String,
    },
    /// A part is not well-formed XML, or holds something the reader bounds (nesting, cells,
    /// list definitions, a list label).
    Broken {
        /// The part name.
        part: String,
        /// What is wrong (with the byte offset in the part where the XML parser knows it).
        message: String,
    },
    /// The document has no text.
    Empty,
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Ole => write!(
                f,
                "is a password-protected Word file or a .doc saved as .docx (an OLE compound file, not a .docx package): \
                 remove the password or save it as .docx in Word or WPS"
            ),
            DocxError::NotZip(e) => write!(f, "not a valid .docx (zip) file: {e}"),
            DocxError::NoDocument(part) => write!(f, "not a Word document: no {part} inside"),
            DocxError::DuplicatePart(part) => {
                write!(f, "{part} appears more than once in the package (a damaged or tampered .docx): refusing to guess which copy to read")
            }
            DocxError::Unpack { part, message } => write!(f, "cannot unpack {part}: {message}"),
            DocxError::PartTooLarge { part } => {
                write!(f, "{part} unpacks to more than {MAX_PART_BYTES} bytes (a zip bomb, or too large a document)")
            }
            DocxError::TextTooLarge { limit } => {
                write!(f, "expands to more than {limit} bytes of text (a zip bomb, or too large a document)")
            }
            DocxError::LabelTooLong { part } => write!(
                f,
                "a list number defined in {part} expands to more than {} characters of text (a zip bomb, or a broken list definition)",
                numbering::MAX_LABEL_CHARS
            ),
            DocxError::Broken { part, message } => write!(f, "broken {part}: {message}"),
            DocxError::Empty => write!(f, "the document has no text"),
        }
    }
}

impl std::error::Error for DocxError {}

/// How many bytes of text reading a package whose document, numbering and styles parts
/// unpack to `parts_bytes` may build: [`TEXT_PER_PART_BYTE`] times that, at least
/// [`MIN_TEXT_BUDGET`], and at most `cap` (the caller's size limit, itself raised to
/// [`MIN_TEXT_BUDGET`] when smaller). Every byte the reader writes counts — the lines of the
/// document, the text of table cells, the copies of vertically merged cells and the rendered
/// tables — so the text handed on is always smaller than the budget.
pub fn text_budget(parts_bytes: u64, cap: u64) -> u64 {
    parts_bytes.saturating_mul(TEXT_PER_PART_BYTE).clamp(MIN_TEXT_BUDGET, cap.max(MIN_TEXT_BUDGET))
}

/// What is left of the text budget while a document is rendered.
#[derive(Debug)]
pub(crate) struct Budget {
    limit: u64,
    left: u64,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub(crate) fn new(limit: u64) -> Self {
        Budget { limit, left: limit }
    }

    /// Takes `bytes` from the budget, or fails with [`DocxError::TextTooLarge`].
    pub(crate) fn take(&mut self, bytes: usize) -> Result<(), DocxError> {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(DocxError::TextTooLarge { limit: self.limit }),
        }
    }
}

/// Reads the text of a .docx held in `bytes`, building at most [`text_budget`]`(parts, cap)`
/// bytes of text.
///
/// # Errors
/// [`DocxError`]: an OLE container (encrypted Word file or .doc), a damaged zip, a missing
/// or duplicated main part, a part over [`MAX_PART_BYTES`], text over the budget, broken XML,
/// or a document without text.
pub fn read_docx(bytes: &[u8], cap: u64) -> Result<String, DocxError> {
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(DocxError::Ole);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let counts = entry_counts(bytes, zip.central_directory_start());
    let read = |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str| -> Result<Option<Vec<u8>>, DocxError> {
        if counts.get(name).is_some_and(|&n| n > 1) {
            return Err(DocxError::DuplicatePart(name.to_string()));
        }
        read_part(zip, name)
    };
    let main =
        read(&mut zip, "_rels/.rels")?.and_then(|rels| relationship_target(&rels, "", "/officeDocument")).unwrap_or_else(|| "word/document.xml".to_string());
    let xml = read(&mut zip, &main)?.ok_or_else(|| DocxError::NoDocument(main.clone()))?;
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let rels = read(&mut zip, &rels_name)?;
    let part_of = |kind: &str, default: &str| rels.as_deref().and_then(|r| relationship_target(r, dir, kind)).unwrap_or_else(|| default.to_string());
    let numbering_name = part_of("/numbering", "word/numbering.xml");
    let styles_name = part_of("/styles", "word/styles.xml");
    let styles = read(&mut zip, &styles_name)?;
    let numbering_xml = read(&mut zip, &numbering_name)?;
    let parts_bytes = [Some(&xml), styles.as_ref(), numbering_xml.as_ref()].iter().flatten().map(|p| p.len() as u64).sum();
    let mut numbering = Numbering::new(&numbering_name);
    if let Some(x) = &styles {
        numbering.parse_styles(x).map_err(|message| DocxError::Broken { part: styles_name.clone(), message })?;
    }
    if let Some(x) = &numbering_xml {
        numbering.parse_numbering(x).map_err(|message| DocxError::Broken { part: numbering_name.clone(), message })?;
    }
    let mut budget = Budget::new(text_budget(parts_bytes, cap));
    let text = body::render(&xml, &main, &numbering, &mut budget)?;
    if text.trim().is_empty() {
        return Err(DocxError::Empty);
    }
    Ok(text)
}

/// The text of a `document.xml` without numbering definitions: one line per paragraph,
/// tables rendered as described in the module documentation, within a budget of
/// [`MIN_TEXT_BUDGET`] bytes or [`TEXT_PER_PART_BYTE`] times the part, whichever is more.
///
/// # Errors
/// A message when the XML is broken or the text exceeds its budget.
pub fn document_text(xml: &[u8]) -> Result<String, String> {
    let mut budget = Budget::new(text_budget(xml.len() as u64, crate::read::DEFAULT_MAX_SIZE));
    body::render(xml, "word/document.xml", &Numbering::new("word/numbering.xml"), &mut budget).map_err(|e| e.to_string())
}

/// How many central-directory entries each name has. The zip reader keeps only the last of
/// several entries with one name, so duplicates are counted here, on the directory itself
/// (each record: signature `PK\1\2`, 46 fixed bytes with the name, extra and comment lengths
/// at 28, 30 and 32, then those three fields). An unreadable record ends the count.
fn entry_counts(bytes: &[u8], dir_start: u64) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    let mut at = usize::try_from(dir_start).unwrap_or(usize::MAX);
    let le16 = |b: &[u8], i: usize| usize::from(u16::from_le_bytes([b[i], b[i + 1]]));
    while let Some(head) = bytes.get(at..at.saturating_add(46)) {
        if !head.starts_with(b"PK\x01\x02") {
            break;
        }
        let (name_len, extra_len, comment_len) = (le16(head, 28), le16(head, 30), le16(head, 32));
        let Some(name) = bytes.get(at + 46..at + 46 + name_len) else {
            break;
        };
        *counts.entry(String::from_utf8_lossy(name).into_owned()).or_insert(0) += 1;
        at += 46 + name_len + extra_len + comment_len;
    }
    counts
}

/// Unpacks one part, `None` when the archive has no such part. The bound holds whatever
/// size the zip directory claims.
fn read_part<R: std::io::Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Unpack { part: name.to_string(), message: e.to_string() }),
    };
    let over = || DocxError::PartTooLarge { part: name.to_string() };
    if part.size() > MAX_PART_BYTES {
        return Err(over());
    }
    let mut buf = Vec::with_capacity(part.size() as usize);
    part.take(MAX_PART_BYTES + 1).read_to_end(&mut buf).map_err(|e| DocxError::Unpack { part: name.to_string(), message: e.to_string() })?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(over());
    }
    Ok(Some(buf))
}

/// The target of the first relationship whose type ends with `kind`, as a part name
/// resolved against `base_dir`.
fn relationship_target(rels: &[u8], base_dir: &str, kind: &str) -> Option<String> {
    let mut reader = NsReader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let ty = attr(&e, b"Type").unwrap_or_default();
                let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                if ty.ends_with(kind) && !external {
                    return attr(&e, b"Target").map(|t| resolve_part(base_dir, &t));
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A relationship target as a part name: absolute (`/word/x.xml`) or relative to `base_dir`.
fn resolve_part(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { base_dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The most namespace declarations in scope at once: the namespace resolver scans them for
/// every element, so more would make reading quadratic. Word declares about 40.
pub const MAX_NAMESPACES: usize = 256;

/// A namespace-aware reader of one XML part whose work per event is bounded: at most
/// [`MAX_NAMESPACES`] namespace declarations in scope.
pub(crate) struct Xml<'x> {
    reader: NsReader<&'x [u8]>,
    buf: Vec<u8>,
    /// The declarations of each open element.
    declared: Vec<usize>,
    in_scope: usize,
}

impl<'x> Xml<'x> {
    pub(crate) fn new(xml: &'x [u8]) -> Self {
        Xml { reader: NsReader::from_reader(xml), buf: Vec::new(), declared: Vec::new(), in_scope: 0 }
    }

    /// The next event, the vocabulary of its element, and the byte offset in the part after
    /// it.
    ///
    /// # Errors
    /// XML that does not parse, or too many namespace declarations, with the byte offset.
    pub(crate) fn next(&mut self) -> Result<(Ns, Event<'_>, u64), String> {
        self.buf.clear();
        let (ns, ev) = match self.reader.read_resolved_event_into(&mut self.buf) {
            Ok((ns, ev)) => (ns_of(&ns), ev),
            Err(e) => return Err(format!("at byte {}: {e}", self.reader.buffer_position())),
        };
        let at = self.reader.buffer_position();
        let declarations = |e: &BytesStart| e.attributes().with_checks(false).flatten().filter(|a| a.key.as_namespace_binding().is_some()).count();
        let new = match &ev {
            Event::Start(e) => {
                let n = declarations(e);
                self.declared.push(n);
                n
            }
            Event::Empty(e) => declarations(e),
            Event::End(_) => {
                self.in_scope -= self.declared.pop().unwrap_or(0);
                0
            }
            _ => 0,
        };
        if self.in_scope + new > MAX_NAMESPACES {
            return Err(format!("at byte {at}: more than {MAX_NAMESPACES} namespace declarations in scope"));
        }
        if matches!(ev, Event::Start(_)) {
            self.in_scope += new;
        }
        Ok((ns, ev, at))
    }
}

/// The value of the attribute with this local name, whatever its prefix (the first one, if
/// the element repeats it: checking for repeats would make a long element quadratic).
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local).and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// `w:val` of an element.
fn val(e: &BytesStart) -> Option<String> {
    attr(e, b"val")
}

/// The longest identifier (of a style or a list) taken from the XML: a longer one names
/// nothing, so that no per-paragraph look-up costs more than this.
pub const MAX_ID_BYTES: usize = 256;

/// An identifier attribute, `None` when absent or longer than [`MAX_ID_BYTES`].
fn id_attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    attr(e, local).filter(|v| v.len() <= MAX_ID_BYTES)
}

/// `w:val` of an element as a whole number, clamped into `lo..=hi`: a value past the range
/// (even past `i64`) is the nearest bound, a value that is no number is `None`.
fn val_in(e: &BytesStart, lo: i64, hi: i64) -> Option<i64> {
    number_in(&val(e)?, lo, hi)
}

/// A decimal number clamped into `lo..=hi` (see [`val_in`]).
fn number_in(s: &str, lo: i64, hi: i64) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = s.parse::<i64>().unwrap_or(if s.starts_with('-') { i64::MIN } else { i64::MAX });
    Some(n.clamp(lo, hi))
}

/// An on/off property (`<w:isLgl/>`, `<w:vanish w:val="false"/>`).
fn on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// Which vocabulary an element belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (or no namespace at all, for hand-written XML).
    Word,
    /// Markup compatibility.
    Mc,
    /// Anything else (DrawingML, vendor extensions…).
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(ns) if W_NS.contains(&ns.as_ref()) => Ns::Word,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NS => Ns::Mc,
        ResolveResult::Unbound => Ns::Word,
        _ => Ns::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    pub(super) fn doc(body: &str) -> String {
        format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#)
    }

    pub(super) fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    pub(super) fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut z, body.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_are_bounded() {
        let big = doc(&" ".repeat(MAX_PART_BYTES as usize + 10));
        let bytes = zipped(&[("word/document.xml", &big)]);
        let e = read_docx(&bytes, u64::MAX).unwrap_err();
        assert!(e.to_string().contains("zip bomb"), "{e}");
    }

    #[test]
    fn corrupt_zip_is_an_error() {
        let e = read_docx(b"PK\x03\x04garbage", u64::MAX).unwrap_err();
        assert!(e.to_string().contains("not a valid .docx"), "{e}");
    }

    #[test]
    fn ole_containers_are_named() {
        let mut bytes = OLE_SIGNATURE.to_vec();
        bytes.resize(4096, 0);
        assert_eq!(read_docx(&bytes, u64::MAX), Err(DocxError::Ole));
        assert!(DocxError::Ole.to_string().contains("password-protected Word file or a .doc saved as .docx"));
    }

    #[test]
    fn duplicate_entries_are_counted_from_the_directory() {
        let bytes = zipped(&[("word/document.xml", &doc(&p("甲"))), ("word/documenX.xml", &doc(&p("乙")))]);
        let counts = entry_counts(&bytes, zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap().central_directory_start());
        assert_eq!(counts.get("word/document.xml"), Some(&1));
        assert_eq!(counts.len(), 2);
    }

    #[test]
    fn the_budget_scales_with_the_parts_and_is_capped() {
        assert_eq!(text_budget(0, u64::MAX), MIN_TEXT_BUDGET);
        assert_eq!(text_budget(10 * MIN_TEXT_BUDGET, u64::MAX), 40 * MIN_TEXT_BUDGET);
        assert_eq!(text_budget(10 * MIN_TEXT_BUDGET, 5 * MIN_TEXT_BUDGET), 5 * MIN_TEXT_BUDGET);
        assert_eq!(text_budget(u64::MAX, 1000), MIN_TEXT_BUDGET);
        let mut b = Budget::new(10);
        assert!(b.take(6).is_ok());
        assert_eq!(b.take(5), Err(DocxError::TextTooLarge { limit: 10 }));
    }

    #[test]
    fn numbers_are_clamped_not_overflowed() {
        assert_eq!(number_in("9223372036854775807", 0, 100), Some(100));
        assert_eq!(number_in("99999999999999999999999", 0, 100), Some(100));
        assert_eq!(number_in("-99999999999999999999999", 0, 100), Some(0));
        assert_eq!(number_in(" 7 ", 0, 100), Some(7));
        assert_eq!(number_in("7x", 0, 100), None);
        assert_eq!(number_in("-", 0, 100), None);
    }

    #[test]
    fn part_names_resolve() {
        assert_eq!(resolve_part("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve_part("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve_part("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_part("word/sub", "../n.xml"), "word/n.xml");
    }
}
