//! Text bytes → a string and the name of its encoding.
//!
//! In order:
//! 1. a byte-order mark (UTF-8, UTF-16LE/BE) decides;
//! 2. valid UTF-8 is UTF-8;
//! 3. UTF-16 without a byte-order mark is recognised by its NUL bytes, nearly all at even
//!    (big-endian) or at odd (little-endian) offsets, or, for Chinese without ASCII, by a
//!    decoding that reads as Chinese;
//! 4. binary data (NUL bytes, many control characters) is refused;
//! 5. UTF-8 with a few damaged bytes is refused with the offset of the first one (rather than
//!    read as GBK mojibake);
//! 6. the legacy CJK encodings are told apart by a plausibility score of each decoding
//!    (below), with chardetng's guess (no country bias) as the tie-breaker and as the answer
//!    for other scripts. GB18030 (a superset of GBK and GB2312) is the main case and wins
//!    whenever its decoding reads as Chinese; Big5 (traditional Chinese) is decoded;
//!    Shift_JIS (Japanese) and EUC-KR (Korean) are refused, naming the encoding.
//!
//! **Plausibility.** A decoding is scored on its first [`SAMPLE_BYTES`] bytes by the share of
//! its non-ASCII chars that are common in the language the encoding is for: the 1000 most
//! frequent simplified characters (`common_hanzi.txt`) for GB18030 and BOM-less UTF-16,
//! Big5's 5401 frequent characters for Big5, kana and JIS level-1 kanji for Shift_JIS, the
//! 2350 hangul syllables of KS X 1001 for EUC-KR; CJK punctuation and full-width forms count
//! for all, replacement chars, private-use and control chars count against. Real GBK
//! statements score above 0.9; Korean misread as GBK (its hangul bytes are valid GB2312)
//! scores about 0.25, Japanese and Big5 near 0.
//!
//! Every decoding error names the byte offset (counted from 0 in the file) of the first bad
//! sequence.

use encoding_rs::{CoderResult, DecoderResult, Encoding, BIG5, EUC_KR, GB18030, GBK, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};
use std::collections::HashSet;
use std::sync::OnceLock;

/// How many bytes of a file the plausibility score reads.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// A GB18030 decoding with at least this score reads as Chinese.
const CHINESE: f64 = 0.6;

/// Another decoding must score at least this to be taken for its language.
const OTHER_LANGUAGE: f64 = 0.85;

/// Below this many non-ASCII chars there is too little evidence against GB18030.
const MIN_EVIDENCE: usize = 12;

/// The bytes of a BOM-less UTF-16 file (NULs at one parity) are looked at up to this many.
pub const UTF16_SNIFF_BYTES: usize = 8192;

/// The most frequent simplified characters (see `common_hanzi.txt`).
fn common_hanzi() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| include_str!("common_hanzi.txt").lines().filter(|l| !l.starts_with('#')).flat_map(str::chars).filter(|c| !c.is_whitespace()).collect())
}

/// Decodes text bytes (not a zip, not an OLE container): the text, unnormalised, and the
/// name of its encoding (`UTF-8`, `UTF-16LE`, `gb18030`, `Big5`…).
///
/// # Errors
/// The problem in plain words: binary data, a byte sequence invalid in the encoding (with
/// its offset), or a language taizhang does not read (naming the detected encoding).
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(enc, &bytes[bom_len..]).map(|s| (s, enc.name())).map_err(|at| format!("invalid {} text at byte {}", enc.name(), at + bom_len));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), UTF_8.name())),
        Err(e) => e.valid_up_to(),
    };
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_strict(enc, bytes)
            .map(|s| (s, enc.name()))
            .map_err(|at| format!("looks like {} text without a byte-order mark, but is not valid {} at byte {at}", enc.name(), enc.name()));
    }
    if looks_binary(bytes) {
        return Err("looks like a binary file, not text".to_string());
    }
    if damaged_utf8(bytes) {
        return Err(format!("invalid UTF-8 at byte {utf8_error} (the rest of the file reads as UTF-8)"));
    }
    decode_legacy(bytes, utf8_error)
}

/// True when the bytes look binary: NUL bytes or many control characters in the first 8 KB.
/// (UTF-16 is recognised before this is asked.)
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len().max(1)
}

/// UTF-16 without a byte-order mark, in the first [`UTF16_SNIFF_BYTES`] of an even number
/// of bytes: either NULs in at least one code unit out of eight, four in five of them at odd
/// offsets (little-endian: `41 00`) or at even ones (big-endian: `00 41`), and at most one
/// code unit in twenty a control char (text with ASCII in it); or a decoding that reads as
/// Chinese (see the module documentation) whatever its NULs.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES) & !1];
    if !bytes.len().is_multiple_of(2) || head.len() < 4 {
        return None;
    }
    let units = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let (most, least, enc) = if odd >= even { (odd, even, UTF_16LE) } else { (even, odd, UTF_16BE) };
    if most * 8 >= units && least * 4 <= most {
        let unit = |p: &[u8]| {
            if enc == UTF_16LE {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        };
        let controls = head.chunks_exact(2).map(unit).filter(|&u| u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0C | 0x0D)).count();
        return (controls * 20 <= units).then_some(enc);
    }
    // Few NULs, or NULs on both sides, say little about the byte order (一 is `00 4E` in
    // UTF-16LE): try both.
    let candidates = if enc == UTF_16LE { [UTF_16LE, UTF_16BE] } else { [UTF_16BE, UTF_16LE] };
    candidates.into_iter().find(|&enc| {
        let (score, n) = plausibility(&sample(enc, head), Language::Simplified);
        score >= CHINESE && n >= MIN_EVIDENCE
    })
}

/// Decodes all of `bytes` or gives the offset of the first malformed sequence.
fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len()));
    let mut at = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[at..], &mut out, true);
        at += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(out.capacity().max(4096)),
            DecoderResult::Malformed(bad, after) => return Err(at - usize::from(bad) - after as usize),
        }
    }
}

/// The offset of the first malformed sequence of `bytes` in `enc`, if any, found without
/// holding the decoded text.
fn first_error(enc: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = [0u8; 16 * 1024];
    let mut at = 0;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(&bytes[at..], &mut buf, true);
        at += read;
        match result {
            DecoderResult::InputEmpty => return None,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => return Some(at - usize::from(bad) - after as usize),
        }
    }
}

/// The first [`SAMPLE_BYTES`] of `bytes` decoded (with replacement chars where malformed).
fn sample(enc: &'static Encoding, bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(head.len()).unwrap_or(head.len() * 3 + 16));
    // `last` only when the sample is the whole file: a char cut at the sample's end is not
    // an error.
    let (result, _, _) = decoder.decode_to_string(head, &mut out, head.len() == bytes.len());
    debug_assert_eq!(result, CoderResult::InputEmpty);
    out
}

/// UTF-8 with a few damaged bytes: its non-ASCII chars mostly (19 in 20) decode, and there
/// are enough of them to tell.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SAMPLE_BYTES)]);
    let bad = head.chars().filter(|&c| c == '\u{FFFD}').count();
    let good = head.chars().filter(|&c| !c.is_ascii() && c != '\u{FFFD}').count();
    good >= MIN_EVIDENCE && bad * 20 <= good
}

/// The languages whose plausibility is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Simplified,
    Traditional,
    Japanese,
    Korean,
}

/// How common `c` is in `language`: 1 common, 0.5 less common, 0 rare or foreign, -1 a sign
/// of a wrong decoding (replacement, private-use or control char).
fn weight(c: char, language: Language) -> f64 {
    let u = c as u32;
    if c == '\u{FFFD}' || (0xE000..=0xF8FF).contains(&u) || u >= 0xF0000 || (c.is_control() && !c.is_whitespace()) {
        return -1.0;
    }
    if (0x3000..=0x303F).contains(&u) || (0xFF01..=0xFF5E).contains(&u) || "“”‘’…—·".contains(c) {
        return 1.0;
    }
    let code = |enc: &'static Encoding| {
        let mut s = [0u8; 4];
        let (bytes, _, unmappable) = enc.encode(c.encode_utf8(&mut s));
        (!unmappable && bytes.len() == 2).then(|| u16::from_be_bytes([bytes[0], bytes[1]]))
    };
    match language {
        Language::Simplified if common_hanzi().contains(&c) => 1.0,
        Language::Simplified => 0.0,
        Language::Traditional => match code(BIG5) {
            Some(0xA440..=0xC67E) => 1.0,
            Some(0xC940..=0xF9D5) => 0.5,
            _ => 0.0,
        },
        Language::Japanese => match (u, code(SHIFT_JIS)) {
            (0x3041..=0x30FF, _) => 1.0,
            (_, Some(0x889F..=0x9872)) => 1.0,
            (_, Some(0x989F..=0xEAA4)) => 0.5,
            _ => 0.0,
        },
        Language::Korean => match (u, code(EUC_KR)) {
            (0xAC00..=0xD7A3, Some(0xB0A1..=0xC8FE)) => 1.0,
            (0xAC00..=0xD7A3, _) => 0.5,
            _ => 0.0,
        },
    }
}

/// The plausibility of a decoded text in `language` (see the module documentation) and the
/// number of non-ASCII chars it rests on.
fn plausibility(text: &str, language: Language) -> (f64, usize) {
    let mut n = 0usize;
    let mut sum = 0.0;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        n += 1;
        sum += weight(c, language);
    }
    (if n == 0 { 1.0 } else { sum / n as f64 }, n)
}

/// The language an encoding is scored in.
fn language_of(enc: &'static Encoding) -> Option<Language> {
    match enc {
        e if e == GB18030 || e == GBK => Some(Language::Simplified),
        e if e == BIG5 => Some(Language::Traditional),
        e if e == SHIFT_JIS => Some(Language::Japanese),
        e if e == EUC_KR => Some(Language::Korean),
        _ => None,
    }
}

/// The script a refused encoding is for, in the error.
fn refused_language(enc: &'static Encoding) -> Option<&'static str> {
    match enc {
        e if e == SHIFT_JIS => Some("Japanese"),
        e if e == EUC_KR => Some("Korean"),
        _ => None,
    }
}

/// Bytes that are neither UTF-8 nor UTF-16: GB18030 when it reads as Chinese, else the
/// language whose decoding is plausible (see the module documentation).
fn decode_legacy(bytes: &[u8], utf8_error: usize) -> Result<(String, &'static str), String> {
    let gb_error = first_error(GB18030, bytes);
    let (gb_score, evidence) = plausibility(&sample(GB18030, bytes), Language::Simplified);
    let reads_chinese = gb_score >= CHINESE;
    match gb_error {
        None if reads_chinese || evidence < MIN_EVIDENCE => return decode_gb18030(bytes),
        Some(at) if reads_chinese => return Err(format!("invalid GB18030/GBK text at byte {at}")),
        _ => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(SAMPLE_BYTES)], bytes.len() <= SAMPLE_BYTES);
    let guess = detector.guess(None, false);
    // Chardetng's guess first, then the other CJK encodings; GBK is GB18030's subset.
    let mut candidates: Vec<&'static Encoding> = vec![guess];
    for enc in [BIG5, SHIFT_JIS, EUC_KR] {
        if !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }
    for enc in candidates.into_iter().filter(|&e| e != GBK && e != GB18030) {
        let Some(language) = language_of(enc) else {
            continue;
        };
        let text = sample(enc, bytes);
        let (score, n) = plausibility(&text, language);
        if score < OTHER_LANGUAGE || n < MIN_EVIDENCE || !looks_like(&text, language) || first_error(enc, bytes).is_some() {
            continue;
        }
        if let Some(name) = refused_language(enc) {
            return Err(format!(
                "looks like {name} text in {} (taizhang reads Chinese: UTF-8, UTF-16, GB18030/GBK or Big5); convert it to UTF-8 if it is Chinese",
                enc.name()
            ));
        }
        return decode_strict(enc, bytes).map(|s| (s, enc.name())).map_err(|at| format!("invalid {} text at byte {at}", enc.name()));
    }
    // Nothing reads better: what chardetng guessed for another script (windows-1252…),
    // else GB18030 when it decodes at all (Chinese with rare characters), else an error.
    if language_of(guess).is_none() && guess != UTF_8 && first_error(guess, bytes).is_none() {
        return decode_strict(guess, bytes).map(|s| (s, guess.name())).map_err(|at| format!("invalid {} text at byte {at}", guess.name()));
    }
    if gb_error.is_none() {
        return decode_gb18030(bytes);
    }
    Err(format!(
        "cannot decode: not UTF-8 (invalid at byte {utf8_error}), not GB18030/GBK (invalid at byte {}), nor Big5, UTF-16 or another known encoding",
        gb_error.unwrap_or(0)
    ))
}

fn decode_gb18030(bytes: &[u8]) -> Result<(String, &'static str), String> {
    decode_strict(GB18030, bytes).map(|s| (s, GB18030.name())).map_err(|at| format!("invalid GB18030/GBK text at byte {at}"))
}

/// What a language's text has besides common chars: Korean separates words with spaces,
/// Japanese writes with kana.
fn looks_like(text: &str, language: Language) -> bool {
    let count = |f: fn(char) -> bool| text.chars().filter(|&c| f(c)).count();
    match language {
        Language::Korean => count(|c| c == ' ') * 10 >= count(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
        Language::Japanese => count(|c| ('\u{3041}'..='\u{30FF}').contains(&c)) * 10 >= count(|c| !c.is_ascii()),
        Language::Simplified | Language::Traditional => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_characters_load() {
        assert_eq!(common_hanzi().len(), 1000);
        assert!(common_hanzi().contains(&'的') && common_hanzi().contains(&'改'));
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_nuls() {
        let le: Vec<u8> = "一、总体要求\n1. 区纪委要在6月底前完成整改。\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "一、总体要求\n1. 区纪委要在6月底前完成整改。\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(UTF_16BE));
        assert_eq!(utf16_without_bom(&[0, 1, 2, 3, 0, 0, 7, 0]), None);
        assert_eq!(utf16_without_bom("整改".as_bytes()), None);
    }

    #[test]
    fn offsets_of_malformed_sequences() {
        assert_eq!(first_error(UTF_16LE, &[0x41, 0, 0x00, 0xD8, 0x41, 0]), Some(2));
        assert_eq!(decode_strict(UTF_16LE, &[0x41, 0, 0x00, 0xD8, 0x41, 0]), Err(2));
        let mut bytes = GBK.encode("整改落实").0.into_owned();
        bytes.insert(4, 0xFF);
        assert_eq!(first_error(GB18030, &bytes), Some(4));
        assert_eq!(decode_strict(GB18030, &bytes), Err(4));
    }

    #[test]
    fn plausibility_tells_the_languages_apart() {
        let chinese = "区纪委要在6月底前完成全部整改任务。我们将立即召开专题会议，明确责任分工，建立长效机制。";
        let (gbk, _, _) = GBK.encode(chinese);
        assert!(plausibility(&sample(GB18030, &gbk), Language::Simplified).0 > 0.9);
        let korean = "구청은 6월 말까지 모든 시정 조치를 완료해야 한다. 우리는 즉시 특별 회의를 열고 책임을 명확히 한다.";
        let (euc, _, _) = EUC_KR.encode(korean);
        assert!(plausibility(&sample(GB18030, &euc), Language::Simplified).0 < CHINESE);
        assert!(plausibility(&sample(EUC_KR, &euc), Language::Korean).0 > OTHER_LANGUAGE);
    }
}
