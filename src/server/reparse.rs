//! Parses that run off the serving loop.
//!
//! tower-lsp-server polls every handler inside one future, so a parse run
//! in a handler stops every request for every file until it ends. A parse
//! that does not fit in the keystroke budget (see `documents.rs`) runs here
//! instead, on the blocking pool, without any lock held: one per document at
//! a time, on a snapshot of its text. When it ends, the edits made meanwhile
//! are replayed on its tree, and if the text changed, one more parse covers
//! all of those changes (so a burst of keystrokes costs one parse, not one
//! each).

use super::documents::ParseJob;
use super::state::ServerState;
use crate::python::syntax;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::Uri;

/// How long a request on a document waits for the document's pending parse
/// before it answers from the previous tree (or with nothing). The hover
/// budget: an editor shows a hover after about 300 ms of resting the mouse.
pub const HOVER_BUDGET: Duration = Duration::from_millis(200);

/// How long tips wait for a parse before they are computed from the tree
/// there is: the longest a background parse may take, and a margin.
pub const TIPS_WAIT: Duration = Duration::from_secs(4);

/// Runs `job` for the document at `uri`, then the ones that follow it.
pub fn start(state: &Arc<ServerState>, uri: Uri, job: ParseJob) {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let mut job = job;
        loop {
            let started = Instant::now();
            let tree = syntax::parse_within(&job.text, job.old.as_ref(), job.budget);
            let took = started.elapsed();
            let next = state
                .documents()
                .get_mut(&uri)
                .and_then(|doc| doc.finish_parse(job.document, tree, took));
            state.parse_finished();
            match next {
                Some(next) => job = next,
                None => break,
            }
        }
    });
}
