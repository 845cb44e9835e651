//! taizhang (台账): turns Chinese official statements — 表态发言, 整改方案, 工作报告,
//! 承诺书 — into a task ledger of who must do what by when, and flags the pledges nobody
//! could be held to.
//!
//! ```no_run
//! use taizhang::analyzer::{Analyzer, Config};
//! let analyzer = Analyzer::new(Config::default()).unwrap();
//! let a = analyzer.analyze_text("demo", "区纪委要在6月底前完成整改。");
//! assert_eq!(a.items.len(), 1);
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyzer;
pub mod config;
pub mod date;
pub mod doc;
pub mod error;
pub mod extract;
pub mod ledger;
pub mod lexicon;
pub mod read;
pub mod report;
pub mod rules;
pub mod text;
