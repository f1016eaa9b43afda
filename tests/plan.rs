//! The interview planner through the binary: `plan` (text and `--json`,
//! snapshot-tested) and `quiz --until`, with the clock injected through
//! `INTERVIEW_LS_NOW`.

mod support;

use serde_json::Value;
use std::path::Path;
use support::run_cli_with;

const NOW: &str = "2026-03-10T09:00:00Z";

fn run(data: &Path, now: &str, args: &[&str], input: &str) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--data-dir", data.to_str().unwrap()]);
    run_cli_with(&all, &[("INTERVIEW_LS_NOW", Path::new(now))], input)
}

#[test]
fn plan_json_is_stable() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "plan",
        "--topic",
        "testing",
        "--until",
        "2026-03-13",
        "--minutes",
        "20",
        "--json",
    ];
    let (code, out, err) = run(data.path(), NOW, &args, "");
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!(plan);
}

#[test]
fn a_plan_that_fits_forecasts_and_one_that_does_not_says_so() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        data.path(),
        NOW,
        &[
            "plan",
            "--topic",
            "testing",
            "--until",
            "fri",
            "--minutes",
            "30",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Interview on Fri 13 Mar: 3 days at 30 min/day for 12 questions (12 new)."),
        "{out}"
    );
    assert!(
        out.contains("It fits: every card gets a last look before the date"),
        "{out}"
    );
    assert!(out.contains("Expected recall on Fri: "), "{out}");
    assert!(out.contains("Tue 10 Mar"), "{out}");
    assert!(out.contains("  today"), "{out}");
    assert!(out.contains("What if:\n  15 min/day → "), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");

    let (code, out, _) = run(
        data.path(),
        NOW,
        &["plan", "--until", "2026-03-12", "--minutes", "20"],
        "",
    );
    assert_eq!(code, 0);
    // The report wraps at 80 columns; its continuation lines are indented.
    let unwrapped = out.replace("\n  ", " ");
    let shortfall = unwrapped.lines().nth(1).unwrap();
    assert!(shortfall.contains("cards need ~"), "{out}");
    assert!(shortfall.contains(" min/day; at 20 min/day "), "{out}");
    assert!(
        shortfall.ends_with("will be ready — raise the budget or narrow the set"),
        "{out}"
    );

    let (code, _, err) = run(data.path(), NOW, &["plan", "--until", "2026-03-10"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("the interview date 2026-03-10 is not after today (2026-03-10)"),
        "{err}"
    );
    let (code, _, err) = run(data.path(), NOW, &["plan", "--until", "soon"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("expected YYYY-MM-DD, `tomorrow` or a weekday"),
        "{err}"
    );
    let (code, _, err) = run(
        data.path(),
        NOW,
        &["plan", "--until", "fri", "--minutes", "0"],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("not a number of minutes between 1 and 1440"),
        "{err}"
    );
}

/// The night before: with a budget that fits, every unseen card of the
/// filter is in today's session, beyond the usual new-card limit.
#[test]
fn until_tomorrow_puts_every_unseen_card_in_todays_session() {
    let data = tempfile::tempdir().unwrap();
    let (_, plain, _) = run(data.path(), NOW, &["quiz", "--topic", "testing"], "q\n");
    assert!(
        plain.starts_with("Today: 0 due · 10 new · 0 learning"),
        "{plain}"
    );

    let script = "\n4\n".repeat(12) + "q\n";
    let args = [
        "quiz",
        "--topic",
        "testing",
        "--until",
        "tomorrow",
        "--minutes",
        "60",
    ];
    let (code, out, err) = run(data.path(), NOW, &args, &script);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Today: 0 due · 12 new · 0 learning · planned for 2026-03-11"),
        "{out}"
    );
    assert_eq!(out.matches("Easy: next review").count(), 12, "{out}");
    assert!(
        out.contains("Graded 12 questions: 0 again · 0 hard · 0 good · 12 easy"),
        "{out}"
    );
    assert!(
        out.contains("The interview is tomorrow (Wed 11 Mar): good luck."),
        "{out}"
    );
    let progress: Value =
        serde_json::from_str(&std::fs::read_to_string(data.path().join("progress.json")).unwrap())
            .unwrap();
    assert_eq!(progress["cards"].as_object().unwrap().len(), 12);

    // A budget that does not fit says so at the start and plans what fits.
    let other = tempfile::tempdir().unwrap();
    let args = [
        "quiz",
        "--topic",
        "testing",
        "--until",
        "tomorrow",
        "--minutes",
        "20",
    ];
    let (code, out, _) = run(other.path(), NOW, &args, "q\n");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Today: 0 due · 5 new · 0 learning · planned for 2026-03-11"),
        "{out}"
    );
    assert!(
        out.contains("12 cards need ~48 min/day; at 20 min/day 5 will be ready"),
        "{out}"
    );
}
