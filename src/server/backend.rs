//! The `LanguageServer` implementation. Handlers stay thin: they convert
//! protocol types, call a plain feature function and convert back.

use super::capabilities::server_capabilities;
use super::client_info::ClientInfo;
use super::commands::{self, Session};
use super::config::Config;
use super::documents::Document;
use super::state::ServerState;
use super::symbols;
use crate::bank::Bank;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, ExecuteCommandParams, Hover, HoverContents, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, LSPAny, MarkupContent, MarkupKind,
    MessageType, ServerInfo, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    state: Arc<ServerState>,
    /// Log lines produced during `initialize`, sent at `initialized`.
    pending_messages: std::sync::Mutex<Vec<(MessageType, String)>>,
    /// Practice state shared by the commands and workspace symbols.
    practice: Arc<Session>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<ServerState>) -> Backend {
        Backend {
            client,
            state,
            pending_messages: std::sync::Mutex::default(),
            practice: Arc::default(),
        }
    }

    /// Loads the bank for the current settings off the async runtime,
    /// installs it, and returns what to tell the user about it: a summary and
    /// every load error, located.
    async fn load_bank(&self) -> Vec<(MessageType, String)> {
        let folders = self.state.config().question_paths;
        let bank = tokio::task::spawn_blocking(move || Bank::load(&folders))
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
        let client = ClientInfo::new(
            &params.capabilities,
            params.client_info.as_ref().map(|c| c.name.clone()),
        );
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
        commands::check_progress(&self.client, &self.state).await;
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute(&self.client, &self.state, &self.practice, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        symbols::workspace_symbol(&self.state, &self.practice, &params.query).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.request_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let document = Document::new(doc.text, doc.version, doc.language_id);
        self.state.documents().insert(doc.uri, document);
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
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let client = self.state.client();
        let bank = self.state.bank();
        let answer = self
            .state
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
            });
        Ok(answer.flatten().map(|(text, range)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: if client.hover_markdown {
                    MarkupKind::Markdown
                } else {
                    MarkupKind::PlainText
                },
                value: text,
            }),
            range: Some(range),
        }))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.documents().remove(&params.text_document.uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.apply_config(Some(&params.settings)).await {
            let messages = self.load_bank().await;
            self.log(messages).await;
        }
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
