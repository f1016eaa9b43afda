//! The practice dialog for clients with no UI of their own: `interview.random`
//! answers at once and then asks the question with `window/showMessageRequest`
//! (*Show answer* → answer page → *Again/Hard/Good/Easy* → "next review in 4
//! days"), in a spawned task: the client can only answer our request once it
//! is not waiting on us, and a dialog awaited inside the command would hold
//! the `executeCommand` response until the user clicks.

use super::practice::{Context, Selection, answer_page, pick_next, record_grade};
use crate::bank::Question;
use crate::practice::scheduler::Rating;
use std::path::Path;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{MessageActionItem, MessageType, ShowDocumentParams, Uri};

const SHOW_ANSWER: &str = "Show answer";
const ANOTHER: &str = "Another";
const CLOSE: &str = "Close";
const HOW_WELL: &str = "How well did you know it?";

/// The plain-LSP practice loop for one question (and the ones *Another* brings).
pub async fn dialog(cx: Context, filter: Selection, first: Question) {
    let mut question = first;
    loop {
        let prompt = format!("[{}] {}", question.label(), question.title);
        let choice = ask(&cx.client, &prompt, &[SHOW_ANSWER, ANOTHER, CLOSE]).await;
        match choice.as_deref() {
            Some(SHOW_ANSWER) => return reveal_and_grade(&cx, &question).await,
            Some(ANOTHER) => match pick_next(&cx, &filter, Some(question.id.clone())).await {
                Ok(Some(next)) if next.question.id != question.id => {
                    cx.state.set_last_shown(&next.question.id);
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

/// What a client without `window/showDocument` sees instead of the page.
pub fn fallback_answer(question: &Question, page: &Path) -> String {
    format!(
        "{}\n\nIn short: {}\n\nFull answer: {}",
        question.title,
        question.short,
        page.display()
    )
}

/// Opens a generated page with `window/showDocument`, or shows `fallback`
/// when the client cannot (or would not) open it.
pub async fn open_page(cx: &Context, page: &Path, fallback: &str) {
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
