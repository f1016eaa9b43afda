//! Which question to practise next.
//!
//! Order: questions that are due (the longest overdue first), then questions
//! never seen (at random), then the one due soonest (reviewing ahead). The
//! question just shown is skipped unless it is the only candidate, so
//! *Another* always changes the question when it can.

use super::store::Progress;
use crate::bank::Question;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PickReason {
    /// Its review date has come.
    Due,
    /// Never graded.
    New,
    /// Nothing is due and everything was seen: the one due soonest.
    Ahead,
}

#[derive(Debug, Clone, Copy)]
pub struct Pick<'a> {
    pub question: &'a Question,
    pub reason: PickReason,
}

pub fn pick<'a>(
    candidates: &[&'a Question],
    progress: &Progress,
    now: DateTime<Utc>,
    last_shown: Option<&str>,
    rng: &mut fastrand::Rng,
) -> Option<Pick<'a>> {
    let eligible: Vec<&'a Question> = if candidates.len() > 1 {
        candidates
            .iter()
            .copied()
            .filter(|q| Some(q.id.as_str()) != last_shown)
            .collect()
    } else {
        candidates.to_vec()
    };
    let soonest = eligible
        .iter()
        .filter_map(|q| progress.cards.get(&q.id).map(|card| (card.due, *q)))
        .min_by_key(|(due, _)| *due);
    if let Some((_, question)) = soonest.filter(|(due, _)| *due <= now) {
        return Some(Pick {
            question,
            reason: PickReason::Due,
        });
    }
    let unseen: Vec<&'a Question> = eligible
        .iter()
        .copied()
        .filter(|q| !progress.cards.contains_key(&q.id))
        .collect();
    if !unseen.is_empty() {
        return Some(Pick {
            question: unseen[rng.usize(..unseen.len())],
            reason: PickReason::New,
        });
    }
    soonest.map(|(_, question)| Pick {
        question,
        reason: PickReason::Ahead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Difficulty, Framework};
    use crate::practice::scheduler::Rating;
    use chrono::{Duration, TimeZone};

    fn question(id: &str) -> Question {
        crate::practice::test_support::question(id, Difficulty::Easy, Framework::Flask, &[])
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap()
    }

    /// Grades `id` at `at`, then moves its due date to `due`.
    fn seen(progress: &mut Progress, id: &str, due: DateTime<Utc>) {
        let at = now() - Duration::days(30);
        progress.record_grade(id, Rating::Good, at, at.date_naive());
        if let Some(card) = progress.cards.get_mut(id) {
            card.due = due;
        }
    }

    fn ids(qs: &[Question]) -> Vec<&Question> {
        qs.iter().collect()
    }

    #[test]
    fn due_cards_come_first_longest_overdue_first() {
        let qs = [question("a"), question("b"), question("c"), question("d")];
        let mut progress = Progress::default();
        seen(&mut progress, "a", now() - Duration::days(1));
        seen(&mut progress, "b", now() - Duration::days(5));
        seen(&mut progress, "c", now() + Duration::days(5));
        let mut rng = fastrand::Rng::with_seed(1);
        let pick = pick(&ids(&qs), &progress, now(), None, &mut rng).unwrap();
        assert_eq!(
            (pick.question.id.as_str(), pick.reason),
            ("b", PickReason::Due)
        );
    }

    #[test]
    fn unseen_questions_come_next_and_cards_not_yet_due_wait() {
        let qs = [question("a"), question("b"), question("c")];
        let mut progress = Progress::default();
        seen(&mut progress, "a", now() + Duration::days(1));
        for seed in 0..20 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let pick = pick(&ids(&qs), &progress, now(), None, &mut rng).unwrap();
            assert_eq!(pick.reason, PickReason::New);
            assert_ne!(pick.question.id, "a");
        }
    }

    #[test]
    fn with_nothing_due_or_new_the_soonest_due_is_reviewed_ahead() {
        let qs = [question("a"), question("b")];
        let mut progress = Progress::default();
        seen(&mut progress, "a", now() + Duration::days(9));
        seen(&mut progress, "b", now() + Duration::days(2));
        let mut rng = fastrand::Rng::with_seed(3);
        let pick = pick(&ids(&qs), &progress, now(), None, &mut rng).unwrap();
        assert_eq!(
            (pick.question.id.as_str(), pick.reason),
            ("b", PickReason::Ahead)
        );
    }

    #[test]
    fn the_question_just_shown_is_never_picked_again_while_others_exist() {
        let qs = [question("a"), question("b")];
        let mut progress = Progress::default();
        // `a` is the most overdue, but it was just shown.
        seen(&mut progress, "a", now() - Duration::days(9));
        for seed in 0..20 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let pick = pick(&ids(&qs), &progress, now(), Some("a"), &mut rng).unwrap();
            assert_eq!(pick.question.id, "b");
        }
        let only = [question("a")];
        let mut rng = fastrand::Rng::with_seed(0);
        let pick = pick(&ids(&only), &progress, now(), Some("a"), &mut rng).unwrap();
        assert_eq!(pick.question.id, "a");
    }

    #[test]
    fn no_candidates_no_pick() {
        let mut rng = fastrand::Rng::with_seed(0);
        assert!(pick(&[], &Progress::default(), now(), None, &mut rng).is_none());
    }
}
