//! Study sessions through the real binary, with the clock injected through
//! `INTERVIEW_LS_NOW` (read only by test builds): learning steps within the
//! sitting, "done" with the next due time, undo, skip, the review log and
//! true retention.

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{binary, run_cli_with};

/// One easy Flask testing question: `flask-mail-extension`.
const ONE: [&str; 6] = [
    "--topic",
    "testing",
    "--framework",
    "flask",
    "--difficulty",
    "easy",
];
const ONE_ID: &str = "flask-mail-extension";

/// Runs `quiz` (plus `extra` arguments) at `now` with `input` piped in.
fn quiz(data: &Path, now: &str, extra: &[&str], input: &str) -> (i32, String, String) {
    let dir = data.to_str().unwrap();
    let mut args = vec!["quiz", "--data-dir", dir];
    args.extend_from_slice(extra);
    run_cli_with(&args, &[("INTERVIEW_LS_NOW", Path::new(now))], input)
}

fn progress_bytes(data: &Path) -> Vec<u8> {
    std::fs::read(data.join("progress.json")).unwrap()
}

fn log_lines(data: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(data.join("review-log.jsonl")).unwrap_or_default();
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn ticking_key_points_proposes_a_grade_and_logs_the_points_missed() {
    let data = tempfile::tempdir().unwrap();
    let (_, shown, _) = run_cli_with(&["show", ONE_ID, "--json"], &[], "");
    let question: Value = serde_json::from_str(&shown).unwrap();
    let points: Vec<&str> = question["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let n = points.len();
    // Every point said: Good is proposed and Enter accepts it.
    let every: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let script = format!("\nt\n{}\n\nq\n", every.join(" "));
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, &script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Which key points did you say?\n1. "), "{out}");
    // Laid out at 80 columns: the last point, unwrapped, is the same text.
    let listing = out.replace("\n   ", " ");
    assert!(
        listing.contains(&format!("\n{n}. {}", points[n - 1])),
        "{out}"
    );
    assert!(
        out.contains(&format!("You said {n} of {n}: Good proposed.")),
        "{out}"
    );
    assert!(out.contains("Good: next review"), "{out}");
    let log = log_lines(data.path());
    assert_eq!(log.len(), 1);
    assert!(log[0].get("missed").is_none(), "{:?}", log[0]);

    // The next day, only the first point: Again proposed, Hard chosen
    // instead; the points not ticked are in the log.
    let (code, out, err) = quiz(data.path(), "2026-03-14T09:00:00Z", &ONE, "\nt\n1\nh\nq\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("You said 1 of {n}: Again proposed.")),
        "{out}"
    );
    assert!(out.contains("Hard: next review"), "{out}");
    let log = log_lines(data.path());
    assert_eq!(log[1]["rating"], "hard");
    let missed: Vec<&str> = log[1]["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(missed, points[1..]);
}

#[test]
fn again_brings_the_card_back_in_the_same_session() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, "\n1\n\n3\nq\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Today: 0 due · 1 new · 0 learning"),
        "{out}"
    );
    assert!(
        out.contains("1 Again 10m · 2 Hard 20m · 3 Good 30m · 4 Easy 8d\nEnter: more · t tick key points · u undo · s skip · q quit"),
        "{out}"
    );
    assert!(out.contains("Again: next review in 10 minutes."), "{out}");
    // The only card of the filter comes straight back (early: nothing else
    // is left), after Again and again after Good on the first step.
    assert_eq!(out.matches(&format!("] {ONE_ID}")).count(), 3, "{out}");
    assert!(
        out.contains(
            "── Card 2 · left today: 0 due · 0 new · 1 learning · (learning, shown early)"
        ),
        "{out}"
    );
    assert!(out.contains("Good: next review in 30 minutes."), "{out}");
    // Ten minutes later, in a new sitting, it is simply due.
    let (_, later, _) = quiz(data.path(), "2026-03-10T09:40:00Z", &ONE, "\nq\n");
    assert!(
        later.starts_with("Today: 0 due · 0 new · 1 learning"),
        "{later}"
    );
    assert!(later.contains("· (learning)"), "{later}");
    assert!(later.contains("Graded 0 questions"), "{later}");
}

#[test]
fn an_exhausted_filter_ends_with_done_and_the_next_due_time() {
    let data = tempfile::tempdir().unwrap();
    // Easy graduates at once; the rest of the input is never read as grades.
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, "\n4\n\n4\n\n4\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Easy: next review in 8 days."), "{out}");
    assert_eq!(out.matches("── Card").count(), 1, "{out}");
    assert!(
        out.contains("Graded 1 question: 0 again · 0 hard · 0 good · 1 easy"),
        "{out}"
    );
    assert!(
        out.contains("Done for now — next review in 8 days (1 card)"),
        "{out}"
    );
    assert!(!out.contains("ahead of schedule"), "{out}");
    // Starting again the same day: done at once, nothing rescheduled.
    let before = progress_bytes(data.path());
    let (code, again, _) = quiz(data.path(), "2026-03-10T12:00:00Z", &ONE, "\n4\n");
    assert_eq!(code, 0);
    assert!(!again.contains("── Card"), "{again}");
    assert!(
        again.contains("Done for now — next review in 8 days (1 card)"),
        "{again}"
    );
    assert_eq!(progress_bytes(data.path()), before);
}

#[test]
fn undo_restores_progress_and_log_byte_for_byte() {
    let data = tempfile::tempdir().unwrap();
    quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, "\n3\nq\n");
    let progress = progress_bytes(data.path());
    let log = std::fs::read(data.path().join("review-log.jsonl")).unwrap();
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:45:00Z", &ONE, "\nh\nu\nq\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hard: next review in "), "{out}");
    assert!(
        out.contains(&format!("Undid the Hard grade of {ONE_ID}.")),
        "{out}"
    );
    assert!(out.contains("Graded 0 questions"), "{out}");
    assert_eq!(progress_bytes(data.path()), progress);
    assert_eq!(
        std::fs::read(data.path().join("review-log.jsonl")).unwrap(),
        log
    );
    // Nothing to undo in a fresh session.
    let (_, out, _) = quiz(data.path(), "2026-03-10T09:46:00Z", &ONE, "u\nq\n");
    assert!(out.contains("Nothing to undo yet."), "{out}");
}

#[test]
fn a_skipped_card_waits_until_tomorrow_and_bad_keys_say_what_is_valid() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, _) = quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, "3\nx\n\n5\ns\n");
    assert_eq!(code, 0);
    assert!(
        out.contains("Reveal the answer first (Enter), then grade it."),
        "{out}"
    );
    assert!(
        out.contains("`x` does nothing here: Enter shows the answer · s skip · u undo · q quit"),
        "{out}"
    );
    assert!(
        out.contains("unknown rating `5` (expected 1–4, a h g e, or again, hard, good, easy)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("Skipped {ONE_ID} until tomorrow.")),
        "{out}"
    );
    let (_, same_day, _) = quiz(data.path(), "2026-03-10T18:00:00Z", &ONE, "\n");
    assert!(!same_day.contains("── Card"), "{same_day}");
    let (_, tomorrow, _) = quiz(data.path(), "2026-03-11T08:00:00Z", &ONE, "\ng\nq\n");
    assert!(tomorrow.contains(&format!("] {ONE_ID}")), "{tomorrow}");
    assert!(
        tomorrow.contains("Good: next review in 30 minutes."),
        "{tomorrow}"
    );
}

#[test]
fn the_new_card_limit_holds_across_sessions_and_counts_start_each_session() {
    let data = tempfile::tempdir().unwrap();
    let (_, out, _) = quiz(
        data.path(),
        "2026-03-10T09:00:00Z",
        &["--topic", "testing", "--new", "2"],
        "\n4\n\n4\n",
    );
    assert!(
        out.starts_with("Today: 0 due · 2 new · 0 learning"),
        "{out}"
    );
    assert!(
        out.contains("── Card 2 · left today: 0 due · 1 new · 0 learning · (new)"),
        "{out}"
    );
    assert!(out.contains("new cards wait for another day"), "{out}");
    let (_, again, _) = quiz(
        data.path(),
        "2026-03-10T10:00:00Z",
        &["--topic", "testing", "--new", "2"],
        "\n",
    );
    assert!(!again.contains("── Card"), "{again}");
    let (_, tomorrow, _) = quiz(
        data.path(),
        "2026-03-11T10:00:00Z",
        &["--topic", "testing", "--new", "2"],
        "q\n",
    );
    assert!(
        tomorrow.starts_with("Today: 0 due · 2 new · 0 learning"),
        "{tomorrow}"
    );
}

#[test]
fn the_review_log_has_one_line_per_grade() {
    let data = tempfile::tempdir().unwrap();
    quiz(
        data.path(),
        "2026-03-10T09:00:00Z",
        &["--topic", "testing"],
        "\n1\n\n3\n\n4\nq\n",
    );
    let lines = log_lines(data.path());
    let ratings: Vec<&str> = lines
        .iter()
        .map(|l| l["rating"].as_str().unwrap())
        .collect();
    assert_eq!(ratings, ["again", "good", "easy"]);
    for line in &lines {
        assert_eq!(line["time"], "2026-03-10T09:00:00Z");
        assert!(line["seconds"].as_f64().is_some(), "{line}");
        assert!(line["after"]["state"].is_string(), "{line}");
    }
    assert!(lines[0]["before"].is_null());
    let progress: Value = serde_json::from_slice(&progress_bytes(data.path())).unwrap();
    assert_eq!(progress["days"]["2026-03-10"], 3);
}

/// A quiz killed at arbitrary moments while grading: the progress always
/// parses, the log's complete lines always parse, and the log holds every
/// grade the progress counts (it is written first); a kill between the two
/// writes leaves at most one line whose grade did not land.
#[test]
fn the_review_log_survives_kills_mid_write() {
    let data = tempfile::tempdir().unwrap();
    let script = "\n3\n".repeat(40);
    let mut unlanded = 0;
    for round in 0..8u64 {
        let mut child = Command::new(binary())
            .args([
                "quiz",
                "--new",
                "40",
                "--data-dir",
                data.path().to_str().unwrap(),
            ])
            .env(
                "INTERVIEW_LS_NOW",
                format!("2026-03-{:02}T09:00:00Z", 10 + round),
            )
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + 15 * round));
        let _ = child.kill();
        child.wait().unwrap();
        let progress: Value = match std::fs::read(data.path().join("progress.json")) {
            Ok(bytes) => serde_json::from_slice(&bytes).expect("progress parses"),
            Err(_) => continue,
        };
        let graded: u64 = progress["days"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        let text = std::fs::read_to_string(data.path().join("review-log.jsonl")).unwrap();
        let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
        let logged = complete
            .lines()
            .inspect(|line| {
                serde_json::from_str::<Value>(line).expect("every complete line parses");
            })
            .count() as u64;
        assert!(
            logged == graded + unlanded || logged == graded + unlanded + 1,
            "round {round}: {logged} logged, {graded} in progress, {unlanded} not landed before"
        );
        unlanded = logged - graded;
    }
    // After all that, a normal grade still appends one whole line.
    let before = log_lines(data.path()).len();
    quiz(
        data.path(),
        "2026-03-30T09:00:00Z",
        &["--new", "1"],
        "\n3\nq\n",
    );
    assert_eq!(log_lines(data.path()).len(), before + 1);
}

#[test]
fn stats_json_separates_retention_from_predicted_recall() {
    let data = tempfile::tempdir().unwrap();
    let stats = |now: &str| -> Value {
        let (code, out, err) = run_cli_with(
            &[
                "stats",
                "--json",
                "--data-dir",
                data.path().to_str().unwrap(),
            ],
            &[("INTERVIEW_LS_NOW", Path::new(now))],
            "",
        );
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, "\n4\n");
    let fresh = stats("2026-03-10T09:01:00Z");
    assert_eq!(
        fresh["overall"]["retention"],
        Value::Null,
        "no review of a learned card yet"
    );
    assert!(fresh["overall"]["predictedRecall"].as_f64().unwrap() > 0.99);
    // Forgotten at its first review: an Again on a learned card.
    quiz(data.path(), "2026-03-18T09:00:00Z", &ONE, "\n1\nq\n");
    let after = stats("2026-03-18T09:01:00Z");
    assert_eq!(after["overall"]["retention"], 0.0);
    assert_eq!(after["overall"]["retentionReviews"], 1);
    let predicted = after["overall"]["predictedRecall"].as_f64().unwrap();
    assert!(predicted > 0.9, "just relearned: {predicted}");
    assert_eq!(after["retentionDays"], 30);
    let (_, page, _) = run_cli_with(
        &["stats", "--data-dir", data.path().to_str().unwrap()],
        &[("INTERVIEW_LS_NOW", Path::new("2026-03-18T09:01:00Z"))],
        "",
    );
    assert!(
        page.contains("Retention: `░░░░░░░░░░` 0% — 1 review of learned cards in the last 30 days"),
        "{page}"
    );
    assert!(page.contains("Predicted recall now (FSRS): "), "{page}");

    // The editor's `interview.stats` reads the same log.
    let mut client = support::LspClient::start_with(support::Start {
        data_dir: Some(data.path().to_path_buf()),
        env: vec![("INTERVIEW_LS_NOW".into(), "2026-03-18T09:01:00Z".into())],
        ..support::Start::default()
    });
    client.initialize();
    let editor = client.call(
        "workspace/executeCommand",
        serde_json::json!({"command": "interview.stats", "arguments": [{"open": false}]}),
    );
    assert_eq!(editor["stats"]["overall"]["retention"], 0.0, "{editor}");
    assert_eq!(
        editor["stats"]["overall"]["retentionReviews"], 1,
        "{editor}"
    );
    client.shutdown_and_exit();
}

/// Ctrl-C from a terminal with the quiz's input piped is a signal: the
/// summary is printed all the same.
#[cfg(unix)]
#[test]
fn ctrl_c_prints_the_summary() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(binary())
        .args([
            "quiz",
            "--topic",
            "testing",
            "--data-dir",
            data.path().to_str().unwrap(),
        ])
        .env("INTERVIEW_LS_NOW", "2026-03-10T09:00:00Z")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n4\n").unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).unwrap();
        text
    });
    // The grade lands, then the quiz waits for more input: interrupt it.
    let started = Instant::now();
    while !data.path().join("review-log.jsonl").exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "no grade");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap().code();
    drop(stdin);
    let out = reader.join().unwrap();
    assert_eq!(code, Some(130), "{out}");
    assert!(
        out.contains("Graded 1 question: 0 again · 0 hard · 0 good · 1 easy"),
        "{out}"
    );
}

/// The code lines of the answers of `args`' questions (from `show --json`),
/// trimmed: the only lines allowed to be wider than the terminal.
fn code_lines(ids: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    for id in ids {
        let (_, json, _) = support::run_cli(&["show", id, "--json"]);
        let question: Value = serde_json::from_str(&json).unwrap();
        let mut in_code = false;
        for line in question["answer"].as_str().unwrap().lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            } else if in_code {
                lines.push(line.trim().to_string());
            }
        }
    }
    lines
}

/// What a person reads, checked line by line: prose fits 80 columns (code
/// is never re-wrapped), and the bank's runner lines and fence attributes
/// never show.
fn assert_reads_well(out: &str, ids: &[&str]) {
    let code = code_lines(ids);
    for line in out.lines() {
        assert!(!line.contains("# test:"), "runner line shown: {line}");
        assert!(!line.contains("```"), "fence shown: {line}");
        assert!(
            !line.contains("python example") && !line.contains("python snippet"),
            "{line}"
        );
        if line.chars().count() > 80 {
            assert!(
                code.contains(&line.trim().to_string()),
                "prose wider than 80 columns: {line}"
            );
        }
    }
}

#[test]
fn piped_the_quiz_pages_whole_answers_that_read_well() {
    let data = tempfile::tempdir().unwrap();
    // Reveal, page through everything (more Enters than pages), grade.
    let script = format!("\n{}4\n", "\n".repeat(30));
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &ONE, &script);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(end of the answer)"), "{out}");
    assert!(out.contains("Easy: next review in 8 days."), "{out}");
    assert_reads_well(&out, &[ONE_ID]);
    // The first screen, up to the grades, as a person sees it.
    let first_screen: String = out
        .lines()
        .take_while(|line| !line.starts_with("Enter: more"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(first_screen);
}

/// Through a terminal (a pty, 80 columns, via `script`): single keys act
/// without Enter, and the output reads well there too.
#[cfg(unix)]
#[test]
fn on_a_terminal_single_keys_act_without_enter() {
    let data = tempfile::tempdir().unwrap();
    let command = format!(
        "stty cols 80 rows 24; {} quiz {} --data-dir {}",
        binary(),
        ONE.join(" "),
        data.path().display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("INTERVIEW_LS_NOW", "2026-03-10T09:00:00Z")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs the quiz in a pty");
    let mut stdin = child.stdin.take().unwrap();
    // Space reveals, `4` grades Easy: no Enter anywhere.
    std::thread::sleep(Duration::from_millis(500));
    stdin.write_all(b" ").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    stdin.write_all(b"4").unwrap();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    let raw = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    let out = strip_ansi(&raw);
    assert!(out.contains("In short:"), "{out}");
    assert!(out.contains("Easy: next review in 8 days."), "{out}");
    assert!(
        out.contains("Done for now — next review in 8 days (1 card)"),
        "{out}"
    );
    assert_reads_well(&out, &[ONE_ID]);
    assert_eq!(log_lines(data.path()).len(), 1);
}

/// Removes ANSI escape sequences (CSI `ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn learning_steps_can_be_set_for_a_session() {
    let data = tempfile::tempdir().unwrap();
    let mut args = ONE.to_vec();
    args.extend(["--steps", "5m", "--relearning-steps", "none"]);
    let (code, out, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &args, "\n1\nq\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 Again 5m · 2 Hard 7m · 3 Good "), "{out}");
    assert!(out.contains("Again: next review in 5 minutes."), "{out}");
    let mut bad = ONE.to_vec();
    bad.extend(["--steps", "10m,2d"]);
    let (code, _, err) = quiz(data.path(), "2026-03-10T09:00:00Z", &bad, "");
    assert_eq!(code, 2);
    assert!(
        err.contains("`2d` is not a step (expected minutes within a day"),
        "{err}"
    );
}
