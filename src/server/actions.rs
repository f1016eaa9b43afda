//! `textDocument/codeAction`, `codeAction/resolve` and the
//! `interview.insertSnippet` command: LSP around [`crate::snippets`] and
//! [`crate::tips`].
//!
//! Three kinds of action:
//! - "Insert example: <title>" (kind [`INSERT_KIND`]) for the snippets that
//!   fit the file, best first, at most [`crate::snippets::MAX_OFFERED`]. With
//!   `codeAction/resolve` support the edit is computed only for the action
//!   the user picks; otherwise it is sent inline.
//! - Quick fixes (kind `quickfix`) for the tips under the cursor.
//! - "Explain: <question>" for each of those tips, running `interview.show`.

use super::client_info::ClientInfo;
use super::diagnostics::to_diagnostic;
use super::documents::Document;
use super::encoding::PositionEncoding;
use super::links::TipLinks;
use super::protocol::{InsertSnippetArgs, SHOW};
use super::state::ServerState;
use crate::bank::Bank;
use crate::edit::Edit;
use crate::python::PythonFile;
use crate::snippets::{self, MAX_OFFERED};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Position, TextEdit,
    Uri, WorkspaceEdit,
};

/// A custom kind under `refactor`, so clients list the examples with the
/// refactorings (VS Code's "Refactor…" menu, Neovim's `refactor` filter)
/// rather than among the fixes.
pub const INSERT_KIND: &str = "refactor.rewrite.interview";

/// What an unresolved "Insert example" action carries to `codeAction/resolve`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InsertData {
    uri: Uri,
    snippet: String,
    position: Position,
}

/// The code actions for a range of a document.
pub fn code_actions(state: &ServerState, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let client = state.client();
    let bank = state.bank();
    let links = TipLinks::new(state);
    let uri = &params.text_document.uri;
    let wanted = |kind: &str| kind_requested(params.context.only.as_deref(), kind);
    state
        .with_document(uri, |doc| {
            let mut actions = Vec::new();
            if wanted(CodeActionKind::QUICKFIX.as_str()) {
                actions.extend(tip_actions(doc, uri, &client, &bank, &links, params));
            }
            if wanted(INSERT_KIND) {
                actions.extend(insert_actions(doc, uri, &client, &bank, params.range.start));
            }
            actions
        })
        .unwrap_or_default()
}

/// Whether `kind` is among the kinds the client asked for (a requested
/// `refactor` includes `refactor.rewrite.interview`, per the spec's
/// hierarchical kinds).
fn kind_requested(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            o.is_empty() || kind == o || kind.starts_with(&format!("{o}."))
        })
    })
}

fn insert_actions(
    doc: &Document,
    uri: &Uri,
    client: &ClientInfo,
    bank: &Bank,
    position: Position,
) -> Vec<CodeActionOrCommand> {
    doc.with_python(|file| {
        let offset = doc.offset(client.encoding, position);
        insert_actions_in(doc, file, uri, client, bank, position, offset)
    })
    .unwrap_or_default()
}

fn insert_actions_in(
    doc: &Document,
    file: &PythonFile<'_>,
    uri: &Uri,
    client: &ClientInfo,
    bank: &Bank,
    position: Position,
    offset: usize,
) -> Vec<CodeActionOrCommand> {
    snippets::offers(bank, &snippets::Spot::new(file, offset))
        .into_iter()
        .take(MAX_OFFERED)
        .filter_map(|offer| {
            let mut action = CodeAction {
                title: format!("Insert example: {}", offer.snippet.title),
                kind: Some(CodeActionKind::new(INSERT_KIND)),
                ..CodeAction::default()
            };
            if client.code_action_resolve {
                let data = InsertData {
                    uri: uri.clone(),
                    snippet: offer.snippet.id.clone(),
                    position,
                };
                action.data = serde_json::to_value(data).ok();
            } else {
                let edits = snippets::plan(file, offer.snippet, offset).ok()?;
                action.edit = Some(workspace_edit(doc, client.encoding, uri, &edits));
            }
            Some(CodeActionOrCommand::CodeAction(action))
        })
        .collect()
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

/// `codeAction/resolve`: fills in the edit of an "Insert example" action.
pub fn resolve(state: &ServerState, mut action: CodeAction) -> Result<CodeAction> {
    let Some(data) = action.data.clone() else {
        return Ok(action);
    };
    let data: InsertData = serde_json::from_value(data)
        .map_err(|e| Error::invalid_params(format!("not an interview-ls code action: {e}")))?;
    let edit = insert_edit(state, &data.uri, &data.snippet, data.position)?;
    action.edit = Some(edit);
    Ok(action)
}

/// The whole edit that inserts snippet `id` at `position` of an open document.
fn insert_edit(
    state: &ServerState,
    uri: &Uri,
    id: &str,
    position: Position,
) -> Result<WorkspaceEdit> {
    let encoding = state.client().encoding;
    let bank = state.bank();
    let (_, snippet) = bank.snippet(id).ok_or_else(|| {
        Error::invalid_params(format!(
            "unknown snippet id `{id}` (interview.snippets lists them)"
        ))
    })?;
    state
        .with_document(uri, |doc| -> std::result::Result<WorkspaceEdit, String> {
            let offset = doc.offset(encoding, position);
            let edits = doc
                .with_python(|file| snippets::plan(file, snippet, offset))
                .ok_or_else(|| snippets::InsertError::NotPython.to_string())?
                .map_err(|e| e.to_string())?;
            Ok(workspace_edit(doc, encoding, uri, &edits))
        })
        .ok_or_else(|| {
            Error::invalid_params(format!("{} is not open in the editor", uri.as_str()))
        })?
        .map_err(Error::invalid_params)
}

/// `interview.insertSnippet {id, uri, position}`: inserts through
/// `workspace/applyEdit`, so the editor records one undoable change.
pub async fn insert_snippet(
    client: &Client,
    state: &ServerState,
    args: InsertSnippetArgs,
) -> Result<Value> {
    // Computed (and the document lock released) before the `.await`.
    let edit = insert_edit(state, &args.uri, &args.id, args.position)?;
    match client.apply_edit(edit).await {
        Ok(response) => Ok(json!({
            "applied": response.applied,
            "failureReason": response.failure_reason,
        })),
        Err(err) => Err(Error::invalid_params(format!(
            "the editor did not apply the edit: {err}"
        ))),
    }
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
