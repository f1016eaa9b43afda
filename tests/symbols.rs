//! `workspace/symbol` through the real binary: paraphrases and typos find
//! questions, and each result opens at its question's heading.

mod support;

use serde_json::{Value, json};
use support::{LspClient, default_capabilities};

fn symbols(client: &mut LspClient, query: &str) -> Vec<Value> {
    client
        .call("workspace/symbol", json!({"query": query}))
        .as_array()
        .expect("a flat list")
        .clone()
}

/// The line a symbol points at, read from its file.
fn target_line(symbol: &Value) -> String {
    let uri = symbol["location"]["uri"].as_str().unwrap();
    let path = uri.strip_prefix("file://").expect("a file URI");
    let line = symbol["location"]["range"]["start"]["line"]
        .as_u64()
        .unwrap();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().nth(line as usize).unwrap().to_string()
}

#[test]
fn paraphrases_and_typos_find_questions_that_open_at_their_heading() {
    let mut client = LspClient::start();
    let result = client.initialize();
    assert_eq!(result["capabilities"]["workspaceSymbolProvider"], true);
    let cases = [
        ("limit requests per user", "rate limiting"),
        ("blueprnt", "Blueprints"),
        ("dependncy injection", "dependency injection"),
        ("how do I test a flask app", "test"),
    ];
    for (query, expected) in cases {
        let found = symbols(&mut client, query);
        let first = found
            .first()
            .unwrap_or_else(|| panic!("nothing for {query:?}"));
        let name = first["name"].as_str().unwrap();
        assert!(
            name.to_lowercase().contains(&expected.to_lowercase()),
            "{query:?} → {name:?}"
        );
        assert!(
            first["containerName"].as_str().unwrap().contains(" · "),
            "{first}"
        );
        let heading = target_line(first);
        assert!(heading.starts_with("## "), "{query:?} → {heading:?}");
        assert_eq!(
            heading.replace('\\', ""),
            format!("## {name}").replace('\\', "")
        );
    }
}

#[test]
fn the_built_in_bank_is_copied_into_the_cache_and_an_empty_query_lists_it_all() {
    let mut client = LspClient::start();
    client.initialize();
    let all = symbols(&mut client, "");
    assert!(all.len() > 50, "{}", all.len());
    let uri = all[0]["location"]["uri"].as_str().unwrap();
    // Tests run with INTERVIEW_LS_DATA set, so the cache is under it.
    assert!(uri.contains("/cache/bank/"), "{uri}");
    assert!(symbols(&mut client, "zzzz qqqq xxyy").is_empty());
}

#[test]
fn questions_from_a_users_folder_point_at_their_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.md");
    std::fs::write(
        &file,
        "# Mine\n\n## How do I deploy a quokka service?\n\n- id: quokka-deploy\n- difficulty: easy\n- frameworks: general\n\n**In short:** Carefully.\n\nWith care.\n",
    )
    .unwrap();
    let mut client = LspClient::start();
    client.initialize_with(
        default_capabilities(),
        json!({"questionPaths": [dir.path()]}),
    );
    let found = symbols(&mut client, "quokka deployment");
    assert_eq!(found[0]["name"], "How do I deploy a quokka service?");
    let uri = found[0]["location"]["uri"].as_str().unwrap();
    assert_eq!(uri, format!("file://{}", file.display()));
    assert_eq!(found[0]["location"]["range"]["start"]["line"], 2);
}
