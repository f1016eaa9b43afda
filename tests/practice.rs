//! Progress through the real binary: concurrent servers lose no grade, a
//! corrupt file is kept and reported, and the terminal quiz and stats share
//! the editor's progress file.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{LspClient, Start, run_cli, run_cli_with};

fn server(data: &Path) -> LspClient {
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.to_path_buf()),
        ..Start::default()
    });
    client.initialize();
    client
}

fn progress(data: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(data.join("progress.json")).unwrap()).unwrap()
}

fn question_ids() -> Vec<String> {
    let (code, stdout, stderr) = run_cli(&["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Value = serde_json::from_str(&stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

const QUESTIONS_PER_SERVER: usize = 10;
const GRADES_PER_QUESTION: usize = 15;

/// Two editors on one data folder, each grading its own questions with all
/// requests in flight at once: every grade must land (300 in all).
#[test]
fn two_servers_grading_concurrently_lose_no_grade() {
    let data = tempfile::tempdir().unwrap();
    let ids = question_ids();
    let started = Instant::now();
    let workers: Vec<_> = [0, 1]
        .into_iter()
        .map(|n| {
            let mine: Vec<String> =
                ids[n * QUESTIONS_PER_SERVER..(n + 1) * QUESTIONS_PER_SERVER].to_vec();
            let mut client = server(data.path());
            std::thread::spawn(move || {
                let requests: Vec<i64> = (0..GRADES_PER_QUESTION)
                    .flat_map(|_| mine.iter())
                    .map(|id| {
                        client.send_request(
                            "workspace/executeCommand",
                            json!({"command": "interview.grade", "arguments": [{"id": id, "rating": "good"}]}),
                        )
                    })
                    .collect();
                for response in client.responses_to(&requests) {
                    assert!(response.get("error").is_none(), "{response}");
                    assert_eq!(response["result"]["rating"], "good", "{response}");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let elapsed = started.elapsed();
    let total = 2 * QUESTIONS_PER_SERVER * GRADES_PER_QUESTION;
    eprintln!("{total} grades from 2 servers in {elapsed:?}");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");

    let progress = progress(data.path());
    let cards = progress["cards"].as_object().unwrap();
    assert_eq!(cards.len(), 2 * QUESTIONS_PER_SERVER);
    for (id, card) in cards {
        assert_eq!(card["reps"], GRADES_PER_QUESTION, "{id}");
    }
    let per_day: u64 = progress["days"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(per_day, total as u64);
}

#[test]
fn a_corrupt_progress_file_is_kept_reported_and_never_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let garbage = b"{\"version\": 1, \"cards\": {\"flask-blueprints\": {\"due\": tru";
    std::fs::write(data.path().join("progress.json"), garbage).unwrap();

    let mut client = server(data.path());
    let warning = client.wait_for("window/showMessage");
    assert_eq!(warning["params"]["type"], 2, "a warning: {warning}");
    let message = warning["params"]["message"].as_str().unwrap();
    let original = data.path().join("progress.json");
    assert!(message.contains(original.to_str().unwrap()), "{message}");
    let kept: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("progress.json.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(message.contains(kept[0].to_str().unwrap()), "{message}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), garbage);

    // Practice goes on from a fresh file, and the kept copy is untouched.
    client.call(
        "workspace/executeCommand",
        json!({"command": "interview.grade", "arguments": [{"id": "flask-blueprints", "rating": "easy"}]}),
    );
    assert_eq!(
        progress(data.path())["cards"]["flask-blueprints"]["reps"],
        1
    );
    assert_eq!(std::fs::read(&kept[0]).unwrap(), garbage);
}

#[test]
fn a_progress_file_from_a_newer_version_is_left_alone() {
    let data = tempfile::tempdir().unwrap();
    let future = "{\"version\": 7, \"cards\": {}}";
    std::fs::write(data.path().join("progress.json"), future).unwrap();
    let mut client = server(data.path());
    let error = client.wait_for("window/showMessage");
    assert_eq!(error["params"]["type"], 1, "an error: {error}");
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": "interview.grade", "arguments": [{"id": "flask-blueprints", "rating": "easy"}]}),
    );
    let message = response["error"]["message"].as_str().unwrap();
    assert!(message.contains("schema version 7"), "{message}");
    assert_eq!(
        std::fs::read_to_string(data.path().join("progress.json")).unwrap(),
        future
    );
}

#[test]
fn the_terminal_quiz_grades_into_the_same_progress_as_the_editor() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    // Reveal, "3" (good); reveal, a typo then "1" (again); then quit.
    let (code, stdout, stderr) = run_cli_with(
        &["quiz", "--difficulty", "medium", "--data-dir", dir],
        &[],
        "\n3\n\nagian\n1\nq\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("In short:"), "{stdout}");
    assert!(stdout.contains("Good: next review in "), "{stdout}");
    assert!(stdout.contains("unknown rating `agian`"), "{stdout}");
    assert!(
        stdout.contains("Again: next review in 10 minutes."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Graded 2 questions: 1 again · 0 hard · 1 good · 0 easy"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "escape codes in piped output");
    assert_eq!(progress(data.path())["cards"].as_object().unwrap().len(), 2);

    // `stats` reads the same file, through INTERVIEW_LS_DATA this time.
    let (code, stdout, stderr) = run_cli_with(
        &["stats", "--json"],
        &[("INTERVIEW_LS_DATA", data.path())],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    let stats: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stats["overall"]["seen"], 2);
    assert_eq!(stats["streak"], 1);
    assert_eq!(stats["gradedToday"], 2);
    let medium = stats["byDifficulty"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "medium")
        .unwrap();
    assert_eq!(medium["seen"], 2);

    let (code, page, _) = run_cli_with(&["stats", "--data-dir", dir], &[], "");
    assert_eq!(code, 0);
    assert!(page.starts_with("# Interview practice"), "{page}");
    assert!(page.contains("streak **1 day**"), "{page}");
    assert!(page.contains("| medium | 2/"), "{page}");

    // And the editor sees the terminal's grades.
    let mut client = server(data.path());
    let stats = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.stats", "arguments": [{"open": false}]}),
    );
    assert_eq!(stats["stats"]["overall"]["seen"], 2);
}

#[test]
fn quiz_rejects_filters_that_match_nothing() {
    let data = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_cli_with(
        &["quiz", "--topic", "no-such-topic"],
        &[("INTERVIEW_LS_DATA", data.path())],
        "\n",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown topic `no-such-topic`"), "{stderr}");
}
