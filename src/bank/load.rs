//! Building a [`Bank`](super::Bank) from the embedded files and the user's folders.
//!
//! Sources load in order; a later source's question replaces an earlier one
//! with the same id (so a user's folder can override the built-in bank), while
//! the same id twice within one source is an error.

use super::error::BankError;
use super::model::Question;
use super::parse::parse_file;
use super::topics::{Topic, is_topic_map, parse_topic_map};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One file's text and the name to report it under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Past these limits a folder is almost certainly not a question bank (`/`,
/// a home folder, a generated tree) or is hostile, so the walk stops with an
/// error naming the folder instead of exhausting the machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of one bank file.
    pub file_bytes: u64,
    /// Bytes of all bank files of one folder.
    pub folder_bytes: u64,
    /// Bank files (`*.md`) taken from one folder.
    pub bank_files: usize,
    /// Entries of any kind looked at while walking one folder.
    pub entries: usize,
}

impl Limits {
    /// The built-in bank is ~1 MB in 20 files, and a 100,000-question file
    /// is ~30 MB, so these leave room for any real bank.
    pub const DEFAULT: Limits = Limits {
        file_bytes: 64 * 1024 * 1024,
        folder_bytes: 256 * 1024 * 1024,
        bank_files: 50_000,
        entries: 500_000,
    };
}

/// Every bank file below `path` (or `path` itself when it is a file).
/// Folders are walked recursively in sorted order; `README.md` files
/// describe a bank rather than belong to it, so they are skipped.
///
/// Symbolic links are followed, but a link back to a folder being walked is
/// reported and not entered, and a folder reached twice is read once. Only
/// regular files are read (a FIFO named `x.md` would block forever). A
/// sub-folder or file that cannot be read is reported by its own path and
/// everything else still loads.
pub fn read_folder(path: &Path) -> (Vec<SourceFile>, Vec<BankError>) {
    read_folder_within(path, &Limits::DEFAULT)
}

/// [`read_folder`] with explicit limits.
pub fn read_folder_within(path: &Path, limits: &Limits) -> (Vec<SourceFile>, Vec<BankError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let found = match std::fs::metadata(path) {
        Err(err) => {
            errors.push(io_error(path, &err));
            return (files, errors);
        }
        Ok(meta) if meta.is_dir() => walk(path, limits, &mut errors),
        Ok(meta) if meta.is_file() => vec![path.to_path_buf()],
        Ok(_) => {
            errors.push(not_a_regular_file(path));
            return (files, errors);
        }
    };
    let mut budget = limits.folder_bytes;
    for file in found {
        match read_bank_file(&file, limits.file_bytes, budget) {
            Ok((text, bad_utf8)) => {
                budget = budget.saturating_sub(text.len() as u64);
                errors.extend(bad_utf8);
                files.push(SourceFile {
                    path: file.display().to_string(),
                    text,
                });
            }
            Err(Unread::Error(error)) => errors.push(error),
            Err(Unread::OverBudget) => {
                errors.push(BankError::unlocated(
                    path.display().to_string(),
                    format!(
                        "stopped at {}: this folder holds more than {} of bank files, the rest was not loaded",
                        file.display(),
                        size(limits.folder_bytes)
                    ),
                ));
                break;
            }
        }
    }
    (files, errors)
}

/// The bank files below `root`, sorted; every problem met on the way is
/// pushed to `errors` and the walk goes on.
fn walk(root: &Path, limits: &Limits, errors: &mut Vec<BankError>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    // Canonical paths of the folders entered: two links to one folder (not
    // a loop, so walkdir allows it) would read it twice, and links that
    // fan out would read it exponentially often.
    let mut entered = HashSet::new();
    let mut walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    let mut seen = 0usize;
    while let Some(next) = walker.next() {
        seen += 1;
        if seen > limits.entries {
            errors.push(too_many(root, &format!("{} entries", limits.entries)));
            break;
        }
        let entry = match next {
            Ok(entry) => entry,
            Err(err) => {
                errors.extend(walk_error(root, &err));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            let real = std::fs::canonicalize(entry.path());
            if real.is_ok_and(|real| !entered.insert(real)) {
                walker.skip_current_dir();
            }
            continue;
        }
        if !is_bank_file(entry.path()) {
            continue;
        }
        if !kind.is_file() {
            errors.push(not_a_regular_file(entry.path()));
            continue;
        }
        if found.len() == limits.bank_files {
            errors.push(too_many(root, &format!("{} bank files", limits.bank_files)));
            break;
        }
        found.push(entry.into_path());
    }
    found.sort();
    found
}

/// A walk problem as a bank error, or nothing for a broken link that would
/// not have been loaded anyway.
fn walk_error(root: &Path, err: &walkdir::Error) -> Option<BankError> {
    let path = err.path().unwrap_or(root);
    if let Some(ancestor) = err.loop_ancestor() {
        return Some(BankError::unlocated(
            path.display().to_string(),
            format!(
                "symbolic link loop back to {}; not followed",
                ancestor.display()
            ),
        ));
    }
    let io = err.io_error()?;
    if io.kind() == std::io::ErrorKind::NotFound && !is_bank_file(path) {
        return None;
    }
    Some(io_error(path, io))
}

fn too_many(root: &Path, what: &str) -> BankError {
    BankError::unlocated(
        root.display().to_string(),
        format!("stopped after {what}: is this the right folder? The rest was not loaded"),
    )
}

fn not_a_regular_file(path: &Path) -> BankError {
    BankError::unlocated(
        path.display().to_string(),
        "not a regular file (a FIFO, socket or device); not read".to_string(),
    )
}

pub fn is_bank_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        && !path
            .file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}

enum Unread {
    Error(BankError),
    /// The folder's byte budget ran out before this file.
    OverBudget,
}

/// One bank file's text, at most `max_bytes` and at most `budget` bytes. Bytes that are not UTF-8 are replaced (U+FFFD) so the rest of the
/// file still loads, and the first of them comes back as a located error.
fn read_bank_file(
    path: &Path,
    max_bytes: u64,
    budget: u64,
) -> Result<(String, Option<BankError>), Unread> {
    let fail = |err: std::io::Error| Unread::Error(io_error(path, &err));
    let file = std::fs::File::open(path).map_err(fail)?;
    // Checked on the open file, so a path swapped for a FIFO or a device
    // since the walk looked at it is still never read.
    let meta = file.metadata().map_err(fail)?;
    if !meta.is_file() {
        return Err(Unread::Error(not_a_regular_file(path)));
    }
    let limit = max_bytes.min(budget);
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        if limit < max_bytes {
            return Err(Unread::OverBudget);
        }
        return Err(Unread::Error(BankError::unlocated(
            path.display().to_string(),
            format!(
                "larger than {}, the limit for one bank file; not read",
                size(max_bytes)
            ),
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let error = invalid_utf8(path, &bytes[..valid]);
            Ok((String::from_utf8_lossy(&bytes).into_owned(), Some(error)))
        }
    }
}

/// The error for the first invalid byte, located after the valid `before`.
fn invalid_utf8(path: &Path, before: &[u8]) -> BankError {
    // `before` is valid UTF-8 by construction.
    let before = std::str::from_utf8(before).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    BankError {
        path: path.display().to_string(),
        line: u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        col: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
        message: "not UTF-8 text (the bytes were replaced with \u{FFFD}; save the file as UTF-8)"
            .to_string(),
    }
}

fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
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

/// One file of a source parsed on its own, so an edited file can be
/// re-parsed alone and combined with the others' earlier results.
#[derive(Debug, Clone)]
pub enum ParsedPart {
    Questions(Vec<Question>, Vec<BankError>),
    /// A `topics.md`: the source's topic map.
    TopicMap(Vec<Topic>, Vec<BankError>),
}

/// Parses one file of a source.
pub fn parse_part(file: &SourceFile) -> ParsedPart {
    if is_topic_map(&file.path) {
        let (map, errors) = parse_topic_map(&file.path, &file.text);
        return ParsedPart::TopicMap(map, errors);
    }
    let parsed = parse_file(&file.path, &file.text);
    ParsedPart::Questions(parsed.questions, parsed.errors)
}

/// Parses one source (a set of files) and checks ids are unique within it.
/// A `topics.md` among the files is read as the source's topic map.
pub fn parse_source(files: &[SourceFile]) -> ParsedSource {
    combine(files.iter().map(parse_part))
}

/// The parts of one source, in order, as one: ids are checked to be unique
/// across all of them (a repeat is an error and the first one stays).
pub fn combine(parts: impl IntoIterator<Item = ParsedPart>) -> ParsedSource {
    let mut questions: Vec<Question> = Vec::new();
    let mut topics: Vec<Topic> = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    let mut snippet_seen: HashMap<String, String> = HashMap::new();
    for part in parts {
        let (found, found_errors) = match part {
            ParsedPart::TopicMap(map, map_errors) => {
                topics.extend(map);
                errors.extend(map_errors);
                continue;
            }
            ParsedPart::Questions(found, found_errors) => (found, found_errors),
        };
        errors.extend(found_errors);
        for question in found {
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    fn question(id: &str) -> String {
        format!(
            "## {id}?\n\n- id: {id}\n- difficulty: easy\n- frameworks: flask\n\n**In short:** s\n\nbody\n"
        )
    }

    fn names(files: &[SourceFile], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| {
                Path::new(&f.path)
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect()
    }

    fn messages(errors: &[BankError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn link_loops_are_reported_once_each_and_a_shared_folder_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("q.md"), question("q")).unwrap();
        fs::create_dir(root.join("shared")).unwrap();
        fs::write(root.join("shared/s.md"), question("s")).unwrap();
        symlink(".", root.join("a")).unwrap();
        symlink(".", root.join("b")).unwrap();
        symlink("shared", root.join("twin")).unwrap();
        let (files, errors) = read_folder(root);
        assert_eq!(names(&files, root), ["q.md", "shared/s.md"]);
        let errors = messages(&errors);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        for (error, link) in errors.iter().zip(["a", "b"]) {
            let expected = format!(
                "{}: error: symbolic link loop back to {}",
                root.join(link).display(),
                root.display()
            );
            assert!(error.starts_with(&expected), "{error}");
        }
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("q.md"), question("q")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("x.md"))
            .status()
            .unwrap();
        assert!(status.success());
        let (files, errors) = read_folder(root);
        assert_eq!(names(&files, root), ["q.md"]);
        assert_eq!(
            messages(&errors),
            [format!(
                "{}: error: not a regular file (a FIFO, socket or device); not read",
                root.join("x.md").display()
            )]
        );
        // Named directly, too.
        let (files, errors) = read_folder(&root.join("x.md"));
        assert!(files.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    fn within(root: &Path, change: impl FnOnce(&mut Limits)) -> (Vec<SourceFile>, Vec<BankError>) {
        let mut limits = Limits::DEFAULT;
        change(&mut limits);
        read_folder_within(root, &limits)
    }

    #[test]
    fn limits_stop_the_walk_with_an_error_naming_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for n in 0..5 {
            fs::write(root.join(format!("q{n}.md")), question(&format!("q{n}"))).unwrap();
        }

        let (files, errors) = within(root, |l| l.bank_files = 3);
        assert_eq!(files.len(), 3);
        assert_eq!(
            messages(&errors),
            [format!(
                "{}: error: stopped after 3 bank files: is this the right folder? The rest was not loaded",
                root.display()
            )]
        );

        let (files, errors) = within(root, |l| l.entries = 2);
        assert_eq!(files.len(), 1, "the folder itself is an entry");
        assert!(messages(&errors)[0].contains("stopped after 2 entries"));

        let one = question("q0").len() as u64;
        let (files, errors) = within(root, |l| l.file_bytes = one - 1);
        assert!(files.is_empty());
        assert_eq!(errors.len(), 5);
        assert!(
            messages(&errors)[0].ends_with(&format!(
                "larger than {} bytes, the limit for one bank file; not read",
                one - 1
            )),
            "{errors:?}"
        );

        let (files, errors) = within(root, |l| l.folder_bytes = 2 * one + 1);
        assert_eq!(files.len(), 2);
        let errors = messages(&errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains(&format!("stopped at {}", root.join("q2.md").display())),
            "{errors:?}"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located_and_the_rest_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = question("q").into_bytes();
        text.extend_from_slice(b"caf\xe9 au lait\n");
        fs::write(dir.path().join("q.md"), text).unwrap();
        let (files, errors) = read_folder(dir.path());
        assert!(files[0].text.contains("caf\u{FFFD} au lait"));
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].col), (10, 4), "{errors:?}");
        let parsed = parse_source(&files);
        assert_eq!(parsed.questions.len(), 1, "{:?}", parsed.errors);
    }
}
