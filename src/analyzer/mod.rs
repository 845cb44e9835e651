//! The pipeline. Build an [`Analyzer`] once (it loads the dictionaries and lexicons) and
//! analyse many texts; each text runs through these steps, in this order:
//!
//! 1. [`Doc::new`]: segment (jieba) and split into paragraphs, sentences and clauses;
//! 2. [`outline::parse`]: the enumeration markers and lists;
//! 3. `items`: the ledger's items — the outline's nodes and the loose pledge sentences —
//!    with their kind ([`kind`]), owners ([`owner`]), time limits ([`deadline`]) and whether
//!    they are checkable;
//! 4. [`responsibility::find`]: the 责任清单, from the owners already found;
//! 5. the [`RuleSet`]: findings, which become the flags of the items they are about.

mod items;

use crate::date::Date;
use crate::doc::Doc;
use crate::error::Error;
use crate::extract::deadline;
use crate::extract::kind;
use crate::extract::outline::{self, Outline};
use crate::extract::owner::{self, Speaker};
use crate::extract::responsibility::{self, DutyPatterns};
use crate::extract::segment::Segmenter;
use crate::ledger::{Analysis, Finding, Item, Severity, Summary};
use crate::lexicon::Lexicons;
use crate::read::Document;
use crate::rules::{self, Rule, RuleSet};
use arcstr::ArcStr;
use std::collections::HashMap;
use std::path::PathBuf;

/// Settings of an analyzer.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Extra jieba dictionaries (`--dict`).
    pub user_dicts: Vec<PathBuf>,
    /// Extra lexicon files: (lexicon name, file).
    pub lexicon_files: Vec<(String, PathBuf)>,
    /// The date relative limits count from when the text gives none (`--date`).
    pub reference_date: Option<Date>,
    /// Per-rule severity; `None` turns a rule off.
    pub rule_levels: HashMap<String, Option<Severity>>,
}

/// Analyses statements; holds the segmenter, the lexicons and the rules.
pub struct Analyzer {
    segmenter: Segmenter,
    lexicons: Lexicons,
    duty_patterns: DutyPatterns,
    rules: RuleSet,
    reference_date: Option<Date>,
}

impl Analyzer {
    /// Loads the dictionaries and lexicons.
    ///
    /// # Errors
    /// [`Error::Dictionary`] for a user dictionary that cannot be read, [`Error::Lexicon`] for
    /// a lexicon file that cannot be read or has a bad line.
    pub fn new(config: Config) -> Result<Self, Error> {
        let dicts: Vec<&std::path::Path> = config.user_dicts.iter().map(|p| p.as_path()).collect();
        let segmenter = Segmenter::new(&dicts)?;
        let mut lexicons = Lexicons::builtin();
        for (name, path) in &config.lexicon_files {
            lexicons.extend_from_file(name, path)?;
        }
        let duty_patterns = DutyPatterns::new(&lexicons);
        Ok(Analyzer { segmenter, lexicons, duty_patterns, rules: RuleSet::new(config.rule_levels), reference_date: config.reference_date })
    }

    /// The segmenter (for `taizhang segment`).
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The rules in use, with their configured levels.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Analyses a decoded document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let mut a = self.analyze_text(&doc.source, &doc.text);
        a.encoding = doc.encoding.clone();
        a
    }

    /// [`Analyzer::analyze`], taking the document: its text is not kept twice while it is
    /// analysed (the analysis's [`Analysis::text`] holds it after).
    pub fn analyze_owned(&self, doc: Document) -> Analysis {
        let Document { source, encoding, text } = doc;
        let text = ArcStr::from(text);
        let mut a = self.analyze_shared(&source, text);
        a.encoding = encoding;
        a
    }

    /// Analyses a text; `source` names it in the output.
    pub fn analyze_text(&self, source: &str, text: &str) -> Analysis {
        self.analyze_shared(source, ArcStr::from(text))
    }

    fn analyze_shared(&self, source: &str, text: ArcStr) -> Analysis {
        let doc = Doc::of_shared(text, &self.segmenter);
        let (mut items, responsibilities, outline, doc_date, reference, speaker) = self.ledger(&doc);
        let ctx = rules::Context { lexicons: &self.lexicons, doc: &doc, outline: &outline, pledging: Default::default() };
        let (pledge_findings, outline_findings) = {
            let flat: Vec<&Item> = items.iter().flat_map(|i| i.walk()).collect();
            self.rules.check(&ctx, &flat)
        };
        attach(&mut items, pledge_findings);
        Analysis {
            source: source.to_string(),
            encoding: "UTF-8".to_string(),
            chars: doc.text.len(),
            doc_date: doc_date.map(|d| d.to_string()),
            reference_date: reference.map(|d| d.to_string()),
            speaker,
            summary: Summary::of(&items),
            items,
            responsibilities,
            findings: outline_findings,
            text: doc.text.share(),
        }
    }

    /// Steps 2–4: the items and the responsibilities of a document.
    #[allow(clippy::type_complexity)]
    fn ledger(&self, doc: &Doc) -> (Vec<Item>, Vec<responsibility::Responsibility>, Outline, Option<Date>, Option<Date>, Speaker) {
        let lx = &self.lexicons;
        let outline = outline::parse(doc, &|line| is_label_line(lx, line));
        let speaker = Speaker::find(doc.text.as_str());
        let doc_date = deadline::document_date(&doc.text);
        let reference = doc_date.or(self.reference_date);
        let genre = kind::genre(lx, doc);
        let finder = owner::OwnerFinder::new(lx, doc, &speaker);
        // A title that names its year (2024年重点工作任务分解方案) dates the yearless limits.
        let title_year =
            doc.paragraphs.first().filter(|_| doc.paragraphs.len() > 1).map(|&p| doc.slice(p)).filter(|t| kind::is_title_line(t)).and_then(items::written_year);
        // A text that opens with running prose (a news report: 近日，市委…就做好2012年度…工作
        //发出通知) has no title; when it has no date of its own either, the one year its
        // opening paragraph speaks of dates its yearless limits.
        let lead_year = || doc.paragraphs.first().map(|&p| doc.slice(p)).filter(|t| !kind::is_title_line(t)).and_then(items::sole_year);
        let year = title_year.or_else(|| if doc_date.is_none() { lead_year() } else { None });
        let timeframe = deadline::Timeframe { reference, reference_is_document_date: doc_date.is_some(), year };
        let items = items::build(&items::Stages { lx, doc, outline: &outline, finder: &finder, genre, timeframe });
        let responsibilities = responsibility::find_all(lx, &self.duty_patterns, &finder, doc, &outline, &items);
        (items, responsibilities, outline, doc_date, reference, speaker)
    }

    /// The findings of one rule alone over the ledger of `text` (for rule tests).
    pub fn lint_with(&self, rule: &dyn Rule, text: &str) -> Vec<Finding> {
        let doc = Doc::new(text, &self.segmenter);
        let (items, _, outline, ..) = self.ledger(&doc);
        let ctx = rules::Context { lexicons: &self.lexicons, doc: &doc, outline: &outline, pledging: Default::default() };
        let flat: Vec<&Item> = items.iter().flat_map(|i| i.walk()).collect();
        rule.check(&ctx, &flat)
    }
}

/// True for a line that labels an item: an owner label (`owner_labels.txt`) or a time-limit
/// label (`deadlines.txt`, `label`) followed by a colon.
fn is_label_line(lx: &Lexicons, line: &str) -> bool {
    let line = line.trim_start();
    let labelled = |w: &str| line.strip_prefix(w).is_some_and(|r| r.trim_start().starts_with(['：', ':']));
    lx.owner_labels.words().any(labelled) || lx.deadlines.entries().iter().any(|(w, l)| *l == crate::lexicon::labels::TimeWord::Label && labelled(w))
}

/// Gives each item the findings about it (by item id).
fn attach(items: &mut [Item], findings: Vec<Finding>) {
    // Each finding's item by its place in text order; then every item's flags get exactly
    // their number (a large text has tens of thousands: no map of growing lists).
    let slots: Vec<Option<usize>> = {
        let mut order: HashMap<&str, usize> = HashMap::new();
        for (n, i) in items.iter().flat_map(|i| i.walk()).enumerate() {
            order.entry(i.id.as_str()).or_insert(n);
        }
        findings.iter().map(|f| f.item.as_deref().and_then(|id| order.get(id).copied())).collect()
    };
    fn flags_in_order<'a>(items: &'a mut [Item], out: &mut Vec<&'a mut Vec<Finding>>) {
        for item in items {
            let Item { flags, children, .. } = item;
            out.push(flags);
            flags_in_order(children, out);
        }
    }
    let mut flags = Vec::new();
    flags_in_order(items, &mut flags);
    let mut counts = vec![0usize; flags.len()];
    for &n in slots.iter().flatten() {
        counts[n] += 1;
    }
    for (f, &n) in flags.iter_mut().zip(&counts) {
        if n > 0 {
            **f = Vec::with_capacity(n);
        }
    }
    for (finding, slot) in findings.into_iter().zip(slots) {
        if let Some(n) = slot {
            flags[n].push(finding);
        }
    }
}
