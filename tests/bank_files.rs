//! Bank files in the editor: errors as diagnostics, live re-indexing while
//! typing, and reloads when watched files change on disk.

mod support;

use serde_json::{Value, json};
use support::{LspClient, default_capabilities, file_uri};

const PYTHON: &str =
    "from fastapi import FastAPI\napp = FastAPI()\napp.state.counter = 0\napp.router\n";

fn entry(id: &str, difficulty: &str, keyword: &str, title: &str) -> String {
    format!(
        "## {title}\n\n- id: {id}\n- difficulty: {difficulty}\n- frameworks: fastapi\n- keywords: {keyword}\n\n**In short:** About {keyword}.\n\nThe full answer.\n"
    )
}

fn hover_title(client: &mut LspClient, line: u32, character: u32) -> Option<String> {
    let result = client.call("textDocument/hover", json!({"textDocument": {"uri": "file:///p/app.py"}, "position": {"line": line, "character": character}}));
    result["contents"]["value"].as_str().map(String::from)
}

#[test]
fn an_open_bank_file_shows_its_errors_and_fixes_take_effect_live() {
    let dir = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    let path = folder.join("mine.md");
    let broken = entry(
        "my-state",
        "medum",
        "fastapi.FastAPI.state",
        "What is app.state for?",
    );
    std::fs::write(&path, &broken).unwrap();

    let mut client = LspClient::start();
    client.initialize_with(default_capabilities(), json!({"questionPaths": [folder]}));
    client.open("file:///p/app.py", "python", PYTHON);
    assert_eq!(
        hover_title(&mut client, 2, 5),
        None,
        "the broken entry must not load"
    );

    let uri = file_uri(&path);
    client.open(&uri, "markdown", &broken);
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["params"]["uri"], uri);
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        diagnostics[0]["message"],
        "unknown difficulty `medum` (did you mean `medium`?)"
    );
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 3, "character": 14})
    );
    assert_eq!(diagnostics[0]["severity"], 1);

    // Fix the typo without saving: the diagnostics clear and the entry loads.
    client.notify("textDocument/didChange", json!({
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 3, "character": 14}, "end": {"line": 3, "character": 19}}, "text": "medium"}]
    }));
    let published = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(published["params"]["diagnostics"], json!([]));
    let text = hover_title(&mut client, 2, 5).expect("a hover once the entry is fixed");
    assert!(text.contains("What is app.state for?"), "{text}");
}

#[test]
fn watched_file_changes_reload_the_bank() {
    let dir = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    let mut client = LspClient::start();
    let mut caps = default_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    client.initialize_with(caps, json!({"questionPaths": [folder]}));
    let registration = client.wait_for("client/registerCapability");
    let watcher = &registration["params"]["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        watcher["registerOptions"]["watchers"][0]["globPattern"]["pattern"],
        "**/*.md"
    );

    client.open("file:///p/app.py", "python", PYTHON);
    assert_eq!(hover_title(&mut client, 3, 5), None);
    let path = folder.join("router.md");
    std::fs::write(
        &path,
        entry(
            "my-router",
            "easy",
            "fastapi.FastAPI.router",
            "What is app.router?",
        ),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&path), "type": 1}]}),
    );
    let logs = client.log_messages(std::time::Duration::from_secs(1));
    assert!(
        logs.iter().any(|l| l.contains("built-in bank +")),
        "{logs:?}"
    );
    let text = hover_title(&mut client, 3, 5).expect("a hover after the reload");
    assert!(text.contains("What is app.router?"), "{text}");
    let _: Value = client.call("shutdown", Value::Null);
}
