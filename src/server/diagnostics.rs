//! Tips as diagnostics: each one with source `interview-ls`, the rule's
//! code and severity (security holes are Warnings, advice is Information),
//! and a link to the bank question for the file's framework that explains
//! it (`codeDescription.href` and `relatedInformation`).
//!
//! Built-in questions have no file on the user's disk, so links point at the
//! copy of the embedded bank in the cache folder (the one `workspace/symbol`
//! uses, written once per server and version); questions from the user's
//! folders point at their own files. Both are plain `file://` URIs, which
//! every client can open.
//!
//! Published after `didOpen` at once, and after `didChange` once the
//! document has been still for [`DEBOUNCE`]. The tips are computed under
//! the document lock and sent after it is released. The `diagnostics` setting turns them off (and
//! clears those already shown).

use super::documents::Document;
use super::encoding::PositionEncoding;
use super::links::TipLinks;
use super::state::ServerState;
use crate::bank::Bank;
use crate::python::Analysis;
use crate::tips::{self, Severity, Tip};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, MessageType,
    NumberOrString, Uri,
};

/// The diagnostics' `source`, so users can tell (and filter) ours.
pub const SOURCE: &str = "interview-ls";

/// One tip as an LSP diagnostic.
pub fn to_diagnostic(
    doc: &Document,
    encoding: PositionEncoding,
    bank: &Bank,
    links: &TipLinks,
    tip: &Tip,
) -> Diagnostic {
    let question = bank.get(tip.question);
    let link = question.and_then(|q| links.location(q));
    let mut message = tip.message.clone();
    if let Some(question) = question {
        message.push_str(&format!("\nInterview question: {}", question.title));
    }
    Diagnostic {
        range: doc.range(encoding, tip.range.start, tip.range.end),
        severity: Some(severity(tip.rule.severity)),
        code: Some(NumberOrString::String(tip.rule.code.to_string())),
        code_description: link.map(|location| CodeDescription { href: location.uri }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: question.and_then(|question| {
            Some(vec![DiagnosticRelatedInformation {
                location: links.location(question)?,
                message: format!("Interview question: {}", question.title),
            }])
        }),
        tags: None,
        data: Some(json!({"question": tip.question})),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
    }
}

/// The most tips published for one file. A generated or pathological file
/// can hold thousands (2,000 made 2 MB per publish); past a hundred the
/// list helps nobody, and the first ones are shown.
pub const MAX_PER_FILE: usize = 100;

/// When an empty list is worth sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Always: earlier tips may be on screen (after a change or a settings
    /// change).
    Always,
    /// Only when there are tips: a document just opened shows none of ours
    /// yet (closing cleared them), so an empty list would be noise.
    IfAny,
}

/// Publishes the tips of one open Python document (an empty list when the
/// `diagnostics` setting is off, clearing earlier ones).
pub async fn publish(client: &Client, state: &ServerState, uri: &Uri, when: Publish) {
    let enabled = state.config().diagnostics;
    let encoding = state.client().encoding;
    let bank = state.bank();
    let links = TipLinks::new(state);
    // The tips are computed on a copy, outside the document lock: a change
    // to a large file can then be parsed meanwhile on another thread.
    let Some((version, text, tree, cached)) = state
        .with_document(uri, |doc| {
            Some((
                doc.version,
                doc.text.clone(),
                doc.tree.clone()?,
                doc.cached_analysis(),
            ))
        })
        .flatten()
    else {
        return;
    };
    let (tips, analysis) = if enabled {
        let analysis = cached.unwrap_or_else(|| Arc::new(Analysis::new(&tree, &text)));
        let file = crate::python::PythonFile {
            text: &text,
            tree: &tree,
            analysis: &analysis,
        };
        (tips::check(&file), Some(analysis))
    } else {
        (Vec::new(), None)
    };
    drop(tree);
    // Positions come from the document as it is now; if it changed in the
    // meantime, that change publishes its own tips.
    let Some(diagnostics) = state
        .with_document(uri, |doc| {
            (doc.version == version && doc.text == text).then(|| {
                // Same text: the hover that usually follows reuses this analysis.
                if let Some(analysis) = &analysis {
                    doc.offer_analysis(Arc::clone(analysis));
                }
                tips.iter()
                    .take(MAX_PER_FILE)
                    .map(|tip| to_diagnostic(doc, encoding, &bank, &links, tip))
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
    else {
        return;
    };
    if diagnostics.is_empty() && when == Publish::IfAny {
        return;
    }
    if !diagnostics.is_empty() {
        export_bank(client, state, &links).await;
    }
    client
        .publish_diagnostics(uri.clone(), diagnostics, Some(version))
        .await;
}

/// How long a document must stay unchanged before its tips are recomputed.
/// Keystrokes come 100–200 ms apart, so tips follow the user's pauses
/// rather than every key; on a 24,000-line file in a debug build a
/// recomputation costs about 300 ms, which per keystroke starved the
/// requests queued behind it (the robustness test's 20 s deadline).
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Publishes a changed document's tips once it has not changed for
/// [`DEBOUNCE`]: a later change supersedes this one (its version differs).
pub fn publish_later(client: &Client, state: &Arc<ServerState>, uri: Uri) {
    let Some(version) = state.with_document(&uri, |doc| doc.version) else {
        return;
    };
    let (client, state) = (client.clone(), Arc::clone(state));
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        if state.with_document(&uri, |doc| doc.version) == Some(version) {
            publish(&client, &state, &uri, Publish::Always).await;
        }
    });
}

/// Republishes every open Python document (after a settings change).
pub async fn publish_all(client: &Client, state: &ServerState) {
    let uris: Vec<Uri> = state.documents().keys().cloned().collect();
    for uri in uris {
        publish(client, state, &uri, Publish::Always).await;
    }
}

/// Clears the diagnostics of a closed document (the spec leaves them to the
/// server: "the server ... should clear them when the document is closed").
pub async fn clear(client: &Client, uri: &Uri) {
    client
        .publish_diagnostics(uri.clone(), Vec::new(), None)
        .await;
}

/// Writes the embedded bank to the cache folder once, so that question
/// links open.
async fn export_bank(client: &Client, state: &ServerState, links: &TipLinks) {
    let Some(cache) = links.cache() else {
        return;
    };
    if let Err(err) = state.bank_export.ensure(cache).await {
        let message = format!("interview-ls: cannot write the bank for question links: {err}");
        client.log_message(MessageType::WARNING, message).await;
    }
}
