//! The ledger: what an analysis hands back — items with their owners, time limits and
//! findings, nested as the outline nests them, plus the responsibility list and the findings
//! about the outline. Its JSON form is the contract of `../shared/eval/SPEC.md` §1 (extra
//! fields are free). This is the output model only: no stage state rides on it.

use crate::extract::deadline::{Deadline, DeadlineKind};
use crate::extract::kind::Kind;
use crate::extract::outline::MarkerStyle;
use crate::extract::owner::{Owner, Speaker};
use crate::text::Span;
use arcstr::{ArcStr, Substr};
use serde::Serialize;
use std::borrow::Cow;

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
    /// Parses `info` (or `note`), `warning` (or `warn`) or `error`.
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

/// One problem a rule found: about a pledge (then it is also among its item's `flags`) or
/// about the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's code (`missing-owner`).
    pub code: &'static str,
    /// Its severity (after configuration).
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: Cow<'static, str>,
    /// How to fix it.
    pub suggestion: Cow<'static, str>,
    /// Where: a char span of the document.
    pub span: Span,
    /// The id of the item it is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// One item of the ledger: an enumerated unit, or an un-numbered pledge sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Its number path in the outline (`2`, `2.1`).
    pub id: String,
    /// The enumeration marker as written, or null for an un-numbered pledge.
    pub marker: Option<String>,
    /// The marker's style.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<MarkerStyle>,
    /// Depth in the outline, 0 for top-level items.
    pub level: usize,
    /// Commitment, problem or other.
    pub kind: Kind,
    /// The verbatim text (marker included), children included: a view of the document's
    /// one copy of its text (a parent's text holds its children's, so copies would grow
    /// with the outline's depth). Reads as a `&str`; serialises as a string.
    pub text: Substr,
    /// Char span of `text` in the decoded document.
    pub span: Span,
    /// Char spans of the item's own text: `span` without its children.
    #[serde(skip)]
    pub own: Vec<Span>,
    /// 1-based line of the item's start.
    pub line: usize,
    /// 1-based column of the item's start, in grapheme clusters (what a reader counts as
    /// characters).
    pub column: usize,
    /// The item's heading: its own text up to the first sentence end.
    pub heading: String,
    /// Responsible subjects written in the item (or in the lead-in of its list).
    pub owners: Vec<Owner>,
    /// The main time limit.
    pub deadline: Option<Deadline>,
    /// Every time limit found in the item's own text.
    pub deadlines: Vec<Deadline>,
    /// True when the pledge names something checkable (an action, a deliverable, a number).
    pub checkable: bool,
    /// What the rules say about this pledge.
    pub flags: Vec<Finding>,
    /// Nested items.
    pub children: Vec<Item>,
}

impl Item {
    /// This item and all its descendants, parents first.
    pub fn walk(&self) -> Vec<&Item> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }

    /// Length in chars of the marker plus heading, for underlining.
    pub fn heading_len(&self) -> usize {
        let marker = self.marker.as_ref().map(|m| m.chars().count()).unwrap_or(0);
        (marker + self.heading.chars().count()).clamp(1, self.span.len().max(1))
    }

    /// True when some owner names a unit, role or person (not only 我们, 有关部门…).
    pub fn has_specific_owner(&self) -> bool {
        self.owners.iter().any(|o| !o.is_collective())
    }

    /// True when some time limit is not vague.
    pub fn has_firm_deadline(&self) -> bool {
        self.deadlines.iter().any(|d| d.kind != DeadlineKind::Vague)
    }
}

/// Counts over a document, for summaries.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// All items.
    pub items: usize,
    /// Items of kind commitment.
    pub commitments: usize,
    /// Commitments with a specific owner (not only a collective one).
    pub with_owner: usize,
    /// Commitments with a time limit that is not vague.
    pub with_deadline: usize,
    /// Commitments with both.
    pub complete: usize,
    /// `complete / commitments`; `null` for a text without commitments (nothing to measure).
    pub completeness: Option<f64>,
}

impl Summary {
    /// The counts of a list of items (nested).
    pub fn of(items: &[Item]) -> Summary {
        let all: Vec<&Item> = items.iter().flat_map(|i| i.walk()).collect();
        let commitments: Vec<&&Item> = all.iter().filter(|i| i.kind == Kind::Commitment).collect();
        let with_owner = commitments.iter().filter(|i| i.has_specific_owner()).count();
        let with_deadline = commitments.iter().filter(|i| i.has_firm_deadline()).count();
        let complete = commitments.iter().filter(|i| i.has_specific_owner() && i.has_firm_deadline()).count();
        Summary {
            items: all.len(),
            commitments: commitments.len(),
            with_owner,
            with_deadline,
            complete,
            completeness: (!commitments.is_empty()).then(|| complete as f64 / commitments.len() as f64),
        }
    }
}

/// One holder–duty pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Responsibility {
    /// Who holds it (as written).
    pub owner: String,
    /// Who 我/他 stands for, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// The duty or role (主体责任, 组长, 牵头单位).
    pub duty: String,
    /// Char span of the duty in the document.
    pub span: Span,
}

/// The analysis of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Where the text came from.
    pub source: String,
    /// The encoding it was decoded from.
    pub encoding: String,
    /// Length of the decoded text in chars.
    pub chars: usize,
    /// The document's own date, as the text gives it (ISO 8601).
    pub doc_date: Option<String>,
    /// The date relative time limits count from (doc_date, else `--date`; ISO 8601).
    pub reference_date: Option<String>,
    /// Who 我 is.
    pub speaker: Speaker,
    /// The ledger items, nested.
    pub items: Vec<Item>,
    /// Holder–duty pairs.
    pub responsibilities: Vec<Responsibility>,
    /// Findings about the outline (numbering gaps, count mismatches).
    pub findings: Vec<Finding>,
    /// The decoded text the spans point into (char offsets), shared with the items' texts;
    /// not serialised.
    #[serde(skip)]
    pub text: ArcStr,
    /// Counts.
    pub summary: Summary,
}

impl Analysis {
    /// All items, flattened in text order (parents before children).
    pub fn all_items(&self) -> Vec<&Item> {
        self.items.iter().flat_map(|i| i.walk()).collect()
    }

    /// Every finding: the flags of the items and the outline findings, ordered by position.
    pub fn all_findings(&self) -> Vec<&Finding> {
        let mut out: Vec<&Finding> = self.all_items().into_iter().flat_map(|it| it.flags.iter()).chain(self.findings.iter()).collect();
        out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.code.cmp(b.code)));
        out
    }
}
