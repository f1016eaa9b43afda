//! `workspace/symbol`: the editor's "go to symbol in workspace" searches the
//! bank. Results come from the same engine as `interview-ls search` and
//! `interview.search` (the question a query names first, then word matches
//! with stems, prefixes and typos, so "limit requests per user" and
//! "blueprnt" work; below the relevance floor, nothing), and each one is
//! located at its question's heading, so choosing it opens the question.
//!
//! Built-in questions have no file on the user's disk, so the embedded bank
//! is copied once into the cache folder and results point there; questions
//! from the user's folders point at their own files.

use super::links::question_location;
use super::state::ServerState;
use super::work::{blocking, internal};
use crate::bank::{Bank, Question};
use crate::practice::dirs::DataDirs;
use std::path::Path;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{SymbolInformation, SymbolKind, WorkspaceSymbolResponse};

/// At most this many results for a typed query. An empty query lists the
/// whole bank: Neovim's pickers (Telescope, fzf-lua) ask with `""` and
/// filter on their side.
const RESULT_LIMIT: usize = 50;

/// The `workspace/symbol` handler's body.
pub async fn workspace_symbol(
    state: &ServerState,
    query: &str,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let dirs = DataDirs::resolve(state.config().data_dir.as_deref()).map_err(internal)?;
    state
        .bank_export
        .ensure(&dirs.cache)
        .await
        .map_err(|e| internal(format!("cannot write the bank to the cache folder: {e}")))?;
    // Off the request loop, so `$/cancelRequest` can answer it while it runs:
    // tower-lsp-server cancels a handler only at an `.await`, and listing a
    // 10,000-question bank is long enough for an editor to cancel it.
    let bank = state.bank();
    let query = query.to_string();
    let found = blocking(move || Ok(symbols(&bank, &dirs.cache, &query))).await;
    Ok(Some(WorkspaceSymbolResponse::Flat(
        found.map_err(internal)?,
    )))
}

/// The questions matching `query`, best first, as symbols.
pub fn symbols(bank: &Bank, cache: &Path, query: &str) -> Vec<SymbolInformation> {
    let questions: Vec<&Question> = if query.trim().is_empty() {
        bank.questions().iter().collect()
    } else {
        bank.search(query, RESULT_LIMIT)
            .into_iter()
            .map(|hit| hit.question)
            .collect()
    };
    questions
        .into_iter()
        .filter_map(|q| symbol(cache, q))
        .collect()
}

fn symbol(cache: &Path, question: &Question) -> Option<SymbolInformation> {
    #[allow(deprecated)] // `deprecated` is a required field of the struct literal.
    Some(SymbolInformation {
        name: question.title.clone(),
        // LSP has no kind for "question"; STRING gets a neutral icon everywhere.
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        location: question_location(cache, question)?,
        container_name: Some(format!("{} · {}", question.label(), question.id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::cache;

    #[test]
    fn paraphrases_and_typos_find_questions_at_their_headings() {
        let bank = Bank::load(&[]);
        let cache = tempfile::tempdir().unwrap();
        cache::export_embedded_bank(cache.path()).unwrap();
        let found = symbols(&bank, cache.path(), "blueprnt");
        let first = found.first().expect("a result");
        assert!(
            first.name.to_lowercase().contains("blueprint"),
            "{}",
            first.name
        );
        let path = first.location.uri.to_file_path().unwrap().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let line = text
            .lines()
            .nth(first.location.range.start.line as usize)
            .unwrap();
        assert!(line.starts_with("## "), "{line}");
        assert_eq!(
            symbols(&bank, cache.path(), "").len(),
            bank.questions().len()
        );
    }
}
