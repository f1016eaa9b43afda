//! Links from the editor to the bank's questions. Diagnostics, their
//! related information and `workspace/symbol` results point at a question's
//! heading in a Markdown file; for the built-in bank that file is a copy
//! written to the cache folder, once per process and cache folder.

use super::state::ServerState;
use super::work::blocking;
use crate::bank::Question;
use crate::practice::{cache, dirs::DataDirs};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// Where the built-in bank was last written (so it is written once).
#[derive(Debug, Default)]
pub struct BankExport {
    exported_to: Mutex<Option<PathBuf>>,
}

impl BankExport {
    /// Writes the built-in bank to `cache` unless it was already written there
    /// by this process (a changed `dataDir` writes it again).
    pub async fn ensure(&self, cache: &Path) -> Result<(), String> {
        if self.current().as_deref() == Some(cache) {
            return Ok(());
        }
        let folder = cache.to_path_buf();
        blocking(move || cache::export_embedded_bank(&folder).map_err(|e| e.to_string())).await?;
        *self.lock() = Some(cache.to_path_buf());
        Ok(())
    }

    fn current(&self) -> Option<PathBuf> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<PathBuf>> {
        self.exported_to
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The question's heading as an LSP location (in the cache copy for a
/// built-in question, in the user's own file otherwise).
pub fn question_location(cache: &Path, question: &Question) -> Option<Location> {
    let uri = Uri::from_file_path(cache::question_file(cache, question))?;
    // Bank lines are 1-based; column 0 is the same in every position encoding.
    let heading = Position::new(question.source.line.saturating_sub(1), 0);
    Some(Location::new(uri, Range::new(heading, heading)))
}

/// Where tip diagnostics link: the question files in the cache folder.
#[derive(Debug, Clone)]
pub struct TipLinks {
    cache: Option<PathBuf>,
}

impl TipLinks {
    pub fn new(state: &ServerState) -> TipLinks {
        TipLinks {
            cache: DataDirs::resolve(state.config().data_dir.as_deref())
                .ok()
                .map(|dirs| dirs.cache),
        }
    }

    /// The cache folder links point into, when there is one.
    pub fn cache(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// The question's heading, when links can be made at all.
    pub fn location(&self, question: &Question) -> Option<Location> {
        question_location(self.cache.as_deref()?, question)
    }
}
