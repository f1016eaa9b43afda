//! The language server: LSP over stdio on top of the bank and the features.
//!
//! Invariant: only this module knows LSP types; features below it take and
//! return plain data.

mod backend;
mod bank_files;
mod capabilities;
mod client_info;
mod commands;
mod config;
mod documents;
pub mod encoding;
pub mod protocol;
mod state;
mod symbols;

use backend::Backend;
use state::ServerState;
use std::process::ExitCode;
use std::sync::Arc;
use tower_lsp_server::{LspService, Server};

pub use config::Config;

/// Serves LSP on stdin/stdout until `exit` (or the end of input).
///
/// Per the spec, the process exits with 0 when `shutdown` came before `exit`
/// and with 1 otherwise.
pub async fn serve_stdio() -> ExitCode {
    let state = Arc::new(ServerState::default());
    let service_state = Arc::clone(&state);
    let (service, socket) = LspService::new(move |client| Backend::new(client, service_state));
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
    if state.shutdown_requested() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
