//! Hovers through the real binary on realistic FastAPI and Flask apps.

mod support;

use serde_json::{Value, json};
use support::{LspClient, default_capabilities};

const FASTAPI_APP: &str = include_str!("fixtures/fastapi_app.py");
const FLASK_APP: &str = include_str!("fixtures/flask_app.py");
const FASTAPI_URI: &str = "file:///project/fastapi_app.py";
const FLASK_URI: &str = "file:///project/flask_app.py";

/// The UTF-16 position of the `|` in `needle`, which must occur exactly once in `text`.
fn position_of(text: &str, needle: &str) -> Value {
    let bare = needle.replace('|', "");
    let at = text
        .find(&bare)
        .unwrap_or_else(|| panic!("{bare:?} not in the text"));
    assert!(
        text[at + 1..].find(&bare).is_none(),
        "{bare:?} is ambiguous"
    );
    let cursor = at + needle.find('|').expect("a | in the needle");
    let line = text[..cursor].matches('\n').count();
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[line_start..cursor].encode_utf16().count()})
}

fn started() -> LspClient {
    let mut client = LspClient::start();
    client.initialize();
    client.open(FASTAPI_URI, "python", FASTAPI_APP);
    client.open(FLASK_URI, "python", FLASK_APP);
    client
}

fn hover(client: &mut LspClient, uri: &str, position: Value) -> Value {
    client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position}),
    )
}

/// The symbol a hover names in its last line (`` `fastapi.Depends` · FastAPI``).
fn symbol_of(hover: &str) -> &str {
    let footer = hover.lines().last().unwrap_or_default();
    footer
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no symbol in the footer: {hover}"))
}

fn hover_text(client: &mut LspClient, uri: &str, text: &str, needle: &str) -> Option<String> {
    let result = hover(client, uri, position_of(text, needle));
    result["contents"]["value"].as_str().map(String::from)
}

/// The file at `path`, once the server has written it (the bank is written
/// to the cache in the background when a hover first links to it).
fn wait_for_file(path: &str) -> String {
    for _ in 0..100 {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{path} was never written")
}

#[test]
fn depends_hover_teaches_dependency_injection() {
    let mut client = started();
    let position = position_of(FASTAPI_APP, "Annotated[str, Dep|ends(oauth2_scheme)]");
    let result = hover(&mut client, FASTAPI_URI, position.clone());
    let text = result["contents"]["value"].as_str().unwrap();
    assert_eq!(result["contents"]["kind"], "markdown");
    assert!(
        text.starts_with("**Q (medium):** [Explain dependency injection in FastAPI"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("· `fastapi.Depends` · FastAPI · `interview-ls show di-"),
        "{text}"
    );
    // The full answer opens from the hover: a link to the question's
    // heading in the bank file written to the cache.
    let link = text
        .split("[Full answer](")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("no Full answer link: {text}"));
    let (path, line) = link
        .strip_prefix("file://")
        .and_then(|l| l.split_once("#L"))
        .expect("a file link with a line");
    let line: usize = line.parse().expect("a line number");
    let file = wait_for_file(path);
    assert_eq!(
        file.lines().nth(line - 1),
        Some("## Explain dependency injection in FastAPI with a practical example.")
    );
    assert!(
        text.lines().count() <= 16,
        "{} lines:\n{text}",
        text.lines().count()
    );
    // The range covers the word `Depends`.
    let line = position["line"].clone();
    let start = position["character"].as_u64().unwrap() - 3;
    assert_eq!(
        result["range"],
        json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 7}})
    );
}

#[test]
fn aliases_decorators_and_keyword_arguments_resolve() {
    let mut client = started();
    let cases = [
        ("Annotated[Session, Inj|ect(get_db)]", "fastapi.Depends"),
        ("@router.po|st(\"/\"", "fastapi.APIRouter.post"),
        (
            "response_mo|del=list[Item]",
            "fastapi.APIRouter.get(response_model)",
        ),
        (
            "app.include_rou|ter(router)",
            "fastapi.FastAPI.include_router",
        ),
        ("app.add_middle|ware(", "fastapi.FastAPI.add_middleware"),
        ("jwt.dec|ode(token", "jwt.decode"),
        (
            "OAuth2PasswordRequestF|orm, Depends()",
            "fastapi.security.OAuth2PasswordRequestForm",
        ),
        ("FastAPI(life|span=lifespan)", "fastapi.FastAPI(lifespan)"),
        (
            "status.HTTP_401_UNAUTHO|RIZED",
            "fastapi.status.HTTP_401_UNAUTHORIZED",
        ),
    ];
    for (needle, symbol) in cases {
        let text = hover_text(&mut client, FASTAPI_URI, FASTAPI_APP, needle)
            .unwrap_or_else(|| panic!("no hover at {needle}"));
        assert_eq!(symbol_of(&text), symbol, "{needle}: {text}");
    }
    let flask_cases = [
        ("@api.rou|te(\"/books\"", "flask.Blueprint.route"),
        ("@api.g|et(\"/books/", "flask.Blueprint.get"),
        ("g.us|er = ", "flask.g.user"),
        (
            "app.register_bluep|rint(api",
            "flask.Flask.register_blueprint",
        ),
        (
            "url_pre|fix=\"/api\"",
            "flask.Flask.register_blueprint(url_prefix)",
        ),
        ("metho|ds=[\"POST\"]", "flask.Blueprint.route(methods)"),
        ("@api.before_requ|est", "flask.Blueprint.before_request"),
        ("data = requ|est.get_json()", "flask.request"),
        ("db = SQLAlch|emy(", "flask_sqlalchemy.SQLAlchemy"),
    ];
    for (needle, symbol) in flask_cases {
        let text = hover_text(&mut client, FLASK_URI, FLASK_APP, needle)
            .unwrap_or_else(|| panic!("no hover at {needle}"));
        assert_eq!(symbol_of(&text), symbol, "{needle}: {text}");
    }
}

#[test]
fn async_in_a_route_handler_gets_the_async_question() {
    let mut client = started();
    let text = hover_text(
        &mut client,
        FASTAPI_URI,
        FASTAPI_APP,
        "as|ync def create_item",
    )
    .unwrap();
    assert_eq!(symbol_of(&text), "python.async", "{text}");
    assert!(text.contains("· Python · `interview-ls show "), "{text}");
    // `async` outside a route handler is just Python.
    assert_eq!(
        hover(
            &mut client,
            FASTAPI_URI,
            position_of(FASTAPI_APP, "as|ync def lifespan")
        ),
        Value::Null
    );
}

#[test]
fn look_alike_local_names_get_no_hover() {
    let mut client = started();
    for needle in [
        "cache.g|et(\"items\")",
        "sess|ion = {\"user\": user}",
        "by\": sess|ion[\"user\"]",
        "os.envir|on.get(\"SECRET_KEY\") or os.urandom(32).hex()\nengine",
        "def get|_db():",
        "ca|che = {}",
    ] {
        let position = position_of(FASTAPI_APP, needle);
        assert_eq!(
            hover(&mut client, FASTAPI_URI, position),
            Value::Null,
            "unexpected hover at {needle}"
        );
    }
}

#[test]
fn positions_after_non_ascii_text_are_converted_in_both_encodings() {
    let source = "from fastapi import Depends\nx = ('é中🚀', Depends)\n";
    for encoding in ["utf-16", "utf-8"] {
        let mut client = LspClient::start();
        let mut caps = default_capabilities();
        caps["general"]["positionEncodings"] = json!([encoding]);
        client.initialize_with(caps, Value::Null);
        client.open("file:///p/enc.py", "python", source);
        let line_start = source.find("x = ").unwrap();
        let depends = source.rfind("Depends").unwrap();
        let character = match encoding {
            "utf-16" => source[line_start..depends].encode_utf16().count(),
            _ => depends - line_start,
        } + 2;
        let result = hover(
            &mut client,
            "file:///p/enc.py",
            json!({"line": 1, "character": character}),
        );
        let start = character - 2;
        assert_eq!(
            result["range"]["start"]["character"], start,
            "{encoding}: {result}"
        );
        assert_eq!(result["range"]["end"]["character"], start + 7, "{encoding}");
    }
}

#[test]
fn plain_text_for_clients_without_markdown() {
    let mut client = LspClient::start();
    let mut caps = default_capabilities();
    caps["textDocument"]["hover"]["contentFormat"] = json!(["plaintext"]);
    client.initialize_with(caps, Value::Null);
    client.open(FASTAPI_URI, "python", FASTAPI_APP);
    let result = hover(
        &mut client,
        FASTAPI_URI,
        position_of(FASTAPI_APP, "Annotated[str, Dep|ends(oauth2_scheme)]"),
    );
    assert_eq!(result["contents"]["kind"], "plaintext");
    let text = result["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("Q (medium): Explain dependency injection in FastAPI"),
        "{text}"
    );
    assert!(
        text.ends_with("fastapi.Depends · FastAPI · interview-ls show di-dependency-injection"),
        "{text}"
    );
    assert!(!text.contains("**") && !text.contains("]("), "{text}");
}

#[test]
fn hovers_follow_incremental_edits() {
    let mut client = started();
    let position = position_of(FASTAPI_APP, "Annotated[str, Dep|ends(oauth2_scheme)]");
    let line = position["line"].as_u64().unwrap();
    let start = position["character"].as_u64().unwrap() - 3;
    // Replace `Depends` with `Query` on that line.
    client.notify("textDocument/didChange", json!({
        "textDocument": {"uri": FASTAPI_URI, "version": 2},
        "contentChanges": [{"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + 7}}, "text": "Query"}]
    }));
    let result = hover(
        &mut client,
        FASTAPI_URI,
        json!({"line": line, "character": start + 1}),
    );
    let text = result["contents"]["value"].as_str().unwrap();
    assert_eq!(symbol_of(text), "fastapi.Query", "{text}");
}

/// Every import of a framework name, and every use of one, should teach
/// something; this measures how many do and prints the figure.
#[test]
fn most_framework_names_in_the_fixtures_have_a_hover() {
    let mut client = started();
    let names = [
        "APIRouter",
        "Depends",
        "FastAPI",
        "HTTPException",
        "Query",
        "status",
        "CORSMiddleware",
        "OAuth2PasswordBearer",
        "OAuth2PasswordRequestForm",
        "BaseModel",
        "ConfigDict",
        "Field",
        "create_engine",
        "select",
        "DeclarativeBase",
        "Mapped",
        "Session",
        "mapped_column",
        "jwt",
    ];
    let flask_names = [
        "Blueprint",
        "Flask",
        "abort",
        "g",
        "jsonify",
        "request",
        "session",
        "SQLAlchemy",
    ];
    let mut total = 0;
    let mut missing = Vec::new();
    for (uri, text, names) in [
        (FASTAPI_URI, FASTAPI_APP, &names[..]),
        (FLASK_URI, FLASK_APP, &flask_names[..]),
    ] {
        // The name as imported: on the import line.
        for name in names {
            let line = text
                .lines()
                .position(|l| {
                    (l.starts_with("from ") || l.starts_with("import "))
                        && l.split([' ', ',']).any(|w| w == *name)
                })
                .unwrap_or_else(|| panic!("{name} not imported"));
            let col = text
                .lines()
                .nth(line)
                .unwrap()
                .split([' ', ','])
                .scan(0, |pos, w| {
                    let start = *pos;
                    *pos += w.len() + 1;
                    Some((start, w))
                })
                .find(|(_, w)| w == name)
                .unwrap()
                .0;
            total += 1;
            let result = hover(
                &mut client,
                uri,
                json!({"line": line, "character": col + 1}),
            );
            if result.is_null() {
                missing.push(format!("{uri} {name}"));
            }
        }
    }
    let covered = total - missing.len();
    println!(
        "framework names with a hover: {covered}/{total} ({:.0}%)",
        100.0 * covered as f64 / total as f64
    );
    assert!(missing.is_empty(), "no hover for: {missing:?}");
}

/// The hover's footer names the way to open the question in the user's
/// editor: `:InterviewShow id` in Neovim, the CLI elsewhere, a link where
/// the client declares the command that opens it.
#[test]
fn the_footer_names_the_action_of_the_users_editor() {
    let footer = |name: &str, commands: Value| {
        let mut client = LspClient::start();
        let mut capabilities = default_capabilities();
        capabilities["experimental"] = json!({"commands": {"commands": commands}});
        client.call(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "clientInfo": {"name": name, "version": "0.11.4"}}),
        );
        client.notify("initialized", json!({}));
        client.open(FASTAPI_URI, "python", FASTAPI_APP);
        let position = position_of(FASTAPI_APP, "str, Dep|ends(current_user)");
        let result = hover(&mut client, FASTAPI_URI, position);
        client.shutdown_and_exit();
        let text = result["contents"]["value"].as_str().unwrap().to_string();
        text.lines().last().unwrap().to_string()
    };
    let neovim = footer("Neovim", json!([]));
    assert!(neovim.contains("`:InterviewShow di-"), "{neovim}");
    let helix = footer("helix", json!([]));
    assert!(helix.contains("`interview-ls show di-"), "{helix}");
    let vscode = footer("Visual Studio Code", json!(["interviewLs.openQuestion"]));
    assert!(
        vscode.contains("[Practise](command:interviewLs.openQuestion?"),
        "{vscode}"
    );
    assert!(!vscode.contains("interview-ls show"), "{vscode}");
}
