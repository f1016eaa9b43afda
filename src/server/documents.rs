//! Open documents: text, version, line index and — for Python — a
//! tree-sitter tree, all kept in sync with the client's incremental changes.
//!
//! A change is applied at once: the text, the line index, and the previous
//! tree edited to match. Then the text is parsed again, in place when that
//! takes at most [`KEYSTROKE_BUDGET`] (nearly always: an edit re-parses
//! incrementally in well under a millisecond), else in the background
//! (`reparse.rs`), one parse per document at a time, while requests use the
//! edited previous tree. A document whose parse is slow (an unclosed bracket
//! near the top of a long file makes tree-sitter's error recovery take
//! seconds) is parsed in the background until a parse is quick again, so
//! its keystrokes never stall the server.

use super::encoding::{PositionEncoding, line_index};
use crate::python::syntax::{self, FRESH_BUDGET, INCREMENTAL_BUDGET};
use crate::python::{Analysis, PythonFile};
use line_index::LineIndex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;
use tree_sitter::{InputEdit, Tree};

/// How long a parse may hold the serving loop. Past it the parse moves to
/// the background.
pub const KEYSTROKE_BUDGET: Duration = Duration::from_millis(40);

/// Python documents larger than this are neither parsed nor kept: a
/// 100,000-line module is about 4 MB, while a tree for 200 MB of text takes
/// seconds and gigabytes, and even re-indexing its lines per keystroke
/// stalls the server for a third of a second. Only the size is kept; a
/// full-text change that brings it under the limit makes it a document again.
pub const MAX_PARSED_BYTES: usize = 16 * 1024 * 1024;

/// Tells documents apart across a close and reopen of one URI, so a
/// background parse of the closed one is never installed in the new one.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
    pub python: bool,
    /// The syntax tree of a Python document. While a parse is pending, or
    /// after one that ran over its budget, this is the previous tree with
    /// the edits applied: slightly stale, never missing once there was one.
    pub tree: Option<Tree>,
    /// Computed on first use after each change: most edits are never hovered.
    analysis: OnceLock<Arc<Analysis>>,
    id: u64,
    /// Changes applied so far.
    changes: u64,
    parse: ParseState,
    /// The size of a Python text over [`MAX_PARSED_BYTES`], which is not kept.
    dropped: Option<usize>,
}

#[derive(Debug, Default)]
struct ParseState {
    /// The tree was parsed from the current text.
    current: bool,
    /// A background parse of an earlier text is running: the edits made
    /// since its snapshot, to replay on its tree (`None` once the whole text
    /// was replaced, which makes its tree useless).
    running: Option<Option<Vec<InputEdit>>>,
    /// The text changed since the running parse took its snapshot.
    dirty: bool,
    /// The last parse took longer than [`KEYSTROKE_BUDGET`] or ran out of
    /// its budget: parse in the background until one is quick again.
    slow: bool,
}

/// A parse to run off the serving loop.
#[derive(Debug)]
pub struct ParseJob {
    /// The document it is for.
    pub document: u64,
    pub text: String,
    /// The tree to start from, already edited to match `text`.
    pub old: Option<Tree>,
    pub budget: Duration,
}

impl Document {
    /// A document as the client opened it; call [`Document::reparse`] to
    /// give a Python document its tree.
    pub fn new(text: String, version: i32, language_id: String) -> Document {
        let python = language_id == "python";
        let dropped = (python && text.len() > MAX_PARSED_BYTES).then_some(text.len());
        let text = if dropped.is_some() {
            String::new()
        } else {
            text
        };
        Document {
            index: line_index(&text),
            text,
            version,
            python,
            tree: None,
            analysis: OnceLock::new(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            changes: 0,
            parse: ParseState::default(),
            dropped,
        }
    }

    /// A Python document too large to keep (see [`MAX_PARSED_BYTES`]).
    pub fn too_large(&self) -> bool {
        self.dropped.is_some()
    }

    /// The size of the text as the client has it.
    pub fn size(&self) -> usize {
        self.dropped.unwrap_or(self.text.len())
    }

    /// How many changes were applied; a request compares it before and
    /// after waiting, to know whether a later change came meanwhile.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// A background parse of this document is running.
    pub fn parse_running(&self) -> bool {
        self.parse.running.is_some()
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
    /// whole text. The tree is edited to match but not re-parsed: call
    /// [`Document::reparse`].
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: PositionEncoding,
    ) {
        self.version = version;
        self.changes += 1;
        if self.dropped.is_some() {
            // Only a whole new text can be followed without the old one.
            if let Some(change) = changes.into_iter().rev().find(|c| c.range.is_none()) {
                *self = Document {
                    id: self.id,
                    changes: self.changes,
                    ..Document::new(change.text, version, "python".into())
                };
            }
            return;
        }
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = encoding.offset(&self.text, &self.index, range.start);
                    let end = encoding
                        .offset(&self.text, &self.index, range.end)
                        .max(start);
                    let edit = syntax::edit_for(&self.index, start, end, &change.text);
                    if let Some(tree) = self.tree.as_mut() {
                        tree.edit(&edit);
                    }
                    if let Some(Some(edits)) = self.parse.running.as_mut() {
                        edits.push(edit);
                    }
                    self.text.replace_range(start..end, &change.text);
                }
                None => {
                    self.text = change.text;
                    self.tree = None;
                    if let Some(edits) = self.parse.running.as_mut() {
                        *edits = None;
                    }
                }
            }
            self.index = line_index(&self.text);
        }
        self.parse.current = false;
        self.analysis = OnceLock::new();
    }

    /// Brings the tree up to date with the text: parses in place when that
    /// is quick, and otherwise returns the parse to run in the background
    /// (none when one is already running: it will run again when done).
    pub fn reparse(&mut self) -> Option<ParseJob> {
        if !self.python || self.parse.current {
            return None;
        }
        if self.too_large() {
            return None;
        }
        if self.parse.running.is_some() {
            self.parse.dirty = true;
            return None;
        }
        if !self.parse.slow {
            match syntax::parse_within(&self.text, self.tree.as_ref(), KEYSTROKE_BUDGET) {
                Some(tree) => {
                    self.tree = Some(tree);
                    self.parse.current = true;
                    return None;
                }
                None => self.parse.slow = true,
            }
        }
        Some(self.next_job())
    }

    /// A background parse of this document finished (`tree` is `None` when
    /// it ran out of its budget). Installs its tree, with the edits made
    /// meanwhile replayed on it, and returns the next parse when the text
    /// changed meanwhile.
    pub fn finish_parse(
        &mut self,
        document: u64,
        tree: Option<Tree>,
        took: Duration,
    ) -> Option<ParseJob> {
        if document != self.id {
            return None;
        }
        let edits = self.parse.running.take().flatten();
        self.parse.slow = tree.is_none() || took > KEYSTROKE_BUDGET;
        if let (Some(mut tree), Some(edits)) = (tree, edits) {
            for edit in &edits {
                tree.edit(edit);
            }
            self.tree = Some(tree);
            self.parse.current = edits.is_empty();
            self.analysis = OnceLock::new();
        }
        std::mem::take(&mut self.parse.dirty).then(|| self.next_job())
    }

    fn next_job(&mut self) -> ParseJob {
        self.parse.running = Some(Some(Vec::new()));
        self.parse.dirty = false;
        let budget = if self.tree.is_some() {
            INCREMENTAL_BUDGET
        } else {
            FRESH_BUDGET
        };
        ParseJob {
            document: self.id,
            text: self.text.clone(),
            old: self.tree.clone(),
            budget,
        }
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
        assert!(doc.reparse().is_none(), "a small file parses in place");
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
        assert!(doc.reparse().is_none());
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

#[cfg(test)]
mod background_tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn insert(line: u32, character: u32, text: &str) -> Vec<TextDocumentContentChangeEvent> {
        let at = Position::new(line, character);
        vec![TextDocumentContentChangeEvent {
            range: Some(Range::new(at, at)),
            range_length: None,
            text: text.into(),
        }]
    }

    fn run(job: &ParseJob) -> Option<Tree> {
        syntax::parse_within(&job.text, job.old.as_ref(), job.budget)
    }

    /// A slow document parses in the background; edits made meanwhile are
    /// replayed on the result and one more parse covers them.
    #[test]
    fn a_background_parse_catches_up_with_edits_made_meanwhile() {
        let mut doc = Document::new("import os\nx = 1\n".into(), 1, "python".into());
        assert!(doc.reparse().is_none());
        doc.parse.slow = true;
        doc.apply_changes(insert(1, 5, "2"), 2, PositionEncoding::Utf16);
        let job = doc
            .reparse()
            .expect("a slow document parses in the background");
        assert!(doc.parse_running());
        doc.apply_changes(insert(2, 0, "y = os.path\n"), 3, PositionEncoding::Utf16);
        doc.apply_changes(insert(0, 0, "# top\n"), 4, PositionEncoding::Utf16);
        assert!(doc.reparse().is_none(), "one parse at a time");
        let tree = run(&job);
        let next = doc
            .finish_parse(job.document, tree, Duration::ZERO)
            .expect("the text changed meanwhile");
        assert_eq!(next.text, doc.text);
        let tree = run(&next);
        assert!(
            doc.finish_parse(next.document, tree, Duration::ZERO)
                .is_none()
        );
        assert!(!doc.parse_running());
        let fresh = syntax::parse(&doc.text, None).unwrap();
        assert_eq!(
            doc.tree.as_ref().unwrap().root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        // Quick again: the next change parses in place.
        doc.apply_changes(insert(0, 0, "\n"), 5, PositionEncoding::Utf16);
        assert!(doc.reparse().is_none());
    }

    #[test]
    fn a_parse_of_a_closed_and_reopened_document_is_not_installed() {
        let mut old = Document::new("x = (\n".into(), 1, "python".into());
        old.parse.slow = true;
        let job = old.reparse().unwrap();
        let mut reopened = Document::new("y = 2\n".into(), 1, "python".into());
        let tree = run(&job);
        assert!(
            reopened
                .finish_parse(job.document, tree, Duration::ZERO)
                .is_none()
        );
        assert!(reopened.tree.is_none());
    }

    #[test]
    fn a_huge_python_document_is_kept_but_not_parsed() {
        let text = "x = 1\n".repeat(MAX_PARSED_BYTES / 6 + 1);
        let size = text.len();
        let mut doc = Document::new(text, 1, "python".into());
        assert!(doc.too_large() && doc.text.is_empty() && doc.size() == size);
        assert!(doc.reparse().is_none());
        assert!(doc.tree.is_none() && !doc.parse_running());
        // An edit cannot be followed; a whole new, smaller text can.
        doc.apply_changes(insert(0, 0, "y"), 2, PositionEncoding::Utf16);
        assert!(doc.too_large());
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "import os\n".into(),
        };
        doc.apply_changes(vec![whole], 3, PositionEncoding::Utf16);
        assert!(!doc.too_large() && doc.version == 3);
        assert!(doc.reparse().is_none() && doc.tree.is_some());
    }
}
