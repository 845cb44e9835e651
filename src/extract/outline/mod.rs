//! The outline of a statement: its enumeration markers (一、 （一） 1. （1） ① 一是 第一，
//! 首先 一方面 …), nested by the markers actually used, with exact char spans; and the
//! sentences that lie outside every enumeration.
//!
//! Nesting: a marker of a style already open closes that item and everything below it and
//! opens a sibling; a marker of a new style opens a child of the innermost open item.
//! Scope: chapter markers (一、 （一）) and markers of a one-sentence heading paragraph run
//! until the next marker of the same or a higher level; a marker that starts a paragraph
//! with a body, and every marker inside a paragraph, end with their paragraph.

mod markers;

use crate::doc::Doc;
use crate::text::{is_sentence_end, is_space, trim_span, CharText, Span};
use markers::markers_in_paragraph;
pub use markers::{Marker, MarkerStyle};
use regex::Regex;
use std::sync::OnceLock;

/// An enumerated item of the outline.
#[derive(Debug, Clone)]
pub struct Node {
    /// The marker that opens it.
    pub marker: Marker,
    /// From the marker to the next marker of the same or a higher level (or its scope's end).
    pub span: Span,
    /// Index of the parent node.
    pub parent: Option<usize>,
    /// Indices of the child nodes, in text order.
    pub children: Vec<usize>,
    /// Depth: 0 for top-level items.
    pub depth: usize,
    /// The sentence that introduces the list this node belongs to ("区纪委要做到：").
    pub intro: Option<Span>,
}

/// The outline of a document.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// All nodes, in text order (a parent before its children).
    pub nodes: Vec<Node>,
    /// Top-level nodes.
    pub roots: Vec<usize>,
    /// Sentences outside every enumerated item, in text order.
    pub loose_sentences: Vec<Span>,
}

impl Outline {
    /// Spans of a node's own text: its span without its children's spans.
    pub fn own_spans(&self, idx: usize) -> Vec<Span> {
        let node = &self.nodes[idx];
        let mut out = Vec::new();
        let mut pos = node.span.start;
        for &c in &node.children {
            let cs = self.nodes[c].span;
            if cs.start > pos {
                out.push(Span::new(pos, cs.start));
            }
            pos = pos.max(cs.end);
        }
        if pos < node.span.end {
            out.push(Span::new(pos, node.span.end));
        }
        out
    }

    /// The heading of a node: its own text up to the first sentence end.
    pub fn heading_span(&self, text: &CharText, idx: usize) -> Span {
        let node = &self.nodes[idx];
        let own = self.own_spans(idx);
        let first = own.first().copied().unwrap_or(node.span);
        let mut end = first.end;
        for i in node.marker.span.end..first.end {
            if text.char(i).is_some_and(|c| is_sentence_end(c) || c == '\n') {
                end = i;
                break;
            }
        }
        Span::new(node.marker.span.end.min(end), end)
    }
}

/// True when the paragraph after the marker is a single short sentence (a heading).
fn is_heading(text: &CharText, para: Span, marker: &Marker) -> bool {
    let body: Vec<char> = text.slice(Span::new(marker.span.end, para.end)).chars().collect();
    if body.len() > 60 {
        return false;
    }
    let n = body.len();
    !body.iter().enumerate().any(|(i, &c)| is_sentence_end(c) && i + 1 < n)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Section,
    Paragraph,
}

/// Parses the outline of a document. `is_label_line` tells a paragraph that labels the item
/// before it (责任单位：县水利局, 完成时限：…): such a line belongs to that item, also when the
/// item is a paragraph of several sentences (SPEC §3, owners).
pub fn parse(doc: &Doc, is_label_line: &dyn Fn(&str) -> bool) -> Outline {
    let text = &doc.text;
    let paragraphs = &doc.paragraphs;
    let mut per_para: Vec<Vec<Marker>> = paragraphs.iter().map(|&p| markers_in_paragraph(text, p)).collect();

    // Styles that need a partner: keep them only where two different ordinals occur.
    let mut ordinals: std::collections::HashMap<MarkerStyle, std::collections::HashSet<u32>> = Default::default();
    for m in per_para.iter().flatten() {
        ordinals.entry(m.style).or_default().insert(m.ordinal);
    }
    for ms in per_para.iter_mut() {
        ms.retain(|m| !m.style.needs_partner() || ordinals.get(&m.style).is_some_and(|s| s.len() >= 2));
    }

    let mut nodes: Vec<Node> = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let close = |nodes: &mut Vec<Node>, idx: usize, end: usize| {
        let span = trim_span(text, Span::new(nodes[idx].span.start, end));
        nodes[idx].span = span;
    };
    for (pi, para) in paragraphs.iter().enumerate() {
        for mut m in per_para[pi].drain(..) {
            if let Some(pos) = stack.iter().rposition(|&n| nodes[n].marker.style == m.style) {
                for &n in &stack[pos..] {
                    close(&mut nodes, n, m.span.start);
                }
                stack.truncate(pos);
            }
            let scope = if m.at_paragraph_start {
                m.heading = is_heading(text, *para, &m);
                if m.style.is_chapter() || m.heading {
                    Scope::Section
                } else {
                    Scope::Paragraph
                }
            } else {
                Scope::Paragraph
            };
            let parent = stack.last().copied();
            let depth = parent.map(|p| nodes[p].depth + 1).unwrap_or(0);
            let idx = nodes.len();
            nodes.push(Node { span: Span::new(m.span.start, text.len()), marker: m, parent, children: Vec::new(), depth, intro: None });
            scopes.push(scope);
            if let Some(p) = parent {
                nodes[p].children.push(idx);
            }
            stack.push(idx);
        }
        let next_labels = paragraphs.get(pi + 1).is_some_and(|&n| per_para[pi + 1].is_empty() && is_label_line(text.slice(n)));
        while let Some(&top) = stack.last() {
            if scopes[top] == Scope::Paragraph && next_labels {
                // Kept open through the labelled line that follows; closed after it.
                break;
            }
            if scopes[top] == Scope::Paragraph {
                close(&mut nodes, top, para.end);
                stack.pop();
            } else {
                break;
            }
        }
    }
    for &n in &stack {
        close(&mut nodes, n, text.len());
    }
    let roots: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].parent.is_none()).collect();
    let mut outline = Outline { nodes, roots, loose_sentences: Vec::new() };
    end_paragraph_lists(doc, &mut outline, is_label_line);
    assign_intros(doc, &mut outline);
    outline.loose_sentences = loose_sentences(doc, &outline);
    outline
}

/// Ends a list whose items are each one paragraph of sentences (1.…。/ 2.…。, 一、…。/ 二、…。)
/// with its last item's paragraph: a later paragraph without a marker lies outside the list
/// (SPEC §3, items). Labelled lines right after an item (责任单位：…) stay with it. A list whose
/// items are titles (no sentence end) or have body paragraphs keeps its extent, and so does a
/// nested list (what follows it is its parent's text).
fn end_paragraph_lists(doc: &Doc, outline: &mut Outline, is_label_line: &dyn Fn(&str) -> bool) {
    let text = &doc.text;
    // The end of the paragraph that holds a node's marker, and of the labelled lines after it.
    let marker_starts: Vec<usize> = outline.nodes.iter().map(|n| n.marker.span.start).collect();
    let own_end = |node: &Node| -> Option<usize> {
        let pi = doc.paragraphs.iter().position(|p| p.start <= node.marker.span.start && node.marker.span.start < p.end)?;
        let para = doc.paragraphs[pi];
        let body = text.slice(Span::new(node.marker.span.end.min(para.end), para.end)).trim_end();
        if !body.ends_with(['。', '！', '？', '；', '!', '?', ';']) {
            return None;
        }
        let mut end = para.end;
        for &next in &doc.paragraphs[pi + 1..] {
            if !is_label_line(text.slice(next)) || marker_starts.iter().any(|m| (next.start..next.end).contains(m)) {
                break;
            }
            end = next.end;
        }
        Some(end)
    };
    for run in outline.sibling_runs() {
        let Some((&last, rest)) = run.split_last() else {
            continue;
        };
        // Only a top-level list: a nested one's trailing paragraph is its parent's text either way.
        if rest.is_empty() || !outline.nodes[last].children.is_empty() || outline.nodes[last].parent.is_some() {
            continue;
        }
        let one_paragraph = |i: usize| own_end(&outline.nodes[i]).is_some_and(|e| outline.nodes[i].span.end <= e);
        if !rest.iter().all(|&i| one_paragraph(i) && outline.nodes[i].children.is_empty()) {
            continue;
        }
        let end = own_end(&outline.nodes[last]);
        if let Some(end) = end {
            let node = &mut outline.nodes[last];
            if node.span.end > end {
                node.span = trim_span(text, Span::new(node.span.start, end));
            }
        }
    }
}

/// Finds, for each list, the sentence that introduces it, and gives it to every member.
fn assign_intros(doc: &Doc, outline: &mut Outline) {
    for group in outline.sibling_runs() {
        let first = &outline.nodes[group[0]];
        let intro = intro_of(doc, outline, first);
        for idx in group {
            outline.nodes[idx].intro = intro;
        }
    }
}

impl Outline {
    /// The lists of the outline: runs of siblings of one style, a new run starting where the
    /// style changes or the numbering starts again at one.
    pub fn sibling_runs(&self) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let parents = std::iter::once(None).chain((0..self.nodes.len()).map(Some));
        for parent in parents {
            let siblings: &[usize] = match parent {
                None => &self.roots,
                Some(p) => &self.nodes[p].children,
            };
            let mut run: Vec<usize> = Vec::new();
            for &s in siblings {
                if let Some(&last) = run.last() {
                    let (a, b) = (&self.nodes[last].marker, &self.nodes[s].marker);
                    if a.style != b.style || (b.ordinal == 1 && a.ordinal != 1) {
                        groups.push(std::mem::take(&mut run));
                    }
                }
                run.push(s);
            }
            if !run.is_empty() {
                groups.push(run);
            }
        }
        groups.sort_by_key(|g| g[0]);
        groups
    }
}

fn intro_of(doc: &Doc, outline: &Outline, first: &Node) -> Option<Span> {
    let text = &doc.text;
    let start = first.marker.span.start;
    let para = doc.paragraphs.iter().position(|p| p.start <= start && start < p.end.max(p.start + 1))?;
    let floor = first.parent.map(|p| outline.nodes[p].marker.span.end).unwrap_or(0);
    if first.marker.at_paragraph_start {
        // A paragraph-start list is introduced only by a paragraph that ends with a colon.
        let prev = *doc.paragraphs.get(para.checked_sub(1)?)?;
        if prev.start < floor || !text.slice(prev).ends_with(['：', ':']) {
            return None;
        }
        return Some(last_sentence(text, prev, 2));
    }
    let p = doc.paragraphs[para];
    // A lead-in is looked for only in the 500 chars before the list (linear time on long lines).
    let lo = p.start.max(floor).max(start.saturating_sub(500));
    // Only a lead-in that runs into the list ("区纪委要做到：一是…", "他提出，一是…")
    // introduces it; a finished sentence before it does not.
    let before = text.slice(Span::new(lo, start)).trim_end();
    let intro = last_sentence(text, Span::new(lo, start), 2);
    // …or a sentence that announces the list by its count (今年将采取三项举措。).
    if !before.ends_with(['：', ':', '，', ',']) && !announces_count(text.slice(intro)) {
        return None;
    }
    Some(intro)
}

/// True when a sentence announces a list by its count: 三项举措, 两点意见, 四个方面.
pub fn announces_count(sentence: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([一二三四五六七八九十两]{1,3}|[0-9]{1,2})(项|点|个方面|条)(举措|措施|意见|要求|工作|任务|重点)?[。：:]?$").expect("count pattern")
    })
    .is_match(sentence.trim_end_matches(['。', '：', ':']).trim())
        || sentence.contains("如下")
}

/// The last sentence of a span; a short one ending in a colon ("分别是：") takes in the
/// sentence before it too (up to `max` sentences).
fn last_sentence(text: &CharText, span: Span, max: usize) -> Span {
    let mut start = span.end;
    let mut taken = 0;
    let mut i = span.end;
    while taken < max {
        // Skip the end punctuation of the sentence we are standing after.
        let mut j = i;
        while j > span.start && text.char(j - 1).is_some_and(|c| is_sentence_end(c) || is_space(c)) && j == i {
            j -= 1;
        }
        while j > span.start && !text.char(j - 1).is_some_and(is_sentence_end) {
            j -= 1;
        }
        start = j;
        taken += 1;
        let s = text.slice(Span::new(j, span.end));
        let short_colon = s.trim_end().ends_with(['：', ':']) && s.chars().count() <= 10;
        if !short_colon || j <= span.start {
            break;
        }
        i = j;
    }
    trim_span(text, Span::new(start, span.end))
}

/// Splits the text outside every enumerated item into sentences (up to 。！？；, a closing
/// quote after them included; a quotation that follows another starts a new sentence).
fn loose_sentences(doc: &Doc, outline: &Outline) -> Vec<Span> {
    let text = &doc.text;
    let mut out = Vec::new();
    // Top-level items follow one another without overlapping.
    let covered: Vec<Span> = outline.roots.iter().map(|&r| outline.nodes[r].span).collect();
    debug_assert!(covered.windows(2).all(|w| w[0].end <= w[1].start));
    for &para in &doc.paragraphs {
        // The parts of the paragraph not covered by a top-level item.
        let mut parts = Vec::new();
        let mut pos = para.start;
        for c in crate::text::overlapping(&covered, para) {
            if c.start > pos {
                parts.push(Span::new(pos, c.start));
            }
            pos = pos.max(c.end);
        }
        if pos < para.end {
            parts.push(Span::new(pos, para.end));
        }
        for part in parts {
            out.extend(split_sentences(text, part));
        }
    }
    out
}

pub use crate::text::punct::sentences as split_sentences;

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(s: &str) -> Vec<String> {
        let o = parse(&Doc::with_tokens(CharText::new(s), Vec::new()), &|_| false);
        o.nodes.iter().map(|n| n.marker.text.clone()).collect()
    }

    fn tree(s: &str) -> Vec<(String, usize)> {
        let o = parse(&Doc::with_tokens(CharText::new(s), Vec::new()), &|_| false);
        o.nodes.iter().map(|n| (n.marker.text.clone(), n.depth)).collect()
    }

    #[test]
    fn every_marker_style() {
        assert_eq!(markers("一、总体要求\n二、主要任务"), ["一、", "二、"]);
        assert_eq!(markers("（一）加强领导\n(二)压实责任"), ["（一）", "(二)"]);
        assert_eq!(markers("1.成立小组。\n2.制定方案。"), ["1.", "2."]);
        assert_eq!(markers("1、成立小组。\n2、制定方案。"), ["1、", "2、"]);
        assert_eq!(markers("1．成立小组。\n2．制定方案。"), ["1．", "2．"]);
        assert_eq!(markers("（1）成立小组。\n(2)制定方案。"), ["（1）", "(2)"]);
        assert_eq!(markers("①成立小组；②制定方案。"), ["①", "②"]);
        assert_eq!(markers("要做到：一是成立小组；二是制定方案；三是公开。"), ["一是", "二是", "三是"]);
        assert_eq!(markers("提出要求：第一，按时完成。第二，巩固成果。"), ["第一", "第二"]);
        assert_eq!(markers("首先，统一思想。其次，压实责任。最后，严肃问责。"), ["首先", "其次", "最后"]);
        assert_eq!(markers("一方面，区委将牵头。另一方面，区纪委要监督。"), ["一方面", "另一方面"]);
        assert_eq!(markers("会议要求，一要提高站位；二要主动认领。"), ["一要", "二要"]);
        assert_eq!(markers("问题一：制度执行不严。整改措施：修订规则。\n问题二：决策不到位。"), ["问题一", "问题二"]);
    }

    #[test]
    fn markers_readers_meet() {
        // Inline 一、 after a colon or semicolon, in our own words.
        assert_eq!(markers("今年抓好三项工作：一、6月底前完成排查；二、8月底前建成平台；三、年底前验收。"), ["一、", "二、", "三、"]);
        assert_eq!(markers("要点如下。一、摸清底数。二、分类处置。"), ["一、", "二、"]);
        // After a 【label】, and a quoted list that opens with its marker.
        assert_eq!(markers("【整改措施】一是建立台账；二是9月底前完成修订。"), ["一是", "二是"]);
        assert_eq!(markers("区长表态：“一是6月底前完成排查，二是9月底前完成整治。”"), ["一是", "二是"]);
        // A bare number and a space at a paragraph start, with partners.
        assert_eq!(markers("1 启动阶段\n制定方案。\n2 排查阶段\n建立清单。"), ["1", "2"]);
        // 1.5月底前: the marker 1. and a date.
        assert_eq!(markers("1.5月底前完成摸底调查。\n2.6月底前制定整治方案。"), ["1.", "2."]);
        // Not markers: one inline 一、 alone, a number with a space alone, 1.5亿元.
        assert!(markers("全年完成投资1.5亿元。一、二季度增长较快。").is_empty());
        assert!(markers("3 个村完成改造。").is_empty());
    }

    #[test]
    fn non_markers_are_not_markers() {
        assert!(markers("我们将第一时间整改到位。").is_empty());
        assert!(markers("区委书记是第一责任人。").is_empty());
        assert!(markers("思想统一是前提，要统一是非标准。").is_empty());
        assert!(markers("问题在于二是否到位。").is_empty());
        assert!(markers("完成投资1.5亿元。").is_empty());
        assert!(markers("截至2021.6，已完成。").is_empty());
        assert!(markers("2021年8月2日，巡察组反馈意见。").is_empty());
        assert!(markers("最后，我表个态。").is_empty());
        assert!(markers("村民说：“这件事，一要感谢政府，二要感谢村干部。”").is_empty());
    }

    #[test]
    fn nesting_follows_markers_used() {
        let t = "一、总体要求\n（一）加强领导。\n1.成立小组。\n2.制定方案。\n（二）压实责任\n二、主要任务";
        assert_eq!(tree(t), [("一、".into(), 0), ("（一）".into(), 1), ("1.".into(), 2), ("2.".into(), 2), ("（二）".into(), 1), ("二、".into(), 0)]);
    }

    #[test]
    fn inline_runs_nest_under_paragraph_item() {
        let t = "1.不回避。我们将整改。一是认真对待；二是坚定信心。\n2.不护短。一是聚焦要害。\n我们将认真学习。";
        assert_eq!(tree(t), [("1.".into(), 0), ("一是".into(), 1), ("二是".into(), 1), ("2.".into(), 0), ("一是".into(), 1)]);
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let ct = &d.text;
        let o = parse(&d, &|_| false);
        assert_eq!(ct.slice(o.loose_sentences[0]), "我们将认真学习。");
    }

    #[test]
    fn a_list_of_one_paragraph_items_ends_with_its_last_item() {
        // In our own words: a paragraph after a list of sentence items lies outside it.
        for (t, after) in [
            ("1.本周内完成台账梳理。\n2.月底前上报整改清单。\n各科室要认真对照落实。", "各科室要认真对照落实。"),
            ("一、各社区于4月底前完成摸排。\n二、各社区于5月15日前报送名单。\n联系人：街道民政办。", "联系人：街道民政办。"),
        ] {
            let d = Doc::with_tokens(CharText::new(t), Vec::new());
            let o = parse(&d, &|_| false);
            let last = o.nodes.last().unwrap();
            assert!(!d.text.slice(last.span).contains(after), "{t}");
            assert_eq!(d.text.slice(o.loose_sentences[0]), after, "{t}");
        }
        // Titles with body paragraphs, and labelled lines, stay with the last item.
        let t = "一、总体要求\n坚持问题导向。\n二、主要任务\n各单位要建立台账。";
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let o = parse(&d, &|_| false);
        assert!(d.text.slice(o.nodes.last().unwrap().span).ends_with("各单位要建立台账。"));
        let t = "1.月底前完成排查。\n2.年底前完成整改。\n责任单位：县住建局";
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let o = parse(&d, &|line| line.starts_with("责任单位"));
        assert!(d.text.slice(o.nodes.last().unwrap().span).ends_with("县住建局"));
    }

    #[test]
    fn children_lie_inside_parents_and_spans_are_char_offsets() {
        let t = "（一）稳定政策。\n积极的财政政策要加大力度。一是全面实施营改增。二是取消基金。\n（二）加强改革。";
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let ct = &d.text;
        let o = parse(&d, &|_| false);
        for n in &o.nodes {
            if let Some(p) = n.parent {
                assert!(o.nodes[p].span.contains(&n.span));
            }
        }
        assert_eq!(ct.slice(o.nodes[1].span), "一是全面实施营改增。");
        assert_eq!(o.nodes[1].depth, 1);
    }

    #[test]
    fn heading_items_take_following_paragraphs() {
        let t = "1.努力实现增长6%左右。\n牵头单位：区发改局\n2.投资增长15%。\n牵头单位：区财政局";
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let ct = &d.text;
        let o = parse(&d, &|_| false);
        assert!(ct.slice(o.nodes[0].span).contains("区发改局"));
        assert!(!ct.slice(o.nodes[0].span).contains("区财政局"));
    }

    #[test]
    fn intro_sentence_is_found() {
        let t = "县政府将重点抓好15件大事。分别是：(1)新建学校。(2)新建医院。";
        let d = Doc::with_tokens(CharText::new(t), Vec::new());
        let ct = &d.text;
        let o = parse(&d, &|_| false);
        let intro = o.nodes[0].intro.unwrap();
        assert!(ct.slice(intro).contains("县政府"), "{}", ct.slice(intro));
    }
}
