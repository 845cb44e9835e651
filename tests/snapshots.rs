//! CLI snapshot tests (trycmd, as the typos project does): every command of the README (its
//! `console` blocks, run from the repository root) and every `--help` and its examples
//! (`tests/cmd/*.toml`, with their expected `.stdout`/`.stderr` beside them) runs here and
//! its output is compared, so a drift between the documentation and the program fails
//! `cargo test`.
//!
//! After a change of output that is meant, regenerate the expected output with
//! `TRYCMD=overwrite cargo test --release --test snapshots` and read the diff before
//! committing it.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new()
        .register_bin("taizhang", std::path::PathBuf::from(env!("CARGO_BIN_EXE_taizhang")))
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml")
        .case("README.md");
}
