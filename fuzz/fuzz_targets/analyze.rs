//! Any UTF-8 text → `analyze_text`: no panic, and the invariants of
//! `tests/support/invariants.rs` hold (spans inside the text, children inside parents,
//! JSON that parses), and a second run gives the same JSON.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use taizhang::analyzer::{Analyzer, Config};

thread_local! {
    static ANALYZER: Analyzer = Analyzer::new(Config::default()).expect("dictionaries load");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    ANALYZER.with(|analyzer| {
        let a = analyzer.analyze_text("fuzz", text);
        if let Err(e) = invariants::check(text, &a) {
            panic!("invariant broken: {e}");
        }
        let again = analyzer.analyze_text("fuzz", text);
        assert_eq!(taizhang::report::json(&a), taizhang::report::json(&again), "not deterministic");
    });
});
