//! Batch runs of the built binary over a generated archive: UTF-8 and GBK texts, Word- and
//! LibreOffice-style .docx files (tables, automatic numbering), a corrupt .docx, a binary
//! file and a hidden file; with and without --out-dir; and the JSON Lines pipeline.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const UNITS: [&str; 5] = ["区委办公室", "区财政局", "区发改局", "区教育局", "区审计局"];

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
}

/// The binary must be this tree's: a target directory shared by several work trees of the
/// crate can hold another tree's build.
fn check_binary() {
    let help = bin().args(["extract", "--help"]).output().expect("run taizhang");
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("--out-dir"),
        "{} is not this tree's build (a shared target directory overwritten by another work tree?)",
        env!("CARGO_BIN_EXE_taizhang")
    );
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().expect("run taizhang")
}

/// A statement whose three pledges name file `n`.
fn statement(n: usize) -> String {
    let unit = UNITS[n % UNITS.len()];
    format!(
        "在巡察整改工作推进会上的发言\n\
         一、提高政治站位。{unit}要在2024年6月底前完成第{n}号学习计划。\n\
         二、压实整改责任。区财政局将于2024年9月30日前完成第{n}号专项清理。\n\
         三、强化监督检查。区纪委监委要确保年底前完成第{n}号督查任务。\n"
    )
}

fn zipped(parts: &[(&str, String)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A Word-style .docx: `w:` prefix, headings numbered through a style and numbering.xml
/// (一、 and （一）), and a 整改 table (序号 | 问题 | 整改措施 | 责任单位 | 完成时限).
fn word_docx(n: usize) -> Vec<u8> {
    let p = |ppr: &str, text: &str| format!("<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    let tc = |text: &str| format!("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| tc(c)).collect::<String>());
    let body = [
        p("", &format!("第{n}号巡察反馈问题整改方案")),
        p("<w:pStyle w:val=\"Heading1\"/>", "总体要求"),
        p("", &format!("区委要以第{n}号整改为契机，全面压实责任。")),
        p("<w:pStyle w:val=\"Heading1\"/>", "整改任务"),
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr>{}{}{}</w:tbl>",
            row(&["序号", "问题", "整改措施", "责任单位", "完成时限"]),
            row(&["1", "理论学习不深入", &format!("制定第{n}号学习计划，确保每月集中学习一次。"), "区委办公室", "2024年6月底前"]),
            row(&["2", "财务管理不规范", &format!("全面清理往来款项，确保第{n}号台账按期销号。"), "区财政局", "2024年12月31日前"]),
        ),
        p("<w:pStyle w:val=\"Heading1\"/>", "保障措施"),
        p("<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>", "加强组织领导。区纪委监委要确保年底前完成督查。"),
    ]
    .concat();
    let document =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>");
    let numbering = format!(
        "<w:numbering xmlns:w=\"{W}\"><w:abstractNum w:abstractNumId=\"0\">\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl>\
         <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/><w:suff w:val=\"nothing\"/></w:lvl>\
         </w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let styles = format!(
        "<w:styles xmlns:w=\"{W}\"><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style></w:styles>"
    );
    zipped(&[
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_string()),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ])
}

/// A LibreOffice/WPS-style .docx: another prefix for the same namespace, relationships
/// naming the parts, a numbering part under another name, attributes and children in
/// another order, direct numbering (decimal `%1.`) and a table without a 序号 column.
fn lo_docx(n: usize) -> Vec<u8> {
    let p = |ppr: &str, text: &str| format!("<ns0:p><ns0:pPr>{ppr}</ns0:pPr><ns0:r><ns0:rPr/><ns0:t>{text}</ns0:t></ns0:r></ns0:p>");
    let num = |level: u32| format!("<ns0:numPr><ns0:numId ns0:val=\"4\"/><ns0:ilvl ns0:val=\"{level}\"/></ns0:numPr>");
    let tc = |text: &str| format!("<ns0:tc><ns0:p><ns0:r><ns0:t>{text}</ns0:t></ns0:r></ns0:p></ns0:tc>");
    let body = [
        p("", &format!("第{n}号整改工作台账")),
        p(&num(0), "工作任务"),
        p(&num(1), &format!("加强校舍安全。区教育局要在2024年8月31日前完成第{n}号校舍排查。")),
        p(&num(1), &format!("补齐医疗短板。区卫健委将于2024年10月底前建成第{n}号社区医院。")),
        format!(
            "<ns0:tbl><ns0:tr>{}{}{}</ns0:tr><ns0:tr>{}{}{}</ns0:tr></ns0:tbl>",
            tc("整改任务"),
            tc("牵头单位"),
            tc("完成时间"),
            tc(&format!("确保第{n}号问题清单全部清零。")),
            tc("区发改局"),
            tc("2024年11月30日前"),
        ),
    ]
    .concat();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ns0:document xmlns:ns1=\"urn:x-other\" xmlns:ns0=\"{W}\"><ns0:body>{body}</ns0:body></ns0:document>"
    );
    let numbering = format!(
        "<numbering xmlns=\"{W}\"><num numId=\"4\"><abstractNumId val=\"9\"/></num><abstractNum abstractNumId=\"9\">\
         <lvl ilvl=\"1\"><lvlText val=\"%2.\"/><numFmt val=\"decimal\"/><start val=\"1\"/></lvl>\
         <lvl ilvl=\"0\"><lvlText val=\"%1、\"/><suff val=\"nothing\"/><numFmt val=\"chineseCounting\"/><start val=\"1\"/></lvl>\
         </abstractNum></numbering>"
    );
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    zipped(&[
        ("_rels/.rels", format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"word/document.xml\"/></Relationships>")),
        ("word/_rels/document.xml.rels", format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId3\" Type=\"{rel}/numbering\" Target=\"lists.xml\"/></Relationships>")),
        ("word/document.xml", document),
        ("word/lists.xml", numbering),
    ])
}

/// What a good file must yield: (file, text of an item, owner, due date).
type Expected = Vec<(String, String, String, String)>;

/// Writes the archive under `root/archive`; returns what each good file must yield.
fn make_archive(root: &Path) -> (PathBuf, Expected) {
    let dir = root.join("archive");
    let mut expected = Expected::new();
    let write = |rel: String, bytes: &[u8]| {
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    for n in 0..150 {
        let path = write(format!("{}/{:02}/表态_{n:03}.txt", 2020 + n % 4, n % 12 + 1), statement(n).as_bytes());
        expected.push((path, format!("第{n}号学习计划"), UNITS[n % UNITS.len()].to_string(), "2024-06-30".to_string()));
    }
    for n in 150..190 {
        let text = statement(n);
        let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
        assert!(!bad);
        let path = write(format!("gbk/发言_{n}.txt"), &gbk);
        expected.push((path, format!("第{n}号专项清理"), "区财政局".to_string(), "2024-09-30".to_string()));
    }
    for n in 190..200 {
        let path = write(format!("docx/word_{n}.docx"), &word_docx(n));
        expected.push((path.clone(), format!("制定第{n}号学习计划"), "区委办公室".to_string(), "2024-06-30".to_string()));
        expected.push((path, format!("第{n}号台账按期销号"), "区财政局".to_string(), "2024-12-31".to_string()));
    }
    for n in 200..210 {
        let path = write(format!("docx/lo_{n}.docx"), &lo_docx(n));
        expected.push((path.clone(), format!("第{n}号校舍排查"), "区教育局".to_string(), "2024-08-31".to_string()));
        expected.push((path, format!("第{n}号问题清单全部清零"), "区发改局".to_string(), "2024-11-30".to_string()));
    }
    write("docx/corrupt.docx".to_string(), b"PK\x03\x04this is not a zip archive at all");
    write("misc/blob.bin".to_string(), &[0u8, 159, 146, 150, 0, 0, 1, 2, 3, 255, 0, 7]);
    write("misc/附件.zip".to_string(), &zipped(&[("a.txt", statement(997))]));
    write(".hidden.txt".to_string(), statement(999).as_bytes());
    write("misc/.cache/x.txt".to_string(), statement(998).as_bytes());
    (dir, expected)
}

/// Every file under `dir` with its size.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), e.metadata().unwrap().len());
            }
        }
    }
    out
}

fn csv_records(stdout: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::str::from_utf8(stdout).unwrap().trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn assert_bad_files_reported(stderr: &str) {
    assert!(stderr.contains("corrupt.docx: not a valid .docx"), "{stderr}");
    // Extensions taizhang does not read are counted, not read.
    assert!(stderr.contains("skipped (extensions taizhang does not read): .bin 1, .zip 1"), "{stderr}");
    assert!(!stderr.contains("hidden"), "{stderr}");
    assert!(stderr.contains("213 files: 210 read, 1 failed, 2 skipped"), "{stderr}");
    assert!(stderr.contains("with an owner"), "{stderr}");
    assert!(stderr.contains("flags:"), "{stderr}");
}

#[test]
fn an_archive_becomes_one_ledger() {
    check_binary();
    let tmp = tempfile::tempdir().unwrap();
    let (dir, expected) = make_archive(tmp.path());
    let before = snapshot(tmp.path());
    let out = run(&["extract", "archive", "--format", "csv", "--jobs", "2"], tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_bad_files_reported(&stderr);
    assert_eq!(snapshot(tmp.path()), before, "nothing may be written next to the inputs");

    let (header, rows) = csv_records(&out.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (src, item, owner, due) = (col("来源文件"), col("事项"), col("责任主体"), col("截止日期"));
    let sources: Vec<&str> = rows.iter().map(|r| r[src].as_str()).collect();
    // Sorted path order, each file's rows together.
    let mut order: Vec<&str> = sources.clone();
    order.dedup();
    let mut sorted = order.clone();
    sorted.sort_by_key(|s| PathBuf::from(s));
    assert_eq!(order, sorted);
    assert_eq!(order.len(), 210);
    assert!(!sources.iter().any(|s| s.contains("hidden") || s.contains(".cache") || s.contains("blob") || s.contains("corrupt") || s.contains("zip")));
    let rel = |s: &str| Path::new(s).strip_prefix(dir.parent().unwrap()).unwrap().display().to_string();
    for (file, text, who, date) in &expected {
        let file = rel(file);
        let row = rows.iter().find(|r| r[src] == file && r[item].contains(text.as_str())).unwrap_or_else(|| panic!("{file}: no item with {text}"));
        assert!(row[owner].contains(who.as_str()), "{file}: {text}: owner {} (want {who})", row[owner]);
        assert_eq!(&row[due], date, "{file}: {text}");
    }
    // Automatic numbering became markers the outline parser reads.
    let word = rows.iter().filter(|r| r[src].ends_with("word_190.docx")).collect::<Vec<_>>();
    let markers: BTreeSet<&str> = word.iter().map(|r| r[col("序号标记")].as_str()).collect();
    assert!(markers.contains("一、") && markers.contains("三、") && markers.contains("（一）"), "{markers:?}");
    let lo = rows.iter().filter(|r| r[src].ends_with("lo_200.docx")).collect::<Vec<_>>();
    let markers: BTreeSet<&str> = lo.iter().map(|r| r[col("序号标记")].as_str()).collect();
    assert!(markers.contains("一、") && markers.contains("1.") && markers.contains("2."), "{markers:?}");

    // One worker or two: the same bytes.
    let one = run(&["extract", "archive", "--format", "csv", "--jobs", "1", "--quiet"], tmp.path());
    assert_eq!(one.stdout, out.stdout);
    assert_eq!(one.status.code(), Some(2));
    let one_err = String::from_utf8_lossy(&one.stderr);
    assert!(one_err.contains("corrupt.docx") && !one_err.contains("files:"), "{one_err}");
}

#[test]
fn out_dir_gets_one_output_per_input_and_nothing_else() {
    check_binary();
    let tmp = tempfile::tempdir().unwrap();
    let (_, expected) = make_archive(tmp.path());
    let inputs = snapshot(&tmp.path().join("archive"));

    // Refused: inside the inputs, or holding one.
    let inside = run(&["extract", "archive", "--format", "jsonl", "--out-dir", "archive/out"], tmp.path());
    assert_eq!(inside.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&inside.stderr).contains("inside the input directory"));
    let holds = run(&["extract", "archive/gbk/发言_150.txt", "--out-dir", "archive/gbk"], tmp.path());
    assert_eq!(holds.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&holds.stderr).contains("holds the input"));
    assert_eq!(snapshot(&tmp.path().join("archive")), inputs);

    let out = run(&["extract", "archive", "--format", "jsonl", "--out-dir", "ledgers"], tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_bad_files_reported(&stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(snapshot(&tmp.path().join("archive")), inputs, "the inputs are untouched");
    let written = snapshot(&tmp.path().join("ledgers"));
    let want: BTreeSet<PathBuf> = expected
        .iter()
        .map(|(f, ..)| {
            let rel = Path::new(f).strip_prefix(tmp.path()).unwrap();
            PathBuf::from(format!("{}.jsonl", rel.display()))
        })
        .collect();
    assert_eq!(written.keys().cloned().collect::<BTreeSet<_>>(), want);
    let top: BTreeSet<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(top.len(), 2, "only archive/ and ledgers/: {top:?}");
    for (file, text, ..) in &expected {
        let rel = Path::new(file).strip_prefix(tmp.path()).unwrap();
        let body = std::fs::read_to_string(tmp.path().join("ledgers").join(format!("{}.jsonl", rel.display()))).unwrap();
        assert_eq!(body.lines().count(), 1);
        assert!(body.contains(text.as_str()), "{file}");
    }
}

#[test]
fn json_lines_pipeline_streams_one_line_per_record() {
    check_binary();
    let mut input = String::new();
    for n in 0..40 {
        input.push_str(&serde_json::json!({"id": format!("doc-{n}"), "text": statement(n)}).to_string());
        input.push('\n');
        if n == 20 {
            input.push_str("{\"id\": \"broken\", \"text\": \n");
            input.push_str("{\"id\": 99}\n");
            input.push('\n');
        }
    }
    let mut child =
        bin().args(["extract", "--format", "jsonl", "-", "--jobs", "2"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = std::str::from_utf8(&out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 42);
    assert_eq!(lines[0]["id"], "doc-0");
    assert!(lines[0]["items"].to_string().contains("第0号学习计划"));
    assert_eq!(lines[21]["id"], serde_json::Value::Null);
    assert_eq!(lines[21]["line"], 22);
    assert!(lines[21]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[22]["id"], 99);
    assert!(lines[22]["error"].as_str().unwrap().contains("text"));
    assert_eq!(lines[41]["id"], "doc-39");
    assert!(String::from_utf8_lossy(&out.stderr).contains("42 records: 40 read, 2 failed"));

    // Plain text on stdin still works with the other formats.
    let mut child = bin().args(["extract", "--format", "json", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(statement(5).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"], "-");
}

#[test]
fn check_reports_failed_inputs_over_findings() {
    check_binary();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), "区委要高度重视，认真抓好落实。\n").unwrap();
    std::fs::write(tmp.path().join("b.docx"), b"PK\x03\x04broken").unwrap();
    let findings = run(&["check", "a.txt", "--format", "line"], tmp.path());
    assert_eq!(findings.status.code(), Some(1));
    let both = run(&["check", ".", "--format", "line", "--jobs", "2"], tmp.path());
    assert_eq!(both.status.code(), Some(2), "a failed input wins over findings");
    let stderr = String::from_utf8_lossy(&both.stderr);
    assert!(stderr.contains("b.docx: not a valid .docx"), "{stderr}");
    assert!(String::from_utf8_lossy(&both.stdout).contains("a.txt:"));
    let clean = run(&["check", "a.txt", "--fail-on", "never"], tmp.path());
    assert_eq!(clean.status.code(), Some(0));
}
