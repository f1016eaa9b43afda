//! Building a [`Bank`](super::Bank) from the embedded files and the user's folders.
//!
//! Sources load in order; a later source's question replaces an earlier one
//! with the same id (so a user's folder can override the built-in bank), while
//! the same id twice within one source is an error.

use super::error::BankError;
use super::model::Question;
use super::parse::parse_file;
use super::topics::{Topic, is_topic_map, parse_topic_map};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One file's text and the name to report it under.
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Every bank file below `path` (or `path` itself when it is a file).
/// Folders are walked recursively in sorted order; `README.md` files
/// describe a bank rather than belong to it, so they are skipped.
pub fn read_folder(path: &Path) -> (Vec<SourceFile>, Vec<BankError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if path.is_file() {
        push_file(path, &mut files, &mut errors);
        return (files, errors);
    }
    let mut found = Vec::new();
    if let Err(err) = walk(path, &mut found) {
        errors.push(io_error(path, &err));
    }
    found.sort();
    for file in found {
        push_file(&file, &mut files, &mut errors);
    }
    (files, errors)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if is_bank_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}

pub fn is_bank_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        && !path
            .file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}

fn push_file(path: &Path, files: &mut Vec<SourceFile>, errors: &mut Vec<BankError>) {
    match std::fs::read_to_string(path) {
        Ok(text) => files.push(SourceFile {
            path: path.display().to_string(),
            text,
        }),
        Err(err) => errors.push(io_error(path, &err)),
    }
}

/// A file or folder that could not be read: reported by its path alone, since
/// there is no line to point at.
fn io_error(path: &Path, err: &std::io::Error) -> BankError {
    let message = match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => format!("cannot read: {err}"),
    };
    BankError::unlocated(path.display().to_string(), message)
}

/// One source's questions and topic map, with every problem found.
#[derive(Debug, Clone, Default)]
pub struct ParsedSource {
    pub questions: Vec<Question>,
    pub topics: Vec<Topic>,
    pub errors: Vec<BankError>,
}

/// Parses one source (a set of files) and checks ids are unique within it.
/// A `topics.md` among the files is read as the source's topic map.
pub fn parse_source(files: &[SourceFile]) -> ParsedSource {
    let mut questions: Vec<Question> = Vec::new();
    let mut topics: Vec<Topic> = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    let mut snippet_seen: HashMap<String, String> = HashMap::new();
    for file in files {
        if is_topic_map(&file.path) {
            let (map, map_errors) = parse_topic_map(&file.path, &file.text);
            topics.extend(map);
            errors.extend(map_errors);
            continue;
        }
        let parsed = parse_file(&file.path, &file.text);
        errors.extend(parsed.errors);
        for question in parsed.questions {
            let here = format!("{}:{}", question.source.path, question.source.line);
            if let Some(first) = first_seen.get(&question.id) {
                errors.push(BankError {
                    path: question.source.path.clone(),
                    line: question.source.line,
                    col: 1,
                    message: format!("duplicate id `{}` (first defined at {first})", question.id),
                });
                continue;
            }
            if let Some((snippet, first)) = question
                .snippets
                .iter()
                .find_map(|s| snippet_seen.get(&s.id).map(|first| (s, first)))
            {
                errors.push(BankError {
                    path: question.source.path.clone(),
                    line: snippet.line,
                    col: 1,
                    message: format!(
                        "duplicate snippet id `{}` (first defined at {first})",
                        snippet.id
                    ),
                });
                continue;
            }
            for snippet in &question.snippets {
                snippet_seen.insert(
                    snippet.id.clone(),
                    format!("{}:{}", question.source.path, snippet.line),
                );
            }
            first_seen.insert(question.id.clone(), here);
            questions.push(question);
        }
    }
    ParsedSource {
        questions,
        topics,
        errors,
    }
}

/// Lays `overrides` over `base`: same id → replaced in place, new ids appended.
pub fn merge(base: &mut Vec<Question>, overrides: Vec<Question>) {
    let positions: HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.clone(), i))
        .collect();
    for question in overrides {
        match positions.get(&question.id) {
            Some(&i) => base[i] = question,
            None => base.push(question),
        }
    }
}
