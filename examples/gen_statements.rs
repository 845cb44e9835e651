//! Writes made-up statement texts for the benchmark scripts (the same generator as
//! `benches/analyze.rs`).
//!
//! ```text
//! gen_statements BYTES [SEED]                    one statement of about BYTES bytes to stdout
//! gen_statements BYTES SEED DIR TOTAL_BYTES      files of about BYTES each in DIR, TOTAL_BYTES in all
//! ```

#[path = "../benches/support/textgen.rs"]
mod textgen;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: u64| args.get(i).map(|a| a.parse::<u64>().expect("a number")).unwrap_or(default);
    let bytes = num(0, 10_000) as usize;
    let seed = num(1, 1);
    match args.get(2) {
        None => {
            let text = textgen::statement(seed, bytes);
            std::io::stdout().write_all(text.as_bytes()).expect("write stdout");
        }
        Some(dir) => {
            let total = num(3, 50_000_000) as usize;
            std::fs::create_dir_all(dir).expect("create the output folder");
            for (i, doc) in textgen::corpus(seed, bytes, total).iter().enumerate() {
                std::fs::write(format!("{dir}/statement_{i:05}.txt"), doc).expect("write a statement");
            }
        }
    }
}
