//! What a hover picks, through the real binary, on a realistic Flask and a
//! realistic FastAPI file: the question *about* the name under the cursor
//! (`__name__` in `Flask(...)`, a blueprint's request hook, `debug=` in
//! `app.run`, a module in an import, `session`, `BaseModel`), related
//! questions of the file's framework only, an excerpt of the full answer,
//! a compact text, and the `hover` setting that turns it off.

mod support;

use serde_json::{Value, json};
use support::{LspClient, default_capabilities, run_cli};

const FLASK: &str = include_str!("fixtures/hover/flask_views.py");
const FASTAPI: &str = include_str!("fixtures/hover/fastapi_items.py");
const FLASK_URI: &str = "file:///project/views.py";
const FASTAPI_URI: &str = "file:///project/items.py";

/// Bank questions by id: title and frameworks.
fn bank() -> Vec<(String, String, Vec<String>)> {
    let (code, stdout, stderr) = run_cli(&["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Value = serde_json::from_str(&stdout).expect("list --json");
    list.as_array()
        .expect("an array")
        .iter()
        .map(|q| {
            let frameworks = q["frameworks"]
                .as_array()
                .expect("frameworks")
                .iter()
                .map(|f| f.as_str().expect("a name").to_string())
                .collect();
            (
                q["id"].as_str().expect("id").to_string(),
                q["title"].as_str().expect("title").to_string(),
                frameworks,
            )
        })
        .collect()
}

/// A title as the hover writes it (`[title](link)` with Markdown escapes)
/// back to the bank's text.
fn title_in(markdown: &str) -> String {
    let text = markdown.trim();
    let text = text
        .strip_prefix('[')
        .and_then(|rest| rest.rsplit_once("]("))
        .map_or(text, |(title, _)| title);
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// What a hover shows: the question's title, the related titles, and the
/// whole text.
struct Shown {
    title: String,
    related: Vec<String>,
    text: String,
}

/// The position of the first `needle` in `text`, `offset` characters in.
fn position(text: &str, needle: &str, offset: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the file"))
        + offset;
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

fn hover(client: &mut LspClient, uri: &str, position: Value) -> Value {
    client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    )
}

fn shown(client: &mut LspClient, uri: &str, text: &str, needle: &str, offset: usize) -> Shown {
    let result = hover(client, uri, position(text, needle, offset));
    let text = result["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no hover on {needle:?}: {result}"))
        .to_string();
    let title = text
        .lines()
        .next()
        .and_then(|l| l.split_once(":** "))
        .map(|(_, t)| title_in(t))
        .unwrap_or_else(|| panic!("no question line: {text}"));
    let related = text
        .lines()
        .skip_while(|l| *l != "**Related**")
        .skip(1)
        .take_while(|l| l.starts_with("- "))
        .map(|l| title_in(&l[2..]))
        .collect();
    Shown {
        title,
        related,
        text,
    }
}

fn started() -> LspClient {
    let mut client = LspClient::start();
    client.initialize();
    client.open(FLASK_URI, "python", FLASK);
    client.open(FASTAPI_URI, "python", FASTAPI);
    client
}

#[test]
fn each_name_gets_the_question_about_it_and_related_questions_of_its_framework() {
    let bank = bank();
    let by_title = |title: &str| {
        bank.iter()
            .find(|(_, t, _)| t == title)
            .unwrap_or_else(|| panic!("no question titled {title:?}"))
    };
    let mut client = started();
    // (file, needle, characters into the needle, expected question)
    let cases = [
        (
            FLASK_URI,
            FLASK,
            "Flask(__name__)",
            6,
            "flask-name-parameter",
        ),
        (
            FLASK_URI,
            FLASK,
            "bp.before_request",
            3,
            "flask-hooks-error-handlers",
        ),
        (FLASK_URI, FLASK, "debug=True", 0, "flask-hello-world"),
        (FLASK_URI, FLASK, "import flask", 7, "flask-what-is-flask"),
        (FLASK_URI, FLASK, "session.get", 0, "flask-g-vs-session"),
        (FLASK_URI, FLASK, "g.user = ", 0, "flask-g-vs-session"),
        (
            FASTAPI_URI,
            FASTAPI,
            "import fastapi",
            7,
            "fastapi-what-is-fastapi",
        ),
        (
            FASTAPI_URI,
            FASTAPI,
            "Item(BaseModel)",
            5,
            "fastapi-pydantic",
        ),
        (
            FASTAPI_URI,
            FASTAPI,
            "Depends(get_store)",
            0,
            "di-dependency-injection",
        ),
        (
            FASTAPI_URI,
            FASTAPI,
            "response_model=",
            0,
            "fastapi-response-model",
        ),
    ];
    for (uri, text, needle, offset, expected) in cases {
        let hover = shown(&mut client, uri, text, needle, offset);
        let (id, _, _) = by_title(&hover.title);
        assert_eq!(id, expected, "{needle:?}:\n{}", hover.text);
        let framework = if uri == FLASK_URI { "flask" } else { "fastapi" };
        assert!(
            !hover.related.is_empty(),
            "{needle:?}: no related questions"
        );
        for title in &hover.related {
            let (_, _, frameworks) = by_title(title);
            assert!(
                frameworks.iter().any(|f| f == framework || f == "general"),
                "{needle:?} relates {title:?} ({frameworks:?}) in a {framework} file"
            );
        }
    }
}

#[test]
fn hovers_are_compact_with_an_excerpt_and_a_link_to_the_full_answer() {
    let mut client = started();
    // Both answers start with a `###` heading; the excerpt is still there.
    for (uri, text, needle, offset, excerpt) in [
        (
            FLASK_URI,
            FLASK,
            "g.user = ",
            0,
            "`g` lives on the application context",
        ),
        (
            FASTAPI_URI,
            FASTAPI,
            "Depends(get_store)",
            0,
            "Handlers keep needing the same things",
        ),
        // `debug=` quotes the paragraph about debug mode.
        (
            FLASK_URI,
            FLASK,
            "debug=True",
            0,
            "`--debug` turns on the reloader and the interactive debugger",
        ),
    ] {
        let hover = shown(&mut client, uri, text, needle, offset);
        let blocks: Vec<&str> = hover.text.split("\n\n").collect();
        assert!(
            blocks.get(2).is_some_and(|b| b.contains(excerpt)),
            "{needle:?}: the third block should be the excerpt:\n{}",
            hover.text
        );
        assert!(
            hover.text.lines().count() <= 12 && hover.text.len() <= 2_400,
            "{needle:?}: {} lines, {} bytes:\n{}",
            hover.text.lines().count(),
            hover.text.len(),
            hover.text
        );
        assert!(
            hover
                .text
                .lines()
                .last()
                .unwrap()
                .starts_with("*[Full answer](file://"),
            "{}",
            hover.text
        );
    }
}

#[test]
fn the_hover_setting_turns_interview_hovers_off_and_on() {
    let mut client = LspClient::start();
    client.initialize_with(default_capabilities(), json!({"hover": false}));
    client.open(FASTAPI_URI, "python", FASTAPI);
    let at = position(FASTAPI, "Depends(get_store)", 0);
    assert_eq!(hover(&mut client, FASTAPI_URI, at.clone()), Value::Null);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"interviewLs": {"hover": true}}}),
    );
    assert!(
        hover(&mut client, FASTAPI_URI, at.clone())["contents"]["value"]
            .as_str()
            .is_some_and(|t| t.contains("dependency injection")),
        "on again"
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"hover": false}}),
    );
    assert_eq!(hover(&mut client, FASTAPI_URI, at), Value::Null);
}

#[test]
fn a_client_that_declares_the_open_question_command_gets_a_practise_link() {
    let at = position(FASTAPI, "Depends(get_store)", 0);
    let footer = |capabilities: Value| {
        let mut client = LspClient::start();
        client.initialize_with(capabilities, Value::Null);
        client.open(FASTAPI_URI, "python", FASTAPI);
        let result = hover(&mut client, FASTAPI_URI, at.clone());
        let text = result["contents"]["value"].as_str().expect("a hover");
        text.lines().last().expect("a footer").to_string()
    };
    let plain = footer(default_capabilities());
    assert!(!plain.contains("command:"), "{plain}");
    let mut vscode = default_capabilities();
    vscode["experimental"] = json!({"commands": {"commands": ["interviewLs.openQuestion"]}});
    let linked = footer(vscode);
    assert!(
        linked.contains(
            " · [Practise](command:interviewLs.openQuestion?%5B%22di-dependency-injection%22%5D) · "
        ),
        "{linked}"
    );
}
