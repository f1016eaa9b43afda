//! `textDocument/hover`: converts the position, asks the hover feature
//! ([`crate::hover`]) and wraps its text in the markup the client accepts.
//!
//! Off when the `hover` setting is false (a user who keeps the type
//! checker's hover alone). Question titles link to their heading in the
//! question files, so the full answer is one click away in any editor; the
//! built-in bank is written to the cache folder for that, once, in the
//! background. A client that declares [`OPEN_QUESTION`] also gets a
//! *Practise* link that runs it.

use super::links::TipLinks;
use super::state::ServerState;
use crate::bank::Question;
use crate::render::HoverLinks;
use std::sync::Arc;
use tower_lsp_server::ls_types::{
    Hover, HoverContents, MarkupContent, MarkupKind, TextDocumentPositionParams,
};

/// The client command that opens a question for practice (VS Code's panel),
/// linked from the hover when the client declares it in
/// `experimental.commands.commands`.
pub const OPEN_QUESTION: &str = "interviewLs.openQuestion";

pub fn hover(state: &Arc<ServerState>, position: &TextDocumentPositionParams) -> Option<Hover> {
    if !state.config().hover {
        return None;
    }
    let client = state.client();
    let bank = state.bank();
    let links = TipLinks::new(state);
    let link = |question: &Question| {
        let location = links.location(question)?;
        // Editors open `file:` links at `#L<line>` (1-based).
        Some(format!(
            "{}#L{}",
            location.uri.as_str(),
            location.range.start.line + 1
        ))
    };
    let (text, range) = state.with_python_at(
        &position.text_document.uri,
        position.position,
        |doc, file, offset| {
            let links = HoverLinks {
                answer: &link,
                practise_command: client
                    .commands
                    .iter()
                    .find(|c| *c == OPEN_QUESTION)
                    .map(String::as_str),
                show_command: client.editor.show_command(),
            };
            let answer = crate::hover::hover(&bank, file, offset, client.hover_markdown, links)?;
            Some((
                answer.text,
                doc.range(client.encoding, answer.range.start, answer.range.end),
            ))
        },
    )?;
    if client.hover_markdown {
        export_bank(state, links);
    }
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

/// Writes the built-in bank where the hover's links point, without holding
/// up the hover (a no-op once written).
fn export_bank(state: &Arc<ServerState>, links: TipLinks) {
    let Some(cache) = links.cache().map(ToOwned::to_owned) else {
        return;
    };
    let state = Arc::clone(state);
    tokio::spawn(async move {
        // No client handle here: stderr lands in the editor's LSP log.
        if let Err(err) = state.bank_export.ensure(&cache).await {
            eprintln!("interview-ls: cannot write the bank for hover links: {err}");
        }
    });
}
