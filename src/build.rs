//! Build script: compiles every Markdown file under `questions/` into the binary.
//!
//! It writes `embedded_bank.rs` into `OUT_DIR`: a sorted table of
//! `(path, include_str!(...))` pairs. `include_str!` makes cargo rebuild when a
//! file changes, and `rerun-if-changed` on the folder catches added or removed
//! files. The script lives in `src/` to keep the repository's top level small.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `DirEntry::file_type` does not follow symbolic links: a link loop
        // cannot recurse forever, and only regular files reach `include_str!`
        // (a FIFO would block the compiler). The bank holds no links.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, out);
        } else if kind.is_file()
            && path.extension().is_some_and(|e| e == "md")
            && !path
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
        {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let questions = root.join("questions");
    println!("cargo::rerun-if-changed={}", questions.display());
    let mut files = Vec::new();
    collect(&questions, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        let shown = relative.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            table,
            "    ({shown:?}, include_str!({:?})),",
            file.to_string_lossy()
        );
    }
    table.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded_bank.rs");
    if let Err(err) = std::fs::write(&out, table) {
        panic!("cannot write {}: {err}", out.display());
    }
}
