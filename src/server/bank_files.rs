//! Bank files open in the editor: their validation errors become diagnostics
//! at the right lines, and their unsaved text is what the bank indexes, so
//! fixing a file takes effect as you type.

use super::documents::Document;
use super::encoding::PositionEncoding;
use crate::bank::load::is_bank_file;
use crate::bank::parse::parse_file;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, NumberOrString, OneOf, Registration, RelativePattern, Uri,
};

/// The canonical path of `uri` when it is a bank file inside one of the
/// configured question folders.
pub fn bank_file_path(uri: &Uri, folders: &[PathBuf]) -> Option<PathBuf> {
    let path = uri.to_file_path()?;
    if !is_bank_file(&path) {
        return None;
    }
    let path = std::fs::canonicalize(&path).unwrap_or_else(|_| path.into_owned());
    folders
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .any(|folder| path.starts_with(folder))
        .then_some(path)
}

/// The bank errors of one open file, as LSP diagnostics.
pub fn diagnostics(
    path: &Path,
    document: &Document,
    encoding: PositionEncoding,
) -> Vec<Diagnostic> {
    let label = path.display().to_string();
    parse_file(&label, &document.text)
        .errors
        .into_iter()
        .map(|error| {
            let start = offset_of(&document.text, error.line, error.col);
            let line_end = document.text[start..]
                .find('\n')
                .map_or(document.text.len(), |i| start + i);
            Diagnostic {
                range: document.range(encoding, start, line_end.max(start)),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("bank-format".to_string())),
                source: Some("interview-ls".to_string()),
                message: error.message,
                ..Diagnostic::default()
            }
        })
        .collect()
}

/// Byte offset of a 1-based line and 1-based character column.
fn offset_of(text: &str, line: u32, col: u32) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i)
}

/// The registration asking the client to report changes to the Markdown
/// files of the question folders (`workspace/didChangeWatchedFiles`).
pub fn watch_registration(folders: &[PathBuf]) -> Registration {
    let watchers: Vec<FileSystemWatcher> = folders
        .iter()
        .filter_map(|folder| {
            let base = Uri::from_file_path(std::fs::canonicalize(folder).ok()?)?;
            Some(FileSystemWatcher {
                glob_pattern: GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(base),
                    pattern: "**/*.md".to_string(),
                }),
                kind: None,
            })
        })
        .collect();
    Registration {
        id: "interview-ls-bank-folders".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
            watchers,
        })
        .ok(),
    }
}

/// The open bank documents' texts, keyed by canonical path.
pub fn overlay(
    documents: &HashMap<Uri, Document>,
    folders: &[PathBuf],
) -> HashMap<PathBuf, String> {
    documents
        .iter()
        .filter_map(|(uri, doc)| Some((bank_file_path(uri, folders)?, doc.text.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_errors_by_character_column() {
        let text = "## Q?\n\n- id: a\n- difficulty: ünknown\n";
        assert_eq!(offset_of(text, 4, 15), text.find("ünknown").unwrap());
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 99, 1), text.len());
    }
}
