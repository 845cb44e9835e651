//! Responsibilities (责任清单): pairs of holder and duty the text states —
//! (区委, 主体责任), (区纪委, 监督责任), (我, 组长), (区发改局, 牵头单位).
//!
//! Duty words live in `dictionaries/duties.txt`; besides them, any "责任" or "职责" taken on
//! with 落实/履行/担负起/扛起… counts (坚决扛起巡察配合政治责任).

use crate::doc::Doc;
use crate::extract::outline::Outline;
use crate::extract::owner::{Owner, OwnerFinder};
use crate::ledger::Item;
use crate::lexicon::labels::{ClauseWord, DutyKind};
use crate::lexicon::Lexicons;
use crate::text::{CharText, Span};
use regex::Regex;

pub use crate::ledger::Responsibility;

/// The patterns of duty statements, built from the lexicons: the take-on verbs and the posts
/// of a working body come from `duties.txt`, the labels of owner lines from `owner_labels.txt`.
pub struct DutyPatterns {
    /// 落实好…责任, 履行…职责.
    take_on: Regex,
    /// X任组长, X为成员.
    role_assignment: Regex,
    /// 巡察整改工作领导小组组长杨文明.
    group_post: Regex,
    /// 主责单位（包括A、B、C）.
    listed_units: Regex,
}

/// A regex alternation of words (longest first, as the lexicons keep them), escaped.
fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut ws: Vec<&str> = words.collect();
    ws.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    ws.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")
}

impl DutyPatterns {
    /// Builds the patterns from the lexicons.
    pub fn new(lx: &Lexicons) -> Self {
        let verbs = alternation(lx.duties.with_label(DutyKind::TakeOn));
        let roles = alternation(lx.duties.with_label(DutyKind::Role));
        let groups = alternation(lx.duties.with_label(DutyKind::Group));
        let labels = alternation(lx.owner_labels.words().filter(|w| w.ends_with("单位")));
        let unit_labels = labels.clone();
        let re = |p: String| Regex::new(&p).unwrap_or_else(|_| Regex::new("$^").expect("empty pattern"));
        DutyPatterns {
            take_on: re(format!(r"({verbs})(好|起|起了)?([^，,。；;：:\n]{{0,24}}(责任|职责))")),
            // A unit label (成员单位) before a post it begins with (成员).
            role_assignment: re(format!(r"(任|担任|为)({unit_labels}|{roles})")),
            group_post: re(format!(r"({groups})(办公室)?({roles})")),
            listed_units: re(format!(r"({labels})[（(]包括([^）)]+)[）)]")),
        }
    }
}

/// The responsibilities of a whole document: those stated in each item's own text (with the
/// item's owners as the holder when a sentence names none), then those in sentences that are
/// no item (9个主责单位（包括…）). Each (holder, duty) pair once, in text order.
pub fn find_all(lx: &Lexicons, pats: &DutyPatterns, finder: &OwnerFinder, doc: &Doc, outline: &Outline, items: &[Item]) -> Vec<Responsibility> {
    let mut out: Vec<Responsibility> = Vec::new();
    let mut covered: Vec<Span> = Vec::new();
    for item in items.iter().flat_map(|i| i.walk()) {
        for &sp in &item.own {
            out.extend(find(lx, pats, finder, &doc.text, sp, &item.owners));
            covered.push(sp);
        }
    }
    // The items' own spans do not overlap: sorted, the one that may hold a sentence is the
    // last that starts at or before it.
    covered.sort_unstable();
    let inside_an_item = |s: &Span| {
        let i = covered.partition_point(|c| c.start <= s.start);
        i > 0 && covered[i - 1].contains(s)
    };
    for &s in &outline.loose_sentences {
        if !inside_an_item(&s) {
            out.extend(find(lx, pats, finder, &doc.text, s, &[]));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert((r.owner.clone(), r.duty.clone())));
    out.sort_by_key(|r| r.span.start);
    out
}

/// A person written with a placeholder right at `at` (周某某, 王××, 李**): the longest of 2–4
/// characters that is a person's name.
/// A name that ends with its marks (吴某某|一行) is preferred to a longer one.
fn placeholder_person(finder: &OwnerFinder, text: &CharText, at: usize) -> Option<String> {
    const MARKS: [char; 3] = ['某', '×', '*'];
    let found = |ends_marked: bool| {
        (2..=4).rev().find_map(|n| {
            let cand = text.slice(Span::new(at, at + n));
            let marked = cand.contains(MARKS) && !cand.chars().any(|c| crate::text::punct::is_clause_break(c) || c == '、');
            (cand.chars().count() == n
                && marked
                && (!ends_marked || cand.ends_with(MARKS))
                && finder.classify(cand) == Some(crate::extract::owner::OwnerClass::Person))
            .then(|| cand.to_string())
        })
    };
    found(true).or_else(|| found(false))
}

/// The longest sentence looked back over for a duty's holder, in chars.
const MAX_SENTENCE: usize = 200;

/// The longest owner name, in chars.
const MAX_NAME: usize = 24;

fn push(out: &mut Vec<Responsibility>, owner: &str, resolved: Option<String>, duty: &str, span: Span) {
    let duty = duty.trim_matches(|c: char| "“”\"‘’".contains(c)).replace(['“', '”'], "");
    if !owner.is_empty() && !duty.is_empty() && !out.iter().any(|r| r.owner == owner && r.duty == duty) {
        out.push(Responsibility { owner: owner.to_string(), resolved, duty, span });
    }
}

fn char_span(region: Span, s: &str, m: regex::Match) -> Span {
    let start = region.start + s[..m.start()].chars().count();
    Span::new(start, start + m.as_str().chars().count())
}

/// Finds the responsibilities stated in `region`. `item_owners` are the owners of the item
/// the region belongs to: the holder when a sentence names none (坚决扛起…责任).
pub fn find(lx: &Lexicons, pats: &DutyPatterns, finder: &OwnerFinder, text: &CharText, region: Span, item_owners: &[Owner]) -> Vec<Responsibility> {
    let s = text.slice(region);
    let mut out: Vec<Responsibility> = Vec::new();

    // X任组长, X为成员.
    for c in pats.role_assignment.captures_iter(s) {
        let m = c.get(0).expect("match");
        let span = char_span(region, s, m);
        // 县财政局、县人社局为配合单位: each name of the list holds the role.
        for h in holders_before(lx, finder, text, region, span.start, true) {
            push(&mut out, &h.text, h.resolved.clone(), &c[2], span);
        }
    }
    // Duties that are taken on: 落实好主体责任, 履行第一责任人职责.
    for c in pats.take_on.captures_iter(s) {
        let verb = c.get(1).expect("verb");
        let duty = c.get(3).expect("duty");
        let vspan = char_span(region, s, verb);
        let dspan = char_span(region, s, duty);
        // Not in the statement of a problem: 关于落实主体责任不到位的问题.
        let after = &s[duty.end()..];
        if after.starts_with("不") || after.starts_with("的问题") || after.starts_with("方面") {
            continue;
        }
        let duty_text = duty.as_str().trim_start_matches("好").trim_start_matches("起");
        // A named responsibility (主体责任, 监督责任), not a bare 责任/职责 or a fragment (的职责).
        // A named responsibility (主体责任, 监督责任: a duty of duties.txt), not a bare
        // 责任/职责, a generic 工作责任 or a fragment (的职责).
        let named = lx.duties.contained_in(duty_text, |_, l| l == DutyKind::Duty) && !duty_text.starts_with('的');
        if !named {
            continue;
        }
        // 压实X的Y责任 (and X的Y责任和Z的W责任): each duty is its possessor's; the subject
        // only sees to it that they bear it.
        let possessed: Vec<(&str, &str)> = duty_text
            .split(['和', '、'])
            .map(|p| p.split_once('的').filter(|(x, y)| finder.classify(x).is_some() && (y.ends_with("责任") || y.ends_with("职责"))))
            .collect::<Option<_>>()
            .unwrap_or_default();
        if !possessed.is_empty() {
            for (x, y) in possessed {
                push(&mut out, x, None, y, dspan);
            }
            continue;
        }
        let holder =
            holder_before(lx, finder, text, region, vspan.start, false).or_else(|| item_owners.iter().find(|o| !o.is_collective() && !o.inherited).cloned());
        if let Some(h) = holder {
            // 主体责任和监督责任: two duties.
            let parts: Vec<&str> = duty_text.split(['和', '、']).collect();
            if parts.len() > 1 && parts.iter().all(|p| p.ends_with("责任") || p.ends_with("职责")) {
                for p in parts {
                    // X的Y责任: X holds it (建设单位的质量责任和监理单位的监督责任).
                    let (owner, duty) = match p.rsplit_once('的') {
                        Some((x, y)) if finder.classify(x.trim_start_matches(['好', '起'])).is_some() => (x.trim_start_matches(['好', '起']).to_string(), y),
                        _ => (h.text.clone(), p.rsplit('的').next().unwrap_or(p)),
                    };
                    push(&mut out, &owner, h.resolved.clone(), duty, dspan);
                }
            } else {
                push(&mut out, &h.text, h.resolved.clone(), duty_text, dspan);
            }
        }
    }
    // Duty words from the lexicon: 一岗双责, 牵头抓总, 负首责、负总责, 党委的主体责任.
    let duties = &lx.duties;
    let mut hits: Vec<(usize, &str)> = Vec::new();
    // Each duty word's occurrences, none overlapping another of the same word (as repeated
    // str::find gives them), from one pass of the lexicon's trie.
    let mut last: Option<(&str, usize)> = None;
    for (word, _, r) in duties.occurrences(s).into_iter().filter(|(_, k, _)| *k == DutyKind::Duty) {
        if last.is_some_and(|(w, end)| std::ptr::eq(w, word) && r.start < end) {
            continue;
        }
        last = Some((word, r.end));
        hits.push((r.start, word));
    }
    // In text order, longest first at one place.
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
    let mut covered_to = 0usize;
    for (a, word) in hits {
        if a < covered_to {
            continue;
        }
        let mut from = a + word.len();
        let start = region.start + s[..a].chars().count();
        let mut span = Span::new(start, start + word.chars().count());
        if out.iter().any(|r| r.span.start <= span.start && span.end <= r.span.end) {
            covered_to = from;
            continue;
        }
        // 负首责、负总责: one duty.
        if let Some(rest) = s[from..].strip_prefix('、') {
            if let Some((next, _)) = duties.prefix_entry(rest, |k| k == DutyKind::Duty) {
                span.end += 1 + next.chars().count();
                from += '、'.len_utf8() + next.len();
            }
        }
        covered_to = from;
        // Not in the statement of a problem: 关于落实主体责任不到位的问题.
        if s[from..].starts_with('不') || s[from..].starts_with("的问题") {
            continue;
        }
        let duty_text = text.slice(span).to_string();
        let holder = if s[..a].ends_with('的') { holder_before(lx, finder, text, region, span.start - 1, true) } else { None }
            .or_else(|| holder_before(lx, finder, text, region, span.start, false))
            .or_else(|| item_owners.iter().find(|o| !o.is_collective() && !o.inherited).cloned());
        if let Some(h) = holder {
            push(&mut out, &h.text, h.resolved.clone(), &duty_text, span);
        }
    }
    // A post in a leading group before a name: 巡察整改工作领导小组组长杨文明.
    for c in pats.group_post.captures_iter(s) {
        let m = c.get(0).expect("match");
        let span = char_span(region, s, m);
        let person = |at: usize| finder.person_at(at).map(str::to_string).or_else(|| placeholder_person(finder, text, at));
        let Some(name) = person(span.end) else {
            continue;
        };
        push(&mut out, &name, None, &c[3], span);
        // The posts listed after it: 组长王××、副组长陈××、成员…
        let mut at = span.end + name.chars().count();
        while text.char(at).is_some_and(|c| c == '、' || c == '，' || c == ',') && at < region.end {
            let rest = text.slice(Span::new(at + 1, region.end));
            let Some((post, _)) = lx.duties.prefix_entry(rest, |k| k == DutyKind::Role) else {
                break;
            };
            let post_end = at + 1 + post.chars().count();
            let Some(next) = person(post_end) else { break };
            push(&mut out, &next, None, post, Span::new(at + 1, post_end));
            at = post_end + next.chars().count();
        }
    }
    // 由X负责/牵头, and X负责/牵头 + a task: (X, 负责), (X, 牵头) (SPEC §3).
    for c in crate::extract::owner::labelled::by_whom().captures_iter(s) {
        let (m, verb) = (c.get(1).expect("name"), c.get(2).expect("verb"));
        if !matches!(verb.as_str(), "牵头" | "负责" | "具体负责" | "分工负责") {
            continue;
        }
        let span = char_span(region, s, m);
        if let Some(parts) = finder.split_list(span) {
            for (p, _) in parts {
                push(&mut out, text.slice(p), None, verb.as_str(), p);
            }
        }
    }
    for (names, verb_at) in finder.assigning_subjects(region) {
        let verb = if text.slice(Span::new(verb_at, verb_at + 2)) == "牵头" { "牵头" } else { "负责" };
        for (p, _) in names {
            push(&mut out, text.slice(p), None, verb, p);
        }
    }
    // 主责单位（包括A、B、C）.
    for c in pats.listed_units.captures_iter(s) {
        let list = c.get(2).expect("list");
        let span = char_span(region, s, list);
        for name in list.as_str().split(['、', '，', ',']) {
            let name = name.trim();
            if finder.classify(name).is_some() {
                push(&mut out, name, None, &c[1], span);
            }
        }
    }
    // Labelled lines: 牵头单位：区发改局.
    for line in crate::extract::owner::labelled_lines(lx, s) {
        for (range, name) in line.names {
            let start = region.start + s[..range.start].chars().count();
            push(&mut out, name, None, line.label, Span::new(start, start + name.chars().count()));
        }
    }
    out
}

/// The owner that holds a duty found at `at`: the name right before it (adverbs skipped),
/// else, unless `adjacent_only`, the subject of the clause, of a copula (X是…第一责任人) or
/// of the sentence.
fn holder_before(lx: &Lexicons, finder: &OwnerFinder, text: &CharText, region: Span, at: usize, adjacent_only: bool) -> Option<Owner> {
    holders_before(lx, finder, text, region, at, adjacent_only).into_iter().next()
}

/// The owners that hold a duty found at `at`, as [`holder_before`] finds the first: every
/// name of a list right before it (县财政局、县人社局为配合单位).
fn holders_before(lx: &Lexicons, finder: &OwnerFinder, text: &CharText, region: Span, at: usize, adjacent_only: bool) -> Vec<Owner> {
    // Back to the start of the sentence.
    // Looking back at most one long sentence (a text without punctuation stays linear).
    let floor = region.start.max(at.saturating_sub(MAX_SENTENCE));
    let mut sent_start = at;
    while sent_start > floor && !text.char(sent_start - 1).is_some_and(|c| matches!(c, '。' | '；' | ';' | '！' | '？' | '\n')) {
        sent_start -= 1;
    }
    let mut clause_start = at;
    while clause_start > sent_start && !text.char(clause_start - 1).is_some_and(|c| matches!(c, '，' | ',' | '：' | ':' | '由')) {
        clause_start -= 1;
    }
    // Strip adverbs before the verb: 党组书记严格履行 → 党组书记.
    let mut end = at;
    let adverbs = &lx.adverbs;
    loop {
        let before = text.slice(Span::new(clause_start, end));
        let strip = lx
            .clause_words
            .suffix_entry(before, |l| l == ClauseWord::Link)
            .map(|(w, _)| w)
            .or_else(|| adverbs.suffix_entry(before, |_| true).map(|(w, _)| w).filter(|w| w.chars().count() > 1))
            .map(|w| w.chars().count())
            // A one-character word only as a word of its own (任, not the end of 主任).
            .filter(|&n| n > 1 || finder.is_token(Span::new(end - 1, end)));
        match strip {
            Some(n) if end - n > clause_start => end -= n,
            _ => break,
        }
    }
    // The longest name ending at `end`.
    for start in clause_start.max(end.saturating_sub(MAX_NAME))..end {
        let cand = text.slice(Span::new(start, end));
        if !finder.can_start_name(start, end) {
            continue;
        }
        if let Some(class) = finder.classify(cand) {
            let owners = finder.find(Span::new(start, (end + 8).min(region.end)));
            let listed: Vec<Owner> = owners.iter().filter(|o| o.span.start >= start && o.span.end <= end).cloned().collect();
            if listed.len() > 1 && listed[0].span.start == start {
                return listed;
            }
            return vec![owners.into_iter().find(|o| o.span.start == start).unwrap_or(Owner {
                text: cand.to_string(),
                class,
                role: None,
                resolved: None,
                inherited: false,
                span: Span::new(start, end),
            })];
        }
    }
    // Else the subject of the sentence, unless the sentence tells what happened (…反馈了…).
    if adjacent_only || text.slice(Span::new(sent_start, at)).contains('了') {
        return Vec::new();
    }
    // The subject of the duty's own clause (…，班子成员要落实“一岗双责”).
    if clause_start > sent_start {
        if let Some(o) = finder.find(Span::new(clause_start, at)).into_iter().find(|o| !o.is_collective() || o.text.starts_with('各')) {
            return vec![o];
        }
    }
    // A copula: X是…的第一责任人, X作为…责任主体.
    if let Some((span, class)) = finder.copula_subject(Span::new(clause_start, at)) {
        return vec![Owner { text: text.slice(span).to_string(), class, role: None, resolved: None, inherited: false, span }];
    }
    // A sentence that opens with a name and a comma: 市级牵头部门，能够履行牵头抓总责任.
    let first_clause_end = (sent_start..at).find(|&i| text.char(i).is_some_and(|c| c == '，' || c == ','));
    if let Some(e) = first_clause_end {
        let name = text.slice(Span::new(sent_start, e)).trim();
        if let Some(class) = finder.classify(name) {
            if class != crate::extract::owner::OwnerClass::Collective {
                return vec![Owner { text: name.to_string(), class, role: None, resolved: None, inherited: false, span: Span::new(sent_start, e) }];
            }
        }
    }
    finder.find(Span::new(sent_start, at)).into_iter().find(|o| !o.is_collective() || o.text.starts_with('各')).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::owner::Speaker;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let lx = crate::doc::testing::lexicons();
        let doc = Doc::for_test(text);
        let sp = Speaker::find(text);
        let f = OwnerFinder::new(lx, &doc, &sp);
        find(lx, &DutyPatterns::new(lx), &f, &doc.text, Span::new(0, doc.text.len()), &[]).into_iter().map(|r| (r.owner, r.duty)).collect()
    }

    fn has(ps: &[(String, String)], o: &str, d: &str) -> bool {
        ps.iter().any(|(a, b)| a == o && b == d)
    }

    #[test]
    fn taken_on_duties() {
        let ps = pairs("区纪委要种好“责任田”，履行好监督责任。");
        assert!(has(&ps, "区纪委", "监督责任"), "{ps:?}");
        let ps = pairs("党组书记严格履行第一责任人责任，对巡察整改负首责、负总责。");
        assert!(has(&ps, "党组书记", "第一责任人责任"), "{ps:?}");
        assert!(has(&ps, "党组书记", "负首责、负总责"), "{ps:?}");
    }

    #[test]
    fn group_roles() {
        let ps = pairs("成立领导小组，由我任组长，**同志任副组长，其他区委常委同志为成员。");
        assert!(has(&ps, "我", "组长"), "{ps:?}");
        assert!(has(&ps, "**同志", "副组长"), "{ps:?}");
        assert!(has(&ps, "其他区委常委同志", "成员"), "{ps:?}");
    }

    #[test]
    fn posts_of_a_group_after_the_first() {
        // In our own words: each clause of the list of posts names its holder.
        for (t, o, d) in [
            ("成立专班，由局长任组长，办公室主任任副组长。", "办公室主任", "副组长"),
            ("成立工作专班，由镇长任组长，党政办主任任副组长，各村支部书记为成员。", "党政办主任", "副组长"),
            ("成立督导组，由分管副县长任组长，县教育局局长任副组长。", "县教育局局长", "副组长"),
            ("成立领导小组，校长任组长，教务处处长任副组长。", "教务处处长", "副组长"),
        ] {
            let ps = pairs(t);
            assert!(has(&ps, o, d), "{t}: {ps:?}");
        }
    }

    #[test]
    fn holder_of_a_copula() {
        // In our own words: X是/作为…责任人 — X holds the duty.
        for (t, o, d) in [
            ("各村党支部书记是村级财务管理的第一责任人。", "各村党支部书记", "第一责任人"),
            ("校长是本校安全工作第一责任人，要每月开展一次隐患排查。", "校长", "第一责任人"),
            ("县水利局作为河道治理的责任主体，要落实好属地责任。", "县水利局", "属地责任"),
        ] {
            let ps = pairs(t);
            assert!(has(&ps, o, d), "{t}: {ps:?}");
        }
    }

    #[test]
    fn holder_of_its_own_clause() {
        // The subject of the duty's clause, not the first of the sentence.
        let ps = pairs("镇党委书记对安全生产负总责，各站所负责人要落实“一岗双责”。");
        assert!(has(&ps, "各站所负责人", "一岗双责") && !has(&ps, "镇党委书记", "一岗双责"), "{ps:?}");
        let ps = pairs("院长对医疗质量负总责，科室主任要履行好直接责任。");
        assert!(has(&ps, "科室主任", "直接责任") && !has(&ps, "院长", "直接责任"), "{ps:?}");
    }

    #[test]
    fn every_name_of_a_list_holds_the_role() {
        for (t, names, d) in [
            ("确定县交通局为牵头单位，县公安局、县应急局为配合单位。", &["县公安局", "县应急局"][..], "配合单位"),
            ("区发改委、区财政局、区住建局为协办单位。", &["区发改委", "区财政局", "区住建局"][..], "协办单位"),
        ] {
            let ps = pairs(t);
            for n in names {
                assert!(ps.iter().any(|(a, b)| a == n && b.contains(d)), "{t}: {n} {ps:?}");
            }
        }
    }

    #[test]
    fn posts_listed_after_a_group_post() {
        let ps = pairs("县委第二督导组组长李某某、副组长周某某、成员吴某某一行到镇督导。");
        assert!(has(&ps, "李某某", "组长") && has(&ps, "周某某", "副组长") && has(&ps, "吴某某", "成员"), "{ps:?}");
        assert!(!ps.iter().any(|(a, _)| a.contains('、')), "{ps:?}");
    }

    #[test]
    fn the_possessor_of_a_duty_holds_it() {
        // 压实X的Y责任: X bears it.
        for (t, o, d) in [
            ("要切实压实各乡镇的属地管理责任。", "各乡镇", "属地管理责任"),
            ("进一步压实县卫健委的行业监管主体责任，确保整改到位。", "县卫健委", "主体责任"),
            ("要压实街道党工委的主体责任和街道纪工委的监督责任。", "街道党工委", "主体责任"),
            ("要压实街道党工委的主体责任和街道纪工委的监督责任。", "街道纪工委", "监督责任"),
        ] {
            let ps = pairs(t);
            assert!(ps.iter().any(|(a, b)| a == o && b.contains(d)), "{t}: {ps:?}");
        }
    }

    #[test]
    fn owner_of_duty() {
        let ps = pairs("该是党委的主体责任，党委主动承担。");
        assert!(has(&ps, "党委", "主体责任"), "{ps:?}");
    }

    #[test]
    fn labelled_units() {
        let ps = pairs("牵头单位：区发改局\n责任单位：立山经济开发区，各街道");
        assert!(has(&ps, "区发改局", "牵头单位"));
        assert!(has(&ps, "各街道", "责任单位"));
    }

    #[test]
    fn nothing_without_a_holder() {
        assert!(pairs("明确时间表、路线图。").is_empty());
    }
}
