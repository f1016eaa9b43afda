//! The server never dies and never answers stale: bursts, malformed and
//! random JSON-RPC, a panicking handler, cancellation, and a bank parser fed
//! arbitrary Markdown. Everything goes through the real binary except the
//! parser property, which calls the library.
//!
//! Property tests run a fixed, modest number of cases so `cargo test` stays
//! quick on two cores; set `PROPTEST_CASES=1000` (for example) to run longer.

mod support;

use interview_ls::bank::parse::parse_file;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::time::Duration;
use support::{LspClient, cursor};

/// The answer to request `id`, whether it already arrived (and was set aside
/// while waiting for another) or is still to come.
fn answer(client: &mut LspClient, id: i64) -> Value {
    let found = client
        .backlog
        .iter()
        .position(|m| m["id"] == json!(id) && m.get("method").is_none());
    match found {
        Some(at) => client.backlog.remove(at).expect("in backlog"),
        None => client.response_to(id),
    }
}

fn hover(uri: &str, position: &Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

/// The canonical symbol a hover is about, named in its last line
/// (`` *[Full answer](…) · `fastapi.Depends` · FastAPI* ``).
fn hover_symbol(response: &Value) -> Option<String> {
    let value = response["result"]["contents"]["value"].as_str()?;
    let footer = value.lines().last()?;
    footer.split('`').nth(1).map(String::from)
}

const DEPENDS_FILE: &str =
    "from fastapi import Depends, Query\n\ndef handler(db=$0Depends(get_db)):\n    return db\n";

/// Opens a FastAPI file and checks a hover on `Depends` answers: the proof
/// that a server is still serving, used after every abuse below.
fn assert_still_serving(client: &mut LspClient, uri: &str) {
    let (text, position) = cursor(DEPENDS_FILE);
    client.open(uri, "python", &text);
    let response = client.request("textDocument/hover", hover(uri, &position));
    assert_eq!(
        hover_symbol(&response).as_deref(),
        Some("fastapi.Depends"),
        "{response}"
    );
    assert!(client.is_running());
}

fn proptest_config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        // Shrunk failures are kept beside this file, not at the repository root.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    }
}

// ------------------------------------------------------------------ ordering

#[test]
fn ten_thousand_changes_each_seen_by_the_hover_right_after_it() {
    const PAIRS: i32 = 10_000;
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///ordering.py";
    let (text, position) = cursor(DEPENDS_FILE);
    client.open(uri, "python", &text);
    let line = position["line"].as_u64().unwrap();
    let column = position["character"].as_u64().unwrap();
    // Every pair goes out before any answer is read, so the server sees a
    // burst of 20,000 messages and may run handlers concurrently.
    let mut current = "Depends";
    let mut expected = Vec::new();
    for version in 2..PAIRS + 2 {
        let next = if current == "Depends" {
            "Query"
        } else {
            "Depends"
        };
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {
                        "start": {"line": line, "character": column},
                        "end": {"line": line, "character": column + current.len() as u64}
                    },
                    "text": next
                }]
            }),
        );
        let id = client.send_request("textDocument/hover", hover(uri, &position));
        expected.push((id, format!("fastapi.{next}")));
        current = next;
    }
    for (id, symbol) in expected {
        let response = answer(&mut client, id);
        assert_eq!(
            hover_symbol(&response).as_deref(),
            Some(symbol.as_str()),
            "hover {id} did not see the change just before it: {response}"
        );
    }
}

// ------------------------------------------------------------------ bad input

#[test]
fn malformed_frames_are_answered_and_the_server_keeps_serving() {
    let mut client = LspClient::start();
    // Before `initialize`, too: the reader is the same.
    client.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 1, ");
    client.initialize();
    client.send_raw(b"[]");
    client.send_raw(br#"[{"jsonrpc":"2.0","id":99,"method":"shutdown"}]"#);
    client.send_raw(br#"{"id": 7, "method": "textDocument/hover"}"#);
    client.send_raw(b"\xff\xfe\x00binary");
    client.send_raw(b"");
    // Header-level damage: junk lines, a non-numeric length, a head with no
    // length, junk glued before the next frame's header.
    client.write_stream(b"this is not a header\r\n\r\n");
    client.write_stream(b"Content-Length: lots\r\n\r\n");
    client.write_stream(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
    client.write_stream(b"{\"stray\": true}");
    assert_still_serving(&mut client, "file:///after-garbage.py");
    let errors: Vec<(i64, Value)> = client
        .backlog
        .iter()
        .filter_map(|m| Some((m["error"]["code"].as_i64()?, m["id"].clone())))
        .collect();
    assert_eq!(
        errors,
        vec![
            (-32700, Value::Null), // truncated JSON
            (-32600, Value::Null), // []
            (-32600, Value::Null), // a batch
            (-32600, json!(7)),    // no "jsonrpc"
            (-32700, Value::Null), // binary
            (-32700, Value::Null), // empty body
            (-32700, Value::Null), // junk head
            (-32700, Value::Null), // bad length
            (-32700, Value::Null), // head without length
            (-32700, Value::Null), // junk glued to the next header
        ]
    );
    // The batch's `shutdown` was not run: the server still ends cleanly.
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_panicking_handler_is_answered_with_internal_error_and_logged() {
    let mut client = LspClient::start();
    client.initialize();
    let response = client.request("interview/testPanic", Value::Null);
    assert_eq!(response["error"]["code"], -32603, "{response}");
    let message = response["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("interview/testPanic"), "{message}");
    let logs = client.log_messages(Duration::from_millis(500));
    assert!(
        logs.iter()
            .any(|l| l.contains("internal error in interview/testPanic")),
        "{logs:?}"
    );
    // Twice: nothing the first panic left behind (a poisoned lock, a stale
    // pending entry) breaks the next request.
    let again = client.request("interview/testPanic", Value::Null);
    assert_eq!(again["error"]["code"], -32603, "{again}");
    assert_still_serving(&mut client, "file:///after-panic.py");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn an_unknown_dollar_request_is_answered_with_method_not_found() {
    let mut client = LspClient::start();
    client.initialize();
    let response = client.request("$/unknownRequest", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert_still_serving(&mut client, "file:///after-dollar.py");
}

/// A bank of `count` generated questions in `dir` (100 files).
fn write_bank(dir: &std::path::Path, count: usize) {
    const WORDS: &[&str] = &[
        "dependency",
        "router",
        "session",
        "middleware",
        "validation",
        "token",
        "caching",
        "websocket",
        "pagination",
        "migration",
        "deployment",
        "testing",
        "lifespan",
        "settings",
        "hashing",
        "throttling",
        "exception",
        "template",
        "factory",
        "versioning",
    ];
    let per_file = count.div_ceil(100);
    for file in 0..100 {
        let mut text = String::new();
        for i in file * per_file..((file + 1) * per_file).min(count) {
            let w = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
            let _ = write!(
                text,
                "## How does {} affect {} and {} (case {i})?\n\n- id: bulk-{i}\n- difficulty: easy\n- frameworks: fastapi\n- topics: {}\n- keywords: fastapi.Thing{}, {}\n- aliases: Explain {} {i}.\n\n**In short:** {} matters.\n\nLonger answer.\n\n",
                w(0),
                w(1),
                w(2),
                w(3),
                i % 300,
                w(4),
                w(5),
                w(6)
            );
        }
        std::fs::write(dir.join(format!("bulk{file:03}.md")), text).expect("write bank");
    }
}

#[test]
fn a_cancelled_workspace_symbol_search_is_answered_with_request_cancelled() {
    let bank = tempfile::tempdir().expect("temp dir");
    write_bank(bank.path(), 10_000);
    let mut client = LspClient::start();
    client.initialize_with(
        support::default_capabilities(),
        json!({"questionPaths": [bank.path()]}),
    );
    // The first search also copies the built-in bank to the cache folder;
    // do that now, so the cancelled request below is only searching.
    let warm = client.request("workspace/symbol", json!({"query": "router"}));
    assert!(warm.get("error").is_none(), "{warm}");
    let query = "how does dependency middleware validation token caching websocket \
                 pagination migration deployment testing lifespan settings affect hashing";
    let id = client.send_request("workspace/symbol", json!({"query": query}));
    client.notify("$/cancelRequest", json!({"id": id}));
    let response = answer(&mut client, id);
    assert_eq!(response["error"]["code"], -32800, "{response}");
    // Not cancelled, the same search answers.
    let result = client.call("workspace/symbol", json!({"query": "session (case 42)"}));
    assert!(
        result.as_array().is_some_and(|found| !found.is_empty()),
        "{result}"
    );
}

// ------------------------------------------------------------------ random wire

/// One thing a broken or hostile client might send.
#[derive(Debug, Clone)]
enum Wire {
    /// A body of arbitrary bytes: one error with `id: null` expected.
    Garbage(Vec<u8>),
    /// Valid JSON that is not a message (arrays, scalars): likewise.
    NotAMessage(Value),
    /// A request (known method, random params): exactly one answer expected.
    Request(String, Value),
    /// A notification with random params: no answer expected.
    Notification(String, Value),
    /// A hover anywhere, past the end of lines and inside surrogate pairs.
    Hover(u8, u32, u32),
    /// An edit with any version and range, to an open or unopened document.
    Change(u8, i32, (u32, u32, u32, u32), String),
    /// A document opened (or reopened) with unusual text.
    Open(u8, String),
}

const URIS: [&str; 3] = [
    "file:///fuzz/a.py",
    "file:///fuzz/b.md",
    "file:///fuzz/never.py",
];

/// Text with a rocket (a UTF-16 surrogate pair) before framework names.
const START_TEXT: &str = "from fastapi import Depends\nx = '🚀🚀'; y = Depends(f)\n\n";

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{0,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn document_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        // Binary-looking: any characters, controls and NUL included.
        any::<String>(),
        "[\\x00-\\x1f🚀é中\\r\\n ]{0,64}",
        // Large: 12,000 to 24,000 lines of Python (0.25 to 0.5 MB); the
        // benchmark covers 100,000 lines, which a debug build parses too slowly
        // to repeat per case.
        (200usize..400).prop_map(
            |n| "@app.get('/')\nasync def f(db=Depends(g)):\n    return db\n".repeat(n * 20)
        ),
    ]
}

fn wire() -> impl Strategy<Value = Wire> {
    let methods = prop_oneof![
        Just("textDocument/hover".to_string()),
        Just("workspace/symbol".to_string()),
        Just("workspace/executeCommand".to_string()),
        Just("initialize".to_string()),
        Just("textDocument/completion".to_string()),
        Just("textDocument/codeAction".to_string()),
        Just("initialized".to_string()),
        "[a-z$/]{1,16}",
    ];
    let notifications = prop_oneof![
        Just("textDocument/didOpen".to_string()),
        Just("textDocument/didChange".to_string()),
        Just("textDocument/didClose".to_string()),
        Just("workspace/didChangeConfiguration".to_string()),
        Just("$/cancelRequest".to_string()),
        "[a-z$/]{1,16}",
    ];
    let position = prop_oneof![0u32..8, Just(u32::MAX), any::<u32>()];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..48).prop_map(Wire::Garbage),
        prop_oneof![
            prop::collection::vec(json_value(), 0..3).prop_map(Value::Array),
            any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::from),
        ]
        .prop_map(Wire::NotAMessage),
        (methods, json_value()).prop_map(|(m, p)| Wire::Request(m, p)),
        (notifications, json_value()).prop_map(|(m, p)| Wire::Notification(m, p)),
        (0u8..3, position.clone(), position.clone()).prop_map(|(u, l, c)| Wire::Hover(u, l, c)),
        (
            0u8..3,
            any::<i32>(),
            (
                position.clone(),
                position.clone(),
                position.clone(),
                position
            ),
            "[a-z🚀\\n()=]{0,12}"
        )
            .prop_map(|(u, v, r, t)| Wire::Change(u, v, r, t)),
        (0u8..2, document_text()).prop_map(|(u, t)| Wire::Open(u, t)),
    ]
}

proptest! {
    #![proptest_config(proptest_config(12))]

    #[test]
    fn random_and_malformed_messages_are_all_answered_and_the_server_keeps_serving(
        messages in prop::collection::vec(wire(), 1..24)
    ) {
        let mut client = LspClient::start();
        client.initialize();
        client.open(URIS[0], "python", START_TEXT);
        client.open(URIS[1], "markdown", "# notes 🚀\n");
        let mut ids = Vec::new();
        let mut rejects = 0;
        for message in &messages {
            match message {
                Wire::Garbage(bytes) => {
                    client.send_raw(bytes);
                    rejects += 1;
                }
                Wire::NotAMessage(value) => {
                    client.send_raw(value.to_string().as_bytes());
                    rejects += 1;
                }
                Wire::Request(method, params) => {
                    ids.push(client.send_request(method, params.clone()));
                }
                Wire::Notification(method, params) => client.notify(method, params.clone()),
                Wire::Hover(uri, line, character) => {
                    let position = json!({"line": line, "character": character});
                    ids.push(client.send_request(
                        "textDocument/hover",
                        hover(URIS[usize::from(*uri)], &position),
                    ));
                }
                Wire::Change(uri, version, (sl, sc, el, ec), text) => client.notify(
                    "textDocument/didChange",
                    json!({
                        "textDocument": {"uri": URIS[usize::from(*uri)], "version": version},
                        "contentChanges": [{
                            "range": {
                                "start": {"line": sl, "character": sc},
                                "end": {"line": el, "character": ec}
                            },
                            "text": text
                        }]
                    }),
                ),
                Wire::Open(uri, text) => client.open(URIS[usize::from(*uri)], "python", text),
            }
        }
        for id in &ids {
            let response = answer(&mut client, *id);
            prop_assert!(
                response.get("result").is_some() || response["error"]["code"].is_i64(),
                "request {} got {}", id, response
            );
        }
        // Rejections are written before anything sent after them is even
        // read, so they have all arrived once this hover is answered.
        assert_still_serving(&mut client, "file:///fuzz/final.py");
        let nulls = client
            .backlog
            .iter()
            .filter(|m| m["id"].is_null() && m["error"]["code"].is_i64())
            .count();
        prop_assert_eq!(nulls, rejects);
        // Nothing was answered twice.
        prop_assert!(
            !client.backlog.iter().any(|m| m.get("method").is_none()
                && m["id"].as_i64().is_some_and(|id| ids.contains(&id))),
            "a duplicate answer in {:?}", client.backlog
        );
    }
}

// ------------------------------------------------------------------ bank parser

/// One question block, possibly damaged.
fn question_block() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("- id: q-{n}".to_string()),
        Just("- id: ".to_string()),
        Just("- id: Not An Id!".to_string()),
        Just("- difficulty: medium".to_string()),
        Just("- difficulty: impossible".to_string()),
        Just("- frameworks: fastapi, flask".to_string()),
        Just("- frameworks: django".to_string()),
        Just("- topics: routing".to_string()),
        Just("- keywords: fastapi.Depends".to_string()),
        Just("- aliases: A? | | B?".to_string()),
        Just("- colour: blue".to_string()),
        Just("**In short:** yes.".to_string()),
        Just("**In short:**".to_string()),
        Just(String::new()),
        // No `-`, `*`, `=` or `#`: they could make setext headings or
        // thematic breaks and move section boundaries away from `## ` lines.
        "[a-z é🚀_:|]{0,30}",
    ];
    (prop::collection::vec(line, 0..10), 0u32..1000).prop_map(|(lines, n)| {
        let body: Vec<String> = lines
            .iter()
            .map(|l| l.replace("{n}", &n.to_string()))
            .collect();
        format!("## Question {n}?\n\n{}\n", body.join("\n"))
    })
}

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn the_bank_parser_never_panics_and_locates_every_error(text in any::<String>()) {
        let parsed = parse_file("fuzz.md", &text);
        let lines = text.split('\n').count() as u32;
        for error in &parsed.errors {
            prop_assert_eq!(error.path.as_str(), "fuzz.md");
            prop_assert!(error.line >= 1 && error.line <= lines, "{} in {} lines", error, lines);
            prop_assert!(error.col >= 1, "{}", error);
        }
    }

    #[test]
    fn every_damaged_question_is_either_loaded_or_reported_in_its_own_lines(
        blocks in prop::collection::vec(question_block(), 1..8)
    ) {
        let text = blocks.join("\n");
        let parsed = parse_file("bank.md", &text);
        // The 1-based line of each heading, and where its section ends.
        let headings: Vec<u32> = text
            .split('\n')
            .enumerate()
            .filter(|(_, l)| l.starts_with("## "))
            .map(|(i, _)| i as u32 + 1)
            .collect();
        for (k, &start) in headings.iter().enumerate() {
            let end = headings.get(k + 1).copied().unwrap_or(u32::MAX);
            let loaded = parsed.questions.iter().any(|q| q.source.line == start);
            let reported = parsed.errors.iter().any(|e| (start..end).contains(&e.line));
            prop_assert!(
                loaded != reported,
                "section at line {} loaded: {}, reported: {} ({:?})\n{}",
                start, loaded, reported, parsed.errors, text
            );
        }
    }
}

// ------------------------------------------------------------------ progress file faults

use interview_ls::practice::scheduler::Rating;
use interview_ls::practice::store::ProgressStore;

/// Cards each write in the child adds; the file grows by about 40 KB per
/// write, so after a few rounds every write takes long enough (write, fsync,
/// rename) for a kill to land inside one.
const CARDS_PER_WRITE: usize = 200;
const FAULT_DIR: &str = "INTERVIEW_LS_FAULT_DIR";

/// The child half of `a_killed_progress_write_leaves_the_old_or_the_new_file`:
/// it writes progress through the real store until it is killed. Ignored in a
/// normal run; the parent runs it by name with `--ignored`.
#[test]
#[ignore = "child process of a_killed_progress_write_leaves_the_old_or_the_new_file"]
fn progress_writer_child() {
    let dir = std::env::var_os(FAULT_DIR).expect("run by the parent test");
    let store = ProgressStore::new(dir);
    let now = chrono::Utc::now();
    let run = std::process::id();
    for round in 0.. {
        store
            .update(|progress| {
                for k in 0..CARDS_PER_WRITE {
                    progress.record_grade(
                        &format!("q-{run}-{round}-{k}"),
                        Rating::Good,
                        now,
                        now.date_naive(),
                    );
                }
            })
            .expect("write progress");
    }
}

#[test]
fn a_killed_progress_write_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ProgressStore::new(dir.path());
    let mut last = 0;
    // Kill points spread from 30 ms to 300 ms into each run; each run starts
    // from the file the previous kill left, so the file keeps growing.
    for attempt in 0..10u64 {
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--ignored",
                "--exact",
                "progress_writer_child",
                "--test-threads=1",
            ])
            .env(FAULT_DIR, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn the writer");
        std::thread::sleep(Duration::from_millis(30 + attempt * 30));
        child.kill().expect("kill the writer");
        child.wait().expect("reap the writer");
        let loaded = store.load().expect("the progress file reads");
        assert_eq!(loaded.moved_aside, None, "attempt {attempt}: a broken file");
        let cards = loaded.value.cards.len();
        // Whole writes only, and never fewer cards than a write that landed.
        assert_eq!(
            cards % CARDS_PER_WRITE,
            0,
            "attempt {attempt}: {cards} cards"
        );
        assert!(cards >= last, "attempt {attempt}: {cards} < {last}");
        last = cards;
    }
    assert!(last > 0, "the writer never completed a write");
}
