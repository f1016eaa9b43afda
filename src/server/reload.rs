//! Bank reloads: ordered, coalesced, and off the serving loop.
//!
//! Three things ask for one: a settings change (other question folders),
//! the client's file watcher, and an edit in an open bank file. Each request
//! waits [`DEBOUNCE`], and only the newest request of a burst loads, so a
//! thousand file events (some clients send one per file) cost one reload. A
//! load installs its bank only if no newer request came while it ran, so
//! the newest settings always win over a slower, older load. Loads run on
//! the blocking pool. The folders' files are kept parsed between loads:
//! an edit in an open bank file re-parses that file alone, and only a
//! watcher event or a settings change reads the disk again.

use super::bank_files;
use super::state::ServerState;
use crate::bank::load::{ParsedPart, SourceFile, combine, parse_part, read_folder};
use crate::bank::{Bank, BankError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tower_lsp_server::ls_types::MessageType;

/// How long a reload request waits for newer ones before it loads.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Bank errors sent to the client's log per load. A folder that is not a
/// bank at all can have 100,000 (24 MB of log messages in a second); the
/// first ones say what is wrong and `check` lists the rest.
const MAX_LOGGED_ERRORS: usize = 200;

/// What asked for a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Settings or watched files: read the folders from disk.
    Disk,
    /// An open bank file changed: its text is in the editor.
    Edit,
}

/// The reload state the server keeps.
#[derive(Debug, Default)]
pub struct Reloads {
    /// Requests so far; a load installs only if it is still the newest.
    asked: AtomicU64,
    /// A request that must read the disk has not been served yet.
    from_disk: AtomicBool,
    /// The folders' files as last read, parsed.
    parsed: Mutex<Option<ParsedFolders>>,
    /// Held while a load checks it is the newest and installs its bank.
    install: Mutex<()>,
}

#[derive(Debug)]
struct ParsedFolders {
    folders: Vec<PathBuf>,
    sources: Vec<FolderFiles>,
}

#[derive(Debug)]
struct FolderFiles {
    read_errors: Vec<BankError>,
    files: Vec<ParsedFile>,
}

#[derive(Debug)]
struct ParsedFile {
    /// The file as read from disk, and its canonical path (to find its
    /// editor text).
    disk: SourceFile,
    canonical: Option<PathBuf>,
    disk_parsed: ParsedPart,
    /// The editor's unsaved text and what it parses to.
    edited: Option<(String, ParsedPart)>,
}

/// Loads the bank for the current settings from disk and installs it; for
/// `initialize`, which must not return before the bank is there. Returns
/// what to tell the user: a summary and every load error.
pub async fn load_now(state: &ServerState) -> Vec<(MessageType, String)> {
    state.reloads.asked.fetch_add(1, Ordering::SeqCst);
    load_and_install(state, Cause::Disk, None)
        .await
        .unwrap_or_default()
}

/// Asks for a reload. Returns what to tell the user when this request's
/// load was the one installed; `None` when a newer request took over.
pub async fn reload(state: &ServerState, cause: Cause) -> Option<Vec<(MessageType, String)>> {
    let reloads = &state.reloads;
    if cause == Cause::Disk {
        reloads.from_disk.store(true, Ordering::SeqCst);
    }
    let mine = reloads.asked.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(DEBOUNCE).await;
    if reloads.asked.load(Ordering::SeqCst) != mine {
        return None;
    }
    let cause = if reloads.from_disk.swap(false, Ordering::SeqCst) {
        Cause::Disk
    } else {
        Cause::Edit
    };
    load_and_install(state, cause, Some(mine)).await
}

async fn load_and_install(
    state: &ServerState,
    cause: Cause,
    generation: Option<u64>,
) -> Option<Vec<(MessageType, String)>> {
    let reloads = &state.reloads;
    let folders = state.config().question_paths;
    let overlay = bank_files::overlay(&state.documents(), &folders);
    let parsed = lock(&reloads.parsed).take();
    let loaded = tokio::task::spawn_blocking(move || load(&folders, &overlay, parsed, cause)).await;
    let Ok((bank, parsed)) = loaded else {
        // The load panicked; the next request reads the disk again.
        reloads.from_disk.store(true, Ordering::SeqCst);
        return None;
    };
    *lock(&reloads.parsed) = Some(parsed);
    let _installing = lock(&reloads.install);
    if generation.is_some_and(|g| reloads.asked.load(Ordering::SeqCst) != g) {
        return None;
    }
    let mut messages = vec![(MessageType::INFO, bank_summary(&bank))];
    let errors = bank.errors();
    messages.extend(
        errors
            .iter()
            .take(MAX_LOGGED_ERRORS)
            .map(|e| (MessageType::ERROR, e.to_string())),
    );
    if errors.len() > MAX_LOGGED_ERRORS {
        let more = format!(
            "… and {} more bank errors; `interview-ls check` on the folders lists them all",
            errors.len() - MAX_LOGGED_ERRORS
        );
        messages.push((MessageType::ERROR, more));
    }
    state.set_bank(bank);
    Some(messages)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Builds the bank, re-reading the disk only when `cause` asks for it (or
/// the folders changed) and re-parsing only files whose editor text changed.
fn load(
    folders: &[PathBuf],
    overlay: &HashMap<PathBuf, String>,
    parsed: Option<ParsedFolders>,
    cause: Cause,
) -> (Bank, ParsedFolders) {
    let mut parsed = match parsed {
        Some(parsed) if cause == Cause::Edit && parsed.folders == folders => parsed,
        _ => read(folders),
    };
    for file in parsed.sources.iter_mut().flat_map(|f| f.files.iter_mut()) {
        let text = file.canonical.as_ref().and_then(|p| overlay.get(p));
        match text {
            Some(text) if *text != file.disk.text => {
                if file.edited.as_ref().is_none_or(|(old, _)| old != text) {
                    let source = SourceFile {
                        path: file.disk.path.clone(),
                        text: text.clone(),
                    };
                    file.edited = Some((text.clone(), parse_part(&source)));
                }
            }
            _ => file.edited = None,
        }
    }
    let sources = parsed
        .sources
        .iter()
        .map(|folder| {
            let parts = folder.files.iter().map(|file| {
                file.edited
                    .as_ref()
                    .map_or(&file.disk_parsed, |(_, part)| part)
                    .clone()
            });
            let mut source = combine(parts);
            source
                .errors
                .splice(0..0, folder.read_errors.iter().cloned());
            source
        })
        .collect();
    (Bank::from_sources(folders, sources), parsed)
}

fn read(folders: &[PathBuf]) -> ParsedFolders {
    let sources = folders
        .iter()
        .map(|folder| {
            let (files, read_errors) = read_folder(folder);
            let files = files
                .into_iter()
                .map(|disk| ParsedFile {
                    canonical: std::fs::canonicalize(&disk.path).ok(),
                    disk_parsed: parse_part(&disk),
                    disk,
                    edited: None,
                })
                .collect();
            FolderFiles { read_errors, files }
        })
        .collect();
    ParsedFolders {
        folders: folders.to_vec(),
        sources,
    }
}

/// `interview-ls 0.1.0: 83 questions, 35 snippets (built-in bank + /my/bank)`.
fn bank_summary(bank: &Bank) -> String {
    let extra = if bank.folders().is_empty() {
        String::new()
    } else {
        let folders: Vec<String> = bank
            .folders()
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        format!(" (built-in bank + {})", folders.join(", "))
    };
    format!(
        "interview-ls {}: {} questions, {} snippets{extra}",
        env!("CARGO_PKG_VERSION"),
        bank.questions().len(),
        bank.snippets().count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str =
        "## Q?\n\n- id: mine\n- difficulty: easy\n- frameworks: flask\n\n**In short:** A.\n\nB.\n";

    /// The cached load gives the same bank as a load from scratch, with the
    /// editor's text laid over the disk's, and drops it when it goes.
    #[test]
    fn an_edit_reparses_from_the_cache_and_matches_a_full_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.md");
        std::fs::write(&path, ENTRY).unwrap();
        std::fs::write(dir.path().join("other.md"), ENTRY.replace("mine", "other")).unwrap();
        let folders = vec![dir.path().to_path_buf()];
        let canonical = std::fs::canonicalize(&path).unwrap();
        let overlay = HashMap::from([(canonical, ENTRY.replace("- id: mine", "- id: edited"))]);
        let (first, parsed) = load(&folders, &HashMap::new(), None, Cause::Disk);
        assert!(first.get("mine").is_some());
        // The disk changes, but an edit does not read it: only the cache and the overlay.
        std::fs::remove_file(dir.path().join("other.md")).unwrap();
        let (edited, parsed) = load(&folders, &overlay, Some(parsed), Cause::Edit);
        assert!(edited.get("edited").is_some() && edited.get("mine").is_none());
        assert!(edited.get("other").is_some(), "read from the cache");
        let full = Bank::load_with_overlay(&folders, &overlay);
        assert!(full.get("other").is_none());
        let (closed, _) = load(&folders, &HashMap::new(), Some(parsed), Cause::Disk);
        assert!(closed.get("mine").is_some() && closed.get("edited").is_none());
        assert_eq!(
            closed.questions().len(),
            Bank::load(&folders).questions().len()
        );
    }
}
