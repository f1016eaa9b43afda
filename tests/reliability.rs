//! The reliability findings (issue 18) through the real binary: the server
//! never waits forever on the client or the progress lock, slow work never
//! holds up hovers, no keystroke freezes it, bank reloads are ordered and
//! coalesced, a client that stops reading cannot grow its memory, and the
//! protocol's edges (lone CR, `exit` as a request, lone surrogates) hold.
//!
//! Each test prints its figure (`cargo test --test reliability -- --nocapture`).
//! Timings are printed, not asserted: the bounds below are generous enough
//! for a loaded two-core machine and only catch a server that waits forever.

#[path = "reliability/client.rs"]
mod client;

use client::{RawClient, WAIT, figures, frame};
use serde_json::{Value, json};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

const SMALL: &str = "file:///work/small.py";
const SMALL_TEXT: &str = "from fastapi import Depends\n\nx = Depends\n";
const QUESTION: &str = "di-dependency-injection";

fn plain_capabilities() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]},
           "textDocument": {"hover": {"contentFormat": ["markdown"]}}})
}

/// Hovers `Depends` in the small file `count` times; the latencies.
fn hovers(client: &mut RawClient, count: usize) -> Vec<Duration> {
    (0..count)
        .map(|_| {
            let (took, symbol) = client.hover(SMALL, 2, 5);
            assert_eq!(symbol.as_deref(), Some("fastapi.Depends"));
            took
        })
        .collect()
}

// ------------------------------------------------------------ item 2

/// Eight commands wait on a progress lock another process holds: hovers are
/// answered meanwhile, and the commands fail with a clear error once the
/// lock wait is over (3 s here, 10 s in a release).
#[test]
fn commands_parked_on_the_progress_lock_never_hold_up_hovers() {
    let data = tempfile::tempdir().unwrap();
    let lock_path = data.path().join("progress.lock");
    let mut holder = Command::new("flock")
        .arg(&lock_path)
        .args(["sleep", "60"])
        .spawn()
        .expect("flock (util-linux)");
    while !lock_path.exists() {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(100));
    let mut client = RawClient::start(data.path(), &[("INTERVIEW_LS_TEST_LOCK_WAIT_MS", "3000")]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    client.open(SMALL, SMALL_TEXT);
    let started = Instant::now();
    let parked: Vec<i64> = (0..8)
        .map(|_| {
            client.send_request(
                "workspace/executeCommand",
                json!({"command": "interview.grade", "arguments": [{"id": QUESTION, "rating": "good"}]}),
            )
        })
        .collect();
    let mut times = hovers(&mut client, 50);
    let hovered = started.elapsed();
    println!(
        "hover with 8 commands parked on the progress lock: {}",
        figures(&mut times)
    );
    assert!(
        hovered < Duration::from_secs(3),
        "the hovers waited for the lock: {hovered:?}"
    );
    for id in parked {
        let response = client.response(id);
        let message = response["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("progress.lock") && message.contains("held it for more than 3 s"),
            "{response}"
        );
    }
    println!(
        "8 grades answered with a lock error after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let _ = holder.kill();
    let _ = holder.wait();
}

/// A client that never answers the server's requests: `window/showDocument`
/// and `workspace/applyEdit` replies time out (1 s here, 30 s in a release),
/// the commands answer (falling back to a message, or with an error),
/// hovers are answered meanwhile, and the server still exits promptly.
#[test]
fn a_client_that_never_answers_gets_answers_in_time_and_the_server_still_exits() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(
        data.path(),
        &[("INTERVIEW_LS_TEST_REPLY_TIMEOUT_MS", "1000")],
    );
    client.read();
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"hover": {"contentFormat": ["markdown"]}},
        "window": {"showDocument": {"support": true}},
        "workspace": {"applyEdit": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}
    });
    client.initialize(capabilities, Value::Null);
    client.open(SMALL, SMALL_TEXT);
    let started = Instant::now();
    let show = client.send_request(
        "workspace/executeCommand",
        json!({"command": "interview.show", "arguments": [{"id": QUESTION}]}),
    );
    let insert = client.send_request(
        "workspace/executeCommand",
        json!({"command": "interview.insertSnippet", "arguments": [{"id": "fastapi-crud-router", "uri": SMALL, "position": {"line": 3, "character": 0}}]}),
    );
    let mut times = hovers(&mut client, 20);
    println!(
        "hover while two commands await the client: {}",
        figures(&mut times)
    );
    let shown = client.response(show);
    assert_eq!(shown["result"]["question"]["id"], QUESTION, "{shown}");
    let fallback = client
        .wait_for(WAIT, |m| m["method"] == "window/showMessage")
        .expect("the answer shown as a message instead");
    assert!(
        fallback["params"]["message"]
            .as_str()
            .unwrap()
            .contains("Full answer:"),
        "{fallback}"
    );
    let inserted = client.response(insert);
    let message = inserted["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("did not answer workspace/applyEdit"),
        "{inserted}"
    );
    println!(
        "commands awaiting an unanswered client answered after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let watch = client
        .wait_for(WAIT, |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("cannot watch the question folders"))
        })
        .expect("the unanswered registration reported");
    assert!(
        watch["params"]["message"]
            .as_str()
            .unwrap()
            .contains("did not answer client/registerCapability"),
        "{watch}"
    );

    // Another unanswered request pending, then shutdown and exit.
    client.send_request(
        "workspace/executeCommand",
        json!({"command": "interview.insertSnippet", "arguments": [{"id": "fastapi-crud-router", "uri": SMALL, "position": {"line": 3, "character": 0}}]}),
    );
    client
        .wait_for(WAIT, |m| m["method"] == "workspace/applyEdit")
        .expect("the edit is asked for");
    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    let exiting = Instant::now();
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(10));
    println!(
        "exit with a pending client request: {:.0} ms",
        exiting.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(status.and_then(|s| s.code()), Some(0));
}

// ------------------------------------------------------------ item 3

/// A 5,000-line file opened with an unclosed bracket at the top (its first
/// parse runs out of budget) and then edited: hovers in another file stay
/// fast, and hovers in it are answered within the hover budget.
#[test]
fn hovers_stay_fast_while_a_file_with_an_unclosed_bracket_is_edited() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    client.open(SMALL, SMALL_TEXT);
    hovers(&mut client, 1);
    let big = "file:///work/big.py";
    let text = format!(
        "from fastapi import Depends\nz = (\n{}",
        (0..5000)
            .map(|i| format!("def f{i}(x=Depends(g)): return x\n"))
            .collect::<String>()
    );
    let opened = Instant::now();
    client.open(big, &text);
    let (first, _) = client.hover(SMALL, 2, 5);
    println!(
        "hover in another file right after opening the file: {:.1} ms",
        first.as_secs_f64() * 1e3
    );
    let mut other = Vec::new();
    let mut same = Vec::new();
    for k in 0..40 {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": big, "version": k + 2},
                   "contentChanges": [{"range": {"start": {"line": 5000, "character": 0}, "end": {"line": 5000, "character": 0}}, "text": "x"}]}),
        );
        other.push(client.hover(SMALL, 2, 5).0);
        if k % 4 == 0 {
            same.push(client.hover(big, 3000, 12).0);
        }
    }
    println!(
        "hover in another file while the file is edited: {}",
        figures(&mut other)
    );
    println!("hover in the edited file itself: {}", figures(&mut same));
    println!(
        "40 keystrokes and 50 hovers took {:.2} s",
        opened.elapsed().as_secs_f64()
    );
    assert!(
        other.iter().all(|t| *t < Duration::from_secs(2)),
        "{other:?}"
    );
    assert!(same.iter().all(|t| *t < Duration::from_secs(2)), "{same:?}");
}

/// A 20 MB Python file is not analysed nor kept, and the log says so.
#[test]
fn a_huge_python_file_is_not_analysed_and_the_log_says_so() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    client.open(SMALL, SMALL_TEXT);
    let before = client.rss_mb();
    let huge = "file:///work/huge.py";
    let text = "from fastapi import Depends\nx = Depends\n".repeat(500_000);
    client.open(huge, &text);
    let log = client
        .wait_for(WAIT, |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("neither analysed nor kept"))
        })
        .expect("the log says the file is not analysed");
    println!("{}", log["params"]["message"]);
    let (took, symbol) = client.hover(huge, 1, 5);
    assert_eq!(symbol, None);
    let mut times = hovers(&mut client, 20);
    println!(
        "{:.0} MB file open: RSS {before:.0} → {:.0} MB; hover in it {:.1} ms; in another file {}",
        text.len() as f64 / 1e6,
        client.rss_mb(),
        took.as_secs_f64() * 1e3,
        figures(&mut times)
    );
    assert!(client.rss_mb() < 1000.0);
}

// ------------------------------------------------------------ item 4

fn question(id: &str, title: &str) -> String {
    format!(
        "## {title}\n\n- id: {id}\n- difficulty: easy\n- frameworks: fastapi\n\n**In short:** Yes.\n\nBecause.\n"
    )
}

fn summaries(client: &mut RawClient, within: Duration) -> Vec<String> {
    let mut found = Vec::new();
    while let Some(m) = client.wait_for(within, |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains(" questions, "))
    }) {
        found.push(m["params"]["message"].as_str().unwrap().to_string());
    }
    found
}

/// 1,000 file-change notifications collapse into one reload, and of two
/// quick settings changes the newest wins.
#[test]
fn bank_reloads_are_coalesced_and_the_newest_settings_win() {
    let data = tempfile::tempdir().unwrap();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::write(a.path().join("a.md"), question("only-in-a", "Folder A?")).unwrap();
    std::fs::write(b.path().join("b.md"), question("only-in-b", "Folder B?")).unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), json!({"questionPaths": [a.path()]}));
    client.open(SMALL, SMALL_TEXT);
    assert_eq!(summaries(&mut client, Duration::from_secs(1)).len(), 1);

    let started = Instant::now();
    for _ in 0..1000 {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": format!("file://{}/a.md", a.path().display()), "type": 2}]}),
        );
    }
    let mut times = hovers(&mut client, 10);
    let reloads = summaries(&mut client, Duration::from_secs(2));
    println!(
        "1,000 file-change notifications: {} reload(s); hover meanwhile {}; {:.2} s",
        reloads.len(),
        figures(&mut times),
        started.elapsed().as_secs_f64()
    );
    assert!((1..=3).contains(&reloads.len()), "{reloads:?}");

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"questionPaths": [b.path()]}}),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"questionPaths": [a.path()]}}),
    );
    let reloads = summaries(&mut client, Duration::from_secs(2));
    println!("two quick settings changes: {reloads:?}");
    let last = reloads.last().expect("a reload");
    assert!(
        last.contains(&a.path().display().to_string()),
        "{reloads:?}"
    );
    let symbols = client.request("workspace/symbol", json!({"query": "Folder"}));
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.iter().any(|n| n.contains("Folder A?")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Folder B?")), "{names:?}");
}

// ------------------------------------------------------------ item 6

/// A client that sends 6,000 searches and never reads the replies, then
/// 10 MB of garbage: the server's memory stays bounded (the replies wait in
/// a bounded queue and the client's own writes block).
#[test]
fn a_client_that_stops_reading_cannot_grow_the_servers_memory() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    let mut stdin = client.take_stdin();
    let start = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                       "params": {"processId": null, "capabilities": {}}});
    stdin.write_all(&frame(&start)).unwrap();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    let writer = std::thread::spawn(move || {
        let mut written = 0u64;
        for id in 1..=6000 {
            let search = json!({"jsonrpc": "2.0", "id": id, "method": "workspace/executeCommand",
                                "params": {"command": "interview.search", "arguments": [{"query": "dependency", "limit": 200}]}});
            if stdin.write_all(&frame(&search)).is_err() {
                return written;
            }
            written += 1;
        }
        let junk = b"x\n\n".repeat(10 * 1024 * 1024 / 3);
        let _ = stdin.write_all(&junk);
        written
    });
    let mut peak: f64 = 0.0;
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(100));
        peak = peak.max(client.rss_mb());
    }
    let finished = writer.is_finished();
    println!(
        "client not reading: RSS peak {peak:.0} MB over 4 s; the client's writes {}",
        if finished {
            "all went through"
        } else {
            "are blocked (backpressure)"
        }
    );
    assert!(peak < 150.0, "RSS {peak} MB");
    assert!(!finished, "6,000 unread replies were all accepted");
    let _ = client.child.kill();
    let _ = writer.join();
}

// ------------------------------------------------------------ item 8

/// A file whose lines end in lone CRs hovers at the right place.
#[test]
fn lone_cr_line_ends_give_correct_positions() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    let uri = "file:///work/cr.py";
    client.open(
        uri,
        "import os\rfrom fastapi import Depends\r\rx = Depends\r",
    );
    let (_, symbol) = client.hover(uri, 3, 5);
    assert_eq!(symbol.as_deref(), Some("fastapi.Depends"));
}

/// `exit` sent as a request gets one answer, an error, and the server
/// keeps serving.
#[test]
fn exit_sent_as_a_request_gets_one_error_and_the_server_keeps_serving() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    client.open(SMALL, SMALL_TEXT);
    let response = client.request("exit", Value::Null);
    assert_eq!(response["error"]["code"], -32600, "{response}");
    hovers(&mut client, 1);
    assert!(client.wait_exit(Duration::from_millis(200)).is_none());
    let again = client.wait_for(Duration::from_millis(200), |m| m["id"] == response["id"]);
    assert_eq!(again, None, "answered twice");
}

/// A document holding half of a surrogate pair (as JavaScript editors send
/// it) opens with U+FFFD in its place.
#[test]
fn a_document_with_an_unpaired_surrogate_opens() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    let uri = "file:///work/surrogate.py";
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"python","version":1,"text":"s = '\ud83d'\nfrom fastapi import Depends\nx = Depends\n"}}}}}}"#
    );
    let stdin_frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    client.send_raw(stdin_frame.as_bytes());
    let (_, symbol) = client.hover(uri, 2, 5);
    assert_eq!(symbol.as_deref(), Some("fastapi.Depends"));
    assert!(
        client.seen.iter().all(|m| m["error"]["code"] != -32700),
        "{:?}",
        client.seen
    );
}

/// A file with 2,000 tips publishes at most the capped number.
#[test]
fn diagnostics_per_file_are_capped() {
    let data = tempfile::tempdir().unwrap();
    let mut client = RawClient::start(data.path(), &[]);
    client.read();
    client.initialize(plain_capabilities(), Value::Null);
    let text = format!(
        "import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/slow\")\nasync def slow():\n{}    return 1\n",
        "    time.sleep(0.01)\n".repeat(2000)
    );
    client.open("file:///work/tips.py", &text);
    let published = client
        .wait_for(WAIT, |m| m["method"] == "textDocument/publishDiagnostics")
        .expect("diagnostics");
    let count = published["params"]["diagnostics"].as_array().unwrap().len();
    println!("a file with 2,000 tips publishes {count} diagnostics");
    assert!((1..=200).contains(&count), "{count}");
}
