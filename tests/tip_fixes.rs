//! The security tips' quick fixes through the real binary: SQL built from
//! strings becomes a parameterised query (sqlite3 `?`, SQLAlchemy `text()`
//! with named parameters), CORS `*` becomes the origins listed in the
//! environment; a FastAPI file's tips link to FastAPI questions; and the
//! fixes are offered wherever the cursor is on the flagged line.

#[path = "support/python.rs"]
mod python;
mod support;

use python::{apply_edits, edits_for};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};
use support::LspClient;

const SQLITE: &str = include_str!("fixtures/tips/sql_injection_sqlite.py");
const SQLALCHEMY: &str = include_str!("fixtures/tips/sql_injection.py");
const CORS: &str = include_str!("fixtures/tips/cors_wildcard.py");
const FASTAPI_SECRET: &str = include_str!("fixtures/tips/hardcoded_secret_fastapi.py");

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

/// The quick fixes offered with the cursor at `line:character` and no
/// diagnostic in the request's context (as Neovim's `gra` sends it when the
/// cursor is not inside the diagnostic's range).
fn fixes_at(client: &mut LspClient, uri: &str, line: usize, character: usize) -> Vec<Value> {
    let position = json!({"line": line, "character": character});
    client
        .call(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": position, "end": position},
                "context": {"diagnostics": [], "only": ["quickfix"]}
            }),
        )
        .as_array()
        .expect("actions")
        .clone()
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().expect("title").to_string())
        .collect()
}

/// The 0-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
}

/// Opens `text`, checks its one diagnostic, takes the fix whose title starts
/// with `title_start` from column 0 of the flagged line, and returns the
/// fixed text, checked by Python's own parser.
fn fixed(text: &str, code: &str, title_start: &str) -> String {
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///project/fix.py";
    client.open(uri, "python", text);
    let diagnostics = diagnostics_for(&mut client, uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], code);
    assert_eq!(diagnostic["severity"], 2, "security tips are Warnings");
    let line = diagnostic["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        diagnostic["range"]["start"]["character"].as_u64().unwrap() > 0,
        "column 0 must be outside the flagged code for this to test anything"
    );
    let actions = fixes_at(&mut client, uri, line, 0);
    let fix = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title_start))
        })
        .unwrap_or_else(|| panic!("no fix {title_start:?} in {:?}", titles(&actions)));
    assert_eq!(fix["kind"], "quickfix");
    let out = apply_edits(text, &edits_for(&fix["edit"], uri));
    assert_python_parses(&out);
    // The fixed file has no tip left.
    let fixed_uri = "file:///project/fixed.py";
    client.open(fixed_uri, "python", &out);
    client.open("file:///project/sentinel.py", "python", SQLITE);
    let message = client.wait_for("textDocument/publishDiagnostics");
    assert_eq!(
        message["params"]["uri"], "file:///project/sentinel.py",
        "still flagged after the fix:\n{out}\n{message:#}"
    );
    out
}

/// Python's `ast.parse` accepts the text.
fn assert_python_parses(text: &str) {
    let mut child = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()))
        .args(["-c", "import ast, sys; ast.parse(sys.stdin.read())"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("python3 ends");
    assert!(
        output.status.success(),
        "not valid Python:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the fixture's `find_users` against a real sqlite database: a name
/// finds its row, and a quote in the name must not widen the query.
const SQLITE_CHECK: &str = r#"
conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE users (id INTEGER, name TEXT)")
conn.execute("INSERT INTO users VALUES (1, 'alice'), (2, 'bob')")
assert find_users(conn, "alice") == [(1, "alice")]
assert find_users(conn, "x' OR '1'='1") == [], "injected"
"#;

#[test]
fn sqlite_sql_built_from_strings_becomes_a_parameterised_query() {
    // The fixture really is injectable: the check fails on it as written.
    let unfixed = format!("{SQLITE}{SQLITE_CHECK}");
    let injectable = std::panic::catch_unwind(|| python::assert_runs(&unfixed))
        .expect_err("the fixture should be injectable");
    let why = injectable
        .downcast_ref::<String>()
        .expect("a panic message");
    assert!(why.contains("AssertionError: injected"), "{why}");

    let out = fixed(SQLITE, "sql-string-formatting", "Use a parameterised query");
    assert!(
        out.contains(
            "    cursor.execute(\"SELECT id, name FROM users WHERE name = ?\", (name,))\n"
        ),
        "{out}"
    );
    python::assert_runs(&format!("{out}{SQLITE_CHECK}"));
}

#[test]
fn sqlalchemy_text_gets_named_bound_parameters() {
    let out = fixed(
        SQLALCHEMY,
        "sql-string-formatting",
        "Use a parameterised query",
    );
    assert!(
        out.contains(
            "conn.execute(text(\"SELECT * FROM users WHERE name = :name\"), {\"name\": name})\n"
        ),
        "{out}"
    );
    // The view now runs the bound query against a real table.
    let check = r#"
with engine.begin() as setup:
    setup.execute(text("CREATE TABLE users (id INTEGER, name TEXT)"))
    setup.execute(text("INSERT INTO users VALUES (1, 'alice')"))
client = app.test_client()
assert client.get("/users", query_string={"name": "alice"}).json == {"users": [{"id": 1, "name": "alice"}]}
assert client.get("/users", query_string={"name": "x' OR '1'='1"}).json == {"users": []}
"#;
    // (An in-memory SQLite engine keeps one connection per thread, so the
    // table outlives `setup`.)
    python::assert_runs(&format!("{out}{check}"));
}

#[test]
fn cors_star_with_credentials_becomes_the_origins_from_the_environment() {
    let out = fixed(
        CORS,
        "cors-any-origin-with-credentials",
        "Allow only the origins listed in `CORS_ORIGINS`",
    );
    assert!(
        out.contains("    allow_origins=os.environ[\"CORS_ORIGINS\"].split(\",\"),\n"),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l == "import os"),
        "os is imported:\n{out}"
    );
}

#[test]
fn fixes_are_offered_anywhere_on_the_flagged_line_and_only_there() {
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///project/cors.py";
    client.open(uri, "python", CORS);
    diagnostics_for(&mut client, uri);
    let flagged = line_of(CORS, "allow_origins");
    let line_length = CORS.lines().nth(flagged).unwrap().len();
    for character in [0, 2, line_length] {
        let titles = titles(&fixes_at(&mut client, uri, flagged, character));
        assert!(
            titles
                .iter()
                .any(|t| t.starts_with("Allow only the origins")),
            "column {character}: {titles:?}"
        );
        assert!(
            titles.iter().any(|t| t.starts_with("Explain: ")),
            "{titles:?}"
        );
    }
    let other = line_of(CORS, "allow_methods");
    assert_eq!(fixes_at(&mut client, uri, other, 0), Vec::<Value>::new());
}

#[test]
fn a_fastapi_files_tips_link_to_fastapi_questions() {
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///project/secret.py";
    client.open(uri, "python", FASTAPI_SECRET);
    let diagnostics = diagnostics_for(&mut client, uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "hard-coded-secret");
    assert_eq!(diagnostic["severity"], 2);
    assert_eq!(diagnostic["data"]["question"], "ops-config-secrets");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message
            .contains("Interview question: How do you manage configuration and secrets in FastAPI"),
        "{message}"
    );
    assert!(!message.contains("Flask"), "{message}");
    let line = diagnostic["range"]["start"]["line"].as_u64().unwrap() as usize;
    let actions = fixes_at(&mut client, uri, line, 0);
    let explain = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Explain: "))
        .expect("an Explain action");
    assert_eq!(
        explain["command"]["arguments"],
        json!([{"id": "ops-config-secrets"}])
    );
}
