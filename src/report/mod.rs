//! Every output format, as pure functions of an analysis (and its text, for snippets):
//! the ledger formats of `extract` ([`ledger`]: JSON, JSON Lines, Markdown, CSV, text tree),
//! the office ledger ([`tasks`]: one row per task) written as an Excel workbook ([`xlsx`])
//! and grouped by owner ([`group`]), due-date views ([`due`]), and the diagnostics of
//! `check` ([`diagnostics`]: human, line, JSON, SARIF).

pub mod diagnostics;
pub mod due;
pub mod group;
pub mod ledger;
pub mod tasks;
pub mod xlsx;

pub use ledger::*;
