//! Requests that exist only for the end-to-end tests, compiled only with the
//! `test-hooks` cargo feature.
//!
//! Why a feature and not `cfg(test)` or an environment variable: the
//! robustness tests must drive the real binary, which `cfg(test)` never
//! reaches, and a hidden variable would ship the trigger in every release.
//! The crate lists itself as a dev-dependency with this feature on
//! (`Cargo.toml`), so `cargo test` builds the binary under test with it,
//! while `cargo build`, `cargo install` and the benchmark's release build do
//! not contain this code at all.

use super::backend::Backend;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

/// Panics inside a request handler, to prove a panic is caught and answered.
pub const PANIC: &str = "interview/testPanic";

impl Backend {
    #[allow(clippy::unused_async)] // A request handler must be async.
    pub async fn test_panic(&self, _: Value) -> Result<Value> {
        panic!("test-hooks: {PANIC} was called")
    }
}
