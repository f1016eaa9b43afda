//! The command line through the real binary.

mod support;

use serde_json::Value;
use support::run_cli;

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run_cli(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// Runs a command that must fail as a usage error (exit code 2) whose
/// message contains `message`.
#[track_caller]
fn usage_error(args: &[&str], message: &str) {
    let (code, _, stderr) = run_cli(args);
    assert_eq!(code, 2);
    assert!(stderr.contains(message), "{stderr}");
}

#[test]
fn check_passes_on_the_built_in_bank() {
    let (code, stdout, stderr) = run_cli(&["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains(" 0 errors"), "{stderr}");
}

#[test]
fn check_reports_located_errors_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.md");
    std::fs::write(&file, "## Ok?\n\n- id: ok\n- difficulty: easy\n- frameworks: flask\n\n**In short:** A.\n\nB.\n\n## Broken?\n\n- id: broken\n- difficulty: easy\n- frameworks: django\n\n**In short:** A.\n\nB.\n").unwrap();
    let (code, stdout, stderr) = run_cli(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.trim(),
        format!(
            "{}:15:15: error: unknown framework `django` (expected flask, fastapi or general)",
            file.display()
        )
    );
    assert!(stderr.contains("1 question,"), "{stderr}");
}

/// The fields `list --json` and `search --json` promise per question.
const SUMMARY_FIELDS: &[&str] = &[
    "id",
    "title",
    "difficulty",
    "frameworks",
    "topics",
    "keywords",
    "aliases",
];

fn assert_fields(value: &Value, fields: &[&str], what: &str) {
    for field in fields {
        assert!(value.get(field).is_some(), "{what} lacks {field}: {value}");
    }
}

#[test]
fn list_and_search_print_the_documented_json_fields() {
    let list = json(&["list", "--json"]);
    let first = &list[0];
    assert_fields(first, SUMMARY_FIELDS, "list item");
    let hits = json(&["search", "dependency injection", "--json"]);
    let scores: Vec<i64> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_i64().unwrap())
        .collect();
    assert!(!scores.is_empty());
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "not best first: {scores:?}"
    );
}

#[test]
fn every_title_and_alias_finds_its_own_question_first() {
    let list = json(&["list", "--json"]);
    for item in list.as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let wordings = std::iter::once(&item["title"]).chain(item["aliases"].as_array().unwrap());
        for wording in wordings {
            let wording = wording.as_str().unwrap();
            let hits = json(&["search", wording, "--json", "--limit", "1"]);
            assert_eq!(hits[0]["id"], id, "searching {wording:?}");
        }
    }
}

#[test]
fn show_prints_the_full_question_and_unknown_ids_exit_2() {
    let list = json(&["list", "--json"]);
    let with_snippet = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .find(|id| {
            json(&["show", id, "--json"])["snippets"]
                .as_array()
                .is_some_and(|s| !s.is_empty())
        });
    let id = with_snippet.expect("the bank has snippets");
    let shown = json(&["show", &id, "--json"]);
    assert_fields(&shown, SUMMARY_FIELDS, "show");
    assert_fields(&shown, &["short", "answer", "examples", "snippets"], "show");
    let snippet = &shown["snippets"][0];
    assert_fields(
        snippet,
        &["id", "title", "code", "imports", "body"],
        "snippet",
    );
    usage_error(
        &["show", "no-such-question"],
        "no question with id `no-such-question`",
    );
}

#[test]
fn random_respects_filters_and_rejects_bad_flags() {
    for _ in 0..5 {
        let q = json(&[
            "random",
            "--difficulty",
            "hard",
            "--framework",
            "fastapi",
            "--json",
        ]);
        assert_eq!(q["difficulty"], "hard");
        assert!(
            q["frameworks"]
                .as_array()
                .unwrap()
                .contains(&Value::from("fastapi"))
        );
        assert!(q["short"].as_str().is_some_and(|s| !s.is_empty()));
    }
    usage_error(
        &["random", "--difficulty", "impossible"],
        "unknown difficulty",
    );
    usage_error(
        &["random", "--topic", "no-such-topic"],
        "unknown topic `no-such-topic`",
    );
}

#[test]
fn plain_output_is_readable_text_without_colour_codes_when_piped() {
    let (code, stdout, _) = run_cli(&["random"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("In short:"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "escape codes in piped output");
}

#[test]
fn a_users_folder_overrides_a_built_in_question() {
    let list = json(&["list", "--json"]);
    let id = list[0]["id"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.md"), format!("## My version?\n\n- id: {id}\n- difficulty: hard\n- frameworks: general\n\n**In short:** Mine.\n\nMine too.\n")).unwrap();
    let shown = json(&[
        "--questions",
        dir.path().to_str().unwrap(),
        "show",
        id,
        "--json",
    ]);
    assert_eq!(shown["title"], "My version?");
    assert_eq!(shown["short"], "Mine.");
}
