//! `stats --optimize [--apply]` through the binary: FSRS fitted to a review
//! log, before/after figures shown, and the fitted parameters used once
//! applied.

mod support;

use chrono::{Duration, TimeZone, Utc};
use interview_ls::practice::Clock;
use interview_ls::practice::review_log::ReviewEntry;
use interview_ls::practice::scheduler::{Rating, Scheduler};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use support::run_cli_with;

const NOW: &str = "2026-06-01T09:00:00Z";

/// A log of `cards` questions reviewed on FSRS's schedule by a learner who
/// recalls 60% as often as FSRS's defaults predict.
fn write_forgetful_log(data: &Path, cards: usize) {
    let s = Scheduler::default();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let mut rng = fastrand::Rng::with_seed(11);
    let mut file = std::fs::File::create(data.join("review-log.jsonl")).unwrap();
    for c in 0..cards {
        let mut at = start + Duration::hours(c as i64 % 5);
        let mut card = None;
        for _ in 0..8 {
            let rating = match &card {
                None => Rating::Good,
                Some(c) if rng.f64() < s.retrievability(c, at) * 0.6 => Rating::Good,
                Some(_) => Rating::Again,
            };
            let after = s.grade(card.as_ref(), rating, &Clock::at(at.fixed_offset()));
            let entry = ReviewEntry {
                time: at,
                id: format!("q{c}"),
                rating,
                before: card.clone(),
                after: after.clone(),
                seconds: Some(60.0),
                missed: Vec::new(),
            };
            writeln!(file, "{}", serde_json::to_string(&entry).unwrap()).unwrap();
            at = after.due.max(at + Duration::minutes(10));
            card = Some(after);
        }
    }
}

fn run(data: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--data-dir", data.to_str().unwrap()]);
    run_cli_with(&all, &[("INTERVIEW_LS_NOW", Path::new(NOW))], input)
}

#[test]
fn a_long_enough_log_is_offered_a_fit_that_shows_its_figures_and_applies() {
    let data = tempfile::tempdir().unwrap();
    let (code, _, err) = run(data.path(), &["stats", "--optimize"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("has 0 reviews of cards seen on an earlier day; fitting FSRS needs 64"),
        "{err}"
    );

    write_forgetful_log(data.path(), 60);
    let (code, page, err) = run(data.path(), &["stats"], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        page.contains("reviews FSRS can learn from: `interview-ls stats --optimize`"),
        "{page}"
    );

    let (code, out, err) = run(data.path(), &["stats", "--optimize", "--json"], "");
    assert_eq!(code, 0, "{err}");
    let fit: Value = serde_json::from_str(&out).unwrap();
    let before = fit["logLossBefore"].as_f64().unwrap();
    let after = fit["logLossAfter"].as_f64().unwrap();
    eprintln!(
        "log loss {before:.4} -> {after:.4}, RMSE {} -> {}",
        fit["rmseBefore"], fit["rmseAfter"]
    );
    assert!(after < before, "{fit}");
    assert_eq!(fit["applied"], false);
    assert_eq!(fit["parameters"].as_array().unwrap().len(), 21);
    assert!(!data.path().join("fsrs-parameters.json").exists());

    let (_, default_quiz, _) = run(data.path(), &["quiz", "--topic", "testing"], "q\n");
    let (code, text, _) = run(data.path(), &["stats", "--optimize", "--apply"], "");
    assert_eq!(code, 0);
    assert!(
        text.contains("(current → fitted; lower is better)"),
        "{text}"
    );
    assert!(
        text.contains("grades from now on are scheduled with them"),
        "{text}"
    );
    assert!(data.path().join("fsrs-parameters.json").exists());
    // The quiz's previews now come from the fitted parameters.
    let (_, fitted_quiz, _) = run(data.path(), &["quiz", "--topic", "testing"], "\nq\n");
    let easy = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("1 Again"))
            .map(str::to_string)
    };
    let (_, default_reveal, _) = run(
        tempfile::tempdir().unwrap().path(),
        &["quiz", "--topic", "testing"],
        "\nq\n",
    );
    assert!(default_quiz.contains("Today:"));
    assert_ne!(easy(&fitted_quiz), easy(&default_reveal), "{fitted_quiz}");
}
