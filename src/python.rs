//! Understanding the user's Python: a tree-sitter tree kept in sync with the
//! document, an analysis of its imports, framework objects and route
//! handlers, and resolution of the cursor to a canonical framework symbol.

pub mod analysis;
pub mod canonical;
mod fields;
pub mod imports;
pub mod nodes;
pub mod resolve;
pub mod syntax;

pub use analysis::{Analysis, ImportTable, RouteHandler};
pub use resolve::{ResolvedSymbol, lookup_candidates, resolve_symbol_at};
