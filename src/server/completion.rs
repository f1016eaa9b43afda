//! `textDocument/completion`: the bank's snippets as completion items,
//! labelled by snippet id (`fastapi-crud-router`, `flask-blueprint`), so
//! typing a framework name and a pattern finds them.
//!
//! Items are offered where a statement can start: at the start of a line
//! (after its indentation), outside strings and comments; module snippets
//! at the top level, body snippets inside a function. The text edit
//! replaces what was typed (hyphens included, which most clients' word
//! patterns would split on), the snippet's imports come as
//! `additionalTextEdits`, and the route paths become tab stops when the
//! client supports snippet syntax (plain text otherwise).

use super::actions::text_edits;
use super::client_info::ClientInfo;
use super::documents::Document;
use super::state::ServerState;
use crate::bank::{Bank, Scope};
use crate::edit::Edit;
use crate::insert::{self, Offer};
use crate::python::imports::merge_imports;
use crate::python::{Analysis, syntax};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionTextEdit,
    Documentation, InsertTextFormat, InsertTextMode, MarkupContent, MarkupKind, TextEdit,
};
use tree_sitter::Node;

/// The completion list for a position (`None` where no snippet fits).
///
/// Items are narrowed to ids containing the typed letters in order, so a
/// keystroke does not ship every snippet's documentation; the list is then
/// marked incomplete, so clients ask again rather than filter a list that
/// was narrowed for a different prefix.
pub fn completion(state: &ServerState, params: &CompletionParams) -> Option<CompletionList> {
    let client = state.client();
    let bank = state.bank();
    let position = &params.text_document_position;
    state
        .with_document(&position.text_document.uri, |doc| {
            let offset = doc.offset(client.encoding, position.position);
            items(doc, &client, &bank, offset)
        })
        .flatten()
}

fn items(
    doc: &Document,
    client: &ClientInfo,
    bank: &Bank,
    offset: usize,
) -> Option<CompletionList> {
    let tree = doc.tree.as_ref()?;
    let analysis = doc.analysis()?;
    let text = &doc.text;
    let line_start = crate::edit::line_start(text, offset);
    let line = &text[line_start..offset];
    let indent = crate::edit::indentation(line, line.len());
    let typed = &line[indent.len()..];
    if !typed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || in_string_or_comment(tree.root_node(), offset)
    {
        return None;
    }
    let mut context = insert::Context::new(tree, text, &analysis, offset);
    // A fresh indented line after a function's last statement is outside
    // the function's node, but it is where the user is writing its body.
    context.in_function = context.in_function
        || (!indent.is_empty() && insert::in_function_near(tree, text, line_start));
    let replace = line_start + indent.len()..offset;
    let typed = typed.to_ascii_lowercase();
    let items: Vec<CompletionItem> = insert::offers(bank, &context)
        .into_iter()
        .filter(|offer| match offer.snippet.scope {
            Scope::Module => indent.is_empty(),
            Scope::Body => context.in_function,
        })
        .filter(|offer| is_subsequence(&typed, &offer.snippet.id))
        .enumerate()
        .map(|(rank, offer)| item(doc, &analysis, client, offer, rank, indent, replace.clone()))
        .collect();
    (!items.is_empty()).then_some(CompletionList {
        is_incomplete: !typed.is_empty(),
        items,
    })
}

/// Whether the letters of `typed` appear in `id` in order (`fcrud` → `fastapi-crud-router`).
fn is_subsequence(typed: &str, id: &str) -> bool {
    let mut rest = id.chars();
    typed.chars().all(|c| rest.any(|i| i == c))
}

fn item(
    doc: &Document,
    analysis: &Analysis,
    client: &ClientInfo,
    offer: Offer<'_>,
    rank: usize,
    indent: &str,
    replace: std::ops::Range<usize>,
) -> CompletionItem {
    let tree = doc.tree.as_ref();
    let merge = tree.map(|t| merge_imports(t, &doc.text, &offer.snippet.imports));
    let body = merge.as_ref().map_or_else(
        || offer.snippet.body.clone(),
        |m| insert::body_for_file(&offer.snippet.body, m, analysis),
    );
    let body = insert::indent_body(body.trim_end_matches('\n'), indent);
    // The first line goes where the typed prefix is, after the indentation.
    let body = body.strip_prefix(indent).unwrap_or(&body).to_string();
    let mut imports: Vec<Edit> = merge.map(|m| m.edits).unwrap_or_default();
    // An import insertion touching the replaced range would overlap the main
    // edit, which the spec forbids for `additionalTextEdits`: fold it in.
    let mut prefix = String::new();
    imports.retain(|edit| {
        if edit.range.end >= replace.start {
            prefix.push_str(&edit.text);
            false
        } else {
            true
        }
    });
    let (new_text, format) = if client.snippet_support {
        (
            format!("{}{}", escape(&prefix), with_tab_stops(&body)),
            InsertTextFormat::SNIPPET,
        )
    } else {
        (format!("{prefix}{body}"), InsertTextFormat::PLAIN_TEXT)
    };
    let documentation = format!(
        "**{}** · example for *{}*\n\n```python\n{}\n```",
        offer.snippet.title,
        offer.question.title,
        offer.snippet.body.trim_end()
    );
    CompletionItem {
        label: offer.snippet.id.clone(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(offer.snippet.title.clone()),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: if client.hover_markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: documentation,
        })),
        sort_text: Some(format!("{rank:04}")),
        filter_text: Some(offer.snippet.id.clone()),
        insert_text_format: Some(format),
        // The text is indented already; clients must not indent it again.
        insert_text_mode: Some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: doc.range(client.encoding, replace.start, replace.end),
            new_text,
        })),
        additional_text_edits: Some(text_edits(doc, client.encoding, &imports)),
        ..CompletionItem::default()
    }
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

/// Snippet syntax needs `\`, `$` and `}` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The code in snippet syntax, each route path (`@app.get("/items")`) a
/// numbered placeholder, and the final cursor after the code.
fn with_tab_stops(code: &str) -> String {
    let mut paths: Vec<std::ops::Range<usize>> = Vec::new();
    if let Some(tree) = syntax::parse(code, None) {
        let decorators = crate::python::nodes::descendants(
            tree.root_node(),
            |n| n.kind() == "decorator",
            |n| !matches!(n.kind(), "string" | "comment"),
        );
        for decorator in decorators {
            let path = decorator
                .named_child(0)
                .filter(|c| c.kind() == "call")
                .and_then(|c| {
                    crate::python::nodes::positional_arguments(c)
                        .into_iter()
                        .next()
                })
                .filter(|a| {
                    crate::python::nodes::string_value(*a, code).is_some_and(|v| !v.is_empty())
                })
                .and_then(|s| {
                    let mut cursor = s.walk();
                    let content = s
                        .named_children(&mut cursor)
                        .find(|c| c.kind() == "string_content");
                    content.map(|c| c.byte_range())
                });
            paths.extend(path);
        }
    }
    paths.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(code.len() + 16);
    let mut copied = 0;
    for (number, range) in paths.iter().enumerate() {
        out.push_str(&escape(&code[copied..range.start]));
        out.push_str(&format!(
            "${{{}:{}}}",
            number + 1,
            escape(&code[range.clone()])
        ));
        copied = range.end;
    }
    out.push_str(&escape(&code[copied..]));
    out.push_str("$0");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_paths_become_tab_stops_and_the_rest_is_escaped() {
        let code = "@app.get(\"/items/{item_id}\")\ndef read(item_id: int):\n    return {\"cost\": \"$5\"}";
        assert_eq!(
            with_tab_stops(code),
            "@app.get(\"${1:/items/{item_id\\}}\")\ndef read(item_id: int):\n    return {\"cost\": \"\\$5\"\\}$0"
        );
    }
}
