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

use crate::doc::Doc;
use crate::extract::kind::{self, cues};
use crate::extract::outline::{MarkerStyle, Outline};
use crate::ledger::Item;
pub use crate::ledger::{Finding, Severity};
use crate::lexicon::Lexicons;
use crate::text::{punct, Span};
use std::borrow::Cow;
use std::collections::HashMap;

/// What a rule can look at.
pub struct Context<'a> {
    /// The lexicons.
    pub lexicons: &'a Lexicons,
    /// The document.
    pub doc: &'a Doc,
    /// The outline of the document.
    pub outline: &'a Outline,
    /// Each item's pledging clause, found once for every rule that points at it.
    pub pledging: PledgingClauses,
}

/// The pledging clauses found so far ([`pledging_clause`]), by the item's address: the items
/// stay borrowed, unmoved, while the rules run.
#[derive(Debug, Default)]
pub struct PledgingClauses(std::cell::RefCell<rustc_hash::FxHashMap<usize, Span>>);

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

/// A finding about an item at `span`: the words it is about (an owner, a time limit) or the
/// item's pledging clause ([`pledging_clause`]).
pub(crate) fn item_finding(rule: &dyn Rule, item: &Item, span: Span, message: impl Into<Cow<'static, str>>, suggestion: &'static str) -> Finding {
    Finding {
        code: rule.code(),
        severity: rule.default_severity(),
        message: message.into(),
        suggestion: Cow::Borrowed(suggestion),
        span,
        item: Some(item.id.clone()),
    }
}

/// The clause of an item that pledges: the first clause of its own text with a pledging cue
/// (将, 要, 确保…) or a directive (要求…), else the first that opens with a task verb (加强…),
/// else the first that names one of its owners, else its first clause — without the marker,
/// the white space and the closing punctuation.
/// An item without text of its own gives its marker.
pub(crate) fn pledging_clause(ctx: &Context, item: &Item) -> Span {
    let key = item as *const Item as usize;
    if let Some(&span) = ctx.pledging.0.borrow().get(&key) {
        return span;
    }
    let span = find_pledging_clause(ctx, item);
    ctx.pledging.0.borrow_mut().insert(key, span);
    span
}

fn find_pledging_clause(ctx: &Context, item: &Item) -> Span {
    let doc = ctx.doc;
    let marker_end = item.span.start + item.marker.as_ref().map_or(0, |m| m.chars().count());
    let mut clauses = Vec::new();
    for own in &item.own {
        let i = doc.clauses.partition_point(|c| c.end <= own.start);
        for c in doc.clauses[i..].iter().take_while(|c| c.start < own.end) {
            let mut s = c.start.max(own.start).max(marker_end);
            let mut e = c.end.min(own.end);
            while s < e && doc.text.char(s).is_some_and(|ch| punct::is_space(ch) || punct::is_clause_break(ch) || ch == '、') {
                s += 1;
            }
            while e > s && doc.text.char(e - 1).is_some_and(|ch| punct::is_space(ch) || punct::is_clause_break(ch)) {
                e -= 1;
            }
            if e > s {
                clauses.push(Span::new(s, e));
            }
        }
    }
    let pledges = |c: &&Span| {
        let r = cues::read(ctx.lexicons, doc, **c);
        r.cue.is_some() || r.assigns
    };
    let acts = |c: &&Span| kind::starts_with_action(ctx.lexicons, doc.slice(**c));
    let names_owner = |c: &&Span| item.owners.iter().any(|o| c.contains(&o.span));
    clauses
        .iter()
        .find(pledges)
        .or_else(|| clauses.iter().find(acts))
        .or_else(|| clauses.iter().find(names_owner))
        .or(clauses.first())
        .copied()
        .unwrap_or_else(|| Span::new(item.span.start, marker_end.max(item.span.start + 1).min(item.span.end)))
}

/// One span for a finding about several words (两个泛指的责任主体, 两个模糊时限): from the first
/// to the last of `spans` that lie in the sentence of the first (spans in any order). `None`
/// for no span.
pub(crate) fn cover(ctx: &Context, spans: impl IntoIterator<Item = Span>) -> Option<Span> {
    let mut spans: Vec<Span> = spans.into_iter().collect();
    spans.sort();
    let first = *spans.first()?;
    let sentence = ctx.doc.sentence_of(first.start).unwrap_or(first);
    let end = spans.iter().filter(|s| sentence.contains(s)).map(|s| s.end).max().unwrap_or(first.end);
    Some(Span::new(first.start, end.max(first.end)))
}

/// The rules in use and the severity each is configured to (harper's `LintGroup`): runs them
/// all and gives every finding its configured severity; a rule turned off is not run.
pub struct RuleSet {
    rules: Vec<Box<dyn Rule>>,
    levels: HashMap<String, Option<Severity>>,
}

impl RuleSet {
    /// Every rule, with the levels of `taizhang.toml` (`None` turns a rule off).
    pub fn new(levels: HashMap<String, Option<Severity>>) -> Self {
        RuleSet { rules: all_rules(), levels }
    }

    /// The rules, in documented order.
    pub fn rules(&self) -> &[Box<dyn Rule>] {
        &self.rules
    }

    /// The configured severity of a rule, `None` when it is off.
    pub fn level(&self, rule: &dyn Rule) -> Option<Severity> {
        match self.levels.get(rule.code()) {
            Some(l) => *l,
            None => Some(rule.default_severity()),
        }
    }

    /// Runs every rule that is on over the items (flattened in text order): the findings of
    /// pledge rules, then those of outline rules.
    pub fn check(&self, ctx: &Context, items: &[&Item]) -> (Vec<Finding>, Vec<Finding>) {
        let (mut pledge, mut outline) = (Vec::new(), Vec::new());
        for rule in &self.rules {
            let Some(level) = self.level(rule.as_ref()) else {
                continue;
            };
            let found = rule.check(ctx, items).into_iter().map(|f| Finding { severity: level, ..f });
            if rule.is_pledge_rule() {
                pledge.extend(found);
            } else {
                outline.extend(found);
            }
        }
        (pledge, outline)
    }
}

/// True for an official heading style (一、（一）1.（1））; run-in lists (一是) and sequences
/// (首先) are separate lists, not headings of a level.
pub(crate) fn is_heading_style(s: MarkerStyle) -> bool {
    matches!(s, MarkerStyle::ChineseComma | MarkerStyle::ChineseParen | MarkerStyle::ArabicDot | MarkerStyle::ArabicParen)
}

/// The parent of node `idx` when `idx` goes on with its parent's numbering in another heading
/// style — 一、总体要求 then （二）主要任务: the first heading under 一、 is numbered 二, and no
/// later sibling of 一、 is numbered 二 — so it reads as a sibling written in the wrong style
/// (`mixed-style` says so, and `numbering-gap` does not count it as a gap).
pub(crate) fn continues_parent(outline: &Outline, idx: usize) -> Option<usize> {
    let node = &outline.nodes[idx];
    let p = node.parent?;
    let parent = &outline.nodes[p];
    let (m, pm) = (&node.marker, &parent.marker);
    let first_child = parent.children.first() == Some(&idx);
    let headings = m.at_paragraph_start && pm.at_paragraph_start && is_heading_style(m.style) && is_heading_style(pm.style);
    if !(first_child && headings && m.style != pm.style && m.ordinal == pm.ordinal + 1) {
        return None;
    }
    let siblings = match parent.parent {
        Some(g) => &outline.nodes[g].children,
        None => &outline.roots,
    };
    let taken = siblings.iter().any(|&s| s != p && outline.nodes[s].marker.style == pm.style && outline.nodes[s].marker.ordinal == m.ordinal);
    (!taken).then_some(p)
}

/// The commitments among `items`.
pub(crate) fn commitments<'a>(items: &'a [&'a Item]) -> impl Iterator<Item = &'a Item> + 'a {
    items.iter().copied().filter(|i| i.kind == crate::extract::kind::Kind::Commitment)
}

#[cfg(test)]
pub(crate) mod testing {
    //! One-line helpers for rule tests: they run ONE rule over the ledger of a text.
    use super::Rule;
    use crate::analyzer::{Analyzer, Config};
    use std::sync::OnceLock;

    fn analyzer() -> &'static Analyzer {
        static A: OnceLock<Analyzer> = OnceLock::new();
        A.get_or_init(|| Analyzer::new(Config::default()).expect("analyzer"))
    }

    /// How many commitments the ledger of `text` holds.
    pub fn commitment_count(text: &str) -> usize {
        let a = analyzer().analyze_text("t.txt", text);
        a.items.iter().flat_map(|i| i.walk()).filter(|i| i.kind == crate::extract::kind::Kind::Commitment).count()
    }

    /// How many findings `rule` alone gives on `text`.
    pub fn lint_count(rule: &dyn Rule, text: &str) -> usize {
        analyzer().lint_with(rule, text).len()
    }

    /// Asserts that `rule` alone gives exactly `n` findings on `text`.
    pub fn assert_lint_count(rule: &dyn Rule, text: &str, n: usize) {
        let got = lint_count(rule, text);
        assert_eq!(got, n, "expected {n} `{}` findings, got {got} in: {text}", rule.code());
    }

    /// Asserts that `rule` alone gives findings on exactly these words of `text`, in order:
    /// the text each finding's span covers.
    pub fn assert_lint_matches(rule: &dyn Rule, text: &str, matched: &[&str]) {
        let chars = crate::text::CharText::new(text);
        let got: Vec<String> = analyzer().lint_with(rule, text).iter().map(|f| chars.slice(f.span).to_string()).collect();
        assert_eq!(got, matched, "`{}` findings on: {text}", rule.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::lint_count;

    /// `taizhang rules` and the README show each rule's example: the example must give the
    /// rule's finding, and the fix must not.
    #[test]
    fn every_example_gives_its_rule_and_every_fix_does_not() {
        let mut wrong = Vec::new();
        for rule in all_rules() {
            let (bad, good) = rule.example();
            if lint_count(rule.as_ref(), bad) == 0 {
                wrong.push(format!("{}: its example gives no finding: {bad}", rule.code()));
            }
            if lint_count(rule.as_ref(), good) != 0 {
                wrong.push(format!("{}: its fix still gives a finding: {good}", rule.code()));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The example and the fix of a pledge rule are commitments: a fix that no longer
    /// pledges would pass for the wrong reason.
    #[test]
    fn the_examples_and_fixes_of_pledge_rules_are_commitments() {
        for rule in all_rules().iter().filter(|r| r.is_pledge_rule()) {
            let (bad, good) = rule.example();
            for t in [bad, good] {
                assert!(crate::rules::testing::commitment_count(t) > 0, "{}: no commitment in {t}", rule.code());
            }
        }
    }
}
