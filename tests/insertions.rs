//! Insertions and quick fixes keep the file correct, checked by ruff (from
//! PyPI, in the tests' virtualenv) for I001 (imports sorted in their isort
//! sections) and F811 (nothing defined twice), through the real binary:
//! every example the picker lists, inserted at several places of each
//! fixture (a file that already has the CRUD example's handlers among
//! them), and every quick fix on the tip fixtures. Also: how many example
//! entries the code-action menu shows anywhere in the fixtures.

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, assert_parses, assert_ruff_clean, assert_runs, edits_for};
use serde_json::{Value, json};
use support::{LspClient, default_capabilities};

const PICK_EXAMPLE: &str = "interviewLs.pickExample";

/// The fixtures examples are inserted into, by name.
const FIXTURES: &[(&str, &str)] = &[
    ("fastapi_app", include_str!("fixtures/fastapi_app.py")),
    ("flask_app", include_str!("fixtures/flask_app.py")),
    (
        "existing_handlers",
        include_str!("fixtures/existing_handlers.py"),
    ),
    (
        "editor_fixture",
        include_str!("../editors/fixtures/fastapi-app/main.py"),
    ),
    ("empty", ""),
];

const TIP_FIXTURES: &[(&str, &str)] = &[
    (
        "blocking_call",
        include_str!("fixtures/tips/blocking_call.py"),
    ),
    (
        "cors_wildcard",
        include_str!("fixtures/tips/cors_wildcard.py"),
    ),
    ("debug_mode", include_str!("fixtures/tips/debug_mode.py")),
    (
        "hardcoded_secret",
        include_str!("fixtures/tips/hardcoded_secret.py"),
    ),
    (
        "hardcoded_secret_fastapi",
        include_str!("fixtures/tips/hardcoded_secret_fastapi.py"),
    ),
    ("jwt_decode", include_str!("fixtures/tips/jwt_decode.py")),
    (
        "session_dependency",
        include_str!("fixtures/tips/session_dependency.py"),
    ),
    (
        "sql_injection",
        include_str!("fixtures/tips/sql_injection.py"),
    ),
    (
        "sql_injection_sqlite",
        include_str!("fixtures/tips/sql_injection_sqlite.py"),
    ),
];

/// A script that imports neither framework.
const SCRIPT: &str = "import os\nimport sys\n\n\ndef main() -> int:\n    print(os.getcwd())\n    return 0\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n";

fn started() -> LspClient {
    let mut capabilities = default_capabilities();
    capabilities["experimental"] = json!({"commands": {"commands": [PICK_EXAMPLE]}});
    let mut client = LspClient::start();
    client.initialize_with(capabilities, json!({}));
    client.set_responder(|method, _| match method {
        "workspace/applyEdit" => json!({"applied": true}),
        _ => Value::Null,
    });
    client
}

fn uri(name: &str) -> String {
    format!("file:///project/{name}.py")
}

fn code_actions(client: &mut LspClient, uri: &str, position: &Value, only: &str) -> Vec<Value> {
    client
        .call(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": position, "end": position},
                "context": {"diagnostics": [], "only": [only]}
            }),
        )
        .as_array()
        .expect("actions")
        .clone()
}

/// The examples the "Insert example…" entry lists at `position`.
fn picker_list(client: &mut LspClient, uri: &str, position: &Value) -> Vec<String> {
    code_actions(client, uri, position, "refactor")
        .iter()
        .find(|a| a["command"]["command"] == PICK_EXAMPLE)
        .map(|a| {
            a["command"]["arguments"][0]["examples"]
                .as_array()
                .expect("examples")
                .iter()
                .map(|e| e["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Inserts snippet `id` at `position` of the open document holding `text`
/// (left unchanged: the client applies the edit only in this test).
fn inserted(client: &mut LspClient, uri: &str, text: &str, id: &str, position: &Value) -> String {
    let before = client.server_requests.len();
    let result = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.insertSnippet", "arguments": [{"id": id, "uri": uri, "position": position}]}),
    );
    assert_eq!(result["applied"], true, "{id} at {position}: {result}");
    let request = client.server_requests[before..]
        .iter()
        .find(|r| r["method"] == "workspace/applyEdit")
        .expect("an applyEdit request");
    apply_edits(text, &edits_for(&request["params"]["edit"], uri))
}

/// Where examples go in a fixture: in the import block, inside the first
/// function, and on the last line.
fn positions(text: &str) -> Vec<Value> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    if let Some(i) = lines
        .iter()
        .position(|l| l.starts_with("import ") || l.starts_with("from "))
    {
        out.push(json!({"line": i, "character": 0}));
    }
    if let Some(i) = lines.iter().position(|l| l.starts_with("    ")) {
        out.push(json!({"line": i, "character": 4}));
    }
    out.push(json!({"line": lines.len().saturating_sub(1), "character": 0}));
    out
}

#[test]
fn every_example_inserted_into_every_fixture_keeps_imports_sorted_and_defines_nothing_twice() {
    let mut client = started();
    let mut results: Vec<(String, String)> = Vec::new();
    for (name, text) in FIXTURES {
        let uri = uri(name);
        client.open(&uri, "python", text);
        for (p, position) in positions(text).iter().enumerate() {
            let ids = picker_list(&mut client, &uri, position);
            assert!(!ids.is_empty(), "{name} at {position}: no examples");
            for id in ids {
                let out = inserted(&mut client, &uri, text, &id, position);
                assert_parses(&out);
                results.push((format!("{name}__{p}__{}.py", id.replace('-', "_")), out));
            }
        }
    }
    println!("ruff checks {} inserted files", results.len());
    assert!(results.len() > 100, "{}", results.len());
    assert_ruff_clean(&results);
}

#[test]
fn every_quick_fix_on_the_tip_fixtures_keeps_imports_sorted() {
    let mut client = started();
    let mut results: Vec<(String, String)> = Vec::new();
    for (name, text) in TIP_FIXTURES {
        let uri = uri(name);
        client.open(&uri, "python", text);
        let lines = text.lines().count();
        let actions = client
            .call(
                "textDocument/codeAction",
                json!({
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}},
                    "context": {"diagnostics": [], "only": ["quickfix"]}
                }),
            )
            .as_array()
            .expect("actions")
            .clone();
        let fixes: Vec<&Value> = actions.iter().filter(|a| a.get("edit").is_some()).collect();
        assert!(!fixes.is_empty(), "{name}: no quick fix");
        for (i, fix) in fixes.iter().enumerate() {
            let out = apply_edits(text, &edits_for(&fix["edit"], &uri));
            assert_parses(&out);
            results.push((format!("{name}__fix{i}.py"), out));
        }
    }
    println!("ruff checks {} fixed files", results.len());
    assert_ruff_clean(&results);
}

#[test]
fn the_crud_example_in_a_file_with_its_handlers_adds_only_what_is_missing() {
    let mut client = started();
    let (name, text) = FIXTURES[2];
    let uri = uri(name);
    client.open(&uri, "python", text);
    let end = json!({"line": text.lines().count(), "character": 0});
    let out = inserted(&mut client, &uri, text, "fastapi-crud-router", &end);
    for definition in [
        "def read_item(",
        "def create_item(",
        "app.include_router(router)\n",
    ] {
        assert_eq!(out.matches(definition).count(), 1, "{definition}:\n{out}");
    }
    for said in [
        "# Left out `read_item`: your `read_item` already handles GET \"/{item_id}\" on `router`.",
        "# Left out `create_item`: your `create_item` already handles POST \"\" on `router`.",
        "# Left out `app.include_router(router)`: your file already includes `router`.",
    ] {
        assert!(out.contains(said), "{said}\n{out}");
    }
    // What the file lacks is added, on the user's router and app.
    for added in ["def list_items(", "def replace_item(", "def delete_item("] {
        assert!(out.contains(added), "{added}:\n{out}");
    }
    assert_eq!(out.matches("router = APIRouter(").count(), 1, "{out}");
    assert_eq!(out.matches("app = FastAPI(").count(), 1, "{out}");
    assert_runs(&out);
    assert_ruff_clean(&[("existing_handlers.py".into(), out)]);
}

#[test]
fn the_menu_shows_at_most_four_entries_anywhere_and_none_in_a_script() {
    let mut client = started();
    let mut counts: Vec<usize> = Vec::new();
    let files: Vec<(&str, &str)> = FIXTURES.iter().chain(TIP_FIXTURES).copied().collect();
    for (name, text) in files {
        let uri = uri(name);
        client.open(&uri, "python", text);
        for (line, content) in text.lines().enumerate() {
            for character in [0, content.len() / 2, content.len()] {
                let position = json!({"line": line, "character": character});
                let actions = code_actions(&mut client, &uri, &position, "refactor");
                assert!(
                    actions.len() <= 4,
                    "{name} {line}:{character}: {} entries",
                    actions.len()
                );
                for action in &actions {
                    assert_eq!(action["kind"], "refactor.rewrite", "{action}");
                }
                counts.push(actions.len());
            }
        }
    }
    let most = counts.iter().max().copied().unwrap_or(0);
    let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
    println!(
        "{} positions: at most {most} example entries, {mean:.2} on average",
        counts.len()
    );
    client.open(&uri("script"), "python", SCRIPT);
    for (line, content) in SCRIPT.lines().enumerate() {
        for character in [0, content.len()] {
            let position = json!({"line": line, "character": character});
            let actions = code_actions(&mut client, &uri("script"), &position, "");
            assert!(
                actions.is_empty(),
                "script {line}:{character}: {actions:#?}"
            );
        }
    }
}
