//! Spaced repetition with FSRS (`rs-fsrs`, the reference Rust port of the
//! scheduler Anki uses), behind our own serialisable [`CardRecord`] so
//! `progress.json` does not change shape when the crate's types do.
//!
//! We run FSRS's long-term scheduler (`enable_short_term: false`): intervals
//! are whole days. Interview practice happens in spare minutes between
//! coding, not in drilling sessions, so "again in 10 minutes" learning steps
//! would only bring the same question back within the same sitting. With the
//! default weights a first *Good* comes back in 3 days, a first *Easy* in 15.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, State};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How well the user knew an answer (FSRS's four grades).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// The button text (`Again`, `Hard`, …).
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    fn to_fsrs(self) -> rs_fsrs::Rating {
        match self {
            Rating::Again => rs_fsrs::Rating::Again,
            Rating::Hard => rs_fsrs::Rating::Hard,
            Rating::Good => rs_fsrs::Rating::Good,
            Rating::Easy => rs_fsrs::Rating::Easy,
        }
    }
}

impl FromStr for Rating {
    type Err = String;

    /// Accepts the names in any case and the digits 1–4 the terminal quiz uses.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "1" | "again" => Ok(Rating::Again),
            "2" | "hard" => Ok(Rating::Hard),
            "3" | "good" => Ok(Rating::Good),
            "4" | "easy" => Ok(Rating::Easy),
            other => Err(format!(
                "unknown rating `{other}` (expected again, hard, good or easy, or 1–4)"
            )),
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// FSRS's card states, spelled out in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    New,
    Learning,
    Review,
    Relearning,
}

impl CardState {
    fn from_fsrs(state: State) -> CardState {
        match state {
            State::New => CardState::New,
            State::Learning => CardState::Learning,
            State::Review => CardState::Review,
            State::Relearning => CardState::Relearning,
        }
    }

    fn to_fsrs(self) -> State {
        match self {
            CardState::New => State::New,
            CardState::Learning => State::Learning,
            CardState::Review => State::Review,
            CardState::Relearning => State::Relearning,
        }
    }
}

/// One question's memory state, as stored in `progress.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardRecord {
    pub due: DateTime<Utc>,
    pub stability: f64,
    pub difficulty: f64,
    pub elapsed_days: i64,
    pub scheduled_days: i64,
    /// How many times it was graded.
    pub reps: i32,
    /// How many times a remembered answer was forgotten again.
    pub lapses: i32,
    pub state: CardState,
    pub last_review: DateTime<Utc>,
    pub last_rating: Rating,
}

impl CardRecord {
    fn to_fsrs(&self) -> Card {
        Card {
            due: self.due,
            stability: self.stability,
            difficulty: self.difficulty,
            elapsed_days: self.elapsed_days,
            scheduled_days: self.scheduled_days,
            reps: self.reps,
            lapses: self.lapses,
            state: self.state.to_fsrs(),
            last_review: self.last_review,
        }
    }

    pub fn is_due(&self, at: DateTime<Utc>) -> bool {
        self.due <= at
    }

    /// FSRS's estimate (0–1) that the answer is still remembered at `now`.
    pub fn retrievability(&self, now: DateTime<Utc>) -> f64 {
        self.to_fsrs().get_retrievability(now).clamp(0.0, 1.0)
    }
}

fn fsrs() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        ..Parameters::default()
    })
}

/// The card after grading `card` (`None`: first time seen) with `rating` at `now`.
pub fn grade(card: Option<&CardRecord>, rating: Rating, now: DateTime<Utc>) -> CardRecord {
    let before = card.map_or_else(
        || Card {
            due: now,
            last_review: now,
            ..Card::default()
        },
        CardRecord::to_fsrs,
    );
    let after = fsrs().next(before, now, rating.to_fsrs()).card;
    CardRecord {
        due: after.due,
        stability: after.stability,
        difficulty: after.difficulty,
        elapsed_days: after.elapsed_days,
        scheduled_days: after.scheduled_days,
        reps: after.reps,
        lapses: after.lapses,
        state: CardState::from_fsrs(after.state),
        last_review: after.last_review,
        last_rating: rating,
    }
}

/// `in 4 days`, `in 1 day`, `in 3 hours`, `now`: how long until `due`.
pub fn describe_until(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (due - now).num_minutes();
    let (n, unit) = if minutes <= 0 {
        return "now".to_string();
    } else if minutes < 60 {
        (minutes, "minute")
    } else if minutes < 24 * 60 {
        (minutes / 60, "hour")
    } else {
        // Rounded, so a card due in 3 days 23 hours reads as 4 days.
        ((minutes + 12 * 60) / (24 * 60), "day")
    };
    format!("in {n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_first_grade_schedules_whole_days_and_better_grades_wait_longer() {
        let days: Vec<i64> = Rating::ALL
            .iter()
            .map(|&r| (grade(None, r, t0()).due - t0()).num_days())
            .collect();
        assert!(days.iter().all(|&d| d >= 1), "{days:?}");
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
        assert!(days[3] > days[0], "{days:?}");
        let good = grade(None, Rating::Good, t0());
        assert_eq!(good.reps, 1);
        assert_eq!(good.state, CardState::Review);
        assert_eq!(good.last_rating, Rating::Good);
    }

    #[test]
    fn remembering_again_on_time_grows_the_interval_and_forgetting_shrinks_it() {
        let first = grade(None, Rating::Good, t0());
        let first_interval = first.due - t0();
        let again_on_time = grade(Some(&first), Rating::Good, first.due);
        assert!(again_on_time.due - first.due > first_interval);
        assert_eq!(again_on_time.reps, 2);
        let forgot = grade(Some(&again_on_time), Rating::Again, again_on_time.due);
        assert_eq!(forgot.lapses, 1);
        assert!(forgot.due - again_on_time.due < again_on_time.due - first.due);
    }

    #[test]
    fn retrievability_is_high_right_after_review_and_falls_with_time() {
        let card = grade(None, Rating::Good, t0());
        let fresh = card.retrievability(t0());
        let later = card.retrievability(t0() + Duration::days(60));
        assert!(fresh > 0.95, "{fresh}");
        assert!(later < fresh, "{later} vs {fresh}");
    }

    #[test]
    fn ratings_parse_from_names_and_digits_and_reject_the_rest() {
        assert_eq!("Good".parse::<Rating>(), Ok(Rating::Good));
        assert_eq!("1".parse::<Rating>(), Ok(Rating::Again));
        assert_eq!(" easy ".parse::<Rating>(), Ok(Rating::Easy));
        let err = "great".parse::<Rating>().unwrap_err();
        assert!(err.contains("unknown rating `great`"), "{err}");
    }

    #[test]
    fn intervals_read_naturally() {
        let now = t0();
        assert_eq!(describe_until(now + Duration::days(4), now), "in 4 days");
        assert_eq!(
            describe_until(now + Duration::days(3) + Duration::hours(23), now),
            "in 4 days"
        );
        assert_eq!(describe_until(now + Duration::days(1), now), "in 1 day");
        assert_eq!(describe_until(now + Duration::hours(3), now), "in 3 hours");
        assert_eq!(
            describe_until(now + Duration::minutes(1), now),
            "in 1 minute"
        );
        assert_eq!(describe_until(now - Duration::days(1), now), "now");
    }
}
