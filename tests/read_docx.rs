//! Hostile .docx files (issue 11, §1, §2, §8, §10): each built here, in the test, from its
//! minimal description — no binary blobs. Each is refused with a clear error that names the
//! file, or read within its bounds; none may abort or take unbounded memory.

use std::io::Write;
use std::path::Path;
use taizhang::read::docx::{read_docx, DocxError, MIN_TEXT_BUDGET, OLE_SIGNATURE};
use taizhang::read::{decode_file, decode_file_limited, is_binary};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn document(body: &str) -> String {
    format!("<w:document {W}><w:body>{body}</w:body></w:document>")
}

fn numbering(inner: &str) -> String {
    format!("<w:numbering {W}>{inner}</w:numbering>")
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num_id: u32, text: &str) -> String {
    format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A .docx holding these parts (deflated, as Word writes them).
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// One list whose level 0 has this start, format and text.
fn one_list(start: &str, format: &str, text: &str) -> String {
    numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
    ))
}

fn read(name: &str, bytes: &[u8]) -> Result<String, String> {
    decode_file(Path::new(name), bytes).map(|d| d.text).map_err(|e| {
        assert_eq!(e.source, name, "the error names the file");
        e.problem
    })
}

#[test]
fn a_huge_list_start_does_not_size_an_allocation() {
    // §1: w:start = i64::MAX with lowerLetter once asked for ~3×10^17 bytes (abort).
    let body: String = (0..3).map(|_| numbered(1, "做好整改")).collect();
    for format in ["lowerLetter", "upperLetter", "decimal", "chineseCounting", "lowerRoman", "decimalFullWidth"] {
        for start in ["9223372036854775807", "99999999999999999999999", "-9223372036854775808"] {
            let bytes = package(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &one_list(start, format, "%1."))]);
            let text = read("start.docx", &bytes).unwrap();
            for line in text.lines() {
                assert!(line.chars().count() < 40, "{format} {start}: {line}");
                assert!(line.ends_with("做好整改"), "{line}");
            }
        }
    }
    // The counter stops at the largest list number instead of overflowing.
    let bytes = package(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &one_list("9223372036854775807", "decimal", "%1."))]);
    assert_eq!(read("count.docx", &bytes).unwrap(), "999999. 做好整改\n".repeat(3));
}

#[test]
fn a_merged_cell_copied_into_every_row_is_bounded() {
    // §2: a 1 MB merged cell continued over 3,000 rows (a 7 KB file) once gave 3 GB of text.
    let big = "责".repeat(350_000);
    let first = format!(r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>"#, p(&big), p("甲"));
    let next = format!(r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}</w:tc></w:tr>"#, p("乙"));
    let xml = document(&format!("<w:tbl>{first}{}</w:tbl>", next.repeat(3000)));
    let bytes = package(&[("word/document.xml", &xml)]);
    assert!(bytes.len() < 64 * 1024, "{}", bytes.len());
    let e = read("merged.docx", &bytes).unwrap_err();
    assert!(e.contains("expands to more than") && e.contains("bytes of text"), "{e}");
    // A real merged table (an owner merged over 200 rows) reads.
    let header = format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", p("整改措施"), p("牵头领导"));
    let owner = format!(r#"<w:tr><w:tc>{}</w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc></w:tr>"#, p("完善制度。"), p("张三"));
    let rows = format!(r#"<w:tr><w:tc>{}</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"#, p("加强督查。")).repeat(200);
    let text = read("ledger.docx", &package(&[("word/document.xml", &document(&format!("<w:tbl>{header}{owner}{rows}</w:tbl>")))])).unwrap();
    assert_eq!(text.matches("牵头领导：张三").count(), 201);
}

#[test]
fn a_header_repeated_in_every_row_is_bounded() {
    // The labelled lines copy the header into each row: a long header over many rows.
    let header = format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", p("整改措施"), p(&format!("完成时限{}", "限".repeat(300_000))));
    let row = format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", p("做。"), p("6月"));
    let bytes = package(&[("word/document.xml", &document(&format!("<w:tbl>{header}{}</w:tbl>", row.repeat(3000))))]);
    let e = read("header.docx", &bytes).unwrap_err();
    assert!(e.contains("expands to more than"), "{e}");
}

#[test]
fn a_huge_list_text_on_the_default_style_is_refused() {
    // §2: an lvlText of a million chars on the default paragraph style (1.9 KB → 1 GB).
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    let body = p("做好整改").repeat(1000);
    let bytes = package(&[
        ("word/document.xml", &document(&body)),
        ("word/numbering.xml", &one_list("1", "decimal", &"x".repeat(1_000_000))),
        ("word/styles.xml", &styles),
    ]);
    let e = read("label.docx", &bytes).unwrap_err();
    assert!(e.contains("word/numbering.xml") && e.contains("more than 64 characters"), "{e}");
    // Short texts that format into a long label are caught too, before they are built.
    let bytes =
        package(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &one_list("1", "decimal", &"%1".repeat(100))), ("word/styles.xml", &styles)]);
    assert!(read("label.docx", &bytes).unwrap_err().contains("more than 64 characters"));
    // A normal label on the default style still reads.
    let bytes = package(&[
        ("word/document.xml", &document(&p("做好整改").repeat(2))),
        ("word/numbering.xml", &one_list("1", "chineseCounting", "%1、")),
        ("word/styles.xml", &styles),
    ]);
    assert_eq!(read("label.docx", &bytes).unwrap(), "一、做好整改\n二、做好整改\n");
}

#[test]
fn the_text_budget_follows_the_callers_limit() {
    // Plain paragraphs: 2 MB of text from a 2 MB part reads under the default limit, and is
    // refused under a 1 MiB one (the budget never drops below 1 MiB).
    let body = p(&"整改".repeat(1000)).repeat(350);
    let bytes = package(&[("word/document.xml", &document(&body))]);
    assert!(decode_file(Path::new("a.docx"), &bytes).is_ok());
    let e = decode_file_limited(Path::new("a.docx"), &bytes, 1000).unwrap_err();
    assert!(e.problem.contains(&format!("expands to more than {MIN_TEXT_BUDGET} bytes of text")), "{e}");
}

/// Renames the second entry of a zip (same length names) to the first one's name, in its
/// local header and in the central directory: a zip with two entries of one name.
fn duplicate_entry(bytes: &mut [u8], name: &[u8], other: &[u8]) {
    assert_eq!(name.len(), other.len());
    let mut at = 0;
    let mut n = 0;
    while let Some(i) = bytes[at..].windows(other.len()).position(|w| w == other) {
        bytes[at + i..at + i + other.len()].copy_from_slice(name);
        at += i + other.len();
        n += 1;
    }
    assert_eq!(n, 2, "local header and central directory");
}

#[test]
fn duplicate_parts_are_refused() {
    let mut bytes = package(&[("word/document.xml", &document(&p("第一份"))), ("word/documenX.xml", &document(&p("第二份")))]);
    duplicate_entry(&mut bytes, b"word/document.xml", b"word/documenX.xml");
    assert_eq!(read_docx(&bytes, u64::MAX), Err(DocxError::DuplicatePart("word/document.xml".to_string())));
    let e = read("dup.docx", &bytes).unwrap_err();
    assert!(e.contains("word/document.xml appears more than once"), "{e}");
    // A duplicated part the reader does not use is no reason to refuse the file.
    let mut bytes = package(&[("word/document.xml", &document(&p("正文"))), ("word/media/a.png", "1"), ("word/media/b.png", "2")]);
    duplicate_entry(&mut bytes, b"word/media/a.png", b"word/media/b.png");
    assert_eq!(read("media.docx", &bytes).unwrap(), "正文\n");
}

#[test]
fn an_ole_container_is_named_not_skipped() {
    // A password-protected Word file is an OLE2 compound file whatever its extension.
    let mut bytes = OLE_SIGNATURE.to_vec();
    bytes.extend_from_slice(&[0x00; 16]);
    bytes.extend_from_slice(&[0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00]);
    bytes.resize(4096, 0);
    assert!(!is_binary(&bytes), "a folder walk must report it, not skip it");
    let e = read("secret.docx", &bytes).unwrap_err();
    assert!(e.contains("password-protected Word file or a .doc saved as .docx"), "{e}");
}

#[test]
fn structure_is_bounded() {
    // More table cells than any document has.
    let xml = document(&format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", "<w:tc/>".repeat(1_000_001)));
    let e = read("cells.docx", &package(&[("word/document.xml", &xml)])).unwrap_err();
    assert!(e.contains("more than 1000000 table rows and cells"), "{e}");
    // More list definitions than any document has.
    let nums: String = (0..100_001).map(|i| format!("<w:num w:numId=\"{i}\"><w:abstractNumId w:val=\"0\"/></w:num>")).collect();
    let bytes = package(&[("word/document.xml", &document(&p("正文"))), ("word/numbering.xml", &numbering(&nums))]);
    let e = read("nums.docx", &bytes).unwrap_err();
    assert!(e.contains("broken word/numbering.xml") && e.contains("more than 100000 list definitions"), "{e}");
    // Paragraphs nested in paragraphs.
    let xml = document(&format!("{}甲{}", "<w:p><w:r><w:t>".repeat(100), "</w:t></w:r></w:p>".repeat(100)));
    let e = read("deep.docx", &package(&[("word/document.xml", &xml)])).unwrap_err();
    assert!(e.contains("nested more than 64 deep"), "{e}");
}

#[test]
fn broken_xml_errors_name_the_part_and_byte() {
    let bytes = package(&[("word/document.xml", &format!("<w:document {W}><w:body><w:p></w:r></w:body></w:document>"))]);
    let e = read("broken.docx", &bytes).unwrap_err();
    assert!(e.contains("broken word/document.xml: at byte"), "{e}");
}

#[test]
fn a_folder_of_hostile_files_fails_each_by_name_and_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    let statement = "一、总体要求\n区纪委要在6月底前完成整改任务。\n";
    put("good.txt", statement.as_bytes());
    let body: String = (0..3).map(|_| numbered(1, "区纪委要在6月底前完成整改任务。")).collect();
    put("start.docx", &package(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &one_list("9223372036854775807", "lowerLetter", "%1."))]));
    let next = r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"#.repeat(3000);
    let first = format!(r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc></w:tr>"#, p(&"责".repeat(350_000)));
    put("merged.docx", &package(&[("word/document.xml", &document(&format!("<w:tbl>{first}{next}</w:tbl>")))]));
    let mut dup = package(&[("word/document.xml", &document(&p("甲"))), ("word/documenX.xml", &document(&p("乙")))]);
    duplicate_entry(&mut dup, b"word/document.xml", b"word/documenX.xml");
    put("dup.docx", &dup);
    let mut ole = OLE_SIGNATURE.to_vec();
    ole.resize(4096, 0);
    put("secret.docx", &ole);
    put("u16.txt", &statement.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>());
    put("ko.txt", &encoding_rs::EUC_KR.encode("구청은 6월 말까지 모든 시정 조치를 완료해야 한다. 우리는 즉시 특별 회의를 열고 책임을 명확히 한다.").0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang")).args(["extract", "--format", "csv", "--quiet"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (file, problem) in
        [("merged.docx", "bytes of text"), ("dup.docx", "appears more than once"), ("secret.docx", "password-protected Word file"), ("ko.txt", "EUC-KR")]
    {
        assert!(stderr.lines().any(|l| l.contains(file) && l.contains(problem)), "{file}: {stderr}");
        assert!(!stdout.contains(file), "{file}");
    }
    for file in ["good.txt", "start.docx", "u16.txt"] {
        assert!(stdout.contains(file), "{file} has no ledger rows: {stderr}");
    }
}

/// Inputs that once made the reader quadratic: kept so that such a slip shows as a slow test
/// run (speed is not asserted here).
#[test]
fn work_per_element_is_bounded() {
    // 400,000 attributes on one element (duplicate-attribute checks were quadratic).
    let attrs: String = (0..400_000).map(|i| format!(" a{i}=\"u\"")).collect();
    let xml = document(&format!(r#"<w:p><w:pPr><w:pStyle{attrs} w:val="x"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#));
    assert_eq!(read("attrs.docx", &package(&[("word/document.xml", &xml)])).unwrap(), "正文\n");
    // Namespace declarations are scanned for every element: their number in scope is bounded.
    let decls: String = (0..20_000).map(|i| format!(" xmlns:a{i}=\"urn:x\"")).collect();
    let xml = format!("<w:document {W}{decls}><w:body>{}</w:body></w:document>", p("正文").repeat(50_000));
    let e = read("ns.docx", &package(&[("word/document.xml", &xml)])).unwrap_err();
    assert!(e.contains("more than 256 namespace declarations"), "{e}");
    // A megabyte-long style id on the default style, looked up for each of 100,000 paragraphs.
    let long_id = "S".repeat(1_000_000);
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="{long_id}"><w:basedOn w:val="{long_id}"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    let bytes = package(&[
        ("word/document.xml", &document(&p("做好整改").repeat(100_000))),
        ("word/numbering.xml", &one_list("1", "decimal", "%1.")),
        ("word/styles.xml", &styles),
    ]);
    let text = read("ids.docx", &bytes).unwrap();
    assert_eq!(text.lines().count(), 100_000);
}
