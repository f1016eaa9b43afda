//! `textDocument/hover`: converts the position, asks the hover feature
//! ([`crate::hover`]) and wraps its text in the markup the client accepts.

use super::state::ServerState;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, MarkupContent, MarkupKind, TextDocumentPositionParams,
};

pub fn hover(state: &ServerState, position: &TextDocumentPositionParams) -> Option<Hover> {
    let client = state.client();
    let bank = state.bank();
    let (text, range) = state.with_python_at(
        &position.text_document.uri,
        position.position,
        |doc, file, offset| {
            let answer = crate::hover::hover(&bank, file, offset, client.hover_markdown)?;
            Some((
                answer.text,
                doc.range(client.encoding, answer.range.start, answer.range.end),
            ))
        },
    )?;
    let kind = if client.hover_markdown {
        MarkupKind::Markdown
    } else {
        MarkupKind::PlainText
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind, value: text }),
        range: Some(range),
    })
}
