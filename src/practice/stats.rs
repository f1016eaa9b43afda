//! Progress at a glance: per topic and per difficulty, how many questions
//! were seen, how many are due today and how well they are remembered, plus
//! the streak of consecutive days with at least one grade.
//!
//! Retention is FSRS's own estimate: the mean probability, right now, of
//! recalling each seen question. Cards of questions no longer in the bank
//! are left out, so totals always describe the bank the user has.

use super::Clock;
use super::store::Progress;
use crate::bank::{Difficulty, Question};
use chrono::NaiveDate;
use serde::Serialize;
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
    /// Mean recall probability (0–1) of the seen questions; `None` when none were seen.
    pub retention: Option<f64>,
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
}

/// Sums up to one [`Row`].
#[derive(Default)]
struct Tally {
    total: usize,
    seen: usize,
    due_today: usize,
    retention_sum: f64,
}

impl Tally {
    fn row(&self, name: &str) -> Row {
        Row {
            name: name.to_string(),
            total: self.total,
            seen: self.seen,
            due_today: self.due_today,
            retention: (self.seen > 0).then(|| self.retention_sum / self.seen as f64),
        }
    }
}

pub fn compute(questions: &[Question], progress: &Progress, clock: &Clock) -> Stats {
    let mut overall = Tally::default();
    let mut by_difficulty: BTreeMap<Difficulty, Tally> = BTreeMap::new();
    let mut by_topic: BTreeMap<&str, Tally> = BTreeMap::new();
    for question in questions {
        let card = progress.cards.get(&question.id);
        let count = |tally: &mut Tally| {
            tally.total += 1;
            if let Some(card) = card {
                tally.seen += 1;
                tally.retention_sum += card.retrievability(clock.now);
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

/// `███████░░░ 70%`; a dash when nothing was seen.
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
    let _ = writeln!(out, "Retention: {}\n", retention_bar(overall.retention));
    table(
        &mut out,
        "By difficulty",
        "Difficulty",
        &stats.by_difficulty,
    );
    table(&mut out, "By topic", "Topic", &stats.by_topic);
    out
}

fn table(out: &mut String, heading: &str, column: &str, rows: &[Row]) {
    let _ = writeln!(out, "## {heading}\n");
    let _ = writeln!(out, "| {column} | Seen | Due today | Retention |");
    let _ = writeln!(out, "| --- | ---: | ---: | --- |");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {}/{} | {} | {} |",
            row.name,
            row.seen,
            row.total,
            row.due_today,
            retention_bar(row.retention)
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
    fn rows_count_seen_due_and_retention_per_topic_and_difficulty() {
        let qs = [
            question("a", Difficulty::Easy, &["routing", "security"]),
            question("b", Difficulty::Easy, &["routing"]),
            question("c", Difficulty::Hard, &["async"]),
        ];
        let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut progress = Progress::default();
        progress.record_grade("a", Rating::Good, t0, t0.date_naive());
        progress.record_grade("c", Rating::Again, t0, t0.date_naive());
        // A card for a question that left the bank is ignored.
        progress.record_grade("gone", Rating::Good, t0, t0.date_naive());
        let later = clock(t0 + Duration::days(1) + Duration::hours(1));
        let stats = compute(&qs, &progress, &later);
        assert_eq!((stats.overall.total, stats.overall.seen), (3, 2));
        // `c` (Again) is due after one day; `a` (Good) later.
        assert_eq!(stats.overall.due_today, 1);
        let routing = stats.by_topic.iter().find(|r| r.name == "routing").unwrap();
        assert_eq!((routing.total, routing.seen, routing.due_today), (2, 1, 0));
        let names: Vec<&str> = stats.by_topic.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["async", "routing", "security"]);
        let easy = &stats.by_difficulty[0];
        assert_eq!((easy.name.as_str(), easy.total, easy.seen), ("easy", 2, 1));
        assert_eq!(stats.by_difficulty.len(), 2, "no medium questions, no row");
        let retention = stats.overall.retention.unwrap();
        assert!(retention > 0.0 && retention < 1.0, "{retention}");
        assert_eq!(stats.by_topic[2].retention, routing.retention);
        assert_eq!(stats.streak, 1);
        assert_eq!(stats.graded_today, 0);
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
            page.contains("| medium | 1/1 | 0 | `██████████` 100% |"),
            "{page}"
        );
        assert!(page.contains("| testing | 1/1 |"), "{page}");
        assert_eq!(retention_bar(None), "—");
        assert_eq!(retention_bar(Some(0.42)), "`████░░░░░░` 42%");
    }
}
