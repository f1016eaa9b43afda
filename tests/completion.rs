//! Snippet completion through the real binary: items named by snippet id,
//! tab stops only for clients with snippet support, imports as
//! `additionalTextEdits`, and the scope rules (module snippets at the top
//! level, body snippets in functions, nothing in strings).

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, assert_parses, assert_runs};
use serde_json::{Value, json};
use support::{LspClient, cursor, default_capabilities};

const FASTAPI_APP: &str = include_str!("fixtures/fastapi_app.py");

fn started(capabilities: Value) -> LspClient {
    let mut client = LspClient::start();
    let bank = format!("{}/tests/fixtures/bank", env!("CARGO_MANIFEST_DIR"));
    client.initialize_with(capabilities, json!({"questionPaths": [bank]}));
    client
}

fn complete(client: &mut LspClient, uri: &str, source: &str) -> (String, Vec<Value>) {
    let (text, position) = cursor(source);
    client.open(uri, "python", &text);
    let result = client.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position}),
    );
    let items = match result {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        other => other["items"].as_array().cloned().unwrap_or_default(),
    };
    (text, items)
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

/// The text after accepting `item` (its text edit and additional edits).
fn accept(text: &str, item: &Value) -> String {
    let mut edits = vec![item["textEdit"].clone()];
    edits.extend(
        item["additionalTextEdits"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    );
    apply_edits(text, &edits)
}

#[test]
fn snippet_items_with_tab_stops_and_imports() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/fastapi_app.py";
    let source = format!("{FASTAPI_APP}\nfastapi-cr$0\n");
    let (text, items) = complete(&mut client, uri, &source);
    let labels = labels(&items);
    assert!(labels.contains(&"fastapi-crud-router"), "{labels:?}");
    // Narrowed to ids holding the typed letters in order.
    assert!(
        labels.iter().all(|l| l.starts_with("fastapi-")),
        "{labels:?}"
    );
    assert!(!labels.contains(&"fastapi-hello"), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l.starts_with("flask-")),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"test-timing"),
        "a body snippet at the top level"
    );
    let item = items
        .iter()
        .find(|i| i["label"] == "fastapi-crud-router")
        .unwrap();
    assert_eq!(item["kind"], 15, "Snippet");
    assert_eq!(item["insertTextFormat"], 2, "snippet syntax");
    assert_eq!(item["filterText"], "fastapi-crud-router");
    assert_eq!(item["detail"], "CRUD router (FastAPI)");
    let new_text = item["textEdit"]["newText"].as_str().unwrap();
    assert!(new_text.contains("${1:"), "{new_text}");
    assert!(new_text.ends_with("$0"), "{new_text}");
    // The replaced range is what was typed, hyphen included.
    let range = &item["textEdit"]["range"];
    let line = text.lines().count() - 1;
    assert_eq!(
        range,
        &json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 10}})
    );
    assert!(
        !item["additionalTextEdits"].as_array().unwrap().is_empty(),
        "the router needs imports the fixture lacks"
    );
}

#[test]
fn plain_text_without_snippet_support_and_the_result_runs() {
    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["completion"]["completionItem"]["snippetSupport"] = json!(false);
    let mut client = started(capabilities);
    let uri = "file:///project/fastapi_app.py";
    let source = format!("{FASTAPI_APP}\nfastapi-health$0\n");
    let (text, items) = complete(&mut client, uri, &source);
    let item = items
        .iter()
        .find(|i| i["label"] == "fastapi-health-check")
        .expect("the health check is offered");
    assert_eq!(item["insertTextFormat"], 1, "plain text");
    let new_text = item["textEdit"]["newText"].as_str().unwrap();
    assert!(
        !new_text.contains("${") && !new_text.ends_with("$0"),
        "{new_text}"
    );
    let out = accept(&text, item);
    assert!(
        !out.contains("fastapi-health"),
        "the typed prefix is replaced:\n{out}"
    );
    assert_parses(&out);
    assert_runs(&out);
}

#[test]
fn body_snippets_complete_inside_functions_at_their_indentation() {
    let mut client = started(default_capabilities());
    let uri = "file:///project/handler.py";
    let source = "import os\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef handler():\n    path = os.getcwd()\n    test-ti$0\n";
    let (text, items) = complete(&mut client, uri, source);
    let offered = labels(&items);
    assert!(offered.contains(&"test-timing"), "{offered:?}");
    assert!(
        !offered.contains(&"fastapi-hello"),
        "module snippets stay at the top level"
    );
    let item = items.iter().find(|i| i["label"] == "test-timing").unwrap();
    // The client turns the final tab stop into the cursor.
    let out = accept(&text, item).replace("$0", "");
    assert_eq!(
        out,
        "import logging\nimport os\nimport time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef handler():\n    path = os.getcwd()\n    started = time.perf_counter()\n    elapsed = time.perf_counter() - started\n    logging.getLogger(__name__).info(\"took %.3f s\", elapsed)\n"
    );
    assert_runs(&out);
    // A fresh indented line after the function's last statement counts too.
    let (_, items) = complete(
        &mut client,
        "file:///project/handler2.py",
        "import flask\n\n\ndef handler():\n    x = 1\n    $0\n",
    );
    assert!(labels(&items).contains(&"test-timing"));
}

/// Examples complete where code actions offer them: not in a script that
/// imports neither framework, so work code is left alone; an empty file
/// (a new app) gets both frameworks.
#[test]
fn a_framework_free_file_gets_no_example_completions() {
    let mut client = started(default_capabilities());
    for (i, source) in [
        "import os\n\nfa$0\n",
        "import os\n\n\ndef main():\n    print(os.getcwd())\n    te$0\n",
    ]
    .iter()
    .enumerate()
    {
        let (_, items) = complete(
            &mut client,
            &format!("file:///project/script{i}.py"),
            source,
        );
        assert!(items.is_empty(), "{source}: {:?}", labels(&items));
    }
    let (_, items) = complete(&mut client, "file:///project/new.py", "$0");
    let labels = labels(&items);
    assert!(labels.iter().any(|l| l.starts_with("flask-")), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.starts_with("fastapi-")),
        "{labels:?}"
    );
}

#[test]
fn nothing_is_offered_inside_strings_comments_or_expressions() {
    let mut client = started(default_capabilities());
    for (i, source) in [
        "x = \"fastapi-$0\"\n",
        "# fastapi-$0\n",
        "x = fastapi$0\n",
        "\"\"\"Docs.\n\nfastapi-$0\n\"\"\"\n",
    ]
    .iter()
    .enumerate()
    {
        let (_, items) = complete(&mut client, &format!("file:///project/none{i}.py"), source);
        assert!(items.is_empty(), "{source}: {:?}", labels(&items));
    }
}

/// A completion item exactly as a snippet-capable client receives it.
#[test]
fn a_completion_item_as_the_client_receives_it() {
    let mut client = started(default_capabilities());
    let source = format!("{FASTAPI_APP}\nfastapi-cr$0\n");
    let (_, items) = complete(&mut client, "file:///project/fastapi_app.py", &source);
    let item = items
        .iter()
        .find(|i| i["label"] == "fastapi-crud-router")
        .expect("the CRUD router completes");
    insta::assert_json_snapshot!("crud_router_completion_item", item);
}
