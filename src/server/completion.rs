//! `textDocument/completion`: the bank's snippets as completion items,
//! labelled by snippet id (`fastapi-crud-router`, `flask-blueprint`), so
//! typing a framework name and a pattern finds them. Which snippets
//! complete where, and the text they insert, is [`crate::snippets::completions`];
//! this file converts that into items, with the route paths as tab stops
//! when the client supports snippet syntax (plain text otherwise).

use super::actions::text_edits;
use super::client_info::ClientInfo;
use super::documents::Document;
use super::state::ServerState;
use crate::snippets::{self, Completion};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionTextEdit,
    Documentation, InsertTextFormat, InsertTextMode, MarkupContent, MarkupKind, TextEdit,
};

/// The completion list for a position (`None` where no snippet fits).
///
/// Items are narrowed to ids containing the typed letters in order, so a
/// keystroke does not ship every snippet's documentation; the list is then
/// marked incomplete, so clients ask again rather than filter a list that
/// was narrowed for a different prefix.
pub fn completion(state: &ServerState, params: &CompletionParams) -> Option<CompletionList> {
    // `exampleActions: false` turns examples off everywhere they are
    // offered: a user who silences them in the menu does not want them in
    // completion either.
    if !state.config().example_actions {
        return None;
    }
    let client = state.client();
    let bank = state.bank();
    let position = &params.text_document_position;
    state.with_python_at(
        &position.text_document.uri,
        position.position,
        |doc, file, offset| {
            let found = snippets::completions(&bank, file, offset)?;
            let items = found
                .items
                .iter()
                .enumerate()
                .map(|(rank, c)| item(doc, &client, c, rank, &found.replace))
                .collect();
            Some(CompletionList {
                is_incomplete: found.narrowed,
                items,
            })
        },
    )
}

fn item(
    doc: &Document,
    client: &ClientInfo,
    completion: &Completion<'_>,
    rank: usize,
    replace: &std::ops::Range<usize>,
) -> CompletionItem {
    let snippet = completion.offer.snippet;
    let (folded, code) = completion.code.split_at(completion.folded_imports);
    let (new_text, format) = if client.snippet_support {
        (
            format!("{}{}", escape(folded), with_tab_stops(code)),
            InsertTextFormat::SNIPPET,
        )
    } else {
        (completion.code.clone(), InsertTextFormat::PLAIN_TEXT)
    };
    let documentation = format!(
        "**{}** · example for *{}*\n\n```python\n{}\n```",
        snippet.title,
        completion.offer.question.title,
        snippet.body.trim_end()
    );
    CompletionItem {
        label: snippet.id.clone(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(snippet.title.clone()),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: if client.hover_markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: documentation,
        })),
        sort_text: Some(format!("{rank:04}")),
        filter_text: Some(snippet.id.clone()),
        insert_text_format: Some(format),
        // The text is indented already; clients must not indent it again.
        insert_text_mode: Some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: doc.range(client.encoding, replace.start, replace.end),
            new_text,
        })),
        additional_text_edits: Some(text_edits(doc, client.encoding, &completion.imports)),
        ..CompletionItem::default()
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
    let mut out = String::with_capacity(code.len() + 16);
    let mut copied = 0;
    for (number, range) in snippets::route_paths(code).into_iter().enumerate() {
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
