//! Spaced repetition: FSRS-6 (the `fsrs` crate, the model Anki ships) for
//! memory, and Anki's learning steps for the first sitting, behind our own
//! serialisable [`CardRecord`] so `progress.json` does not change shape when
//! the crate's types do.
//!
//! Why `fsrs` and not `rs-fsrs` (FSRS-5, used before): measured on the same
//! machine, `fsrs` 6.6 models a same-day review (Again, then Good ten minutes
//! later raises stability 0.21 → 0.25 days), while `rs-fsrs` in long-term
//! mode ignores it (0.41 → 0.41, next due in 3 days) and in short-term mode
//! imposes its own 1m/5m/10m steps. `fsrs` also carries the optimiser and
//! the simulator the planner and "parameters from your own log" need, and
//! is faster (650 ns vs 1,590 ns per decision); the price is 39 crates
//! instead of 11 (ndarray, rayon), no network or model files.
//!
//! How a grade moves a card (as in Anki):
//! - a new or learning card walks the learning steps (default 10m, 30m):
//!   Again back to the first step, Hard repeats the step (the first step's
//!   Hard is halfway to the second), Good moves on, and past the last step —
//!   or on Easy — the card graduates to a review interval in whole days;
//! - a review card graded Again lapses into the relearning steps (default
//!   10m), then graduates again; Hard < Good < Easy intervals always differ;
//! - every grade, same-day ones included, updates the FSRS memory state.
//!
//! Day intervals end at the start of a local day, so "due tomorrow" means
//! from midnight on, whatever the hour of the review.

mod interval;

use super::Clock;
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
pub use interval::{describe_due, interval_label};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How well the user knew an answer (FSRS's four grades).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

    /// FSRS's number for the grade (1–4).
    pub fn number(self) -> u32 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    fn pick(self, states: &fsrs::NextStates) -> &fsrs::ItemState {
        match self {
            Rating::Again => &states.again,
            Rating::Hard => &states.hard,
            Rating::Good => &states.good,
            Rating::Easy => &states.easy,
        }
    }
}

/// What every front end accepts as a grade, for error messages.
pub const RATING_CHOICES: &str = "1–4, a h g e, or again, hard, good, easy";

impl FromStr for Rating {
    type Err = String;

    /// Accepts the names and their first letters in any case, and the digits
    /// 1–4 the terminal quiz uses.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "1" | "a" | "again" => Ok(Rating::Again),
            "2" | "h" | "hard" => Ok(Rating::Hard),
            "3" | "g" | "good" => Ok(Rating::Good),
            "4" | "e" | "easy" => Ok(Rating::Easy),
            "" => Err(format!("no rating given (expected {RATING_CHOICES})")),
            other => Err(format!(
                "unknown rating `{other}` (expected {RATING_CHOICES})"
            )),
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a card is in its life, spelled out in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    New,
    Learning,
    Review,
    Relearning,
}

impl CardState {
    pub fn as_str(self) -> &'static str {
        match self {
            CardState::New => "new",
            CardState::Learning => "learning",
            CardState::Review => "review",
            CardState::Relearning => "relearning",
        }
    }

    /// In the learning or relearning steps: due again within minutes.
    pub fn in_steps(self) -> bool {
        matches!(self, CardState::Learning | CardState::Relearning)
    }
}

/// One question's memory state, as stored in `progress.json`.
///
/// The fields are those `rs-fsrs` wrote, so files written before the switch
/// to FSRS-6 load unchanged (their stability and difficulty are on the same
/// scales); `step` is new and defaults to the first step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardRecord {
    pub due: DateTime<Utc>,
    /// Days for the recall probability to fall to 90%.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// Whole days between the previous review and the last one.
    pub elapsed_days: i64,
    /// The interval the last grade gave, in whole days (0 in the steps).
    pub scheduled_days: i64,
    /// How many times it was graded.
    pub reps: i32,
    /// How many times a remembered answer was forgotten again.
    pub lapses: i32,
    pub state: CardState,
    pub last_review: DateTime<Utc>,
    pub last_rating: Rating,
    /// The learning or relearning step the card is at (0 = the first).
    #[serde(default)]
    pub step: u32,
}

impl CardRecord {
    pub fn is_due(&self, at: DateTime<Utc>) -> bool {
        self.due <= at
    }

    /// FSRS's estimate (0–1), with the default parameters, that the answer
    /// is still remembered at `now`.
    pub fn retrievability(&self, now: DateTime<Utc>) -> f64 {
        Scheduler::default().retrievability(self, now)
    }

    fn memory(&self) -> Option<MemoryState> {
        let memory = MemoryState {
            stability: self.stability as f32,
            difficulty: self.difficulty as f32,
        };
        // A card from an older file that never got a memory state counts as new.
        (memory.stability.is_finite() && memory.stability > 0.0 && memory.difficulty.is_finite())
            .then_some(memory)
    }
}

/// The learning and relearning steps, the retention aimed at and the FSRS
/// parameters: everything a grade depends on besides the card and the time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulerConfig {
    /// Minutes between the reviews of a new card before it graduates.
    pub learning_steps: Vec<u32>,
    /// Minutes between the reviews of a forgotten card before it graduates again.
    pub relearning_steps: Vec<u32>,
    /// The recall probability reviews are scheduled at (0.7–0.97).
    pub desired_retention: f32,
    pub maximum_interval_days: u32,
    /// FSRS-6's 21 weights; empty means the defaults.
    pub parameters: Vec<f32>,
}

impl Default for SchedulerConfig {
    /// Steps for answers that take minutes to recite: a new card comes back
    /// after 10 and 30 minutes, a forgotten one after 10, all the same day.
    fn default() -> Self {
        SchedulerConfig {
            learning_steps: vec![10, 30],
            relearning_steps: vec![10],
            desired_retention: 0.9,
            maximum_interval_days: 36_500,
            parameters: Vec::new(),
        }
    }
}

impl SchedulerConfig {
    /// The retention and steps are in range (the FSRS parameters are
    /// checked by the crate when a scheduler is built).
    pub fn check(&self) -> Result<(), String> {
        if !(0.7..=0.97).contains(&self.desired_retention) {
            return Err(format!(
                "desired retention {} is outside 0.7–0.97",
                self.desired_retention
            ));
        }
        if self
            .learning_steps
            .iter()
            .chain(&self.relearning_steps)
            .any(|&m| m == 0 || m >= 24 * 60)
        {
            return Err("steps must be between 1 minute and 1 day".to_string());
        }
        Ok(())
    }
}

/// A grade's outcome before it is chosen: `Good 3d`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub rating: Rating,
    pub due: DateTime<Utc>,
    /// `10m`, `3d`, `1.2y`.
    pub interval: String,
}

/// FSRS with a configuration; cheap to build and to clone.
#[derive(Debug, Clone)]
pub struct Scheduler {
    config: SchedulerConfig,
    fsrs: FSRS,
    weights: Vec<f32>,
    /// The four outcomes of a first grade, computed once.
    first: fsrs::NextStates,
}

impl Default for Scheduler {
    // The default configuration is constant and valid (the scheduler's tests
    // build it), so this cannot fail.
    #[allow(clippy::expect_used)]
    fn default() -> Self {
        Scheduler::new(SchedulerConfig::default()).expect("the default configuration is valid")
    }
}

/// Where a grade sends a card: back within minutes, or out for days.
enum Next {
    Step {
        state: CardState,
        step: u32,
        minutes: u32,
    },
    Days(u32),
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Result<Scheduler, String> {
        config.check()?;
        let weights = fsrs::check_and_fill_parameters(&config.parameters)
            .map_err(|e| format!("invalid FSRS parameters: {e}"))?;
        let fsrs = FSRS::new(&weights).map_err(|e| format!("invalid FSRS parameters: {e}"))?;
        let first = fsrs
            .next_states(None, config.desired_retention, 0)
            .map_err(|e| format!("invalid FSRS parameters: {e}"))?;
        Ok(Scheduler {
            config,
            fsrs,
            weights,
            first,
        })
    }

    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// The FSRS model itself, for the planner and the optimiser.
    pub fn fsrs(&self) -> &FSRS {
        &self.fsrs
    }

    /// The forgetting curve's decay (FSRS-6's last weight).
    pub fn decay(&self) -> f32 {
        self.weights[20]
    }

    /// The card after grading `card` (`None`: first time seen) with `rating`.
    pub fn grade(&self, card: Option<&CardRecord>, rating: Rating, clock: &Clock) -> CardRecord {
        let elapsed = card.map_or(0, |c| elapsed_days(c.last_review, clock));
        let memory = card.and_then(CardRecord::memory);
        let states = self.next_states(memory, elapsed);
        let state = card.map_or(CardState::New, |c| c.state);
        let step = card.map_or(0, |c| c.step);
        let next = self.route(state, step, rating, &states);
        let (state, step, due, scheduled_days) = match next {
            Next::Step {
                state,
                step,
                minutes,
            } => (
                state,
                step,
                clock.now + Duration::minutes(minutes.into()),
                0,
            ),
            Next::Days(days) => (CardState::Review, 0, due_in_days(clock, days), days),
        };
        let lapsed = card.is_some_and(|c| c.state == CardState::Review) && rating == Rating::Again;
        let memory = rating.pick(&states).memory;
        CardRecord {
            due,
            stability: f64::from(memory.stability),
            difficulty: f64::from(memory.difficulty),
            elapsed_days: i64::from(elapsed),
            scheduled_days: i64::from(scheduled_days),
            reps: card.map_or(0, |c| c.reps) + 1,
            lapses: card.map_or(0, |c| c.lapses) + i32::from(lapsed),
            state,
            last_review: clock.now,
            last_rating: rating,
            step,
        }
    }

    /// What each grade would do, computed by [`Scheduler::grade`] itself.
    pub fn preview(&self, card: Option<&CardRecord>, clock: &Clock) -> [Preview; 4] {
        Rating::ALL.map(|rating| {
            let next = self.grade(card, rating, clock);
            Preview {
                rating,
                interval: interval_label(&next, clock),
                due: next.due,
            }
        })
    }

    /// FSRS's estimate (0–1) that the answer is still remembered at `now`.
    pub fn retrievability(&self, card: &CardRecord, now: DateTime<Utc>) -> f64 {
        let Some(memory) = card.memory() else {
            return 0.0;
        };
        let days = ((now - card.last_review).num_seconds().max(0) as f32) / 86_400.0;
        f64::from(fsrs::current_retrievability(memory, days, self.decay())).clamp(0.0, 1.0)
    }

    /// The memory after one grade given `elapsed` whole days after the last
    /// (`None`: a first grade), for the planner's forecasts.
    pub fn next_memory(
        &self,
        memory: Option<MemoryState>,
        elapsed: u32,
        rating: Rating,
    ) -> MemoryState {
        rating.pick(&self.next_states(memory, elapsed)).memory
    }

    fn next_states(&self, memory: Option<MemoryState>, elapsed: u32) -> fsrs::NextStates {
        match memory {
            None => self.first.clone(),
            Some(memory) => self
                .fsrs
                .next_states(Some(memory), self.config.desired_retention, elapsed)
                // Only a non-finite memory fails; such a card starts over.
                .unwrap_or_else(|_| self.first.clone()),
        }
    }

    /// Anki's rules for steps and graduation (see the module comment).
    fn route(
        &self,
        state: CardState,
        step: u32,
        rating: Rating,
        states: &fsrs::NextStates,
    ) -> Next {
        let (steps, in_steps) = match state {
            CardState::New | CardState::Learning => {
                (&self.config.learning_steps, CardState::Learning)
            }
            CardState::Relearning => (&self.config.relearning_steps, CardState::Relearning),
            CardState::Review => {
                return match (rating, self.config.relearning_steps.first()) {
                    (Rating::Again, Some(&minutes)) => Next::Step {
                        state: CardState::Relearning,
                        step: 0,
                        minutes,
                    },
                    _ => Next::Days(self.review_days(states, rating)),
                };
            }
        };
        let step = (step as usize).min(steps.len().saturating_sub(1));
        let stay = |step: usize, minutes: u32| Next::Step {
            state: in_steps,
            step: step as u32,
            minutes,
        };
        match rating {
            _ if steps.is_empty() => Next::Days(self.graduate_days(states, rating)),
            Rating::Again => stay(0, steps[0]),
            Rating::Hard => stay(step, hard_delay(steps, step)),
            Rating::Good if step + 1 < steps.len() => stay(step + 1, steps[step + 1]),
            Rating::Good | Rating::Easy => Next::Days(self.graduate_days(states, rating)),
        }
    }

    /// Days for a card leaving the steps: Easy always waits longer than Good.
    fn graduate_days(&self, states: &fsrs::NextStates, rating: Rating) -> u32 {
        let good = self.days(states.good.interval);
        match rating {
            Rating::Easy => self.days(states.easy.interval).max(good + 1),
            Rating::Again => self.days(states.again.interval),
            Rating::Hard => self.days(states.hard.interval).min(good),
            Rating::Good => good,
        }
        .min(self.config.maximum_interval_days)
    }

    /// Days for a review card: Hard < Good < Easy, each at least a day.
    fn review_days(&self, states: &fsrs::NextStates, rating: Rating) -> u32 {
        let hard = self.days(states.hard.interval);
        let good = self.days(states.good.interval).max(hard + 1);
        let hard = hard.min(good - 1).max(1);
        let easy = self.days(states.easy.interval).max(good + 1);
        match rating {
            Rating::Again => self.days(states.again.interval),
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        }
        .min(self.config.maximum_interval_days)
    }

    fn days(&self, interval: f32) -> u32 {
        let max = self.config.maximum_interval_days as f32;
        // `as` saturates; the clamp keeps it in 1..=max anyway.
        interval.round().clamp(1.0, max) as u32
    }
}

/// Hard on a step: the first step's Hard is halfway to the second (or half
/// again as long when there is one step); later steps repeat themselves.
fn hard_delay(steps: &[u32], step: usize) -> u32 {
    match (step, steps.get(1)) {
        (0, Some(&next)) => (steps[0] + next) / 2,
        (0, None) => (steps[0] * 3 / 2).min(steps[0] + 24 * 60),
        _ => steps[step],
    }
}

/// Whole local days between `last` and today (a review yesterday evening is
/// one day ago this morning).
pub fn elapsed_days(last: DateTime<Utc>, clock: &Clock) -> u32 {
    let days = (clock.day_end - last).num_seconds().max(0) / 86_400;
    u32::try_from(days).unwrap_or(u32::MAX)
}

/// The start of the local day `days` from today.
pub fn due_in_days(clock: &Clock, days: u32) -> DateTime<Utc> {
    clock.day_end + Duration::days(i64::from(days.max(1)) - 1)
}

#[cfg(test)]
mod tests;
