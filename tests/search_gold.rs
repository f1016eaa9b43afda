//! Search relevance on a gold set of realistic queries
//! (`tests/fixtures/search_gold.txt`), through the real binary:
//! `interview-ls search --json QUERY`.
//!
//! Prints hit@1 (the first result is a wanted question) and hit@3 (one of the
//! first three is), and every miss; holds them at 0.9 and 0.97, and checks
//! that every query about a topic the bank does not cover answers no match
//! (exit status 1, `[]`, a message on stderr). Run with `-- --nocapture` to
//! see the figures.

mod support;

use serde_json::{Value, json};
use support::{LspClient, run_cli};

const GOLD: &str = include_str!("fixtures/search_gold.txt");

const HIT_AT_1_FLOOR: f64 = 0.9;
const HIT_AT_3_FLOOR: f64 = 0.97;

/// One line of the gold set.
struct Case {
    query: String,
    /// Any of these first counts as a hit; empty for "no match".
    wanted: Vec<String>,
}

fn cases() -> Vec<Case> {
    GOLD.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (query, wanted) = line
                .split_once("=>")
                .unwrap_or_else(|| panic!("gold line without `=>`: {line}"));
            let wanted: Vec<String> = wanted
                .split_whitespace()
                .filter(|id| *id != "-")
                .map(str::to_string)
                .collect();
            Case {
                query: query.trim().to_string(),
                wanted,
            }
        })
        .collect()
}

/// What the binary answers.
struct Answer {
    code: i32,
    /// Result ids, best first; `None` when stdout is not a JSON array.
    ids: Option<Vec<String>>,
    stderr: String,
}

impl Answer {
    fn ids(&self) -> &[String] {
        self.ids.as_deref().unwrap_or_default()
    }
}

fn search(query: &str) -> Answer {
    let (code, stdout, stderr) = run_cli(&["search", "--json", "--limit", "10", query]);
    let ids = match serde_json::from_str::<Value>(&stdout) {
        Ok(Value::Array(hits)) => Some(
            hits.iter()
                .map(|hit| hit["id"].as_str().expect("a hit with an id").to_string())
                .collect(),
        ),
        _ => None,
    };
    Answer { code, ids, stderr }
}

#[test]
fn the_gold_set_finds_the_wanted_question_first() {
    let cases = cases();
    let ids: Vec<String> = run_cli(&["list", "--json"])
        .1
        .parse::<Value>()
        .expect("list --json")
        .as_array()
        .expect("an array")
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect();
    let (present, absent): (Vec<&Case>, Vec<&Case>) =
        cases.iter().partition(|case| !case.wanted.is_empty());
    assert!(present.len() >= 60, "{} gold queries", present.len());
    for case in &present {
        for id in &case.wanted {
            assert!(ids.contains(id), "gold id `{id}` is not in the bank");
        }
    }

    let (mut at1, mut at3) = (0usize, 0usize);
    let mut misses = Vec::new();
    for case in &present {
        let answer = search(&case.query);
        let found = answer.ids();
        let rank = found.iter().position(|id| case.wanted.contains(id));
        match rank {
            Some(0) => {
                at1 += 1;
                at3 += 1;
            }
            Some(r) if r < 3 => {
                at3 += 1;
                misses.push(format!("  #{} {:?}: {:?}", r + 1, case.query, &found[..=r]));
            }
            _ => misses.push(format!(
                "  miss {:?} (exit {}): {:?}",
                case.query,
                answer.code,
                found.iter().take(3).collect::<Vec<_>>()
            )),
        }
    }
    let mut wrongly_found = Vec::new();
    for case in &absent {
        let answer = search(&case.query);
        let says_no_match = answer.code == 1
            && answer.ids.as_ref().is_some_and(Vec::is_empty)
            && answer.stderr.contains("no question");
        if !says_no_match {
            wrongly_found.push(format!(
                "  {:?} (exit {}): {:?}",
                case.query,
                answer.code,
                answer.ids().iter().take(3).collect::<Vec<_>>()
            ));
        }
    }

    let n = present.len() as f64;
    let (hit1, hit3) = (at1 as f64 / n, at3 as f64 / n);
    println!(
        "search gold set: {} queries, hit@1 {hit1:.3}, hit@3 {hit3:.3}; {} absent topics, {} answered",
        present.len(),
        absent.len(),
        wrongly_found.len()
    );
    if !misses.is_empty() {
        println!("not first:\n{}", misses.join("\n"));
    }
    if !wrongly_found.is_empty() {
        println!("absent topics answered:\n{}", wrongly_found.join("\n"));
    }
    assert!(hit1 >= HIT_AT_1_FLOOR, "hit@1 {hit1:.3} < {HIT_AT_1_FLOOR}");
    assert!(hit3 >= HIT_AT_3_FLOOR, "hit@3 {hit3:.3} < {HIT_AT_3_FLOOR}");
    assert!(
        wrongly_found.is_empty(),
        "queries about absent topics must answer no match:\n{}",
        wrongly_found.join("\n")
    );
}

#[test]
fn list_and_search_rows_fit_80_columns_when_piped() {
    for args in [
        &["list"][..],
        &["search", "session"],
        &["list", "--framework", "flask"],
    ] {
        let (code, stdout, stderr) = run_cli(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(stdout.lines().count() > 1, "{args:?}: {stdout}");
        for line in stdout.lines() {
            assert!(
                line.chars().count() <= 80,
                "{args:?}: {line:?} is wider than 80"
            );
        }
    }
    let (_, stdout, _) = run_cli(&["list"]);
    assert!(stdout.contains('…'), "long titles end with an ellipsis");
    assert!(!stdout.contains("FastAPI, Flask, General"), "{stdout}");
}

#[test]
fn the_editor_searches_use_the_same_engine_and_floor() {
    let mut client = LspClient::start();
    client.initialize();
    let search = |client: &mut LspClient, query: &str| {
        client.call(
            "workspace/executeCommand",
            json!({"command": "interview.search", "arguments": [{"query": query}]}),
        )
    };
    let hits = search(&mut client, "Depends");
    assert_eq!(hits[0]["id"], "di-dependency-injection", "{hits}");
    assert_eq!(search(&mut client, "kubernetes helm chart"), json!([]));
    let symbols = client.call("workspace/symbol", json!({"query": "react hooks"}));
    assert_eq!(symbols, json!([]));
    let symbols = client.call("workspace/symbol", json!({"query": "BaseModel"}));
    assert!(
        symbols[0]["containerName"]
            .as_str()
            .is_some_and(|c| c.ends_with("fastapi-pydantic")),
        "{symbols}"
    );
    client.shutdown_and_exit();
}
