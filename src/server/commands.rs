//! `workspace/executeCommand`: practice from any LSP client.
//!
//! Every command returns its data as JSON (so the VS Code extension and the
//! Neovim plugin can draw their own UI) and, where a plain client needs it,
//! also talks to the user with `window/showMessageRequest`,
//! `window/showDocument` and `window/showMessage`.
//!
//! `interview.random` answers at once and runs its dialog (*Show answer* →
//! answer page → *Again/Hard/Good/Easy* → "next review in 4 days") in a
//! spawned task: the client can only answer our `showMessageRequest` once it
//! is not waiting on us, and a dialog awaited inside the request would hold
//! the `executeCommand` response until the user clicks.
//!
//! Progress-file work (a lock, a read, an fsync) runs on the blocking pool.

use super::protocol::{
    self, Command, GradeArgs, RandomArgs, ResetArgs, SearchArgs, ShowArgs, StatsArgs,
};
use super::state::ServerState;
use crate::bank::{Bank, Difficulty, Framework, Question, QuestionFilter};
use crate::practice::picker::{self, PickReason};
use crate::practice::scheduler::{CardRecord, Rating};
use crate::practice::store::{MovedAside, Outcome, ProgressStore};
use crate::practice::{self, Clock, cache, dirs::DataDirs, stats};
use serde::Serialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    ExecuteCommandParams, MessageActionItem, MessageType, ShowDocumentParams, Uri,
};

const SHOW_ANSWER: &str = "Show answer";
const ANOTHER: &str = "Another";
const CLOSE: &str = "Close";
const HOW_WELL: &str = "How well did you know it?";
/// Search results per `interview.search` unless the client asks otherwise,
/// and the most it may ask for.
const DEFAULT_SEARCH_LIMIT: usize = 20;
const MAX_SEARCH_LIMIT: usize = 200;

/// Practice state that lives as long as the server: which question was
/// shown last, so *Another* and the next `interview.random` move on, and
/// where the embedded bank was last exported for `workspace/symbol`.
#[derive(Debug, Default)]
pub struct Session {
    last_shown: Mutex<Option<String>>,
    exported_to: Mutex<Option<PathBuf>>,
}

impl Session {
    /// Whether the embedded bank still needs writing to `cache` (once per
    /// process and cache folder; a changed `dataDir` exports again).
    pub fn needs_export(&self, cache: &Path) -> bool {
        self.exported_to
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_deref()
            != Some(cache)
    }

    pub fn exported(&self, cache: &Path) {
        *self
            .exported_to
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(cache.to_path_buf());
    }

    fn last_shown(&self) -> Option<String> {
        self.last_shown
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn set_last_shown(&self, id: &str) {
        *self
            .last_shown
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(id.to_string());
    }
}

/// What a command needs, copied out of the server state so no lock is held
/// across an `.await`.
#[derive(Clone)]
struct Context {
    client: Client,
    bank: Arc<Bank>,
    dirs: DataDirs,
    show_document: bool,
    session: Arc<Session>,
}

impl Context {
    fn new(client: &Client, state: &ServerState, session: &Arc<Session>) -> Result<Context> {
        let dirs = DataDirs::resolve(state.config().data_dir.as_deref()).map_err(internal)?;
        Ok(Context {
            client: client.clone(),
            bank: state.bank(),
            dirs,
            show_document: state.client().show_document,
            session: Arc::clone(session),
        })
    }

    fn store(&self) -> ProgressStore {
        ProgressStore::new(&self.dirs.data)
    }

    fn question(&self, id: &str) -> Result<Question> {
        self.bank
            .get(id)
            .cloned()
            .ok_or_else(|| Error::invalid_params(unknown_id(&self.bank, id)))
    }
}

/// Runs one `workspace/executeCommand`.
pub async fn execute(
    client: &Client,
    state: &ServerState,
    session: &Arc<Session>,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let command =
        protocol::parse(&params.command, params.arguments).map_err(Error::invalid_params)?;
    let cx = Context::new(client, state, session)?;
    let result = match command {
        Command::Random(args) => random(cx, args).await,
        Command::Show(args) => show(&cx, args).await,
        Command::Grade(args) => grade(&cx, args).await,
        Command::Search(args) => Ok(search(&cx.bank, &args)),
        Command::Stats(args) => stats(&cx, args).await,
        Command::Reset(args) => reset(&cx, args).await,
        Command::Topics(_) => Ok(topics(&cx.bank)),
        Command::Snippets(_) => Ok(snippets(&cx.bank)),
        Command::InsertSnippet(args) => super::actions::insert_snippet(client, state, args).await,
    }?;
    Ok(Some(result))
}

/// Reads the progress file once at start-up, so a corrupt one is reported
/// (and kept) right away rather than at the first grade.
pub async fn check_progress(client: &Client, state: &ServerState) {
    let dirs = match DataDirs::resolve(state.config().data_dir.as_deref()) {
        Ok(dirs) => dirs,
        Err(message) => return client.show_message(MessageType::ERROR, message).await,
    };
    let store = ProgressStore::new(&dirs.data);
    match blocking(move || store.load().map_err(|e| e.to_string())).await {
        Ok(outcome) => report_moved(client, outcome.moved_aside.as_ref()).await,
        Err(message) => client.show_message(MessageType::ERROR, message).await,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QuestionResult {
    question: Question,
    /// Why it was picked (`interview.random` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pick: Option<PickReason>,
    /// Its card; `null` when never graded.
    card: Option<CardRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer_page: Option<String>,
}

async fn random(cx: Context, args: RandomArgs) -> Result<Value> {
    let filter = Selection::from_args(&args);
    filter
        .filter
        .select(&cx.bank)
        .map_err(Error::invalid_params)?;
    let Some(picked) = pick_next(&cx, &filter, cx.session.last_shown()).await? else {
        return Err(Error::invalid_params(format!(
            "no question matches {}",
            filter.describe()
        )));
    };
    cx.session.set_last_shown(&picked.question.id);
    let result = to_json(&picked)?;
    if args.dialog.unwrap_or(true) {
        tokio::spawn(dialog(cx, filter, picked.question));
    }
    Ok(result)
}

/// Which questions `interview.random` and *Another* draw from.
#[derive(Debug, Clone)]
struct Selection {
    filter: QuestionFilter,
    /// Canonical symbols from a code lens; empty means any question.
    keywords: Vec<String>,
}

impl Selection {
    fn from_args(args: &RandomArgs) -> Selection {
        Selection {
            filter: args.filter(),
            keywords: args.keywords.clone().unwrap_or_default(),
        }
    }

    fn candidates<'a>(&self, bank: &'a Bank) -> Vec<&'a Question> {
        practice::candidates(bank, &self.filter)
            .into_iter()
            .filter(|q| self.keywords.is_empty() || practice::is_about(q, &self.keywords))
            .collect()
    }

    /// `difficulty=hard, keywords=fastapi.FastAPI.get`, for messages.
    fn describe(&self) -> String {
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

/// The next question for `filter`, with its card; reports a corrupt file.
async fn pick_next(
    cx: &Context,
    filter: &Selection,
    last_shown: Option<String>,
) -> Result<Option<QuestionResult>> {
    let bank = Arc::clone(&cx.bank);
    let store = cx.store();
    let filter = filter.clone();
    let outcome = blocking(move || {
        let candidates = filter.candidates(&bank);
        let loaded = store.load().map_err(|e| e.to_string())?;
        let progress = &loaded.value;
        let now = Clock::local_now().now;
        let mut rng = fastrand::Rng::new();
        let picked = picker::pick(&candidates, progress, now, last_shown.as_deref(), &mut rng);
        Ok(Outcome {
            value: picked.map(|pick| QuestionResult {
                card: progress.cards.get(&pick.question.id).cloned(),
                question: pick.question.clone(),
                pick: Some(pick.reason),
                answer_page: None,
            }),
            moved_aside: loaded.moved_aside,
        })
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, outcome.moved_aside.as_ref()).await;
    Ok(outcome.value)
}

/// The plain-LSP practice loop for one question (and the ones *Another* brings).
async fn dialog(cx: Context, filter: Selection, first: Question) {
    let mut question = first;
    loop {
        let prompt = format!("[{}] {}", question.label(), question.title);
        let choice = ask(&cx.client, &prompt, &[SHOW_ANSWER, ANOTHER, CLOSE]).await;
        match choice.as_deref() {
            Some(SHOW_ANSWER) => return reveal_and_grade(&cx, &question).await,
            Some(ANOTHER) => match pick_next(&cx, &filter, Some(question.id.clone())).await {
                Ok(Some(next)) if next.question.id != question.id => {
                    cx.session.set_last_shown(&next.question.id);
                    question = next.question;
                }
                Ok(_) => {
                    let message = format!("No other question matches {}.", filter.describe());
                    return cx.client.show_message(MessageType::INFO, message).await;
                }
                Err(err) => {
                    return cx
                        .client
                        .show_message(MessageType::ERROR, err.message)
                        .await;
                }
            },
            // Close, a dismissed dialog or a client that cannot ask.
            _ => return,
        }
    }
}

async fn reveal_and_grade(cx: &Context, question: &Question) {
    match answer_page(cx, question).await {
        Ok(page) => open_page(cx, &page, &fallback_answer(question, &page)).await,
        Err(err) => {
            return cx
                .client
                .show_message(MessageType::ERROR, err.message)
                .await;
        }
    }
    let labels: Vec<&str> = Rating::ALL.iter().map(|r| r.label()).collect();
    let Some(choice) = ask(&cx.client, HOW_WELL, &labels).await else {
        return;
    };
    let Ok(rating) = choice.parse::<Rating>() else {
        return;
    };
    match record_grade(cx, &question.id, rating).await {
        Ok(graded) => {
            let message = format!("{}: next review {}.", rating.label(), graded.next_review);
            cx.client.show_message(MessageType::INFO, message).await;
        }
        Err(err) => {
            cx.client
                .show_message(MessageType::ERROR, err.message)
                .await
        }
    }
}

/// `window/showMessageRequest`; the chosen title, or `None` when dismissed.
async fn ask(client: &Client, message: &str, actions: &[&str]) -> Option<String> {
    let items = actions
        .iter()
        .map(|title| MessageActionItem {
            title: (*title).to_string(),
            properties: std::collections::HashMap::new(),
        })
        .collect();
    match client
        .show_message_request(MessageType::INFO, message, Some(items))
        .await
    {
        Ok(choice) => choice.map(|item| item.title),
        Err(err) => {
            let message = format!("interview-ls: showMessageRequest failed: {err}");
            client.log_message(MessageType::WARNING, message).await;
            None
        }
    }
}

async fn answer_page(cx: &Context, question: &Question) -> Result<PathBuf> {
    let cache = cx.dirs.cache.clone();
    let question = question.clone();
    blocking(move || cache::write_answer_page(&cache, &question).map_err(|e| e.to_string()))
        .await
        .map_err(internal)
}

/// What a client without `window/showDocument` sees instead of the page.
fn fallback_answer(question: &Question, page: &Path) -> String {
    format!(
        "{}\n\nIn short: {}\n\nFull answer: {}",
        question.title,
        question.short,
        page.display()
    )
}

/// Opens a generated page with `window/showDocument`, or shows `fallback`
/// when the client cannot (or would not) open it.
async fn open_page(cx: &Context, page: &Path, fallback: &str) {
    if cx.show_document {
        if let Some(uri) = Uri::from_file_path(page) {
            let params = ShowDocumentParams {
                uri,
                external: Some(false),
                take_focus: Some(true),
                selection: None,
            };
            if matches!(cx.client.show_document(params).await, Ok(true)) {
                return;
            }
        }
    }
    cx.client.show_message(MessageType::INFO, fallback).await;
}

async fn show(cx: &Context, args: ShowArgs) -> Result<Value> {
    let question = cx.question(&args.id)?;
    let page = answer_page(cx, &question).await?;
    if args.open.unwrap_or(true) {
        open_page(cx, &page, &fallback_answer(&question, &page)).await;
    }
    let store = cx.store();
    let id = question.id.clone();
    let card = blocking(move || {
        store
            .load()
            .map(|o| (o.value.cards.get(&id).cloned(), o.moved_aside))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, card.1.as_ref()).await;
    cx.session.set_last_shown(&question.id);
    to_json(&QuestionResult {
        question,
        pick: None,
        card: card.0,
        answer_page: Some(file_uri(&page)),
    })
}

async fn grade(cx: &Context, args: GradeArgs) -> Result<Value> {
    let question = cx.question(&args.id)?;
    let graded = record_grade(cx, &question.id, args.rating).await?;
    let mut value = to_json(&graded)?;
    value["message"] = json!(format!("next review {}", graded.next_review));
    Ok(value)
}

async fn record_grade(cx: &Context, id: &str, rating: Rating) -> Result<practice::GradeResult> {
    let store = cx.store();
    let id = id.to_string();
    let outcome = blocking(move || {
        practice::grade(&store, &id, rating, &Clock::local_now()).map_err(|e| e.to_string())
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, outcome.moved_aside.as_ref()).await;
    Ok(outcome.value)
}

#[derive(Serialize)]
struct SearchHit<'a> {
    id: &'a str,
    title: &'a str,
    difficulty: Difficulty,
    frameworks: &'a [Framework],
    topics: &'a [String],
    score: i64,
}

fn search(bank: &Bank, args: &SearchArgs) -> Value {
    let limit = args
        .limit
        .unwrap_or(DEFAULT_SEARCH_LIMIT)
        .min(MAX_SEARCH_LIMIT);
    let hits: Vec<SearchHit<'_>> = bank
        .search(&args.query, limit)
        .into_iter()
        .map(|hit| SearchHit {
            id: &hit.question.id,
            title: &hit.question.title,
            difficulty: hit.question.difficulty,
            frameworks: &hit.question.frameworks,
            topics: &hit.question.topics,
            score: hit.score,
        })
        .collect();
    json!(hits)
}

async fn stats(cx: &Context, args: StatsArgs) -> Result<Value> {
    let store = cx.store();
    let bank = Arc::clone(&cx.bank);
    let cache = cx.dirs.cache.clone();
    let (stats, markdown, page, moved) = blocking(move || {
        let loaded = store.load().map_err(|e| e.to_string())?;
        let stats = stats::compute(bank.questions(), &loaded.value, &Clock::local_now());
        let markdown = stats::render_markdown(&stats);
        let page = cache::write_stats_page(&cache, &markdown).map_err(|e| e.to_string())?;
        Ok((stats, markdown, page, loaded.moved_aside))
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, moved.as_ref()).await;
    if args.open.unwrap_or(true) {
        open_page(cx, &page, &markdown).await;
    }
    Ok(json!({"stats": stats, "markdown": markdown, "page": file_uri(&page)}))
}

async fn reset(cx: &Context, args: ResetArgs) -> Result<Value> {
    let store = cx.store();
    let Some(id) = args.id else {
        let outcome = blocking(move || store.reset_all().map_err(|e| e.to_string()))
            .await
            .map_err(internal)?;
        report_moved(&cx.client, outcome.moved_aside.as_ref()).await;
        let (count, backup) = outcome.value;
        let backup = backup.map(|b| b.display().to_string());
        let message = match &backup {
            Some(path) => {
                format!("Progress reset ({count} questions); the old file is kept as {path}.")
            }
            None => "There was no progress to reset.".to_string(),
        };
        cx.client.show_message(MessageType::INFO, message).await;
        return Ok(json!({"reset": count, "backup": backup}));
    };
    let known = cx.bank.get(&id).is_some();
    let removed = {
        let id = id.clone();
        blocking(move || {
            store
                .update(|p| p.cards.remove(&id).is_some())
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(internal)?
    };
    report_moved(&cx.client, removed.moved_aside.as_ref()).await;
    // A card for a question that left the bank may still be reset by id.
    if !known && !removed.value {
        return Err(Error::invalid_params(unknown_id(&cx.bank, &id)));
    }
    Ok(json!({"reset": usize::from(removed.value)}))
}

fn topics(bank: &Bank) -> Value {
    json!(bank.topic_counts())
}

fn snippets(bank: &Bank) -> Value {
    let snippets: Vec<Value> = bank
        .snippets()
        .map(|(question, snippet)| {
            json!({
                "id": snippet.id,
                "title": snippet.title,
                "framework": snippet.framework,
                "scope": snippet.scope,
                "questionId": question.id,
            })
        })
        .collect();
    json!(snippets)
}

/// Tells the user their progress file was unreadable and where it went.
async fn report_moved(client: &Client, moved: Option<&MovedAside>) {
    if let Some(moved) = moved {
        client
            .show_message(MessageType::WARNING, format!("interview-ls: {moved}"))
            .await;
    }
}

/// `unknown question id `x`` plus the closest id, when one is close.
fn unknown_id(bank: &Bank, id: &str) -> String {
    match crate::suggest::did_you_mean(&bank.near_ids(id)) {
        Some(hint) => format!("unknown question id `{id}` ({hint})"),
        None => format!("unknown question id `{id}`"),
    }
}

fn file_uri(path: &Path) -> String {
    Uri::from_file_path(path).map_or_else(|| path.display().to_string(), |u| u.to_string())
}

fn to_json<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| internal(format!("cannot encode the result: {e}")))
}

fn internal(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}

/// Runs file work on the blocking pool; a panic there becomes an error message.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
) -> std::result::Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(format!("interview-ls: background task failed: {e}")))
}
