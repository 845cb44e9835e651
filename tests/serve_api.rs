//! `taizhang serve` as a client uses it: the binary started on an ephemeral loopback port,
//! requests over HTTP. Good text, uploads in each form (GBK, .docx, multipart), bad and
//! oversize input, the time limit, concurrent requests, and the char spans of the findings.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A running `taizhang serve`; killed when dropped.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(["serve", "--port", "0", "--quiet"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start taizhang serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the address");
        let url = line.trim().strip_prefix("taizhang serve: ").unwrap_or_else(|| panic!("no address printed: {line:?}")).to_string();
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "{url}");
        let agent = ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(120))).build().into();
        Server { child, url, agent }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self.agent.get(format!("{}{path}", self.url)).call().expect("GET");
        (r.status().as_u16(), r.body_mut().read_to_string().expect("body"))
    }

    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
        let mut r = self.agent.post(format!("{}{path}", self.url)).header("Content-Type", content_type).send(body).expect("POST");
        let status = r.status().as_u16();
        let body = r.body_mut().with_config().limit(64 << 20).read_to_string().expect("body");
        (status, body)
    }

    fn analyze_text(&self, text: &str) -> (u16, Value) {
        let (s, b) = self.post("api/analyze", "application/json", serde_json::json!({"text": text}).to_string().as_bytes());
        (s, serde_json::from_str(&b).unwrap_or_else(|e| panic!("not JSON ({e}): {b}")))
    }

    fn json(&self, path: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
        let (s, b) = self.post(path, content_type, body);
        (s, serde_json::from_str(&b).unwrap_or_else(|e| panic!("not JSON ({e}): {b}")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

fn read_sample(name: &str) -> String {
    std::fs::read_to_string(sample(name)).expect("sample")
}

/// `taizhang extract` of a text on stdin, in a format.
fn extract(text: &str, format: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["extract", "--quiet", "--format", format, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run extract");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn error_of(v: &Value) -> &str {
    v["error"].as_str().unwrap_or_else(|| panic!("no error message: {v}"))
}

/// Checks that every finding's span indexes `text` in chars and that `matched`, line and
/// column agree with it.
fn assert_spans_index_the_text(r: &Value) {
    let chars: Vec<char> = r["text"].as_str().unwrap().chars().collect();
    let findings = r["findings"].as_array().unwrap();
    for f in findings {
        let (s, e) = (f["span"]["start"].as_u64().unwrap() as usize, f["span"]["end"].as_u64().unwrap() as usize);
        assert!(s <= e && e <= chars.len(), "{f}");
        let matched: String = chars[s..e].iter().collect();
        assert_eq!(f["matched"].as_str().unwrap(), matched, "{f}");
        let line = chars[..s].iter().filter(|&&c| c == '\n').count() + 1;
        assert_eq!(f["line"].as_u64().unwrap() as usize, line, "{f}");
        let col = s - chars[..s].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1) + 1;
        assert_eq!(f["column_code_points"].as_u64().unwrap() as usize, col, "{f}");
    }
}

/// A minimal .docx: one paragraph per line.
fn docx(lines: &[&str]) -> Vec<u8> {
    let body: String = lines.iter().map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>")).collect();
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(doc.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

fn multipart(field: &str, file_name: &str, bytes: &[u8], extra: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----taizhang-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in extra {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn a_good_text_gets_the_ledger_of_extract_and_located_findings() {
    let srv = Server::start(&[]);
    let text = read_sample("draft_with_slips.txt");
    let (status, r) = srv.analyze_text(&text);
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["text"].as_str().unwrap(), text);
    assert_eq!(r["encoding"], "UTF-8");
    // `analysis` is exactly what `extract --format json` writes for the same text.
    let mut cli: Value = serde_json::from_str(&extract(&text, "json")).unwrap();
    cli["source"] = r["source"].clone();
    assert_eq!(r["analysis"], cli);
    // The draft's known slips are all there, each pointing into the text.
    let codes: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in ["numbering-gap", "numbering-repeat", "count-mismatch", "vague-deadline"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_spans_index_the_text(&r);
    for f in r["findings"].as_array().unwrap() {
        for key in ["code", "severity", "message", "suggestion", "span", "line", "column", "matched"] {
            assert!(!f[key].is_null(), "finding without {key}: {f}");
        }
    }
}

#[test]
fn spans_are_code_points_even_after_an_astral_character() {
    let srv = Server::start(&[]);
    let text = read_sample("draft_with_slips.txt");
    let (_, plain) = srv.analyze_text(&text);
    // 𠮷 is one char (code point) but two UTF-16 units and four UTF-8 bytes.
    let shifted_text = format!("𠮷\n{text}");
    let (status, shifted) = srv.analyze_text(&shifted_text);
    assert_eq!(status, 200);
    assert_spans_index_the_text(&shifted);
    let (a, b) = (plain["findings"].as_array().unwrap(), shifted["findings"].as_array().unwrap());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["code"], y["code"]);
        assert_eq!(x["matched"], y["matched"]);
        assert_eq!(y["span"]["start"].as_u64().unwrap(), x["span"]["start"].as_u64().unwrap() + 2, "{y}");
        assert_eq!(y["line"].as_u64().unwrap(), x["line"].as_u64().unwrap() + 1);
    }
    // On the astral character's own line, columns count it once.
    let (_, r) = srv.analyze_text("𠮷野村整改要求：一是…；二是…；四是…。");
    assert_spans_index_the_text(&r);
    let gap = r["findings"].as_array().unwrap().iter().find(|f| f["code"] == "numbering-gap").expect("numbering-gap");
    assert_eq!(gap["matched"], "四是");
    assert_eq!(gap["span"]["start"], 16);
    assert_eq!(gap["column"], 17);
}

#[test]
fn a_gbk_file_is_decoded_by_the_server_in_every_upload_form() {
    let srv = Server::start(&[]);
    let bytes = std::fs::read(sample("tongbao_gbk.txt")).unwrap();
    let (expected, _, _) = encoding_rs::GB18030.decode(&bytes);
    let expected = expected.replace("\r\n", "\n");
    // Raw body, named in the query.
    let (status, r) = srv.json("api/analyze?name=%E9%80%9A%E6%8A%A5.txt", "application/octet-stream", &bytes);
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["source"], "通报.txt");
    assert_eq!(r["encoding"], "gb18030");
    assert_eq!(r["text"].as_str().unwrap(), expected);
    assert_spans_index_the_text(&r);
    // Multipart, named by the part's file name.
    let (ct, body) = multipart("file", "tongbao_gbk.txt", &bytes, &[]);
    let (status, m) = srv.json("api/analyze", &ct, &body);
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["source"], "tongbao_gbk.txt");
    assert_eq!(m["encoding"], "gb18030");
    assert_eq!(m["findings"], r["findings"]);
}

#[test]
fn docx_uploads_are_read_and_corrupt_ones_refused_clearly() {
    let srv = Server::start(&[]);
    let good = docx(&["整改方案", "一、区委办公室要在2024年6月底前完成整改。", "二、我们要尽快建立长效机制。"]);
    let (status, r) = srv.json("api/analyze?name=fang'an.docx", "application/octet-stream", &good);
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["encoding"], "docx");
    assert!(r["text"].as_str().unwrap().contains("二、我们要尽快建立长效机制。"), "{}", r["text"]);
    assert_spans_index_the_text(&r);
    // A .docx whose zip is cut short: 422 naming the file and the problem.
    let (ct, body) = multipart("file", "broken.docx", &good[..good.len() / 2], &[]);
    let (status, e) = srv.json("api/analyze", &ct, &body);
    assert_eq!(status, 422, "{e}");
    assert!(error_of(&e).starts_with("broken.docx: not a valid .docx"), "{e}");
    // A zip that is not a Word document.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("hello.txt", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(b"hi").unwrap();
    let (status, e) = srv.json("api/analyze?name=x.docx", "application/octet-stream", &z.finish().unwrap().into_inner());
    assert_eq!(status, 422);
    assert!(error_of(&e).contains("not a Word document"), "{e}");
    // Formats to convert first.
    let (status, e) = srv.json("api/analyze?name=old.doc", "application/octet-stream", b"\xd0\xcf\x11\xe0");
    assert_eq!(status, 415);
    assert!(error_of(&e).contains("convert it to .docx or .txt"), "{e}");
}

#[test]
fn oversize_input_is_refused_in_every_form() {
    let srv = Server::start(&["--max-size", "3000"]);
    let fits = "区委办公室要在6月底前完成整改。".repeat(3000 / 48);
    assert!(fits.len() <= 3000);
    assert_eq!(srv.analyze_text(&fits).0, 200);
    let big = "区委办公室要在6月底前完成整改。".repeat(100);
    let (status, e) = srv.analyze_text(&big);
    assert_eq!(status, 413, "{e}");
    assert!(error_of(&e).contains("3000 bytes"), "{e}");
    let (status, e) = srv.json("api/analyze?name=big.txt", "application/octet-stream", big.as_bytes());
    assert_eq!(status, 413, "{e}");
    let (ct, body) = multipart("file", "big.txt", big.as_bytes(), &[]);
    assert_eq!(srv.json("api/analyze", &ct, &body).0, 413);
    // Far over the limit: refused from the Content-Length, before the body is read.
    let huge = vec![b'a'; 4 << 20];
    assert_eq!(srv.json("api/analyze?name=huge.txt", "text/plain", &huge).0, 413);
    // The server goes on, and tells the page its limit.
    assert_eq!(srv.analyze_text("区委要在6月底前完成整改。").0, 200);
    let (_, info) = srv.get("api/info");
    assert_eq!(serde_json::from_str::<Value>(&info).unwrap()["max_size"], 3000);
}

#[test]
fn bad_requests_get_a_clear_json_message() {
    let srv = Server::start(&[]);
    let cases: &[(&str, &str, &[u8], u16, &str)] = &[
        ("api/analyze", "application/json", b"{\"txt\": 1}", 400, "missing field `text`"),
        ("api/analyze", "application/json", b"not json", 400, "not the JSON expected"),
        ("api/analyze", "application/json", "{\"text\": \"区委要整改。\", \"date\": \"2024-02-30\"}".as_bytes(), 400, "not a date"),
        ("api/analyze", "application/json", b"{\"text\": \" \\n \"}", 422, "empty"),
        ("api/analyze?name=x.bin", "application/octet-stream", b"\x00\x01\x02\x03\x00\x00", 422, "binary"),
        ("api/analyze?name=x.txt", "application/octet-stream", b"\xff\xfe\x00\xd8", 422, "invalid UTF-16"),
        ("api/analyze", "multipart/form-data; boundary=zz", b"--zz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--zz--\r\n", 400, "neither"),
        ("api/analyze", "multipart/form-data", b"x", 400, "multipart"),
        ("api/ledger", "application/json", b"{\"text\": \"x\"}", 400, "format=csv"),
        ("api/ledger?format=xml", "application/json", b"{\"text\": \"x\"}", 400, "expected csv, json or xlsx"),
        ("api/nothing", "application/json", b"{}", 404, "no such page"),
    ];
    for (path, ct, body, status, needle) in cases {
        let (s, v) = srv.json(path, ct, body);
        assert_eq!(s, *status, "{path}: {v}");
        assert!(error_of(&v).contains(needle), "{path}: {v}");
    }
    let (s, b) = srv.get("api/analyze");
    assert_eq!(s, 405);
    assert!(b.contains("POST"), "{b}");
}

#[test]
fn a_request_date_sets_the_reference_of_relative_limits() {
    let srv = Server::start(&["--date", "2024-01-01"]);
    let text = "区委办公室要在三个月内完成整改。";
    let due = |body: Value| body["analysis"]["items"][0]["deadline"]["due"].clone();
    assert_eq!(due(srv.analyze_text(text).1), "2024-04-01");
    let (_, r) = srv.json("api/analyze", "application/json", serde_json::json!({"text": text, "date": "2025-03-01"}).to_string().as_bytes());
    assert_eq!(due(r), "2025-06-01");
    // In the query of a raw upload too, and the default is back for the next request.
    let (_, r) = srv.json("api/analyze?name=a.txt&date=2023-10-01", "application/octet-stream", text.as_bytes());
    assert_eq!(due(r), "2024-01-01");
    assert_eq!(due(srv.analyze_text(text).1), "2024-04-01");
}

#[test]
fn ledger_downloads_are_the_files_extract_writes() {
    let srv = Server::start(&[]);
    let text = read_sample("zhenggai_fangan.txt");
    let body = serde_json::json!({"text": text, "name": "整改方案.txt"}).to_string();
    let mut r = srv.agent.post(format!("{}api/ledger?format=csv", srv.url)).header("Content-Type", "application/json").send(body.as_bytes()).unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.contains("filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%96%B9%E6%A1%88.csv"), "{disposition}");
    let csv = r.body_mut().read_to_string().unwrap();
    assert!(csv.starts_with('\u{feff}'), "the CSV opens in Excel as UTF-8");
    assert_eq!(csv, extract(&text, "csv"));
    let (s, json) = srv.post("api/ledger?format=json", "application/json", body.as_bytes());
    assert_eq!(s, 200);
    let mut cli: Value = serde_json::from_str(&extract(&text, "json")).unwrap();
    cli["source"] = "整改方案.txt".into();
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), cli);
    let (s, resp) = srv.post("api/ledger?format=csv&table=responsibilities", "application/json", body.as_bytes());
    assert_eq!(s, 200);
    assert!(resp.starts_with("\u{feff}责任主体,职责,字符范围"), "{resp}");
    // The workbook: the sheets extract writes, read back with calamine.
    let mut r = srv.agent.post(format!("{}api/ledger?format=xlsx", srv.url)).header("Content-Type", "application/json").send(body.as_bytes()).unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"].to_str().unwrap(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let bytes = r.body_mut().with_config().limit(64 << 20).read_to_vec().unwrap();
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx workbook");
    assert_eq!(wb.sheet_names(), ["台账", "责任清单", "汇总"]);
    let ledger = wb.worksheet_range("台账").unwrap();
    let header: Vec<String> = ledger.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header.first().map(String::as_str), Some("序号"));
    let rows = ledger.rows().count() - 1;
    let commitments = serde_json::from_str::<Value>(&extract(&text, "json")).unwrap()["summary"]["commitments"].as_u64().unwrap();
    assert!(rows as u64 >= commitments && rows > 0, "{rows} rows, {commitments} commitments");
    let (s, e) = srv.json("api/ledger?format=xlsx&table=items", "application/json", body.as_bytes());
    assert_eq!(s, 400, "{e}");
}

#[test]
fn concurrent_requests_each_get_their_own_answer() {
    let srv = Server::start(&["--jobs", "2"]);
    let base = read_sample("biaotai.txt");
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let srv = &srv;
                let text = format!("第{i}号文件\n{base}");
                s.spawn(move || {
                    let (status, r) = srv.analyze_text(&text);
                    assert_eq!(status, 200, "{r}");
                    assert_eq!(r["text"].as_str().unwrap(), text, "request {i} got another's answer");
                    assert_spans_index_the_text(&r);
                    r["findings"].as_array().unwrap().len()
                })
            })
            .collect();
        let counts: Vec<usize> = handles.into_iter().map(|h| h.join().expect("request thread")).collect();
        assert!(counts.windows(2).all(|w| w[0] == w[1]), "same text, same findings: {counts:?}");
    });
}

#[test]
fn an_analysis_past_the_time_limit_is_answered_and_the_server_goes_on() {
    // A 1 MB text takes about a second; the limit is 50 ms.
    let srv = Server::start(&["--timeout", "0.05", "--jobs", "2"]);
    let big = read_sample("zhenggai_fangan.txt").repeat(1000);
    let (status, e) = srv.analyze_text(&big);
    assert_eq!(status, 503, "{e}");
    assert_eq!(e["kind"], "timeout");
    assert!(error_of(&e).contains("--timeout"), "{e}");
    // The other worker still answers while the first finishes in the background.
    let (status, r) = srv.analyze_text("区委要在6月底前完成整改。");
    assert_eq!(status, 200, "{r}");
}

#[test]
fn the_page_loads_nothing_from_elsewhere() {
    let srv = Server::start(&[]);
    let (status, html) = srv.get("");
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for asset in ["page.css", "page.js", "render.js"] {
        assert!(html.contains(&format!("\"/{asset}\"")), "{asset} not linked");
    }
    let mut all = html.clone();
    for asset in ["page.css", "page.js", "render.js"] {
        let (s, body) = srv.get(asset);
        assert_eq!(s, 200, "{asset}");
        all.push_str(&body);
    }
    for remote in ["http://", "https://", "//cdn", "@import", "url("] {
        assert!(!all.contains(remote), "the page refers to {remote}");
    }
    // And the browser is told so.
    let r = srv.agent.get(&srv.url).call().unwrap();
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), "{csp}");
}

#[test]
fn a_foreign_host_name_is_refused() {
    // A page elsewhere whose name is made to resolve to 127.0.0.1 (DNS rebinding) sends
    // its own name as Host.
    let srv = Server::start(&[]);
    let addr = srv.url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /api/rules HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    assert!(answer.contains("answers only to"), "{answer}");
    let (status, rules) = srv.get("api/rules");
    assert_eq!(status, 200);
    assert!(rules.contains("vague-owner"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang")).args(["serve", "--port", &port, "--quiet"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the port is in use") && err.contains("--port"), "{err}");
}

#[test]
fn listening_beyond_loopback_warns() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["serve", "--port", "0", "--listen", "0.0.0.0", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(line.starts_with("taizhang serve: http://127.0.0.1:"), "{line}");
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
}

#[test]
fn a_browser_that_cannot_be_opened_is_a_note_and_the_server_goes_on() {
    let run = |browser: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
        cmd.args(["serve", "--port", "0", "--open"]).stdout(Stdio::piped()).stderr(Stdio::piped());
        for v in ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "WSL_DISTRO_NAME"] {
            cmd.env_remove(v);
        }
        if let Some(b) = browser {
            cmd.env("BROWSER", b);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().trim_start_matches("taizhang serve: ").to_string();
        // Still serving.
        let mut r = ureq::get(format!("{url}api/info")).call().expect("the server answers");
        assert!(r.body_mut().read_to_string().unwrap().contains("max_size"));
        std::thread::sleep(Duration::from_millis(200));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        (url, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (url, err) = run(None);
    assert!(err.contains("note: cannot open a browser here") && err.contains(&url), "{err}");
    let (url, err) = run(Some("/nonexistent/browser"));
    assert!(err.contains("note: could not open a browser") && err.contains(&url), "{err}");
}
