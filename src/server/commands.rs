//! `workspace/executeCommand`: practice from any LSP client.
//!
//! Every command returns its data as JSON (so the VS Code extension and the
//! Neovim plugin can draw their own UI) and, where a plain client needs it,
//! also talks to the user with `window/showMessageRequest`,
//! `window/showDocument` and `window/showMessage` (see [`super::practice_dialog`]).
//! Only the commands that read or write progress or pages resolve the data
//! folder, so search, topics, snippets and insertion work without one.
//! Progress-file work (a lock, a read, an fsync) runs on the blocking pool.

use super::practice::{
    Context, Selection, answer_page, file_uri, pick_next, report_moved, to_json, unknown_id,
};
use super::practice_dialog;
use super::protocol::{
    self, Command, QuestionResult, RandomArgs, ResetArgs, SearchArgs, ShowArgs, StatsArgs,
};
use super::session;
use super::state::ServerState;
use super::work::{blocking, internal};
use crate::bank::{Bank, QuestionSummary};
use crate::practice::dirs::DataDirs;
use crate::practice::store::ProgressStore;
use crate::practice::{Clock, cache, stats};
use serde_json::{Value, json};
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, MessageType};

/// Search results per `interview.search` unless the client asks otherwise,
/// and the most it may ask for.
const DEFAULT_SEARCH_LIMIT: usize = 20;
const MAX_SEARCH_LIMIT: usize = 200;

/// Runs one `workspace/executeCommand`.
pub async fn execute(
    client: &Client,
    state: &Arc<ServerState>,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let command =
        protocol::parse(&params.command, params.arguments).map_err(Error::invalid_params)?;
    let cx = Context::new(client, state);
    let result = match command {
        Command::Random(args) => random(cx, args).await,
        Command::Show(args) => show(&cx, args).await,
        Command::Grade(args) => session::grade(&cx, args).await,
        Command::Next(args) => session::next(&cx, args).await,
        Command::Skip(args) => session::skip(&cx, args).await,
        Command::Undo(args) => session::undo(&cx, args).await,
        Command::Plan(args) => session::plan(&cx, args).await,
        Command::List(args) => session::list(&cx, args).await,
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

async fn random(cx: Context, args: RandomArgs) -> Result<Value> {
    let filter = Selection::from_args(&args);
    filter
        .filter
        .select(&cx.bank)
        .map_err(Error::invalid_params)?;
    let Some(picked) = pick_next(&cx, &filter, cx.state.last_shown()).await? else {
        return Err(Error::invalid_params(format!(
            "no question matches {}",
            filter.describe()
        )));
    };
    cx.state.set_last_shown(&picked.question.id);
    let result = to_json(&picked)?;
    if args.dialog.unwrap_or(true) {
        tokio::spawn(practice_dialog::dialog(cx, filter, picked.question));
    }
    Ok(result)
}

async fn show(cx: &Context, args: ShowArgs) -> Result<Value> {
    let question = cx.question(&args.id)?;
    let page = answer_page(cx, &question).await?;
    if args.open.unwrap_or(true) {
        practice_dialog::open_page(
            cx,
            &page,
            &practice_dialog::fallback_answer(&question, &page),
        )
        .await;
    }
    let store = cx.store()?;
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
    cx.state.set_last_shown(&question.id);
    // The four grades' intervals, so a client can grade a question opened
    // by hand as it grades a session's card.
    let previews = session::settings_scheduler(cx)
        .await?
        .preview(card.0.as_ref(), &Clock::local_now());
    to_json(&QuestionResult {
        question,
        pick: None,
        card: card.0,
        answer_page: Some(file_uri(&page)),
        previews: Some(previews),
    })
}

fn search(bank: &Bank, args: &SearchArgs) -> Value {
    let limit = args
        .limit
        .unwrap_or(DEFAULT_SEARCH_LIMIT)
        .min(MAX_SEARCH_LIMIT);
    let hits: Vec<QuestionSummary<'_>> = bank
        .search(&args.query, limit)
        .into_iter()
        .map(|hit| QuestionSummary::of(hit.question, Some(hit.score)))
        .collect();
    json!(hits)
}

async fn stats(cx: &Context, args: StatsArgs) -> Result<Value> {
    let store = cx.store()?;
    let bank = Arc::clone(&cx.bank);
    let cache = cx.dirs()?.cache;
    let (stats, markdown, page, moved) = blocking(move || {
        let loaded = store.load().map_err(|e| e.to_string())?;
        // Retention comes from the review log, as in `interview-ls stats`.
        let log = store.log().read_or_say()?;
        let stats = stats::compute_with_log(
            bank.questions(),
            &loaded.value,
            &log.entries,
            &Clock::local_now(),
        );
        let markdown = stats::render_markdown(&stats);
        let page = cache::write_stats_page(&cache, &markdown).map_err(|e| e.to_string())?;
        Ok((stats, markdown, page, loaded.moved_aside))
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, moved.as_ref()).await;
    if args.open.unwrap_or(true) {
        practice_dialog::open_page(cx, &page, &markdown).await;
    }
    Ok(json!({"stats": stats, "markdown": markdown, "page": file_uri(&page)}))
}

async fn reset(cx: &Context, args: ResetArgs) -> Result<Value> {
    let store = cx.store()?;
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
