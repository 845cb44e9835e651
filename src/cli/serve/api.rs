//! The routes of `taizhang serve`, the three forms a text may come in, and the limits.
//!
//! Every request that analyses first waits for an admission permit: at most `4 × jobs` (at
//! least 8) requests are in progress at once — read, waiting for a turn, or analysed — so
//! at most that many uploads are in memory; the others wait unread. It then waits for an
//! analysis permit (`jobs` at once) and runs on a blocking thread under the time limit;
//! inputs over 8 MiB take turns as in a batch ([`Loader::permit_for`]). Each wait is bounded
//! by the time limit too (then 503, "busy").
//! An analysis that runs past the limit is answered with 503 at once; its thread finishes
//! in the background and keeps its permit until then, so the pool never grows. Every error
//! is a JSON object `{"error": "…", "kind": "…"}`; a panic is caught and answered with 500
//! and a JSON message (the server goes on).

use crate::cli::load::Loader;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::BodyExt;
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::date::Date;
use taizhang::read::{self as input, Document};
use taizhang::report::{self, diagnostics};
use taizhang::text::CharText;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

const PAGE_HTML: &str = include_str!("page.html");
const PAGE_CSS: &str = include_str!("page.css");
const PAGE_JS: &str = include_str!("page.js");
const RENDER_JS: &str = include_str!("render.js");

/// What the page may load: only this server, and the `data:`/`blob:` URLs it makes itself.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                   connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How many analyzers for other reference dates (a request's `"date"`) are kept.
const DATED_ANALYZERS: usize = 4;

/// Room for the JSON envelope or the multipart framing around a text or file of
/// `--max-size` bytes.
const ENVELOPE: u64 = 64 * 1024;

/// The most bytes of an oversize body read (and dropped) so that the client sees the 413.
const DRAIN_CAP: u64 = 256 * 1024 * 1024;

/// The longest source name kept from an upload, in chars.
const MAX_NAME_CHARS: usize = 200;

/// The state of the server: the analyzers, the permits, the limits.
pub struct Server {
    base: Config,
    default: Arc<Analyzer>,
    dated: Mutex<Vec<(Date, Arc<Analyzer>)>>,
    admission: Arc<Semaphore>,
    pool: Arc<Semaphore>,
    loader: Loader,
    max_size: u64,
    timeout: Duration,
    jobs: usize,
}

impl Server {
    /// The state of a server analysing with `analyzer` (built from `base`).
    pub fn new(base: Config, analyzer: Analyzer, opts: &super::ServeOptions) -> Self {
        let jobs = opts.jobs.max(1);
        Server {
            base,
            default: Arc::new(analyzer),
            dated: Mutex::new(Vec::new()),
            admission: Arc::new(Semaphore::new((jobs * 4).max(8))),
            pool: Arc::new(Semaphore::new(jobs)),
            loader: Loader::new(opts.max_size),
            max_size: opts.max_size,
            timeout: opts.timeout,
            jobs,
        }
    }

    /// The analyzer for a reference date (`None`: the server's own `--date`). Analyzers for
    /// other dates are built on demand and the last few kept.
    fn analyzer_for(&self, date: Option<Date>) -> Result<Arc<Analyzer>, ApiError> {
        let Some(date) = date.filter(|d| Some(*d) != self.base.reference_date) else {
            return Ok(self.default.clone());
        };
        let lock = || self.dated.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = lock().iter().find(|(d, _)| *d == date).map(|(_, a)| a.clone()) {
            return Ok(a);
        }
        let mut cfg = self.base.clone();
        cfg.reference_date = Some(date);
        let analyzer = Arc::new(Analyzer::new(cfg).map_err(|e| ApiError::internal(format!("cannot set up the analysis: {e}")))?);
        analyzer.segmenter().jieba();
        let mut dated = lock();
        dated.retain(|(d, _)| *d != date);
        dated.insert(0, (date, analyzer.clone()));
        dated.truncate(DATED_ANALYZERS);
        Ok(analyzer)
    }
}

/// An error answer: a status and a JSON body `{"error": message, "kind": kind}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, kind, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-request", message)
    }

    fn too_large(max: u64) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!("the text or file is larger than the limit of {max} bytes (start the server with a larger --max-size)"),
        )
    }

    fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    fn busy(timeout: Duration) -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!("the server is busy: no analysis could start within {}; try again", super::seconds(timeout)),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, json!({"error": self.message, "kind": self.kind}).to_string().into_bytes())
    }
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"))], body).into_response()
}

/// The routes, with the Host guard (for a loopback address) and the security headers.
pub fn router(state: Arc<Server>, local: SocketAddr, explicit_listen: bool) -> Router {
    let limit = usize::try_from(state.max_size.saturating_add(ENVELOPE)).unwrap_or(usize::MAX);
    let hosts = Arc::new(allowed_hosts(local, explicit_listen));
    Router::new()
        .route("/", get(|| async { static_asset("text/html; charset=utf-8", PAGE_HTML) }))
        .route("/page.css", get(|| async { static_asset("text/css; charset=utf-8", PAGE_CSS) }))
        .route("/page.js", get(|| async { static_asset("text/javascript; charset=utf-8", PAGE_JS) }))
        .route("/render.js", get(|| async { static_asset("text/javascript; charset=utf-8", RENDER_JS) }))
        .route("/api/analyze", post(analyze))
        .route("/api/ledger", post(ledger))
        .route("/api/rules", get(rules))
        .route("/api/info", get(info))
        .fallback(|uri: Uri| async move { ApiError::new(StatusCode::NOT_FOUND, "not-found", format!("no such page: {}", uri.path())) })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method", "method not allowed: the API takes POST (GET for pages and /api/rules)")
        })
        .layer(DefaultBodyLimit::max(limit))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_panic: Box<dyn std::any::Any + Send>| {
            eprintln!("taizhang: internal error while answering a request (a bug; the server goes on)");
            ApiError::internal("internal error in taizhang (a bug, please report it); the server goes on").into_response()
        }))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let hosts = hosts.clone();
            async move { guard_host(&hosts, req, next).await }
        }))
        .with_state(state)
}

fn static_asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The Host headers a loopback server answers (a guard against DNS rebinding: a page on
/// another site whose name is made to point at 127.0.0.1 sends its own name). Empty when
/// the server listens on another address given with `--listen` (any name may reach it).
fn allowed_hosts(local: SocketAddr, explicit_listen: bool) -> Vec<String> {
    if explicit_listen && !local.ip().is_loopback() {
        return Vec::new();
    }
    let port = local.port();
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}"), local.to_string()];
    hosts.dedup();
    hosts
}

async fn guard_host(hosts: &[String], req: Request, next: Next) -> Response {
    if !hosts.is_empty() {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        if !hosts.contains(&host) {
            return ApiError::new(StatusCode::MISDIRECTED_REQUEST, "host", format!("this server answers only to http://{}/ (Host {host:?} refused)", hosts[0]))
                .into_response();
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /api/rules`: every rule, its configured level (`null`: off), what it flags.
async fn rules(State(st): State<Arc<Server>>) -> Response {
    let set = st.default.rules();
    let list: Vec<serde_json::Value> =
        set.rules().iter().map(|r| json!({"code": r.code(), "severity": set.level(r.as_ref()).map(|s| s.name()), "description": r.description()})).collect();
    json_response(StatusCode::OK, serde_json::Value::Array(list).to_string().into_bytes())
}

/// `GET /api/info`: the version and the limits (the page refuses a file over `max_size`
/// before uploading it).
async fn info(State(st): State<Arc<Server>>) -> Response {
    let body = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "max_size": st.max_size,
        "timeout_seconds": st.timeout.as_secs_f64(),
        "jobs": st.jobs,
        "reference_date": st.base.reference_date.map(|d| d.to_string()),
    });
    json_response(StatusCode::OK, body.to_string().into_bytes())
}

/// What is to be analysed.
enum Content {
    /// Text posted as text (already UTF-8).
    Text(String),
    /// A file's bytes, to decode as the CLI decodes a file of that name.
    File(Bytes),
}

/// One request's input: its name (the `source` of the output), the content, the date.
struct Upload {
    name: String,
    content: Content,
    date: Option<Date>,
}

/// The JSON form.
#[derive(Deserialize)]
struct TextRequest {
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// The query of a raw upload (and of the ledger's format).
#[derive(Deserialize, Default)]
struct Params {
    name: Option<String>,
    date: Option<String>,
    format: Option<String>,
    table: Option<String>,
}

/// What a request asks for.
#[derive(Clone, Copy)]
enum Output {
    /// The analysis with its findings located (`/api/analyze`).
    Analysis,
    /// The ledger as `extract --format csv` writes it, items or responsibilities.
    Csv { responsibilities: bool },
    /// The ledger as `extract --format json` writes it.
    Json,
    /// The workbook `extract --format xlsx` writes (sheets 台账, 责任清单, 汇总).
    Xlsx,
}

async fn analyze(State(st): State<Arc<Server>>, req: Request) -> Response {
    respond(st, req, |_| Ok(Output::Analysis)).await
}

async fn ledger(State(st): State<Arc<Server>>, req: Request) -> Response {
    respond(st, req, |p| match (p.format.as_deref(), p.table.as_deref()) {
        (Some("csv"), None | Some("items")) => Ok(Output::Csv { responsibilities: false }),
        (Some("csv"), Some("responsibilities")) => Ok(Output::Csv { responsibilities: true }),
        (Some("json"), None) => Ok(Output::Json),
        (Some("xlsx"), None) => Ok(Output::Xlsx),
        (Some("csv"), Some(t)) => Err(ApiError::bad_request(format!("table={t}: expected items or responsibilities"))),
        (Some("json" | "xlsx"), Some(_)) => Err(ApiError::bad_request("table= goes only with format=csv")),
        (Some(f), _) => Err(ApiError::bad_request(format!("format={f}: expected csv, json or xlsx"))),
        (None, _) => Err(ApiError::bad_request("say which format: ?format=csv, ?format=json or ?format=xlsx")),
    })
    .await
}

async fn respond(st: Arc<Server>, req: Request, output: impl FnOnce(&Params) -> Result<Output, ApiError>) -> Response {
    match handle(st, req, output).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(st: Arc<Server>, req: Request, output: impl FnOnce(&Params) -> Result<Output, ApiError>) -> Result<Response, ApiError> {
    let params: Params = match req.uri().query() {
        None => Params::default(),
        Some(_) => Query::<Params>::try_from_uri(req.uri()).map_err(|e| ApiError::bad_request(format!("bad query: {}", e.body_text())))?.0,
    };
    let output = output(&params)?;
    let _admitted = permit(&st.admission, st.timeout).await?;
    let upload = tokio::time::timeout(st.timeout, read_upload(&st, req, params))
        .await
        .map_err(|_| ApiError::new(StatusCode::REQUEST_TIMEOUT, "slow-upload", format!("the upload took longer than {}", super::seconds(st.timeout))))??;
    let turn = permit(&st.pool, st.timeout).await?;
    let worker = st.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        run_analysis(&worker, upload, output)
    });
    match tokio::time::timeout(st.timeout, job).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) if e.is_panic() => {
            eprintln!("taizhang: internal error while analysing a text (a bug; the server goes on)");
            Err(ApiError::internal("internal error while analysing this text (a bug in taizhang, please report it); the server goes on"))
        }
        Ok(Err(_)) => Err(ApiError::internal("the analysis was cancelled")),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the analysis took longer than the limit of {} (start the server with a larger --timeout, or check a shorter text)",
                super::seconds(st.timeout)
            ),
        )),
    }
}

async fn permit(sem: &Arc<Semaphore>, timeout: Duration) -> Result<OwnedSemaphorePermit, ApiError> {
    match tokio::time::timeout(timeout, sem.clone().acquire_owned()).await {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(_)) => Err(ApiError::internal("the server is shutting down")),
        Err(_) => Err(ApiError::busy(timeout)),
    }
}

/// Reads the request in whichever of the three forms it comes.
async fn read_upload(st: &Server, req: Request, params: Params) -> Result<Upload, ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let (parts, body) = req.into_parts();
    let bytes = read_body(&parts.headers, body, st.max_size.saturating_add(ENVELOPE), st.max_size).await?;
    let mut name = params.name;
    let mut date = params.date;
    let content = if content_type.starts_with("application/json") {
        let r: TextRequest = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::bad_request(format!("the body is not the JSON expected, {{\"text\": \"…\", \"date\"?: \"YYYY-MM-DD\"}}: {e}")))?;
        name = r.name.or(name);
        date = r.date.or(date);
        Content::Text(r.text)
    } else if content_type.starts_with("multipart/form-data") {
        let (content, n, d) = read_multipart(Request::from_parts(parts, Body::from(bytes)), st.max_size).await?;
        name = n.or(name);
        date = d.or(date);
        content
    } else {
        Content::File(bytes)
    };
    let size = match &content {
        Content::Text(t) => t.len(),
        Content::File(b) => b.len(),
    };
    if size as u64 > st.max_size {
        return Err(ApiError::too_large(st.max_size));
    }
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(Date::parse_iso(d).ok_or_else(|| ApiError::bad_request(format!("date {d:?}: not a date (YYYY-MM-DD)")))?),
    };
    let default_name = if matches!(content, Content::Text(_)) { "粘贴的文本" } else { "upload" };
    Ok(Upload { name: clean_name(name.as_deref().unwrap_or(default_name)), content, date })
}

/// The body, refused past `limit` bytes with 413 (naming `max_size`, the user's limit).
/// A body over the limit is still read to its end (and dropped), up to [`DRAIN_CAP`]
/// bytes: a browser that is cut off while it uploads reports a network error instead of
/// the answer.
async fn read_body(headers: &HeaderMap, mut body: Body, limit: u64, max_size: u64) -> Result<Bytes, ApiError> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit) {
        if declared.is_some_and(|len| len <= DRAIN_CAP) {
            drain(body).await;
        }
        return Err(ApiError::too_large(max_size));
    }
    let mut buf = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::bad_request(format!("cannot read the request body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            if (buf.len() + data.len()) as u64 > limit {
                drop(buf);
                drain(body).await;
                return Err(ApiError::too_large(max_size));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buf))
}

/// Reads and drops the rest of a body, up to [`DRAIN_CAP`] bytes.
async fn drain(mut body: Body) {
    let mut seen = 0u64;
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            seen += data.len() as u64;
            if seen > DRAIN_CAP {
                return;
            }
        }
    }
}

/// The multipart form: a `file` part (its file name names the source) or a `text` part,
/// and optional `date` and `name` parts.
async fn read_multipart(req: Request, max_size: u64) -> Result<(Content, Option<String>, Option<String>), ApiError> {
    let mp_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(max_size)
        } else {
            ApiError::bad_request(format!("bad multipart form: {}", e.body_text()))
        }
    };
    let mut form = Multipart::from_request(req, &()).await.map_err(|e| ApiError::bad_request(format!("bad multipart form: {}", e.body_text())))?;
    let (mut content, mut name, mut date) = (None, None, None);
    while let Some(field) = form.next_field().await.map_err(mp_error)? {
        match field.name().unwrap_or("") {
            "file" => {
                let file_name = field.file_name().map(str::to_string);
                content = Some(Content::File(field.bytes().await.map_err(mp_error)?));
                name = name.or(file_name);
            }
            "text" => content = Some(Content::Text(field.text().await.map_err(mp_error)?)),
            "date" => date = Some(field.text().await.map_err(mp_error)?),
            "name" => name = Some(field.text().await.map_err(mp_error)?),
            _ => {}
        }
    }
    let content = content.ok_or_else(|| ApiError::bad_request("the form has neither a \"file\" nor a \"text\" field"))?;
    Ok((content, name, date))
}

/// The source name of an upload: its last path component (a browser may send
/// `C:\fakepath\a.docx`), without control characters, at most [`MAX_NAME_CHARS`] chars.
/// It only labels the output and picks the reader by extension: no file is opened.
fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).find(|s| !s.trim().is_empty()).unwrap_or("upload");
    let name: String = last.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    if name.trim().is_empty() {
        "upload".to_string()
    } else {
        name
    }
}

/// Decodes and analyses one upload (on a blocking thread) and makes the answer.
fn run_analysis(st: &Server, upload: Upload, output: Output) -> Result<Response, ApiError> {
    let unreadable = |e: input::InputError| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable", e.to_string());
    let doc: Document = match upload.content {
        Content::Text(t) => input::decode_bytes_limited(&upload.name, t.as_bytes(), st.max_size).map_err(unreadable)?,
        Content::File(bytes) => {
            let path = Path::new(&upload.name);
            if let Some(problem) = input::unsupported_format(path) {
                return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported", format!("{}: {problem}", upload.name)));
            }
            let permit = st.loader.permit_for(bytes.len(), None);
            // A .docx may expand to at most --max-size bytes of text, as on the command line.
            let doc = input::decode_file_limited(path, &bytes, st.max_size).map_err(unreadable)?;
            drop(permit);
            doc
        }
    };
    let analyzer = st.analyzer_for(upload.date)?;
    // Large inputs take turns, as in a batch (see `cli::load`).
    let _large = st.loader.permit_for(doc.text.len(), None);
    let a = analyzer.analyze(&doc);
    let stem = Path::new(&doc.source).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ledger".to_string());
    Ok(match output {
        Output::Analysis => {
            let text = CharText::new(&doc.text);
            let found = diagnostics::locate(&a, &text);
            let findings: Vec<serde_json::Value> = found
                .iter()
                .map(|l| {
                    json!({
                        "code": l.finding.code,
                        "severity": l.finding.severity,
                        "message": l.finding.message,
                        "suggestion": l.finding.suggestion,
                        "span": {"start": l.finding.span.start, "end": l.finding.span.end},
                        "line": l.line,
                        "column": l.column,
                        "column_code_points": l.column_code_points,
                        "matched": l.matched,
                        "item": l.finding.item,
                    })
                })
                .collect();
            let body = json!({
                "source": doc.source,
                "encoding": doc.encoding,
                "text": doc.text,
                "analysis": a,
                "findings": findings,
            });
            json_response(StatusCode::OK, serde_json::to_vec(&body).map_err(|e| ApiError::internal(e.to_string()))?)
        }
        Output::Csv { responsibilities } => {
            let csv = if responsibilities {
                report::csv_string(&report::responsibility_header(false), &report::responsibility_rows(&a, false), true)
            } else {
                report::csv_string(&report::csv_header(false), &report::csv_rows(&a, false), true)
            };
            let suffix = if responsibilities { "-责任清单" } else { "" };
            download("text/csv; charset=utf-8", &format!("{stem}{suffix}.csv"), csv.into_bytes())
        }
        Output::Json => download("application/json; charset=utf-8", &format!("{stem}.json"), (report::json(&a) + "\n").into_bytes()),
        Output::Xlsx => {
            let ledger = report::tasks::DocLedger::of(&a, &CharText::new(&doc.text));
            let opts = report::xlsx::WorkbookOptions { group_by_owner: false, due: None };
            let book =
                report::xlsx::workbook(std::slice::from_ref(&ledger), &opts).map_err(|e| ApiError::internal(format!("cannot write the workbook: {e}")))?;
            download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &format!("{stem}.xlsx"), book)
        }
    })
}

/// A file to save: the body with `Content-Disposition: attachment` (the name as RFC 6266
/// and RFC 5987 write a UTF-8 name, with an ASCII fallback).
fn download(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    let ascii: String = file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String =
        file_name.bytes().map(|b| if b.is_ascii_alphanumeric() || b".-_~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (StatusCode::OK, headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_labels_only() {
        assert_eq!(clean_name("C:\\fakepath\\整改方案.docx"), "整改方案.docx");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\nb.txt"), "ab.txt");
        assert_eq!(clean_name("///"), "upload");
        assert_eq!(clean_name(&"长".repeat(500)).chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn loopback_servers_answer_only_their_own_names() {
        let hosts = allowed_hosts("127.0.0.1:8765".parse().unwrap(), false);
        assert!(hosts.contains(&"localhost:8765".to_string()));
        assert!(!hosts.contains(&"evil.example:8765".to_string()));
        assert!(allowed_hosts("0.0.0.0:8765".parse().unwrap(), true).is_empty());
    }

    #[test]
    fn download_names_survive_in_headers() {
        let r = download("text/csv; charset=utf-8", "整改 方案.csv", Vec::new());
        let v = r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_string();
        assert!(v.contains("filename*=UTF-8''%E6%95%B4"), "{v}");
        assert!(v.contains("filename=\"_____.csv\""), "{v}");
    }
}
