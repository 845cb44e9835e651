//! The ledger: what an analysis hands back — items with their owners, time limits and
//! flags, nested as the outline nests them, plus the responsibility list. Its JSON form is
//! the contract of `../shared/eval/SPEC.md` §1 (extra fields are free).

use crate::deadline::Deadline;
use crate::duty::Responsibility;
use crate::outline::MarkerStyle;
use crate::owner::{Owner, Speaker};
use crate::pledge::Kind;
use crate::rules::{Finding, Severity};
use crate::text::Span;
use serde::Serialize;

/// A flag on an item: a rule's finding about a pledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The rule code (`missing-owner`…).
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// How to fix it.
    pub suggestion: String,
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
    /// The verbatim text (marker included), children included.
    pub text: String,
    /// Char span of `text` in the decoded document.
    pub span: Span,
    /// 1-based line of the item's start.
    pub line: usize,
    /// 1-based column of the item's start, in terminal cells.
    pub column: usize,
    /// The item's heading: its own text up to the first sentence end.
    pub heading: String,
    /// Spans of the item's own text (without its children).
    #[serde(skip)]
    pub own: Vec<Span>,
    /// Index of the outline node it comes from (none for a loose sentence).
    #[serde(skip)]
    pub node: Option<usize>,
    /// Responsible subjects written in the item (or in the lead-in of its list).
    pub owners: Vec<Owner>,
    /// The main time limit.
    pub deadline: Option<Deadline>,
    /// Every time limit found in the item's own text.
    pub deadlines: Vec<Deadline>,
    /// True when the pledge names something checkable (an action, a deliverable, a number).
    pub checkable: bool,
    /// What the rules say about this pledge.
    pub flags: Vec<Flag>,
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
    /// `complete / commitments`, 1.0 for a text without commitments.
    pub completeness: f64,
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
    /// The document's own date, as the text gives it.
    pub doc_date: Option<String>,
    /// The date relative time limits count from (doc_date, else `--date`).
    pub reference_date: Option<String>,
    /// Who 我 is.
    pub speaker: Speaker,
    /// The ledger items, nested.
    pub items: Vec<Item>,
    /// Holder–duty pairs.
    pub responsibilities: Vec<Responsibility>,
    /// Findings about the outline (numbering gaps, count mismatches).
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

impl Analysis {
    /// All items, flattened in text order (parents before children).
    pub fn all_items(&self) -> Vec<&Item> {
        self.items.iter().flat_map(|i| i.walk()).collect()
    }

    /// Every finding: the flags of the items (with their spans) and the outline findings,
    /// ordered by position.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut out: Vec<Finding> = self
            .all_items()
            .into_iter()
            .flat_map(|it| {
                it.flags.iter().map(move |f| Finding {
                    code: f.code.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                    suggestion: f.suggestion.clone(),
                    span: Span::new(it.span.start, it.span.start + it.heading_len()),
                    item: Some(it.id.clone()),
                })
            })
            .chain(self.findings.iter().cloned())
            .collect();
        out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.code.cmp(&b.code)));
        out
    }
}

impl Item {
    /// Length in chars of the marker plus heading, for underlining.
    pub fn heading_len(&self) -> usize {
        let marker = self.marker.as_ref().map(|m| m.chars().count()).unwrap_or(0);
        (marker + self.heading.chars().count()).clamp(1, self.span.len().max(1))
    }
}
