//! Throughput of the whole analysis against bare jieba-rs `cut` on the same generated text,
//! measured in one run, with their ratio (issue #7 target: analysis ≥ 0.40 of bare cut).
//!
//! ```text
//! cargo bench --bench analyze                  # 2 MB of 10 KB statements, 3 rounds
//! cargo bench --bench analyze -- --python      # also time Python jieba's cut (pip install jieba)
//! cargo bench --bench analyze -- --mb 8 --rounds 5 --each 20000
//! ```
//!
//! Each round times the analysis of every statement, then jieba's `cut` (HMM on, as the
//! analyzer uses it) of every statement; the best round of each is reported.

#[path = "support/textgen.rs"]
mod textgen;

use std::time::{Duration, Instant};
use taizhang::analyzer::{Analyzer, Config};

struct Options {
    mb: f64,
    each: usize,
    rounds: usize,
    python: bool,
}

fn options() -> Options {
    let mut o = Options { mb: 2.0, each: 10_000, rounds: 3, python: false };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--mb" => o.mb = value(i).parse().expect("--mb takes a number"),
            "--each" => o.each = value(i).parse().expect("--each takes a number"),
            "--rounds" => o.rounds = value(i).parse().expect("--rounds takes a number"),
            "--python" => {
                o.python = true;
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

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn best_of(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Times Python jieba's `cut` on the same statements (written to a temporary file, one
/// statement per record, separated by a form feed); `None` when Python or jieba is missing.
fn python_jieba(docs: &[String], rounds: usize) -> Option<f64> {
    let dir = std::env::temp_dir().join(format!("taizhang-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("corpus.txt");
    std::fs::write(&path, docs.join("\u{c}")).ok()?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench_python_jieba.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .arg(rounds.to_string())
        .output()
        .ok();
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
    let docs = textgen::corpus(7, o.each, (o.mb * 1e6) as usize);
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let chars: usize = docs.iter().map(|d| d.chars().count()).sum();
    println!(
        "text: {} generated statements, {:.2} MB ({} chars), best of {} rounds",
        docs.len(),
        bytes as f64 / 1e6,
        chars,
        o.rounds
    );

    let t = Instant::now();
    let analyzer = Analyzer::new(Config::default()).expect("load dictionaries");
    println!("dictionary load:       {:8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let jieba = analyzer.segmenter().jieba();

    // Warm up both (page in the dictionaries, build lazy patterns).
    let items: usize = docs.iter().take(3).map(|d| analyzer.analyze_text("bench", d).items.len()).sum();
    let words: usize = docs.iter().take(3).map(|d| jieba.cut(d, true).len()).sum();
    std::hint::black_box((items, words));

    let analysis = best_of(o.rounds, || {
        for d in &docs {
            std::hint::black_box(analyzer.analyze_text("bench", d));
        }
    });
    let cut = best_of(o.rounds, || {
        for d in &docs {
            std::hint::black_box(jieba.cut(d, true));
        }
    });
    let a = mb_per_s(bytes, analysis);
    let c = mb_per_s(bytes, cut);
    println!("full analysis:         {a:8.2} MB/s");
    println!("bare jieba-rs cut:     {c:8.2} MB/s");
    println!("ratio analysis / cut:  {:8.3}   (target ≥ 0.40)", a / c);
    if o.python {
        match python_jieba(&docs, o.rounds) {
            Some(p) => {
                println!("python jieba cut:      {p:8.2} MB/s");
                println!("ratio analysis / python jieba: {:6.2}", a / p);
                println!("ratio jieba-rs / python jieba: {:6.2}", c / p);
            }
            None => println!("python jieba cut:      unavailable (pip install jieba)"),
        }
    }
}
