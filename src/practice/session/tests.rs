use super::*;
use crate::bank::{Difficulty, Framework};
use crate::practice::test_support::question;
use chrono::{Duration, TimeZone};

fn questions(n: usize) -> Vec<Question> {
    (0..n)
        .map(|i| question(&format!("q{i}"), Difficulty::Easy, Framework::Flask, &[]))
        .collect()
}

fn clock(minutes: i64) -> Clock {
    let start = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
    Clock::at((start + Duration::minutes(minutes)).fixed_offset())
}

struct Fixture {
    qs: Vec<Question>,
    progress: Progress,
    options: SessionOptions,
}

impl Fixture {
    fn new(n: usize, new_per_day: u32) -> Fixture {
        Fixture {
            qs: questions(n),
            progress: Progress::default(),
            options: SessionOptions { new_per_day },
        }
    }

    fn next(&self, clock: &Clock) -> SessionStep {
        let qs: Vec<&Question> = self.qs.iter().collect();
        next(
            &qs,
            &self.progress,
            clock,
            &self.options,
            &Scheduler::default(),
            None,
        )
    }

    fn card(&self, clock: &Clock) -> NextCard {
        match self.next(clock) {
            SessionStep::Card(card) => *card,
            SessionStep::Done(done) => panic!("done: {done:?}"),
        }
    }

    fn grade(&mut self, id: &str, rating: Rating, clock: &Clock) {
        self.progress
            .grade_card(&Scheduler::default(), id, rating, clock);
    }
}

#[test]
fn again_comes_back_within_the_session_and_waiting_steps_are_shown_early() {
    let mut f = Fixture::new(2, 10);
    let first = f.card(&clock(0));
    assert_eq!((first.id.as_str(), first.state), ("q0", CardState::New));
    assert_eq!(
        first.counts,
        Counts {
            due: 0,
            new: 2,
            learning: 0
        }
    );
    let labels: Vec<&str> = first.previews.iter().map(|p| p.interval.as_str()).collect();
    assert_eq!(labels[..3], ["10m", "20m", "30m"]);
    f.grade("q0", Rating::Again, &clock(1));
    let second = f.card(&clock(2));
    assert_eq!(second.id, "q1");
    assert_eq!(
        second.counts,
        Counts {
            due: 0,
            new: 1,
            learning: 1
        }
    );
    f.grade("q1", Rating::Easy, &clock(3));
    // Only q0 is left, 10 minutes not yet up: shown early rather than stopping.
    let early = f.card(&clock(4));
    assert_eq!((early.id.as_str(), early.early), ("q0", true));
    // Once its time has come it is simply due.
    let due = f.card(&clock(12));
    assert_eq!(
        (due.id.as_str(), due.early, due.state),
        ("q0", false, CardState::Learning)
    );
}

#[test]
fn reviews_come_before_new_cards_and_the_new_limit_holds_across_sessions() {
    let mut f = Fixture::new(4, 2);
    f.grade("q3", Rating::Easy, &clock(-60 * 24 * 20));
    let first = f.card(&clock(0));
    assert_eq!((first.id.as_str(), first.state), ("q3", CardState::Review));
    assert_eq!(
        first.counts,
        Counts {
            due: 1,
            new: 2,
            learning: 0
        }
    );
    f.grade("q3", Rating::Good, &clock(1));
    f.grade("q0", Rating::Easy, &clock(2));
    f.grade("q1", Rating::Easy, &clock(3));
    match f.next(&clock(4)) {
        SessionStep::Done(done) => {
            assert_eq!(done.new_waiting, 1);
            assert!(
                done.message.starts_with("Done for now — next review in "),
                "{}",
                done.message
            );
            assert!(
                done.message.ends_with("; 1 new card waits for another day"),
                "{}",
                done.message
            );
        }
        other => panic!("{other:?}"),
    }
    // Tomorrow the limit starts again.
    let tomorrow = clock(60 * 24);
    assert_eq!(f.card(&tomorrow).id, "q2");
}

#[test]
fn an_exhausted_filter_ends_with_the_next_due_day_and_its_count() {
    let mut f = Fixture::new(3, 10);
    for id in ["q0", "q1", "q2"] {
        f.grade(id, Rating::Easy, &clock(0));
    }
    let SessionStep::Done(done) = f.next(&clock(1)) else {
        panic!("not done")
    };
    let first_due = f.progress.cards.values().map(|c| c.due).min().unwrap();
    assert_eq!(done.next_due, Some(first_due));
    assert_eq!(done.next_due_cards, 3, "all graded Easy together");
    let days = (first_due - clock(1).day_end).num_days() + 1;
    assert_eq!(
        done.message,
        format!("Done for now — next review in {days} days (3 cards)")
    );
    assert_eq!(done.new_waiting, 0);
}

#[test]
fn a_skipped_card_waits_until_tomorrow() {
    let mut f = Fixture::new(2, 10);
    f.progress.buried.insert("q0".into(), clock(0).today);
    assert_eq!(f.card(&clock(0)).id, "q1");
    assert_eq!(f.card(&clock(0)).counts.new, 1);
    f.grade("q1", Rating::Easy, &clock(1));
    let SessionStep::Done(done) = f.next(&clock(2)) else {
        panic!("not done")
    };
    assert_eq!(done.new_waiting, 0);
    assert_eq!(f.card(&clock(60 * 24)).id, "q0");
}

#[test]
fn an_agenda_replaces_due_dates_and_the_new_limit() {
    let mut f = Fixture::new(3, 0);
    f.grade("q0", Rating::Easy, &clock(-60 * 24));
    let agenda = Agenda {
        reviews: ["q0".to_string()].into(),
        new: vec!["q2".into(), "q1".into()],
    };
    let qs: Vec<&Question> = f.qs.iter().collect();
    let step = next(
        &qs,
        &f.progress,
        &clock(0),
        &f.options,
        &Scheduler::default(),
        Some(&agenda),
    );
    let SessionStep::Card(card) = step else {
        panic!()
    };
    assert_eq!(
        (card.id.as_str(), card.counts),
        (
            "q0",
            Counts {
                due: 1,
                new: 2,
                learning: 0
            }
        )
    );
    f.progress
        .grade_card(&Scheduler::default(), "q0", Rating::Good, &clock(1));
    let step = next(
        &qs,
        &f.progress,
        &clock(2),
        &f.options,
        &Scheduler::default(),
        Some(&agenda),
    );
    let SessionStep::Card(card) = step else {
        panic!()
    };
    assert_eq!((card.id.as_str(), card.counts.due), ("q2", 0));
}

#[test]
fn grade_then_undo_restores_the_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::new(dir.path());
    let s = Scheduler::default();
    grade(&store, &s, "q0", Rating::Good, &clock(0), timed(3.0)).unwrap();
    let progress_before = std::fs::read(store.path()).unwrap();
    let log_before = std::fs::read(store.log().path()).unwrap();
    for (id, rating) in [("q0", Rating::Again), ("q1", Rating::Hard)] {
        let graded = grade(&store, &s, id, rating, &clock(5), timed(7.25))
            .unwrap()
            .value;
        assert_eq!(graded.undo.logged.as_ref().unwrap().seconds, Some(7.3));
        assert_ne!(std::fs::read(store.path()).unwrap(), progress_before);
        undo(&store, &graded.undo).unwrap();
        assert_eq!(std::fs::read(store.path()).unwrap(), progress_before);
        assert_eq!(std::fs::read(store.log().path()).unwrap(), log_before);
    }
    let skipped = skip(&store, "q0", &clock(6)).unwrap().value;
    assert!(store.load().unwrap().value.is_buried("q0", clock(6).today));
    undo(&store, &skipped).unwrap();
    assert_eq!(std::fs::read(store.path()).unwrap(), progress_before);
}

fn timed(seconds: f64) -> Answered {
    Answered {
        seconds: Some(seconds),
        missed: Vec::new(),
    }
}
