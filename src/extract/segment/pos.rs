//! The part-of-speech tag of a word the dictionary does not hold, as jieba guesses it: for a
//! word with ASCII letters or digits `m` or `eng`; for a word with Chinese characters the
//! tag of the longest word that jieba's part-of-speech model (a hidden Markov model over
//! position-and-tag states) finds in it; else `x`.
//!
//! The model is jieba-rs's own, embedded by `build.rs` as flat tables read in place, so
//! nothing is parsed at start (jieba parses its 2.5 MB text model on first use, a fifth of a
//! start-up). The decoding follows jieba's exactly, ties included, so that the tags are the
//! ones `Jieba::tag` gives (`tests/segment_subset.rs` compares them).

use super::dict::meta::POS_TAGS;

/// u64 per state: the log-probability of starting in it.
static START: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_start.bin"));
/// f64 per pair of states, `[to][from]`: the log-probability of the transition.
static TRANS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_trans.bin"));
/// u32: the characters the model knows, ascending.
static CHARS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_chars.bin"));
/// u32: where each character's states start in `STATES`, then the end.
static ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_rows.bin"));
/// u16: the states each character can take, ascending per character.
static STATES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_states.bin"));
/// f64: the emission log-probability of each of those states.
static EMITS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pos_emits.bin"));

/// What cannot happen (jieba's value).
const MIN_FLOAT: f64 = -3.14e100;
/// States are `position * TAGS + tag`; positions are B, M, E, S.
const TAGS: usize = 64;
const STATE_COUNT: usize = 4 * TAGS;
const E: usize = 2;
const S: usize = 3;
/// The positions a state of each position may follow: B and S after E or S, M and E after
/// B or M.
const PREV_POS: [[usize; 2]; 4] = [[2, 3], [0, 1], [0, 1], [2, 3]];

fn f64_at(bytes: &[u8], i: usize) -> f64 {
    f64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"))
}

fn u32_at(bytes: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().expect("4 bytes"))
}

fn u16_at(bytes: &[u8], i: usize) -> u16 {
    u16::from_le_bytes(bytes[2 * i..2 * i + 2].try_into().expect("2 bytes"))
}

fn start(s: usize) -> f64 {
    f64_at(START, s)
}

fn trans(to: usize, from: usize) -> f64 {
    f64_at(TRANS, to * STATE_COUNT + from)
}

/// The states `c` can take, with their emission log-probabilities, ascending by state
/// (none for a character the model does not know).
fn states(c: char) -> impl Iterator<Item = (usize, f64)> {
    let n = CHARS.len() / 4;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if u32_at(CHARS, mid) < c as u32 {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let range = if lo < n && u32_at(CHARS, lo) == c as u32 { u32_at(ROWS, lo) as usize..u32_at(ROWS, lo + 1) as usize } else { 0..0 };
    range.map(|i| (u16_at(STATES, i) as usize, f64_at(EMITS, i)))
}

fn tag_name(state: usize) -> &'static str {
    POS_TAGS[state % TAGS]
}

/// The words the model finds in `text`, as (byte start, byte end, tag), in order; the part
/// it cannot account for is one word tagged `x`.
fn words(text: &str, mut emit: impl FnMut(usize, usize, &'static str)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    if n == 0 {
        return;
    }
    let end = text.len();
    if n == 1 {
        let mut best: Option<(f64, usize)> = None;
        for (s, em) in states(chars[0].1).filter(|&(s, _)| s / TAGS == S) {
            let p = start(s) + em;
            if p > MIN_FLOAT && best.is_none_or(|(b, _)| p >= b) {
                best = Some((p, s));
            }
        }
        emit(0, end, best.map_or("x", |(_, s)| tag_name(s)));
        return;
    }
    // The states reachable at the current character, ascending, with their best scores;
    // a state scoring MIN_FLOAT can never be chosen, so it is dropped.
    let mut live: Vec<(usize, f64)> = states(chars[0].1).map(|(s, em)| (s, start(s) + em)).filter(|&(_, p)| p > MIN_FLOAT).collect();
    if live.is_empty() {
        emit(0, end, "x");
        return;
    }
    let mut back = vec![u16::MAX; n * STATE_COUNT];
    let mut next: Vec<(usize, f64)> = Vec::new();
    for (t, &(_, c)) in chars.iter().enumerate().skip(1) {
        next.clear();
        // The live states are ascending, so those of one position are a run of them.
        let group = |pos: usize| {
            let a = live.partition_point(|&(s, _)| s / TAGS < pos);
            let b = live.partition_point(|&(s, _)| s / TAGS <= pos);
            &live[a..b]
        };
        let groups = [group(0), group(1), group(2), group(3)];
        for (s, em) in states(c) {
            let mut best = MIN_FLOAT;
            let mut best_prev = u16::MAX;
            for &pp in &PREV_POS[s / TAGS] {
                for &(ps, pv) in groups[pp] {
                    let tp = trans(s, ps);
                    if tp <= MIN_FLOAT {
                        continue;
                    }
                    let p = pv + tp + em;
                    if p > best {
                        best = p;
                        best_prev = ps as u16;
                    }
                }
            }
            back[t * STATE_COUNT + s] = best_prev;
            if best > MIN_FLOAT {
                next.push((s, best));
            }
        }
        std::mem::swap(&mut live, &mut next);
        if live.is_empty() {
            emit(0, end, "x");
            return;
        }
    }
    // The best final state that ends a word (E, then S, first best kept).
    let mut best = MIN_FLOAT;
    let mut last = usize::MAX;
    for pos in [E, S] {
        for &(s, p) in live.iter().filter(|(s, _)| s / TAGS == pos) {
            if p > best {
                best = p;
                last = s;
            }
        }
    }
    if last == usize::MAX || best <= MIN_FLOAT {
        emit(0, end, "x");
        return;
    }
    let mut path = vec![0usize; n];
    path[n - 1] = last;
    for t in (1..n).rev() {
        path[t - 1] = back[t * STATE_COUNT + path[t]] as usize;
    }
    let mut word_start = 0;
    let mut last_end = None;
    for (t, &s) in path.iter().enumerate() {
        let byte_end = chars.get(t + 1).map_or(end, |&(b, _)| b);
        match s / TAGS {
            0 => word_start = chars[t].0,
            E => {
                emit(word_start, byte_end, tag_name(s));
                last_end = Some(byte_end);
            }
            S => {
                emit(chars[t].0, byte_end, tag_name(s));
                last_end = Some(byte_end);
            }
            _ => {}
        }
    }
    match last_end {
        None => emit(0, end, "x"),
        Some(b) if b < end => emit(b, end, "x"),
        Some(_) => {}
    }
}

/// True for a character of the CJK Unified Ideographs blocks (the main block and its
/// extensions, and the compatibility ideographs), as jieba counts them.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// jieba's guess of the tag of a word that is not in the dictionary (see the module doc):
/// the tag of the longest word the model finds (the last of the longest on a tie).
pub fn guess(word: &str) -> &'static str {
    let (mut alnum, mut digits) = (0, 0);
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            alnum += 1;
            digits += usize::from(c.is_ascii_digit());
        }
    }
    if alnum > 0 {
        return if alnum == digits { "m" } else { "eng" };
    }
    if !word.chars().any(is_cjk) {
        return "x";
    }
    let mut best: Option<(usize, &'static str)> = None;
    words(word, |a, b, tag| {
        if best.is_none_or(|(len, _)| b - a >= len) {
            best = Some((b - a, tag));
        }
    });
    best.map_or("x", |(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_as_jieba_tags_unknown_words() {
        // The examples of jieba-rs's own tests of its tagger.
        let mut ws = Vec::new();
        let text = "我来到北京清华大学";
        words(text, |a, b, t| ws.push(format!("{}/{t}", &text[a..b])));
        assert_eq!(ws, ["我/r", "来/v", "到/v", "北京/ns", "清华大学/nt"]);
        assert_eq!(guess("张尧"), "nr");
        assert_eq!(guess("2024"), "m");
        assert_eq!(guess("A4纸"), "eng");
        assert_eq!(guess("，"), "x");
    }
}
