//! The file-system side of the progress store: where `progress.json`'s bytes
//! really live, replacing them atomically, and tidying up after crashes.
//! Everything here is called with the store's lock held.

use super::{StoreError, io_error};
use chrono::Utc;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Temporary files are `.<file name>.<random>.tmp` next to the file they
/// replace; only names of this shape are ever cleaned up.
const TEMP_SUFFIX: &str = ".tmp";
/// How many symbolic links are followed to find where a file lives (the
/// kernel's own limit is 40).
const MAX_LINKS: usize = 40;

/// Where the bytes of `path` live: `path` itself, or the end of its chain of
/// symbolic links (which need not exist yet), so that a write replaces the
/// target and keeps the link. A loop gives `path` back: reading it fails
/// before anything is written.
pub(super) fn link_target(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::read_link(&current) {
            // A relative target is relative to the link's folder.
            Ok(next) => current = folder_of(&current).join(next),
            Err(_) => return current,
        }
    }
    path.to_path_buf()
}

/// Temp file, fsync, rename over `target`, fsync the folder: a crash leaves
/// the old bytes or the new ones, never half of them.
pub(super) fn replace_atomically(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let folder = folder_of(target);
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(target))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder)
        .map_err(io_error("create a file in", folder))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(io_error("write", temp.path()))?;
    temp.persist(target)
        .map_err(|e| io_error("replace", target)(e.error))?;
    sync_dir(folder).map_err(io_error("sync", folder))
}

/// Removes the temporary files that killed writes left next to `target`.
/// Best effort: a leftover that cannot be removed costs only its disk space
/// and must not stop practice.
pub(super) fn remove_leftover_temps(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_temp = name.len() > prefix.len() + TEMP_SUFFIX.len()
            && name.starts_with(&prefix)
            && name.ends_with(TEMP_SUFFIX);
        if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub(super) fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `progress.json.<why>-20260110T090000Z`, with `-1`, `-2`… if that exists.
pub(super) fn aside_path(path: &Path, why: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.{why}-{stamp}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while fs::symlink_metadata(&candidate).is_ok() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Makes a rename durable: on POSIX the new directory entry is only on disk
/// once the directory itself is fsynced. Windows has no directory handles to
/// sync, and its `MoveFileEx` already writes through.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
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

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// `.progress.json.` for `…/progress.json`.
fn temp_prefix(target: &Path) -> String {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn link_targets_follow_relative_and_absolute_chains_and_stop_at_loops() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles").join("progress.json");
        fs::create_dir(dir.path().join("dotfiles")).unwrap();
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        // data/progress.json → ../hop (relative) → …/dotfiles/progress.json (absolute, missing).
        symlink("../hop", data.join("progress.json")).unwrap();
        symlink(&real, dir.path().join("hop")).unwrap();
        assert_eq!(link_target(&data.join("progress.json")), real);
        assert_eq!(link_target(&real), real, "not a link");

        let looped = data.join("loop.json");
        symlink("loop.json", &looped).unwrap();
        assert_eq!(link_target(&looped), looped);
    }

    #[test]
    fn only_this_files_temporaries_are_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("progress.json");
        let names = [
            ".progress.json.a1B2c3.tmp",
            ".progress.json..tmp",
            ".other.json.a1B2c3.tmp",
            ".tmpa1B2c3",
            "progress.json.corrupt-20260101T000000Z",
        ];
        for name in names {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_leftover_temps(&target);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.json.a1B2c3.tmp",
                ".progress.json..tmp",
                ".tmpa1B2c3",
                "progress.json.corrupt-20260101T000000Z"
            ]
        );
    }
}
