//! `textDocument/hover`: converts the position, asks the hover feature
//! ([`crate::hover`]) and wraps its text in the markup the client accepts.

use super::state::ServerState;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, MarkupContent, MarkupKind, TextDocumentPositionParams,
};

pub fn hover(state: &ServerState, position: &TextDocumentPositionParams) -> Option<Hover> {
    let client = state.client();
    let bank = state.bank();
    let (text, range) = state
        .with_document(&position.text_document.uri, |doc| {
            let offset = doc.offset(client.encoding, position.position);
            let analysis = doc.analysis()?;
            let tree = doc.tree.as_ref()?;
            let answer = crate::hover::hover(
                &bank,
                tree,
                &doc.text,
                &analysis,
                offset,
                client.hover_markdown,
            )?;
            Some((
                answer.text,
                doc.range(client.encoding, answer.range.start, answer.range.end),
            ))
        })
        .flatten()?;
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
