//! The benchmark's floor: the least a server on tower-lsp-server 0.23 can do.
//!
//! It keeps open documents' text and answers a hover with the word under the
//! cursor, nothing else: no bank, no syntax tree, no validating transport. Its
//! startup and hover latency are what the framework and the stdio pipes cost,
//! so `benches/lsp.rs` reports interview-ls as a ratio to it. Runtime set-up
//! matches `src/main.rs` (multi-threaded, two workers) so only the server
//! differs. Built only with `--features bench-floor`.

use std::collections::HashMap;
use std::sync::Mutex;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidOpenTextDocumentParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkedString, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use tower_lsp_server::{LanguageServer, LspService, Server};

#[derive(Default)]
struct Floor {
    documents: Mutex<HashMap<Uri, String>>,
}

impl LanguageServer for Floor {
    async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::FULL,
                )),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.documents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(doc.uri, doc.text);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        if let Some(change) = params.content_changes.into_iter().last() {
            self.documents
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(params.text_document.uri, change.text);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let documents = self
            .documents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let word = documents.get(&at.text_document.uri).and_then(|text| {
            let line = text.lines().nth(at.position.line as usize)?;
            // ASCII columns are enough for the benchmark's generated files.
            let col = (at.position.character as usize).min(line.len());
            let is_word = |c: char| c.is_alphanumeric() || c == '_';
            let start = line[..col].rfind(|c| !is_word(c)).map_or(0, |i| i + 1);
            let end = line[col..]
                .find(|c| !is_word(c))
                .map_or(line.len(), |i| col + i);
            Some(line[start..end].to_string())
        });
        Ok(word.map(|w| Hover {
            contents: HoverContents::Scalar(MarkedString::String(w)),
            range: None,
        }))
    }
}

fn main() {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        std::process::exit(1);
    };
    runtime.block_on(async {
        let (service, socket) = LspService::new(|_| Floor::default());
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Like a real server: do not wait on tokio's uncancellable stdin read.
    std::process::exit(0);
}
