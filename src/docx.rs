//! Word (.docx) input: the text of the main document part, paragraph by paragraph in
//! document order, with tables and Word's automatic list numbering rendered into text that
//! the outline parser and the owner finder already understand.
//!
//! * Elements are matched by namespace URI and local name (WordprocessingML, transitional or
//!   strict), never by the literal prefix, so `w:p`, `ns0:p` and a default-namespace `p`
//!   written by LibreOffice, WPS or a script are all the same paragraph.
//! * Automatic numbering (`w:numPr` on the paragraph or on its style, resolved through
//!   `numbering.xml`) is rendered into the text: a paragraph numbered `%1、` with
//!   `chineseCounting` reads `一、…`, one numbered `（%1）` reads `（一）…`, `%1.` with
//!   `decimal` reads `1.…`. Bullets are not rendered.
//! * A table whose header names owner or time-limit columns (责任单位, 牵头单位, 责任领导,
//!   完成时限…) is a ledger table: each data row becomes an item — its 序号 as a marker
//!   (`1.`; numbered in row order when the table has no 序号 column), its task text (整改措施,
//!   任务, 内容…; else the 问题 column), then one labelled line per other column
//!   (`问题：…`, `责任单位：…`, `完成时限：…`). The task text is broken after its first
//!   sentence so that the numbered line is a heading and the labelled lines stay inside the
//!   item. Other tables give one line per row, cells separated by tabs.
//! * Deleted text of tracked changes, field codes, hidden runs and the fallback copies of
//!   `mc:AlternateContent` are left out.
//!
//! Every part is unpacked with a bound ([`MAX_PART_BYTES`]), so a zip bomb is an error,
//! not an outage.

use crate::input::{Document, InputError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// The most bytes any part of a .docx (the document, its numbering or styles) may unpack to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The WordprocessingML namespaces: transitional and strict.
const W_NS: [&[u8]; 2] =
    [b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"];
/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a .docx file's text.
pub fn read_docx(source: &str, bytes: &[u8]) -> Result<Document, InputError> {
    let bad = |p: String| InputError::new(source, p);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(format!("not a valid .docx (zip) file: {e}")))?;
    let main = read_part(&mut zip, "_rels/.rels")
        .map_err(&bad)?
        .and_then(|rels| relationship_target(&rels, "", "/officeDocument"))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let xml = read_part(&mut zip, &main).map_err(&bad)?.ok_or_else(|| bad(format!("not a Word document: no {main} inside")))?;
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels = read_part(&mut zip, &format!("{}_rels/{file}.rels", if dir.is_empty() { String::new() } else { format!("{dir}/") }))
        .map_err(&bad)?;
    let part_of =
        |kind: &str, default: &str| rels.as_deref().and_then(|r| relationship_target(r, dir, kind)).unwrap_or_else(|| default.to_string());
    let numbering_name = part_of("/numbering", "word/numbering.xml");
    let styles_name = part_of("/styles", "word/styles.xml");
    let mut numbering = Numbering::default();
    if let Some(x) = read_part(&mut zip, &styles_name).map_err(&bad)? {
        numbering.parse_styles(&x).map_err(|e| bad(format!("broken {styles_name}: {e}")))?;
    }
    if let Some(x) = read_part(&mut zip, &numbering_name).map_err(&bad)? {
        numbering.parse_numbering(&x).map_err(|e| bad(format!("broken {numbering_name}: {e}")))?;
    }
    let text = render(&xml, &numbering).map_err(|e| bad(format!("broken {main}: {e}")))?;
    if text.trim().is_empty() {
        return Err(bad("the document has no text".to_string()));
    }
    Ok(Document { source: source.to_string(), text, encoding: "docx".to_string() })
}

/// The text of a `document.xml` without numbering definitions: one line per paragraph,
/// tables rendered as described in the module documentation.
pub fn document_text(xml: &[u8]) -> Result<String, String> {
    render(xml, &Numbering::default())
}

/// Unpacks one part, `None` when the archive has no such part. The bound holds whatever
/// size the zip directory claims.
fn read_part<R: std::io::Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot unpack {name}: {e}")),
    };
    let over = || format!("{name} unpacks to more than {MAX_PART_BYTES} bytes (a zip bomb, or too large a document)");
    if part.size() > MAX_PART_BYTES {
        return Err(over());
    }
    let mut buf = Vec::with_capacity(part.size() as usize);
    part.take(MAX_PART_BYTES + 1).read_to_end(&mut buf).map_err(|e| format!("cannot unpack {name}: {e}"))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(over());
    }
    Ok(Some(buf))
}

/// The target of the first relationship whose type ends with `kind`, as a part name
/// resolved against `base_dir`.
fn relationship_target(rels: &[u8], base_dir: &str, kind: &str) -> Option<String> {
    let mut reader = NsReader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let ty = attr(&e, b"Type").unwrap_or_default();
                let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                if ty.ends_with(kind) && !external {
                    return attr(&e, b"Target").map(|t| resolve_part(base_dir, &t));
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A relationship target as a part name: absolute (`/word/x.xml`) or relative to `base_dir`.
fn resolve_part(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { base_dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The value of the attribute with this local name, whatever its prefix.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// `w:val` of an element.
fn val(e: &BytesStart) -> Option<String> {
    attr(e, b"val")
}

/// An on/off property (`<w:isLgl/>`, `<w:vanish w:val="false"/>`).
fn on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// Which vocabulary an element belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML (or no namespace at all, for hand-written XML).
    Word,
    /// Markup compatibility.
    Mc,
    /// Anything else (DrawingML, vendor extensions…).
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(ns) if W_NS.contains(&ns.as_ref()) => Ns::Word,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NS => Ns::Mc,
        ResolveResult::Unbound => Ns::Word,
        _ => Ns::Other,
    }
}

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
    text: String,
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
struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, StyleNum>,
    default_style: Option<String>,
}

/// Where a paragraph's numbering comes from: its own `w:numPr` and its style.
#[derive(Debug, Clone, Default)]
struct ParaNum {
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// The running counters of the lists, per abstract definition.
#[derive(Default)]
struct Counters {
    values: HashMap<String, [Option<i64>; 9]>,
    started: HashSet<String>,
}

impl Numbering {
    fn parse_styles(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut current: Option<(String, StyleNum)> = None;
        let mut depth_in_ppr = 0usize;
        loop {
            let (ns, ev) = reader.read_resolved_event_into(&mut buf).map_err(|e| e.to_string())?;
            let word = ns_of(&ns) == Ns::Word;
            match ev {
                Event::Start(ref e) if word && matches!(e.local_name().as_ref(), b"style" | b"pPr") => match e.local_name().as_ref() {
                    b"style" => {
                        let id = attr(e, b"styleId").unwrap_or_default();
                        if attr(e, b"default").is_some_and(|d| d == "1" || d == "true") && attr(e, b"type").is_none_or(|t| t == "paragraph")
                        {
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
                            b"basedOn" => s.based_on = val(&e),
                            b"numId" if depth_in_ppr == 1 => s.num_id = val(&e),
                            b"ilvl" if depth_in_ppr == 1 => s.ilvl = val(&e).and_then(|v| v.parse().ok()),
                            _ => {}
                        }
                    }
                }
                Event::End(e) if word => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((id, s)) = current.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    b"pPr" => depth_in_ppr = depth_in_ppr.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn parse_numbering(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut abs: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        loop {
            let (ns, ev) = reader.read_resolved_event_into(&mut buf).map_err(|e| e.to_string())?;
            let word = ns_of(&ns) == Ns::Word;
            let (e, empty) = match ev {
                Event::Start(e) if word => (e, false),
                Event::Empty(e) if word => (e, true),
                Event::End(e) if word => {
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            if let Some((id, a)) = abs.take() {
                                self.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, n)) = num.take() {
                                self.nums.insert(id, n);
                            }
                            override_lvl = None;
                        }
                        b"lvl" => finish_level(&mut lvl, &mut abs, &mut num, override_lvl),
                        b"lvlOverride" => override_lvl = None,
                        _ => {}
                    }
                    buf.clear();
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => {
                    buf.clear();
                    continue;
                }
            };
            let ilvl = || attr(&e, b"ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|&l| l < 9);
            match e.local_name().as_ref() {
                b"abstractNum" => abs = Some((attr(&e, b"abstractNumId").unwrap_or_default(), AbstractNum::default())),
                b"num" => num = Some((attr(&e, b"numId").unwrap_or_default(), Num::default())),
                b"abstractNumId" => {
                    if let Some((_, n)) = num.as_mut() {
                        n.abstract_id = val(&e).unwrap_or_default();
                    }
                }
                b"numStyleLink" => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.style_link = val(&e);
                    }
                }
                b"lvlOverride" => override_lvl = ilvl(),
                b"startOverride" => {
                    if let (Some((_, n)), Some(l), Some(v)) = (num.as_mut(), override_lvl, val(&e).and_then(|v| v.parse().ok())) {
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
                            b"start" => l.start = val(&e).and_then(|v| v.parse().ok()),
                            b"numFmt" => l.format = val(&e).unwrap_or_default(),
                            b"lvlText" => l.text = val(&e).unwrap_or_default(),
                            b"suff" => {
                                l.suffix = match val(&e).as_deref() {
                                    Some("space") => Suffix::Space,
                                    Some("nothing") => Suffix::Nothing,
                                    _ => Suffix::Tab,
                                }
                            }
                            b"lvlRestart" => l.restart = val(&e).and_then(|v| v.parse().ok()),
                            b"isLgl" => l.legal = on(&e),
                            _ => {}
                        }
                    }
                }
            }
            buf.clear();
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
        Some((num_id, ilvl.unwrap_or(0).min(8)))
    }

    /// The abstract definition a list uses, following a numbering style link.
    fn abstract_of<'a>(&'a self, num: &'a Num) -> Option<(&'a str, &'a AbstractNum)> {
        let mut id = num.abstract_id.as_str();
        for _ in 0..4 {
            let a = self.abstracts.get(id)?;
            let Some(link) = &a.style_link else { return Some((id, a)) };
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
    fn next_label(&self, p: &ParaNum, counters: &mut Counters) -> Option<String> {
        let (num_id, ilvl) = self.resolve(p)?;
        let num = self.nums.get(&num_id)?;
        let (abs_id, a) = self.abstract_of(num)?;
        let lvl = self.level(num, a, ilvl)?;
        let start = |l: usize| num.start_overrides.get(&l).copied().or_else(|| self.level(num, a, l).and_then(|x| x.start)).unwrap_or(1);
        let values = counters.values.entry(abs_id.to_string()).or_insert([None; 9]);
        if counters.started.insert(num_id.clone()) {
            for &l in num.start_overrides.keys() {
                if l < 9 {
                    values[l] = None;
                }
            }
        }
        values[ilvl] = Some(values[ilvl].map(|v| v + 1).unwrap_or_else(|| start(ilvl)));
        for (d, v) in values.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = self.level(num, a, d).and_then(|x| x.restart).unwrap_or(d as u32);
            if restart != 0 && (ilvl as u32) < restart {
                *v = None;
            }
        }
        if lvl.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k)) if (1..=9).contains(&k) => {
                    chars.next();
                    let l = (k - 1) as usize;
                    let n = values[l].unwrap_or_else(|| start(l));
                    let format = if lvl.legal { "decimal" } else { self.level(num, a, l).map(|x| x.format.as_str()).unwrap_or("decimal") };
                    label.push_str(&format_number(n, format));
                }
                _ => label.push(c),
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        if lvl.suffix != Suffix::Nothing && !ends_in_wide_punct(&label) {
            label.push(' ');
        }
        Some(label)
    }
}

/// True when a number ends in full-width punctuation (`一、`, `（一）`), which needs no
/// space after it; `1.` and `(1)` get one, as Word's tab shows it.
fn ends_in_wide_punct(label: &str) -> bool {
    label.chars().last().is_some_and(|c| "、．）：，".contains(c))
}

fn finish_level(
    lvl: &mut Option<(usize, Level)>,
    abs: &mut Option<(String, AbstractNum)>,
    num: &mut Option<(String, Num)>,
    override_lvl: Option<usize>,
) {
    if let Some((l, level)) = lvl.take() {
        if let (Some((_, n)), Some(_)) = (num.as_mut(), override_lvl) {
            n.level_overrides.insert(l, level);
        } else if let Some((_, a)) = abs.as_mut() {
            a.levels.insert(l, level);
        }
    }
}

/// A number in one of Word's number formats (`w:numFmt`).
fn format_number(n: i64, format: &str) -> String {
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
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            nth(CIRCLED).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c)).collect()
        }
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "lowerLetter" | "upperLetter" => {
            let Ok(i) = usize::try_from(n - 1) else { return n.to_string() };
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            std::iter::repeat_n((base + (i % 26) as u8) as char, i / 26 + 1).collect()
        }
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

/// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五; `legal` gives 壹拾, 贰佰… Numbers past
/// 9999 are written in digits.
fn chinese_number(n: i64, legal: bool) -> String {
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

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
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

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num: ParaNum,
    in_ppr: bool,
    in_num_pr: bool,
    in_run: bool,
    in_rpr: bool,
    hidden: bool,
    in_t: bool,
}

/// How a merged cell continues (`w:vMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// A table cell: its paragraphs, grid column and span.
#[derive(Debug, Clone)]
struct Cell {
    paras: Vec<String>,
    col: usize,
    span: usize,
    merge: Merge,
}

/// A table being read.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Option<Cell>,
    col: usize,
    in_tcpr: bool,
    in_trpr: bool,
}

/// Elements whose whole content is left out: deleted or moved-away text, the old
/// properties of tracked changes, field codes, and the fallback copy of alternate content.
fn skipped(ns: Ns, local: &[u8]) -> bool {
    match ns {
        Ns::Word => matches!(
            local,
            b"del"
                | b"moveFrom"
                | b"delText"
                | b"instrText"
                | b"delInstrText"
                | b"pPrChange"
                | b"rPrChange"
                | b"sectPrChange"
                | b"tblPrChange"
                | b"trPrChange"
                | b"tcPrChange"
                | b"numberingChange"
        ),
        Ns::Mc => local == b"Fallback",
        Ns::Other => false,
    }
}

/// Renders `document.xml` as text.
fn render(xml: &[u8], numbering: &Numbering) -> Result<String, String> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut counters = Counters::default();
    let mut skip = 0usize;
    loop {
        let (ns, ev) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, ev)) => (ns_of(&ns), ev),
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        };
        match ev {
            Event::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if skip > 0 || skipped(ns, local) {
                    skip += 1;
                } else if ns == Ns::Word {
                    start_element(local, &e, false, &mut paras, &mut tables);
                }
            }
            Event::Empty(e) if skip == 0 && ns == Ns::Word => {
                let local = e.local_name();
                start_element(local.as_ref(), &e, true, &mut paras, &mut tables);
                // An empty element also ends.
                end_element(local.as_ref(), &mut paras, &mut tables, &mut out, numbering, &mut counters);
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else if ns == Ns::Word {
                    end_element(e.local_name().as_ref(), &mut paras, &mut tables, &mut out, numbering, &mut counters);
                }
            }
            Event::Text(t) if skip == 0 => {
                if let Some(p) = paras.last_mut().filter(|p| p.in_t && !p.hidden) {
                    p.text.push_str(&t.unescape().map_err(|e| e.to_string())?);
                }
            }
            Event::CData(t) if skip == 0 => {
                if let Some(p) = paras.last_mut().filter(|p| p.in_t && !p.hidden) {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // A truncated document: keep what was read.
    while let Some(p) = paras.pop() {
        emit_lines(&p.text, &mut tables, &mut out);
    }
    Ok(out)
}

fn start_element(local: &[u8], e: &BytesStart, empty: bool, paras: &mut Vec<Para>, tables: &mut Vec<Table>) {
    match local {
        b"p" => paras.push(Para::default()),
        b"tbl" => tables.push(Table::default()),
        b"tr" => {
            if let Some(t) = tables.last_mut() {
                t.row.clear();
                t.col = 0;
            }
        }
        b"trPr" => {
            if let Some(t) = tables.last_mut() {
                t.in_trpr = !empty;
            }
        }
        b"gridBefore" => {
            if let Some(t) = tables.last_mut().filter(|t| t.in_trpr) {
                t.col += val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
            }
        }
        b"tc" => {
            if let Some(t) = tables.last_mut() {
                t.cell = Some(Cell { paras: Vec::new(), col: t.col, span: 1, merge: Merge::None });
            }
        }
        b"tcPr" => {
            if let Some(t) = tables.last_mut() {
                t.in_tcpr = !empty;
            }
        }
        b"gridSpan" | b"vMerge" => {
            if let Some(t) = tables.last_mut().filter(|t| t.in_tcpr) {
                if let Some(c) = t.cell.as_mut() {
                    if local == b"gridSpan" {
                        c.span = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                    } else {
                        c.merge = if val(e).as_deref() == Some("restart") { Merge::Restart } else { Merge::Continue };
                    }
                }
            }
        }
        _ => {
            let Some(p) = paras.last_mut() else { return };
            match local {
                b"pPr" if !p.in_run => p.in_ppr = !empty,
                b"numPr" if p.in_ppr => p.in_num_pr = !empty,
                b"pStyle" if p.in_ppr => p.num.style = val(e),
                b"numId" if p.in_num_pr => p.num.num_id = val(e),
                b"ilvl" if p.in_num_pr => p.num.ilvl = val(e).and_then(|v| v.parse().ok()),
                b"r" => {
                    p.in_run = !empty;
                    p.hidden = false;
                }
                b"rPr" if p.in_run => p.in_rpr = !empty,
                b"vanish" | b"specVanish" if p.in_rpr => p.hidden = on(e),
                b"t" if p.in_run => p.in_t = !empty,
                b"tab" | b"ptab" if p.in_run && !p.in_rpr && !p.hidden => p.text.push('\t'),
                b"br" | b"cr" if p.in_run && !p.hidden => p.text.push('\n'),
                b"noBreakHyphen" if p.in_run && !p.hidden => p.text.push('-'),
                _ => {}
            }
        }
    }
}

fn end_element(
    local: &[u8],
    paras: &mut Vec<Para>,
    tables: &mut Vec<Table>,
    out: &mut String,
    numbering: &Numbering,
    counters: &mut Counters,
) {
    match local {
        b"p" => {
            let Some(p) = paras.pop() else { return };
            let text = match numbering.next_label(&p.num, counters) {
                Some(label) if !p.text.trim().is_empty() => format!("{label}{}", p.text.trim_start()),
                _ => p.text,
            };
            emit_lines(&text, tables, out);
        }
        b"tc" => {
            if let Some(t) = tables.last_mut() {
                if let Some(c) = t.cell.take() {
                    t.col = c.col + c.span;
                    t.row.push(c);
                }
            }
        }
        b"tr" => {
            if let Some(t) = tables.last_mut() {
                let row = std::mem::take(&mut t.row);
                t.rows.push(row);
            }
        }
        b"tbl" => {
            if let Some(t) = tables.pop() {
                let text = render_table(t.rows);
                if let Some(lines) = text.strip_suffix('\n') {
                    emit_lines(lines, tables, out);
                }
            }
        }
        b"trPr" => {
            if let Some(t) = tables.last_mut() {
                t.in_trpr = false;
            }
        }
        b"tcPr" => {
            if let Some(t) = tables.last_mut() {
                t.in_tcpr = false;
            }
        }
        _ => {
            let Some(p) = paras.last_mut() else { return };
            match local {
                b"pPr" => p.in_ppr = false,
                b"numPr" => p.in_num_pr = false,
                b"r" => {
                    p.in_run = false;
                    p.hidden = false;
                }
                b"rPr" => p.in_rpr = false,
                b"t" => p.in_t = false,
                _ => {}
            }
        }
    }
}

/// Sends finished text to where it belongs: the open table cell, else the document.
fn emit_lines(text: &str, tables: &mut [Table], out: &mut String) {
    if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
        for line in text.split('\n') {
            let line = line.trim();
            if !line.is_empty() {
                cell.paras.push(line.to_string());
            }
        }
        return;
    }
    for line in text.split('\n') {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// What a table column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// 序号.
    Index,
    /// The task text (整改措施, 任务…), with a rank: the best-ranked column is the task.
    Task(u8),
    /// 问题.
    Problem,
    /// An owner column, with the label the owner finder knows.
    Owner(&'static str),
    /// A time limit.
    Deadline,
    /// Anything else (备注, 整改目标…).
    Other,
}

/// The labels of owner lines the owner finder reads (`责任单位：…`).
const OWNER_LABELS: [&str; 12] = [
    "牵头单位",
    "责任单位",
    "配合单位",
    "协办单位",
    "主责单位",
    "责任部门",
    "牵头部门",
    "配合部门",
    "责任领导",
    "牵头领导",
    "分管领导",
    "责任人",
];

fn role_of(header: &str) -> Role {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if h.is_empty() {
        return Role::Other;
    }
    if matches!(h.as_str(), "序号" | "编号" | "序" | "项次" | "No." | "NO." | "No" | "#") {
        return Role::Index;
    }
    if let Some(l) = OWNER_LABELS.iter().find(|l| h.contains(*l)) {
        return Role::Owner(l);
    }
    if h.contains("牵头") {
        return Role::Owner("牵头单位");
    }
    if h.contains("配合") || h.contains("协办") || h.contains("协同") {
        return Role::Owner("配合单位");
    }
    if h.contains("领导") {
        return Role::Owner("责任领导");
    }
    if h.contains("责任") && ["主体", "处室", "科室", "单位", "部门"].iter().any(|s| h.contains(s)) {
        return Role::Owner("责任单位");
    }
    if ["时限", "期限", "时间", "日期", "节点"].iter().any(|s| h.contains(s)) {
        return Role::Deadline;
    }
    if h.contains("措施") || h.contains("举措") {
        return Role::Task(3);
    }
    if h.contains("任务") {
        return Role::Task(2);
    }
    if h.contains("内容") || h.contains("事项") {
        return Role::Task(1);
    }
    if h.contains("问题") {
        return Role::Problem;
    }
    Role::Other
}

/// The text of a cell with its paragraphs joined by `sep`.
fn cell_text(c: &Cell, sep: &str) -> String {
    c.paras.join(sep)
}

/// Renders a table: a ledger table item by item, any other table row by row.
fn render_table(mut rows: Vec<Vec<Cell>>) -> String {
    // Vertically merged cells: a continuation cell is empty in the file; note what it
    // continues (the text above in the same grid column).
    for r in 1..rows.len() {
        let (above, below) = rows.split_at_mut(r);
        let prev = &above[r - 1];
        for c in below[0].iter_mut().filter(|c| c.merge == Merge::Continue && c.paras.is_empty()) {
            if let Some(p) = prev.iter().find(|p| p.col == c.col) {
                c.paras = p.paras.clone();
            }
        }
    }
    let header_at = rows.iter().take(3).position(|r| {
        let roles: Vec<Role> = r.iter().map(|c| role_of(&cell_text(c, ""))).collect();
        roles.iter().any(|r| matches!(r, Role::Owner(_) | Role::Deadline))
            && roles.iter().any(|r| matches!(r, Role::Index | Role::Task(_) | Role::Problem))
    });
    let mut out = String::new();
    let Some(h) = header_at else {
        for row in &rows {
            push_plain_row(&mut out, row);
        }
        return out;
    };
    for row in &rows[..h] {
        push_plain_row(&mut out, row);
    }
    let header = &rows[h];
    let named = |c: &Cell| {
        let name: String = cell_text(c, "").chars().filter(|c| !c.is_whitespace()).collect();
        let role = role_of(&name);
        (c.col, name, role)
    };
    let mut header_names: Vec<(usize, String, Role)> = header.iter().map(named).collect();
    // A second header row splits merged headings (责任主体 → 责任领导 | 责任单位).
    let mut first_data = h + 1;
    if let Some(sub) = rows.get(h + 1) {
        let cells: Vec<(usize, String, Role)> = sub.iter().filter(|c| c.merge != Merge::Continue && !c.paras.is_empty()).map(named).collect();
        if !cells.is_empty() && cells.iter().all(|(_, n, r)| *r != Role::Other && n.chars().count() <= 8) {
            header_names.retain(|(c, _, _)| !cells.iter().any(|(sc, _, _)| sc == c));
            header_names.extend(cells);
            header_names.sort_by_key(|(c, _, _)| *c);
            first_data = h + 2;
        }
    }
    let role_at = |col: usize| header_names.iter().rev().find(|(c, _, _)| *c <= col).map(|(c, n, r)| (*c, n.as_str(), *r));
    let task_col = header_names
        .iter()
        .filter_map(|(c, _, r)| match r {
            Role::Task(rank) => Some((*rank, std::cmp::Reverse(*c))),
            _ => None,
        })
        .max()
        .map(|(_, std::cmp::Reverse(c))| c)
        .or_else(|| header_names.iter().find(|(_, _, r)| *r == Role::Problem).map(|(c, _, _)| *c));
    let has_index = header_names.iter().any(|(_, _, r)| *r == Role::Index);
    let header_texts: Vec<String> = header.iter().map(|c| cell_text(c, "")).collect();
    let mut synthesized = 0usize;
    for row in &rows[first_data.min(rows.len())..] {
        // A repeated header row.
        if row.iter().map(|c| cell_text(c, "")).collect::<Vec<_>>() == header_texts {
            continue;
        }
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.paras.is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        // A section row spanning the table (一、政治建设方面).
        if filled.len() == 1 && filled[0].span > 1 {
            push_plain_row(&mut out, row);
            continue;
        }
        let mut marker = String::new();
        let mut task: Vec<String> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        let mut owners: Vec<String> = Vec::new();
        let mut limits: Vec<String> = Vec::new();
        for c in row {
            let Some((col, name, role)) = role_at(c.col) else { continue };
            let continued = c.merge == Merge::Continue;
            match role {
                Role::Index if !continued => marker = index_marker(&cell_text(c, " ")),
                _ if Some(col) == task_col && !continued => task.extend(c.paras.iter().cloned()),
                _ if Some(col) == task_col => {}
                Role::Owner(label) if !c.paras.is_empty() => owners.push(format!("{label}：{}", cell_text(c, "、"))),
                Role::Deadline if !c.paras.is_empty() => limits.push(format!("{name}：{}", cell_text(c, "；"))),
                Role::Index | Role::Owner(_) | Role::Deadline => {}
                _ if !continued && !c.paras.is_empty() => {
                    let text = cell_text(c, " ");
                    others.push(if name.is_empty() { text } else { format!("{name}：{text}") });
                }
                _ => {}
            }
        }
        if task.is_empty() && others.is_empty() {
            // Only owners or dates: they continue the item above.
            for l in owners.iter().chain(&limits) {
                out.push_str(l);
                out.push('\n');
            }
            continue;
        }
        if marker.is_empty() && !has_index && !task.is_empty() {
            synthesized += 1;
            marker = format!("{synthesized}. ");
        }
        if task.is_empty() {
            task.push(others.remove(0));
        }
        let mut lines: Vec<String> = Vec::new();
        let mut body = task.into_iter();
        if let Some(first) = body.next() {
            let (head, rest) = split_heading(&first);
            lines.push(format!("{marker}{head}"));
            if !rest.is_empty() {
                lines.push(rest);
            }
            lines.extend(body);
        }
        lines.extend(others);
        lines.extend(owners);
        lines.extend(limits);
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// A row as one line, cells separated by tabs.
fn push_plain_row(out: &mut String, row: &[Cell]) {
    let line = row.iter().filter(|c| c.merge != Merge::Continue).map(|c| cell_text(c, " ")).collect::<Vec<_>>().join("\t");
    if !line.trim().is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The marker a 序号 cell gives, with what follows it: `3` → `3. `, `三` → `（三）`; a
/// cell that is already a marker (`3.`, `（三）`, `三、`) stays as it is.
fn index_marker(cell: &str) -> String {
    let s = cell.trim();
    if s.is_empty() {
        return String::new();
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return format!("{s}. ");
    }
    if s.chars().all(|c| "一二三四五六七八九十百零〇".contains(c)) {
        return format!("（{s}）");
    }
    if ends_in_wide_punct(s) {
        return s.to_string();
    }
    format!("{s} ")
}

/// The most chars a numbered line may have for the outline parser to take it as a heading.
const HEADING_CHARS: usize = 60;

/// Splits a task text after its first sentence (or, for a long first sentence, after its
/// last clause break within [`HEADING_CHARS`]) so that the numbered line is a heading.
fn split_heading(text: &str) -> (String, String) {
    let chars: Vec<char> = text.chars().collect();
    let ends_sentence = |c: char| "。；！？;!?".contains(c);
    let at = match chars.iter().position(|&c| ends_sentence(c)) {
        Some(i) if i < HEADING_CHARS => Some(i + 1),
        _ if chars.len() <= HEADING_CHARS => None,
        _ => chars[..HEADING_CHARS].iter().rposition(|&c| "，,、：:".contains(c)).map(|i| i + 1),
    };
    match at {
        Some(i) if i < chars.len() => (chars[..i].iter().collect(), chars[i..].iter().collect::<String>().trim().to_string()),
        _ => (text.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn doc(body: &str) -> String {
        format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#)
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn tc(text: &str) -> String {
        format!("<w:tc>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_and_plain_tables() {
        let xml = doc(&format!("{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>", p("一、总体要求"), tc("1"), tc("区纪委")));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "一、总体要求\n1\t区纪委\n");
    }

    #[test]
    fn prefixes_do_not_matter_namespaces_do() {
        let xml = format!(
            r#"<doc:document xmlns:doc="{W}" xmlns:a="urn:other"><doc:body><doc:p><doc:r><doc:t>区委</doc:t><a:t>不是正文</a:t><doc:t>将整改。</doc:t></doc:r></doc:p></doc:body></doc:document>"#
        );
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "区委将整改。\n");
        let default_ns = format!(r#"<document xmlns="{W}"><body><p><r><t>默认命名空间</t></r></p></body></document>"#);
        assert_eq!(document_text(default_ns.as_bytes()).unwrap(), "默认命名空间\n");
    }

    #[test]
    fn deleted_text_field_codes_and_fallbacks_are_left_out() {
        let xml = format!(
            r#"<w:document xmlns:w="{W}" xmlns:mc="{}"><w:body><w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><mc:AlternateContent><mc:Choice><w:r><w:t>甲</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>甲</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:body></w:document>"#,
            std::str::from_utf8(MC_NS).unwrap()
        );
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "保留甲\n");
    }

    #[test]
    fn ledger_table_rows_become_items() {
        let header = format!("<w:tr>{}{}{}{}{}</w:tr>", tc("序号"), tc("问题"), tc("整改措施"), tc("责任单位"), tc("完成时限"));
        let row = format!(
            "<w:tr>{}{}{}{}{}</w:tr>",
            tc("1"),
            tc("学习不深入"),
            tc("制定学习计划，确保每月集中学习一次。建立考勤制度。"),
            tc("区委办公室"),
            tc("2024年6月底前")
        );
        let xml = doc(&format!("<w:tbl>{header}{row}</w:tbl>"));
        assert_eq!(
            document_text(xml.as_bytes()).unwrap(),
            "1. 制定学习计划，确保每月集中学习一次。\n建立考勤制度。\n问题：学习不深入\n责任单位：区委办公室\n完成时限：2024年6月底前\n"
        );
    }

    #[test]
    fn merged_owner_cells_apply_to_each_row() {
        let header = format!("<w:tr>{}{}</w:tr>", tc("整改任务"), tc("牵头领导"));
        let r1 = format!("<w:tr>{}<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc></w:tr>", tc("完善制度。"), p("张三"));
        let r2 = format!("<w:tr>{}<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>", tc("加强督查。"));
        let xml = doc(&format!("<w:tbl>{header}{r1}{r2}</w:tbl>"));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "1. 完善制度。\n牵头领导：张三\n2. 加强督查。\n牵头领导：张三\n");
    }

    #[test]
    fn a_second_header_row_splits_merged_headings() {
        let span2 = |text: &str| format!("<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc>", p(text));
        let cont = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>";
        let restart = |text: &str| format!("<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc>", p(text));
        let h1 = format!("<w:tr>{}{}{}{}</w:tr>", restart("序号"), restart("整改措施"), span2("责任主体"), restart("完成时限"));
        let h2 = format!("<w:tr>{cont}{cont}{}{}{cont}</w:tr>", tc("责任领导"), tc("责任单位"));
        let row = format!("<w:tr>{}{}{}{}{}</w:tr>", tc("1"), tc("确保按期完成。"), tc("张三"), tc("区财政局"), tc("2024年底前"));
        let xml = doc(&format!("<w:tbl>{h1}{h2}{row}</w:tbl>"));
        assert_eq!(document_text(xml.as_bytes()).unwrap(), "1. 确保按期完成。\n责任领导：张三\n责任单位：区财政局\n完成时限：2024年底前\n");
    }

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
    fn long_first_sentences_break_at_a_clause() {
        let long = "按照全面从严治党的要求，".to_string() + &"层层压实责任".repeat(12) + "，扎实推进";
        let (head, rest) = split_heading(&long);
        assert!(head.chars().count() <= HEADING_CHARS, "{head}");
        assert!(!rest.is_empty());
        assert_eq!(split_heading("短句。"), ("短句。".to_string(), String::new()));
    }

    fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut z, body.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    fn numbered(style: Option<&str>, num: Option<(u32, u32)>, text: &str) -> String {
        let style = style.map(|s| format!("<w:pStyle w:val=\"{s}\"/>")).unwrap_or_default();
        let num = num.map(|(id, l)| format!("<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{id}\"/></w:numPr>")).unwrap_or_default();
        format!("<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn automatic_numbering_is_rendered() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style></w:styles>"#
        );
        let body = [
            numbered(Some("H1"), None, "总体要求"),
            numbered(None, Some((1, 1)), "加强学习"),
            numbered(None, Some((1, 2)), "制定计划"),
            numbered(None, Some((1, 2)), "建立台账"),
            numbered(None, Some((1, 1)), "压实责任"),
            numbered(None, Some((2, 2)), "重新编号"),
            numbered(Some("H1x"), None, "保障措施"),
            numbered(None, Some((3, 0)), "项目符号"),
            numbered(Some("H1"), Some((0, 0)), "不编号"),
        ]
        .concat();
        let bytes = zipped(&[("word/document.xml", &doc(&body)), ("word/numbering.xml", &numbering), ("word/styles.xml", &styles)]);
        let d = read_docx("n.docx", &bytes).unwrap();
        assert_eq!(
            d.text,
            "一、总体要求\n（一）加强学习\n1. 制定计划\n2. 建立台账\n（二）压实责任\n1. 重新编号\n二、保障措施\n项目符号\n不编号\n"
        );
    }

    #[test]
    fn parts_are_bounded() {
        let big = format!("<w:document xmlns:w=\"{W}\"><w:body>{}</w:body></w:document>", " ".repeat(MAX_PART_BYTES as usize + 10));
        let bytes = zipped(&[("word/document.xml", &big)]);
        let e = read_docx("bomb.docx", &bytes).unwrap_err();
        assert!(e.problem.contains("zip bomb"), "{}", e.problem);
    }

    #[test]
    fn corrupt_zip_is_an_error() {
        let e = read_docx("bad.docx", b"PK\x03\x04garbage").unwrap_err();
        assert!(e.problem.contains("not a valid .docx"));
    }

    #[test]
    fn part_names_resolve() {
        assert_eq!(resolve_part("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve_part("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve_part("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_part("word/sub", "../n.xml"), "word/n.xml");
    }
}
