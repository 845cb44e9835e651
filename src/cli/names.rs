//! File names as shown in line-oriented output (`check --format line`, the human output,
//! notes and the summary on stderr): a newline or another control character in a name
//! must not start a forged line. JSON, SARIF and CSV outputs quote names themselves and get
//! them as they are.

use std::borrow::Cow;
use std::path::Path;

/// `name` with control characters escaped (`\n`, `\r`, `\t`, `\u{1b}`…) and, when there
/// is any, backslashes doubled: the result holds no line break or terminal escape. A name
/// without control characters is returned as it is.
pub fn escape(name: &str) -> Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as shown in line-oriented output: [`escape`]d.
pub fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_start_a_line() {
        assert_eq!(escape("区委/方案.txt"), "区委/方案.txt");
        assert_eq!(escape("a\nb.txt:1:1:x:forged"), "a\\nb.txt:1:1:x:forged");
        assert_eq!(escape("a\\b\r\t\u{1b}[31m\u{85}"), "a\\\\b\\r\\t\\u{1b}[31m\\u{85}");
        assert!(!escape("x\u{7f}\n").contains(['\n', '\u{7f}']));
    }
}
