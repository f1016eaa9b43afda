//! "Insert example" code actions and the `interview.insertSnippet` command:
//! LSP around [`crate::snippets`].
//!
//! The discipline, so examples never crowd out the editor's own fixes:
//! - only in files examples belong in (Flask or FastAPI, or no code yet;
//!   [`snippets::offers_examples`]), only when the user asks (a request
//!   the client makes on its own, for a lightbulb, gets none), and not at
//!   all with `exampleActions: false`;
//! - at most [`snippets::MAX_OFFERED`] examples about what is under the
//!   cursor, then one "Insert example…" entry that opens the file's whole
//!   list in the client's picker ([`PICK_EXAMPLE`], offered only to clients
//!   that declare they run it);
//! - kind `refactor.rewrite`, so they sit with the refactorings.
//!
//! Each action runs `interview.insertSnippet`, which applies the edit with
//! `workspace/applyEdit` (one undo step) and then shows the inserted code
//! with `window/showDocument`, so the cursor lands on it.

use super::super::client_info::ClientInfo;
use super::super::encoding::line_index;
use super::super::protocol::{INSERT_SNIPPET, InsertSnippetArgs};
use super::super::state::ServerState;
use super::workspace_edit;
use crate::bank::{Bank, Framework, Snippet};
use crate::snippets::{self, Offer};
use serde_json::{Value, json};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind,
    Command, MessageActionItem, MessageType, Position, Range, ShowDocumentParams, Uri,
    WorkspaceEdit,
};

/// Examples are refactorings of the file, never fixes.
pub const INSERT_KIND: &str = "refactor.rewrite";

/// The client-side command behind "Insert example…": one argument,
/// `{uri, position, examples: [{id, title, framework, scope, questionId}]}`
/// (the file's examples, best first); the client shows them in its picker
/// and runs `interview.insertSnippet` with the one chosen. A client
/// declares it in `experimental.commands.commands` at `initialize`.
pub const PICK_EXAMPLE: &str = "interviewLs.pickExample";

/// The example actions at the start of the requested range.
pub(super) fn example_actions(
    state: &ServerState,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    if !state.config().example_actions
        || params.context.trigger_kind == Some(CodeActionTriggerKind::AUTOMATIC)
    {
        return Vec::new();
    }
    let client = state.client();
    let bank = state.bank();
    let uri = &params.text_document.uri;
    let position = params.range.start;
    state
        .with_python_at(uri, position, |_, file, offset| {
            snippets::example_menu(&bank, file, offset)
                .map(|menu| menu_actions(&client, uri, position, &menu))
        })
        .unwrap_or_default()
}

fn menu_actions(
    client: &ClientInfo,
    uri: &Uri,
    position: Position,
    menu: &snippets::ExampleMenu<'_>,
) -> Vec<CodeActionOrCommand> {
    let mut actions: Vec<CodeActionOrCommand> = menu
        .ranked
        .iter()
        .map(|offer| {
            let title = format!("Insert example: {}", offer.snippet.title);
            let args = json!({"id": offer.snippet.id, "uri": uri, "position": position});
            action(&title, INSERT_SNIPPET, args)
        })
        .collect();
    if client.commands.iter().any(|c| c == PICK_EXAMPLE) && !menu.all.is_empty() {
        let examples: Vec<Value> = menu.all.iter().map(summary).collect();
        let args = json!({"uri": uri, "position": position, "examples": examples});
        actions.push(action("Insert example…", PICK_EXAMPLE, args));
    }
    actions
}

fn action(title: &str, command: &str, argument: Value) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_string(),
        kind: Some(CodeActionKind::new(INSERT_KIND)),
        command: Some(Command {
            title: title.to_string(),
            command: command.to_string(),
            arguments: Some(vec![argument]),
        }),
        ..CodeAction::default()
    })
}

/// A snippet as `interview.snippets` lists it.
fn summary(offer: &Offer<'_>) -> Value {
    json!({
        "id": offer.snippet.id,
        "title": offer.snippet.title,
        "framework": offer.snippet.framework,
        "scope": offer.snippet.scope,
        "questionId": offer.question.id,
    })
}

/// What inserting a snippet takes: the edit, where the code lands, and the
/// framework the file is written for.
struct Insertion {
    edit: WorkspaceEdit,
    code_at: Position,
    file_framework: Option<Framework>,
}

/// The whole edit that inserts snippet `id` at `position` of an open document.
fn insertion(
    state: &ServerState,
    uri: &Uri,
    snippet: &Snippet,
    position: Position,
) -> Result<Insertion> {
    let encoding = state.client().encoding;
    state
        .with_document(uri, |doc| -> std::result::Result<Insertion, String> {
            let offset = doc.offset(encoding, position);
            let (plan, file_framework) = doc
                .with_python(|file| {
                    snippets::plan(file, snippet, offset).map(|p| (p, file.analysis.framework()))
                })
                .ok_or_else(|| snippets::InsertError::NotPython.to_string())?
                .map_err(|e| e.to_string())?;
            let after = crate::edit::apply(&doc.text, &plan.edits).unwrap_or_default();
            let code_at = plan.code_at.min(after.len());
            Ok(Insertion {
                edit: workspace_edit(doc, encoding, uri, &plan.edits),
                code_at: encoding.position(&after, &line_index(&after), code_at),
                file_framework,
            })
        })
        .ok_or_else(|| {
            Error::invalid_params(format!("{} is not open in the editor", uri.as_str()))
        })?
        .map_err(Error::invalid_params)
}

/// `interview.insertSnippet {id, uri, position}`: inserts through
/// `workspace/applyEdit`, so the editor records one undoable change, then
/// puts the cursor on the inserted code. A snippet for the other framework
/// than the file's is inserted only after the user says so.
pub async fn insert_snippet(
    client: &Client,
    state: &ServerState,
    args: InsertSnippetArgs,
) -> Result<Value> {
    let bank: std::sync::Arc<Bank> = state.bank();
    let (_, snippet) = bank.snippet(&args.id).ok_or_else(|| {
        Error::invalid_params(format!(
            "unknown snippet id `{}` (interview.snippets lists them)",
            args.id
        ))
    })?;
    // Computed (and the document lock released) before any `.await`.
    let mut insertion = insertion(state, &args.uri, snippet, args.position)?;
    if let Some(file) = insertion.file_framework {
        if snippet.framework != file && snippet.framework != Framework::General {
            let question = format!(
                "“{}” is a {} example, and this file uses {}. Insert it anyway?",
                snippet.title,
                framework_name(snippet.framework),
                framework_name(file)
            );
            let insert = MessageActionItem {
                title: "Insert anyway".into(),
                properties: Default::default(),
            };
            let cancel = MessageActionItem {
                title: "Cancel".into(),
                properties: Default::default(),
            };
            let answer = client
                .show_message_request(MessageType::WARNING, question, Some(vec![insert, cancel]))
                .await
                .ok()
                .flatten();
            if answer.is_none_or(|a| a.title != "Insert anyway") {
                return Ok(json!({
                    "applied": false,
                    "failureReason": format!(
                        "not inserted: {} is a {} example and this file uses {}",
                        snippet.id,
                        framework_name(snippet.framework),
                        framework_name(file)
                    ),
                }));
            }
            // The document may have changed while the user was asked.
            insertion = self::insertion(state, &args.uri, snippet, args.position)?;
        }
    }
    let response = client.apply_edit(insertion.edit).await.map_err(|err| {
        Error::invalid_params(format!("the editor did not apply the edit: {err}"))
    })?;
    if response.applied && state.client().show_document {
        // Where the client allows it: the cursor on the inserted code.
        let _ = client
            .show_document(ShowDocumentParams {
                uri: args.uri.clone(),
                external: Some(false),
                take_focus: Some(true),
                selection: Some(Range::new(insertion.code_at, insertion.code_at)),
            })
            .await;
    }
    Ok(json!({
        "applied": response.applied,
        "failureReason": response.failure_reason,
    }))
}

fn framework_name(framework: Framework) -> &'static str {
    match framework {
        Framework::Fastapi => "FastAPI",
        Framework::Flask => "Flask",
        Framework::General => "general",
    }
}
