//! `taizhang segment`: the words of a text, one line of output per line of text (words
//! separated by spaces, `word/tag` with `--pos`), or a JSON array of words with their char
//! spans.

use std::io::Write;
use taizhang::extract::segment::Token;
use taizhang::text::{CharText, Span};

/// Output formats of `segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SegmentFormat {
    /// The words of each line, separated by spaces.
    Text,
    /// A JSON array of `{word, start, end[, tag]}`; start and end are char offsets.
    Json,
}

/// The tokens as a JSON array (blank tokens left out); `pos` adds the tags.
fn json(tokens: &[Token], pos: bool) -> String {
    let v: Vec<serde_json::Value> = tokens
        .iter()
        .filter(|t| !t.word.trim().is_empty())
        .map(|t| {
            let mut o = serde_json::json!({"word": t.word, "start": t.span.start, "end": t.span.end});
            if pos {
                o["tag"] = serde_json::Value::String(t.tag.to_string());
            }
            o
        })
        .collect();
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// The tokens line by line as the text has them; `pos` writes `word/tag`.
fn text_lines(text: &CharText, tokens: &[Token], pos: bool) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut last_end = 0;
    for t in tokens {
        let gap = text.slice(Span::new(last_end, t.span.start));
        if gap.contains('\n') {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
        last_end = t.span.end;
        if t.word.trim().is_empty() {
            continue;
        }
        line.push_str(t.word);
        if pos {
            line.push('/');
            line.push_str(t.tag);
        }
        line.push(' ');
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The output of `segment` for `tokens` of `text`.
pub fn render(text: &CharText, tokens: &[Token], pos: bool, format: SegmentFormat) -> String {
    match format {
        SegmentFormat::Json => json(tokens, pos),
        SegmentFormat::Text => text_lines(text, tokens, pos),
    }
}

/// Writes the output of `segment` to stdout.
///
/// # Errors
/// Stdout cannot be written (a closed pipe included).
pub fn write(text: &CharText, tokens: &[Token], pos: bool, format: SegmentFormat) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(render(text, tokens, pos, format).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok<'a>(word: &'a str, start: usize, tag: &'a str) -> Token<'a> {
        Token { word, tag, span: Span::new(start, start + word.chars().count()) }
    }

    #[test]
    fn lines_follow_the_text() {
        let text = CharText::new("区委 整改\n落实");
        let tokens = [tok("区委", 0, "nt"), tok(" ", 2, "x"), tok("整改", 3, "v"), tok("落实", 6, "v")];
        assert_eq!(render(&text, &tokens, false, SegmentFormat::Text), "区委 整改\n落实\n");
        assert_eq!(render(&text, &tokens, true, SegmentFormat::Text), "区委/nt 整改/v\n落实/v\n");
        let v: serde_json::Value = serde_json::from_str(&render(&text, &tokens, true, SegmentFormat::Json)).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 3);
        assert_eq!(v[2]["start"], 6);
        assert_eq!(v[2]["tag"], "v");
    }
}
