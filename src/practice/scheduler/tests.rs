use super::*;
use chrono::TimeZone;

fn clock_at(now: DateTime<Utc>) -> Clock {
    Clock::at(now.fixed_offset())
}

fn t0() -> Clock {
    clock_at(Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap())
}

fn later(clock: &Clock, minutes: i64) -> Clock {
    clock_at(clock.now + Duration::minutes(minutes))
}

fn labels(card: Option<&CardRecord>, clock: &Clock) -> Vec<String> {
    Scheduler::default()
        .preview(card, clock)
        .iter()
        .map(|p| format!("{} {}", p.rating.label(), p.interval))
        .collect()
}

#[test]
fn a_new_card_walks_the_learning_steps_in_minutes() {
    let s = Scheduler::default();
    let clock = t0();
    assert_eq!(
        labels(None, &clock),
        ["Again 10m", "Hard 20m", "Good 30m", "Easy 8d"]
    );
    let again = s.grade(None, Rating::Again, &clock);
    assert_eq!((again.state, again.step), (CardState::Learning, 0));
    assert_eq!(again.due, clock.now + Duration::minutes(10));
    let clock = later(&clock, 10);
    let good = s.grade(Some(&again), Rating::Good, &clock);
    assert_eq!((good.state, good.step), (CardState::Learning, 1));
    assert_eq!(good.due, clock.now + Duration::minutes(30));
    // Hard on a later step repeats it.
    let hard = s.grade(Some(&good), Rating::Hard, &later(&clock, 30));
    assert_eq!((hard.state, hard.step), (CardState::Learning, 1));
    let clock = later(&clock, 30);
    let graduated = s.grade(Some(&good), Rating::Good, &clock);
    assert_eq!(graduated.state, CardState::Review);
    assert!(graduated.scheduled_days >= 1, "{graduated:?}");
    assert_eq!(
        graduated.due,
        due_in_days(&clock, graduated.scheduled_days as u32)
    );
    assert_eq!(graduated.reps, 3);
    assert_eq!(graduated.lapses, 0);
}

#[test]
fn same_day_reviews_change_the_memory() {
    let s = Scheduler::default();
    let clock = t0();
    let again = s.grade(None, Rating::Again, &clock);
    let good = s.grade(Some(&again), Rating::Good, &later(&clock, 10));
    assert_eq!(good.elapsed_days, 0);
    assert!(good.stability > again.stability, "{again:?} → {good:?}");
}

#[test]
fn a_forgotten_review_relearns_within_the_session_then_graduates_shorter() {
    let s = Scheduler::default();
    let clock = t0();
    let learned = s.grade(None, Rating::Easy, &clock);
    assert_eq!(learned.state, CardState::Review);
    let review_day = clock_at(learned.due + Duration::hours(9));
    let lapsed = s.grade(Some(&learned), Rating::Again, &review_day);
    assert_eq!((lapsed.state, lapsed.lapses), (CardState::Relearning, 1));
    assert_eq!(lapsed.due, review_day.now + Duration::minutes(10));
    let back = s.grade(Some(&lapsed), Rating::Good, &later(&review_day, 10));
    assert_eq!(back.state, CardState::Review);
    assert!(back.scheduled_days < learned.scheduled_days, "{back:?}");
}

#[test]
fn review_intervals_grow_and_the_three_passing_grades_always_differ() {
    let s = Scheduler::default();
    let clock = t0();
    let mut card = s.grade(None, Rating::Good, &clock);
    card = s.grade(Some(&card), Rating::Good, &later(&clock, 30));
    let mut previous = card.scheduled_days;
    for _ in 0..5 {
        let on_time = clock_at(card.due + Duration::hours(10));
        let previews = s.preview(Some(&card), &on_time);
        let days: Vec<i64> = Rating::ALL
            .iter()
            .map(|&r| s.grade(Some(&card), r, &on_time).scheduled_days)
            .collect();
        assert!(days[1] < days[2] && days[2] < days[3], "{days:?}");
        assert_eq!(
            previews[2].due,
            s.grade(Some(&card), Rating::Good, &on_time).due
        );
        card = s.grade(Some(&card), Rating::Good, &on_time);
        assert!(card.scheduled_days > previous, "{previous} → {card:?}");
        previous = card.scheduled_days;
    }
}

#[test]
fn cards_written_by_the_fsrs5_build_still_load_and_schedule() {
    let old = r#"{"due":"2026-01-13T09:00:00Z","stability":3.1262,"difficulty":5.31,
        "elapsedDays":0,"scheduledDays":3,"reps":1,"lapses":0,"state":"review",
        "lastReview":"2026-01-10T09:00:00Z","lastRating":"good"}"#;
    let card: CardRecord = serde_json::from_str(old).unwrap();
    assert_eq!(card.step, 0);
    let s = Scheduler::default();
    let next = s.grade(Some(&card), Rating::Good, &clock_at(card.due));
    assert_eq!(next.state, CardState::Review);
    assert!(next.scheduled_days > 3, "{next:?}");
    assert!(s.retrievability(&card, card.due) > 0.8);
}

#[test]
fn retrievability_is_high_right_after_review_and_falls_with_time() {
    let card = Scheduler::default().grade(None, Rating::Good, &t0());
    let fresh = card.retrievability(t0().now);
    let later = card.retrievability(t0().now + Duration::days(60));
    assert!(fresh > 0.95, "{fresh}");
    assert!(later < fresh, "{later} vs {fresh}");
}

#[test]
fn steps_can_be_changed_or_removed() {
    let s = Scheduler::new(SchedulerConfig {
        learning_steps: vec![],
        relearning_steps: vec![],
        ..SchedulerConfig::default()
    })
    .unwrap();
    let again = s.grade(None, Rating::Again, &t0());
    assert_eq!(again.state, CardState::Review);
    assert_eq!(again.scheduled_days, 1);
    let one = Scheduler::new(SchedulerConfig {
        learning_steps: vec![5],
        ..SchedulerConfig::default()
    })
    .unwrap();
    assert_eq!(
        one.preview(None, &t0()).map(|p| p.interval)[..2],
        ["5m".to_string(), "7m".to_string()]
    );
    assert!(
        Scheduler::new(SchedulerConfig {
            desired_retention: 0.5,
            ..SchedulerConfig::default()
        })
        .is_err()
    );
    assert!(
        Scheduler::new(SchedulerConfig {
            learning_steps: vec![0],
            ..SchedulerConfig::default()
        })
        .is_err()
    );
}

#[test]
fn ratings_parse_from_names_letters_and_digits_and_reject_the_rest() {
    assert_eq!("Good".parse::<Rating>(), Ok(Rating::Good));
    assert_eq!("1".parse::<Rating>(), Ok(Rating::Again));
    assert_eq!("G".parse::<Rating>(), Ok(Rating::Good));
    assert_eq!(" easy ".parse::<Rating>(), Ok(Rating::Easy));
    let err = "great".parse::<Rating>().unwrap_err();
    assert!(err.contains("unknown rating `great`"), "{err}");
    assert!(err.contains("a h g e"), "{err}");
    let empty = "".parse::<Rating>().unwrap_err();
    assert!(empty.starts_with("no rating given"), "{empty}");
}

#[test]
fn due_times_read_naturally() {
    let clock = t0();
    let at = |minutes: i64| clock.now + Duration::minutes(minutes);
    assert_eq!(describe_due(at(-5), &clock), "now");
    assert_eq!(describe_due(at(1), &clock), "in 1 minute");
    assert_eq!(describe_due(at(10), &clock), "in 10 minutes");
    assert_eq!(describe_due(at(180), &clock), "in 3 hours");
    assert_eq!(describe_due(due_in_days(&clock, 1), &clock), "tomorrow");
    assert_eq!(describe_due(due_in_days(&clock, 2), &clock), "in 2 days");
    assert_eq!(
        describe_due(due_in_days(&clock, 2) + Duration::hours(5), &clock),
        "in 2 days"
    );
}

#[test]
fn elapsed_days_count_local_days() {
    let clock = t0();
    assert_eq!(elapsed_days(clock.now - Duration::hours(3), &clock), 0);
    // Yesterday at 23:00 is one day ago at 09:00.
    assert_eq!(elapsed_days(clock.now - Duration::hours(10), &clock), 1);
    assert_eq!(elapsed_days(clock.now - Duration::days(3), &clock), 3);
}
