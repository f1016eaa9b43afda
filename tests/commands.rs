//! Practice commands through the real binary: the plain-LSP dialog
//! (showMessageRequest → showDocument → grade → showMessage), the JSON
//! results richer clients use, and InvalidParams for every kind of bad input.

mod support;

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use support::{LspClient, Start, default_capabilities};

const INVALID_PARAMS: i64 = -32602;

fn exec(client: &mut LspClient, command: &str, args: Value) -> Value {
    client.call(
        "workspace/executeCommand",
        json!({"command": command, "arguments": [args]}),
    )
}

fn progress(dir: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(dir.join("progress.json")).expect("progress.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Answers showMessageRequest from a script of action titles and records
/// every request's method and params.
fn scripted(client: &mut LspClient, script: &[&str]) -> Arc<Mutex<Vec<(String, Value)>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let mut script: Vec<String> = script.iter().rev().map(ToString::to_string).collect();
    client.set_responder(move |method, params| {
        log.lock()
            .unwrap()
            .push((method.to_string(), params.clone()));
        match method {
            "window/showMessageRequest" => match script.pop() {
                Some(title) => json!({"title": title}),
                None => Value::Null,
            },
            "window/showDocument" => json!({"success": true}),
            _ => Value::Null,
        }
    });
    seen
}

fn action_titles(params: &Value) -> Vec<&str> {
    params["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

#[test]
fn initialize_lists_every_command() {
    let mut client = LspClient::start();
    let result = client.initialize();
    assert_eq!(
        result["capabilities"]["executeCommandProvider"]["commands"],
        json!([
            "interview.random",
            "interview.show",
            "interview.grade",
            "interview.next",
            "interview.skip",
            "interview.undo",
            "interview.plan",
            "interview.list",
            "interview.search",
            "interview.stats",
            "interview.reset",
            "interview.topics",
            "interview.snippets",
            "interview.insertSnippet"
        ])
    );
}

#[test]
fn random_then_show_answer_opens_the_page_and_grading_reports_the_next_review() {
    let data = tempfile::tempdir().unwrap();
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.path().to_path_buf()),
        ..Start::default()
    });
    client.initialize();
    let seen = scripted(&mut client, &["Show answer", "Good"]);
    let result = exec(
        &mut client,
        "interview.random",
        json!({"difficulty": "easy", "framework": "fastapi"}),
    );
    let question = &result["question"];
    assert_eq!(question["difficulty"], "easy");
    assert!(
        question["frameworks"]
            .as_array()
            .unwrap()
            .contains(&json!("fastapi"))
    );
    assert_eq!(result["pick"], "new");
    assert_eq!(result["card"], Value::Null);

    let done = client.wait_for("window/showMessage");
    assert_eq!(
        done["params"]["message"].as_str().unwrap(),
        "Good: next review in 30 minutes."
    );

    let seen = seen.lock().unwrap().clone();
    let methods: Vec<&str> = seen.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        [
            "window/showMessageRequest",
            "window/showDocument",
            "window/showMessageRequest"
        ]
    );
    let prompt = &seen[0].1;
    let title = question["title"].as_str().unwrap();
    // The label lists the question's frameworks in the bank's order.
    let message = prompt["message"].as_str().unwrap();
    let label = &message[..message.find(']').unwrap()];
    assert!(
        label.starts_with("[easy · ") && label.contains("FastAPI"),
        "{prompt}"
    );
    assert!(
        prompt["message"].as_str().unwrap().ends_with(title),
        "{prompt}"
    );
    assert_eq!(action_titles(prompt), ["Show answer", "Another", "Close"]);
    let uri = seen[1].1["uri"].as_str().unwrap();
    let page_path = uri.strip_prefix("file://").unwrap();
    assert!(
        page_path.starts_with(data.path().join("cache").to_str().unwrap()),
        "{uri}"
    );
    let page = std::fs::read_to_string(page_path).unwrap();
    assert!(page.contains(question["short"].as_str().unwrap()), "{page}");
    assert_eq!(seen[2].1["message"], "How well did you know it?");
    assert_eq!(action_titles(&seen[2].1), ["Again", "Hard", "Good", "Easy"]);

    let id = question["id"].as_str().unwrap();
    let card = &progress(data.path())["cards"][id];
    assert_eq!(card["reps"], 1, "{card}");
    assert_eq!(card["lastRating"], "good");
}

#[test]
fn another_changes_the_question_and_close_ends_without_grading() {
    let data = tempfile::tempdir().unwrap();
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.path().to_path_buf()),
        ..Start::default()
    });
    client.initialize();
    let seen = scripted(&mut client, &["Another", "Another", "Close"]);
    exec(
        &mut client,
        "interview.random",
        json!({"topic": "routing-structure"}),
    );
    // The third prompt is answered with Close; then nothing more is asked.
    let deadline = std::time::Instant::now() + support::TIMEOUT;
    while seen.lock().unwrap().len() < 3 {
        assert!(std::time::Instant::now() < deadline, "dialog stalled");
        client.try_wait_for("window/never", std::time::Duration::from_millis(50));
    }
    client.try_wait_for("window/never", std::time::Duration::from_millis(300));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:#?}");
    let prompts: Vec<&str> = seen
        .iter()
        .map(|(_, p)| p["message"].as_str().unwrap())
        .collect();
    assert_ne!(prompts[0], prompts[1]);
    assert_ne!(prompts[1], prompts[2]);
    assert!(
        !data.path().join("progress.json").exists(),
        "nothing was graded"
    );
}

#[test]
fn without_show_document_the_answer_arrives_as_a_message() {
    let mut client = LspClient::start();
    let mut caps = default_capabilities();
    caps["window"] = json!({});
    client.initialize_with(caps, Value::Null);
    let seen = scripted(&mut client, &["Show answer", "Easy"]);
    let result = exec(&mut client, "interview.random", json!({}));
    let answer = client.wait_for("window/showMessage");
    let text = answer["params"]["message"].as_str().unwrap();
    assert!(text.contains("In short:"), "{text}");
    assert!(
        text.contains(result["question"]["short"].as_str().unwrap()),
        "{text}"
    );
    let graded = client.wait_for("window/showMessage");
    assert!(
        graded["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Easy: next review in "),
        "{graded}"
    );
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|(m, _)| m != "window/showDocument")
    );
}

#[test]
fn grades_persist_across_a_server_restart() {
    let data = tempfile::tempdir().unwrap();
    let start = || {
        LspClient::start_with(Start {
            data_dir: Some(data.path().to_path_buf()),
            ..Start::default()
        })
    };
    let mut first = start();
    first.initialize();
    let graded = exec(
        &mut first,
        "interview.grade",
        json!({"id": "flask-blueprints", "rating": "hard"}),
    );
    assert_eq!(graded["card"]["reps"], 1);
    assert!(
        graded["message"]
            .as_str()
            .unwrap()
            .starts_with("Hard: next review in "),
        "{graded}"
    );
    // Outside a session there are no counts and no next step to compute.
    assert!(graded.get("next").is_none(), "{graded}");
    assert_eq!(first.shutdown_and_exit().code(), Some(0));

    let mut second = start();
    second.initialize();
    let shown = exec(
        &mut second,
        "interview.show",
        json!({"id": "flask-blueprints", "open": false}),
    );
    assert_eq!(shown["card"]["reps"], 1);
    assert_eq!(shown["card"]["lastRating"], "hard");
    let regraded = exec(
        &mut second,
        "interview.grade",
        json!({"id": "flask-blueprints", "rating": "good"}),
    );
    assert_eq!(regraded["card"]["reps"], 2);
    let stats = exec(&mut second, "interview.stats", json!({"open": false}));
    assert_eq!(stats["stats"]["overall"]["seen"], 1);
    assert_eq!(stats["stats"]["streak"], 1);
    assert!(stats["markdown"].as_str().unwrap().contains("## By topic"));
}

#[test]
fn every_bad_argument_gets_invalid_params_with_a_reason() {
    let mut client = LspClient::start();
    client.initialize();
    let cases: &[(&str, Value, &str)] = &[
        (
            "interview.nope",
            json!([]),
            "unknown command `interview.nope`",
        ),
        (
            "interview.grade",
            json!([{"id": "flask-blueprints", "rating": "great"}]),
            "unknown variant `great`, expected one of `again`, `hard`, `good`, `easy`",
        ),
        (
            "interview.grade",
            json!([{"id": "flask-blueprints"}]),
            "missing field `rating`",
        ),
        (
            "interview.grade",
            json!([{"id": "flask-blueprintz", "rating": "good"}]),
            "unknown question id `flask-blueprintz` (did you mean `flask-blueprints`?)",
        ),
        (
            "interview.show",
            json!([{"id": 42}]),
            "invalid type: integer `42`, expected a string",
        ),
        ("interview.show", json!([]), "missing field `id`"),
        (
            "interview.random",
            json!([{"difficulty": "impossible"}]),
            "unknown variant `impossible`",
        ),
        (
            "interview.random",
            json!([{"topic": "no-such-topic"}]),
            "unknown topic `no-such-topic`",
        ),
        (
            "interview.random",
            json!([{"level": "hard"}]),
            "unknown field `level`",
        ),
        (
            "interview.search",
            json!([{"query": ["a"]}]),
            "invalid type: sequence, expected a string",
        ),
        (
            "interview.search",
            json!([{"query": "a"}, {"query": "b"}]),
            "takes one argument object, got 2 arguments",
        ),
        (
            "interview.stats",
            json!(["now"]),
            "takes an object argument",
        ),
        (
            "interview.reset",
            json!([{"id": "never-existed"}]),
            "unknown question id `never-existed`",
        ),
    ];
    for (command, arguments, expected) in cases {
        let response = client.request(
            "workspace/executeCommand",
            json!({"command": command, "arguments": arguments}),
        );
        let error = &response["error"];
        assert_eq!(
            error["code"], INVALID_PARAMS,
            "{command} {arguments}: {response}"
        );
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(expected),
            "{command} {arguments}: {message}"
        );
    }
    assert!(client.is_running());
}

#[test]
fn search_topics_and_snippets_serve_client_pickers() {
    let mut client = LspClient::start();
    client.initialize();
    let hits = exec(
        &mut client,
        "interview.search",
        json!({"query": "limit requests per user", "limit": 3}),
    );
    assert_eq!(hits.as_array().unwrap().len(), 3);
    assert_eq!(hits[0]["id"], "ratelimit-flask-fastapi");
    let hits = exec(
        &mut client,
        "interview.search",
        json!({"query": "blueprnt"}),
    );
    assert_eq!(hits[0]["id"], "flask-blueprints");

    let topics = exec(&mut client, "interview.topics", json!({}));
    let topics = topics.as_array().unwrap();
    let names: Vec<&str> = topics
        .iter()
        .map(|t| t["topic"].as_str().unwrap())
        .collect();
    // The topic map's order (as `interview-ls topics` prints it), each once,
    // each with its one-line description.
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(topics.iter().all(|t| t["count"].as_u64().unwrap() > 0));
    assert!(
        topics
            .iter()
            .all(|t| !t["description"].as_str().unwrap().is_empty())
    );

    let snippets = exec(&mut client, "interview.snippets", json!({}));
    let first = &snippets[0];
    for field in ["id", "title", "framework", "scope", "questionId"] {
        assert!(first.get(field).is_some(), "snippet lacks {field}: {first}");
    }
}

#[test]
fn reset_forgets_one_question_or_everything_keeping_a_backup() {
    let data = tempfile::tempdir().unwrap();
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.path().to_path_buf()),
        ..Start::default()
    });
    client.initialize();
    for id in ["flask-blueprints", "ratelimit-flask-fastapi"] {
        exec(
            &mut client,
            "interview.grade",
            json!({"id": id, "rating": "good"}),
        );
    }
    let one = exec(
        &mut client,
        "interview.reset",
        json!({"id": "flask-blueprints"}),
    );
    assert_eq!(one["reset"], 1);
    assert!(
        progress(data.path())["cards"]
            .get("flask-blueprints")
            .is_none()
    );
    let all = exec(&mut client, "interview.reset", json!({}));
    assert_eq!(all["reset"], 1);
    let backup = all["backup"].as_str().unwrap();
    assert!(
        std::fs::read_to_string(backup)
            .unwrap()
            .contains("ratelimit-flask-fastapi")
    );
    let message = client.wait_for("window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains(backup),
        "{message}"
    );
    let stats = exec(&mut client, "interview.stats", json!({"open": false}));
    assert_eq!(stats["stats"]["overall"]["seen"], 0);
}

#[test]
fn code_lenses_count_questions_and_start_practice_on_exactly_those() {
    let mut client = LspClient::start();
    client.initialize();
    let uri = "file:///tmp/lens_app.py";
    let text = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post(\"/items\")\nasync def create():\n    return {}\n";
    client.open(uri, "python", text);
    let lenses = client.call(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    let lenses = lenses.as_array().unwrap();
    let lines: Vec<u64> = lenses
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 5], "{lenses:#?}");
    for lens in lenses {
        let command = &lens["command"];
        assert_eq!(command["command"], "interview.random");
        let title = command["title"].as_str().unwrap();
        let count: usize = title
            .strip_suffix(" interview questions")
            .unwrap()
            .parse()
            .unwrap();
        // Run the lens's command: every pick is one of the questions it counted.
        let mut args = command["arguments"][0].clone();
        args["dialog"] = json!(false);
        let symbols: Vec<String> = serde_json::from_value(args["keywords"].clone()).unwrap();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..count + 2 {
            let picked = exec(&mut client, "interview.random", args.clone());
            let keywords = picked["question"]["keywords"].as_array().unwrap();
            assert!(
                keywords.iter().any(|k| symbols
                    .iter()
                    .any(|s| k.as_str().unwrap().starts_with(s.as_str()))),
                "{symbols:?} vs {keywords:?}"
            );
            seen.insert(picked["question"]["id"].as_str().unwrap().to_string());
        }
        assert!(seen.len() <= count, "{seen:?} > {count}");
        assert!(
            seen.len() > 1 || count == 1,
            "never the same question twice in a row"
        );
    }
    assert_eq!(
        lenses[1]["command"]["arguments"][0]["keywords"],
        json!(["fastapi.FastAPI.post", "python.async"])
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"codeLens": false}}),
    );
    let off = client.call(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(off, Value::Null);
}
