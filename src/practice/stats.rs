//! Progress at a glance: per topic and per difficulty, how many questions
//! were seen, how many are due today and how well they are remembered, plus
//! the streak of consecutive days with at least one grade.
//!
//! Two measures of memory, never mixed up:
//! - **retention** is what Anki users mean by it: of the reviews of
//!   already-learned cards in the last 30 days (from the review log), the
//!   share not graded Again. An Again lowers it at once.
//! - **predicted recall** is FSRS's estimate of the probability, right now,
//!   of recalling each seen question (high right after any review, Again
//!   included, since the card was just relearned).
//!
//! Cards of questions no longer in the bank are left out, so totals always
//! describe the bank the user has.

use super::Clock;
use super::points::{self, MissedPoint};
use super::review_log::ReviewEntry;
use super::scheduler::{CardState, Rating};
use super::store::Progress;
use crate::bank::{Difficulty, Question};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One row of the tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub name: String,
    pub total: usize,
    pub seen: usize,
    /// Seen questions due before the end of the user's day.
    pub due_today: usize,
    /// Share (0–1) of the last 30 days' reviews of learned cards not graded
    /// Again; `None` without such reviews.
    pub retention: Option<f64>,
    /// The reviews `retention` counts.
    pub retention_reviews: usize,
    /// FSRS's mean recall probability (0–1) of the seen questions right
    /// now; `None` when none were seen.
    pub predicted_recall: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub overall: Row,
    pub by_difficulty: Vec<Row>,
    pub by_topic: Vec<Row>,
    /// Consecutive days with a grade, ending today (or yesterday, when today
    /// has no grade yet: the streak is still alive until midnight).
    pub streak: u32,
    pub graded_today: u32,
    /// The days `retention` looks back.
    pub retention_days: u32,
    /// The key points left unticked most often in that window.
    pub missed_points: Vec<MissedPoint>,
}

/// How many of the most-missed key points the stats list.
pub const MISSED_POINTS_LISTED: usize = 10;

/// How far back retention looks, as in Anki's "true retention" table.
pub const RETENTION_DAYS: u32 = 30;

/// Sums up to one [`Row`].
#[derive(Default)]
struct Tally {
    total: usize,
    seen: usize,
    due_today: usize,
    recall_sum: f64,
    reviews: usize,
    passed: usize,
}

impl Tally {
    fn row(&self, name: &str) -> Row {
        Row {
            name: name.to_string(),
            total: self.total,
            seen: self.seen,
            due_today: self.due_today,
            retention: (self.reviews > 0).then(|| self.passed as f64 / self.reviews as f64),
            retention_reviews: self.reviews,
            predicted_recall: (self.seen > 0).then(|| self.recall_sum / self.seen as f64),
        }
    }
}

/// The stats without the review log (no retention figures).
pub fn compute(questions: &[Question], progress: &Progress, clock: &Clock) -> Stats {
    compute_with_log(questions, progress, &[], clock)
}

/// The stats, with retention from the review log's `entries`.
pub fn compute_with_log(
    questions: &[Question],
    progress: &Progress,
    entries: &[ReviewEntry],
    clock: &Clock,
) -> Stats {
    let since = clock.now - Duration::days(RETENTION_DAYS.into());
    // Per question: (reviews of the learned card, of which not Again).
    let mut reviewed: HashMap<&str, (usize, usize)> = HashMap::new();
    for entry in entries {
        let learned = entry
            .before
            .as_ref()
            .is_some_and(|card| card.state == CardState::Review);
        if learned && entry.time >= since && entry.time <= clock.now {
            let counts = reviewed.entry(entry.id.as_str()).or_default();
            counts.0 += 1;
            counts.1 += usize::from(entry.rating != Rating::Again);
        }
    }
    let mut overall = Tally::default();
    let mut by_difficulty: BTreeMap<Difficulty, Tally> = BTreeMap::new();
    let mut by_topic: BTreeMap<&str, Tally> = BTreeMap::new();
    for question in questions {
        let card = progress.cards.get(&question.id);
        let (reviews, passed) = reviewed
            .get(question.id.as_str())
            .copied()
            .unwrap_or_default();
        let count = |tally: &mut Tally| {
            tally.total += 1;
            tally.reviews += reviews;
            tally.passed += passed;
            if let Some(card) = card {
                tally.seen += 1;
                tally.recall_sum += card.retrievability(clock.now);
                if card.due < clock.day_end {
                    tally.due_today += 1;
                }
            }
        };
        count(&mut overall);
        count(by_difficulty.entry(question.difficulty).or_default());
        // A topic listed twice on one question still counts it once.
        let topics: BTreeSet<&str> = question.topics.iter().map(String::as_str).collect();
        for topic in topics {
            count(by_topic.entry(topic).or_default());
        }
    }
    Stats {
        overall: overall.row("all questions"),
        by_difficulty: Difficulty::ALL
            .iter()
            .filter_map(|d| by_difficulty.get(d).map(|t| t.row(d.as_str())))
            .collect(),
        by_topic: by_topic.iter().map(|(name, t)| t.row(name)).collect(),
        streak: streak(&progress.days, clock.today),
        graded_today: progress.days.get(&clock.today).copied().unwrap_or(0),
        retention_days: RETENTION_DAYS,
        missed_points: points::most_missed(
            questions,
            entries,
            clock,
            RETENTION_DAYS,
            MISSED_POINTS_LISTED,
        ),
    }
}

/// Consecutive days with at least one grade, counting back from today (or
/// from yesterday when nothing was graded today yet).
pub fn streak(days: &BTreeMap<NaiveDate, u32>, today: NaiveDate) -> u32 {
    let graded = |day: NaiveDate| days.get(&day).is_some_and(|&n| n > 0);
    let mut day = if graded(today) {
        today
    } else {
        match today.pred_opt() {
            Some(yesterday) if graded(yesterday) => yesterday,
            _ => return 0,
        }
    };
    let mut count = 0;
    while graded(day) {
        count += 1;
        match day.pred_opt() {
            Some(previous) => day = previous,
            None => break,
        }
    }
    count
}

const BAR_CELLS: usize = 10;

/// `███████░░░ 70%`; a dash when there is nothing to measure.
pub fn retention_bar(retention: Option<f64>) -> String {
    match retention {
        None => "—".to_string(),
        Some(r) => {
            let r = r.clamp(0.0, 1.0);
            // Rounded to the nearest cell; `as` is exact for 0..=10.
            let filled = (r * BAR_CELLS as f64).round() as usize;
            format!(
                "`{}{}` {:.0}%",
                "█".repeat(filled),
                "░".repeat(BAR_CELLS - filled),
                r * 100.0
            )
        }
    }
}

/// The stats page, in Markdown.
pub fn render_markdown(stats: &Stats) -> String {
    let mut out = String::from("# Interview practice\n\n");
    let overall = &stats.overall;
    let _ = writeln!(
        out,
        "**{}** of {} questions seen · **{}** due today · streak **{} day{}** · {} graded today\n",
        overall.seen,
        overall.total,
        overall.due_today,
        stats.streak,
        if stats.streak == 1 { "" } else { "s" },
        stats.graded_today
    );
    if overall.retention.is_some() {
        let _ = writeln!(
            out,
            "Retention: {} — {} review{} of learned cards in the last {} days, not graded Again\n",
            retention_bar(overall.retention),
            overall.retention_reviews,
            if overall.retention_reviews == 1 {
                ""
            } else {
                "s"
            },
            stats.retention_days
        );
    } else {
        let _ = writeln!(
            out,
            "Retention: no review of a learned card in the last {} days yet\n",
            stats.retention_days
        );
    }
    let _ = writeln!(
        out,
        "Predicted recall now (FSRS): {}\n",
        retention_bar(overall.predicted_recall)
    );
    table(
        &mut out,
        "By difficulty",
        "Difficulty",
        &stats.by_difficulty,
    );
    table(&mut out, "By topic", "Topic", &stats.by_topic);
    if !stats.missed_points.is_empty() {
        let _ = writeln!(
            out,
            "\n## Key points missed most often (last {} days)\n",
            stats.retention_days
        );
        let _ = writeln!(out, "| Topic | Question | Key point | Missed |");
        let _ = writeln!(out, "| --- | --- | --- | ---: |");
        for missed in &stats.missed_points {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                missed.topic,
                missed.id,
                missed.point.replace('|', "\\|"),
                missed.times
            );
        }
    }
    out
}

fn table(out: &mut String, heading: &str, column: &str, rows: &[Row]) {
    let _ = writeln!(out, "## {heading}\n");
    let _ = writeln!(
        out,
        "| {column} | Seen | Due today | Retention | Predicted recall |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | --- | --- |");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {}/{} | {} | {} | {} |",
            row.name,
            row.seen,
            row.total,
            row.due_today,
            retention_bar(row.retention),
            retention_bar(row.predicted_recall)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Framework;
    use crate::practice::scheduler::Rating;
    use chrono::{DateTime, Duration, TimeZone, Utc};

    fn question(id: &str, difficulty: Difficulty, topics: &[&str]) -> Question {
        crate::practice::test_support::question(id, difficulty, Framework::Fastapi, topics)
    }

    fn clock(now: DateTime<Utc>) -> Clock {
        let today = now.date_naive();
        Clock {
            now,
            today,
            day_end: today
                .succ_opt()
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, d).unwrap()
    }

    #[test]
    fn streaks_count_consecutive_days_and_survive_until_midnight() {
        let days: BTreeMap<NaiveDate, u32> =
            [(day(1), 2), (day(3), 1), (day(4), 5), (day(5), 1)].into();
        assert_eq!(streak(&days, day(5)), 3);
        // Nothing yet today, but yesterday counts.
        assert_eq!(streak(&days, day(6)), 3);
        assert_eq!(streak(&days, day(7)), 0);
        assert_eq!(streak(&days, day(2)), 1);
        assert_eq!(streak(&BTreeMap::new(), day(2)), 0);
    }

    #[test]
    fn rows_count_seen_due_and_predicted_recall_per_topic_and_difficulty() {
        let qs = [
            question("a", Difficulty::Easy, &["routing", "security"]),
            question("b", Difficulty::Easy, &["routing"]),
            question("c", Difficulty::Hard, &["async"]),
        ];
        let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut progress = Progress::default();
        progress.record_grade("a", Rating::Easy, t0, t0.date_naive());
        progress.record_grade("c", Rating::Again, t0, t0.date_naive());
        // A card for a question that left the bank is ignored.
        progress.record_grade("gone", Rating::Good, t0, t0.date_naive());
        let later = clock(t0 + Duration::days(1) + Duration::hours(1));
        let stats = compute(&qs, &progress, &later);
        assert_eq!((stats.overall.total, stats.overall.seen), (3, 2));
        // `c` (Again) is in its learning steps, due; `a` (Easy) waits days.
        assert_eq!(stats.overall.due_today, 1);
        let routing = stats.by_topic.iter().find(|r| r.name == "routing").unwrap();
        assert_eq!((routing.total, routing.seen, routing.due_today), (2, 1, 0));
        let names: Vec<&str> = stats.by_topic.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["async", "routing", "security"]);
        let easy = &stats.by_difficulty[0];
        assert_eq!((easy.name.as_str(), easy.total, easy.seen), ("easy", 2, 1));
        assert_eq!(stats.by_difficulty.len(), 2, "no medium questions, no row");
        let recall = stats.overall.predicted_recall.unwrap();
        assert!(recall > 0.0 && recall < 1.0, "{recall}");
        assert_eq!(stats.by_topic[2].predicted_recall, routing.predicted_recall);
        assert_eq!(stats.overall.retention, None, "no log, no retention");
        assert_eq!(stats.streak, 1);
        assert_eq!(stats.graded_today, 0);
    }

    /// An Again on a learned card drops retention at once, while FSRS's
    /// predicted recall stays high (the card was just relearned).
    #[test]
    fn retention_comes_from_the_log_and_differs_from_predicted_recall() {
        use crate::practice::scheduler::Scheduler;
        let qs = [
            question("a", Difficulty::Easy, &["x"]),
            question("b", Difficulty::Easy, &["y"]),
        ];
        let s = Scheduler::default();
        let start = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut progress = Progress::default();
        let mut log = Vec::new();
        let mut grade = |progress: &mut Progress, id: &str, rating: Rating, at: DateTime<Utc>| {
            let clock = Clock::at(at.fixed_offset());
            let (before, after) = progress.grade_card(&s, id, rating, &clock);
            log.push(ReviewEntry {
                time: at,
                id: id.into(),
                rating,
                before,
                after,
                seconds: None,
                missed: Vec::new(),
            });
        };
        grade(&mut progress, "a", Rating::Easy, start);
        grade(&mut progress, "b", Rating::Easy, start);
        let review = start + Duration::days(20);
        grade(&mut progress, "a", Rating::Good, review);
        grade(
            &mut progress,
            "b",
            Rating::Again,
            review + Duration::minutes(1),
        );
        // A review 40 days back is outside the window.
        let mut old = log[2].clone();
        old.time = review - Duration::days(40);
        old.rating = Rating::Again;
        log.push(old);
        let now = Clock::at((review + Duration::minutes(2)).fixed_offset());
        let stats = compute_with_log(&qs, &progress, &log, &now);
        assert_eq!(stats.overall.retention, Some(0.5));
        assert_eq!(stats.overall.retention_reviews, 2);
        let recall = stats.overall.predicted_recall.unwrap();
        assert!(recall > 0.9, "{recall}");
        let y = stats.by_topic.iter().find(|r| r.name == "y").unwrap();
        assert_eq!(y.retention, Some(0.0));
    }

    #[test]
    fn the_page_shows_bars_streak_and_both_tables() {
        let qs = [question("a", Difficulty::Medium, &["testing"])];
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut progress = Progress::default();
        progress.record_grade("a", Rating::Easy, now, now.date_naive());
        let page = render_markdown(&compute(&qs, &progress, &clock(now)));
        assert!(page.contains("**1** of 1 questions seen"), "{page}");
        assert!(page.contains("streak **1 day**"), "{page}");
        assert!(
            page.contains("| medium | 1/1 | 0 | — | `██████████` 100% |"),
            "{page}"
        );
        assert!(page.contains("Predicted recall now (FSRS): "), "{page}");
        assert!(page.contains("| testing | 1/1 |"), "{page}");
        assert_eq!(retention_bar(None), "—");
        assert_eq!(retention_bar(Some(0.42)), "`████░░░░░░` 42%");
    }
}
