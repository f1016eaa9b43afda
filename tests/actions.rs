//! "Insert example" code actions and `interview.insertSnippet` through the
//! real binary: which examples are offered where (a few about the cursor,
//! the client's picker, nothing in framework-free files), and the text
//! that results from inserting one, which must parse and, for these
//! fixtures, run.

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, assert_parses, assert_runs, edits_for};
use serde_json::{Value, json};
use std::collections::HashMap;
use support::{LspClient, Start, cursor, default_capabilities};

const FASTAPI_APP: &str = include_str!("fixtures/fastapi_app.py");
const FLASK_APP: &str = include_str!("fixtures/flask_app.py");
const INSERT_KIND: &str = "refactor.rewrite";
const PICK_EXAMPLE: &str = "interviewLs.pickExample";

fn bank_folder() -> String {
    format!("{}/tests/fixtures/bank", env!("CARGO_MANIFEST_DIR"))
}

/// Capabilities of a client that runs the "Insert example…" picker itself.
fn with_picker() -> Value {
    let mut capabilities = default_capabilities();
    capabilities["experimental"] = json!({"commands": {"commands": [PICK_EXAMPLE]}});
    capabilities
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

/// The examples of the "Insert example…" entry (the picker's list).
fn picker_examples(actions: &[Value]) -> Vec<Value> {
    let picker = actions
        .iter()
        .find(|a| a["title"] == "Insert example…")
        .unwrap_or_else(|| panic!("no Insert example… entry: {actions:#?}"));
    assert_eq!(picker["kind"], INSERT_KIND);
    assert_eq!(picker["command"]["command"], PICK_EXAMPLE);
    picker["command"]["arguments"][0]["examples"]
        .as_array()
        .expect("examples")
        .clone()
}

/// `framework`'s snippets are among those listed, and nothing else but
/// general ones.
#[track_caller]
fn assert_offers_only(offered: &[String], framework: &str) {
    assert!(offered.iter().any(|f| f == framework), "{offered:?}");
    assert!(
        offered.iter().all(|f| f == framework || f == "general"),
        "{offered:?}"
    );
}

/// Runs the command of an example action as a client does, approving the
/// `workspace/applyEdit`, and returns the text after the edit.
fn run_insert(client: &mut LspClient, uri: &str, text: &str, command: &Value) -> String {
    client.set_responder(|method, _| match method {
        "workspace/applyEdit" => json!({"applied": true}),
        _ => Value::Null,
    });
    let before = client.server_requests.len();
    let result = client.call(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    assert_eq!(result["applied"], true, "{result}");
    let request = client.server_requests[before..]
        .iter()
        .find(|r| r["method"] == "workspace/applyEdit")
        .expect("an applyEdit request");
    apply_edits(text, &edits_for(&request["params"]["edit"], uri))
}

/// Opens `source` (with a `$0` cursor), runs the example action `title`
/// offered there, and returns the new text.
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
    assert_eq!(action["command"]["command"], "interview.insertSnippet");
    run_insert(client, uri, &text, &action["command"])
}

/// Opens `source` (with a `$0` cursor) and inserts snippet `id` through
/// `interview.insertSnippet`, which reaches every snippet, offered or not.
fn insert_by_command(client: &mut LspClient, uri: &str, source: &str, id: &str) -> String {
    let (text, position) = cursor(source);
    client.open(uri, "python", &text);
    let command = json!({
        "command": "interview.insertSnippet",
        "arguments": [{"id": id, "uri": uri, "position": position}],
    });
    run_insert(client, uri, &text, &command)
}

#[test]
fn a_few_entries_about_the_cursor_then_the_picker() {
    let mut client = started(with_picker());
    let uri = "file:///project/fastapi_app.py";
    let source = FASTAPI_APP.replacen(
        "form: Annotated[OAuth2PasswordRequestForm",
        "form: Annotated[OAuth2Pass$0wordRequestForm",
        1,
    );
    let (text, position) = cursor(&source);
    client.open(uri, "python", &text);
    let actions = insert_actions(&mut client, uri, &position);
    assert!(actions.len() <= 4, "{actions:#?}");
    assert_eq!(
        actions[0]["title"], "Insert example: OAuth2 password flow with JWT (FastAPI)",
        "{actions:#?}"
    );
    assert_eq!(actions.last().unwrap()["title"], "Insert example…");
    for action in &actions {
        assert_eq!(action["kind"], INSERT_KIND, "{action}");
        assert!(action.get("edit").is_none(), "{action}");
    }
    // The picker lists the file's whole framework-filtered list, best first.
    let examples = picker_examples(&actions);
    assert!(examples.len() > 10, "{}", examples.len());
    assert_eq!(examples[0]["id"], "fastapi-oauth2-jwt");
    let arguments = &actions.last().unwrap()["command"]["arguments"][0];
    assert_eq!(arguments["uri"], uri);
    assert_eq!(arguments["position"], position);
    let offered: Vec<String> = examples
        .iter()
        .map(|e| e["framework"].as_str().unwrap().to_string())
        .collect();
    assert_offers_only(&offered, "fastapi");
    // Choosing the first runs interview.insertSnippet: the fixture's
    // `oauth2_scheme` and `app` are reused, and the result runs.
    let out = insert(
        &mut client,
        "file:///project/copy.py",
        &source,
        "OAuth2 password flow with JWT (FastAPI)",
    );
    assert_eq!(out.matches("oauth2_scheme = ").count(), 1, "{out}");
    assert_eq!(out.matches("app = FastAPI(").count(), 1, "{out}");
    assert_parses(&out);
    assert_runs(&out);
    // The body snippet needs a function around the cursor, which is not
    // the case on an import line; nothing there relates to an example.
    let actions = insert_actions(&mut client, uri, &json!({"line": 2, "character": 0}));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert!(
        !picker_examples(&actions)
            .iter()
            .any(|e| e["id"] == "test-timing"),
        "{actions:#?}"
    );
}

#[test]
fn a_flask_file_lists_flask_snippets_and_a_framework_free_file_none() {
    let mut client = started(with_picker());
    let uri = "file:///project/flask_app.py";
    client.open(uri, "python", FLASK_APP);
    let actions = insert_actions(&mut client, uri, &json!({"line": 23, "character": 4}));
    let frameworks = frameworks(&mut client);
    let offered: Vec<String> = picker_examples(&actions)
        .iter()
        .map(|e| frameworks[e["title"].as_str().unwrap()].clone())
        .collect();
    assert_offers_only(&offered, "flask");

    // A script that imports neither framework gets no example anywhere.
    let script = "import os


def main():
    print(os.getcwd())


if __name__ == \"__main__\":
    main()
";
    let uri = "file:///project/script.py";
    client.open(uri, "python", script);
    for (line, text) in script.lines().enumerate() {
        for character in [0, text.len() / 2, text.len()] {
            let position = json!({"line": line, "character": character});
            let actions = insert_actions(&mut client, uri, &position);
            assert!(actions.is_empty(), "{line}:{character}: {actions:#?}");
        }
    }
    // A new, empty file is where a first example goes: the picker has both.
    let uri = "file:///project/new.py";
    client.open(uri, "python", "");
    let actions = insert_actions(&mut client, uri, &json!({"line": 0, "character": 0}));
    let offered: Vec<String> = picker_examples(&actions)
        .iter()
        .map(|e| e["framework"].as_str().unwrap().to_string())
        .collect();
    assert!(offered.iter().any(|f| f == "flask"), "{offered:?}");
    assert!(offered.iter().any(|f| f == "fastapi"), "{offered:?}");
}

#[test]
fn no_picker_entry_for_a_client_without_it_nor_entries_unasked_or_switched_off() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/fastapi_app.py";
    client.open(uri, "python", FASTAPI_APP);
    let position = json!({"line": 63, "character": 4});
    let actions = insert_actions(&mut client, uri, &position);
    assert!(!actions.is_empty() && actions.len() <= 3, "{actions:#?}");
    assert!(
        actions
            .iter()
            .all(|a| a["command"]["command"] == "interview.insertSnippet"),
        "{actions:#?}"
    );
    // A request the client makes on its own (a lightbulb) gets no examples.
    let automatic = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": position, "end": position},
            "context": {"diagnostics": [], "triggerKind": 2}
        }),
    );
    assert_eq!(automatic, json!([]), "{automatic:#}");
    // `exampleActions: false`: no example actions, no example completions.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"interviewLs": {"exampleActions": false, "questionPaths": [bank_folder()]}}}),
    );
    assert_eq!(
        insert_actions(&mut client, uri, &position),
        Vec::<Value>::new()
    );
    let (text, position) = cursor(&format!(
        "{FASTAPI_APP}
fastapi-cr$0
"
    ));
    client.open("file:///project/typing.py", "python", &text);
    let completion = client.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": "file:///project/typing.py"}, "position": position}),
    );
    assert_eq!(completion, Value::Null, "{completion:#}");
}

#[test]
fn inserting_into_the_fastapi_fixture_merges_imports_and_runs() {
    let mut client = started(default_capabilities());
    let source = FASTAPI_APP.replacen("    cache = {}\n", "    cache = {}$0\n", 1);
    let out = insert_by_command(
        &mut client,
        "file:///project/fastapi_app.py",
        &source,
        "fastapi-sqlalchemy-session",
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
    // A standard-library import joins the standard-library section.
    assert!(
        out.contains("import os\nfrom collections.abc import Iterator\nfrom contextlib import asynccontextmanager\n"),
        "{out}"
    );
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
    let out = insert_by_command(
        &mut client,
        "file:///project/multi.py",
        "from fastapi import (\n    FastAPI,\n    Query,  # query parameters\n)\nfrom sqlalchemy.orm import sessionmaker\n\nexisting = FastAPI()\nfactory = session$0maker()\n",
        "fastapi-sqlalchemy-session",
    );
    // The standard library gets its own section, above the third party.
    assert!(
        out.starts_with("import os\nfrom collections.abc import Iterator\nfrom contextlib import asynccontextmanager\nfrom typing import Annotated\n\nfrom fastapi import (\n    Depends,\n    FastAPI,\n    HTTPException,\n    Query,  # query parameters\n    status,\n)\n"),
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
    let out = insert_by_command(
        &mut client,
        "file:///project/flask_app.py",
        &source,
        "test-timing",
    );
    assert!(
        out.contains("    data = request.get_json()\n    started = time.perf_counter()\n    elapsed = time.perf_counter() - started\n    logging.getLogger(__name__).info(\"took %.3f s\", elapsed)\n    book = Book("),
        "{out}"
    );
    assert!(
        out.starts_with("\"\"\"A small but realistic Flask application: factory, blueprints, Flask-SQLAlchemy.\"\"\"\n\nimport logging\nimport os\nimport time\n\nfrom flask import"),
        "{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn the_cursor_lands_on_the_inserted_code() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/cursor.py";
    let out = insert_by_command(
        &mut client,
        uri,
        "from fastapi import FastAPI\n\napp = FastAPI()$0\n",
        "fastapi-health-check",
    );
    let shown = client
        .server_requests
        .iter()
        .rev()
        .find(|r| r["method"] == "window/showDocument")
        .expect("a showDocument request after the edit");
    assert_eq!(shown["params"]["uri"], uri);
    assert_eq!(shown["params"]["takeFocus"], true);
    let selection = &shown["params"]["selection"];
    assert_eq!(selection["start"], selection["end"]);
    let line = selection["start"]["line"].as_u64().unwrap() as usize;
    let first = out.lines().nth(line).unwrap();
    // The first line of the example's code, right after the file's.
    assert!(
        !first.trim().is_empty() && !first.starts_with("from ") && !first.starts_with("import "),
        "line {line}: {first:?}\n{out}"
    );
    assert!(
        out.lines().take(line).any(|l| l == "app = FastAPI()"),
        "{out}"
    );
    assert_eq!(selection["start"]["character"], 0);
}

#[test]
fn an_example_of_the_other_framework_is_inserted_only_when_confirmed() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/api.py";
    let (text, position) = cursor("from fastapi import FastAPI\n\napp = FastAPI()$0\n");
    client.open(uri, "python", &text);
    let run = |client: &mut LspClient, answer: &'static str| {
        client.set_responder(move |method, _| match method {
            "window/showMessageRequest" if answer.is_empty() => Value::Null,
            "window/showMessageRequest" => json!({"title": answer}),
            "workspace/applyEdit" => json!({"applied": true}),
            _ => Value::Null,
        });
        let before = client.server_requests.len();
        let result = client.call(
            "workspace/executeCommand",
            json!({"command": "interview.insertSnippet", "arguments": [{"id": "flask-blueprint", "uri": uri, "position": position}]}),
        );
        let requests: Vec<Value> = client.server_requests[before..].to_vec();
        (result, requests)
    };
    for answer in ["Cancel", ""] {
        let (result, requests) = run(&mut client, answer);
        assert_eq!(result["applied"], false, "{result}");
        assert!(
            result["failureReason"]
                .as_str()
                .unwrap()
                .contains("is a Flask example and this file uses FastAPI"),
            "{result}"
        );
        let asked = &requests[0];
        assert_eq!(asked["method"], "window/showMessageRequest");
        assert!(
            asked["params"]["message"]
                .as_str()
                .unwrap()
                .contains("is a Flask example, and this file uses FastAPI"),
            "{asked}"
        );
        assert!(
            !requests
                .iter()
                .any(|r| r["method"] == "workspace/applyEdit"),
            "{requests:#?}"
        );
    }
    let (result, requests) = run(&mut client, "Insert anyway");
    assert_eq!(result["applied"], true, "{result}");
    assert!(
        requests
            .iter()
            .any(|r| r["method"] == "workspace/applyEdit")
    );
    // A snippet of the file's own framework is inserted without a question.
    let out = insert_by_command(
        &mut client,
        "file:///project/api2.py",
        "from fastapi import FastAPI\n\napp = FastAPI()$0\n",
        "fastapi-health-check",
    );
    assert!(out.contains("async def check_database()"), "{out}");
    assert!(
        !client
            .server_requests
            .iter()
            .rev()
            .take(3)
            .any(|r| r["method"] == "window/showMessageRequest")
    );
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
        "import logging\nimport os\nimport time\n\n\ndef handler():\n    return os.getcwd()\n    started = time.perf_counter()\n    elapsed = time.perf_counter() - started\n    logging.getLogger(__name__).info(\"took %.3f s\", elapsed)\n"
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
    let module = insert_by_command(
        &mut client,
        "file:///project/fastapi_app.py",
        &FASTAPI_APP.replacen("    cache = {}\n", "    cache = {}$0\n", 1),
        "fastapi-sqlalchemy-session",
    );
    insta::assert_snapshot!("module_snippet_in_the_fastapi_fixture", module);
    let body = insert_by_command(
        &mut client,
        "file:///project/flask_app.py",
        &FLASK_APP.replacen(
            "    data = request.get_json()\n",
            "    data = request.get_json()$0\n",
            1,
        ),
        "test-timing",
    );
    insta::assert_snapshot!("body_snippet_in_the_flask_fixture", body);
}
