//! The `LanguageServer` implementation. Handlers stay thin: they convert
//! protocol types, call a plain feature function and convert back.

use super::actions;
use super::bank_files;
use super::capabilities::server_capabilities;
use super::client_info::ClientInfo;
use super::commands;
use super::completion;
use super::config::Config;
use super::diagnostics;
use super::documents::Document;
use super::hover;
use super::lens;
use super::reload;
use super::reparse::{self, HOVER_BUDGET, TIPS_WAIT};
use super::state::ServerState;
use super::symbols;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionParams,
    CompletionResponse, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    ExecuteCommandParams, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams, LSPAny, MessageType, ServerInfo, Uri, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    state: Arc<ServerState>,
    /// Log lines produced during `initialize`, sent at `initialized`.
    pending_messages: std::sync::Mutex<Vec<(MessageType, String)>>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<ServerState>) -> Backend {
        Backend {
            client,
            state,
            pending_messages: std::sync::Mutex::default(),
        }
    }

    /// A bank file open in the editor changed (or opened, or closed): the
    /// bank is re-indexed with its current text (coalesced and off the
    /// serving loop, see `reload.rs`), then its errors are shown where they
    /// are.
    async fn bank_document_changed(&self, uri: &Uri, closed: bool) {
        let folders = self.state.config().question_paths;
        let Some(path) = bank_files::bank_file_path(uri, &folders) else {
            return;
        };
        let snapshot = if closed {
            None
        } else {
            self.state
                .with_document(uri, |doc| (doc.changes(), doc.text.clone()))
        };
        let installed = reload::reload(&self.state, reload::Cause::Edit).await;
        let changes = self.state.with_document(uri, Document::changes);
        if installed.is_none() && changes != snapshot.as_ref().map(|s| s.0) {
            // A later edit of this file publishes its own errors.
            return;
        }
        let encoding = self.state.client().encoding;
        let diagnostics = match snapshot {
            None => Vec::new(),
            Some((_, text)) => tokio::task::spawn_blocking(move || {
                let doc = Document::new(text, 0, "markdown".into());
                bank_files::diagnostics(&path, &doc, encoding)
            })
            .await
            .unwrap_or_default(),
        };
        self.client
            .publish_diagnostics(uri.clone(), diagnostics, None)
            .await;
    }

    /// Asks the client to report changes to the bank folders' Markdown files.
    async fn watch_bank_folders(&self) {
        if !self.state.client().watch_files {
            return;
        }
        let registration = bank_files::watch_registration(&self.state.config().question_paths);
        if let Err(err) = self.client.register_capability(vec![registration]).await {
            let message = format!("cannot watch the question folders: {err}");
            self.client.log_message(MessageType::WARNING, message).await;
        }
    }

    async fn log(&self, messages: Vec<(MessageType, String)>) {
        for (kind, message) in messages {
            self.client.log_message(kind, message).await;
        }
    }

    async fn apply_config(&self, value: Option<&serde_json::Value>) -> bool {
        let (config, warnings) = Config::from_value(value);
        let reload = config.question_paths != self.state.config().question_paths;
        self.state.set_config(config);
        for warning in warnings {
            self.client.log_message(MessageType::WARNING, warning).await;
        }
        reload
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let name = params.client_info.as_ref().map(|c| c.name.as_str());
        let client = ClientInfo::new(&params.capabilities, name);
        let capabilities = server_capabilities(&client);
        self.state.set_client(client);
        let (config, warnings) = Config::from_value(params.initialization_options.as_ref());
        self.state.set_config(config);
        // The bank is ready before the first request can arrive; what it has
        // to say is sent once the client listens (`initialized`).
        let mut messages: Vec<(MessageType, String)> = warnings
            .into_iter()
            .map(|w| (MessageType::WARNING, w))
            .collect();
        messages.extend(reload::load_now(&self.state).await);
        *self
            .pending_messages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = messages;
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "interview-ls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let messages = std::mem::take(
            &mut *self
                .pending_messages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        self.log(messages).await;
        self.watch_bank_folders().await;
        commands::check_progress(&self.client, &self.state).await;
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute(&self.client, &self.state, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        symbols::workspace_symbol(&self.state, &params.query).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        if !self.state.config().code_lens {
            return Ok(None);
        }
        let uri = &params.text_document.uri;
        let _turn = self.state.document_turn(uri).await;
        self.state.tree_ready(uri, HOVER_BUDGET).await;
        let (bank, encoding) = (self.state.bank(), self.state.client().encoding);
        Ok(self
            .state
            .with_document(uri, |doc| lens::code_lenses(&bank, doc, encoding))
            .flatten())
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.request_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let turn = self.state.document_turn(&doc.uri).await;
        let mut document = Document::new(doc.text, doc.version, doc.language_id);
        let too_large = document.too_large().then_some(document.size());
        let job = document.reparse();
        self.state.documents().insert(doc.uri.clone(), document);
        drop(turn);
        if let Some(job) = job {
            reparse::start(&self.state, doc.uri.clone(), job);
        }
        if let Some(bytes) = too_large {
            let message = too_large_message(&doc.uri, bytes);
            self.client.log_message(MessageType::WARNING, message).await;
        }
        self.bank_document_changed(&doc.uri, false).await;
        self.state.tree_ready(&doc.uri, TIPS_WAIT).await;
        let when = diagnostics::Publish::IfAny;
        diagnostics::publish(&self.client, &self.state, &doc.uri, when).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let encoding = self.state.client().encoding;
        let uri = params.text_document.uri;
        // Applied (and parsed, when that is quick) in its turn, so later
        // requests see the change.
        let turn = self.state.document_turn(&uri).await;
        let applied = self.state.documents().get_mut(&uri).map(|document| {
            document.apply_changes(
                params.content_changes,
                params.text_document.version,
                encoding,
            );
            document.reparse()
        });
        drop(turn);
        match applied {
            None => {
                let message = format!("ignored a change to {}: it was never opened", uri.as_str());
                self.client.log_message(MessageType::WARNING, message).await;
                return;
            }
            Some(Some(job)) => reparse::start(&self.state, uri.clone(), job),
            Some(None) => {}
        }
        self.bank_document_changed(&uri, false).await;
        // Tips follow the tree of this change, not the one before it.
        self.state.tree_ready(&uri, TIPS_WAIT).await;
        diagnostics::publish_later(&self.client, &self.state, uri);
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        let _turn = self.state.document_turn(uri).await;
        self.state.tree_ready(uri, HOVER_BUDGET).await;
        Ok(Some(actions::code_actions(&self.state, &params)))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        actions::resolve(&self.state, action)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = &params.text_document_position.text_document.uri;
        let _turn = self.state.document_turn(uri).await;
        self.state.tree_ready(uri, HOVER_BUDGET).await;
        Ok(completion::completion(&self.state, &params).map(CompletionResponse::List))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let _turn = self.state.document_turn(uri).await;
        self.state.tree_ready(uri, HOVER_BUDGET).await;
        Ok(hover::hover(
            &self.state,
            &params.text_document_position_params,
        ))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let turn = self.state.document_turn(&uri).await;
        let removed = self.state.documents().remove(&uri);
        drop(turn);
        self.state.forget_turns(&uri);
        self.bank_document_changed(&uri, true).await;
        if removed.is_some_and(|doc| doc.tree.is_some()) {
            diagnostics::clear(&self.client, &uri).await;
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        if let Some(messages) = reload::reload(&self.state, reload::Cause::Disk).await {
            self.log(messages).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.apply_config(Some(&params.settings)).await {
            if let Some(messages) = reload::reload(&self.state, reload::Cause::Disk).await {
                self.log(messages).await;
            }
            self.watch_bank_folders().await;
        }
        // The `diagnostics` setting may have changed.
        diagnostics::publish_all(&self.client, &self.state).await;
    }
}

/// The log line for a Python file too large to analyse.
fn too_large_message(uri: &Uri, bytes: usize) -> String {
    format!(
        "{} is {:.1} MB; Python files over {} MB are neither analysed nor kept (no hovers, tips or actions in it until it is reopened smaller)",
        uri.as_str(),
        bytes as f64 / 1e6,
        super::documents::MAX_PARSED_BYTES >> 20,
    )
}
