//! The language server: LSP over stdio on top of the bank and the features.
//!
//! Invariant: only this module knows LSP types; features below it take and
//! return plain data.

mod actions;
mod backend;
mod bank_files;
mod capabilities;
mod client_info;
mod commands;
mod completion;
mod config;
mod diagnostics;
mod documents;
pub mod encoding;
mod guard;
mod hover;
mod lens;
mod links;
mod practice;
mod practice_dialog;
pub mod protocol;
mod reload;
mod reparse;
mod session;
mod state;
mod symbols;
#[cfg(feature = "test-hooks")]
mod test_hooks;
mod transport;
mod work;

use backend::Backend;
use state::ServerState;
use std::process::ExitCode;
use std::sync::Arc;
use tower_lsp_server::{LspService, Server};

pub use config::Config;

/// How long the server may take to finish after its input ends.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serves LSP on stdin/stdout until `exit` (or the end of input).
///
/// Per the spec, the process exits with 0 when `shutdown` came before `exit`
/// and with 1 otherwise.
pub async fn serve_stdio() -> ExitCode {
    let state = Arc::new(ServerState::default());
    let service_state = Arc::clone(&state);
    let mut client = None;
    let builder = LspService::build(|c| {
        client = Some(c.clone());
        Backend::new(c, service_state)
    });
    #[cfg(feature = "test-hooks")]
    let builder = builder.custom_method(test_hooks::PANIC, Backend::test_panic);
    let (service, socket) = builder.finish();
    // The framework's reader stops for good at the first malformed message,
    // so stdio goes through a layer that answers those itself (see transport.rs).
    let stdio = match transport::stdio() {
        Ok(stdio) => stdio,
        Err(err) => {
            eprintln!("error: cannot start the stdio threads: {err}");
            return ExitCode::FAILURE;
        }
    };
    let detach = guard::Detach::new(stdio.outbox.clone());
    let service = guard::Guard::new(service, client, Some(detach));
    let (flushed, input_closed) = (stdio.flushed, stdio.input_closed);
    let serve = Server::new(stdio.input, stdio.output, socket).serve(service);
    // The framework's loop ends at `exit` or at the end of input, but not
    // while a handler still awaits something that can no longer come (a
    // client's reply to our request, once the client is gone). So the end of
    // input also starts a short grace period, after which the server leaves
    // whatever is pending.
    let gone = async {
        input_closed.wait().await;
        tokio::time::sleep(EXIT_GRACE).await;
    };
    tokio::select! {
        // Written replies are flushed, unless the client stopped reading
        // them: then the grace period ends the wait.
        () = serve => {
            let _ = tokio::time::timeout(EXIT_GRACE, flushed.wait()).await;
        }
        () = gone => {}
    }
    if state.shutdown_requested() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
