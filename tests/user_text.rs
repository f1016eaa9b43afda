//! Snapshots of what a user reads that no other test pins down whole: the
//! answer page an editor opens, the stats page, and the JSON of the picker
//! commands (`cargo insta review` after a deliberate change).

mod support;

use interview_ls::bank::Bank;
use interview_ls::render;
use serde_json::json;
use support::{LspClient, run_cli_with};

#[test]
fn the_answer_page_an_editor_opens() {
    let bank = Bank::load(&[]);
    let question = bank.get("flask-g-vs-session").expect("a built-in question");
    insta::assert_snapshot!(render::answer_page(question));
}

#[test]
fn the_stats_page_on_a_fresh_install() {
    let data = tempfile::tempdir().unwrap();
    let (code, page, stderr) = run_cli_with(
        &["stats"],
        &[
            ("INTERVIEW_LS_DATA", data.path()),
            (
                "INTERVIEW_LS_NOW",
                std::path::Path::new("2026-03-10T09:00:00+01:00"),
            ),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(page);
}

#[test]
fn the_picker_commands_json() {
    let mut client = LspClient::start();
    client.initialize();
    for command in ["interview.topics", "interview.snippets"] {
        let result = client.call(
            "workspace/executeCommand",
            json!({"command": command, "arguments": [{}]}),
        );
        insta::assert_json_snapshot!(command.replace('.', "_"), result);
    }
    client.shutdown_and_exit();
}
