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
//!   A holder that keeps the lock past [`LOCK_WAIT`] (a suspended process) is
//!   an error for the waiter, never a wait forever.
//! - **Never silently overwritten.** A file that cannot be parsed is moved
//!   aside as `progress.json.corrupt-<timestamp>` and the caller gets a
//!   [`MovedAside`] to report; practice then starts from a fresh file. A file
//!   that cannot be *read* (permission denied, I/O error) is not corrupt: that
//!   is a [`StoreError::Io`], and the file is left where it is.
//! - **Links kept.** A `progress.json` that is a symbolic link (a dotfiles
//!   repository, a synced folder) is written through: the file it points to
//!   is replaced atomically and the link stays.
//! - **Forward compatible.** Top-level fields this build does not know (added
//!   by a newer build or another tool) are written back unchanged.
//! - **Self-cleaning.** Temporary files have a recognisable name, so those a
//!   killed write left behind are removed the next time the lock is taken.

mod files;

use super::Clock;
use super::review_log::{ReviewEntry, ReviewLog};
use super::scheduler::{CardRecord, Rating, Scheduler};
use chrono::{DateTime, NaiveDate, Utc};
use files::{aside_path, is_symlink, sync_dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
pub const FILE_NAME: &str = "progress.json";
const LOCK_NAME: &str = "progress.lock";

/// Top-level fields of the file this build does not know, kept so a write
/// puts them back.
type UnknownFields = serde_json::Map<String, serde_json::Value>;

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
    /// Local day → new questions first graded that day, for the daily limit.
    #[serde(default)]
    pub introduced: BTreeMap<NaiveDate, u32>,
    /// Question id → the local day it was skipped; it is back the day after.
    #[serde(default)]
    pub buried: BTreeMap<String, NaiveDate>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: SCHEMA_VERSION,
            cards: BTreeMap::new(),
            days: BTreeMap::new(),
            introduced: BTreeMap::new(),
            buried: BTreeMap::new(),
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
        let clock = Clock {
            now,
            today,
            day_end: Clock::at(now.fixed_offset()).day_end,
        };
        self.grade_card(&Scheduler::default(), id, rating, &clock).1
    }

    /// Grades `id` at the clock's time; returns its card before and after.
    pub fn grade_card(
        &mut self,
        scheduler: &Scheduler,
        id: &str,
        rating: Rating,
        clock: &Clock,
    ) -> (Option<CardRecord>, CardRecord) {
        let before = self.cards.get(id).cloned();
        let card = scheduler.grade(before.as_ref(), rating, clock);
        self.cards.insert(id.to_string(), card.clone());
        *self.days.entry(clock.today).or_insert(0) += 1;
        if before.is_none() {
            *self.introduced.entry(clock.today).or_insert(0) += 1;
        }
        self.buried.remove(id);
        (before, card)
    }

    /// Whether `id` was skipped today (it is back tomorrow).
    pub fn is_buried(&self, id: &str, today: NaiveDate) -> bool {
        self.buried.get(id).is_some_and(|&day| day >= today)
    }

    /// New questions first graded on `day`.
    pub fn introduced_on(&self, day: NaiveDate) -> u32 {
        self.introduced.get(&day).copied().unwrap_or(0)
    }
}

/// What a change does to the review log, alongside the progress.
#[derive(Debug, Clone, PartialEq)]
pub enum LogChange {
    Nothing,
    Append(ReviewEntry),
    /// Take back this entry if it is the last one (an undone grade).
    Remove(ReviewEntry),
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
    NewerVersion {
        path: PathBuf,
        found: serde_json::Number,
    },
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

/// How long to wait for another holder of `progress.lock`. Holders only
/// read, change and rename a small file, so real waits are milliseconds;
/// past this the holder is stuck (a suspended process, a hung network
/// folder) and the caller gets an error instead of waiting forever.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Paces the polls for a lock others hold. The wait ends in an error only
/// after [`LOCK_WAIT`] without progress: while the progress file keeps
/// changing, other holders are taking their turns (two editors grading at
/// once), and a waiter in that queue is not stuck.
struct LockWait {
    deadline: Instant,
    pause: Duration,
    /// The progress file whose changes show the holders are moving.
    watched: PathBuf,
    last_seen: Option<(SystemTime, u64)>,
}

impl LockWait {
    fn new(watched: PathBuf) -> LockWait {
        let last_seen = stamp(&watched);
        LockWait {
            deadline: Instant::now() + lock_wait(),
            pause: Duration::from_millis(1),
            watched,
            last_seen,
        }
    }

    /// Sleeps before the next attempt; an error once the wait is over.
    fn pause(&mut self) -> io::Result<()> {
        if Instant::now() >= self.deadline {
            let now_seen = stamp(&self.watched);
            if now_seen == self.last_seen {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another process (another interview-ls?) has held it for more than {} s",
                        lock_wait().as_secs_f64()
                    ),
                ));
            }
            self.last_seen = now_seen;
            self.deadline = Instant::now() + lock_wait();
        }
        std::thread::sleep(self.pause);
        self.pause = (self.pause * 2).min(Duration::from_millis(50));
        Ok(())
    }
}

/// When `path` was last written and its size; `None` when it cannot be read.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn lock_wait() -> Duration {
    #[cfg(feature = "test-hooks")]
    if let Some(ms) = std::env::var("INTERVIEW_LS_TEST_LOCK_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Duration::from_millis(ms);
    }
    LOCK_WAIT
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

    /// The review log beside the progress file.
    pub fn log(&self) -> ReviewLog {
        ReviewLog::in_dir(&self.dir)
    }

    /// The current progress (empty when there is no file yet). Reading
    /// creates nothing: with no progress file there is nothing to lock.
    pub fn load(&self) -> Result<Outcome<Progress>, StoreError> {
        // `symlink_metadata`, not `exists()`: a link loop or a path that
        // cannot be examined is not "no progress", it is an error to report.
        let missing = fs::symlink_metadata(self.path())
            .is_err_and(|err| err.kind() == io::ErrorKind::NotFound);
        if missing {
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

    /// Like [`ProgressStore::update`], and applies the change's
    /// [`LogChange`] to the review log under the same lock, before the
    /// progress is written: a grade in the progress is always in the log.
    pub fn update_logged<R>(
        &self,
        change: impl FnOnce(&mut Progress) -> (R, LogChange),
    ) -> Result<Outcome<R>, StoreError> {
        self.locked(|store, progress| {
            let (value, log_change) = change(progress);
            let log = store.log();
            let logged = match &log_change {
                LogChange::Nothing => Ok(()),
                LogChange::Append(entry) => log.append(entry),
                LogChange::Remove(entry) => log.remove_last(entry).map(|_| ()),
            };
            logged.map_err(io_error("write", log.path()))?;
            Ok((value, true))
        })
    }

    /// Forgets everything: the current file is renamed to
    /// `progress.json.reset-<timestamp>` (so a mistaken reset can be undone
    /// by renaming it back). Returns the number of cards it held and the backup.
    /// A linked `progress.json` keeps its link: the backup is a copy and the
    /// fresh file is written through the link.
    pub fn reset_all(&self) -> Result<Outcome<(usize, Option<PathBuf>)>, StoreError> {
        self.locked(|store, progress| {
            let count = progress.cards.len();
            let path = store.path();
            if !path.exists() {
                return Ok(((count, None), false));
            }
            let backup = aside_path(&path, "reset");
            if is_symlink(&path) {
                fs::copy(&path, &backup)
                    .and_then(|_| File::open(&backup)?.sync_all())
                    .map_err(io_error("copy", &path))?;
                sync_dir(&store.dir).map_err(io_error("sync", &store.dir))?;
                *progress = Progress::default();
                store.write(progress, &UnknownFields::new())?;
            } else {
                fs::rename(&path, &backup).map_err(io_error("rename", &path))?;
                sync_dir(&store.dir).map_err(io_error("sync", &store.dir))?;
                *progress = Progress::default();
            }
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
        let mut wait = LockWait::new(self.path());
        loop {
            match lock.try_write() {
                Ok(_guard) => return self.under_lock(f),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                    wait.pause().map_err(io_error("lock", &lock_path))?;
                }
                Err(err) => return Err(io_error("lock", &lock_path)(err)),
            }
        }
    }

    /// The body of [`ProgressStore::locked`], run with the lock held.
    fn under_lock<R>(
        &self,
        f: impl FnOnce(&ProgressStore, &mut Progress) -> Result<(R, bool), StoreError>,
    ) -> Result<Outcome<R>, StoreError> {
        // With the lock held no write is in flight, so every temporary file
        // is a leftover of a write that was killed.
        files::remove_leftover_temps(&files::link_target(&self.path()));
        let (mut progress, unknown, moved_aside) = self.read()?;
        let (value, write) = f(self, &mut progress)?;
        if write {
            self.write(&progress, &unknown)?;
        }
        Ok(Outcome { value, moved_aside })
    }

    /// Reads the file; a missing file is empty progress, a corrupt one is
    /// moved aside, one that cannot be read is an error (it may be fine once
    /// the permission or the disk is). Call with the lock held.
    fn read(&self) -> Result<(Progress, UnknownFields, Option<MovedAside>), StoreError> {
        let path = self.path();
        let reason = match fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok((progress, unknown)) => return Ok((progress, unknown, None)),
                Err(Parsed::Newer(found)) => return Err(StoreError::NewerVersion { path, found }),
                Err(Parsed::Corrupt(reason)) => reason,
            },
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok((Progress::default(), UnknownFields::new(), None));
            }
            // A folder where the file should be is in the way for good, like
            // bad JSON; moving it aside keeps it and lets practice go on.
            Err(err) if err.kind() == io::ErrorKind::IsADirectory => {
                "it is a folder, not a file".to_string()
            }
            Err(source) => {
                return Err(StoreError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        let moved_to = aside_path(&path, "corrupt");
        fs::rename(&path, &moved_to).map_err(io_error("move aside", &path))?;
        sync_dir(&self.dir).map_err(io_error("sync", &self.dir))?;
        Ok((
            Progress::default(),
            UnknownFields::new(),
            Some(MovedAside {
                original: path,
                moved_to,
                reason,
            }),
        ))
    }

    /// Replaces the file atomically where its bytes live (the link's target
    /// when `progress.json` is a link). Call with the lock held.
    fn write(&self, progress: &Progress, unknown: &UnknownFields) -> Result<(), StoreError> {
        let target = files::link_target(&self.path());
        let on_disk = OnDisk {
            progress: &Progress {
                version: SCHEMA_VERSION,
                ..progress.clone()
            },
            unknown,
        };
        let mut text = serde_json::to_vec_pretty(&on_disk).map_err(|e| StoreError::Io {
            action: "encode",
            path: target.clone(),
            source: io::Error::other(e),
        })?;
        text.push(b'\n');
        files::replace_atomically(&target, &text)
    }
}

/// Makes a new file's directory entry durable (the review log's first line).
pub(crate) fn sync_folder(dir: &Path) -> io::Result<()> {
    sync_dir(dir)
}

/// The file as written: the known fields in their order, then the unknown ones.
#[derive(Serialize)]
struct OnDisk<'a> {
    #[serde(flatten)]
    progress: &'a Progress,
    #[serde(flatten)]
    unknown: &'a UnknownFields,
}

enum Parsed {
    Newer(serde_json::Number),
    Corrupt(String),
}

fn parse(bytes: &[u8]) -> Result<(Progress, UnknownFields), Parsed> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Parsed::Corrupt(format!("invalid JSON: {e}")))?;
    let version = match value.get("version") {
        Some(serde_json::Value::Number(n)) => n.clone(),
        _ => return Err(Parsed::Corrupt("no schema version".to_string())),
    };
    match version.as_u64() {
        Some(v) if v > u64::from(SCHEMA_VERSION) => return Err(Parsed::Newer(version)),
        Some(_) => {}
        // Past u64, serde_json keeps the number as a float: still a whole
        // version number, and certainly a newer one.
        None if version
            .as_f64()
            .is_some_and(|v| v >= 2f64.powi(64) && v.fract() == 0.0) =>
        {
            return Err(Parsed::Newer(version));
        }
        None => return Err(Parsed::Corrupt(format!("invalid schema version {version}"))),
    }
    let unknown = unknown_fields(&value);
    let progress = serde_json::from_value(value).map_err(|e| Parsed::Corrupt(e.to_string()))?;
    Ok((progress, unknown))
}

/// The top-level fields `Progress` does not write itself.
fn unknown_fields(value: &serde_json::Value) -> UnknownFields {
    let known = match serde_json::to_value(Progress::default()) {
        Ok(serde_json::Value::Object(known)) => known,
        _ => UnknownFields::new(),
    };
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| !known.contains_key(*key))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

#[cfg(test)]
mod tests;
