//! The editor clients mirror the server's command set by hand
//! (`editors/vscode/src/protocol.ts`, `editors/nvim/lua/interview/protocol.lua`).
//! This asks the running server for its truth — the commands it advertises,
//! the argument fields each accepts (from its "unknown field" error), the
//! settings it knows (from its "unknown setting" warning) — and fails when
//! either client drifts.

mod support;

use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;
use support::LspClient;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Every backticked word after `marker` in `message`: serde's and the
/// server's lists of known names.
fn backticked_after(message: &str, marker: &str) -> BTreeSet<String> {
    let rest = &message[message
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {message}"))..];
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The quoted `interview.*` names in a client file.
fn command_names(source: &str) -> BTreeSet<String> {
    source
        .split('"')
        .filter(|s| s.starts_with("interview.") && !s.contains(' '))
        .map(str::to_string)
        .collect()
}

/// The field names of `interface NAME { … }` in protocol.ts.
fn ts_fields(source: &str, interface: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("export interface {interface} {{"))
        .unwrap_or_else(|| panic!("protocol.ts has no {interface}"));
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("/**") && !l.starts_with('*') && !l.is_empty())
        .filter_map(|l| l.split([':', '?']).next())
        .map(str::to_string)
        .collect()
}

/// The fields in the `-- { a, b? }` comment that documents `command` in protocol.lua.
fn lua_fields(source: &str, command: &str) -> BTreeSet<String> {
    let line = source
        .lines()
        .position(|l| l.contains(&format!("\"{command}\"")))
        .unwrap();
    let lines: Vec<&str> = source.lines().collect();
    // The shape sits on the command's line or in the comment just above it.
    let documented = [lines[line], lines[line - 1], lines[line.saturating_sub(2)]]
        .into_iter()
        .find(|l| l.contains("-- {"))
        .unwrap_or_else(|| panic!("protocol.lua documents no argument shape for {command}"));
    let shape = &documented[documented.find('{').unwrap() + 1..documented.find('}').unwrap()];
    shape
        .split(',')
        .filter_map(|f| f.split(['?', '=']).next())
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect()
}

#[test]
fn both_clients_mirror_the_servers_commands_arguments_and_settings() {
    let ts = read("editors/vscode/src/protocol.ts");
    let lua = read("editors/nvim/lua/interview/protocol.lua");
    let mut client = LspClient::start();
    let initialized = client.initialize();
    let advertised: BTreeSet<String> =
        initialized["capabilities"]["executeCommandProvider"]["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
    assert_eq!(command_names(&ts), advertised, "protocol.ts commands");
    assert_eq!(command_names(&lua), advertised, "protocol.lua commands");

    let interfaces = [
        ("interview.random", "RandomArgs"),
        ("interview.show", "ShowArgs"),
        ("interview.grade", "GradeArgs"),
        ("interview.next", "SessionArgs"),
        ("interview.skip", "SkipArgs"),
        ("interview.undo", "UndoArgs"),
        ("interview.plan", "PlanArgs"),
        ("interview.list", "ListArgs"),
        ("interview.search", "SearchArgs"),
        ("interview.stats", "StatsArgs"),
        ("interview.reset", "ResetArgs"),
        ("interview.insertSnippet", "InsertSnippetArgs"),
    ];
    for (command, interface) in interfaces {
        let response = client.request(
            "workspace/executeCommand",
            json!({"command": command, "arguments": [{"zzUnknownField": 1}]}),
        );
        let message = response["error"]["message"].as_str().unwrap_or_default();
        let accepted = backticked_after(message, "expected");
        assert_eq!(
            ts_fields(&ts, interface),
            accepted,
            "protocol.ts {interface} vs {command}: {message}"
        );
        assert_eq!(
            lua_fields(&lua, command),
            accepted,
            "protocol.lua {command}: {message}"
        );
    }

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"zzUnknownSetting": true}}),
    );
    let warning = loop {
        let message = client.wait_for("window/logMessage");
        let text = message["params"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if text.contains("zzUnknownSetting") {
            break text;
        }
    };
    let known = backticked_after(&warning, "known:");
    let known: BTreeSet<String> = if known.is_empty() {
        let list = &warning[warning.find("known:").unwrap() + 6..];
        list.trim_end_matches(')')
            .split(',')
            .map(|s| s.trim().trim_end_matches(')').to_string())
            .collect()
    } else {
        known
    };
    assert_eq!(
        ts_fields(&ts, "ServerSettings"),
        known,
        "protocol.ts ServerSettings"
    );
    let lua_settings: BTreeSet<String> = lua
        .split("name = \"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    assert_eq!(lua_settings, known, "protocol.lua settings");
    client.shutdown_and_exit();
}
