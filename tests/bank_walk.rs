//! Question folders that used to hang or empty the bank, through the real
//! binary: directory-symlink loops and a FIFO named `*.md` (the CLI and the
//! server both answer and report them), an unreadable sub-folder (reported
//! by its own path while the rest loads), and bytes that are not UTF-8.
#![cfg(unix)]

mod support;

use serde_json::{Value, json};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{LspClient, default_capabilities, run_cli, run_cli_unprivileged};

fn question(id: &str) -> String {
    format!(
        "## What is {id}?\n\n- id: {id}\n- difficulty: easy\n- frameworks: fastapi\n\n**In short:** s\n\nbody\n"
    )
}

/// One valid question, two links to the folder itself (which made the walk
/// 2^40 paths deep) and a FIFO named `x.md` (which blocked `read` forever).
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("q.md"), question("walk-survivor")).unwrap();
    symlink(".", root.join("a")).unwrap();
    symlink(".", root.join("b")).unwrap();
    let made = Command::new("mkfifo")
        .arg(root.join("x.md"))
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    dir
}

fn expected_problems(root: &Path) -> [String; 3] {
    [
        format!(
            "{}: error: symbolic link loop back to {}; not followed",
            root.join("a").display(),
            root.display()
        ),
        format!(
            "{}: error: symbolic link loop back to {}; not followed",
            root.join("b").display(),
            root.display()
        ),
        format!(
            "{}: error: not a regular file (a FIFO, socket or device); not read",
            root.join("x.md").display()
        ),
    ]
}

fn ids(list_json: &str) -> Vec<String> {
    let list: Value = serde_json::from_str(list_json).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn check_and_questions_answer_on_a_folder_with_link_loops_and_a_fifo() {
    let dir = hostile_folder();
    let root = dir.path().to_str().unwrap();

    let started = Instant::now();
    let (code, stdout, stderr) = run_cli(&["check", root]);
    eprintln!("check on the loop + FIFO folder: {:?}", started.elapsed());
    assert_eq!(code, 1, "{stdout}{stderr}");
    // Errors on stdout, like a compiler; the summary on stderr.
    let reported: Vec<&str> = stdout.lines().collect();
    assert_eq!(reported, expected_problems(dir.path()), "{stdout}");
    assert!(
        stderr.starts_with("1 question,") && stderr.contains("3 errors"),
        "{stderr}"
    );

    let started = Instant::now();
    let (code, stdout, stderr) = run_cli(&["--questions", root, "list", "--json"]);
    eprintln!("--questions list on it: {:?}", started.elapsed());
    assert_eq!(code, 0, "{stderr}");
    let ids = ids(&stdout);
    assert!(ids.iter().any(|id| id == "walk-survivor"));
    assert!(ids.len() > 1, "the built-in bank is there too");
    for problem in expected_problems(dir.path()) {
        assert!(stderr.contains(&problem), "{stderr}");
    }
}

#[test]
fn the_server_answers_initialize_and_logs_the_problems() {
    let dir = hostile_folder();
    let mut client = LspClient::start();
    let started = Instant::now();
    client.initialize_with(
        default_capabilities(),
        json!({"questionPaths": [dir.path()]}),
    );
    let took = started.elapsed();
    eprintln!("initialize with the loop + FIFO folder answered in {took:?}");
    let logs = client.log_messages(Duration::from_secs(1));
    for problem in expected_problems(dir.path()) {
        assert!(logs.contains(&problem), "{problem} not in {logs:#?}");
    }
    let shown = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.show", "arguments": [{"id": "walk-survivor", "open": false}]}),
    );
    assert_eq!(shown["question"]["id"], "walk-survivor", "{shown}");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn an_unreadable_sub_folder_is_reported_by_its_path_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    // `a` sorts first: it used to stop the walk before any other folder.
    for name in ["a", "b", "c", "d"] {
        fs::create_dir(root.join(name)).unwrap();
        fs::write(
            root.join(name).join("q.md"),
            question(&format!("walk-{name}")),
        )
        .unwrap();
    }
    fs::set_permissions(root.join("a"), fs::Permissions::from_mode(0o000)).unwrap();
    let folder = root.to_str().unwrap();

    let (code, stdout, stderr) = run_cli_unprivileged(&["check", folder], &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout.trim_end(),
        format!(
            "{}: error: cannot read: Permission denied (os error 13)",
            root.join("a").display()
        )
    );
    assert!(stderr.starts_with("3 questions,"), "{stderr}");

    let (code, stdout, _) = run_cli_unprivileged(&["--questions", folder, "list", "--json"], &[]);
    assert_eq!(code, 0);
    let ids = ids(&stdout);
    for id in ["walk-b", "walk-c", "walk-d"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing");
    }
    fs::set_permissions(root.join("a"), fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_file_with_bytes_that_are_not_utf8_still_loads_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = question("walk-latin1").into_bytes();
    text.extend_from_slice(b"Caf\xe9.\n");
    let file = dir.path().join("q.md");
    fs::write(&file, text).unwrap();
    let (code, stdout, stderr) = run_cli(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(&format!("{}:10:4: error: not UTF-8 text", file.display())),
        "{stdout}"
    );
    assert!(stderr.starts_with("1 question,"), "{stderr}");
}
