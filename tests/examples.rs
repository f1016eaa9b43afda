//! Runs every Python block of the built-in bank for real.
//!
//! The blocks come from the same parser the server uses, so what is tested
//! is exactly what ships. They run in a virtualenv built under `target/` from
//! the pinned `tests/examples/requirements.txt` (rebuilt when that file
//! changes), through `tests/examples/run_examples.py`, with warnings as
//! errors. Blocks marked `needs=postgres`/`needs=redis` run against the
//! servers named by `DATABASE_URL`/`REDIS_URL` and are listed as skipped
//! without them; with `INTERVIEW_LS_REQUIRE_SERVICES=1` (CI) a skip fails.

#[path = "support/python.rs"]
mod python;

use interview_ls::bank::Bank;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blocks(bank: &Bank) -> Vec<Value> {
    let mut blocks = Vec::new();
    let attrs = |pairs: &[(String, String)]| -> Value {
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    for q in bank.questions() {
        for example in &q.examples {
            blocks.push(json!({"file": q.source.path, "line": example.line, "kind": "example", "code": example.code, "attrs": attrs(&example.attrs)}));
        }
        for snippet in &q.snippets {
            blocks.push(json!({"file": q.source.path, "line": snippet.line, "kind": "snippet", "id": snippet.id, "code": snippet.code, "attrs": attrs(&snippet.attrs)}));
            // The inserted form (imports + body) must run on its own too.
            let inserted = format!("{}\n\n{}", snippet.imports.join("\n"), snippet.body);
            blocks.push(json!({"file": q.source.path, "line": snippet.line, "kind": "snippet", "id": format!("{} (as inserted)", snippet.id), "code": inserted, "attrs": attrs(&snippet.attrs)}));
        }
    }
    blocks
}

#[test]
fn every_python_block_in_the_bank_runs() {
    let bank = Bank::load(&[]);
    assert!(
        bank.errors().is_empty(),
        "bank errors: {:#?}",
        bank.errors()
    );
    let blocks = blocks(&bank);
    assert!(!blocks.is_empty(), "the bank has no Python blocks");
    let python = python::examples_python();
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("blocks.json");
    std::fs::write(&list, serde_json::to_vec(&blocks).expect("json")).expect("write blocks");
    let mut command = Command::new(python);
    command
        .arg(root().join("tests/examples/run_examples.py"))
        .arg("--blocks")
        .arg(&list)
        .current_dir(Path::new(&root()));
    if std::env::var("INTERVIEW_LS_REQUIRE_SERVICES").is_ok_and(|v| v == "1") {
        command.arg("--require-services");
    }
    let output = command.output().expect("run the example runner");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Show the per-block lines and the summary (`examples: N passed, …`).
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "some bank examples failed; see the `=== FAIL file:line` sections above"
    );
}
