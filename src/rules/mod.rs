//! Rules: each rule is one small type in its own file that finds problems and describes
//! itself (code, description, default severity), in the manner of harper-core and Vale.
//!
//! Pledge rules look at each commitment and become its `flags`; outline rules look at the
//! numbering of the text. `taizhang check` prints both; `taizhang.toml` can change a rule's
//! severity or turn it off.

mod count_mismatch;
mod empty_pledge;
mod missing_deadline;
mod missing_owner;
mod mixed_style;
mod numbering_gap;
mod numbering_repeat;
mod vague_deadline;
mod vague_owner;

use crate::ledger::Item;
use crate::lexicon::Lexicons;
use crate::outline::Outline;
use crate::text::{CharText, Span};
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Should be fixed before the text is delivered.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// Parses `info`, `warning` or `error`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn name(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem a rule found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's code.
    pub code: String,
    /// Its severity (after configuration).
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// How to fix it.
    pub suggestion: String,
    /// Where: a char span of the document.
    pub span: Span,
    /// The item it is about (its id), if any.
    pub item: Option<String>,
}

/// What a rule can look at.
pub struct Context<'a> {
    /// The lexicons.
    pub lexicons: &'a Lexicons,
    /// The document text.
    pub text: &'a CharText,
    /// The outline of the document.
    pub outline: &'a Outline,
}

/// A rule: finds problems and describes itself.
pub trait Rule: Sync + Send {
    /// Its code, as shown in findings and used in `taizhang.toml` (`missing-owner`).
    fn code(&self) -> &'static str;
    /// One line: what it flags.
    fn description(&self) -> &'static str;
    /// An example that it flags, and how to fix it.
    fn example(&self) -> (&'static str, &'static str);
    /// Its severity unless configured otherwise.
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    /// True for rules about pledges, whose findings become the flags of items.
    fn is_pledge_rule(&self) -> bool {
        true
    }
    /// Finds the problems. `items` are all items, flattened in text order.
    fn check(&self, ctx: &Context, items: &[&Item]) -> Vec<Finding>;
}

/// Every rule, in the order they are documented.
pub fn all_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(missing_owner::MissingOwner),
        Box::new(vague_owner::VagueOwner),
        Box::new(missing_deadline::MissingDeadline),
        Box::new(vague_deadline::VagueDeadline),
        Box::new(empty_pledge::EmptyPledge),
        Box::new(numbering_gap::NumberingGap),
        Box::new(numbering_repeat::NumberingRepeat),
        Box::new(count_mismatch::CountMismatch),
        Box::new(mixed_style::MixedStyle),
    ]
}

/// A finding about an item, underlining its marker and heading.
pub(crate) fn item_finding(rule: &dyn Rule, item: &Item, message: String, suggestion: &str) -> Finding {
    Finding {
        code: rule.code().to_string(),
        severity: rule.default_severity(),
        message,
        suggestion: suggestion.to_string(),
        span: Span::new(item.span.start, item.span.start + item.heading_len()),
        item: Some(item.id.clone()),
    }
}

/// The commitments among `items`.
pub(crate) fn commitments<'a>(items: &'a [&'a Item]) -> impl Iterator<Item = &'a Item> + 'a {
    items.iter().copied().filter(|i| i.kind == crate::pledge::Kind::Commitment)
}

#[cfg(test)]
pub(crate) mod testing {
    //! One-line helpers for rule tests.
    use crate::analyzer::{Analyzer, Config};
    use std::sync::OnceLock;

    fn analyzer() -> &'static Analyzer {
        static A: OnceLock<Analyzer> = OnceLock::new();
        A.get_or_init(|| Analyzer::new(Config::default()).expect("analyzer"))
    }

    /// How many findings with `code` the text gets.
    pub fn lint_count(text: &str, code: &str) -> usize {
        let a = analyzer().analyze_text("test", text);
        a.all_findings().iter().filter(|f| f.code == code).count()
    }

    /// Asserts that the text gets exactly `n` findings with `code`.
    pub fn assert_lint_count(text: &str, code: &str, n: usize) {
        let got = lint_count(text, code);
        assert_eq!(got, n, "expected {n} `{code}` findings, got {got} in: {text}");
    }
}
