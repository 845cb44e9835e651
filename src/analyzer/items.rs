//! Step 3 of the pipeline: the ledger's items. Each node of the outline becomes an item, and
//! each sentence outside every list that pledges becomes an un-numbered item; then kinds left
//! open are settled from the siblings, items are numbered, and owners, time limits and
//! checkability are filled in.
//!
//! While being built an item is a [`Candidate`]: the output [`Item`] plus the pipeline state
//! that never reaches the output (its outline node, a kind still to settle).

use crate::doc::Doc;
use crate::extract::deadline::{self, Timeframe};
use crate::extract::kind::{self, Evidence, Genre, Kind, Mood};
use crate::extract::outline::MarkerStyle;
use crate::extract::outline::Outline;
use crate::extract::owner::{Owner, OwnerFinder};
use crate::ledger::Item;
use crate::lexicon::Lexicons;
use crate::text::punct::COLONS;
use crate::text::Span;

/// What the item builder reads.
pub(crate) struct Stages<'a> {
    /// The lexicons.
    pub lx: &'a Lexicons,
    /// The document.
    pub doc: &'a Doc,
    /// Its outline.
    pub outline: &'a Outline,
    /// The owner finder over the document.
    pub finder: &'a OwnerFinder<'a>,
    /// Report of work done, news story, or neither.
    pub genre: Genre,
    /// What due dates are reckoned from (the reference date, the title's year).
    pub timeframe: Timeframe,
}

/// An item on its way into the ledger.
struct Candidate {
    item: Item,
    /// The outline node it comes from (none for a loose sentence).
    node: Option<usize>,
    /// False while its kind waits to be settled from its siblings (neutral evidence).
    settled: bool,
    children: Vec<Candidate>,
}

/// Builds the items of a document, numbered and filled, in text order.
pub(crate) fn build(st: &Stages) -> Vec<Item> {
    let mut items: Vec<Candidate> = st.outline.roots.iter().map(|&r| st.node_item(r, st.genre.mood())).collect();
    let mut prev: Option<(Span, Evidence)> = None;
    for &sent in &st.outline.loose_sentences {
        // What the sentence before it in the same paragraph was: after a pledge that ends in
        // ；the next clause carries the pledge on (我郑重承诺：今年内完成…；年底前为全村老人免费
        // 体检); after an account of what was done, a bare task-verb sentence continues the
        // account (…取得明显成效。全年共查办案件356件).
        let context = prev.and_then(|(p, ev)| {
            let same_paragraph = !st.doc.slice(Span::new(p.end, sent.start)).contains('\n');
            match ev {
                Evidence::Past if same_paragraph => Some(Evidence::Past),
                Evidence::Modal | Evidence::Strong | Evidence::Imperative if same_paragraph && st.doc.slice(p).ends_with(['；', ';']) => Some(Evidence::Modal),
                _ => None,
            }
        });
        let (item, ev) = st.sentence_item(sent, context);
        prev = Some((sent, ev));
        items.extend(item);
    }
    items.sort_by_key(|c| c.item.span.start);
    settle_neutral(&mut items);
    for (n, c) in items.iter_mut().enumerate() {
        number(c, &(n + 1).to_string(), st.doc);
    }
    for c in items.iter_mut() {
        st.fill(c);
    }
    share_subject_across_semicolons(&mut items, st.doc);
    share_time_frame_across_semicolons(&mut items, st.doc);
    items.into_iter().map(Candidate::into_item).collect()
}

impl Candidate {
    fn into_item(self) -> Item {
        let mut item = self.item;
        item.children = self.children.into_iter().map(Candidate::into_item).collect();
        item
    }
}

impl Stages<'_> {
    fn own_text(&self, own: &[Span]) -> String {
        own.iter().map(|&sp| self.doc.slice(sp)).collect::<Vec<_>>().join("\n")
    }

    /// The evidence of an item's own text (see [`kind::evidence`]).
    fn evidence(&self, spans: &[Span], heading: Option<Span>) -> Evidence {
        let subject_end = |sp| self.finder.leading_subject_end(sp);
        let subject_cue = |sp| self.finder.leading_cue(sp);
        let reading = kind::Reading { lx: self.lx, doc: self.doc, subject_end: &subject_end, subject_cue: &subject_cue, reference: self.timeframe.reference };
        kind::evidence(&reading, spans, heading)
    }

    /// An outline node as an item; `mood` is what the text around it says of bare tasks.
    fn node_item(&self, idx: usize, mood: Mood) -> Candidate {
        let node = &self.outline.nodes[idx];
        let own = self.outline.own_spans(idx);
        let heading_span = self.outline.heading_span(&self.doc.text, idx);
        let heading = self.doc.slice(heading_span).trim().to_string();
        // The evidence is read without the marker (一是 is no copula).
        let body: Vec<Span> =
            own.iter().map(|&sp| if sp.start == node.span.start { Span::new(node.marker.span.end.min(sp.end), sp.end) } else { sp }).collect();
        let own_text = self.own_text(&body);
        let mut ev = self.evidence(&body, Some(heading_span));
        // A task heading over a body that states the problem it answers (1.摸底排查。…存在…)
        // is a task.
        let heading_body = Span::new(node.marker.span.end.min(heading_span.end), heading_span.end);
        if matches!(ev, Evidence::Problem | Evidence::ProblemNoun) && !c_has_children(node) && self.evidence(&[heading_body], None) == Evidence::Imperative {
            ev = Evidence::Imperative;
        }
        // 一要…二要…: the 要 of the marker is the item's cue.
        if node.marker.style == MarkerStyle::RunIn && node.marker.text.ends_with('要') {
            ev = ev.max(Evidence::Modal);
        }
        // The list's lead-in speaks for its items (下一步，我们将：/ 主要做法如下：).
        let mood = node.intro.and_then(|i| kind::lead_mood(self.lx, self.doc, i)).unwrap_or(mood);
        // In an account of work done (一、整改工作推进情况), an item whose heading tells what
        // was done stays an account, though it reports what someone demanded at a meeting
        // (…市长在会上指出，要高度重视…).
        if mood == Mood::Done && matches!(ev, Evidence::Modal) && node.children.is_empty() {
            let heading_ev = self.evidence(&[heading_body], None);
            if !matches!(heading_ev, Evidence::Strong | Evidence::Modal) && own_text.chars().count() > heading_body.len() + 20 {
                ev = heading_ev.max(Evidence::Past);
            }
        }
        let mut c = self.candidate(node.span, own, heading.clone(), Some(idx));
        match kind::kind_of(ev, mood) {
            Some(k) => c.item.kind = k,
            None => c.settled = false,
        }
        // What the children inherit: the mood of this heading (三、下一步工作 / 一、开展情况),
        // else ahead under a pledge, else the mood around this item.
        let child_mood = kind::lead_mood(self.lx, self.doc, heading_span)
            .or_else(|| matches!(ev, Evidence::Strong | Evidence::Modal).then_some(Mood::Ahead))
            .unwrap_or(mood);
        c.children = node.children.iter().map(|&ch| self.node_item(ch, child_mood)).collect();
        // A bare section heading over its tasks (二、保障措施) is no task itself.
        let trim = |s: &str| s.trim().trim_end_matches(['。', '：', ':', '；']).chars().count();
        let heading_only = trim(&own_text) <= trim(&heading);
        // A bare title with nothing under it (三、组织保障, （二）实施步骤) is no task (SPEC §3).
        let bare_title = heading_only
            && c.children.is_empty()
            && (ev == Evidence::Neutral || (ev == Evidence::Imperative && kind::is_nominal_title(self.lx, self.doc, heading_body)))
            && trim(&own_text) <= 12
            && !own_text.trim_end().ends_with(crate::text::punct::SENTENCE_ENDS);
        if bare_title {
            c.item.kind = Kind::Other;
            c.settled = true;
        }
        if ev == Evidence::Background || (heading_only && !c.children.is_empty()) {
            c.item.kind = Kind::Other;
            c.settled = true;
        }
        c
    }

    /// The item of a sentence outside any list, if it is a pledge; and its evidence.
    /// `context` is what the sentence before it says for it (see [`build`]).
    fn sentence_item(&self, span: Span, context: Option<Evidence>) -> (Option<Candidate>, Evidence) {
        let s = self.doc.slice(span);
        let mut ev = self.evidence(&[span], None);
        if let Some(c) = context {
            if matches!(ev, Evidence::Neutral | Evidence::Imperative) {
                ev = c;
            }
        }
        (self.pledge_sentence(span, s, ev), ev)
    }

    fn pledge_sentence(&self, span: Span, s: &str, ev: Evidence) -> Option<Candidate> {
        let mut ev = ev;
        if ev == Evidence::Neutral {
            // A subject, then a task: 党组书记严格履行第一责任人责任.
            if let Some(end) = self.finder.leading_subject_end(span) {
                if kind::starts_with_action(self.lx, self.doc.slice(Span::new(end, span.end))) {
                    ev = Evidence::Imperative;
                }
            }
        }
        if kind::kind_of(ev, self.genre.mood()) != Some(Kind::Commitment) || kind::tells_an_event(s) {
            return None;
        }
        // A lead-in that runs into a list ("要做到“四个结合”：") is no item of its own, unless a
        // clause before its last pledges on its own (局长指出，必须聚焦薄弱环节，办好三件实事：).
        if s.ends_with(COLONS) && self.outline.nodes.iter().any(|n| n.intro.is_some_and(|i| i.end >= span.end && i.start <= span.end)) {
            let clauses = crate::text::overlapping(&self.doc.clauses, span);
            let pledges_before =
                clauses.iter().rev().skip(1).any(|&c| kind::cues::read(self.lx, self.doc, c).cue.is_some() && self.doc.slice(c).chars().count() >= 6);
            if !pledges_before {
                return None;
            }
        }
        // A title (the first line, no sentence end) is a pledge only with 将/要: 县政府2020年将….
        // A title — the first of several paragraphs, one line without a sentence end, or the
        // title of a document named in the text (关于印发…的通知) — pledges only with 将/要/拟 of
        // its own: 县政府2020年将…; a headline (干部公开承诺办实事) does not.
        let first = self.doc.paragraphs.len() > 1 && self.doc.paragraphs.first().is_some_and(|p| p.start == span.start && p.end == span.end);
        let paragraph_alone = self.doc.paragraph_of(span.start).is_some_and(|p| p.start == span.start && p.end == span.end);
        let named_document = paragraph_alone && s.starts_with("关于") && !s.contains(crate::text::punct::SENTENCE_ENDS);
        if (first && kind::is_title_line(s)) || named_document {
            let own_cue = self.doc.tokens_in(span).iter().any(|t| matches!(t.word, "将" | "要" | "拟"));
            if named_document || !own_cue {
                return None;
            }
        }
        let mut c = self.candidate(span, vec![span], s.to_string(), None);
        c.item.kind = Kind::Commitment;
        Some(c)
    }

    fn candidate(&self, span: Span, own: Vec<Span>, heading: String, node_idx: Option<usize>) -> Candidate {
        let node = node_idx.map(|i| &self.outline.nodes[i]);
        let item = Item {
            id: String::new(),
            marker: node.map(|n| n.marker.text.clone()),
            style: node.map(|n| n.marker.style),
            level: node.map(|n| n.depth).unwrap_or(0),
            kind: Kind::Other,
            text: self.doc.text.substr(span),
            span,
            own,
            line: 0,
            column: 0,
            heading,
            owners: Vec::new(),
            deadline: None,
            deadlines: Vec::new(),
            checkable: false,
            flags: Vec::new(),
            children: Vec::new(),
        };
        Candidate { item, node: node_idx, settled: true, children: Vec::new() }
    }

    /// Owners, time limits and checkability of an item and its children.
    fn fill(&self, c: &mut Candidate) {
        let intro = c.node.and_then(|i| self.outline.nodes[i].intro);
        let item = &mut c.item;
        let mut owners: Vec<Owner> = Vec::new();
        let marker_end = c.node.map(|i| self.outline.nodes[i].marker.span.end).unwrap_or(item.span.start);
        let push = |owners: &mut Vec<Owner>, o: Owner| {
            if !owners.iter().any(|x| x.text == o.text) {
                owners.push(o);
            }
        };
        for &sp in &item.own {
            let sp = Span::new(sp.start.max(marker_end).min(sp.end), sp.end);
            for o in self.finder.find(sp) {
                push(&mut owners, o);
            }
        }
        // A heading that only names a body, over a body that says what it does (1.监督组。负责对
        // 采购工作进行监督): the heading is the subject.
        if owners.is_empty() {
            if let Some(h) = c.node.map(|i| self.outline.heading_span(&self.doc.text, i)) {
                let title = self.doc.slice(h).trim().trim_end_matches(|ch: char| crate::text::punct::is_clause_break(ch));
                let start = h.start + (self.doc.slice(h).len() - self.doc.slice(h).trim_start().len());
                let span = Span::new(start, start + title.chars().count());
                if title.chars().count() >= 2 && h.end < item.span.end {
                    if let Some(names) = self.finder.split_list(span) {
                        for (sp, class) in names {
                            push(&mut owners, self.finder.owner_at(sp, class));
                        }
                    }
                }
            }
        }
        if let Some(intro) = intro {
            for o in self.finder.find_in_intro(intro) {
                push(&mut owners, o);
            }
        }
        item.owners = owners;
        if item.kind == Kind::Commitment {
            // A year written in the item's heading or lead-in dates its limits (2024年要做好
            // 以下工作：一是年底前…), before the document's title.
            let heading = c.node.map(|i| self.outline.heading_span(&self.doc.text, i));
            let year = [heading, intro].into_iter().flatten().find_map(|sp| written_year(self.doc.slice(sp)));
            let tf = Timeframe { year: year.or(self.timeframe.year), ..self.timeframe };
            let mut all = Vec::new();
            // After the marker: 1.6月8日 holds no decimal number.
            for &sp in &item.own {
                let sp = Span::new(sp.start.max(marker_end).min(sp.end), sp.end);
                all.extend(deadline::find(self.lx, self.doc, sp, &tf));
            }
            // The clause that introduces the list gives its items their limit, also a vague
            // one (各单位要尽快做好以下工作：), or its time frame (春节期间，本人承诺：一、…),
            // not one that times another clause of the lead-in (会议一结束，区委将召开专题会议，
            // 重点做到：…). An open-ended period there (下一阶段，要做到：) frames the lead-in
            // and is no limit (`deadlines.txt`, label `frame`).
            if all.is_empty() {
                if let Some(intro) = intro {
                    let clauses = self.introducing_clauses(intro);
                    all.extend(deadline::find(self.lx, self.doc, clauses, &tf));
                    if all.is_empty() {
                        all.extend(deadline::period_frame(self.lx, self.doc, clauses));
                    }
                }
            }
            item.deadline = deadline::main_deadline(&all).cloned();
            item.deadlines = all;
            let dated = item.deadlines.iter().any(|d| matches!(d.kind, deadline::DeadlineKind::Date | deadline::DeadlineKind::Relative));
            item.checkable = kind::is_checkable(self.lx, self.doc, &item.own, dated);
        }
        for ch in c.children.iter_mut() {
            self.fill(ch);
        }
    }
}

impl Stages<'_> {
    /// The clauses of a lead-in that introduce the list: the last one, and the bare
    /// adverbials right before it (春节期间，本人承诺：), not a clause with a verb of its own.
    fn introducing_clauses(&self, intro: Span) -> Span {
        let clauses: Vec<Span> =
            crate::text::overlapping(&self.doc.clauses, intro).iter().map(|c| Span::new(c.start.max(intro.start), c.end.min(intro.end))).collect();
        let Some(&last) = clauses.last() else {
            return intro;
        };
        let mut start = last.start;
        for c in clauses.iter().rev().skip(1) {
            let verb = self.doc.tokens_in(*c).iter().any(|t| t.tag.starts_with('v'));
            if verb {
                break;
            }
            start = c.start;
        }
        Span::new(start, last.end)
    }
}

/// The first four-digit year written in a heading, lead-in or title (2024年重点工作任务).
pub(crate) fn written_year(s: &str) -> Option<i32> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"((?:19|20)[0-9]{2})年(?:度)?").expect("year pattern"));
    re.captures_iter(s)
        .filter(|c| c.get(0).is_some_and(|m| !s[m.end()..].starts_with("以来") && !s[m.end()..].starts_with('前')))
        .find_map(|c| c[1].parse().ok())
}

/// The year `s` writes when it writes one only (2012年度…，…2012年工作), as
/// [`written_year`] reads years; `None` for none or several.
pub(crate) fn sole_year(s: &str) -> Option<i32> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"((?:19|20)[0-9]{2})年(?:度)?").expect("year pattern"));
    let mut years = re
        .captures_iter(s)
        .filter(|c| c.get(0).is_some_and(|m| !s[m.end()..].starts_with("以来") && !s[m.end()..].starts_with('前')))
        .filter_map(|c| c[1].parse::<i32>().ok());
    let first = years.next()?;
    years.all(|y| y == first).then_some(first)
}

/// True when an outline node has children.
fn c_has_children(node: &crate::extract::outline::Node) -> bool {
    !node.children.is_empty()
}

/// Clauses joined by ；share their subject: in "X党组要靶向发力；要坚持效果导向；…" each
/// pledge sentence after the first inherits X when it names no owner of its own.
fn share_subject_across_semicolons(items: &mut [Candidate], doc: &Doc) {
    for i in 1..items.len() {
        let (before, after) = items.split_at_mut(i);
        let (prev, cur) = (&before[i - 1].item, &mut after[0].item);
        if prev.marker.is_some() || cur.marker.is_some() || !cur.owners.is_empty() || prev.owners.is_empty() {
            continue;
        }
        let between = doc.slice(Span::new(prev.span.end, cur.span.start));
        let joined = prev.text.ends_with(['；', ';']) && between.chars().all(|c| c == ' ' || c == '\u{3000}');
        if joined {
            cur.owners = prev
                .owners
                .iter()
                .cloned()
                .map(|mut o| {
                    o.inherited = true;
                    o
                })
                .collect();
        }
    }
}

/// Pledges of one sentence joined by ；share the time frame of the first: in "区住建局承诺，
/// 年底前完成老旧小区改造；同步完成雨污分流；建成5个口袋公园。" each takes 年底前 when it names
/// no limit of its own. Never across 。.
fn share_time_frame_across_semicolons(items: &mut [Candidate], doc: &Doc) {
    for i in 1..items.len() {
        let (before, after) = items.split_at_mut(i);
        let (prev, cur) = (&before[i - 1].item, &mut after[0].item);
        if prev.marker.is_some() || cur.marker.is_some() || cur.kind != Kind::Commitment || !cur.deadlines.is_empty() || prev.deadline.is_none() {
            continue;
        }
        let same_sentence = doc.sentence_of(prev.span.start).is_some_and(|s| s.end >= prev.span.end)
            && !doc.slice(Span::new(prev.span.start, cur.span.start)).contains(crate::text::punct::is_full_stop);
        if prev.text.ends_with(['；', ';']) && same_sentence {
            cur.deadline = prev.deadline.clone();
            cur.deadlines = prev.deadline.iter().cloned().collect();
        }
    }
}

/// Items with neutral evidence take the kind most of their siblings have (a list of tasks
/// stays a list of tasks), else `other`.
fn settle_neutral(items: &mut [Candidate]) {
    let decided: Vec<Kind> = items.iter().filter(|c| c.settled).map(|c| c.item.kind).collect();
    let commitments = decided.iter().filter(|&&k| k == Kind::Commitment).count();
    let majority = if !decided.is_empty() && commitments * 2 >= decided.len() { Kind::Commitment } else { Kind::Other };
    for c in items.iter_mut() {
        if !c.settled {
            c.item.kind = if c.item.marker.is_some() { majority } else { Kind::Other };
            c.settled = true;
        }
        settle_neutral(&mut c.children);
    }
}

/// Gives an item and its children their ids (`2`, `2.1`) and positions.
fn number(c: &mut Candidate, id: &str, doc: &Doc) {
    c.item.id = id.to_string();
    let p = doc.text.position(c.item.span.start);
    c.item.line = p.line;
    c.item.column = p.column;
    for (n, ch) in c.children.iter_mut().enumerate() {
        number(ch, &format!("{id}.{}", n + 1), doc);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyzer::{Analyzer, Config};
    use crate::extract::deadline::{Date, DeadlineKind};
    use crate::ledger::Analysis;
    use std::sync::OnceLock;

    fn analyze(text: &str) -> Analysis {
        static A: OnceLock<Analyzer> = OnceLock::new();
        let a = A.get_or_init(|| Analyzer::new(Config { reference_date: Date::new(2024, 5, 1), ..Config::default() }).expect("analyzer"));
        a.analyze_text("t", text)
    }

    /// The main limit of each commitment that starts with `start` (marker left out):
    /// (text, kind, due).
    fn limit_of(a: &Analysis, start: &str) -> Option<(String, DeadlineKind, Option<String>)> {
        let item = a
            .all_items()
            .into_iter()
            .find(|i| i.text.trim_start_matches(i.marker.as_deref().unwrap_or("")).trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no item starting {start}"));
        item.deadline.as_ref().map(|d| (d.text.clone(), d.kind, d.due.clone()))
    }

    #[test]
    fn a_lead_in_gives_its_items_its_time_frame() {
        // A festival's or an event's period before the pledge verb of the lead-in.
        let a = analyze("国庆节期间，我郑重承诺：\n一、不借节日之机收受红包。\n二、不公车私用。");
        for start in ["不借节日之机", "不公车私用"] {
            assert_eq!(limit_of(&a, start), Some(("国庆节期间".into(), DeadlineKind::Date, None)), "{start}");
        }
        let a = analyze("汛期期间，各乡镇要做到：一是落实24小时值班；二是加强巡堤查险。");
        for start in ["落实24小时值班", "加强巡堤查险"] {
            assert_eq!(limit_of(&a, start).map(|d| d.0), Some("汛期期间".into()), "{start}");
        }
        // An item's own limit wins over the lead-in's frame.
        let a = analyze("春节期间，各村要做好以下工作：\n1.在1月20日前发放慰问金。\n2.组织走访困难群众。");
        assert_eq!(limit_of(&a, "在1月20日前发放").map(|d| d.0), Some("1月20日前".into()));
        assert_eq!(limit_of(&a, "组织走访困难群众").map(|d| d.0), Some("春节期间".into()));
        // A sentence of its own names no limit with such a period (SPEC §1 lists none).
        let a = analyze("春节期间，各村要组织走访困难群众。");
        assert_eq!(limit_of(&a, "春节期间"), None);
    }

    #[test]
    fn a_lead_in_gives_its_vague_limit_to_items_without_one() {
        let a = analyze("各科室要及时完成以下事项：\n1.整理年度档案。\n2.在8月底前上报统计报表。");
        assert_eq!(limit_of(&a, "整理年度档案"), Some(("及时".into(), DeadlineKind::Vague, None)));
        assert_eq!(limit_of(&a, "在8月底前上报").map(|d| d.0), Some("8月底前".into()));
        let a = analyze("县市场监管局要尽快抓好以下整治：一是清理无证摊点；二是查处过期食品。");
        assert_eq!(limit_of(&a, "清理无证摊点").map(|d| d.1), Some(DeadlineKind::Vague));
    }

    #[test]
    fn an_open_ended_frame_of_the_lead_in_is_no_limit() {
        let a = analyze("下一阶段，县教育局要做到：\n1.改造薄弱学校。\n2.配齐心理教师。");
        assert_eq!(limit_of(&a, "改造薄弱学校"), None);
        assert_eq!(limit_of(&a, "配齐心理教师"), None);
        let a = analyze("希望各村在今后一个时期工作中重点抓好以下两件事：一是整治村容村貌；二是发展集体经济。");
        assert_eq!(limit_of(&a, "整治村容村貌"), None);
    }
}
