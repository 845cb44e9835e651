//! Word (.docx) input: the text of `word/document.xml`, paragraph by paragraph in document
//! order, table rows included (cells separated by tabs). Read with zip + quick-xml, with a
//! bound on the size of the unpacked part so that a zip bomb is an error, not an outage.

use crate::input::{Document, InputError};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Read;

/// The most bytes `word/document.xml` may unpack to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a .docx file's text.
pub fn read_docx(source: &str, bytes: &[u8]) -> Result<Document, InputError> {
    let bad = |p: String| InputError::new(source, p);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a valid .docx (zip) file: {e}")))?;
    let xml = {
        let part = zip
            .by_name("word/document.xml")
            .map_err(|_| bad("not a Word document: no word/document.xml inside".to_string()))?;
        if part.size() > MAX_PART_BYTES {
            return Err(bad(format!("word/document.xml unpacks to {} bytes, over the limit of {MAX_PART_BYTES}", part.size())));
        }
        let mut buf = Vec::new();
        part.take(MAX_PART_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| bad(format!("cannot unpack word/document.xml: {e}")))?;
        if buf.len() as u64 > MAX_PART_BYTES {
            return Err(bad(format!("word/document.xml unpacks to more than {MAX_PART_BYTES} bytes")));
        }
        buf
    };
    let text = document_text(&xml).map_err(|e| bad(format!("broken word/document.xml: {e}")))?;
    if text.trim().is_empty() {
        return Err(bad("the document has no text".to_string()));
    }
    Ok(Document { source: source.to_string(), text, encoding: "docx".to_string() })
}

/// The text of a `document.xml`: one line per paragraph; in a table, one line per row with
/// the cells' text separated by tabs.
pub fn document_text(xml: &[u8]) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut table_depth = 0usize;
    let mut cell = String::new();
    let mut row: Vec<String> = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tbl" => table_depth += 1,
                b"tr" => row.clear(),
                b"tc" => cell.clear(),
                b"p" => para.clear(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => para.push('\t'),
                b"br" | b"cr" => para.push(' '),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.unescape().map_err(|e| e.to_string())?;
                para.push_str(&s);
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let p = std::mem::take(&mut para);
                    if table_depth > 0 {
                        if !cell.is_empty() && !p.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(p.trim());
                    } else {
                        out.push_str(p.trim_end());
                        out.push('\n');
                    }
                }
                b"tc" => row.push(std::mem::take(&mut cell)),
                b"tr" => {
                    let line = row.join("\t");
                    if !line.trim().is_empty() {
                        out.push_str(&line);
                        out.push('\n');
                    }
                    row.clear();
                }
                b"tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_tables() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>区纪委</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let t = document_text(xml.as_bytes()).unwrap();
        assert_eq!(t, "一、总体要求\n1\t区纪委\n");
    }

    #[test]
    fn corrupt_zip_is_an_error() {
        let e = read_docx("bad.docx", b"PK\x03\x04garbage").unwrap_err();
        assert!(e.problem.contains("not a valid .docx"));
    }
}
