//! The yardstick of `scripts/bench_startup.sh`: a program that only loads jieba-rs's default
//! dictionary (`Jieba::new()`) and cuts a text with the HMM, as a bare jieba user would.
//!
//! ```text
//! jieba_only FILE        prints the number of words
//! ```

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: jieba_only FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("jieba_only: {}: {e}", std::path::Path::new(&path).display());
            std::process::exit(2);
        }
    };
    let jieba = jieba_rs::Jieba::new();
    let words = jieba.cut(&text, true).len();
    println!("{words}");
}
