//! The editor clients and configurations in `editors/`, checked against the
//! real binary: the Helix and Emacs configurations are parsed and their
//! settings sent to the server, and the Neovim plugin runs in headless Neovim.

#[path = "editors/elisp.rs"]
mod elisp;
#[path = "editors/neovim.rs"]
mod neovim;
mod support;

use elisp::Sexp;
use serde_json::{Map, Value, json};
use std::path::Path;
use support::LspClient;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The file name of the binary cargo built, which every config must start.
fn binary_name() -> String {
    Path::new(support::binary())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Sends `settings` through didChangeConfiguration followed by a sentinel
/// key, and returns the settings warnings logged before the sentinel's own.
/// The server warns about keys in order, so everything before the sentinel
/// belongs to `settings`, and no fixed wait is needed to see "no warning".
fn settings_warnings(settings: &Map<String, Value>) -> Vec<String> {
    const SENTINEL: &str = "zzzEditorsTestSentinel";
    let mut client = LspClient::start();
    client.initialize();
    let mut with_sentinel = settings.clone();
    with_sentinel.insert(SENTINEL.into(), json!(true));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": with_sentinel}),
    );
    let mut warnings = Vec::new();
    loop {
        let message = client.wait_for("window/logMessage");
        let text = message["params"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if text.contains(SENTINEL) {
            break;
        }
        if text.contains("setting") {
            warnings.push(text);
        }
    }
    client.shutdown_and_exit();
    warnings
}

#[test]
fn helix_config_adds_interview_ls_beside_the_users_python_server() {
    let config: toml::Table = read("editors/helix/languages.toml")
        .parse()
        .expect("valid TOML");
    let server = &config["language-server"]["interview-ls"];
    assert_eq!(server["command"].as_str(), Some(binary_name().as_str()));
    assert!(
        server.get("args").is_none(),
        "interview-ls serves stdio with no arguments"
    );

    let languages = config["language"].as_array().expect("[[language]] tables");
    let python = languages
        .iter()
        .find(|l| l["name"].as_str() == Some("python"))
        .expect("python");
    let servers: Vec<&str> = python["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(servers.last(), Some(&"interview-ls"), "{servers:?}");
    assert!(
        servers.len() >= 2,
        "the user's own Python server must stay first: {servers:?}"
    );

    let settings: Map<String, Value> = serde_json::to_value(&server["config"])
        .unwrap()
        .as_object()
        .unwrap()
        .clone();
    assert!(!settings.is_empty());
    assert_eq!(settings_warnings(&settings), Vec::<String>::new());
}

/// Converts an elisp plist (`:key value …`) of `t`, `:json-false`, strings
/// and numbers to the JSON object eglot sends.
fn plist_to_json(items: &[Sexp]) -> Map<String, Value> {
    assert!(items.len() % 2 == 0, "odd plist: {items:?}");
    items
        .chunks(2)
        .map(|pair| {
            let key = pair[0]
                .atom()
                .and_then(|k| k.strip_prefix(':'))
                .expect("a :keyword");
            let value = match &pair[1] {
                Sexp::Atom(a) if a == "t" => json!(true),
                Sexp::Atom(a) if a == ":json-false" => json!(false),
                Sexp::Atom(a) => a.parse::<f64>().map(|n| json!(n)).expect("a number"),
                Sexp::Str(s) => json!(s),
                other => panic!("unsupported plist value {other:?}"),
            };
            (key.to_string(), value)
        })
        .collect()
}

#[test]
fn emacs_eglot_snippet_registers_the_server_for_python_modes() {
    let readme = read("editors/README.md");
    let start = readme
        .find("```elisp\n")
        .expect("an elisp block in editors/README.md")
        + 9;
    let source = &readme[start..start + readme[start..].find("```").expect("closing fence")];
    let forms = elisp::read_all(source).expect("the snippet reads");

    let add = forms
        .iter()
        .flat_map(Sexp::lists)
        .find(|l| l.first().and_then(Sexp::atom) == Some("add-to-list"))
        .expect("an add-to-list form");
    assert_eq!(add[1].unquote().atom(), Some("eglot-server-programs"));
    let entry = add[2]
        .unquote()
        .list()
        .expect("a quoted (MODES . CONTACT) pair");
    let [modes, dot, contact] = entry else {
        panic!("not a dotted pair: {entry:?}")
    };
    assert_eq!(dot.atom(), Some("."));
    let modes: Vec<_> = modes
        .list()
        .expect("a mode list")
        .iter()
        .filter_map(Sexp::atom)
        .collect();
    assert!(
        modes.contains(&"python-mode") && modes.contains(&"python-ts-mode"),
        "{modes:?}"
    );

    let contact = contact.list().expect("a contact list");
    assert_eq!(contact[0], Sexp::Str(binary_name()));
    let options = contact
        .iter()
        .position(|s| s.atom() == Some(":initializationOptions"));
    let plist = contact[options.expect(":initializationOptions") + 1]
        .list()
        .expect("a plist");
    assert_eq!(
        settings_warnings(&plist_to_json(plist)),
        Vec::<String>::new()
    );
}

#[test]
fn a_misspelt_setting_is_reported_so_the_config_checks_above_can_fail() {
    let mut settings = Map::new();
    settings.insert("questionPath".into(), json!(["/tmp"]));
    let warnings = settings_warnings(&settings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("questionPath"), "{warnings:?}");
}

/// Runs one scenario of `editors/nvim/tests/e2e.lua` and checks that it
/// passed and printed each of `steps`; returns its scratch folder.
fn neovim_scenario(scenario: &str, steps: &[&str]) -> tempfile::TempDir {
    let nvim = neovim::nvim();
    let scratch = tempfile::tempdir().unwrap();
    let output = neovim::run_e2e(&nvim, support::binary(), scratch.path(), scenario);
    let report = String::from_utf8_lossy(&output.stderr);
    // Shown with --nocapture, and on failure: which steps ran.
    eprintln!("{report}");
    assert!(
        output.status.success(),
        "nvim exited with {}:\n{report}",
        output.status
    );
    let passed = format!("ok: scenario {scenario} passed");
    for step in steps.iter().copied().chain([passed.as_str()]) {
        assert!(report.contains(step), "no {step:?} in:\n{report}");
    }
    scratch
}

#[test]
fn neovim_plugin_works_in_headless_neovim() {
    let scratch = neovim_scenario(
        "main",
        &[
            "ok: with no Python buffer every command says to open a Python file first",
            "ok: :help opens interview.txt",
            "ok: :InterviewRandom sent {dialog = false}",
            "ok: :InterviewPractice beside main.py: ",
            "ok: code lenses shown (",
            "ok: :InterviewList fastapi listed ",
            "ok: require(\"interview\").status() → ",
            "ok: :InterviewSearch → ",
            "ok: :InterviewStats shows ",
            "ok: :InterviewShow di-dependency-injection opened its page",
            "ok: :InterviewReset asks first",
            "ok: :InterviewPlan thu 30 → ",
            "ok: \"Insert example: ",
            "ok: :InterviewInsert ",
            "ok: :checkhealth interview passes",
        ],
    );
    // A default start sends its (empty) settings as an object, so the
    // server has nothing to say about them.
    let log =
        std::fs::read_to_string(scratch.path().join("state/nvim/lsp.log")).unwrap_or_default();
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("setting")).collect();
    assert!(
        warnings.is_empty(),
        "the LSP log warns about settings: {warnings:#?}"
    );
}

#[test]
fn neovim_plugin_warns_once_about_a_missing_binary() {
    neovim_scenario(
        "missing-binary",
        &[
            "ok: opening a Python file warns once: ",
            "ok: every command says the binary is missing, not to open a Python file",
        ],
    );
}

#[test]
fn neovim_plugin_warns_once_about_unknown_settings() {
    neovim_scenario(
        "unknown-setting",
        &[
            "ok: setup() warns once: ",
            "ok: the server's warnings reach the user once",
            "ok: :checkhealth interview lists the unknown settings",
        ],
    );
}

#[test]
fn neovim_plugin_attaches_to_bank_files_in_question_paths() {
    neovim_scenario(
        "bank-file",
        &["ok: the bank file mine.md got the running client and its error as a diagnostic"],
    );
}

/// `:help interview` works after a plugin-manager install only if the
/// shipped `doc/tags` matches the help file.
#[test]
fn neovim_help_tags_are_what_helptags_generates() {
    let nvim = neovim::nvim();
    let scratch = tempfile::tempdir().unwrap();
    let generated = neovim::generated_tags(&nvim, scratch.path());
    assert_eq!(
        read("editors/nvim/doc/tags"),
        generated,
        "editors/nvim/doc/tags is stale; regenerate it with\n  \
         nvim --headless --clean -c \"helptags editors/nvim/doc\" -c q"
    );
}
