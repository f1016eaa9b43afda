//! Expected recall on the interview day for a card and a set of review
//! days, under the scheduler's FSRS-6 model.
//!
//! A review on day `r` succeeds with the card's recall probability then;
//! success is a Good, failure an Again followed by its relearning step (a
//! Good the same day). Both branches are followed, so the forecast is an
//! expectation over outcomes, not the result of assuming every answer is
//! remembered. Branches share their last review day, so when there are many
//! they are merged by averaging their memories.

use crate::practice::scheduler::{Rating, Scheduler};
use fsrs::MemoryState;

/// Branches kept before merging: three reviews' worth exactly, later ones
/// approximated (the planner scores thousands of candidate reviews).
const MAX_BRANCHES: usize = 8;

/// What the planner knows about one card before planning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Known {
    /// `None`: never seen, so it must be introduced first.
    pub memory: Option<MemoryState>,
    /// The day of its last review, relative to today (0 = today, -3 = three
    /// days ago); ignored for unseen cards.
    pub last_day: i32,
}

impl Known {
    /// The first day a review may go on (never the day of the last review:
    /// same-day repeats are the learning steps' job).
    pub fn first_review_day(&self, intro: Option<u32>) -> u32 {
        match (self.memory, intro) {
            (_, Some(day)) => day + 1,
            (Some(_), None) => u32::try_from(self.last_day + 1).unwrap_or(0),
            (None, None) => u32::MAX,
        }
    }
}

/// Forecasts against one interview day.
#[derive(Debug, Clone)]
pub struct Forecaster<'a> {
    scheduler: &'a Scheduler,
    /// The interview day, relative to today.
    pub interview_day: u32,
    /// The memory after a first sitting: Again at first sight, then Good at
    /// each learning step.
    intro: MemoryState,
}

impl<'a> Forecaster<'a> {
    pub fn new(scheduler: &'a Scheduler, interview_day: u32) -> Forecaster<'a> {
        let mut intro = scheduler.next_memory(None, 0, Rating::Again);
        for _ in 0..scheduler.config().learning_steps.len().max(1) {
            intro = scheduler.next_memory(Some(intro), 0, Rating::Good);
        }
        Forecaster {
            scheduler,
            interview_day,
            intro,
        }
    }

    /// Recall probability `days` after a review that left `memory`.
    pub fn recall(&self, memory: MemoryState, days: f32) -> f32 {
        fsrs::current_retrievability(memory, days.max(0.0), self.scheduler.decay())
    }

    /// Expected recall on the interview day. `intro` is the day an unseen
    /// card is introduced (`None`: it is not, and scores 0); `reviews` are
    /// review days after that (or after the last review), ascending.
    pub fn expected(&self, card: &Known, intro: Option<u32>, reviews: &[u32]) -> f32 {
        let (memory, last) = match (card.memory, intro) {
            (_, Some(day)) => (self.intro, day as i32),
            (Some(memory), None) => (memory, card.last_day),
            (None, None) => return 0.0,
        };
        let mut branches = vec![(1.0f32, memory)];
        let mut last = last;
        for &day in reviews {
            let elapsed = u32::try_from(day as i32 - last).unwrap_or(0);
            let mut next = Vec::with_capacity(branches.len() * 2);
            for (p, m) in branches {
                let r = self.recall(m, elapsed as f32);
                let good = self.scheduler.next_memory(Some(m), elapsed, Rating::Good);
                let again = self.scheduler.next_memory(Some(m), elapsed, Rating::Again);
                let relearned = self.scheduler.next_memory(Some(again), 0, Rating::Good);
                next.push((p * r, good));
                next.push((p * (1.0 - r), relearned));
            }
            branches = merge(next);
            last = day as i32;
        }
        let days = (self.interview_day as i32 - last) as f32;
        branches
            .iter()
            .map(|&(p, m)| p * self.recall(m, days))
            .sum()
    }
}

/// Keeps at most [`MAX_BRANCHES`] by merging neighbours in stability
/// (probability-weighted means of stability and difficulty).
fn merge(mut branches: Vec<(f32, MemoryState)>) -> Vec<(f32, MemoryState)> {
    if branches.len() <= MAX_BRANCHES {
        return branches;
    }
    branches.sort_by(|a, b| a.1.stability.total_cmp(&b.1.stability));
    branches
        .chunks(branches.len().div_ceil(MAX_BRANCHES))
        .map(|chunk| {
            let p: f32 = chunk.iter().map(|(p, _)| p).sum();
            let weight = |f: fn(&MemoryState) -> f32| {
                chunk.iter().map(|(q, m)| q * f(m)).sum::<f32>() / p.max(f32::MIN_POSITIVE)
            };
            (
                p,
                MemoryState {
                    stability: weight(|m| m.stability),
                    difficulty: weight(|m| m.difficulty),
                },
            )
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A card last reviewed on `last_day` with `stability` (also used by
    /// the allocator's tests).
    pub(in crate::practice::plan) fn seen(stability: f32, last_day: i32) -> Known {
        Known {
            memory: Some(MemoryState {
                stability,
                difficulty: 5.0,
            }),
            last_day,
        }
    }

    #[test]
    fn a_review_before_the_date_raises_expected_recall_most_when_late() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 10);
        let card = seen(3.0, -2);
        let none = f.expected(&card, None, &[]);
        let early = f.expected(&card, None, &[1]);
        let late = f.expected(&card, None, &[9]);
        assert!(none < early && early < late, "{none} {early} {late}");
        assert!(late > 0.9, "{late}");
    }

    #[test]
    fn unseen_cards_score_only_once_introduced_and_more_with_a_final_review() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 5);
        let unseen = Known {
            memory: None,
            last_day: 0,
        };
        assert_eq!(f.expected(&unseen, None, &[]), 0.0);
        let introduced = f.expected(&unseen, Some(0), &[]);
        let reviewed = f.expected(&unseen, Some(0), &[4]);
        assert!(
            introduced > 0.3 && introduced < reviewed,
            "{introduced} {reviewed}"
        );
        assert_eq!(unseen.first_review_day(Some(2)), 3);
        assert_eq!(seen(1.0, 0).first_review_day(None), 1);
        assert_eq!(seen(1.0, -4).first_review_day(None), 0);
    }

    #[test]
    fn many_reviews_stay_bounded_and_sensible() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 40);
        let days: Vec<u32> = (0..40).collect();
        let r = f.expected(&seen(0.5, -1), None, &days);
        assert!(r > 0.95 && r <= 1.0, "{r}");
    }
}
