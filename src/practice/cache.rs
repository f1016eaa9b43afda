//! Files generated into the cache folder for editors to open: answer pages,
//! the stats page, and a copy of the embedded bank so that search results
//! (`workspace/symbol`) point at a real Markdown file.
//!
//! Everything here can be deleted at any time and is rewritten on demand.
//! Files are replaced by rename, so an editor (or a second server) reading
//! one never sees it half-written.

use crate::bank::Question;
use crate::bank::embedded::EMBEDDED_FILES;
use crate::render;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `<cache>/answers/<id>.md` with the question, its full answer and examples.
pub fn write_answer_page(cache: &Path, question: &Question) -> io::Result<PathBuf> {
    let path = cache
        .join("answers")
        .join(format!("{}.md", file_stem(&question.id)));
    replace(&path, render::answer_page(question).as_bytes())?;
    Ok(path)
}

/// `<cache>/stats.md`.
pub fn write_stats_page(cache: &Path, markdown: &str) -> io::Result<PathBuf> {
    let path = cache.join("stats.md");
    replace(&path, markdown.as_bytes())?;
    Ok(path)
}

/// The folder the embedded bank is copied to: one per version, so an upgrade
/// never shows the old wording at the new line numbers.
pub fn embedded_bank_dir(cache: &Path) -> PathBuf {
    cache.join("bank").join(env!("CARGO_PKG_VERSION"))
}

/// Copies the embedded bank under [`embedded_bank_dir`], skipping files that
/// are already there with the same text. Returns that folder.
pub fn export_embedded_bank(cache: &Path) -> io::Result<PathBuf> {
    let root = embedded_bank_dir(cache);
    for (relative, text) in EMBEDDED_FILES {
        let path = root.join(relative);
        if fs::read(&path).is_ok_and(|existing| existing == text.as_bytes()) {
            continue;
        }
        replace(&path, text.as_bytes())?;
    }
    Ok(root)
}

/// The file a question lives in: its copy under the exported bank for
/// built-in questions, the file on disk for the user's own.
pub fn question_file(cache: &Path, question: &Question) -> PathBuf {
    let source = &question.source.path;
    if EMBEDDED_FILES.iter().any(|(path, _)| path == source) {
        embedded_bank_dir(cache).join(source)
    } else {
        std::path::absolute(source).unwrap_or_else(|_| PathBuf::from(source))
    }
}

/// Ids are validated by the bank parser (`[a-z0-9-]`), but a file name must
/// never escape the folder whatever the bank says.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other(format!("{} has no folder", path.display())))?;
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;

    #[test]
    fn the_exported_bank_puts_every_question_at_its_heading() {
        let cache = tempfile::tempdir().unwrap();
        export_embedded_bank(cache.path()).unwrap();
        // A second export finds everything in place.
        export_embedded_bank(cache.path()).unwrap();
        let bank = Bank::load(&[]);
        for question in bank.questions() {
            let file = question_file(cache.path(), question);
            let text = fs::read_to_string(&file).unwrap();
            let line = text.lines().nth(question.source.line as usize - 1).unwrap();
            // Headings may escape Markdown (`\_\_name\_\_`); titles are unescaped.
            assert_eq!(
                line.replace('\\', ""),
                format!("## {}", question.title.replace('\\', "")),
                "{}",
                file.display()
            );
        }
    }

    #[test]
    fn answer_pages_hold_the_full_answer_and_stay_in_their_folder() {
        let cache = tempfile::tempdir().unwrap();
        let bank = Bank::load(&[]);
        let question = &bank.questions()[0];
        let page = write_answer_page(cache.path(), question).unwrap();
        assert_eq!(page.parent().unwrap(), cache.path().join("answers"));
        let text = fs::read_to_string(page).unwrap();
        assert!(text.starts_with(&format!("# {}", question.title)));
        assert!(text.contains(question.answer.trim()));
        assert_eq!(file_stem("../../etc/passwd"), "______etc_passwd");
    }
}
