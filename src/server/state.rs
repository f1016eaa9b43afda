//! Everything the server knows, behind short, non-async locks.
//!
//! Invariant: no lock is held across an `.await`. Notifications that change
//! documents update them before their handler's first `.await`, so a request
//! sent after a change always sees it (tower-lsp-server may poll handlers
//! concurrently; see tower-lsp-community/tower-lsp-server#36). A poisoned lock
//! (a panic while holding it) is recovered here, once, instead of at every
//! call site.

use super::client_info::ClientInfo;
use super::config::Config;
use super::documents::Document;
use super::links::BankExport;
use crate::bank::Bank;
use crate::practice::session::Undo;
use crate::python::PythonFile;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tower_lsp_server::ls_types::{Position, Uri};

#[derive(Debug, Default)]
pub struct ServerState {
    bank: RwLock<Arc<Bank>>,
    documents: Mutex<HashMap<Uri, Document>>,
    config: RwLock<Config>,
    client: RwLock<ClientInfo>,
    shutdown_requested: AtomicBool,
    /// The question shown last, so *Another* and the next `interview.random` move on.
    last_shown: Mutex<Option<String>>,
    /// Where the built-in bank was written for question links.
    pub bank_export: BankExport,
    /// How to take back this server's last grades and skips, newest last.
    undo: Mutex<Vec<Undo>>,
    /// Woken whenever a background parse ends (see `reparse.rs`).
    parsed: tokio::sync::Notify,
    /// One queue per document (see [`ServerState::document_turn`]).
    turns: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    /// Bank reloads asked for and the folders' parsed files (see `reload.rs`).
    pub reloads: super::reload::Reloads,
}

/// How many undo records a server keeps: a long sitting's worth.
pub const UNDO_DEPTH: usize = 200;

fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl ServerState {
    pub fn bank(&self) -> Arc<Bank> {
        Arc::clone(&read(&self.bank))
    }

    pub fn set_bank(&self, bank: Bank) {
        *write(&self.bank) = Arc::new(bank);
    }

    pub fn config(&self) -> Config {
        read(&self.config).clone()
    }

    pub fn set_config(&self, config: Config) {
        *write(&self.config) = config;
    }

    pub fn client(&self) -> ClientInfo {
        read(&self.client).clone()
    }

    pub fn set_client(&self, client: ClientInfo) {
        *write(&self.client) = client;
    }

    pub fn documents(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        lock(&self.documents)
    }

    /// Runs `f` on an open document, if there is one.
    pub fn with_document<R>(&self, uri: &Uri, f: impl FnOnce(&Document) -> R) -> Option<R> {
        self.documents().get(uri).map(f)
    }

    /// Runs `f` on an open Python document at `position`: the document (to
    /// convert results back), its [`PythonFile`] view and the byte offset of
    /// the position. `None` when the document is not open or not Python.
    /// Every position-based feature starts here.
    pub fn with_python_at<R>(
        &self,
        uri: &Uri,
        position: Position,
        f: impl FnOnce(&Document, &PythonFile<'_>, usize) -> Option<R>,
    ) -> Option<R> {
        let encoding = self.client().encoding;
        self.with_document(uri, |doc| {
            let offset = doc.offset(encoding, position);
            doc.with_python(|file| f(doc, file, offset)).flatten()
        })
        .flatten()
    }

    pub fn last_shown(&self) -> Option<String> {
        lock(&self.last_shown).clone()
    }

    pub fn set_last_shown(&self, id: &str) {
        *lock(&self.last_shown) = Some(id.to_string());
    }

    /// Remembers how to take back a grade or skip (the oldest is dropped
    /// past [`UNDO_DEPTH`]).
    pub fn push_undo(&self, undo: Undo) {
        let mut history = lock(&self.undo);
        if history.len() == UNDO_DEPTH {
            history.remove(0);
        }
        history.push(undo);
    }

    pub fn pop_undo(&self) -> Option<Undo> {
        lock(&self.undo).pop()
    }

    pub fn request_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown_requested.load(Ordering::SeqCst)
    }

    /// A background parse ended: wakes the requests waiting for one.
    pub fn parse_finished(&self) {
        self.parsed.notify_waiters();
    }

    /// Waits, at most `limit`, until no background parse of the document
    /// is running, so a request sees the tree of the text it was sent
    /// after. Returns early when a later change comes in meanwhile: the
    /// request is then answered from the tree there is.
    pub async fn tree_ready(&self, uri: &Uri, limit: std::time::Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        let Some(start) = self.with_document(uri, Document::changes) else {
            return;
        };
        loop {
            let notified = self.parsed.notified();
            tokio::pin!(notified);
            // Registered before the check, so a parse that ends between the
            // check and the wait still wakes this one.
            notified.as_mut().enable();
            let waiting = self
                .with_document(uri, |doc| doc.changes() == start && doc.parse_running())
                .unwrap_or(false);
            if !waiting || tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
    }

    /// Waits for this handler's turn on the document: changes to it and
    /// requests on it run one at a time, in the order the client sent them,
    /// even when a request waits for a parse (tokio's mutex queues waiters
    /// in the order they first asked, and the framework first polls handlers
    /// in message order). Uncontended, this does not wait at all.
    pub async fn document_turn(&self, uri: &Uri) -> tokio::sync::OwnedMutexGuard<()> {
        let queue = Arc::clone(lock(&self.turns).entry(uri.clone()).or_default());
        queue.lock_owned().await
    }

    /// Forgets the queue of a closed document.
    pub fn forget_turns(&self, uri: &Uri) {
        lock(&self.turns).remove(uri);
    }
}
