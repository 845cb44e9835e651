//! Word's automatic list numbering: the list definitions of `numbering.xml`, the numbering
//! properties of `styles.xml`, the running counters, and the number formats (`w:numFmt`:
//! Chinese counting, roman, letters, circled…) that turn a counter into the label a reader
//! sees (`一、`, `（二）`, `3.`).
//!
//! Every number read from the XML is clamped before use: list values to
//! `0..=`[`MAX_LIST_NUMBER`], levels to `0..=8`; counters saturate instead of overflowing.
//! Every number format gives a few chars at most (a letter label falls back to digits past
//! [`MAX_LETTER_REPEAT`] letters), and a label longer than [`MAX_LABEL_CHARS`] chars is an
//! error ([`DocxError::LabelTooLong`]), found without building it.

use super::{attr, id_attr, number_in, on, val, val_in, DocxError, Ns, Xml};
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};

/// The largest list value used: a `w:start` or `w:startOverride` past it, and a counter that
/// would pass it, stay at it.
pub const MAX_LIST_NUMBER: i64 = 999_999;

/// The most chars a list label (the number with its text, `（十二）`) may have.
pub const MAX_LABEL_CHARS: usize = 64;

/// A `w:lvlText` longer than this many chars cannot give a label within
/// [`MAX_LABEL_CHARS`] (each `%n` is two chars): using it is an error.
const MAX_LEVEL_TEXT_CHARS: usize = 4 * MAX_LABEL_CHARS;

/// The most list definitions and styles (together) a document may define.
pub const MAX_DEFINITIONS: usize = 100_000;

/// The most times a letter is repeated in `lowerLetter`/`upperLetter` (`aaaaaaaa` is 208);
/// larger numbers are written in digits.
pub const MAX_LETTER_REPEAT: usize = 8;

/// Word's list levels are 0 to 8.
const LEVELS: usize = 9;

/// What follows a list number (`w:suff`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    format: String,
    /// `w:lvlText` (empty when it is longer than [`MAX_LEVEL_TEXT_CHARS`]).
    text: String,
    /// The `w:lvlText` is longer than [`MAX_LEVEL_TEXT_CHARS`]: using it is an error.
    text_too_long: bool,
    suffix: Suffix,
    /// `w:lvlRestart`: restart after this (1-based) level; 0 never.
    restart: Option<u32>,
    /// `w:isLgl`: all numbers of the text in decimal.
    legal: bool,
}

/// A concrete list (`w:num`): an abstract definition plus overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<usize, i64>,
    level_overrides: HashMap<usize, Level>,
}

/// An abstract list definition (`w:abstractNum`).
#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: HashMap<usize, Level>,
    /// `w:numStyleLink`: the levels are those of the list this numbering style points to.
    style_link: Option<String>,
}

/// Numbering properties of a style.
#[derive(Debug, Clone, Default)]
struct StyleNum {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// List definitions and the numbering properties of styles.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// The numbering part, for errors.
    part: String,
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, StyleNum>,
    default_style: Option<String>,
}

/// Where a paragraph's numbering comes from: its own `w:numPr` and its style.
#[derive(Debug, Clone, Default)]
pub(super) struct ParaNum {
    pub(super) style: Option<String>,
    pub(super) num_id: Option<String>,
    pub(super) ilvl: Option<usize>,
}

/// The running counters of the lists, per abstract definition.
#[derive(Default)]
pub(super) struct Counters {
    values: HashMap<String, [Option<i64>; LEVELS]>,
    started: HashSet<String>,
}

/// A list level (`w:ilvl`) as read: `0..=8`, larger values are the last level.
pub(super) fn level_of(v: &str) -> Option<usize> {
    number_in(v, 0, LEVELS as i64 - 1).map(|l| l as usize)
}

impl Numbering {
    /// No definitions yet; `part` names the numbering part in errors.
    pub(super) fn new(part: &str) -> Self {
        Numbering { part: part.to_string(), ..Numbering::default() }
    }

    fn check_room(&self) -> Result<(), String> {
        if self.styles.len() + self.abstracts.len() + self.nums.len() >= MAX_DEFINITIONS {
            return Err(format!("more than {MAX_DEFINITIONS} list definitions and styles"));
        }
        Ok(())
    }

    /// Reads the numbering properties of the styles in `styles.xml`.
    pub(super) fn parse_styles(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut reader = Xml::new(xml);
        let mut current: Option<(String, StyleNum)> = None;
        let mut depth_in_ppr = 0usize;
        loop {
            let (ns, ev, _) = reader.next()?;
            let word = ns == Ns::Word;
            match ev {
                Event::Start(ref e) if word && matches!(e.local_name().as_ref(), b"style" | b"pPr") => match e.local_name().as_ref() {
                    b"style" => {
                        let id = id_attr(e, b"styleId").unwrap_or_default();
                        if attr(e, b"default").is_some_and(|d| d == "1" || d == "true") && attr(e, b"type").is_none_or(|t| t == "paragraph") {
                            self.default_style = Some(id.clone());
                        }
                        current = Some((id, StyleNum::default()));
                    }
                    b"pPr" => depth_in_ppr += 1,
                    _ => {}
                },
                Event::Empty(e) | Event::Start(e) if word => {
                    if let Some((_, s)) = current.as_mut() {
                        match e.local_name().as_ref() {
                            b"basedOn" => s.based_on = id_attr(&e, b"val"),
                            b"numId" if depth_in_ppr == 1 => s.num_id = id_attr(&e, b"val"),
                            b"ilvl" if depth_in_ppr == 1 => s.ilvl = val(&e).as_deref().and_then(level_of),
                            _ => {}
                        }
                    }
                }
                Event::End(e) if word => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((id, s)) = current.take() {
                            if !self.styles.contains_key(&id) {
                                self.check_room()?;
                            }
                            self.styles.insert(id, s);
                        }
                    }
                    b"pPr" => depth_in_ppr = depth_in_ppr.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Reads the list definitions of `numbering.xml`.
    pub(super) fn parse_numbering(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut reader = Xml::new(xml);
        let mut abs: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        loop {
            let (ns, ev, _) = reader.next()?;
            let word = ns == Ns::Word;
            let (e, empty) = match ev {
                Event::Start(e) if word => (e, false),
                Event::Empty(e) if word => (e, true),
                Event::End(e) if word => {
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            if let Some((id, a)) = abs.take() {
                                if !self.abstracts.contains_key(&id) {
                                    self.check_room()?;
                                }
                                self.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, n)) = num.take() {
                                if !self.nums.contains_key(&id) {
                                    self.check_room()?;
                                }
                                self.nums.insert(id, n);
                            }
                            override_lvl = None;
                        }
                        b"lvl" => finish_level(&mut lvl, &mut abs, &mut num, override_lvl),
                        b"lvlOverride" => override_lvl = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => {
                    continue;
                }
            };
            // A level attribute out of range names no level (not the last one): its
            // properties are left out.
            let ilvl = || attr(&e, b"ilvl").and_then(|v| v.trim().parse::<usize>().ok()).filter(|&l| l < LEVELS);
            match e.local_name().as_ref() {
                // An empty definition defines nothing (and must not take what follows).
                b"abstractNum" | b"num" if empty => {}
                b"abstractNum" => abs = Some((id_attr(&e, b"abstractNumId").unwrap_or_default(), AbstractNum::default())),
                b"num" => num = Some((id_attr(&e, b"numId").unwrap_or_default(), Num::default())),
                b"abstractNumId" => {
                    if let Some((_, n)) = num.as_mut() {
                        n.abstract_id = id_attr(&e, b"val").unwrap_or_default();
                    }
                }
                b"numStyleLink" => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.style_link = id_attr(&e, b"val");
                    }
                }
                b"lvlOverride" => override_lvl = ilvl(),
                b"startOverride" => {
                    if let (Some((_, n)), Some(l), Some(v)) = (num.as_mut(), override_lvl, val_in(&e, 0, MAX_LIST_NUMBER)) {
                        n.start_overrides.insert(l, v);
                    }
                }
                b"lvl" => {
                    lvl = ilvl().map(|l| (l, Level::default()));
                    if empty {
                        finish_level(&mut lvl, &mut abs, &mut num, override_lvl);
                    }
                }
                name => {
                    if let Some((_, l)) = lvl.as_mut() {
                        match name {
                            b"start" => l.start = val_in(&e, 0, MAX_LIST_NUMBER),
                            b"numFmt" => l.format = val(&e).unwrap_or_default(),
                            b"lvlText" => {
                                let text = val(&e).unwrap_or_default();
                                l.text_too_long = text.chars().count() > MAX_LEVEL_TEXT_CHARS;
                                l.text = if l.text_too_long { String::new() } else { text };
                            }
                            b"suff" => {
                                l.suffix = match val(&e).as_deref() {
                                    Some("space") => Suffix::Space,
                                    Some("nothing") => Suffix::Nothing,
                                    _ => Suffix::Tab,
                                }
                            }
                            b"lvlRestart" => l.restart = val_in(&e, 0, LEVELS as i64).map(|r| r as u32),
                            b"isLgl" => l.legal = on(&e),
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    /// The (list id, level) of a paragraph: its own `w:numPr`, else its style's (through
    /// `w:basedOn`). `None` when it is not numbered (`w:numId` 0 switches numbering off).
    fn resolve(&self, p: &ParaNum) -> Option<(String, usize)> {
        let mut num_id = p.num_id.clone();
        let mut ilvl = p.ilvl;
        let mut style = p.style.clone().or_else(|| self.default_style.clone());
        let mut seen = 0;
        while let (Some(id), true) = (style.take(), seen < 16) {
            seen += 1;
            let Some(s) = self.styles.get(&id) else { break };
            if num_id.is_none() {
                num_id = s.num_id.clone();
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            style = s.based_on.clone();
        }
        let num_id = num_id.filter(|n| n != "0")?;
        Some((num_id, ilvl.unwrap_or(0).min(LEVELS - 1)))
    }

    /// The abstract definition a list uses, following a numbering style link.
    fn abstract_of<'a>(&'a self, num: &'a Num) -> Option<(&'a str, &'a AbstractNum)> {
        let mut id = num.abstract_id.as_str();
        for _ in 0..4 {
            let a = self.abstracts.get(id)?;
            let Some(link) = &a.style_link else {
                return Some((id, a));
            };
            let linked = self.styles.get(link).and_then(|s| s.num_id.as_ref()).and_then(|n| self.nums.get(n))?;
            id = linked.abstract_id.as_str();
        }
        None
    }

    fn level<'a>(&'a self, num: &'a Num, a: &'a AbstractNum, ilvl: usize) -> Option<&'a Level> {
        num.level_overrides.get(&ilvl).or_else(|| a.levels.get(&ilvl))
    }

    /// Counts a numbered paragraph and returns the number as Word shows it (with what
    /// follows it), or `None` for a paragraph without a visible number.
    ///
    /// # Errors
    /// [`DocxError::LabelTooLong`] when the label would pass [`MAX_LABEL_CHARS`] chars.
    pub(super) fn next_label(&self, p: &ParaNum, counters: &mut Counters) -> Result<Option<String>, DocxError> {
        let Some((num_id, ilvl)) = self.resolve(p) else {
            return Ok(None);
        };
        let Some(num) = self.nums.get(&num_id) else {
            return Ok(None);
        };
        let Some((abs_id, a)) = self.abstract_of(num) else {
            return Ok(None);
        };
        let Some(lvl) = self.level(num, a, ilvl) else {
            return Ok(None);
        };
        let start = |l: usize| num.start_overrides.get(&l).copied().or_else(|| self.level(num, a, l).and_then(|x| x.start)).unwrap_or(1);
        let values = counters.values.entry(abs_id.to_string()).or_insert([None; LEVELS]);
        if counters.started.insert(num_id.clone()) {
            for &l in num.start_overrides.keys() {
                if l < LEVELS {
                    values[l] = None;
                }
            }
        }
        values[ilvl] = Some(match values[ilvl] {
            Some(v) => v.saturating_add(1).min(MAX_LIST_NUMBER),
            None => start(ilvl),
        });
        for (d, v) in values.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = self.level(num, a, d).and_then(|x| x.restart).unwrap_or(d as u32);
            if restart != 0 && (ilvl as u32) < restart {
                *v = None;
            }
        }
        if lvl.format == "bullet" {
            return Ok(None);
        }
        let too_long = || DocxError::LabelTooLong { part: self.part.clone() };
        if lvl.text_too_long {
            return Err(too_long());
        }
        let mut label = String::new();
        let mut count = 0usize;
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k)) if (1..=9).contains(&k) => {
                    chars.next();
                    let l = (k - 1) as usize;
                    let n = values[l].unwrap_or_else(|| start(l));
                    let format = if lvl.legal { "decimal" } else { self.level(num, a, l).map(|x| x.format.as_str()).unwrap_or("decimal") };
                    let number = format_number(n, format);
                    count += number.chars().count();
                    label.push_str(&number);
                }
                _ => {
                    count += 1;
                    label.push(c);
                }
            }
            if count > MAX_LABEL_CHARS {
                return Err(too_long());
            }
        }
        if label.trim().is_empty() {
            return Ok(None);
        }
        if lvl.suffix != Suffix::Nothing && !ends_in_wide_punct(&label) {
            label.push(' ');
        }
        Ok(Some(label))
    }
}

/// True when a number ends in full-width punctuation (`一、`, `（一）`), which needs no
/// space after it; `1.` and `(1)` get one, as Word's tab shows it.
pub(super) fn ends_in_wide_punct(label: &str) -> bool {
    label.chars().last().is_some_and(|c| "、．）：，".contains(c))
}

fn finish_level(lvl: &mut Option<(usize, Level)>, abs: &mut Option<(String, AbstractNum)>, num: &mut Option<(String, Num)>, override_lvl: Option<usize>) {
    if let Some((l, level)) = lvl.take() {
        if let (Some((_, n)), Some(_)) = (num.as_mut(), override_lvl) {
            n.level_overrides.insert(l, level);
        } else if let Some((_, a)) = abs.as_mut() {
            a.levels.insert(l, level);
        }
    }
}

// Numerals: a number in Word's formats. These stay together (the integrator moves them to
// `text::numeral`); each gives a short string for any `i64`.

/// A number in one of Word's number formats (`w:numFmt`). Any `n` gives at most 20 chars:
/// out-of-range numbers are written in digits.
pub fn format_number(n: i64, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const GAN: &str = "甲乙丙丁戊己庚辛壬癸";
    const ZHI: &str = "子丑寅卯辰巳午未申酉戌亥";
    let nth = |set: &str| usize::try_from(n).ok().filter(|&i| i >= 1).and_then(|i| set.chars().nth(i - 1)).map(String::from);
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital"
        | "koreanCounting" => chinese_number(n, false),
        "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => chinese_number(n, true),
        "ideographTraditional" => nth(GAN).unwrap_or_else(|| n.to_string()),
        "ideographZodiac" => nth(ZHI).unwrap_or_else(|| n.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => nth(CIRCLED).unwrap_or_else(|| n.to_string()),
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c)).collect()
        }
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "lowerLetter" | "upperLetter" => letters(n, format == "upperLetter"),
        "lowerRoman" | "upperRoman" => {
            let r = roman(n);
            if format == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// 1 → a, 26 → z, 27 → aa, 28 → bb (Word's letters); in digits when it would take more
/// than [`MAX_LETTER_REPEAT`] letters, or for numbers below 1.
fn letters(n: i64, upper: bool) -> String {
    let Some(i) = n.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else {
        return n.to_string();
    };
    let repeat = i / 26 + 1;
    if repeat > MAX_LETTER_REPEAT {
        return n.to_string();
    }
    let base = if upper { b'A' } else { b'a' };
    std::iter::repeat_n((base + (i % 26) as u8) as char, repeat).collect()
}

/// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五; `legal` gives 壹拾, 贰佰… Numbers past
/// 9999 are written in digits.
pub fn chinese_number(n: i64, legal: bool) -> String {
    let (digits, units): (Vec<char>, [char; 3]) = if legal {
        ("零壹贰叁肆伍陆柒捌玖".chars().collect(), ['拾', '佰', '仟'])
    } else {
        ("〇一二三四五六七八九".chars().collect(), ['十', '百', '千'])
    };
    if !(0..10000).contains(&n) {
        return n.to_string();
    }
    if n == 0 {
        return digits[0].to_string();
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in ds.iter().enumerate() {
        let unit = match i {
            0 => Some(units[2]),
            1 => Some(units[1]),
            2 => Some(units[0]),
            _ => None,
        };
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十一, not 一十一 (but 一百一十).
        if !(i == 2 && d == 1 && out.is_empty() && !legal) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

/// 4 → IV, 1994 → MCMXCIV; numbers outside 1..4000 are written in digits.
pub fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table =
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(chinese_number(1, false), "一");
        assert_eq!(chinese_number(10, false), "十");
        assert_eq!(chinese_number(12, false), "十二");
        assert_eq!(chinese_number(20, false), "二十");
        assert_eq!(chinese_number(105, false), "一百零五");
        assert_eq!(chinese_number(110, false), "一百一十");
        assert_eq!(chinese_number(3, true), "叁");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
    }

    #[test]
    fn every_format_is_short_for_any_number() {
        let formats = [
            "decimal",
            "chineseCounting",
            "chineseLegalSimplified",
            "ideographTraditional",
            "ideographZodiac",
            "decimalEnclosedCircle",
            "decimalEnclosedParen",
            "decimalEnclosedFullstop",
            "decimalFullWidth",
            "decimalZero",
            "lowerLetter",
            "upperLetter",
            "lowerRoman",
            "upperRoman",
            "none",
            "bullet",
            "",
        ];
        let numbers = [i64::MIN, i64::MIN + 1, -1, 0, 1, 26, 27, 208, 209, 3999, 4000, 9999, 10_000, MAX_LIST_NUMBER, i64::MAX - 1, i64::MAX];
        for f in formats {
            for n in numbers {
                let s = format_number(n, f);
                assert!(s.chars().count() <= 22, "{f} {n}: {s}");
            }
        }
        assert_eq!(format_number(208, "lowerLetter"), "zzzzzzzz");
        assert_eq!(format_number(209, "lowerLetter"), "209");
        assert_eq!(format_number(i64::MAX, "lowerLetter"), i64::MAX.to_string());
    }

    #[test]
    fn levels_are_clamped() {
        assert_eq!(level_of("3"), Some(3));
        assert_eq!(level_of("99999999999999999999"), Some(8));
        assert_eq!(level_of("-1"), Some(0));
        assert_eq!(level_of("x"), None);
    }
}
