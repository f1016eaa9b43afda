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
use super::state::ServerState;
use super::symbols;
use crate::bank::Bank;
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

    /// Loads the bank for the current settings off the async runtime,
    /// installs it, and returns what to tell the user about it: a summary and
    /// every load error, located.
    async fn load_bank(&self) -> Vec<(MessageType, String)> {
        let folders = self.state.config().question_paths;
        let overlay = bank_files::overlay(&self.state.documents(), &folders);
        let bank = tokio::task::spawn_blocking(move || Bank::load_with_overlay(&folders, &overlay))
            .await
            .unwrap_or_default();
        let mut messages = vec![(MessageType::INFO, bank_summary(&bank))];
        messages.extend(
            bank.errors()
                .iter()
                .map(|e| (MessageType::ERROR, e.to_string())),
        );
        self.state.set_bank(bank);
        messages
    }

    /// A bank file open in the editor changed (or opened, or closed): show
    /// its errors where they are and re-index the bank with its current text.
    async fn bank_document_changed(&self, uri: &Uri, closed: bool) {
        let folders = self.state.config().question_paths;
        let Some(path) = bank_files::bank_file_path(uri, &folders) else {
            return;
        };
        // Re-indexed before the first `.await`, like any document change, so
        // a request sent after this edit already sees the new bank. Bank
        // files are small and rarely edited, so this stays cheap.
        let overlay = bank_files::overlay(&self.state.documents(), &folders);
        self.state
            .set_bank(Bank::load_with_overlay(&folders, &overlay));
        let encoding = self.state.client().encoding;
        let diagnostics = if closed {
            Vec::new()
        } else {
            self.state
                .with_document(uri, |doc| bank_files::diagnostics(&path, doc, encoding))
                .unwrap_or_default()
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
        let client = ClientInfo::new(&params.capabilities);
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
        messages.extend(self.load_bank().await);
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
        let (bank, encoding) = (self.state.bank(), self.state.client().encoding);
        let uri = &params.text_document.uri;
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
        let document = Document::new(doc.text, doc.version, doc.language_id);
        self.state.documents().insert(doc.uri.clone(), document);
        self.bank_document_changed(&doc.uri, false).await;
        let when = diagnostics::Publish::IfAny;
        diagnostics::publish(&self.client, &self.state, &doc.uri, when).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let encoding = self.state.client().encoding;
        let uri = params.text_document.uri;
        // Applied before the first `.await`, so later requests see the change.
        let applied = match self.state.documents().get_mut(&uri) {
            Some(document) => {
                document.apply_changes(
                    params.content_changes,
                    params.text_document.version,
                    encoding,
                );
                true
            }
            None => false,
        };
        if !applied {
            let message = format!("ignored a change to {}: it was never opened", uri.as_str());
            self.client.log_message(MessageType::WARNING, message).await;
            return;
        }
        self.bank_document_changed(&uri, false).await;
        diagnostics::publish_later(&self.client, &self.state, uri);
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(Some(actions::code_actions(&self.state, &params)))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        actions::resolve(&self.state, action)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        Ok(completion::completion(&self.state, &params).map(CompletionResponse::List))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(hover::hover(
            &self.state,
            &params.text_document_position_params,
        ))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = self.state.documents().remove(&uri);
        self.bank_document_changed(&uri, true).await;
        if removed.is_some_and(|doc| doc.tree.is_some()) {
            diagnostics::clear(&self.client, &uri).await;
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        let messages = self.load_bank().await;
        self.log(messages).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.apply_config(Some(&params.settings)).await {
            let messages = self.load_bank().await;
            self.log(messages).await;
            self.watch_bank_folders().await;
        }
        // The `diagnostics` setting may have changed.
        diagnostics::publish_all(&self.client, &self.state).await;
    }
}

/// `interview-ls 0.1.0: 83 questions, 35 snippets (built-in bank + /my/bank)`.
fn bank_summary(bank: &Bank) -> String {
    let extra = if bank.folders().is_empty() {
        String::new()
    } else {
        let folders: Vec<String> = bank
            .folders()
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        format!(" (built-in bank + {})", folders.join(", "))
    };
    format!(
        "interview-ls {}: {} questions, {} snippets{extra}",
        env!("CARGO_PKG_VERSION"),
        bank.questions().len(),
        bank.snippets().count(),
    )
}
