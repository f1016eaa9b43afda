//! The store's behaviour on real files in temporary folders.
use super::files::is_symlink;
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
                        .update(|p| p.record_grade(&format!("q{t}"), Rating::Good, now(), today()))
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
fn unknown_fields_survive_a_write_and_old_versions_are_written_as_current() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::new(dir.path());
    let text = r#"{"version": 0, "cards": {}, "plugin": {"theme": "dark"}, "notes": [1, 2]}"#;
    fs::write(store.path(), text).unwrap();
    store
        .update(|p| p.record_grade("q", Rating::Good, now(), today()))
        .unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(store.path()).unwrap()).unwrap();
    assert_eq!(written["plugin"]["theme"], "dark", "{written}");
    assert_eq!(written["notes"], serde_json::json!([1, 2]), "{written}");
    assert_eq!(written["version"], SCHEMA_VERSION, "{written}");
    assert_eq!(written["cards"]["q"]["reps"], 1, "{written}");
}

#[test]
fn a_version_past_u64_is_newer_not_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::new(dir.path());
    let text = r#"{"version": 99999999999999999999, "cards": {}}"#;
    fs::write(store.path(), text).unwrap();
    let err = store.load().unwrap_err();
    assert!(matches!(err, StoreError::NewerVersion { .. }), "{err}");
    assert_eq!(fs::read_to_string(store.path()).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn a_read_error_is_reported_and_the_file_stays() {
    // A link to itself cannot be read (ELOOP) whoever runs the test,
    // unlike a mode-000 file, which root reads anyway.
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::new(dir.path());
    std::os::unix::fs::symlink(FILE_NAME, store.path()).unwrap();
    for err in [store.load().unwrap_err(), store.update(|_| ()).unwrap_err()] {
        assert!(
            matches!(err, StoreError::Io { action: "read", .. }),
            "{err}"
        );
        assert!(err.to_string().starts_with("cannot read "), "{err}");
    }
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("corrupt")), "{names:?}");
    assert!(is_symlink(&store.path()));
}

#[cfg(unix)]
#[test]
fn a_linked_progress_file_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    fs::create_dir(&dotfiles).unwrap();
    fs::write(dotfiles.join("progress.json"), r#"{"version": 1}"#).unwrap();
    let store = ProgressStore::new(dir.path().join("data"));
    fs::create_dir(dir.path().join("data")).unwrap();
    std::os::unix::fs::symlink("../dotfiles/progress.json", store.path()).unwrap();
    store
        .update(|p| p.record_grade("q", Rating::Good, now(), today()))
        .unwrap();
    assert!(is_symlink(&store.path()));
    let target = fs::read_to_string(dotfiles.join("progress.json")).unwrap();
    assert!(target.contains("\"q\""), "{target}");

    // A reset keeps the link too: the backup is a copy.
    let (count, backup) = store.reset_all().unwrap().value;
    assert_eq!(count, 1);
    assert!(is_symlink(&store.path()));
    assert!(
        fs::read_to_string(backup.unwrap())
            .unwrap()
            .contains("\"q\"")
    );
    assert!(store.load().unwrap().value.cards.is_empty());
    let names: Vec<_> = fs::read_dir(&dotfiles).unwrap().collect();
    assert_eq!(
        names.len(),
        1,
        "no temporary file left in the target's folder"
    );
}

#[test]
fn temporaries_of_killed_writes_are_removed_by_the_next_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::new(dir.path());
    store.update(|_| ()).unwrap();
    let leftover = dir.path().join(".progress.json.Xy12Ab.tmp");
    fs::write(&leftover, "{\"version\": 1, \"ca").unwrap();
    store.load().unwrap();
    assert!(!leftover.exists());
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
