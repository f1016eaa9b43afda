//! The `LanguageServer` implementation. Handlers stay thin: they convert
//! protocol types, call a plain feature function and convert back.

use super::capabilities::server_capabilities;
use super::client_info::ClientInfo;
use super::config::Config;
use super::documents::Document;
use super::state::ServerState;
use crate::bank::Bank;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, InitializeParams, InitializeResult, InitializedParams, MessageType,
    ServerInfo,
};
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    state: Arc<ServerState>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<ServerState>) -> Backend {
        Backend { client, state }
    }

    /// Loads the bank for the current settings off the async runtime and
    /// reports every load error to the client's log.
    async fn reload_bank(&self) {
        let folders = self.state.config().question_paths;
        let bank = tokio::task::spawn_blocking(move || Bank::load(&folders))
            .await
            .unwrap_or_default();
        let summary = format!(
            "interview-ls {}: {} questions, {} snippets{}",
            env!("CARGO_PKG_VERSION"),
            bank.questions().len(),
            bank.snippets().count(),
            if bank.folders().is_empty() {
                String::new()
            } else {
                format!(
                    " (built-in bank + {})",
                    bank.folders()
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        let errors: Vec<String> = bank.errors().iter().map(ToString::to_string).collect();
        self.state.set_bank(bank);
        self.client.log_message(MessageType::INFO, summary).await;
        for error in errors {
            self.client.log_message(MessageType::ERROR, error).await;
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
        let (config, _) = Config::from_value(params.initialization_options.as_ref());
        self.state.set_config(config);
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
        // Settings warnings are reported now that the client listens.
        let (_, warnings) = Config::from_value(None);
        for warning in warnings {
            self.client.log_message(MessageType::WARNING, warning).await;
        }
        self.reload_bank().await;
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

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.documents().remove(&params.text_document.uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.apply_config(Some(&params.settings)).await {
            self.reload_bank().await;
        }
    }
}
