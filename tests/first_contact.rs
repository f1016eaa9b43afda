//! A newcomer's first minutes with the command line, through the real
//! binary: bare commands, the obvious mistakes, piping into `head`, a
//! terminal on stdin, and the help they read.

mod support;

use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{binary, run_cli, run_cli_with};

#[track_caller]
fn usage_error(args: &[&str], expected: &str) -> String {
    let (code, stdout, stderr) = run_cli(args);
    assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn first_id() -> String {
    let (_, stdout, _) = run_cli(&["list", "--json"]);
    let list: Value = serde_json::from_str(&stdout).unwrap();
    list[0]["id"].as_str().unwrap().to_string()
}

/// Runs the binary with its stdout closed from the start, the way
/// `interview-ls … | head -1` leaves it once `head` has its line.
fn run_into_closed_pipe(args: &[&str], data: &Path) -> (i32, String) {
    let mut child = Command::new(binary())
        .args(args)
        .env("INTERVIEW_LS_DATA", data)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start interview-ls");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn output_to_a_closed_pipe_ends_quietly_in_every_subcommand_and_mode() {
    let data = tempfile::tempdir().unwrap();
    let id = first_id();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["random"],
        vec!["random", "--answer"],
        vec!["show", &id],
        vec!["search", "dependency", "injection"],
        vec!["topics"],
        vec!["stats"],
    ];
    for command in commands {
        for json in [false, true] {
            let mut args = command.clone();
            if json {
                args.push("--json");
            }
            let (code, stderr) = run_into_closed_pipe(&args, data.path());
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(stderr.is_empty(), "{args:?} printed: {stderr}");
        }
    }
}

#[test]
fn the_bare_command_in_a_terminal_says_it_is_a_language_server() {
    // `script` gives the binary a pseudo-terminal on stdin; stdin then ends,
    // and a language server whose input ends exits.
    let mut child = Command::new("script")
        .args(["-qec", binary(), "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs the binary in a pseudo-terminal");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the server did not exit on end of input"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut screen = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut screen)
        .unwrap();
    let hints: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("language server"))
        .collect();
    assert_eq!(hints.len(), 1, "one line of hint: {screen:?}");
    assert!(hints[0].contains("--help"), "{screen:?}");

    // Piped (as editors run it) it prints nothing at all on stderr.
    let (_, stdout, stderr) = run_cli_with(&[], &[], "");
    assert!(stdout.is_empty() && stderr.is_empty(), "{stdout}{stderr}");
}

#[test]
fn topics_lists_every_topic_with_its_count() {
    let (code, text, stderr) = run_cli(&["topics"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, json, _) = run_cli(&["topics", "--json"]);
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert!(!rows.is_empty());
    let (_, list, _) = run_cli(&["list", "--json"]);
    let questions: Vec<Value> = serde_json::from_str(&list).unwrap();
    for row in &rows {
        let topic = row["topic"].as_str().unwrap();
        let counted = questions
            .iter()
            .filter(|q| {
                q["topics"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from(topic))
            })
            .count();
        assert_eq!(row["count"].as_u64(), Some(counted as u64), "{topic}");
        assert!(row["description"].is_string(), "{row}");
        assert!(
            text.lines()
                .any(|l| l.starts_with(topic) && l.contains(&counted.to_string())),
            "{topic} missing from:\n{text}"
        );
    }
}

#[test]
fn filters_that_match_nothing_say_why_in_every_command() {
    // A near miss gets a suggestion, in random, list, search and quiz alike.
    for command in [
        &["random"][..],
        &["list"],
        &["search", "session"],
        &["quiz"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--topic", "databse"]);
        usage_error(&args, "unknown topic `databse` (did you mean `databases`?)");
    }
    // Nothing near: the valid topics, once.
    let stderr = usage_error(
        &["list", "--topic", "kubernetes"],
        "unknown topic `kubernetes`",
    );
    assert!(stderr.contains("databases"), "{stderr}");
    // Written as words, a topic still works.
    let (code, _, stderr) = run_cli(&["list", "--topic", "Dependency Injection"]);
    assert_eq!(code, 0, "{stderr}");
    // Valid values whose combination is empty: said plainly, no topic dump.
    let (_, json, _) = run_cli(&["topics", "--json"]);
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    let empty_combination = rows.iter().find_map(|row| {
        let topic = row["topic"].as_str().unwrap().to_string();
        ["easy", "medium", "hard"].into_iter().find_map(|level| {
            let (code, _, _) = run_cli(&["list", "--topic", &topic, "--difficulty", level]);
            (code == 2).then(|| (topic.clone(), level))
        })
    });
    if let Some((topic, level)) = empty_combination {
        let stderr = usage_error(
            &["random", "--topic", &topic, "--difficulty", level],
            "together",
        );
        assert!(!stderr.contains("topics:"), "{stderr}");
    }
    usage_error(
        &["random", "--difficulty", "medum"],
        "did you mean `medium`?",
    );
    usage_error(
        &["list", "--framework", "fastpi"],
        "did you mean `fastapi`?",
    );
    usage_error(
        &["list", "--framework", "django"],
        "expected flask, fastapi or general",
    );
    // A search that finds nothing is no match, not bad input: exit 1, as grep.
    let (code, stdout, stderr) = run_cli(&["search", "zzqqxxv"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("no question matches `zzqqxxv`"), "{stderr}");
    let (code, stdout, _) = run_cli(&["search", "--json", "kubernetes helm chart"]);
    assert_eq!((code, stdout.trim()), (1, "[]"));
}

#[test]
fn missing_and_wrong_paths_are_named_without_a_made_up_location() {
    for args in [
        &["--questions", "/no/such/folder", "list"][..],
        &["check", "/no/such/folder"],
    ] {
        let stderr = usage_error(args, "error: /no/such/folder: no such file or directory");
        assert!(!stderr.contains(":1:1"), "{stderr}");
    }
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "## Q?\n").unwrap();
    usage_error(&["check", notes.to_str().unwrap()], "not a bank file");
}

#[test]
fn check_sorts_errors_validates_topics_and_notes_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let id = first_id();
    let entry = |id: &str, topics: &str| {
        format!(
            "## {id}?\n\n- id: {id}\n- difficulty: easy\n- frameworks: flask\n- topics: {topics}\n\n**In short:** A.\n\nB.\n\n"
        )
    };
    std::fs::write(
        dir.path().join("b.md"),
        format!(
            "{}{}",
            entry("zeta", "Async Stuff, , testing"),
            entry("alpha", "databse")
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), entry(&id, "testing")).unwrap();
    let (code, stdout, stderr) = run_cli(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].contains("b.md:6:") && lines[0].contains("topic `Async Stuff` is not a slug"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("b.md:6:") && lines[1].contains("empty item in `topics`"),
        "{stdout}"
    );
    assert!(
        lines[2].contains("b.md:17:1: error: topic `databse` is not on the topic map")
            && lines[2].contains("did you mean `databases`?"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("note: `{id}` replaces the built-in question")),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 questions, 0 snippets, 0 examples, 3 errors"),
        "{stderr}"
    );
}

#[test]
fn every_subcommand_help_describes_its_options_and_values() {
    let (_, top, _) = run_cli(&["--help"]);
    assert!(
        top.contains("--stdio") && top.contains("language server"),
        "{top}"
    );
    for command in [
        "random", "show", "search", "list", "topics", "check", "quiz", "stats",
    ] {
        let (code, help, _) = run_cli(&[command, "--help"]);
        assert_eq!(code, 0);
        assert!(
            !help.contains("--stdio"),
            "{command} --help mentions --stdio:\n{help}"
        );
        // Every option line (`  --flag`) is followed by its description on the same line.
        for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
            let described = line
                .trim_start()
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            assert!(described, "{command}: undescribed option `{line}`\n{help}");
        }
        if ["random", "list", "search", "quiz"].contains(&command) {
            assert!(help.contains("easy, medium or hard"), "{command}:\n{help}");
            assert!(
                help.contains("flask, fastapi or general"),
                "{command}:\n{help}"
            );
            assert!(help.contains("interview-ls topics"), "{command}:\n{help}");
        }
    }
    let (_, random, _) = run_cli(&["random", "--help"]);
    assert!(
        random.contains("--answer") && random.contains("show ID"),
        "{random}"
    );
}

#[test]
fn random_shows_the_short_answer_and_follows_the_due_first_picker() {
    let data = tempfile::tempdir().unwrap();
    let env = [("INTERVIEW_LS_DATA", data.path())];
    let (code, short, _) = run_cli_with(&["random"], &env, "");
    assert_eq!(code, 0);
    // The label line (`[easy · Flask] id`) follows the title, which may wrap.
    let id = short
        .lines()
        .find(|l| l.starts_with('['))
        .and_then(|l| l.rsplit(' ').next())
        .unwrap()
        .to_string();
    let (_, full, _) = run_cli(&["show", &id, "--json"]);
    let question: Value = serde_json::from_str(&full).unwrap();
    assert!(short.contains("In short:"), "{short}");
    assert!(
        short.contains(&format!("interview-ls show {id}")),
        "{short}"
    );
    let answer_start: String = question["answer"]
        .as_str()
        .unwrap()
        .lines()
        .find(|l| l.len() > 40)
        .unwrap()
        .to_string();
    assert!(
        !short.contains(&answer_start),
        "random printed the full answer:\n{short}"
    );
    assert!(
        data.path().read_dir().unwrap().next().is_none(),
        "random created files in the data folder"
    );

    // Grade one question, make it due, and `random` picks it before any new one.
    let (_, topics, _) = run_cli(&["topics", "--json"]);
    let topic = serde_json::from_str::<Vec<Value>>(&topics).unwrap()[0]["topic"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, quiz, stderr) = run_cli_with(&["quiz", "--topic", &topic], &env, "\n3\nq\n");
    assert_eq!(code, 0, "{quiz}{stderr}");
    let progress_path = data.path().join("progress.json");
    let mut progress: Value =
        serde_json::from_str(&std::fs::read_to_string(&progress_path).unwrap()).unwrap();
    let graded = progress["cards"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    progress["cards"][&graded]["due"] = Value::from("2020-01-01T00:00:00Z");
    std::fs::write(&progress_path, progress.to_string()).unwrap();
    for _ in 0..3 {
        let (_, json, _) = run_cli_with(&["random", "--json"], &env, "");
        let picked: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(picked["id"], Value::from(graded.as_str()));
    }
    let (code, with_answer, _) = run_cli_with(&["random", "--answer"], &env, "");
    assert_eq!(code, 0);
    assert!(
        with_answer.len() > short.len(),
        "--answer adds the full answer"
    );
}
