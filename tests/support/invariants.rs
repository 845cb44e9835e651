//! What every analysis must satisfy, whatever the input: shared by `tests/properties.rs`,
//! `tests/hard_inputs.rs` and the fuzz target `fuzz/fuzz_targets/analyze.rs`.

use taizhang::ledger::{Analysis, Item};
use taizhang::text::{CharText, Span};

fn in_text(what: &str, span: Span, chars: usize) -> Result<(), String> {
    if span.start > span.end || span.end > chars {
        return Err(format!("{what}: span {}..{} outside the text of {chars} chars", span.start, span.end));
    }
    Ok(())
}

fn check_item(text: &CharText, item: &Item, parent: Option<&Item>) -> Result<(), String> {
    let chars = text.len();
    let id = format!("item {}", item.id);
    in_text(&id, item.span, chars)?;
    if item.text != text.slice(item.span) {
        return Err(format!("{id}: text is not the slice of its span"));
    }
    if let Some(p) = parent {
        if !p.span.contains(&item.span) {
            return Err(format!("{id}: span {:?} not inside its parent {} {:?}", item.span, p.id, p.span));
        }
    }
    for o in &item.owners {
        in_text(&format!("{id} owner {}", o.text), o.span, chars)?;
        if o.text != text.slice(o.span) {
            return Err(format!("{id}: owner {} is not the slice of its span", o.text));
        }
    }
    for d in &item.deadlines {
        in_text(&format!("{id} deadline {}", d.text), d.span, chars)?;
        if d.text != text.slice(d.span) {
            return Err(format!("{id}: deadline {} is not the slice of its span", d.text));
        }
    }
    for c in &item.children {
        check_item(text, c, Some(item))?;
    }
    Ok(())
}

/// Checks an analysis of `text`: every span lies inside the text (char offsets, so on char
/// boundaries), item, owner and deadline texts are the slices of their spans, children lie
/// inside their parents, and the JSON output parses back with the same number of items.
pub fn check(text: &str, a: &Analysis) -> Result<(), String> {
    let text = CharText::new(text);
    if a.chars != text.len() {
        return Err(format!("chars {} but the text has {}", a.chars, text.len()));
    }
    for item in &a.items {
        check_item(&text, item, None)?;
    }
    for r in &a.responsibilities {
        in_text(&format!("responsibility {}", r.duty), r.span, text.len())?;
    }
    for f in a.all_findings() {
        in_text(&format!("finding {}", f.code), f.span, text.len())?;
    }
    let json = taizhang::report::json(a);
    let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| format!("JSON does not parse: {e}"))?;
    let n = v["items"].as_array().map(|x| x.len()).unwrap_or(usize::MAX);
    if n != a.items.len() {
        return Err(format!("JSON has {n} items, the analysis {}", a.items.len()));
    }
    Ok(())
}
