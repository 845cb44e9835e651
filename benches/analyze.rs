//! Throughput of the whole analysis against bare jieba-rs `cut` (HMM on, as the analysis
//! uses it) of the same text, timed in the same process, with their ratio (issue #15 target:
//! ≥ 0.15 on the concatenated real texts).
//!
//! ```text
//! cargo bench --bench analyze                   # real texts (concatenated, as files), generated corpus
//! cargo bench --bench analyze -- --linear       # also the real texts repeated to 1, 2, 4, 8, 16 MB
//! cargo bench --bench analyze -- --rounds 9 --mb 4 --python
//! TAIZHANG_EVAL_TEXTS=dir cargo bench --bench analyze
//! ```
//!
//! Corpora, one line each:
//! - the real texts of `../shared/eval/texts` (or `$TAIZHANG_EVAL_TEXTS`), concatenated into
//!   one document, and analysed file by file (skipped when the folder is absent);
//! - the generated statements of `examples/gen_statements.rs` (`--mb` of 10 KB statements).
//!
//! Each round times the analysis of the corpus, then jieba's `cut` of the same corpus, back
//! to back; the figures are medians over the rounds, and the ratio is the median of the
//! per-round ratios. The whole dictionary is loaded before timing (as in a batch), so the
//! analysis and `cut` segment with the same `Jieba`.

#[path = "support/textgen.rs"]
mod textgen;
// The binary's allocator: the analysis is timed as `taizhang` runs it.
#[path = "../src/cli/allocator.rs"]
mod allocator;

use std::path::PathBuf;
use std::time::Instant;
use taizhang::analyzer::{Analyzer, Config};

struct Options {
    mb: f64,
    each: usize,
    rounds: usize,
    python: bool,
    linear: bool,
}

fn options() -> Options {
    let mut o = Options { mb: 2.0, each: 10_000, rounds: 7, python: false, linear: false };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--mb" => o.mb = value(i).parse().expect("--mb takes a number"),
            "--each" => o.each = value(i).parse().expect("--each takes a number"),
            "--rounds" => o.rounds = value(i).parse().expect("--rounds takes a number"),
            flag @ ("--python" | "--linear") => {
                if flag == "--python" {
                    o.python = true;
                } else {
                    o.linear = true;
                }
                i += 1;
                continue;
            }
            // cargo bench passes --bench; anything else is ignored.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The folder of the real texts, if there is one.
fn eval_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TAIZHANG_EVAL_TEXTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/texts")));
    dir.is_dir().then_some(dir)
}

fn real_texts(dir: &std::path::Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect()).unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

/// Times the analysis and `cut` of `docs`, `rounds` times each, back to back, and prints one
/// line: MB/s of each and their ratio.
fn measure(label: &str, analyzer: &Analyzer, docs: &[String], rounds: usize) -> f64 {
    let jieba = analyzer.segmenter().jieba();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let mb = bytes as f64 / 1e6;
    // Warm up both (page in the tables, build lazy patterns).
    for d in docs.iter().take(2) {
        std::hint::black_box(analyzer.analyze_text("bench", d));
        std::hint::black_box(jieba.cut(d, true));
    }
    let (mut a, mut c, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        for d in docs {
            std::hint::black_box(analyzer.analyze_text("bench", d));
        }
        let ta = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for d in docs {
            std::hint::black_box(jieba.cut(d, true));
        }
        let tc = t.elapsed().as_secs_f64();
        a.push(mb / ta);
        c.push(mb / tc);
        r.push(tc / ta);
    }
    let ratio = median(r);
    println!("{label:<44} {mb:7.2} MB  analysis {:7.2} MB/s  cut {:7.2} MB/s  ratio {ratio:6.3}", median(a), median(c));
    ratio
}

/// Times Python jieba's `cut` on the same statements (written to a temporary file, one
/// statement per record, separated by a form feed); `None` when Python or jieba is missing.
fn python_jieba(docs: &[String], rounds: usize) -> Option<f64> {
    let dir = std::env::temp_dir().join(format!("taizhang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("corpus.txt");
    std::fs::write(&path, docs.join("\u{c}")).ok()?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench_python_jieba.py");
    let out = std::process::Command::new("python3").arg(script).arg(&path).arg(rounds.to_string()).output().ok();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out?;
    if !out.status.success() {
        eprintln!("python jieba: {}", String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn main() {
    let o = options();
    let t = Instant::now();
    let analyzer = Analyzer::new(Config::default()).expect("load dictionaries");
    let _ = analyzer.segmenter().jieba();
    println!("dictionary load (whole): {:7.1} ms; medians of {} rounds", t.elapsed().as_secs_f64() * 1e3, o.rounds);

    match eval_dir() {
        Some(dir) => {
            let files = real_texts(&dir);
            let joined = files.join("\n");
            measure(&format!("real texts, concatenated ({} files)", files.len()), &analyzer, std::slice::from_ref(&joined), o.rounds);
            measure("real texts, file by file", &analyzer, &files, o.rounds);
            if o.linear {
                for mb in [1usize, 2, 4, 8, 16] {
                    let copies = (mb * 1_000_000).div_ceil(joined.len() + 1);
                    let big = vec![joined.as_str(); copies].join("\n");
                    measure(&format!("real texts repeated, one document of {mb} MB"), &analyzer, &[big], o.rounds.min(3));
                }
            }
        }
        None => println!("real texts: ../shared/eval/texts is absent (set TAIZHANG_EVAL_TEXTS); skipped"),
    }
    let docs = textgen::corpus(7, o.each, (o.mb * 1e6) as usize);
    measure(&format!("generated, {} statements of ~{} KB", docs.len(), o.each / 1000), &analyzer, &docs, o.rounds);
    if o.python {
        match python_jieba(&docs, o.rounds) {
            Some(p) => println!("python jieba cut of the generated corpus: {p:.2} MB/s"),
            None => println!("python jieba cut: unavailable (pip install jieba)"),
        }
    }
}
