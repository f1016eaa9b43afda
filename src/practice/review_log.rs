//! `review-log.jsonl`: every grade, one JSON object a line, beside
//! `progress.json`.
//!
//! The log is what true retention and the optimiser read; `progress.json`
//! only holds each card's latest state. It is written by
//! [`super::store::ProgressStore`] under the same lock as the progress, and
//! each line is fsynced before the progress file is replaced, so a grade in
//! the progress is always in the log (a crash between the two writes leaves
//! at most one line whose grade did not land).
//!
//! Appending cannot be atomic the way a rename is, so the format tolerates
//! the one thing a kill mid-write leaves: a last line without its newline.
//! Readers ignore it, and the next append cuts it off before writing, so
//! every complete line stays a whole record.

use super::scheduler::{CardRecord, Rating};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "review-log.jsonl";

/// One grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEntry {
    pub time: DateTime<Utc>,
    pub id: String,
    pub rating: Rating,
    /// The card before the grade; `None` the first time the question was graded.
    pub before: Option<CardRecord>,
    pub after: CardRecord,
    /// How long the answer took, from showing the question to the grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// The key points the user did not tick (empty when they ticked them
    /// all or graded without the checklist).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<String>,
}

/// What a read found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogContents {
    pub entries: Vec<ReviewEntry>,
    /// Complete lines that were not a review (edited by hand, another version).
    pub unreadable_lines: usize,
}

/// The log file in one data folder.
#[derive(Debug, Clone)]
pub struct ReviewLog {
    path: PathBuf,
}

impl ReviewLog {
    pub fn in_dir(dir: &Path) -> ReviewLog {
        ReviewLog {
            path: dir.join(FILE_NAME),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// [`Self::read`], with an error that names the file, for messages.
    pub fn read_or_say(&self) -> Result<LogContents, String> {
        self.read()
            .map_err(|e| format!("cannot read {}: {e}", self.path.display()))
    }

    /// Every complete, readable line; no file is an empty log.
    pub fn read(&self) -> io::Result<LogContents> {
        let text = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(LogContents::default()),
            Err(err) => return Err(err),
        };
        let complete = complete_prefix(&text);
        let mut contents = LogContents::default();
        for line in complete.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            match serde_json::from_slice(line) {
                Ok(entry) => contents.entries.push(entry),
                Err(_) => contents.unreadable_lines += 1,
            }
        }
        Ok(contents)
    }

    /// Appends `entry` and fsyncs it, first cutting off a torn last line.
    /// Call with the progress lock held.
    pub fn append(&self, entry: &ReviewEntry) -> io::Result<()> {
        let created = !self.path.exists();
        let mut file = self.open()?;
        let keep = complete_length(&mut file)?;
        file.set_len(keep)?;
        file.seek(SeekFrom::Start(keep))?;
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        file.write_all(&line)?;
        file.sync_data()?;
        if created {
            super::store::sync_folder(self.path.parent().unwrap_or(Path::new(".")))?;
        }
        Ok(())
    }

    /// Removes the last line when it is `entry` (an undone grade). Returns
    /// whether it was. Call with the progress lock held.
    pub fn remove_last(&self, entry: &ReviewEntry) -> io::Result<bool> {
        let Ok(mut file) = self.open() else {
            return Ok(false);
        };
        let keep = complete_length(&mut file)?;
        let mut text = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        Read::by_ref(&mut file).take(keep).read_to_end(&mut text)?;
        let body = &text[..text.len().saturating_sub(1)];
        let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let last: Option<ReviewEntry> = serde_json::from_slice(&body[start..]).ok();
        if last.as_ref() != Some(entry) {
            return Ok(false);
        }
        file.set_len(start as u64)?;
        file.sync_data()?;
        Ok(true)
    }

    fn open(&self) -> io::Result<File> {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&self.path)
    }
}

/// The bytes up to and including the last newline.
fn complete_prefix(text: &[u8]) -> &[u8] {
    let end = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    &text[..end]
}

/// The length of the file's complete lines (reads it backwards in blocks,
/// so a long log is not read whole to append one line).
fn complete_length(file: &mut File) -> io::Result<u64> {
    let len = file.metadata()?.len();
    let mut end = len;
    let mut block = [0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(block.len() as u64);
        let size = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block[..size])?;
        if let Some(i) = block[..size].iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Clock;
    use crate::practice::scheduler::Scheduler;
    use chrono::TimeZone;

    fn entry(id: &str, minute: u32) -> ReviewEntry {
        let now = Utc.with_ymd_and_hms(2026, 2, 1, 9, minute, 0).unwrap();
        let after = Scheduler::default().grade(None, Rating::Good, &Clock::at(now.fixed_offset()));
        ReviewEntry {
            time: now,
            id: id.into(),
            rating: Rating::Good,
            before: None,
            after,
            seconds: Some(12.5),
            missed: Vec::new(),
        }
    }

    #[test]
    fn entries_round_trip_one_line_each() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReviewLog::in_dir(dir.path());
        assert_eq!(log.read().unwrap(), LogContents::default());
        log.append(&entry("a", 1)).unwrap();
        log.append(&entry("b", 2)).unwrap();
        let text = fs::read_to_string(log.path()).unwrap();
        assert_eq!(text.lines().count(), 2);
        let read = log.read().unwrap();
        assert_eq!(read.entries, [entry("a", 1), entry("b", 2)]);
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_cut_off_by_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReviewLog::in_dir(dir.path());
        log.append(&entry("a", 1)).unwrap();
        let whole = serde_json::to_string(&entry("b", 2)).unwrap();
        let mut file = OpenOptions::new().append(true).open(log.path()).unwrap();
        file.write_all(&whole.as_bytes()[..whole.len() / 2])
            .unwrap();
        assert_eq!(log.read().unwrap().entries, [entry("a", 1)]);
        log.append(&entry("c", 3)).unwrap();
        let read = log.read().unwrap();
        assert_eq!(read.entries, [entry("a", 1), entry("c", 3)]);
        assert_eq!(read.unreadable_lines, 0);
    }

    #[test]
    fn only_the_matching_last_entry_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReviewLog::in_dir(dir.path());
        log.append(&entry("a", 1)).unwrap();
        let before = fs::read(log.path()).unwrap();
        log.append(&entry("b", 2)).unwrap();
        assert!(!log.remove_last(&entry("a", 1)).unwrap());
        assert!(log.remove_last(&entry("b", 2)).unwrap());
        assert_eq!(fs::read(log.path()).unwrap(), before);
        assert!(log.remove_last(&entry("a", 1)).unwrap());
        assert_eq!(fs::read(log.path()).unwrap(), b"");
    }

    #[test]
    fn hand_edited_lines_are_counted_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReviewLog::in_dir(dir.path());
        fs::write(log.path(), "not json\n").unwrap();
        log.append(&entry("a", 1)).unwrap();
        let read = log.read().unwrap();
        assert_eq!((read.entries.len(), read.unreadable_lines), (1, 1));
    }
}
