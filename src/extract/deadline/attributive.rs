//! What a time word attaches to: a verb of the item (a limit) or a noun (an attribute that
//! times nothing): 常态化开展 is a limit, 常态化疫情防控举措 is not; 今年完成 is, 今年的考核
//! 目标 is not (SPEC §3, deadlines). Read from the clause: 的, the tags of the next words,
//! quotation marks, the verb whose object holds the time word.

use crate::doc::Doc;
use crate::lexicon::labels::ClauseWord;
use crate::lexicon::Lexicons;
use crate::text::Span;

/// True when the word at char `ch` makes the time word before it attributive: 的, or a noun
/// (常态化|疫情防控, 及时|雨), not a verb (a task verb of `action_verbs.txt` whatever its tag:
/// 及时|报告) or an adverb.
pub(super) fn attributive(lx: &Lexicons, doc: &Doc, ch: usize) -> bool {
    if doc.text.char(ch) == Some('的') {
        return true;
    }
    let rest = doc.slice(Span::new(ch, (ch + 6).min(doc.text.len())));
    if lx.action_verbs.prefix_of(rest).is_some_and(|v| v.chars().count() > 1) {
        return false;
    }
    let Some(i) = doc.token_at(ch).and_then(|_| doc.token_index_holding(ch)) else {
        return false;
    };
    let tag = doc.token(i).tag;
    if tag == "vn" {
        // A verbal noun used as a noun: followed by a noun, a verb or a word of place (考核|
        // 指标, 工作|作了安排, 在下一阶段|工作|中).
        return i + 1 < doc.token_count() && {
            let n = doc.token(i + 1).tag;
            n.starts_with('n') || n.starts_with('v') || n == "f"
        };
    }
    (tag.starts_with('n') && tag != "nr") || tag == "j" || tag == "ng"
}

/// True when `after` (the text right after a time expression) opens with 的, or with a
/// count of times and 的 (每月一次的调度例会, 每周两次的巡查): the expression modifies the
/// noun after 的 and times no verb.
pub(super) fn before_de(after: &str) -> bool {
    let count = after.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二两三四五六七八九十几".contains(c));
    let count_len = after.len() - count.len();
    let rest = if count_len > 0 {
        match ["次", "轮", "回", "遍"].iter().find(|u| count.starts_with(**u)) {
            Some(u) => &count[u.len()..],
            None => return after.starts_with('的'),
        }
    } else {
        after
    };
    rest.starts_with('的')
}

/// True when char `ch` opens its clause: nothing but white space, an outline marker or 在
/// stands between the clause's start and `ch` (下一阶段，… / 在今后一个时期，…).
pub(super) fn opens_clause(doc: &Doc, ch: usize) -> bool {
    let start = doc.clause_of(ch).map_or(0, |c| c.start);
    let before = doc.slice(Span::new(start.min(ch), ch));
    let before = before.trim_end_matches(['在', '从']).trim();
    before.is_empty() || before.ends_with(['、', '）', ')', '.', '．', '是'])
}

/// The quotation around the expression at bytes `a..b` of `s`, as the byte range of its
/// marks (open to close, both included), when the quotation is short: a quoted phrase of at
/// most [`NAME_CHARS`] chars (“及时雨”, “马上就办”服务品牌, “一年一体检，五年一评估”) names a
/// thing, a slogan or a brand. A longer quotation is reported speech (“我承诺，今年修建…”)
/// and is read as any other text.
pub(super) fn quotation(s: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    const PAIRS: [(char, char); 4] = [('“', '”'), ('‘', '’'), ('「', '」'), ('『', '』')];
    let sentence_end = |c: char| crate::text::punct::is_sentence_end(c) || c == '\n';
    PAIRS.iter().find_map(|&(open, close)| {
        // Nearest quote mark before: an opening one; nearest after: a closing one.
        let (l, lc) = s[..a].char_indices().rev().take_while(|&(_, c)| !sentence_end(c)).find(|&(_, c)| c == open || c == close)?;
        let (r, rc) = s[b..].char_indices().take_while(|&(_, c)| !sentence_end(c)).find(|&(_, c)| c == open || c == close)?;
        let inner = s[l + lc.len_utf8()..b + r].chars().count();
        (lc == open && rc == close && inner <= NAME_CHARS).then_some((l, b + r + rc.len_utf8()))
    })
}

/// True when the expression at bytes `a..b` of `s` is part of a quoted name (see
/// [`quotation`]): a quotation holding more than the expression (“及时雨”), or one holding
/// only it that stands before a noun or after 的 (“马上就办”服务品牌, 身边的“马上办”). A
/// quotation of the bare expression elsewhere only stresses it (坚持“立行立改”).
pub(super) fn quoted_name(lx: &Lexicons, doc: &Doc, s: &str, a: usize, b: usize, char_at: impl Fn(usize) -> usize) -> bool {
    let Some((l, r)) = quotation(s, a, b) else {
        return false;
    };
    let open_len = s[l..].chars().next().map_or(0, char::len_utf8);
    let close_len = s[..r].chars().next_back().map_or(0, char::len_utf8);
    let bare = l + open_len == a && r - close_len == b;
    !bare || s[..l].ends_with('的') || attributive(lx, doc, char_at(r))
}

/// The longest quotation read as a name or slogan, in chars (see [`quotation`]).
const NAME_CHARS: usize = 12;

/// True when the time word at chars `a..b` modifies a noun in the object of another verb: a
/// content verb stands before it (past at most two nouns), and after it comes a noun
/// ([`attributive`]: 分析研判|上半年|经济形势) or, within three words, a noun of
/// `clause_words.txt` label `arrangement` (机制, 制度, 体系…) that names a standing
/// arrangement (建立群众诉求|及时|回应|机制, 健全|灾情|第一时间|报告|制度). A time word after a modal (要第一时间上报) or
/// before a verb and its object (督促各单位及时整改问题) times the verb.
pub(super) fn modifies_object(lx: &Lexicons, doc: &Doc, a: usize, b: usize) -> bool {
    if !in_object(lx, doc, a) {
        return false;
    }
    if attributive(lx, doc, b) {
        return true;
    }
    let Some(i) = doc.token_index_holding(b) else {
        return false;
    };
    // The words after it (past the rest of a token that holds the time word too: 及时发现),
    // verbs or nouns (报告 is tagged either way), up to the head.
    let first = if doc.token(i).span.start == b { i } else { i + 1 };
    let head = |w: &str| lx.clause_words.suffix_entry(w, |l| l == ClauseWord::Arrangement).is_some();
    (first..(first + 3).min(doc.token_count())).map(|j| doc.token(j)).take_while(|t| t.tag.starts_with('v') || t.tag.starts_with('n')).any(|t| head(t.word))
}

/// True when the word at char `ch` stands in the object of a content verb of its clause:
/// right after the verb, or after at most two nouns that follow it (分析|上半年, 健全|险情|
/// 第一时间). A modal or pledge word (要, 将, 确保: `commitment_cues.txt`) is no such verb.
pub(super) fn in_object(lx: &Lexicons, doc: &Doc, ch: usize) -> bool {
    let clause_start = doc.clause_of(ch).map_or(0, |c| c.start);
    for t in doc.tokens_before(ch).take_while(|t| t.span.start >= clause_start).take(3) {
        let noun = t.tag.starts_with('n') || t.tag == "j";
        if noun {
            continue;
        }
        // A preposition that governs a noun (对照, 围绕) counts; one of time (在, 于) does not.
        let verb = t.tag.starts_with('v') || lx.action_verbs.contains(t.word) || (t.tag == "p" && !matches!(t.word, "在" | "于" | "从" | "自" | "到" | "至"));
        return verb && !lx.commitment_cues.contains(t.word);
    }
    false
}
