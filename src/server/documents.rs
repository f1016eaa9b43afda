//! Open documents: text, version, line index and — for Python — a
//! tree-sitter tree, all kept in sync with the client's incremental changes.

use super::encoding::PositionEncoding;
use crate::python::{Analysis, PythonFile, syntax};
use line_index::LineIndex;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;
use tree_sitter::Tree;

#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
    pub python: bool,
    /// The syntax tree of a Python document, re-parsed incrementally. After
    /// a parse that ran over its time budget this is the previous tree with
    /// the edits applied: slightly stale, never missing once there was one.
    pub tree: Option<Tree>,
    /// Computed on first use after each change: most edits are never hovered.
    analysis: OnceLock<Arc<Analysis>>,
}

impl Document {
    pub fn new(text: String, version: i32, language_id: String) -> Document {
        let index = LineIndex::new(&text);
        let python = language_id == "python";
        let tree = python.then(|| syntax::parse(&text, None)).flatten();
        Document {
            text,
            version,
            index,
            python,
            tree,
            analysis: OnceLock::new(),
        }
    }

    /// The analysis if it was already computed for the current text.
    pub fn cached_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }

    /// Keeps an analysis computed elsewhere (off the document lock) for the
    /// current text, so the next hover or action does not compute it again.
    /// The caller guarantees it was computed from this version's text.
    pub fn offer_analysis(&self, analysis: Arc<Analysis>) {
        let _ = self.analysis.set(analysis);
    }

    /// The Python analysis of the current text (`None` for other languages).
    pub fn analysis(&self) -> Option<Arc<Analysis>> {
        let tree = self.tree.as_ref()?;
        Some(Arc::clone(
            self.analysis
                .get_or_init(|| Arc::new(Analysis::new(tree, &self.text))),
        ))
    }

    /// Runs `f` on the document's Python view (`None` for other languages).
    pub fn with_python<R>(&self, f: impl FnOnce(&PythonFile<'_>) -> R) -> Option<R> {
        let tree = self.tree.as_ref()?;
        let analysis = self.analysis()?;
        Some(f(&PythonFile {
            text: &self.text,
            tree,
            analysis: &analysis,
        }))
    }

    /// Applies changes in order (each range is relative to the text after the
    /// previous change, per the spec). A change without a range replaces the
    /// whole text.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: PositionEncoding,
    ) {
        let mut reparse_from_scratch = false;
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = encoding.offset(&self.text, &self.index, range.start);
                    let end = encoding
                        .offset(&self.text, &self.index, range.end)
                        .max(start);
                    if let Some(tree) = self.tree.as_mut() {
                        tree.edit(&syntax::edit_for(&self.index, start, end, &change.text));
                    }
                    self.text.replace_range(start..end, &change.text);
                }
                None => {
                    self.text = change.text;
                    reparse_from_scratch = true;
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        if self.python {
            let old = if reparse_from_scratch {
                None
            } else {
                self.tree.as_ref()
            };
            if let Some(tree) = syntax::parse(&self.text, old) {
                self.tree = Some(tree);
            } else if reparse_from_scratch {
                self.tree = None;
            }
        }
        self.analysis = OnceLock::new();
        self.version = version;
    }

    pub fn offset(
        &self,
        encoding: PositionEncoding,
        position: tower_lsp_server::ls_types::Position,
    ) -> usize {
        encoding.offset(&self.text, &self.index, position)
    }

    pub fn range(
        &self,
        encoding: PositionEncoding,
        start: usize,
        end: usize,
    ) -> tower_lsp_server::ls_types::Range {
        encoding.range(&self.text, &self.index, start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn applies_incremental_changes_in_order_with_utf16_columns() {
        let mut doc = Document::new("a = '🚀'\nb = 2\n".into(), 1, "python".into());
        doc.apply_changes(
            vec![
                change(0, 8, 0, 8, "!"),
                change(1, 4, 1, 5, "3"),
                change(1, 5, 1, 5, "4"),
            ],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.text, "a = '🚀'!\nb = 34\n");
        assert_eq!(doc.version, 2);
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    #[test]
    fn the_tree_and_analysis_follow_an_edit() {
        let mut doc = Document::new(
            "from fastapi import Depends, Query\nx = Depends(f)\n".into(),
            1,
            "python".into(),
        );
        doc.apply_changes(
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 4), Position::new(1, 11))),
                range_length: None,
                text: "Query".into(),
            }],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(
            doc.text,
            "from fastapi import Depends, Query\nx = Query(f)\n"
        );
        let fresh = crate::python::syntax::parse(&doc.text, None).unwrap();
        assert_eq!(
            doc.tree.as_ref().unwrap().root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        assert_eq!(
            doc.analysis().unwrap().imports.get("Query"),
            Some("fastapi.Query")
        );
        let resolved = doc
            .with_python(|file| crate::python::resolve_symbol_at(file, 40))
            .flatten();
        assert_eq!(resolved.map(|r| r.symbol).as_deref(), Some("fastapi.Query"));
    }
}
