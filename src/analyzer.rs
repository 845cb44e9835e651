//! The pipeline: segment → outline → kinds → owners → time limits → responsibilities →
//! rules. Build an [`Analyzer`] once (it loads the dictionaries) and analyse many texts.

use crate::deadline::{self, Date};
use crate::duty::{self, Responsibility};
use crate::read::Document;
use crate::ledger::{Analysis, Flag, Item, Summary};
use crate::lexicon::Lexicons;
use crate::outline::{self, Outline};
use crate::owner::{Owner, OwnerFinder, Speaker};
use crate::pledge::{self, Evidence, Genre, Kind};
use crate::rules::{self, Rule, Severity};
use crate::segment::{Segmenter, Token};
use crate::text::{CharText, Span};
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

/// Analyses statements; holds the segmenter, lexicons and rules.
pub struct Analyzer {
    segmenter: Segmenter,
    lexicons: Lexicons,
    rules: Vec<Box<dyn Rule>>,
    config: Config,
}

impl Analyzer {
    /// Loads the dictionaries and lexicons.
    pub fn new(config: Config) -> Result<Self, String> {
        let dicts: Vec<&std::path::Path> = config.user_dicts.iter().map(|p| p.as_path()).collect();
        let segmenter = Segmenter::new(&dicts)?;
        let mut lexicons = Lexicons::builtin();
        for (name, path) in &config.lexicon_files {
            lexicons.extend_from_file(name, path)?;
        }
        Ok(Analyzer { segmenter, lexicons, rules: rules::all_rules(), config })
    }

    /// The segmenter (for `taizhang segment`).
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The lexicons in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// The rules in use.
    pub fn rules(&self) -> &[Box<dyn Rule>] {
        &self.rules
    }

    /// Analyses a decoded document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let mut a = self.analyze_text(&doc.source, &doc.text);
        a.encoding = doc.encoding.clone();
        a
    }

    /// Analyses a text.
    pub fn analyze_text(&self, source: &str, text: &str) -> Analysis {
        let text = CharText::new(text);
        let tokens = self.segmenter.tag_document(&text);
        let outline = outline::parse(&text);
        let speaker = Speaker::find(text.as_str());
        let doc_date = deadline::document_date(&text);
        let reference = doc_date.or(self.config.reference_date);
        let genre = self.genre(&text, &outline, &tokens);
        let finder = OwnerFinder::new(&self.lexicons, &text, &tokens, &speaker);
        let build = Builder { lx: &self.lexicons, text: &text, tokens: &tokens, outline: &outline, finder: &finder, genre, reference };

        // Enumerated items (top level), and loose pledge sentences, in text order.
        let mut items: Vec<Item> = outline.roots.iter().map(|&r| build.node_item(r, false)).collect();
        let mut prev: Option<(Span, Option<Evidence>)> = None;
        for &sent in &outline.loose_sentences {
            // What the sentence before it in the same paragraph was: after a pledge that
            // ends in ；the next clause carries the pledge on (我郑重承诺：今年内完成…；年底前
            // 为全村老人免费体检); after an account of what was done, a bare task-verb sentence
            // continues the account (…取得明显成效。全年共查办案件356件).
            let context = prev.and_then(|(p, ev)| {
                let same_paragraph = !text.slice(Span::new(p.end, sent.start)).contains('\n');
                match ev {
                    Some(Evidence::Past) if same_paragraph => Some(Evidence::Past),
                    Some(Evidence::Modal | Evidence::Strong | Evidence::Imperative)
                        if same_paragraph && text.slice(p).ends_with(['；', ';']) =>
                    {
                        Some(Evidence::Modal)
                    }
                    _ => None,
                }
            });
            let (item, ev) = build.sentence_item(sent, context);
            prev = Some((sent, Some(ev)));
            items.extend(item);
        }
        items.sort_by_key(|i| i.span.start);
        settle_neutral(&mut items);
        for (n, item) in items.iter_mut().enumerate() {
            number(item, &(n + 1).to_string(), &text);
        }
        for item in items.iter_mut() {
            build.fill(item);
        }
        share_subject_across_semicolons(&mut items, &text);
        let responsibilities = build.responsibilities(&items);

        let ctx = rules::Context { lexicons: &self.lexicons, text: &text, outline: &outline };
        let mut outline_findings = Vec::new();
        let mut flags: HashMap<String, Vec<Flag>> = HashMap::new();
        {
            let flat: Vec<&Item> = items.iter().flat_map(|i| i.walk()).collect();
            for rule in &self.rules {
                let level = match self.config.rule_levels.get(rule.code()) {
                    Some(None) => continue,
                    Some(Some(l)) => *l,
                    None => rule.default_severity(),
                };
                for mut f in rule.check(&ctx, &flat) {
                    f.severity = level;
                    match (&f.item, rule.is_pledge_rule()) {
                        (Some(id), true) => flags.entry(id.clone()).or_default().push(Flag {
                            code: f.code,
                            severity: f.severity,
                            message: f.message,
                            suggestion: f.suggestion,
                        }),
                        _ => outline_findings.push(f),
                    }
                }
            }
        }
        for item in items.iter_mut() {
            attach_flags(item, &mut flags);
        }
        let summary = summarise(&items);
        Analysis {
            source: source.to_string(),
            encoding: "UTF-8".to_string(),
            chars: text.len(),
            doc_date: doc_date.map(|d| d.to_string()),
            reference_date: reference.map(|d| d.to_string()),
            speaker,
            items,
            responsibilities,
            findings: outline_findings,
            summary,
        }
    }

    fn genre(&self, text: &CharText, outline: &Outline, tokens: &[Token]) -> Genre {
        // A report of work done says so in its title or announces itself in its opening.
        let genre_words = self.lexicons.get("report_genre");
        let title = outline.paragraphs.first().map(|&p| text.slice(p)).unwrap_or("");
        let head: String = outline.paragraphs.iter().take(4).map(|&p| text.slice(p)).collect::<Vec<_>>().join("\n");
        let report = genre_words.with_label("title").any(|w| title.contains(w))
            || genre_words.with_label("announce").any(|w| head.contains(w));
        // A news story: many sentences tell what happened.
        let sentences: Vec<Span> = outline.paragraphs.iter().flat_map(|&p| outline::split_sentences(text, p)).collect();
        let past = self.lexicons.get("past_cues");
        let n_past = sentences
            .iter()
            .filter(|&&s| {
                let toks = words_in(tokens, s);
                past.occurs_in(text.slice(s), &toks)
            })
            .count();
        let narrative = sentences.len() >= 4 && n_past * 10 >= sentences.len() * 3;
        Genre { report, narrative }
    }
}

/// The tokens inside a span.
fn tokens_in(tokens: &[Token], span: Span) -> Vec<&Token> {
    let i = tokens.partition_point(|t| t.span.end <= span.start);
    tokens[i..].iter().take_while(|t| t.span.start < span.end).collect()
}

/// The words of the tokens inside a span.
fn words_in(tokens: &[Token], span: Span) -> Vec<&str> {
    tokens_in(tokens, span).into_iter().map(|t| t.word.as_str()).collect()
}

struct Builder<'a> {
    lx: &'a Lexicons,
    text: &'a CharText,
    tokens: &'a [Token],
    outline: &'a Outline,
    finder: &'a OwnerFinder<'a>,
    genre: Genre,
    reference: Option<Date>,
}

/// A kind still to be settled from the siblings (neutral evidence) is kept here.
const UNSETTLED: &str = "?";

impl Builder<'_> {
    fn own_text(&self, own: &[Span]) -> (String, Vec<&Token>) {
        let s: String = own.iter().map(|&sp| self.text.slice(sp)).collect::<Vec<_>>().join("\n");
        let toks: Vec<&Token> = own.iter().flat_map(|&sp| tokens_in(self.tokens, sp)).collect();
        (s, toks)
    }

    fn node_item(&self, idx: usize, future: bool) -> Item {
        let node = &self.outline.nodes[idx];
        let own = self.outline.own_spans(idx);
        let heading_span = self.outline.heading_span(self.text, idx);
        let heading = self.text.slice(heading_span).trim().to_string();
        // The evidence is read without the marker (一是 is no copula).
        let body: Vec<Span> = own
            .iter()
            .map(|&sp| if sp.start == node.span.start { Span::new(node.marker.span.end.min(sp.end), sp.end) } else { sp })
            .collect();
        let (own_text, toks) = self.own_text(&body);
        let ev = pledge::evidence(self.lx, &own_text, &toks, Some(&heading));
        // Under a heading that looks ahead (二、下一步工作要求), a report's items are tasks.
        let genre = if future { Genre { report: false, ..self.genre } } else { self.genre };
        let mut item = self.blank(node.span, own, heading.clone(), Some(idx));
        match pledge::kind_of(ev, genre) {
            Some(k) => item.kind = k,
            None => item.id = UNSETTLED.to_string(),
        }
        let looks_ahead = future || ev == Evidence::Strong;
        item.children = node.children.iter().map(|&c| self.node_item(c, looks_ahead)).collect();
        // A bare section heading over its tasks (二、保障措施) is no task itself.
        let heading_only = own_text.trim().trim_end_matches(['。', '：', ':', '；']).chars().count()
            <= heading.trim_end_matches(['。', '：', ':', '；']).chars().count();
        if ev == Evidence::Background || (heading_only && !item.children.is_empty()) {
            item.kind = Kind::Other;
            if item.id == UNSETTLED {
                item.id.clear();
            }
        }
        item
    }

    /// The item of a sentence outside any list, if it is a pledge; and its evidence.
    /// `context` is what the sentence before it says for it (see `analyze_text`).
    fn sentence_item(&self, span: Span, context: Option<Evidence>) -> (Option<Item>, Evidence) {
        let s = self.text.slice(span);
        let toks = tokens_in(self.tokens, span);
        let mut ev = pledge::evidence(self.lx, s, &toks, None);
        if let Some(c) = context {
            if matches!(ev, Evidence::Neutral | Evidence::Imperative) {
                ev = c;
            }
        }
        (self.pledge_sentence(span, s, &toks, ev), ev)
    }

    fn pledge_sentence(&self, span: Span, s: &str, toks: &[&Token], ev: Evidence) -> Option<Item> {
        let mut ev = ev;
        if ev == Evidence::Neutral {
            // A subject, then a task: 党组书记严格履行第一责任人责任.
            if let Some(end) = self.finder.leading_subject_end(span) {
                if pledge::starts_with_action(self.lx, self.text.slice(Span::new(end, span.end))) {
                    ev = Evidence::Imperative;
                }
            }
        }
        if pledge::kind_of(ev, self.genre) != Some(Kind::Commitment) || pledge::tells_an_event(s) {
            return None;
        }
        // A lead-in that runs into a list ("要做到“四个结合”：") is no item of its own.
        if s.ends_with(['：', ':']) && self.outline.nodes.iter().any(|n| n.intro.is_some_and(|i| i.end >= span.end && i.start <= span.end)) {
            return None;
        }
        // A title (the first line, no sentence end) is a pledge only with 将/要: 县政府2020年将….
        let is_title = self.outline.paragraphs.first().is_some_and(|p| p.start == span.start)
            && !s.contains(['。', '！', '？', '；']);
        if is_title && !toks.iter().any(|t| matches!(t.word.as_str(), "将" | "要" | "拟")) {
            return None;
        }
        let heading = s.to_string();
        let mut item = self.blank(span, vec![span], heading, None);
        item.kind = Kind::Commitment;
        Some(item)
    }

    fn blank(&self, span: Span, own: Vec<Span>, heading: String, node_idx: Option<usize>) -> Item {
        let node = node_idx.map(|i| &self.outline.nodes[i]);
        Item {
            node: node_idx,
            id: String::new(),
            marker: node.map(|n| n.marker.text.clone()),
            style: node.map(|n| n.marker.style),
            level: node.map(|n| n.depth).unwrap_or(0),
            kind: Kind::Other,
            text: self.text.slice(span).to_string(),
            span,
            line: 0,
            column: 0,
            heading,
            own,
            owners: Vec::new(),
            deadline: None,
            deadlines: Vec::new(),
            checkable: false,
            flags: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Owners, time limits and checkability of an item and its children.
    fn fill(&self, item: &mut Item) {
        let mut owners: Vec<Owner> = Vec::new();
        let marker_end = item.node.map(|i| self.outline.nodes[i].marker.span.end).unwrap_or(item.span.start);
        for &sp in &item.own {
            let sp = Span::new(sp.start.max(marker_end).min(sp.end), sp.end);
            for o in self.finder.find(sp) {
                if !owners.iter().any(|x| x.text == o.text) {
                    owners.push(o);
                }
            }
        }
        if let Some(node) = item.node.map(|i| &self.outline.nodes[i]) {
            {
                if let Some(intro) = node.intro {
                    for o in self.finder.find_in_intro(intro) {
                        if !owners.iter().any(|x| x.text == o.text) {
                            owners.push(o);
                        }
                    }
                }
            }
        }
        item.owners = owners;
        if item.kind == Kind::Commitment {
            let mut all = Vec::new();
            for &sp in &item.own {
                all.extend(deadline::find(self.lx, self.text, sp, self.reference));
            }
            // A list's lead-in can give its time limit too (今年将采取三项举措。一是…).
            if all.is_empty() {
                if let Some(intro) = item.node.and_then(|i| self.outline.nodes[i].intro) {
                    all.extend(deadline::find(self.lx, self.text, intro, self.reference));
                }
            }
            item.deadline = deadline::main_deadline(&all).cloned();
            item.deadlines = all;
            let (own_text, toks) = self.own_text(&item.own);
            let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
            item.checkable = pledge::is_checkable(self.lx, &own_text, &words);
        }
        for c in item.children.iter_mut() {
            self.fill(c);
        }
    }

    fn responsibilities(&self, items: &[Item]) -> Vec<Responsibility> {
        let mut out: Vec<Responsibility> = Vec::new();
        let mut covered: Vec<Span> = Vec::new();
        for item in items.iter().flat_map(|i| i.walk()) {
            for &sp in &item.own {
                out.extend(duty::find(self.lx, self.finder, self.text, sp, &item.owners));
                covered.push(sp);
            }
        }
        // Sentences that are no item still state duties (9个主责单位（包括…）).
        for &s in &self.outline.loose_sentences {
            if !covered.iter().any(|c| c.contains(&s)) {
                out.extend(duty::find(self.lx, self.finder, self.text, s, &[]));
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|r| seen.insert((r.owner.clone(), r.duty.clone())));
        out.sort_by_key(|r| r.span.start);
        out
    }
}

/// Clauses joined by ；share their subject: in "X党组要靶向发力；要坚持效果导向；…" each
/// pledge sentence after the first inherits X when it names no owner of its own.
fn share_subject_across_semicolons(items: &mut [Item], text: &CharText) {
    for i in 1..items.len() {
        let (before, after) = items.split_at_mut(i);
        let (prev, cur) = (&before[i - 1], &mut after[0]);
        if prev.marker.is_some() || cur.marker.is_some() || !cur.owners.is_empty() || prev.owners.is_empty() {
            continue;
        }
        let between = text.slice(Span::new(prev.span.end, cur.span.start));
        let joined = prev.text.ends_with(['；', ';']) && between.chars().all(|c| c == ' ' || c == '\u{3000}');
        if joined {
            cur.owners = prev.owners.iter().cloned().map(|mut o| {
                o.inherited = true;
                o
            }).collect();
        }
    }
}

/// Items with neutral evidence take the kind most of their siblings have (a list of tasks
/// stays a list of tasks), else `other`.
fn settle_neutral(items: &mut [Item]) {
    let decided: Vec<Kind> = items.iter().filter(|i| i.id != UNSETTLED).map(|i| i.kind).collect();
    let commitments = decided.iter().filter(|&&k| k == Kind::Commitment).count();
    let majority = if !decided.is_empty() && commitments * 2 >= decided.len() { Kind::Commitment } else { Kind::Other };
    let marked: Vec<bool> = items.iter().map(|i| i.marker.is_some()).collect();
    for (i, item) in items.iter_mut().enumerate() {
        if item.id == UNSETTLED {
            item.kind = if marked[i] { majority } else { Kind::Other };
            item.id.clear();
        }
        settle_neutral(&mut item.children);
    }
}

fn number(item: &mut Item, id: &str, text: &CharText) {
    item.id = id.to_string();
    let (line, column) = text.line_col(item.span.start);
    item.line = line;
    item.column = column;
    for (n, c) in item.children.iter_mut().enumerate() {
        number(c, &format!("{id}.{}", n + 1), text);
    }
}

fn attach_flags(item: &mut Item, flags: &mut HashMap<String, Vec<Flag>>) {
    if let Some(f) = flags.remove(&item.id) {
        item.flags = f;
    }
    for c in item.children.iter_mut() {
        attach_flags(c, flags);
    }
}

fn summarise(items: &[Item]) -> Summary {
    let all: Vec<&Item> = items.iter().flat_map(|i| i.walk()).collect();
    let commitments: Vec<&&Item> = all.iter().filter(|i| i.kind == Kind::Commitment).collect();
    let owned = |i: &Item| i.owners.iter().any(|o| !o.is_collective());
    let timed = |i: &Item| i.deadlines.iter().any(|d| d.kind != deadline::DeadlineKind::Vague);
    let with_owner = commitments.iter().filter(|i| owned(i)).count();
    let with_deadline = commitments.iter().filter(|i| timed(i)).count();
    let complete = commitments.iter().filter(|i| owned(i) && timed(i)).count();
    Summary {
        items: all.len(),
        commitments: commitments.len(),
        with_owner,
        with_deadline,
        complete,
        completeness: if commitments.is_empty() { 1.0 } else { complete as f64 / commitments.len() as f64 },
    }
}
