//! What the practice commands share: the context a command runs in (copied
//! out of the server state, so no lock is held across an `.await`), and the
//! progress-file work they do on the blocking pool — picking the next
//! question, grading, writing the answer page — with the library's
//! [`crate::practice`] functions doing the deciding.

use super::config::Config;
use super::protocol::{QuestionResult, RandomArgs};
use super::state::ServerState;
use super::work::{blocking, internal};
use crate::bank::{Bank, Question, QuestionFilter};
use crate::practice::scheduler::Rating;
use crate::practice::session::Graded;
use crate::practice::store::{MovedAside, ProgressStore};
use crate::practice::{self, Clock, cache, dirs::DataDirs};
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{MessageType, Uri};

/// What a practice command needs.
#[derive(Clone)]
pub struct Context {
    pub client: Client,
    pub state: Arc<ServerState>,
    pub bank: Arc<Bank>,
    pub show_document: bool,
    /// The settings when the command arrived; `dataDir` is resolved into
    /// folders only by the commands that read or write progress or pages.
    pub config: Config,
}

impl Context {
    pub fn new(client: &Client, state: &Arc<ServerState>) -> Context {
        Context {
            client: client.clone(),
            state: Arc::clone(state),
            bank: state.bank(),
            show_document: state.client().show_document,
            config: state.config(),
        }
    }

    /// The data and cache folders; an error only when none can be found
    /// (no home directory, no setting, no `INTERVIEW_LS_DATA`).
    pub fn dirs(&self) -> Result<DataDirs> {
        DataDirs::resolve(self.config.data_dir.as_deref()).map_err(internal)
    }

    pub fn store(&self) -> Result<ProgressStore> {
        Ok(ProgressStore::new(self.dirs()?.data))
    }

    pub fn question(&self, id: &str) -> Result<Question> {
        self.bank
            .get(id)
            .cloned()
            .ok_or_else(|| Error::invalid_params(unknown_id(&self.bank, id)))
    }
}

/// Which questions `interview.random` and *Another* draw from.
#[derive(Debug, Clone)]
pub struct Selection {
    pub filter: QuestionFilter,
    /// Canonical symbols from a code lens; empty means any question.
    keywords: Vec<String>,
}

impl Selection {
    pub fn from_args(args: &RandomArgs) -> Selection {
        Selection::new(args.filter(), args.keywords.clone().unwrap_or_default())
    }

    pub fn new(filter: QuestionFilter, keywords: Vec<String>) -> Selection {
        Selection { filter, keywords }
    }

    pub fn candidates<'a>(&self, bank: &'a Bank) -> Vec<&'a Question> {
        practice::candidates(bank, &self.filter)
            .into_iter()
            .filter(|q| self.keywords.is_empty() || practice::is_about(q, &self.keywords))
            .collect()
    }

    /// `difficulty=hard, keywords=fastapi.FastAPI.get`, for messages.
    pub fn describe(&self) -> String {
        let filter = self.filter.describe();
        match (
            self.keywords.is_empty(),
            self.filter == QuestionFilter::default(),
        ) {
            (true, _) => filter,
            (false, true) => format!("keywords={}", self.keywords.join(" | ")),
            (false, false) => format!("{filter}, keywords={}", self.keywords.join(" | ")),
        }
    }
}

/// The next question for `filter` (due first, then new, never `last_shown`),
/// with its card; reports a progress file that had to be moved aside.
pub async fn pick_next(
    cx: &Context,
    filter: &Selection,
    last_shown: Option<String>,
) -> Result<Option<QuestionResult>> {
    let bank = Arc::clone(&cx.bank);
    let store = cx.store()?;
    let filter = filter.clone();
    let outcome = blocking(move || {
        let candidates = filter.candidates(&bank);
        let picked = practice::next_question(
            &store,
            &candidates,
            last_shown.as_deref(),
            Clock::local_now().now,
        )
        .map_err(|e| e.to_string())?;
        let Some((pick, card)) = picked.value else {
            return Ok((None, picked.moved_aside));
        };
        let result = QuestionResult {
            card,
            question: pick.question.clone(),
            pick: Some(pick.reason),
            answer_page: None,
            previews: None,
        };
        Ok((Some(result), picked.moved_aside))
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, outcome.1.as_ref()).await;
    Ok(outcome.0)
}

/// Writes the question's answer page to the cache folder.
pub async fn answer_page(cx: &Context, question: &Question) -> Result<PathBuf> {
    let cache = cx.dirs()?.cache;
    let question = question.clone();
    blocking(move || cache::write_answer_page(&cache, &question).map_err(|e| e.to_string()))
        .await
        .map_err(internal)
}

/// Grades `id` outside a session (the plain clients' dialog), with the
/// settings' scheduler; logged and undoable like a session's grade.
pub async fn record_grade(cx: &Context, id: &str, rating: Rating) -> Result<Graded> {
    let scheduler = super::session::settings_scheduler(cx).await?;
    super::session::apply_grade(cx, &scheduler, id, rating, Default::default()).await
}

/// Tells the user their progress file was unreadable and where it went.
pub async fn report_moved(client: &Client, moved: Option<&MovedAside>) {
    if let Some(moved) = moved {
        client
            .show_message(MessageType::WARNING, format!("interview-ls: {moved}"))
            .await;
    }
}

/// `unknown question id `x`` plus the closest id, when one is close.
pub fn unknown_id(bank: &Bank, id: &str) -> String {
    match crate::suggest::did_you_mean(&bank.near_ids(id)) {
        Some(hint) => format!("unknown question id `{id}` ({hint})"),
        None => format!("unknown question id `{id}`"),
    }
}

pub fn file_uri(path: &Path) -> String {
    Uri::from_file_path(path).map_or_else(|| path.display().to_string(), |u| u.to_string())
}

pub fn to_json<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| internal(format!("cannot encode the result: {e}")))
}
