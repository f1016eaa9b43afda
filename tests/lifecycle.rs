//! The LSP lifecycle through the real binary: initialize, capabilities,
//! encodings, errors, shutdown/exit codes, bank load errors.

mod support;

use serde_json::{Value, json};
use std::time::Duration;
use support::{LspClient, default_capabilities};

#[test]
fn initialize_advertises_the_servers_capabilities() {
    let mut client = LspClient::start();
    let result = client.initialize();
    insta::assert_json_snapshot!("initialize_result", result, {".serverInfo.version" => "[version]"});
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf8_is_chosen_only_when_the_client_offers_it() {
    let mut client = LspClient::start();
    let mut caps = default_capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-32", "utf-8", "utf-16"]);
    let result = client.initialize_with(caps, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");

    let mut client = LspClient::start();
    let result = client.initialize_with(json!({}), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let mut client = LspClient::start();
    client.initialize();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn an_unknown_request_gets_method_not_found_and_the_server_keeps_serving() {
    let mut client = LspClient::start();
    client.initialize();
    let response = client.request("interview/doesNotExist", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert!(client.is_running());
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn bank_load_errors_reach_the_client_log_and_valid_entries_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.md"),
        "## Good one?\n\n- id: my-good\n- difficulty: easy\n- frameworks: flask\n\n**In short:** Yes.\n\nBecause.\n\n## Bad one?\n\n- id: my-bad\n- difficulty: impossible\n- frameworks: flask\n\n**In short:** No.\n\nBody.\n",
    )
    .unwrap();
    let mut client = LspClient::start();
    client.initialize_with(
        default_capabilities(),
        json!({"questionPaths": [dir.path()]}),
    );
    let logs = client.log_messages(Duration::from_secs(2));
    let expected = format!(
        "{}:14:15: error: unknown difficulty `impossible`",
        dir.path().join("mine.md").display()
    );
    assert!(logs.iter().any(|l| l.starts_with(&expected)), "{logs:#?}");
    assert!(
        logs.iter()
            .any(|l| l.contains("questions") && l.contains("built-in bank +")),
        "{logs:#?}"
    );
}

#[test]
fn changing_question_paths_reloads_the_bank() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("typo.md"),
        "## Q?\n\n- id: q\n- dificulty: easy\n- frameworks: flask\n\n**In short:** A.\n\nB.\n",
    )
    .unwrap();
    let mut client = LspClient::start();
    client.initialize();
    client.log_messages(Duration::from_millis(500));
    client.backlog.clear();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"interviewLs": {"questionPaths": [dir.path()]}}}),
    );
    let logs = client.log_messages(Duration::from_secs(2));
    assert!(
        logs.iter().any(|l| l.contains(
            "typo.md:4:1: error: unknown metadata key `dificulty` (did you mean `difficulty`?)"
        )),
        "{logs:#?}"
    );
}

#[test]
fn malformed_settings_are_reported_not_fatal() {
    let mut client = LspClient::start();
    client.initialize();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"questionPaths": "not-a-list", "colour": "red"}}),
    );
    let logs = client.log_messages(Duration::from_secs(1));
    assert!(
        logs.iter()
            .any(|l| l.contains("setting `questionPaths` ignored")),
        "{logs:#?}"
    );
    assert!(
        logs.iter().any(|l| l.contains("unknown setting `colour`")),
        "{logs:#?}"
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn the_stdio_flag_editors_pass_serves_lsp() {
    let mut client = support::LspClient::start_with(support::Start {
        args: vec!["--stdio".into()],
        ..support::Start::default()
    });
    let result = client.initialize();
    assert_eq!(result["serverInfo"]["name"], "interview-ls");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

/// A client that goes away while the server awaits its reply (here to
/// `client/registerCapability`, sent after `initialized`) must not leave an
/// orphan process: the end of input ends the server within its grace period.
#[test]
fn the_server_exits_when_input_ends_while_it_awaits_the_client() {
    let mut client = LspClient::start();
    client.initialize_with(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        json!({}),
    );
    let started = std::time::Instant::now();
    let status = client.wait_exit();
    let took = started.elapsed();
    println!("exit after end of input with a pending client request: {took:?}");
    assert_eq!(status.code(), Some(1), "no shutdown came first");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}
