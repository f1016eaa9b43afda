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
}
