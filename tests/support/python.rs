//! What the end-to-end tests check about Python text the server produced:
//! applying LSP text edits the way a client does, parsing with tree-sitter,
//! and running the result in the examples' virtualenv.
//!
//! Included with `#[path]` by the tests that need it, so the shared
//! `support/mod.rs` stays as it is.
#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// Applies LSP `TextEdit`s (UTF-16 positions) to `text`, as a client does:
/// all ranges refer to the original text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut resolved: Vec<(usize, usize, usize, String)> = edits
        .iter()
        .enumerate()
        .map(|(i, edit)| {
            let start = offset(text, &edit["range"]["start"]);
            let end = offset(text, &edit["range"]["end"]);
            let new_text = edit["newText"].as_str().expect("newText").to_string();
            (start, end, i, new_text)
        })
        .collect();
    // Back to front, so earlier offsets stay valid; same-position inserts
    // keep their array order.
    resolved.sort_by_key(|e| std::cmp::Reverse((e.0, e.2)));
    let mut out = text.to_string();
    let mut previous_start = usize::MAX;
    for (start, end, _, new_text) in resolved {
        assert!(end <= previous_start, "overlapping edits: {edits:?}");
        out.replace_range(start..end, &new_text);
        previous_start = start;
    }
    out
}

/// The byte offset of an LSP position (UTF-16 columns).
pub fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The edits of a `WorkspaceEdit` for one document (`changes` form).
pub fn edits_for(workspace_edit: &Value, uri: &str) -> Vec<Value> {
    workspace_edit["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("no edits for {uri} in {workspace_edit}"))
        .clone()
}

/// Panics with the text when tree-sitter finds a syntax error.
pub fn assert_parses(text: &str) {
    let tree = interview_ls::python::syntax::parse(text, None).expect("parser");
    assert!(
        !tree.root_node().has_error(),
        "the result does not parse:\n{text}"
    );
}

/// The python of the examples' virtualenv (Flask, FastAPI, SQLAlchemy,
/// PyJWT… pinned in `tests/examples/requirements.txt`), built under `target/`
/// on first use and rebuilt when the pins change. Tests in several binaries
/// may ask at once, so the build holds a lock file; a failed build fails the
/// test, never skips it.
pub fn examples_python() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let requirements = root.join("tests/examples/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).expect("requirements.txt");
    let venv = root.join("target/examples-venv");
    let stamp = venv.join("requirements.stamp");
    let python = venv.join("bin/python");
    std::fs::create_dir_all(root.join("target")).expect("target/");
    let lock_file =
        std::fs::File::create(root.join("target/examples-venv.lock")).expect("lock file");
    let mut lock = fd_lock::RwLock::new(lock_file);
    let _guard = lock.write().expect("lock the examples venv");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(pinned.as_str()) && python.exists() {
        return python;
    }
    let base = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run(Command::new(base)
        .args(["-m", "venv", "--clear"])
        .arg(&venv));
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements));
    std::fs::write(&stamp, pinned).expect("write stamp");
    python
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(status.success(), "{command:?} failed with {status}");
}

/// Runs `text` as a module (named `__example__`, so `if __name__ ==
/// "__main__":` blocks stay off, as in the example runner) in a fresh
/// folder with warnings as errors, in the examples' virtualenv.
pub fn assert_runs(text: &str) {
    let python = examples_python();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("app.py"), text).expect("write app.py");
    let output = Command::new(python)
        .args([
            "-W",
            "error",
            "-c",
            "import runpy; runpy.run_path('app.py', run_name='__example__')",
        ])
        .current_dir(dir.path())
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "the result does not run:\n{text}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs ruff, pinned in the examples' virtualenv, with only the rules that
/// an insertion or a quick fix must never break: I001 (imports sorted in
/// their sections) and F811 (nothing defined twice). Each `(name, text)`
/// is written as `name` in a fresh folder; any finding fails with ruff's
/// report and the text of the file it is about. A missing ruff fails too.
pub fn assert_ruff_clean(files: &[(String, String)]) {
    let python = examples_python();
    let ruff = python.with_file_name("ruff");
    assert!(
        ruff.exists(),
        "{} is missing: tests/examples/requirements.txt pins ruff",
        ruff.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a file for ruff");
    }
    let output = Command::new(&ruff)
        .args([
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "I001,F811",
            "--output-format",
            "concise",
            ".",
        ])
        .current_dir(dir.path())
        .output()
        .expect("run ruff");
    if output.status.success() {
        return;
    }
    let report = String::from_utf8_lossy(&output.stdout);
    let texts: String = files
        .iter()
        .filter(|(name, _)| report.contains(name.as_str()))
        .map(|(name, text)| format!("--- {name} ---\n{text}\n"))
        .collect();
    panic!(
        "ruff finds problems:\n{report}{}\n{texts}",
        String::from_utf8_lossy(&output.stderr)
    );
}
