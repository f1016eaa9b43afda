//! File work off the serving loop, and how its failures reach the client.

use tower_lsp_server::jsonrpc::{Error, ErrorCode};

/// Runs file work on the blocking pool; a panic there becomes an error message.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(format!("interview-ls: background task failed: {e}")))
}

/// An `InternalError` with `message`: the server could not do what a valid
/// request asked (a file it could not write, a folder it could not find).
pub fn internal(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}
