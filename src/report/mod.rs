//! Every output format, as pure functions of an analysis (and its text, for snippets):
//! the ledger formats of `extract` ([`ledger`]: JSON, JSON Lines, Markdown, CSV, text tree)
//! and the diagnostics of `check` ([`diagnostics`]: human, line, JSON, SARIF).

pub mod diagnostics;
pub mod ledger;

pub use ledger::*;
