//! Any bytes → the .docx reader and the text decoder: an error or a document, never a panic.
//! A decoded document is analysed too, as `taizhang extract` would.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::analyzer::{Analyzer, Config};
use taizhang::read;

thread_local! {
    static ANALYZER: Analyzer = Analyzer::new(Config::default()).expect("dictionaries load");
}

fuzz_target!(|data: &[u8]| {
    let from_docx = read::read_docx("fuzz.docx", data);
    let decoded = read::decode_bytes("fuzz.txt", data);
    for doc in [from_docx, decoded].into_iter().flatten() {
        assert!(!doc.text.contains('\0'), "a decoded document holds NUL");
        ANALYZER.with(|analyzer| {
            analyzer.analyze(&doc);
        });
    }
    let _ = read::docx::document_text(data);
});
