//! `taizhang serve`: a review page in the user's own browser, served from this machine.
//!
//! An adapter over the library, like the other commands: it decodes what is posted with
//! [`taizhang::read`], analyses it with the one [`Analyzer`] built at start, and answers
//! with the report functions ([`taizhang::report`]). Nothing is written to disk and no file
//! is read after start but what is uploaded.
//!
//! * [`api`]: the routes, the request forms, the limits and the JSON errors.
//! * `serve/page.html`, `page.css`, `page.js`, `render.js`: the page, embedded in the binary; it fetches
//!   nothing from anywhere but this server (the Content-Security-Policy says so too).

mod api;

use super::EXIT_OK;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use taizhang::analyzer::Config;

/// The port `serve` listens on unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8765;

/// The default `--timeout`, in seconds. A 1 MB text takes about a second.
pub const DEFAULT_TIMEOUT: &str = "60";

/// How long open connections may take to finish once the server is told to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Parses `--timeout`: seconds, decimals allowed (`0.5`), from 1 ms to one day.
///
/// # Errors
/// Not a number, or out of that range.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(0.001..=86_400.0).contains(&secs) {
        return Err("must be between 0.001 and 86400 seconds".to_string());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A duration as a user reads it: `60 s`, `0.5 s`.
pub fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// The long help of `serve`.
pub const HELP: &str = "\
Serves a page on http://127.0.0.1:PORT/ (this machine only; --listen binds elsewhere and
warns): paste a draft or drop a .txt (UTF-8, UTF-16, GBK/GB18030) or .docx file, and every
finding is highlighted on the characters it is about, with the outline, the ledger table,
the completeness summary and CSV/JSON downloads. Every asset is embedded in the binary: the
page works with the network unplugged and sends nothing anywhere but to this server.

API (JSON; char offsets are Unicode code points):
  POST /api/analyze      the text as JSON {\"text\": \"…\", \"date\"?: \"YYYY-MM-DD\", \"name\"?: \"…\"},
                         or a file as multipart/form-data (field \"file\"; \"date\" optional),
                         or a file as the raw body (application/octet-stream) with
                         ?name=FILE.docx&date=YYYY-MM-DD in the query;
                         answers {\"source\", \"encoding\", \"text\", \"analysis\", \"findings\"}
  POST /api/ledger?format=csv|xlsx|json[&table=items|responsibilities]
                         the same inputs; answers the ledger file as `extract` writes it
                         (table= with csv only)
  GET  /api/rules        the rules with their configured levels
  GET  /api/info         the version and the limits (max_size, timeout_seconds, jobs)
Errors are JSON {\"error\": \"…\", \"kind\": \"…\"}: 400 a malformed request, 413 too large, 415 a
format taizhang cannot read (.doc, .pdf…), 422 undecodable or empty, 421 another host name
(a guard against DNS rebinding), 503 the server is busy or an analysis exceeded --timeout,
500 an internal error (a bug; caught, the server goes on).

Limits: --max-size bytes per upload or text; --jobs analyses at once (the rest wait, at most
--timeout seconds); inputs over 8 MiB are analysed one at a time. --date sets the default
reference date; a request's \"date\" overrides it for that request.

Exit codes: 0 stopped with Ctrl+C; 2 the address cannot be used or the setup failed.";

/// Settings of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen.
    pub addr: SocketAddr,
    /// True when the address was given with `--listen` (not the loopback default).
    pub explicit_listen: bool,
    /// Open the page in the default browser once listening.
    pub open: bool,
    /// How long one analysis (and each wait for a turn) may take.
    pub timeout: Duration,
    /// Analyses at once.
    pub jobs: usize,
    /// The largest upload or text, in bytes.
    pub max_size: u64,
    /// No notes on stderr (warnings and errors are still written).
    pub quiet: bool,
}

/// Runs the server until Ctrl+C (or SIGTERM); returns the exit code.
///
/// # Errors
/// The analyzer cannot be built, the runtime cannot start, or the address cannot be bound.
pub fn serve(cfg: Config, opts: &ServeOptions) -> Result<u8, String> {
    let analyzer = super::analyzer_from(cfg.clone())?;
    // A server segments many texts: the whole dictionary is loaded before the first request,
    // so no request waits for it.
    analyzer.segmenter().jieba();
    let state = Arc::new(api::Server::new(cfg, analyzer, opts));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Analyses run on blocking threads, at most `jobs` at once (plus ones that ran past
        // the time limit and are finishing).
        .max_blocking_threads(opts.jobs + 2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let result = runtime.block_on(run(state, opts));
    // An analysis still running past its time limit is not waited for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

async fn run(state: Arc<api::Server>, opts: &ServeOptions) -> Result<u8, String> {
    let listener = tokio::net::TcpListener::bind(opts.addr).await.map_err(|e| bind_error(opts.addr, &e))?;
    let local = listener.local_addr().map_err(|e| format!("cannot read the address listened on: {e}"))?;
    let url = page_url(local);
    if !local.ip().is_loopback() {
        eprintln!(
            "taizhang: warning: listening on {local}, not only on this machine: anyone who can reach it can send texts \
             to be analysed and read the results; use it only on a network you trust"
        );
    }
    // The first line of stdout is the page's address (tests and scripts read it).
    println!("taizhang serve: {url}");
    if !opts.quiet {
        eprintln!("taizhang: serving the review page; press Ctrl+C to stop");
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(url.clone());
    }
    let app = api::router(state, local, opts.explicit_listen);
    // On Ctrl+C or SIGTERM: no new connections, open ones finish their request; after
    // SHUTDOWN_GRACE the server stops whatever is still open (a stalled upload).
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    let mut graceful = stopping.clone();
    let mut deadline = stopping;
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = graceful.wait_for(|s| *s).await;
    });
    tokio::select! {
        result = std::future::IntoFuture::into_future(server) => result.map_err(|e| format!("the server stopped: {e}"))?,
        () = async move {
            let _ = deadline.wait_for(|s| *s).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            eprintln!("taizhang: connections still open {} after Ctrl+C; stopping", seconds(SHUTDOWN_GRACE));
        }
    }
    if !opts.quiet {
        eprintln!("taizhang: stopped");
    }
    Ok(EXIT_OK)
}

/// Opens the page in the default browser (`opener`: xdg-open, open, start); a failure is a
/// note. xdg-open is not waited for (it may wait for the browser), so where it cannot
/// succeed — no graphical session — it is not tried.
fn open_browser(url: String) {
    if !desktop_session() {
        eprintln!("taizhang: note: cannot open a browser here (no graphical session: DISPLAY, WAYLAND_DISPLAY and BROWSER are unset); open {url} yourself");
        return;
    }
    std::thread::spawn(move || {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("taizhang: note: could not open a browser ({e}); open {url} yourself");
        }
    });
}

/// False on a Linux or BSD machine without a display or a `$BROWSER` (a server, a
/// container): there xdg-open has nothing to open the page with. WSL opens the Windows
/// browser.
fn desktop_session() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "WSL_DISTRO_NAME"].iter().any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// The page's address: a wildcard address (`0.0.0.0`, `::`) is reached on loopback.
fn page_url(local: SocketAddr) -> String {
    let shown = if local.ip().is_unspecified() {
        let ip: std::net::IpAddr = if local.is_ipv4() { std::net::Ipv4Addr::LOCALHOST.into() } else { std::net::Ipv6Addr::LOCALHOST.into() };
        SocketAddr::new(ip, local.port())
    } else {
        local
    };
    format!("http://{shown}/")
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("cannot listen on {addr}: the port is in use (another taizhang serve?); choose another with --port N, or --port 0 for any free port")
        }
        std::io::ErrorKind::AddrNotAvailable => {
            format!("cannot listen on {addr}: no such address on this machine")
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("cannot listen on {addr}: permission denied (ports below 1024 need privileges)")
        }
        _ => format!("cannot listen on {addr}: {e}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_addresses_are_opened_on_loopback() {
        assert_eq!(page_url("0.0.0.0:8765".parse().unwrap()), "http://127.0.0.1:8765/");
        assert_eq!(page_url("[::]:80".parse().unwrap()), "http://[::1]:80/");
        assert_eq!(page_url("127.0.0.1:1".parse().unwrap()), "http://127.0.0.1:1/");
    }

    #[test]
    fn timeouts_take_decimals_within_bounds() {
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_timeout(DEFAULT_TIMEOUT), Ok(Duration::from_secs(60)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("NaN").is_err());
        assert!(parse_timeout("1e9").is_err());
        assert!(parse_timeout("abc").is_err());
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
