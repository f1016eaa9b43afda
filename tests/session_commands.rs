//! The study session over LSP, as an editor client drives it: `interview.next`
//! shows a card with its counts and interval previews, `interview.grade`,
//! `interview.skip` and `interview.undo` answer with the next step, and
//! `interview.plan` plans backwards from an interview date. The clock is
//! fixed per server with `INTERVIEW_LS_NOW` (test builds only); a later
//! "now" is a new server on the same data folder.

mod support;

use serde_json::{Value, json};
use std::fs;
use std::path::Path;
use support::{LspClient, Start};

/// The two easy testing questions, in bank order.
const FIRST: &str = "flask-mail-extension";
const SECOND: &str = "testing-testclient";

fn session() -> Value {
    json!({"topic": "testing", "difficulty": "easy"})
}

fn server_at(data: &Path, now: &str, settings: Value) -> LspClient {
    let mut client = LspClient::start_with(Start {
        data_dir: Some(data.to_path_buf()),
        env: vec![("INTERVIEW_LS_NOW".into(), now.into())],
        ..Start::default()
    });
    client.initialize_with(support::default_capabilities(), settings);
    client
}

fn command(client: &mut LspClient, name: &str, argument: Value) -> Value {
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": name, "arguments": [argument]}),
    );
    assert!(response.get("error").is_none(), "{name}: {response}");
    response["result"].clone()
}

fn error(client: &mut LspClient, name: &str, argument: Value) -> String {
    let response = client.request(
        "workspace/executeCommand",
        json!({"command": name, "arguments": [argument]}),
    );
    assert_eq!(response["error"]["code"], -32602, "{name}: {response}");
    response["error"]["message"].as_str().unwrap().to_string()
}

fn intervals(view: &Value) -> Vec<String> {
    view["previews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["rating"].as_str().unwrap(),
                p["interval"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_session_over_lsp_brings_back_again_cards_ends_with_done_and_undoes_exactly() {
    let data = tempfile::tempdir().unwrap();
    let progress = data.path().join("progress.json");
    let log = data.path().join("review-log.jsonl");
    let mut client = server_at(data.path(), "2026-03-10T09:00:00Z", json!({}));

    let first = command(&mut client, "interview.next", session());
    assert_eq!(first["status"], "card", "{first}");
    assert_eq!(first["id"], FIRST);
    assert_eq!(first["state"], "new");
    assert_eq!(first["counts"], json!({"due": 0, "new": 2, "learning": 0}));
    assert_eq!(first["message"], "0 due · 2 new · 0 learning");
    assert_eq!(first["question"]["id"], FIRST);
    assert!(
        first["question"]["title"]
            .as_str()
            .unwrap()
            .contains("Flask-Mail")
    );
    // The settings' default steps (10m, 30m) and FSRS's first intervals.
    let previews = intervals(&first);
    assert_eq!(previews[0], "again 10m", "{previews:?}");
    assert!(
        previews[2].starts_with("good ") && previews[3].ends_with('d'),
        "{previews:?}"
    );

    // Again keeps the card within the sitting; the next card is the other new one.
    let graded = command(
        &mut client,
        "interview.grade",
        json!({"id": FIRST, "rating": "again", "seconds": 42.5, "session": session()}),
    );
    assert_eq!(
        graded["message"], "Again: next review in 10 minutes.",
        "{graded}"
    );
    assert_eq!(graded["counts"], json!({"due": 0, "new": 1, "learning": 1}));
    assert_eq!(graded["next"]["id"], SECOND);
    let before_second = fs::read(&progress).unwrap();
    let log_before_second = fs::read(&log).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&log_before_second).lines().count(),
        1
    );
    assert!(String::from_utf8_lossy(&log_before_second).contains("\"seconds\":42.5"));

    // With only a waiting learning card left, it is shown early, not "done".
    let graded = command(
        &mut client,
        "interview.grade",
        json!({"id": SECOND, "rating": "easy", "session": session()}),
    );
    assert_eq!(graded["next"]["id"], FIRST, "{graded}");
    assert_eq!(graded["next"]["early"], true);
    assert_eq!(graded["next"]["state"], "learning");

    // A question tree's view: each question's standing and the topic's counts.
    let list = command(&mut client, "interview.list", json!({"topic": "testing"}));
    let standing = |id: &str| {
        list["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .map(|q| q["standing"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(standing(FIRST), "learning", "{list}");
    assert_eq!(standing(SECOND), "learned");
    assert_eq!(standing("testing-mock-http"), "new");
    let testing = list["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == "testing")
        .unwrap()
        .clone();
    assert_eq!(testing["total"], 12, "{testing}");
    assert_eq!(
        (testing["learning"].clone(), testing["learned"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(list["counts"], json!({"due": 0, "new": 8, "learning": 1}));

    // Skipping it leaves nothing today: done, with when the next review is.
    let skipped = command(
        &mut client,
        "interview.skip",
        json!({"id": FIRST, "session": session()}),
    );
    assert_eq!(skipped["skipped"], FIRST);
    assert_eq!(skipped["next"]["status"], "done", "{skipped}");
    assert_eq!(
        skipped["counts"],
        json!({"due": 0, "new": 0, "learning": 0})
    );
    let done = skipped["next"]["message"].as_str().unwrap();
    assert!(done.starts_with("Done for now — next review"), "{done}");
    assert!(skipped["next"]["nextDue"].is_string(), "{skipped}");

    // Undo takes back the skip, then the Easy grade: progress and the log
    // are byte for byte what they were.
    let undone = command(&mut client, "interview.undo", json!({"session": session()}));
    assert_eq!(undone["undone"]["id"], FIRST, "{undone}");
    assert!(
        undone["message"]
            .as_str()
            .unwrap()
            .starts_with("Undid the skip")
    );
    assert_eq!(undone["next"]["id"], FIRST);
    let undone = command(&mut client, "interview.undo", json!({"session": session()}));
    assert_eq!(
        undone["undone"],
        json!({"id": SECOND, "rating": "easy"}),
        "{undone}"
    );
    assert_eq!(undone["next"]["id"], SECOND);
    assert_eq!(undone["counts"], json!({"due": 0, "new": 1, "learning": 1}));
    assert_eq!(fs::read(&progress).unwrap(), before_second);
    assert_eq!(fs::read(&log).unwrap(), log_before_second);
    client.shutdown_and_exit();

    // Eleven minutes later the Again card's step is up: it comes first.
    let mut later = server_at(data.path(), "2026-03-10T09:11:00Z", json!({}));
    let next = command(&mut later, "interview.next", session());
    assert_eq!(next["id"], FIRST, "{next}");
    assert_eq!(next["early"], false);
    assert_eq!(next["counts"], json!({"due": 0, "new": 1, "learning": 1}));
    // A new server has no history to undo, and says so without failing.
    let nothing = command(&mut later, "interview.undo", json!({}));
    assert_eq!(nothing["undone"], Value::Null);
    assert_eq!(nothing["message"], "Nothing to undo.");
    later.shutdown_and_exit();
}

#[test]
fn settings_set_the_new_card_limit_and_steps_and_arguments_override_them() {
    let data = tempfile::tempdir().unwrap();
    let settings = json!({"newPerDay": 1, "learningSteps": [5], "relearningSteps": [15]});
    let mut client = server_at(data.path(), "2026-03-10T09:00:00Z", settings);
    let next = command(&mut client, "interview.next", session());
    assert_eq!(next["counts"]["new"], 1, "{next}");
    assert_eq!(intervals(&next)[0], "again 5m");
    let next = command(
        &mut client,
        "interview.next",
        json!({"topic": "testing", "difficulty": "easy", "newPerDay": 5}),
    );
    assert_eq!(next["counts"]["new"], 2, "{next}");
    // Once the day's one new card is graded, nothing new is left today.
    let graded = command(
        &mut client,
        "interview.grade",
        json!({"id": FIRST, "rating": "easy", "session": session()}),
    );
    assert_eq!(graded["next"]["status"], "done", "{graded}");
    assert_eq!(graded["next"]["newWaiting"], 1);
    client.shutdown_and_exit();
}

#[test]
fn an_interview_tomorrow_puts_every_unseen_card_in_todays_session_and_plans_in_text() {
    let data = tempfile::tempdir().unwrap();
    let mut client = server_at(data.path(), "2026-03-10T09:00:00Z", json!({"newPerDay": 1}));
    let whole = json!({"topic": "testing", "until": "tomorrow", "minutes": 600});
    let next = command(&mut client, "interview.next", whole);
    assert_eq!(next["counts"]["new"], 12, "{next}");
    assert_eq!(next["plan"]["interviewDate"], "2026-03-11");
    assert_eq!(next["plan"]["feasible"], true);

    let plan = command(
        &mut client,
        "interview.plan",
        json!({"until": "2026-03-13", "minutes": 5, "topic": "auth-security"}),
    );
    assert_eq!(plan["feasible"], false, "{plan}");
    let text = plan["text"].as_str().unwrap();
    assert!(
        text.starts_with("Interview on Fri 13 Mar: 3 days"),
        "{text}"
    );
    assert!(text.contains("What if:"), "{text}");
    assert_eq!(plan["whatIf"].as_array().unwrap().len(), 4);
    assert!(
        plan["shortfall"].as_str().unwrap().contains("min/day"),
        "{plan}"
    );

    let e = error(&mut client, "interview.plan", json!({}));
    assert!(
        e.contains("no interview date") && e.contains("interviewDate"),
        "{e}"
    );
    let e = error(
        &mut client,
        "interview.next",
        json!({"until": "2026-03-10"}),
    );
    assert!(e.contains("is not after today"), "{e}");
    let e = error(&mut client, "interview.next", json!({"until": "someday"}));
    assert!(e.contains("`someday` is not a date"), "{e}");
    let e = error(
        &mut client,
        "interview.plan",
        json!({"until": "fri", "minutes": 0}),
    );
    assert!(e.contains("minutes: 0 is not between"), "{e}");
    let e = error(
        &mut client,
        "interview.grade",
        json!({"id": "testing-testclien", "rating": "good"}),
    );
    assert!(e.contains("did you mean `testing-testclient`"), "{e}");
    let e = error(
        &mut client,
        "interview.skip",
        json!({"id": FIRST, "session": {"topic": "testin"}}),
    );
    assert!(e.contains("unknown topic `testin`"), "{e}");
    client.shutdown_and_exit();
}

#[test]
fn the_interview_date_setting_plans_until_the_date_and_not_after_it() {
    let data = tempfile::tempdir().unwrap();
    let settings = json!({"interviewDate": "2026-03-12", "dailyMinutes": 45});
    let mut before = server_at(data.path(), "2026-03-10T09:00:00Z", settings.clone());
    let next = command(&mut before, "interview.next", session());
    assert_eq!(next["plan"]["interviewDate"], "2026-03-12", "{next}");
    assert_eq!(next["plan"]["minutesPerDay"], 45.0);
    let plan = command(&mut before, "interview.plan", json!({"topic": "testing"}));
    assert!(
        plan["text"]
            .as_str()
            .unwrap()
            .starts_with("Interview on Thu 12 Mar")
    );
    before.shutdown_and_exit();

    let mut after = server_at(data.path(), "2026-03-13T09:00:00Z", settings);
    let next = command(&mut after, "interview.next", session());
    assert!(
        next.get("plan").is_none(),
        "after the date cards follow FSRS: {next}"
    );
    after.shutdown_and_exit();
}

#[test]
fn ticked_key_points_are_logged_as_missed_and_the_stats_list_the_points_missed_most() {
    let data = tempfile::tempdir().unwrap();
    let mut client = server_at(data.path(), "2026-03-10T09:00:00Z", json!({}));
    let card = command(&mut client, "interview.next", session());
    let points: Vec<String> = card["question"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let n = points.len();
    assert!((3..=6).contains(&n), "{card}");
    // One proposal per number of points said: all of them proposes Good.
    let proposals = card["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), n + 1);
    assert_eq!(proposals[0], "again");
    assert_eq!(proposals[n], "good");

    let e = error(
        &mut client,
        "interview.grade",
        json!({"id": FIRST, "rating": "hard", "said": [n]}),
    );
    assert!(e.contains(&format!("point {n} does not exist")), "{e}");
    command(
        &mut client,
        "interview.grade",
        json!({"id": FIRST, "rating": "hard", "said": [0, 2], "session": session()}),
    );
    let log = fs::read_to_string(data.path().join("review-log.jsonl")).unwrap();
    let entry: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    let missed: Vec<&str> = entry["missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let expected: Vec<&str> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 0 && *i != 2)
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(missed, expected);

    let stats = command(&mut client, "interview.stats", json!({"open": false}));
    let listed = stats["stats"]["missedPoints"].as_array().unwrap();
    assert_eq!(listed.len(), n - 2, "{stats}");
    assert_eq!(listed[0]["id"], FIRST);
    assert_eq!(listed[0]["times"], 1);
    let markdown = stats["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("## Key points missed most often"),
        "{markdown}"
    );
    assert!(markdown.contains(&points[1]), "{markdown}");
    client.shutdown_and_exit();
}
