//! Minutes per card, from the user's own review log once it has enough
//! timed answers, and sensible defaults before that.

use crate::practice::Clock;
use crate::practice::review_log::ReviewEntry;
use crate::practice::scheduler::CardState;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// A first sitting: read the answer, then recite it at each learning step.
pub const DEFAULT_NEW_MINUTES: f64 = 4.0;
/// Recite one answer from memory and check it (relearning included).
pub const DEFAULT_REVIEW_MINUTES: f64 = 1.5;
/// Timed samples needed before the log's figure replaces a default.
pub const MIN_SAMPLES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Costs {
    /// Minutes to introduce a card, its learning steps included.
    pub new_minutes: f64,
    /// Minutes for one review of a learned card.
    pub review_minutes: f64,
    /// Whether the figures come from the review log (else the defaults).
    pub from_log: bool,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            new_minutes: DEFAULT_NEW_MINUTES,
            review_minutes: DEFAULT_REVIEW_MINUTES,
            from_log: false,
        }
    }
}

impl Costs {
    /// Medians of the log's timed answers: a card's first day (all its
    /// grades that day) for new cards, single reviews of learned cards
    /// (with the relearning that followed the same day) for reviews.
    pub fn from_log(entries: &[ReviewEntry], clock: &Clock) -> Costs {
        // (id, local day) → seconds, and whether that day introduced the card.
        let mut sittings: HashMap<(&str, i64), (f64, bool, bool)> = HashMap::new();
        for entry in entries {
            let Some(seconds) = entry.seconds else {
                continue;
            };
            let day = day_number(entry.time, clock);
            let sitting = sittings.entry((entry.id.as_str(), day)).or_default();
            sitting.0 += seconds;
            sitting.1 |= entry.before.is_none();
            sitting.2 |= entry
                .before
                .as_ref()
                .is_some_and(|c| c.state == CardState::Review);
        }
        let mut new = Vec::new();
        let mut review = Vec::new();
        for (seconds, introduced, reviewed) in sittings.into_values() {
            if introduced {
                new.push(seconds / 60.0);
            } else if reviewed {
                review.push(seconds / 60.0);
            }
        }
        let defaults = Costs::default();
        let new_minutes = median(&mut new).unwrap_or(defaults.new_minutes);
        let review_minutes = median(&mut review).unwrap_or(defaults.review_minutes);
        Costs {
            // Never below a few seconds, so a scripted session cannot make
            // every plan look free.
            new_minutes: new_minutes.max(0.25),
            review_minutes: review_minutes.max(0.1),
            from_log: new.len() >= MIN_SAMPLES || review.len() >= MIN_SAMPLES,
        }
    }
}

/// The median, when there are enough samples to trust it.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.len() < MIN_SAMPLES {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// Local days from today (0) to the day of `time` (negative: before).
fn day_number(time: DateTime<Utc>, clock: &Clock) -> i64 {
    (time - clock.day_start()).num_seconds().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::scheduler::{Rating, Scheduler};
    use chrono::{Duration, TimeZone};

    fn entry(id: &str, at: DateTime<Utc>, seconds: f64, learned: bool) -> ReviewEntry {
        let clock = Clock::at(at.fixed_offset());
        let s = Scheduler::default();
        let before = learned.then(|| s.grade(None, Rating::Easy, &clock));
        ReviewEntry {
            time: at,
            id: id.into(),
            rating: Rating::Good,
            after: s.grade(before.as_ref(), Rating::Good, &clock),
            before,
            seconds: Some(seconds),
            missed: Vec::new(),
        }
    }

    #[test]
    fn defaults_until_the_log_has_enough_timed_answers() {
        let now = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let clock = Clock::at(now.fixed_offset());
        assert_eq!(Costs::from_log(&[], &clock), Costs::default());
        let mut entries = Vec::new();
        for i in 0..6 {
            let at = now - Duration::days(2) + Duration::minutes(i);
            entries.push(entry(&format!("n{i}"), at, 120.0, false));
            // The same card's learning steps that day add to its sitting.
            entries.push(entry(
                &format!("n{i}"),
                at + Duration::minutes(10),
                60.0,
                true,
            ));
            entries.push(entry(&format!("r{i}"), at, 90.0, true));
        }
        let costs = Costs::from_log(&entries, &clock);
        assert_eq!(costs.new_minutes, 3.0);
        assert_eq!(costs.review_minutes, 1.5);
        assert!(costs.from_log);
    }
}
