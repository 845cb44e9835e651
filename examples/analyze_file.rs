//! Analyses one file again and again with the whole dictionary loaded and every lazy pattern
//! built: the steady state of a batch, for profilers.
//!
//! ```text
//! cargo build --profile profiling --example analyze_file
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='analyze_file::measured' \
//!     target/profiling/examples/analyze_file FILE [TIMES]
//! ```

use taizhang::analyzer::{Analyzer, Config};

// The binary's allocator: profiles show what `taizhang` runs.
#[path = "../src/cli/allocator.rs"]
mod allocator;

/// One analysis of `text` (what the profiler counts).
#[inline(never)]
fn measured(analyzer: &Analyzer, text: &str) -> usize {
    analyzer.analyze_text("file", text).items.len()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: analyze_file FILE [TIMES]");
        std::process::exit(2);
    };
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("analyze_file: {path}: {e}");
        std::process::exit(2);
    });
    let analyzer = Analyzer::new(Config::default()).expect("dictionaries load");
    let _ = analyzer.segmenter().jieba();
    // Warm up: build every lazy pattern and automaton.
    let mut items = analyzer.analyze_text("warm-up", &text).items.len();
    for _ in 0..times {
        items += measured(&analyzer, &text);
    }
    println!("{items}");
}
