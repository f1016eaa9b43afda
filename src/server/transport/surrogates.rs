//! Unpaired UTF-16 surrogate escapes in JSON strings.
//!
//! JavaScript strings may hold half of a surrogate pair (an editor buffer
//! cut in the middle of an emoji), and `JSON.stringify` sends it as a lone
//! `\ud83d`. serde_json rightly refuses that as Unicode, so without this a
//! `didOpen` carrying one is rejected and the document never opens. Each
//! lone half is replaced by `\ufffd` (U+FFFD REPLACEMENT CHARACTER), which
//! keeps every other character, and every offset before it, as the client
//! sent them: a surrogate is one UTF-16 unit and so is U+FFFD.

const REPLACEMENT: &[u8] = br"\ufffd";

/// The body with each unpaired surrogate escape replaced; `None` when it
/// has none (the body is refused for another reason, or not at all).
pub fn replace_unpaired(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        // An escape: `\u` and four hex digits, or a backslash and one byte.
        let width = match unit_at(body, i) {
            Some(0xD800..=0xDBFF) => {
                if unit_at(body, i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) {
                    12
                } else {
                    out.extend_from_slice(REPLACEMENT);
                    changed = true;
                    i += 6;
                    continue;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.extend_from_slice(REPLACEMENT);
                changed = true;
                i += 6;
                continue;
            }
            Some(_) => 6,
            None => 2,
        };
        let end = (i + width).min(body.len());
        out.extend_from_slice(&body[i..end]);
        i = end;
    }
    changed.then_some(out)
}

/// The UTF-16 unit of a `\uXXXX` escape starting at `at`.
fn unit_at(body: &[u8], at: usize) -> Option<u16> {
    let escape = body.get(at..at + 6)?;
    if &escape[..2] != br"\u" {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(body: &str) -> Option<String> {
        replace_unpaired(body.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn replaces_lone_halves_and_keeps_pairs_and_other_escapes() {
        assert_eq!(fixed(r#""a\ud83db""#).as_deref(), Some(r#""a\ufffdb""#));
        assert_eq!(fixed(r#""\ude00x""#).as_deref(), Some(r#""\ufffdx""#));
        assert_eq!(
            fixed(r#""\ud83d\ud83d\ude00""#).as_deref(),
            Some(r#""\ufffd\ud83d\ude00""#)
        );
        assert_eq!(fixed(r#""end\ud83d""#).as_deref(), Some(r#""end\ufffd""#));
        // A pair, an escaped backslash before `ud83d`, other escapes: untouched.
        assert_eq!(fixed(r#""\ud83d\ude00 \\ud83d \n \u00e9""#), None);
        let value: serde_json::Value =
            serde_json::from_str(&fixed(r#"["\ud83d", "🚀"]"#).unwrap()).unwrap();
        assert_eq!(value, serde_json::json!(["\u{fffd}", "🚀"]));
    }
}
