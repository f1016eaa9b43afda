//! Key points as a self-check. After the answer is revealed the user ticks
//! the points they actually said; the share ticked proposes a grade (the
//! user may still choose another), the points not ticked are kept in the
//! review log, and the stats list the points missed most often.
//!
//! The proposal is deliberately plain, so a user can predict it: every
//! point said → Good (Easy stays the user's call), at least half → Hard,
//! fewer → Again.

use super::Clock;
use super::review_log::ReviewEntry;
use super::scheduler::Rating;
use crate::bank::Question;
use chrono::Duration;
use serde::Serialize;
use std::collections::HashMap;

/// The grade `said` of `total` points proposes.
pub fn propose(said: usize, total: usize) -> Rating {
    if total == 0 || said >= total {
        Rating::Good
    } else if said * 2 >= total {
        Rating::Hard
    } else {
        Rating::Again
    }
}

/// The proposal for each number of points said, `0..=total`, so a client
/// shows it without knowing the rule.
pub fn proposals(total: usize) -> Vec<Rating> {
    (0..=total).map(|said| propose(said, total)).collect()
}

/// The points of `question` not among `said` (0-based indexes), or what is
/// wrong with `said`.
pub fn missed(question: &Question, said: &[usize]) -> Result<Vec<String>, String> {
    if let Some(bad) = said.iter().find(|&&i| i >= question.points.len()) {
        return Err(format!(
            "said: point {bad} does not exist ({} has {} key points, numbered from 0)",
            question.id,
            question.points.len()
        ));
    }
    Ok(question
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| !said.contains(i))
        .map(|(_, point)| point.clone())
        .collect())
}

/// A point missed in recent reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MissedPoint {
    /// The question's primary topic (`general` when it has none).
    pub topic: String,
    pub id: String,
    pub point: String,
    /// Reviews in the window that missed it.
    pub times: usize,
}

/// The points missed most often in the last `days` days, most missed first
/// (then by topic and question, so the order is stable), at most `limit`.
/// Points no longer in the bank are left out.
pub fn most_missed(
    questions: &[Question],
    entries: &[ReviewEntry],
    clock: &Clock,
    days: u32,
    limit: usize,
) -> Vec<MissedPoint> {
    let since = clock.now - Duration::days(days.into());
    let by_id: HashMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for entry in entries
        .iter()
        .filter(|e| e.time >= since && e.time <= clock.now)
    {
        let Some(question) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        for point in &entry.missed {
            if let Some(known) = question.points.iter().find(|p| *p == point) {
                *counts
                    .entry((question.id.as_str(), known.as_str()))
                    .or_default() += 1;
            }
        }
    }
    let mut missed: Vec<MissedPoint> = counts
        .into_iter()
        .map(|((id, point), times)| MissedPoint {
            topic: by_id[id]
                .topics
                .first()
                .cloned()
                .unwrap_or_else(|| "general".to_string()),
            id: id.to_string(),
            point: point.to_string(),
            times,
        })
        .collect();
    missed.sort_by(|a, b| {
        b.times
            .cmp(&a.times)
            .then_with(|| a.topic.cmp(&b.topic))
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.point.cmp(&b.point))
    });
    missed.truncate(limit);
    missed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Difficulty, Framework};
    use crate::practice::test_support::question;

    #[test]
    fn the_share_said_proposes_the_grade() {
        assert_eq!(
            proposals(4),
            [
                Rating::Again,
                Rating::Again,
                Rating::Hard,
                Rating::Hard,
                Rating::Good
            ]
        );
        assert_eq!(
            proposals(3),
            [Rating::Again, Rating::Again, Rating::Hard, Rating::Good]
        );
        assert_eq!(propose(0, 0), Rating::Good);
    }

    #[test]
    fn missed_points_are_the_ones_not_ticked_and_bad_indexes_are_refused() {
        let mut q = question("q", Difficulty::Easy, Framework::Flask, &["testing"]);
        q.points = vec!["a".into(), "b".into(), "c".into()];
        assert_eq!(missed(&q, &[0, 2]).unwrap(), ["b"]);
        assert_eq!(missed(&q, &[]).unwrap(), ["a", "b", "c"]);
        let err = missed(&q, &[3]).unwrap_err();
        assert!(
            err.contains("point 3 does not exist (q has 3 key points"),
            "{err}"
        );
    }
}
