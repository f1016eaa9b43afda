//! The tree-sitter syntax tree of a Python document, kept up to date
//! incrementally as the text changes.

use line_index::{LineCol, LineIndex, TextSize};
use std::borrow::Cow;
use std::time::{Duration, Instant};
use tree_sitter::{InputEdit, Language, ParseOptions, ParseState, Parser, Point, Tree};

fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

/// How long a parse that starts from the previous tree may run before it is
/// abandoned. Tree-sitter's error recovery can take seconds on a large file
/// with an unclosed bracket (about 20 s for 17,000 lines in a debug build,
/// found by the fuzz test in `tests/robustness.rs`). The server parses off
/// its serving loop (`server/reparse.rs`), so a long parse delays only the
/// tree of that one file; the budget bounds the CPU it may take.
pub const INCREMENTAL_BUDGET: Duration = Duration::from_secs(1);
/// A parse without a tree to start from gets longer; a normal 100,000-line
/// file parses from scratch in about 0.3 s (release build).
pub const FRESH_BUDGET: Duration = Duration::from_secs(3);

/// Parses `text`, reusing `old` (already edited to match) when given, with
/// the budget that fits ([`INCREMENTAL_BUDGET`] or [`FRESH_BUDGET`]).
/// `None` when the parse ran over its time budget (the caller keeps what it
/// had) or the parser could not be set up.
pub fn parse(text: &str, old: Option<&Tree>) -> Option<Tree> {
    let budget = if old.is_some() {
        INCREMENTAL_BUDGET
    } else {
        FRESH_BUDGET
    };
    parse_within(text, old, budget)
}

/// [`parse`] with an explicit time budget.
pub fn parse_within(text: &str, old: Option<&Tree>, budget: Duration) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    let deadline = Instant::now() + budget;
    let mut over_budget = |_: &ParseState| Instant::now() > deadline;
    let options = ParseOptions::new().progress_callback(&mut over_budget);
    // Python ends a line at a lone CR too; tree-sitter's grammar does not,
    // so it reads lone CRs as LFs (the same bytes, so the same offsets).
    let text = lone_cr_as_lf(text);
    let bytes = text.as_bytes();
    let mut read = |offset: usize, _: Point| bytes.get(offset..).unwrap_or_default();
    parser.parse_with_options(&mut read, old, Some(options))
}

/// `text` with every CR that is not followed by LF replaced by LF. Both are
/// one byte, so every offset means the same in both texts; borrowed when
/// there is no lone CR (nearly always). Python, like LSP, ends a line at
/// `\n`, `\r\n` or a lone `\r`; tree-sitter's grammar and the `line-index`
/// crate only know the first two.
pub fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(text);
    }
    let replaced: Vec<u8> = (0..bytes.len())
        .map(|i| if lone(i) { b'\n' } else { bytes[i] })
        .collect();
    // Swapping one ASCII byte for another keeps the text valid UTF-8.
    Cow::Owned(String::from_utf8(replaced).unwrap_or_else(|_| text.to_string()))
}

/// The tree-sitter point (row, byte column) of a byte offset on a character
/// boundary, found through the line index in O(log lines).
pub fn point_at(index: &LineIndex, offset: usize) -> Point {
    let size = TextSize::new(u32::try_from(offset).unwrap_or(u32::MAX));
    let lc = index
        .try_line_col(size)
        .unwrap_or(LineCol { line: 0, col: 0 });
    Point {
        row: lc.line as usize,
        column: lc.col as usize,
    }
}

/// Describes replacing `start..old_end` of the old text (indexed by
/// `old_index`) with `inserted`, so the old tree can be edited before an
/// incremental re-parse.
pub fn edit_for(old_index: &LineIndex, start: usize, old_end: usize, inserted: &str) -> InputEdit {
    let start_position = point_at(old_index, start);
    let old_end_position = point_at(old_index, old_end);
    let new_end_position = match inserted.rfind('\n') {
        Some(last) => Point {
            row: start_position.row + inserted.matches('\n').count(),
            column: inserted.len() - last - 1,
        },
        None => Point {
            row: start_position.row,
            column: start_position.column + inserted.len(),
        },
    };
    InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: start + inserted.len(),
        start_position,
        old_end_position,
        new_end_position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incremental_parse_matches_a_fresh_one() {
        let old_text = "from fastapi import Depends\n\ndef f(x=Depends(g)):\n    return x\n";
        let mut tree = parse(old_text, None).unwrap();
        let start = old_text.find("g)").unwrap();
        let edit = edit_for(&LineIndex::new(old_text), start, start + 1, "get_db");
        let mut new_text = old_text.to_string();
        new_text.replace_range(start..start + 1, "get_db");
        tree.edit(&edit);
        let incremental = parse(&new_text, Some(&tree)).unwrap();
        let fresh = parse(&new_text, None).unwrap();
        assert_eq!(
            incremental.root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        assert!(!incremental.root_node().has_error());
    }

    #[test]
    fn points_count_bytes_per_row() {
        assert_eq!(
            point_at(&LineIndex::new("é\nab"), 5),
            Point { row: 1, column: 2 }
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_for_the_parser() {
        assert_eq!(lone_cr_as_lf("a\r\nb\rc\r"), "a\r\nb\nc\n");
        assert!(matches!(lone_cr_as_lf("a\r\nb\n"), Cow::Borrowed(_)));
        let tree = parse("import os\rx = os.path\r", None).unwrap();
        assert!(
            !tree.root_node().has_error(),
            "{}",
            tree.root_node().to_sexp()
        );
        assert_eq!(tree.root_node().named_child_count(), 2);
    }
}
