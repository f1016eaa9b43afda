//! The progress store's edges through the real binary: a file that cannot
//! be read is reported and left alone, a linked `progress.json` stays a
//! link, fields from a newer build survive a grade, and the temporary files
//! of killed writes are gone after the next start.
#![cfg(unix)]

mod support;

use serde_json::{Value, json};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use support::{LspClient, Start, run_cli_unprivileged};

fn server(data: &Path) -> LspClient {
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.to_path_buf()),
        ..Start::default()
    });
    client.initialize();
    client
}

fn grade(client: &mut LspClient, id: &str) -> Value {
    client.request(
        "workspace/executeCommand",
        json!({"command": "interview.grade", "arguments": [{"id": id, "rating": "good"}]}),
    )
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_unreadable_progress_file_is_reported_not_moved_aside() {
    let data = tempfile::tempdir().unwrap();
    // The folder is open to all, so only the file's own mode stops the read.
    fs::set_permissions(data.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let file = data.path().join("progress.json");
    let text = r#"{"version": 1, "cards": {}}"#;
    fs::write(&file, text).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();

    let (code, _, stderr) =
        run_cli_unprivileged(&["stats", "--json"], &[("INTERVIEW_LS_DATA", data.path())]);
    assert_eq!(code, 1, "{stderr}");
    let expected = format!("cannot read {}: Permission denied", file.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!stderr.contains("afresh"), "{stderr}");
    let names = names_in(data.path());
    assert!(!names.iter().any(|n| n.contains("corrupt")), "{names:?}");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
}

/// In the editor: a read error (a link to itself, which no user can read)
/// is an error message at start and on a grade, and the link stays.
#[test]
fn the_server_reports_a_read_error_and_moves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    symlink("progress.json", &file).unwrap();

    let mut client = server(data.path());
    let shown = client.wait_for("window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("cannot read {}", file.display())),
        "{message}"
    );
    let response = grade(&mut client, "flask-blueprints");
    let error = response["error"]["message"].as_str().unwrap_or_default();
    assert!(error.contains("cannot read"), "{response}");
    assert!(
        fs::symlink_metadata(&file)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let names = names_in(data.path());
    assert!(!names.iter().any(|n| n.contains("corrupt")), "{names:?}");
}

#[test]
fn a_linked_progress_file_stays_a_link_after_a_grade() {
    let root = tempfile::tempdir().unwrap();
    let dotfiles = root.path().join("dotfiles");
    let data = root.path().join("data");
    fs::create_dir(&dotfiles).unwrap();
    fs::create_dir(&data).unwrap();
    let target = dotfiles.join("interview-progress.json");
    fs::write(&target, r#"{"version": 1, "cards": {}}"#).unwrap();
    let link = data.join("progress.json");
    symlink("../dotfiles/interview-progress.json", &link).unwrap();

    let mut client = server(&data);
    let response = grade(&mut client, "flask-blueprints");
    assert!(response.get("error").is_none(), "{response}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "progress.json was replaced by a regular file"
    );
    let written: Value = serde_json::from_str(&fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["cards"]["flask-blueprints"]["reps"], 1, "{written}");
    assert_eq!(names_in(&dotfiles), ["interview-progress.json"]);
}

#[test]
fn fields_from_a_newer_build_survive_a_grade() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("progress.json");
    fs::write(
        &file,
        r#"{"version": 1, "cards": {}, "extra_field_from_plugin": {"keep": [1, 2, 3]}}"#,
    )
    .unwrap();
    let mut client = server(data.path());
    let response = grade(&mut client, "flask-blueprints");
    assert!(response.get("error").is_none(), "{response}");
    let written: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        written["extra_field_from_plugin"],
        json!({"keep": [1, 2, 3]}),
        "{written}"
    );
    assert_eq!(written["cards"]["flask-blueprints"]["reps"], 1, "{written}");
}

#[test]
fn temporary_files_of_killed_writes_are_gone_after_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "cards": {}}"#,
    )
    .unwrap();
    // What a write killed between creating its temporary file and renaming
    // it leaves behind, plus files that are not ours and must stay.
    for name in [".progress.json.a1B2c3.tmp", ".progress.json.Zz9Yy8.tmp"] {
        fs::write(data.path().join(name), r#"{"version": 1, "ca"#).unwrap();
    }
    fs::write(data.path().join("notes.tmp"), "mine").unwrap();

    let mut client = server(data.path());
    // The start-up check has run once the first command is answered.
    client.call(
        "workspace/executeCommand",
        json!({"command": "interview.stats", "arguments": [{"open": false}]}),
    );
    let names = names_in(data.path());
    eprintln!("after the start: {names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with(".progress.json.")),
        "{names:?}"
    );
    assert!(names.contains(&"notes.tmp".to_string()), "{names:?}");
    assert!(names.contains(&"progress.json".to_string()), "{names:?}");
}
