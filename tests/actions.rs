//! "Insert example" code actions and `interview.insertSnippet` through the
//! real binary: what is offered in FastAPI, Flask and framework-less files,
//! and the text that results from applying a snippet, which must parse and,
//! for these fixtures, run.

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, assert_parses, assert_runs, edits_for};
use serde_json::{Value, json};
use std::collections::HashMap;
use support::{LspClient, Start, cursor, default_capabilities};

const FASTAPI_APP: &str = include_str!("fixtures/fastapi_app.py");
const FLASK_APP: &str = include_str!("fixtures/flask_app.py");
const INSERT_KIND: &str = "refactor.rewrite.interview";

fn bank_folder() -> String {
    format!("{}/tests/fixtures/bank", env!("CARGO_MANIFEST_DIR"))
}

/// A server with the test bank folder (which adds a `scope=body` snippet).
fn started(capabilities: Value) -> LspClient {
    let mut client = LspClient::start_with(Start::default());
    client.initialize_with(capabilities, json!({"questionPaths": [bank_folder()]}));
    client
}

fn insert_actions(client: &mut LspClient, uri: &str, position: &Value) -> Vec<Value> {
    let result = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": position, "end": position},
            "context": {"diagnostics": [], "only": ["refactor"]}
        }),
    );
    result.as_array().expect("an array of actions").clone()
}

/// Snippet title → framework, from `interview.snippets`.
fn frameworks(client: &mut LspClient) -> HashMap<String, String> {
    let snippets = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.snippets", "arguments": []}),
    );
    snippets
        .as_array()
        .expect("snippets")
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().to_string(),
                s["framework"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn offered_frameworks(client: &mut LspClient, actions: &[Value]) -> Vec<String> {
    let frameworks = frameworks(client);
    actions
        .iter()
        .map(|a| {
            let title = a["title"].as_str().unwrap();
            let title = title.strip_prefix("Insert example: ").expect(title);
            frameworks[title].clone()
        })
        .collect()
}

/// `framework`'s snippets are among those offered, and nothing else but
/// general ones.
#[track_caller]
fn assert_offers_only(offered: &[String], framework: &str) {
    assert!(offered.iter().any(|f| f == framework), "{offered:?}");
    assert!(
        offered.iter().all(|f| f == framework || f == "general"),
        "{offered:?}"
    );
}

/// Opens `source` (with a `$0` cursor), inserts snippet `title` through
/// codeAction + resolve, and returns the new text.
fn insert(client: &mut LspClient, uri: &str, source: &str, title: &str) -> String {
    let (text, position) = cursor(source);
    client.open(uri, "python", &text);
    let actions = insert_actions(client, uri, &position);
    let action = actions
        .iter()
        .find(|a| a["title"] == format!("Insert example: {title}"))
        .unwrap_or_else(|| panic!("{title} not offered: {actions:#?}"))
        .clone();
    assert_eq!(action["kind"], INSERT_KIND);
    assert!(action.get("edit").is_none(), "resolved lazily: {action}");
    let resolved = client.call("codeAction/resolve", action);
    apply_edits(&text, &edits_for(&resolved["edit"], uri))
}

/// Opens `source` (with a `$0` cursor) and inserts snippet `id` through
/// `interview.insertSnippet`, which reaches every snippet, offered or not.
fn insert_by_command(client: &mut LspClient, uri: &str, source: &str, id: &str) -> String {
    let (text, position) = cursor(source);
    client.open(uri, "python", &text);
    client.set_responder(|method, _| match method {
        "workspace/applyEdit" => json!({"applied": true}),
        _ => Value::Null,
    });
    let result = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.insertSnippet", "arguments": [{"id": id, "uri": uri, "position": position}]}),
    );
    assert_eq!(result["applied"], true, "{result}");
    let request = client
        .server_requests
        .iter()
        .rev()
        .find(|r| r["method"] == "workspace/applyEdit")
        .expect("an applyEdit request");
    apply_edits(&text, &edits_for(&request["params"]["edit"], uri))
}

#[test]
fn a_fastapi_file_is_offered_fastapi_and_general_snippets_only() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/fastapi_app.py";
    client.open(uri, "python", FASTAPI_APP);
    let actions = insert_actions(&mut client, uri, &json!({"line": 0, "character": 0}));
    assert!(
        !actions.is_empty() && actions.len() <= 15,
        "{}",
        actions.len()
    );
    let offered = offered_frameworks(&mut client, &actions);
    assert_offers_only(&offered, "fastapi");
    // The body snippet needs a function around the cursor.
    assert!(
        !actions
            .iter()
            .any(|a| a["title"] == "Insert example: Time a block of code"),
        "{actions:#?}"
    );
}

#[test]
fn a_flask_file_gets_flask_snippets_and_a_file_without_imports_gets_both() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/flask_app.py";
    client.open(uri, "python", FLASK_APP);
    let actions = insert_actions(&mut client, uri, &json!({"line": 0, "character": 0}));
    let offered = offered_frameworks(&mut client, &actions);
    assert_offers_only(&offered, "flask");

    let uri = "file:///project/plain.py";
    client.open(uri, "python", "import os\n\nx = os.getcwd()\n");
    let actions = insert_actions(&mut client, uri, &json!({"line": 2, "character": 0}));
    let offered = offered_frameworks(&mut client, &actions);
    assert!(offered.iter().any(|f| f == "flask"), "{offered:?}");
    assert!(offered.iter().any(|f| f == "fastapi"), "{offered:?}");
    assert!(actions.len() <= 15);
}

#[test]
fn the_symbol_under_the_cursor_ranks_its_snippets_first() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/fastapi_app.py";
    let source = FASTAPI_APP.replacen(
        "form: Annotated[OAuth2PasswordRequestForm",
        "form: Annotated[OAuth2Pass$0wordRequestForm",
        1,
    );
    let (text, position) = cursor(&source);
    client.open(uri, "python", &text);
    let actions = insert_actions(&mut client, uri, &position);
    assert_eq!(
        actions[0]["title"], "Insert example: OAuth2 password flow with JWT (FastAPI)",
        "{actions:#?}"
    );
}

#[test]
fn inserting_into_the_fastapi_fixture_merges_imports_and_runs() {
    let mut client = started(default_capabilities());
    let source = FASTAPI_APP.replacen("    cache = {}\n", "    cache = {}$0\n", 1);
    let out = insert(
        &mut client,
        "file:///project/fastapi_app.py",
        &source,
        "SQLAlchemy session dependency (FastAPI)",
    );
    // Added to the existing line at its sorted place, nothing imported twice.
    assert!(
        out.contains(
            "from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker\n"
        ),
        "{out}"
    );
    assert_eq!(
        out.matches(
            "from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, status\n"
        )
        .count(),
        1
    );
    assert!(out.contains("from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker\nfrom collections.abc import Iterator\n"), "{out}");
    // After the handler the cursor was in, at the top level.
    assert!(
        out.contains(
            "    return db.scalars(select(ItemRow).limit(limit)).all()\n\n\nDATABASE_URL = "
        ),
        "{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn inserting_into_a_file_without_imports() {
    let mut client = started(default_capabilities());
    let out = insert_by_command(
        &mut client,
        "file:///project/empty.py",
        "x = 1$0\n",
        "fastapi-hello",
    );
    assert!(
        out.starts_with("from fastapi import FastAPI\n\nx = 1\n\n\napp = FastAPI(title=\"Hello API\")\n\n\n@app.get(\"/\")\n"),
        "{out}"
    );
    assert_eq!(out.matches("import FastAPI").count(), 1, "{out}");
    assert_runs(&out);
}

#[test]
fn names_imported_under_an_alias_are_reused_not_imported_again() {
    let mut client = started(default_capabilities());
    let out = insert_by_command(
        &mut client,
        "file:///project/aliased.py",
        "from fastapi import FastAPI as App\n\napi = App()$0\n",
        "fastapi-hello",
    );
    assert!(
        out.starts_with("from fastapi import FastAPI as App\n\napi = App()\n\n\napp = App(title=\"Hello API\")\n\n\n@app.get(\"/\")\n"),
        "{out}"
    );
    // `FastAPI` is neither imported again nor used unimported.
    assert_eq!(out.matches("FastAPI").count(), 1, "{out}");
    assert_runs(&out);
}

#[test]
fn new_imports_follow_the_docstring_and_future_imports() {
    let mut client = started(default_capabilities());
    let out = insert_by_command(
        &mut client,
        "file:///project/service.py",
        "\"\"\"The service.\"\"\"\nfrom __future__ import annotations\n\nVERSION = 1$0\n",
        "fastapi-hello",
    );
    assert!(
        out.starts_with("\"\"\"The service.\"\"\"\nfrom __future__ import annotations\n\nfrom fastapi import FastAPI\n\nVERSION = 1\n\n\napp = FastAPI(title=\"Hello API\")\n"),
        "{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn names_join_a_parenthesised_multi_line_import() {
    let mut client = started(default_capabilities());
    let out = insert(
        &mut client,
        "file:///project/multi.py",
        // The cursor on `sessionmaker` makes the session snippet the relevant one.
        "from fastapi import (\n    FastAPI,\n    Query,  # query parameters\n)\nfrom sqlalchemy.orm import sessionmaker\n\nexisting = FastAPI()\nfactory = session$0maker()\n",
        "SQLAlchemy session dependency (FastAPI)",
    );
    assert!(
        out.starts_with("from fastapi import (\n    Depends,\n    FastAPI,\n    HTTPException,\n    Query,  # query parameters\n    status,\n)\n"),
        "{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn a_body_snippet_goes_inside_the_function_at_its_indentation() {
    let mut client = started(default_capabilities());
    let source = FLASK_APP.replacen(
        "    data = request.get_json()\n",
        "    data = request.get_json()$0\n",
        1,
    );
    let out = insert(
        &mut client,
        "file:///project/flask_app.py",
        &source,
        "Time a block of code",
    );
    assert!(
        out.contains("    data = request.get_json()\n    started = time.perf_counter()\n    elapsed = time.perf_counter() - started\n    logging.getLogger(__name__).info(\"took %.3f s\", elapsed)\n    book = Book("),
        "{out}"
    );
    assert!(
        out.contains("from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\nimport logging\nimport time\n"),
        "{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn without_resolve_support_the_edit_comes_inline() {
    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["codeAction"]
        .as_object_mut()
        .unwrap()
        .remove("resolveSupport");
    let mut client = started(capabilities);
    let uri = "file:///project/plain.py";
    client.open(uri, "python", "x = 1\n");
    let actions = insert_actions(&mut client, uri, &json!({"line": 0, "character": 0}));
    assert!(!actions.is_empty());
    for action in &actions {
        assert!(action.get("data").is_none(), "{action}");
        let out = apply_edits("x = 1\n", &edits_for(&action["edit"], uri));
        assert!(out.contains("\nx = 1\n\n\n"), "{out}");
        assert_parses(&out);
    }
}

#[test]
fn the_insert_snippet_command_applies_the_edit_through_the_client() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/cmd.py";
    // The cursor at line 4, character 4.
    let out = insert_by_command(
        &mut client,
        uri,
        "import os\n\n\ndef handler():\n    $0return os.getcwd()\n",
        "test-timing",
    );
    assert_eq!(
        out,
        "import os\nimport logging\nimport time\n\n\ndef handler():\n    return os.getcwd()\n    started = time.perf_counter()\n    elapsed = time.perf_counter() - started\n    logging.getLogger(__name__).info(\"took %.3f s\", elapsed)\n"
    );

    // Bad input is an InvalidParams error, never a crash.
    let error = |client: &mut LspClient, arguments: Value| {
        let response = client.request(
            "workspace/executeCommand",
            json!({"command": "interview.insertSnippet", "arguments": [arguments]}),
        );
        assert_eq!(response["error"]["code"], -32602, "{response}");
        response["error"]["message"].as_str().unwrap().to_string()
    };
    let message = error(
        &mut client,
        json!({"id": "nope", "uri": uri, "position": {"line": 0, "character": 0}}),
    );
    assert!(message.contains("unknown snippet id `nope`"), "{message}");
    let message = error(
        &mut client,
        json!({"id": "test-timing", "uri": uri, "position": {"line": 0, "character": 0}}),
    );
    assert!(message.contains("inside a function"), "{message}");
    let message = error(
        &mut client,
        json!({"id": "fastapi-hello", "uri": "file:///not/open.py", "position": {"line": 0, "character": 0}}),
    );
    assert!(message.contains("is not open"), "{message}");
    assert!(client.is_running());
}

/// The whole file after each kind of insertion, as a user sees it saved:
/// a module snippet into the realistic FastAPI fixture, a body snippet into
/// the Flask fixture (snapshots in `tests/snapshots/`).
#[test]
fn insertion_results_read_as_written() {
    let mut client = started(default_capabilities());
    let module = insert(
        &mut client,
        "file:///project/fastapi_app.py",
        &FASTAPI_APP.replacen("    cache = {}\n", "    cache = {}$0\n", 1),
        "SQLAlchemy session dependency (FastAPI)",
    );
    insta::assert_snapshot!("module_snippet_in_the_fastapi_fixture", module);
    let body = insert(
        &mut client,
        "file:///project/flask_app.py",
        &FLASK_APP.replacen(
            "    data = request.get_json()\n",
            "    data = request.get_json()$0\n",
            1,
        ),
        "Time a block of code",
    );
    insta::assert_snapshot!("body_snippet_in_the_flask_fixture", body);
}
