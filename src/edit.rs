//! Plain text edits over byte offsets: what the snippet, import and tip
//! features produce, and what `src/server/` turns into LSP `TextEdit`s.
//!
//! Edits of one change never overlap. Several insertions at the same offset
//! are allowed and apply in the order given, as LSP specifies for a
//! `TextEdit[]` ("if multiple inserts have the same position, the order in
//! the array defines the order in which the inserted strings appear").

use std::ops::Range;

/// The start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The whitespace (spaces and tabs) that starts the line holding `offset`:
/// the indentation of a statement that begins on that line.
pub fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

/// The start of the line after the one containing `offset` (the text's
/// end when there is none).
pub fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Replace `range` of the original text with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            range: at..at,
            text: text.into(),
        }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }
}

/// Sorts edits by position (keeping the given order among insertions at one
/// offset) and joins such insertions into one edit, so clients that reorder
/// same-position edits still produce the intended text.
pub fn normalise(mut edits: Vec<Edit>) -> Vec<Edit> {
    // A stable sort keeps equal offsets in the order they were produced.
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match out.last_mut() {
            Some(last)
                if last.range.start == edit.range.start && edit.range.start == edit.range.end =>
            {
                last.text.push_str(&edit.text);
            }
            Some(last) if last.range.is_empty() && last.range.start == edit.range.start => {
                // An insertion followed by a replacement starting at the same place.
                last.text.push_str(&edit.text);
                last.range.end = edit.range.end;
            }
            _ => out.push(edit),
        }
    }
    out
}

/// Applies non-overlapping edits to `text`. Returns `None` when two edits
/// overlap or one falls outside the text or inside a character, which
/// would be a bug in the producer.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let edits = normalise(edits.to_vec());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for edit in &edits {
        if edit.range.start < copied
            || edit.range.end > text.len()
            || !text.is_char_boundary(edit.range.start)
            || !text.is_char_boundary(edit.range.end)
        {
            return None;
        }
        out.push_str(&text[copied..edit.range.start]);
        out.push_str(&edit.text);
        copied = edit.range.end;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_at_one_offset_keep_their_order() {
        let edits = vec![
            Edit::insert(3, "b"),
            Edit::replace(0..1, "X"),
            Edit::insert(3, "c"),
        ];
        assert_eq!(apply("abcdef", &edits).as_deref(), Some("Xbcbcdef"));
        assert_eq!(normalise(edits).len(), 2);
    }

    #[test]
    fn overlapping_edits_are_rejected() {
        let edits = vec![Edit::replace(0..3, "x"), Edit::replace(2..4, "y")];
        assert_eq!(apply("abcdef", &edits), None);
        assert_eq!(apply("é", &[Edit::insert(1, "x")]), None);
    }
}
