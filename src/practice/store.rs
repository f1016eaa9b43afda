//! `progress.json`: the user's cards, kept safe.
//!
//! - **Versioned.** The file carries `"version"`; a file from a newer
//!   interview-ls is left alone and reported, never downgraded.
//! - **Atomic.** Every write goes to a temporary file in the same folder,
//!   is fsynced, renamed over `progress.json`, and the folder is fsynced, so a
//!   crash leaves either the old or the new file, never half of one.
//! - **Locked.** Read-modify-write happens under an advisory lock
//!   (`flock`/`LockFileEx` through `fd-lock`) on a separate `progress.lock`;
//!   locking `progress.json` itself would not work because each write
//!   replaces that file with a new one. Two editors grading at once both land.
//! - **Never silently overwritten.** A file that cannot be read or parsed is
//!   moved aside as `progress.json.corrupt-<timestamp>` and the caller gets a
//!   [`MovedAside`] to report; practice then starts from a fresh file.

use super::scheduler::{self, CardRecord, Rating};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
pub const FILE_NAME: &str = "progress.json";
const LOCK_NAME: &str = "progress.lock";

/// Everything remembered about the user's practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Question id → card. Sorted, so the file diffs well.
    #[serde(default)]
    pub cards: BTreeMap<String, CardRecord>,
    /// Local day → number of grades given that day, for streaks.
    #[serde(default)]
    pub days: BTreeMap<NaiveDate, u32>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: SCHEMA_VERSION,
            cards: BTreeMap::new(),
            days: BTreeMap::new(),
        }
    }
}

impl Progress {
    /// Grades `id` at `now` (on the user's day `today`) and returns its new card.
    pub fn record_grade(
        &mut self,
        id: &str,
        rating: Rating,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> CardRecord {
        let card = scheduler::grade(self.cards.get(id), rating, now);
        self.cards.insert(id.to_string(), card.clone());
        *self.days.entry(today).or_insert(0) += 1;
        card
    }
}

/// A result, plus the corrupt file that had to be moved aside to get it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    pub value: T,
    pub moved_aside: Option<MovedAside>,
}

/// A progress file that could not be read and was renamed so it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedAside {
    pub original: PathBuf,
    pub moved_to: PathBuf,
    pub reason: String,
}

impl fmt::Display for MovedAside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "progress file {} could not be read ({}); it was kept as {} and practice starts afresh",
            self.original.display(),
            self.reason,
            self.moved_to.display()
        )
    }
}

#[derive(Debug)]
pub enum StoreError {
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// Written by a newer interview-ls; we must not touch it.
    NewerVersion { path: PathBuf, found: u64 },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            StoreError::NewerVersion { path, found } => write!(
                f,
                "{} has schema version {found}, newer than this interview-ls understands ({SCHEMA_VERSION}); update interview-ls (the file was left untouched)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The progress file in one data folder.
#[derive(Debug, Clone)]
pub struct ProgressStore {
    dir: PathBuf,
}

impl ProgressStore {
    pub fn new(dir: impl Into<PathBuf>) -> ProgressStore {
        ProgressStore { dir: dir.into() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The current progress (empty when there is no file yet). Reading
    /// creates nothing: with no progress file there is nothing to lock.
    pub fn load(&self) -> Result<Outcome<Progress>, StoreError> {
        if !self.path().exists() {
            return Ok(Outcome {
                value: Progress::default(),
                moved_aside: None,
            });
        }
        self.locked(|_, progress| Ok((progress.clone(), false)))
    }

    /// Applies `change` to the progress and writes it back, all under the lock.
    pub fn update<R>(
        &self,
        change: impl FnOnce(&mut Progress) -> R,
    ) -> Result<Outcome<R>, StoreError> {
        self.locked(|_, progress| Ok((change(progress), true)))
    }

    /// Forgets everything: the current file is renamed to
    /// `progress.json.reset-<timestamp>` (so a mistaken reset can be undone
    /// by renaming it back). Returns the number of cards it held and the backup.
    pub fn reset_all(&self) -> Result<Outcome<(usize, Option<PathBuf>)>, StoreError> {
        self.locked(|store, progress| {
            let count = progress.cards.len();
            let path = store.path();
            if !path.exists() {
                return Ok(((count, None), false));
            }
            let backup = aside_path(&path, "reset");
            fs::rename(&path, &backup).map_err(io_error("rename", &path))?;
            sync_dir(&store.dir).map_err(io_error("sync", &store.dir))?;
            *progress = Progress::default();
            Ok(((count, Some(backup)), false))
        })
    }

    /// Runs `f` with the lock held on the current progress; writes the
    /// progress back when `f` says so.
    fn locked<R>(
        &self,
        f: impl FnOnce(&ProgressStore, &mut Progress) -> Result<(R, bool), StoreError>,
    ) -> Result<Outcome<R>, StoreError> {
        fs::create_dir_all(&self.dir).map_err(io_error("create", &self.dir))?;
        let lock_path = self.dir.join(LOCK_NAME);
        let lock_file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(io_error("open", &lock_path))?;
        let mut lock = fd_lock::RwLock::new(lock_file);
        // Blocks until the other holder is done; holders only read, change
        // and rename a small file, so waits are milliseconds.
        let _guard = lock.write().map_err(io_error("lock", &lock_path))?;
        let (mut progress, moved_aside) = self.read()?;
        let (value, write) = f(self, &mut progress)?;
        if write {
            self.write(&progress)?;
        }
        Ok(Outcome { value, moved_aside })
    }

    /// Reads the file; a missing file is empty progress, an unreadable or
    /// corrupt one is moved aside. Call with the lock held.
    fn read(&self) -> Result<(Progress, Option<MovedAside>), StoreError> {
        let path = self.path();
        let reason = match fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(progress) => return Ok((progress, None)),
                Err(Parsed::Newer(found)) => return Err(StoreError::NewerVersion { path, found }),
                Err(Parsed::Corrupt(reason)) => reason,
            },
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok((Progress::default(), None));
            }
            Err(err) => format!("cannot read it: {err}"),
        };
        let moved_to = aside_path(&path, "corrupt");
        fs::rename(&path, &moved_to).map_err(io_error("move aside", &path))?;
        sync_dir(&self.dir).map_err(io_error("sync", &self.dir))?;
        Ok((
            Progress::default(),
            Some(MovedAside {
                original: path,
                moved_to,
                reason,
            }),
        ))
    }

    /// Temp file, fsync, rename, fsync the folder. Call with the lock held.
    fn write(&self, progress: &Progress) -> Result<(), StoreError> {
        let path = self.path();
        let mut text = serde_json::to_vec_pretty(progress).map_err(|e| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: io::Error::other(e),
        })?;
        text.push(b'\n');
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir)
            .map_err(io_error("create a file in", &self.dir))?;
        temp.write_all(&text)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(io_error("write", temp.path()))?;
        temp.persist(&path)
            .map_err(|e| io_error("replace", &path)(e.error))?;
        sync_dir(&self.dir).map_err(io_error("sync", &self.dir))
    }
}

enum Parsed {
    Newer(u64),
    Corrupt(String),
}

fn parse(bytes: &[u8]) -> Result<Progress, Parsed> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Parsed::Corrupt(format!("invalid JSON: {e}")))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| Parsed::Corrupt("no schema version".to_string()))?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(Parsed::Newer(version));
    }
    serde_json::from_value(value).map_err(|e| Parsed::Corrupt(e.to_string()))
}

/// `progress.json.<why>-20260110T090000Z`, with `-1`, `-2`… if that exists.
fn aside_path(path: &Path, why: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.{why}-{stamp}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Makes a rename durable: on POSIX the new directory entry is only on disk
/// once the directory itself is fsynced. Windows has no directory handles to
/// sync, and its `MoveFileEx` already writes through.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
    }

    fn today() -> NaiveDate {
        now().date_naive()
    }

    #[test]
    fn a_missing_file_is_empty_progress_and_updates_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path().join("nested"));
        assert_eq!(store.load().unwrap().value, Progress::default());
        store
            .update(|p| p.record_grade("q1", Rating::Good, now(), today()))
            .unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.moved_aside, None);
        assert_eq!(loaded.value.cards["q1"].reps, 1);
        assert_eq!(loaded.value.days[&today()], 1);
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"version\": 1"), "{text}");
    }

    #[test]
    fn writes_leave_no_temporary_files_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        for _ in 0..5 {
            store
                .update(|p| p.record_grade("q", Rating::Hard, now(), today()))
                .unwrap();
        }
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [FILE_NAME, LOCK_NAME]);
    }

    /// Readers that take no lock (another program, an older build) still never
    /// see a half-written file, because writes are renames.
    #[test]
    fn a_reader_never_sees_a_partial_file_while_writers_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        store.update(|_| ()).unwrap();
        let done = Arc::new(AtomicBool::new(false));
        let reader = {
            let path = store.path();
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut reads = 0;
                while !done.load(Ordering::SeqCst) {
                    let bytes = fs::read(&path).unwrap();
                    assert!(parse(&bytes).is_ok(), "partial file seen");
                    reads += 1;
                }
                reads
            })
        };
        for i in 0..100 {
            store
                .update(|p| p.record_grade(&format!("q{}", i % 7), Rating::Good, now(), today()))
                .unwrap();
        }
        done.store(true, Ordering::SeqCst);
        assert!(reader.join().unwrap() > 0);
    }

    /// Separate `ProgressStore`s open separate lock handles, as two processes
    /// would; `flock` excludes between open file descriptions.
    #[test]
    fn concurrent_updates_from_separate_handles_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let store = ProgressStore::new(dir.path());
                std::thread::spawn(move || {
                    for _ in 0..25 {
                        store
                            .update(|p| {
                                p.record_grade(&format!("q{t}"), Rating::Good, now(), today())
                            })
                            .unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let progress = ProgressStore::new(dir.path()).load().unwrap().value;
        assert_eq!(progress.days[&today()], 200);
        for t in 0..8 {
            assert_eq!(progress.cards[&format!("q{t}")].reps, 25);
        }
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_with_its_bytes_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        fs::write(store.path(), b"{\"version\": 1, \"cards\": {\"q\": 42}").unwrap();
        let loaded = store.load().unwrap();
        let moved = loaded.moved_aside.expect("reported");
        assert_eq!(moved.original, store.path());
        assert!(
            moved
                .moved_to
                .to_string_lossy()
                .contains("progress.json.corrupt-"),
            "{moved:?}"
        );
        assert_eq!(
            fs::read(&moved.moved_to).unwrap(),
            b"{\"version\": 1, \"cards\": {\"q\": 42}"
        );
        assert!(moved.to_string().contains("invalid JSON"), "{moved}");
        assert_eq!(loaded.value, Progress::default());
        // Reporting happens once: the next read sees no file and no problem.
        assert_eq!(store.load().unwrap().moved_aside, None);
    }

    #[test]
    fn wrong_shapes_and_missing_versions_are_corrupt_too() {
        for text in ["[]", "{}", "{\"version\": 1, \"cards\": {\"q\": 1}}", ""] {
            let dir = tempfile::tempdir().unwrap();
            let store = ProgressStore::new(dir.path());
            fs::write(store.path(), text).unwrap();
            let outcome = store.update(|_| ()).unwrap();
            assert!(outcome.moved_aside.is_some(), "{text:?} was accepted");
        }
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        let text = "{\"version\": 99, \"cards\": {}, \"future\": true}";
        fs::write(store.path(), text).unwrap();
        let err = store
            .update(|p| p.record_grade("q", Rating::Good, now(), today()))
            .unwrap_err();
        assert!(err.to_string().contains("schema version 99"), "{err}");
        assert_eq!(fs::read_to_string(store.path()).unwrap(), text);
    }

    #[test]
    fn reset_all_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        store
            .update(|p| p.record_grade("q", Rating::Good, now(), today()))
            .unwrap();
        let (count, backup) = store.reset_all().unwrap().value;
        assert_eq!(count, 1);
        let backup = backup.expect("a backup");
        assert!(fs::read_to_string(backup).unwrap().contains("\"q\""));
        assert!(store.load().unwrap().value.cards.is_empty());
    }
}
