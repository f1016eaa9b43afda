//! Tips through the real binary: each anti-pattern fixture gets exactly its
//! rule's diagnostic (linked to the bank question), the realistic fixtures
//! get none, quick fixes produce the expected text, "Explain" opens the
//! question, and the `diagnostics` setting turns them off.

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, assert_parses, edits_for};
use serde_json::{Value, json};
use std::time::Duration;
use support::{LspClient, default_capabilities};

const FASTAPI_APP: &str = include_str!("fixtures/fastapi_app.py");
const FLASK_APP: &str = include_str!("fixtures/flask_app.py");

/// `(fixture, rule code, question id, flagged text)`.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        include_str!("fixtures/tips/blocking_call.py"),
        "blocking-call-in-async-handler",
        "async-def-vs-def-handlers",
        "time.sleep(0.01)",
    ),
    (
        include_str!("fixtures/tips/sql_injection.py"),
        "sql-string-formatting",
        "rest-api-security",
        "f\"SELECT * FROM users WHERE name = '{name}'\"",
    ),
    (
        include_str!("fixtures/tips/debug_mode.py"),
        "debug-mode-in-code",
        "ops-deployment",
        "debug=True",
    ),
    (
        include_str!("fixtures/tips/cors_wildcard.py"),
        "cors-any-origin-with-credentials",
        "auth-cors",
        "allow_origins=[\"*\"]",
    ),
    (
        include_str!("fixtures/tips/hardcoded_secret.py"),
        "hard-coded-secret",
        "flask-config-instance-folder",
        "\"dev-secret-please-change\"",
    ),
    (
        include_str!("fixtures/tips/jwt_decode.py"),
        "jwt-decode-unverified",
        "auth-jwt",
        "jwt.decode",
    ),
    (
        include_str!("fixtures/tips/session_dependency.py"),
        "session-dependency-not-closed",
        "di-yield-dependencies",
        "return db",
    ),
];

/// The rules about security holes, shown as Warnings (2); the others are
/// Information (3).
const WARNINGS: &[&str] = &[
    "sql-string-formatting",
    "debug-mode-in-code",
    "cors-any-origin-with-credentials",
    "hard-coded-secret",
    "jwt-decode-unverified",
];

fn severity(code: &str) -> u64 {
    if WARNINGS.contains(&code) { 2 } else { 3 }
}

/// The next `publishDiagnostics` for `uri` (others are skipped).
fn diagnostics_for(client: &mut LspClient, uri: &str) -> Vec<Value> {
    loop {
        let message = client.wait_for("textDocument/publishDiagnostics");
        if message["params"]["uri"] == uri {
            return message["params"]["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .clone();
        }
    }
}

fn text_at(text: &str, range: &Value) -> String {
    let start = python::offset(text, &range["start"]);
    let end = python::offset(text, &range["end"]);
    text[start..end].to_string()
}

fn quick_fixes(client: &mut LspClient, uri: &str, diagnostic: &Value) -> Vec<Value> {
    client
        .call(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}
            }),
        )
        .as_array()
        .expect("actions")
        .clone()
}

#[test]
fn each_anti_pattern_fixture_gets_its_tip_linked_to_the_question() {
    let mut client = LspClient::start();
    client.initialize();
    for (i, (text, code, question, flagged)) in CASES.iter().enumerate() {
        let uri = format!("file:///project/bad_{i}.py");
        client.open(&uri, "python", text);
        let diagnostics = diagnostics_for(&mut client, &uri);
        assert_eq!(diagnostics.len(), 1, "{code}: {diagnostics:#?}");
        let d = &diagnostics[0];
        assert_eq!(d["code"], *code);
        assert_eq!(d["source"], "interview-ls");
        assert_eq!(d["severity"], severity(code), "{code}");
        assert_eq!(d["data"]["question"], *question);
        assert_eq!(text_at(text, &d["range"]), *flagged, "{code}");
        // The link opens a real Markdown file at the question's heading.
        let href = d["codeDescription"]["href"].as_str().expect("href");
        let path = href.strip_prefix("file://").expect("a file URI");
        let bank_file = std::fs::read_to_string(path).expect("the linked file exists");
        let related = &d["relatedInformation"][0];
        assert_eq!(related["location"]["uri"], href);
        let line = related["location"]["range"]["start"]["line"]
            .as_u64()
            .unwrap() as usize;
        let heading = bank_file.lines().nth(line).unwrap();
        assert!(heading.starts_with("## "), "{heading}");
        assert!(
            related["message"]
                .as_str()
                .unwrap()
                .starts_with("Interview question: "),
            "{related}"
        );
    }
}

/// The next `publishDiagnostics` of any document.
fn next_publish(client: &mut LspClient) -> (String, Vec<Value>) {
    let message = client.wait_for("textDocument/publishDiagnostics");
    (
        message["params"]["uri"].as_str().unwrap().to_string(),
        message["params"]["diagnostics"].as_array().unwrap().clone(),
    )
}

#[test]
fn the_realistic_fixtures_get_no_tips() {
    let mut client = LspClient::start();
    client.initialize();
    let sentinel = "file:///project/sentinel.py";
    for (uri, text) in [
        ("file:///project/fastapi_app.py", FASTAPI_APP),
        ("file:///project/flask_app.py", FLASK_APP),
    ] {
        client.open(uri, "python", text);
        // Notifications are handled in order, so a tip for the fixture
        // would be published before the one for this bad file.
        client.open(sentinel, "python", CASES[0].0);
        let (published, diagnostics) = next_publish(&mut client);
        assert_eq!(published, sentinel, "{diagnostics:#?}");
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": sentinel}}),
        );
        assert_eq!(
            next_publish(&mut client),
            (sentinel.to_string(), Vec::new())
        );
        // No quick fix anywhere in the file either.
        let lines = text.lines().count();
        let actions = client.call(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}},
                "context": {"diagnostics": [], "only": ["quickfix"]}
            }),
        );
        assert_eq!(actions, json!([]), "{uri}");
    }
}

#[test]
fn explain_actions_open_the_question() {
    let mut client = LspClient::start();
    client.initialize();
    let (text, _, question, _) = CASES[3];
    let uri = "file:///project/cors.py";
    client.open(uri, "python", text);
    let diagnostic = diagnostics_for(&mut client, uri).remove(0);
    let actions = quick_fixes(&mut client, uri, &diagnostic);
    let explain = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Explain: "))
        })
        .expect("an Explain action");
    assert_eq!(explain["command"]["command"], "interview.show");
    assert_eq!(explain["command"]["arguments"], json!([{"id": question}]));
    assert_eq!(explain["diagnostics"][0]["code"], diagnostic["code"]);
    // Running it works (the page is generated; the client opens it).
    let result = client.call(
        "workspace/executeCommand",
        json!({"command": explain["command"]["command"], "arguments": explain["command"]["arguments"]}),
    );
    assert_eq!(result["question"]["id"], question);
}

/// Applies quick fix `title` to the fixture of rule `code` and returns the
/// text, checking that it parses and that the tip is gone.
fn apply_fix(code: &str, title_start: &str) -> String {
    let (text, _, _, _) = CASES.iter().find(|c| c.1 == code).expect("a case");
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///project/fix.py";
    client.open(uri, "python", text);
    let diagnostic = diagnostics_for(&mut client, uri).remove(0);
    let actions = quick_fixes(&mut client, uri, &diagnostic);
    let fix = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title_start))
        })
        .unwrap_or_else(|| panic!("no fix {title_start:?} in {actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    let out = apply_edits(text, &edits_for(&fix["edit"], uri));
    assert_parses(&out);
    // Had the fixed text any tip, it would be published before the sentinel's.
    client.open("file:///project/fixed.py", "python", &out);
    client.open("file:///project/sentinel.py", "python", CASES[1].0);
    let (published, diagnostics) = next_publish(&mut client);
    assert_eq!(
        published, "file:///project/sentinel.py",
        "still flagged after the fix:\n{out}\n{diagnostics:#?}"
    );
    out
}

#[test]
fn quick_fix_await_asyncio_sleep() {
    let out = apply_fix("blocking-call-in-async-handler", "Use `await asyncio.sleep");
    assert!(
        out.contains("import asyncio\nimport time\n\nfrom fastapi import FastAPI\n"),
        "{out}"
    );
    assert!(out.contains("    await asyncio.sleep(0.01)\n"), "{out}");
    python::assert_runs(&out);
}

#[test]
fn quick_fix_plain_def_handler() {
    let out = apply_fix(
        "blocking-call-in-async-handler",
        "Make `slow` a plain `def`",
    );
    assert!(
        out.contains("@app.get(\"/slow\")\ndef slow() -> dict[str, bool]:\n    time.sleep(0.01)\n"),
        "{out}"
    );
}

#[test]
fn quick_fix_debug_from_the_environment() {
    let out = apply_fix("debug-mode-in-code", "Read debug mode");
    assert!(
        out.contains("import os\n\nfrom flask import Flask\n"),
        "{out}"
    );
    assert!(
        out.contains("    app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")\n"),
        "{out}"
    );
    python::assert_runs(&out);
}

#[test]
fn quick_fix_secret_from_the_environment() {
    let out = apply_fix("hard-coded-secret", "Read it from the `SECRET_KEY`");
    assert!(
        out.contains("app.config[\"SECRET_KEY\"] = os.environ[\"SECRET_KEY\"]\n"),
        "{out}"
    );
    assert!(
        out.contains("import os\n\nfrom flask import Flask, session\n"),
        "{out}"
    );
}

#[test]
fn quick_fix_pin_jwt_algorithms() {
    let out = apply_fix("jwt-decode-unverified", "Pin `algorithms=[\"HS256\"]`");
    assert!(
        out.contains("    return jwt.decode(token, SECRET, algorithms=[\"HS256\"])\n"),
        "{out}"
    );
    python::assert_runs(&out);
}

#[test]
fn quick_fix_yield_the_session() {
    let out = apply_fix("session-dependency-not-closed", "Yield the session");
    assert!(
        out.contains("def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n"),
        "{out}"
    );
    python::assert_runs(&out);
}

#[test]
fn the_diagnostics_setting_turns_tips_off() {
    let mut client = LspClient::start();
    client.initialize_with(default_capabilities(), json!({"diagnostics": false}));
    let (text, _, _, _) = CASES[0];
    let uri = "file:///project/off.py";
    client.open(uri, "python", text);
    // Turned on: the tip appears without reopening the file, and it is the
    // first thing published for it.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"diagnostics": true}}),
    );
    let (published, diagnostics) = next_publish(&mut client);
    assert_eq!(published, uri);
    assert_eq!(diagnostics.len(), 1);
    // Turned off again: cleared.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"diagnostics": false}}),
    );
    assert_eq!(diagnostics_for(&mut client, uri), Vec::<Value>::new());
    // And a close clears them.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(diagnostics_for(&mut client, uri), Vec::<Value>::new());
    assert!(
        client
            .try_wait_for(
                "textDocument/publishDiagnostics",
                Duration::from_millis(200)
            )
            .is_none()
    );
}

#[test]
fn tips_follow_edits() {
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///project/edit.py";
    let text = CASES[2].0;
    client.open(uri, "python", text);
    assert_eq!(diagnostics_for(&mut client, uri).len(), 1);
    let start = text.find("debug=True").unwrap();
    let line = text[..start].matches('\n').count();
    let column = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": line, "character": column + 6}, "end": {"line": line, "character": column + 10}},
                "text": "False"
            }]
        }),
    );
    let message = loop {
        let message = client.wait_for("textDocument/publishDiagnostics");
        if message["params"]["uri"] == uri {
            break message;
        }
    };
    assert_eq!(message["params"]["version"], 2);
    assert_eq!(message["params"]["diagnostics"], json!([]));
}
