//! Snippets as completions: where one may be completed, which match what
//! was typed, and the text each inserts. The server only turns this into
//! `CompletionItem`s (and snippet syntax for clients that take it).
//!
//! Only in files examples belong in (as for code actions: a Flask or
//! FastAPI file, or one with no code yet). A snippet completes where a
//! statement can start: at the start of a line
//! (after its indentation), outside strings and comments; module snippets at
//! the top level, body snippets inside a function. What was typed (hyphens
//! included) is replaced, and the snippet's imports come as separate edits.

use super::placement::in_function_near;
use super::{Offer, Spot, offers, offers_examples};
use crate::bank::{Bank, Scope};
use crate::edit::{Edit, indentation, line_start};
use crate::python::PythonFile;
use crate::python::imports::merge_imports;
use crate::python::nodes::{descendants, positional_arguments, string_value};
use crate::python::rewrite::{body_for_file, indent_body};
use crate::python::syntax;
use std::ops::Range;
use tree_sitter::Node;

/// The snippets that complete at a position.
pub struct Completions<'b> {
    /// The typed word the chosen item replaces.
    pub replace: Range<usize>,
    /// Whether the list was narrowed by a typed prefix (so a client should
    /// ask again on the next keystroke instead of filtering this list).
    pub narrowed: bool,
    /// Best first.
    pub items: Vec<Completion<'b>>,
}

/// One snippet as a completion.
pub struct Completion<'b> {
    pub offer: Offer<'b>,
    /// The code replacing the typed word, indented for the line; an import
    /// that would touch the replaced range is folded in front of it.
    pub code: String,
    /// What part of `code` came from such folded imports (escaped apart
    /// from the code when the client takes snippet syntax).
    pub folded_imports: usize,
    /// The snippet's imports merged into the file's, away from `replace`.
    pub imports: Vec<Edit>,
}

/// The completions at `offset`, or `None` where no snippet may go.
pub fn completions<'b>(
    bank: &'b Bank,
    file: &PythonFile<'_>,
    offset: usize,
) -> Option<Completions<'b>> {
    if !offers_examples(file) {
        return None;
    }
    let text = file.text;
    let start = line_start(text, offset);
    let line = &text[start..offset];
    let indent = indentation(line, line.len());
    let typed = &line[indent.len()..];
    if !typed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || in_string_or_comment(file.tree.root_node(), offset)
    {
        return None;
    }
    let mut spot = Spot::new(file, offset);
    // A fresh indented line after a function's last statement is outside
    // the function's node, but it is where the user is writing its body.
    spot.in_function =
        spot.in_function || (!indent.is_empty() && in_function_near(file.tree, text, start));
    let replace = start + indent.len()..offset;
    let typed = typed.to_ascii_lowercase();
    let items: Vec<Completion<'b>> = offers(bank, &spot)
        .into_iter()
        .filter(|offer| match offer.snippet.scope {
            Scope::Module => indent.is_empty(),
            Scope::Body => spot.in_function,
        })
        .filter(|offer| is_subsequence(&typed, &offer.snippet.id))
        .map(|offer| completion(file, offer, indent, &replace))
        .collect();
    (!items.is_empty()).then_some(Completions {
        replace,
        narrowed: !typed.is_empty(),
        items,
    })
}

/// The same imports and code the code action inserts, shaped for a
/// completion at the typed word.
fn completion<'b>(
    file: &PythonFile<'_>,
    offer: Offer<'b>,
    indent: &str,
    replace: &Range<usize>,
) -> Completion<'b> {
    let merge = merge_imports(file.tree, file.text, &offer.snippet.imports);
    let body = body_for_file(&offer.snippet.body, &merge, file);
    let body = indent_body(body.trim_end_matches('\n'), indent);
    // The first line goes where the typed prefix is, after the indentation.
    let body = body.strip_prefix(indent).unwrap_or(&body);
    // An import insertion touching the replaced range would overlap the main
    // edit, which the spec forbids for `additionalTextEdits`: fold it in.
    let mut folded = String::new();
    let mut imports = merge.edits;
    imports.retain(|edit| {
        if edit.range.end >= replace.start {
            folded.push_str(&edit.text);
            false
        } else {
            true
        }
    });
    Completion {
        offer,
        folded_imports: folded.len(),
        code: folded + body,
        imports,
    }
}

/// Whether the letters of `typed` appear in `id` in order (`fcrud` → `fastapi-crud-router`).
fn is_subsequence(typed: &str, id: &str) -> bool {
    let mut rest = id.chars();
    typed.chars().all(|c| rest.any(|i| i == c))
}

fn in_string_or_comment(root: Node<'_>, offset: usize) -> bool {
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
        return false;
    };
    loop {
        if matches!(node.kind(), "string" | "comment") && node.start_byte() < offset {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

/// The route paths in `code` (`"/items"` in `@app.get("/items")`), in order:
/// the parts of a snippet a user most often changes, so clients that take
/// snippet syntax make them tab stops.
pub fn route_paths(code: &str) -> Vec<Range<usize>> {
    let Some(tree) = syntax::parse(code, None) else {
        return Vec::new();
    };
    let decorators = descendants(
        tree.root_node(),
        |n| n.kind() == "decorator",
        |n| !matches!(n.kind(), "string" | "comment"),
    );
    let mut paths: Vec<Range<usize>> = decorators
        .into_iter()
        .filter_map(|decorator| {
            let call = decorator.named_child(0).filter(|c| c.kind() == "call")?;
            let path = positional_arguments(call)
                .into_iter()
                .next()
                .filter(|a| string_value(*a, code).is_some_and(|v| !v.is_empty()))?;
            let mut cursor = path.walk();
            let content = path
                .named_children(&mut cursor)
                .find(|c| c.kind() == "string_content");
            content.map(|c| c.byte_range())
        })
        .collect();
    paths.sort_by_key(|r| r.start);
    paths
}
