//! Understanding the user's Python: a tree-sitter tree kept in sync with the
//! document, an analysis of its imports, framework objects and route
//! handlers, and resolution of the cursor to a canonical framework symbol.

pub mod analysis;
pub mod canonical;
mod fields;
pub mod imports;
pub mod nodes;
pub mod resolve;
pub mod rewrite;
pub mod syntax;
mod typed;

pub use analysis::{Analysis, ImportTable, RouteHandler};
pub use resolve::{ResolvedSymbol, lookup_candidates, resolve_symbol_at};

use tree_sitter::Tree;

/// One Python document as every feature reads it: its text, its syntax tree
/// and the analysis of its imports, framework objects and route handlers.
/// Features take this view instead of the three pieces separately.
#[derive(Clone, Copy)]
pub struct PythonFile<'a> {
    pub text: &'a str,
    pub tree: &'a Tree,
    pub analysis: &'a Analysis,
}

/// A parsed Python text that owns its tree and analysis, for callers that
/// start from a string (tests, the CLI).
pub struct ParsedPython {
    pub text: String,
    pub tree: Tree,
    pub analysis: Analysis,
}

impl ParsedPython {
    /// `None` only when the parser cannot be set up.
    pub fn new(text: impl Into<String>) -> Option<ParsedPython> {
        let text = text.into();
        let tree = syntax::parse(&text, None)?;
        let analysis = Analysis::new(&tree, &text);
        Some(ParsedPython {
            text,
            tree,
            analysis,
        })
    }

    pub fn file(&self) -> PythonFile<'_> {
        PythonFile {
            text: &self.text,
            tree: &self.tree,
            analysis: &self.analysis,
        }
    }
}
