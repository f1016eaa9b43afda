//! The tree-sitter syntax tree of a Python document, kept up to date
//! incrementally as the text changes.

use line_index::{LineCol, LineIndex, TextSize};
use std::time::{Duration, Instant};
use tree_sitter::{InputEdit, Language, ParseOptions, ParseState, Parser, Point, Tree};

fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

/// How long a parse may run before it is abandoned. Tree-sitter's error
/// recovery can take seconds on a large file with an unclosed bracket (about
/// 20 s for 17,000 lines in a debug build, found by the fuzz test in
/// `tests/robustness.rs`). Keeping the previous tree for a keystroke is
/// better than a frozen server; the next edit that closes the bracket parses
/// quickly again.
const INCREMENTAL_BUDGET: Duration = Duration::from_millis(250);
/// A first parse has no tree to fall back on, so it gets longer; a normal
/// 100,000-line file parses from scratch in about 0.3 s (release build).
const FRESH_BUDGET: Duration = Duration::from_secs(3);

/// Parses `text`, reusing `old` (already edited to match) when given.
/// `None` when the parse ran over its time budget (the caller keeps what it
/// had) or the parser could not be set up.
pub fn parse(text: &str, old: Option<&Tree>) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    let budget = if old.is_some() {
        INCREMENTAL_BUDGET
    } else {
        FRESH_BUDGET
    };
    let deadline = Instant::now() + budget;
    let mut over_budget = |_: &ParseState| Instant::now() > deadline;
    let options = ParseOptions::new().progress_callback(&mut over_budget);
    let bytes = text.as_bytes();
    let mut read = |offset: usize, _: Point| bytes.get(offset..).unwrap_or_default();
    parser.parse_with_options(&mut read, old, Some(options))
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
}
