//! `textDocument/codeAction`, `codeAction/resolve` and the
//! `interview.insertSnippet` command: LSP around [`crate::snippets`] and
//! [`crate::tips`].
//!
//! Three kinds of action:
//! - "Insert example: <title>" and "Insert example…" (kind [`INSERT_KIND`]),
//!   a few examples about the cursor and the client's picker
//!   ([`examples`], which also runs `interview.insertSnippet`).
//! - Quick fixes (kind `quickfix`) for the tips under the cursor.
//! - "Explain: <question>" for each of those tips, running `interview.show`.

use super::client_info::ClientInfo;
use super::diagnostics::to_diagnostic;
use super::documents::Document;
use super::encoding::PositionEncoding;
use super::links::TipLinks;
use super::protocol::SHOW;
use super::state::ServerState;
use crate::bank::Bank;
use crate::edit::Edit;
use serde_json::json;
use std::collections::HashMap;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, TextEdit, Uri,
    WorkspaceEdit,
};

mod examples;

pub use examples::{INSERT_KIND, insert_snippet};

/// The code actions for a range of a document.
pub fn code_actions(state: &ServerState, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let client = state.client();
    let bank = state.bank();
    let links = TipLinks::new(state);
    let uri = &params.text_document.uri;
    let wanted = |kind: &str| kind_requested(params.context.only.as_deref(), kind);
    let mut actions = state
        .with_document(uri, |doc| {
            let mut actions = Vec::new();
            if wanted(CodeActionKind::QUICKFIX.as_str()) {
                actions.extend(tip_actions(doc, uri, &client, &bank, &links, params));
            }
            actions
        })
        .unwrap_or_default();
    if wanted(INSERT_KIND) {
        actions.extend(examples::example_actions(state, params));
    }
    actions
}

/// Whether `kind` is among the kinds the client asked for (a requested
/// `refactor` includes `refactor.rewrite`, per the spec's
/// hierarchical kinds).
fn kind_requested(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            o.is_empty() || kind == o || kind.starts_with(&format!("{o}."))
        })
    })
}

/// Quick fixes and "Explain" actions for the tips on the range's lines.
fn tip_actions(
    doc: &Document,
    uri: &Uri,
    client: &ClientInfo,
    bank: &Bank,
    links: &TipLinks,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let Some(tips) = doc.with_python(crate::tips::check) else {
        return Vec::new();
    };
    let start = doc.offset(client.encoding, params.range.start);
    let end = doc.offset(client.encoding, params.range.end).max(start);
    let mut fixes = Vec::new();
    let mut explains = Vec::new();
    for tip in crate::tips::on_lines(tips, &doc.text, start..end) {
        let diagnostic = to_diagnostic(doc, client.encoding, bank, links, &tip);
        for (i, fix) in tip.fixes.iter().enumerate() {
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(doc, client.encoding, uri, &fix.edits)),
                is_preferred: Some(i == 0),
                ..CodeAction::default()
            }));
        }
        let question = bank.get(tip.question);
        let title = question.map_or(tip.question, |q| q.title.as_str());
        let action = CodeAction {
            title: format!("Explain: {title}"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            command: Some(Command {
                title: format!("Explain: {title}"),
                command: SHOW.to_string(),
                arguments: Some(vec![json!({"id": tip.question})]),
            }),
            ..CodeAction::default()
        };
        // One "Explain" per question, however many tips link to it.
        if !explains
            .iter()
            .any(|e: &CodeActionOrCommand| matches!(e, CodeActionOrCommand::CodeAction(a) if a.title == action.title))
        {
            explains.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    fixes.extend(explains);
    fixes
}

/// `codeAction/resolve`: every action is sent whole (examples run
/// `interview.insertSnippet`, fixes carry their edit), so there is nothing
/// to fill in.
pub fn resolve(_state: &ServerState, action: CodeAction) -> Result<CodeAction> {
    Ok(action)
}

/// Plain edits → a `WorkspaceEdit` for one document.
pub fn workspace_edit(
    doc: &Document,
    encoding: PositionEncoding,
    uri: &Uri,
    edits: &[Edit],
) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            text_edits(doc, encoding, edits),
        )])),
        ..WorkspaceEdit::default()
    }
}

pub fn text_edits(doc: &Document, encoding: PositionEncoding, edits: &[Edit]) -> Vec<TextEdit> {
    crate::edit::normalise(edits.to_vec())
        .into_iter()
        .map(|e| TextEdit {
            range: doc.range(encoding, e.range.start, e.range.end),
            new_text: e.text,
        })
        .collect()
}
