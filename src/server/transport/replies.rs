//! Replies the server awaits from the client, each with a deadline.
//!
//! A handler that sends the client a request (`workspace/applyEdit`,
//! `window/showDocument`, `client/registerCapability`,
//! `window/showMessageRequest`) waits inside tower-lsp-server for the reply,
//! and the framework has no timeout: a client that never answers would keep
//! that handler, and whatever it holds, forever. This layer sees every
//! request go out and every reply come in, so it is the one place that
//! bounds them all: when a reply is late, it hands the framework an error
//! reply in the client's name. The handler then carries on as it would with
//! a client that refused (the command answers with an error, the dialog
//! ends, the page falls back to a message). A real reply that comes later
//! is ignored by the framework as an answer to an unknown request.

use super::ToServer;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc::Sender;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Response};

/// How long a client may take to answer a request that needs no person:
/// registering a watcher, opening a page, applying an edit take an editor
/// milliseconds.
const CLIENT_REPLY: Duration = Duration::from_secs(30);
/// `window/showMessageRequest` waits for a person to pick a button, who may
/// be thinking about the question it asks.
const PERSON_REPLY: Duration = Duration::from_secs(15 * 60);
/// LSP's `RequestFailed`: the request was valid but did not succeed.
const REQUEST_FAILED: i64 = -32803;

/// The server's requests still waiting for the client's reply.
#[derive(Clone)]
pub struct AwaitedReplies {
    waiting: Arc<Mutex<HashSet<Id>>>,
    to_server: Sender<ToServer>,
}

/// The two fields that make a frame a request.
#[derive(Deserialize)]
struct Outgoing {
    id: Option<Id>,
    method: Option<String>,
}

impl AwaitedReplies {
    pub fn new(to_server: Sender<ToServer>) -> AwaitedReplies {
        AwaitedReplies {
            waiting: Arc::default(),
            to_server,
        }
    }

    /// Looks at a frame the framework is sending; a request starts its
    /// deadline. Must run inside the tokio runtime.
    pub fn sending(&self, body: &[u8]) {
        let Ok(Outgoing {
            id: Some(id),
            method: Some(method),
        }) = serde_json::from_slice(body)
        else {
            return;
        };
        self.lock().insert(id.clone());
        let this = self.clone();
        let wait = deadline(&method);
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            if !this.lock().remove(&id) {
                return;
            }
            let error = Error {
                code: ErrorCode::ServerError(REQUEST_FAILED),
                message: format!(
                    "the client did not answer {method} within {} s",
                    wait.as_secs_f64()
                )
                .into(),
                data: None,
            };
            if let Ok(body) = serde_json::to_vec(&Response::from_error(id, error)) {
                let _ = this.to_server.send(ToServer::Body(body)).await;
            }
        });
    }

    /// The client answered request `id` (in time or not).
    pub fn answered(&self, id: &Id) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<Id>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn deadline(method: &str) -> Duration {
    #[cfg(feature = "test-hooks")]
    if let Some(ms) = std::env::var("INTERVIEW_LS_TEST_REPLY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Duration::from_millis(ms);
    }
    if method == "window/showMessageRequest" {
        PERSON_REPLY
    } else {
        CLIENT_REPLY
    }
}
