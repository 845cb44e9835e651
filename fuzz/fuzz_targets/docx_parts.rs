//! The .docx reader on fuzzed *parts* inside a valid package (issue 11): mutating whole zip
//! files rarely gets past the zip layer, so the harness builds the package and the fuzzer
//! writes the XML.
//!
//! Input: one flag byte, then the document, numbering and styles parts separated by `0xFF`
//! bytes (which never occur in UTF-8 XML). Flag bit 0 wraps each part in its root element
//! with the WordprocessingML namespace (`<w:document …><w:body>…</w:body></w:document>`,
//! `<w:numbering …>`, `<w:styles …>`), so that short inputs reach the reader's logic; without
//! it the parts are taken as they are. Missing parts are left out of the package.
//!
//! The reader must return text or an error — never panic, abort, or take more memory or
//! time than libFuzzer's limits (`-rss_limit_mb`, `-timeout`) — and the text must stay
//! within its budget.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use taizhang::read::docx::{read_docx, text_budget};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
/// The caller's cap (`--max-size`) used here; the budget is smaller for small inputs.
const CAP: u64 = 64 * 1024 * 1024;

fn package(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, body: &[u8]| {
        z.start_file(name, stored).expect("zip entry");
        z.write_all(body).expect("zip write");
    };
    put(
        "[Content_Types].xml",
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    put(
        "word/_rels/document.xml.rels",
        br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/word/styles.xml"/></Relationships>"#,
    );
    for (name, body) in parts {
        put(name, body);
    }
    z.finish().expect("zip finish").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let wrap = flags & 1 == 1;
    let names = ["word/document.xml", "word/numbering.xml", "word/styles.xml"];
    let roots = [("<w:document", "><w:body>", "</w:body></w:document>"), ("<w:numbering", ">", "</w:numbering>"), ("<w:styles", ">", "</w:styles>")];
    let mut parts: Vec<(&str, Vec<u8>)> = Vec::new();
    for (i, piece) in rest.splitn(3, |&b| b == 0xFF).enumerate() {
        let body = if wrap {
            let (open, after, close) = roots[i];
            [open.as_bytes(), b" ", W.as_bytes(), after.as_bytes(), piece, close.as_bytes()].concat()
        } else {
            piece.to_vec()
        };
        parts.push((names[i], body));
    }
    let parts_bytes: u64 = parts.iter().map(|(_, b)| b.len() as u64).sum();
    let bytes = package(&parts);
    match read_docx(&bytes, CAP) {
        Ok(text) => {
            assert!(!text.trim().is_empty(), "an empty text is an error, not a document");
            assert!(text.len() as u64 <= text_budget(parts_bytes, CAP), "text over its budget");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
