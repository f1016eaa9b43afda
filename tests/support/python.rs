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

/// The virtualenv `tests/examples.rs` builds (Flask, FastAPI, SQLAlchemy,
/// PyJWT… pinned in `tests/examples/requirements.txt`), when it exists.
pub fn examples_python() -> Option<PathBuf> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/examples-venv/bin/python");
    python.exists().then_some(python)
}

/// Runs `text` as a module (named `__example__`, so `if __name__ ==
/// "__main__":` blocks stay off, as in the example runner) in a fresh
/// folder with warnings as errors. Without the virtualenv (run `cargo test
/// --test examples` once to build it) this only says so.
pub fn assert_runs(text: &str) {
    let Some(python) = examples_python() else {
        eprintln!(
            "skipped running the result: no target/examples-venv (cargo test --test examples builds it)"
        );
        return;
    };
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
