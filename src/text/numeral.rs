//! Numbers as Chinese texts write them: Arabic digits (half- or full-width), Chinese numerals
//! (一, 十二, 两, 二十三, 一百零五, 三千), and years written digit by digit (二〇二四).
//!
//! This is the grammar of numerals, not a word list, so it lives in code.

/// The value of one Chinese digit (〇/零/○ → 0, 两 → 2).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a multiplier character (十 → 10, 百 → 100, 千 → 1000).
fn multiplier(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// True for a char that can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || multiplier(c).is_some() || c == '万'
}

/// The value of a Chinese numeral below 一亿: 十 → 10, 十二 → 12, 二十 → 20, 一百零五 → 105,
/// 两千三百 → 2300, 三万 → 30000. Three or more bare digits (二〇二四) read digit by digit.
/// `None` for anything else, or a value that does not fit a `u32`.
pub fn chinese_number(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    if chars.len() > 2 && chars.iter().all(|&c| chinese_digit(c).is_some()) {
        return chars.iter().try_fold(0u32, |n, &c| n.checked_mul(10)?.checked_add(chinese_digit(c)?));
    }
    let mut total: u32 = 0;
    let mut section: u32 = 0;
    let mut digit: Option<u32> = None;
    for &c in &chars {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                return None; // 二三 is no numeral
            }
            digit = if d == 0 { None } else { Some(d) };
        } else if let Some(m) = multiplier(c) {
            section = section.checked_add(digit.unwrap_or(1).checked_mul(m)?)?;
            digit = None;
        } else if c == '万' {
            section = section.checked_add(digit.take().unwrap_or(0))?;
            total = total.checked_add(section.max(1).checked_mul(10_000)?)?;
            section = 0;
        } else {
            return None;
        }
    }
    total.checked_add(section.checked_add(digit.unwrap_or(0))?)
}

/// The value of a number written in Arabic digits, half- or full-width (12, １２).
pub fn arabic_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 30 {
        return None;
    }
    s.chars().try_fold(0u32, |n, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        n.checked_mul(10)?.checked_add(d)
    })
}

/// The value of a number as written, Arabic or Chinese (see [`chinese_number`]).
pub fn number(s: &str) -> Option<u32> {
    arabic_number(s).or_else(|| chinese_number(s))
}

/// True for an Arabic digit, half- or full-width.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A number written in Chinese numerals, as Word's `chineseCounting` formats do: 一, 十, 十二,
/// 二十, 一百零五, 一百一十. `legal` gives the financial forms (壹, 贰, 拾…). Values below one
/// give `〇`; above 9999 the digits are read out one by one.
pub fn format_chinese(n: u64, legal: bool) -> String {
    let digits: [char; 10] = if legal {
        ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖']
    } else {
        ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
    };
    let units: [char; 3] = if legal { ['拾', '佰', '仟'] } else { ['十', '百', '千'] };
    if n == 0 {
        return digits[0].to_string();
    }
    if n > 9999 {
        return n.to_string().chars().map(|c| digits[c as usize - '0' as usize]).collect();
    }
    let parts = [(n / 1000) % 10, (n / 100) % 10, (n / 10) % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in parts.iter().enumerate() {
        let place = 3 - i;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十二, not 一十二, at the start of the number.
        if !(place == 1 && d == 1 && out.is_empty() && !legal) {
            out.push(digits[d as usize]);
        }
        if place > 0 {
            out.push(units[place - 1]);
        }
    }
    out
}

/// A number as an upper- or lower-case Roman numeral (1–3999; others in Arabic digits).
pub fn format_roman(n: u64, upper: bool) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u64, &str); 13] =
        [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut left = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while left >= v {
            out.push_str(s);
            left -= v;
        }
    }
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_numerals() {
        for (s, n) in [
            ("三", 3),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("两", 2),
            ("一百零五", 105),
            ("两千三百", 2300),
            ("三万", 30000),
            ("二〇二四", 2024),
            ("二○二四", 2024),
        ] {
            assert_eq!(chinese_number(s), Some(n), "{s}");
        }
        for s in ["", "二三", "十x", "abc"] {
            assert_eq!(chinese_number(s), None, "{s}");
        }
    }

    #[test]
    fn reads_arabic_numbers_of_both_widths() {
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("１２"), Some(12));
        assert_eq!(number("99999999999"), None);
    }

    #[test]
    fn formats_as_word_does() {
        assert_eq!(format_chinese(1, false), "一");
        assert_eq!(format_chinese(10, false), "十");
        assert_eq!(format_chinese(12, false), "十二");
        assert_eq!(format_chinese(20, false), "二十");
        assert_eq!(format_chinese(105, false), "一百零五");
        assert_eq!(format_chinese(110, false), "一百一十");
        assert_eq!(format_chinese(3, true), "叁");
        assert_eq!(format_roman(14, true), "XIV");
        assert_eq!(format_roman(0, false), "0");
    }

    #[test]
    fn round_trip_below_ten_thousand() {
        for n in 1..10_000u32 {
            assert_eq!(chinese_number(&format_chinese(u64::from(n), false)), Some(n), "{n}");
        }
    }
}
