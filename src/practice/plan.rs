//! Planning backwards from an interview date: which cards to introduce and
//! review on each day so that as many answers as possible are recalled on
//! the day, within a daily time budget.
//!
//! [`make`] is plain data in and out (the CLI's `plan` and `quiz --until`
//! use it, an editor command can too): it checks feasibility first and says
//! plainly when the set does not fit, then allocates (see [`allocate`]) and
//! forecasts the expected recall on the date with the scheduler's FSRS-6
//! model ([`forecast`]). Per-card minutes come from the review log
//! ([`costs`]). The plan is made afresh each time it is asked for, from the
//! progress as it is, so it follows what actually happened; today's part is
//! an [`Agenda`] the session works through. After the date, nothing here
//! applies: cards keep their ordinary FSRS due dates.

pub mod allocate;
pub mod costs;
pub mod forecast;
pub mod report;
pub mod until;

use super::Clock;
use super::review_log::ReviewEntry;
use super::scheduler::{self, Scheduler};
use super::session::Agenda;
use super::store::Progress;
use crate::bank::Question;
use allocate::Allocation;
use chrono::NaiveDate;
pub use costs::Costs;
use forecast::{Forecaster, Known};
use fsrs::MemoryState;
use serde::Serialize;
pub use until::Until;

/// The daily budget when none is given.
pub const DEFAULT_MINUTES_PER_DAY: f64 = 30.0;

/// What to plan for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    pub until: NaiveDate,
    pub minutes_per_day: f64,
}

/// One day of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayPlan {
    pub date: NaiveDate,
    pub new: usize,
    pub reviews: usize,
    /// Planned minutes (at most the day's budget).
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub interview_date: NaiveDate,
    /// Days of practice left, today included.
    pub study_days: u32,
    pub minutes_per_day: f64,
    /// Today's budget after the minutes already spent today.
    pub minutes_left_today: f64,
    pub cards: usize,
    pub unseen: usize,
    pub costs: Costs,
    /// Whether every card gets its last look before the date.
    pub feasible: bool,
    /// What every card's last look costs, per day on average.
    pub needed_minutes_per_day: f64,
    /// Cards that get their last look within the budget.
    pub ready: usize,
    /// The plain "does not fit" message, when it does not.
    pub shortfall: Option<String>,
    /// Mean expected recall on the date (0–1).
    pub expected_recall: f64,
    /// Expected number of answers recalled on the date.
    pub expected_cards: f64,
    pub days: Vec<DayPlan>,
    /// Today's cards.
    pub today: Agenda,
}

/// The same set at another budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub minutes_per_day: f64,
    pub feasible: bool,
    pub ready: usize,
    pub expected_recall: f64,
    pub expected_cards: f64,
}

/// Why there is no plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The date is today or past: practice schedules normally.
    NotAhead {
        until: NaiveDate,
        today: NaiveDate,
    },
    BadBudget(String),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NotAhead { until, today } => write!(
                f,
                "the interview date {until} is not after today ({today}); without --until, cards follow their ordinary schedule"
            ),
            PlanError::BadBudget(message) => f.write_str(message),
        }
    }
}

/// The plan for `questions` from today to `request.until`.
pub fn make(
    questions: &[&Question],
    progress: &Progress,
    log: &[ReviewEntry],
    clock: &Clock,
    scheduler: &Scheduler,
    request: &Request,
) -> Result<Plan, PlanError> {
    let setup = Setup::new(questions, progress, log, clock, request)?;
    let forecaster = Forecaster::new(scheduler, setup.study_days);
    let budgets = setup.budgets(request.minutes_per_day);
    let allocation = allocate::allocate(&setup.known, &budgets, &setup.costs, &forecaster);
    Ok(setup.plan(
        questions,
        clock,
        request,
        &forecaster,
        &budgets,
        &allocation,
    ))
}

/// The forecast at other daily budgets.
pub fn what_if(
    questions: &[&Question],
    progress: &Progress,
    log: &[ReviewEntry],
    clock: &Clock,
    scheduler: &Scheduler,
    request: &Request,
    budgets: &[f64],
) -> Result<Vec<WhatIf>, PlanError> {
    let setup = Setup::new(questions, progress, log, clock, request)?;
    let forecaster = Forecaster::new(scheduler, setup.study_days);
    Ok(budgets
        .iter()
        .map(|&minutes| {
            let days = setup.budgets(minutes);
            let allocation = allocate::allocate(&setup.known, &days, &setup.costs, &forecaster);
            let expected = total_expected(&setup.known, &allocation, &forecaster);
            WhatIf {
                minutes_per_day: minutes,
                feasible: allocation.covered.iter().all(|&c| c),
                ready: allocation.covered.iter().filter(|&&c| c).count(),
                expected_recall: expected / setup.known.len().max(1) as f64,
                expected_cards: expected,
            }
        })
        .collect())
}

/// What planning starts from.
struct Setup {
    known: Vec<Known>,
    costs: Costs,
    study_days: u32,
    spent_today: f64,
}

impl Setup {
    fn new(
        questions: &[&Question],
        progress: &Progress,
        log: &[ReviewEntry],
        clock: &Clock,
        request: &Request,
    ) -> Result<Setup, PlanError> {
        if !(request.minutes_per_day.is_finite() && request.minutes_per_day > 0.0) {
            return Err(PlanError::BadBudget(format!(
                "the daily budget must be a positive number of minutes, not {}",
                request.minutes_per_day
            )));
        }
        let study_days = u32::try_from((request.until - clock.today).num_days())
            .ok()
            .filter(|&d| d > 0)
            .ok_or(PlanError::NotAhead {
                until: request.until,
                today: clock.today,
            })?;
        let known = questions
            .iter()
            .map(|q| match progress.cards.get(&q.id) {
                None => Known {
                    memory: None,
                    last_day: 0,
                },
                Some(card) => Known {
                    memory: Some(MemoryState {
                        stability: card.stability as f32,
                        difficulty: card.difficulty as f32,
                    }),
                    last_day: -(scheduler::elapsed_days(card.last_review, clock) as i32),
                },
            })
            .collect();
        let spent_today = log
            .iter()
            .filter(|e| e.time >= clock.day_start() && e.time <= clock.now)
            .filter_map(|e| e.seconds)
            .sum::<f64>()
            / 60.0;
        Ok(Setup {
            known,
            costs: Costs::from_log(log, clock),
            study_days,
            spent_today,
        })
    }

    fn budgets(&self, minutes_per_day: f64) -> Vec<f64> {
        let mut budgets = vec![minutes_per_day; self.study_days as usize];
        budgets[0] = (minutes_per_day - self.spent_today).max(0.0);
        budgets
    }

    fn plan(
        &self,
        questions: &[&Question],
        clock: &Clock,
        request: &Request,
        forecaster: &Forecaster,
        budgets: &[f64],
        allocation: &Allocation,
    ) -> Plan {
        let cards = questions.len();
        let ready = allocation.covered.iter().filter(|&&c| c).count();
        let feasible = ready == cards;
        let needed = self.needed_minutes();
        let needed_per_day = (needed / f64::from(self.study_days)).ceil();
        let shortfall = (!feasible).then(|| {
            format!(
                "{cards} cards need ~{needed_per_day:.0} min/day; at {:.0} min/day {ready} will be ready — raise the budget or narrow the set",
                request.minutes_per_day
            )
        });
        let days = (0..self.study_days)
            .map(|day| DayPlan {
                date: clock.today + chrono::Duration::days(i64::from(day)),
                new: allocation.intro.iter().filter(|d| **d == Some(day)).count(),
                reviews: allocation
                    .reviews
                    .iter()
                    .filter(|r| r.contains(&day))
                    .count(),
                minutes: (allocation.used[day as usize] * 10.0).round() / 10.0,
            })
            .collect();
        let today = Agenda {
            reviews: questions
                .iter()
                .enumerate()
                .filter(|(i, _)| allocation.reviews[*i].first() == Some(&0))
                .map(|(_, q)| q.id.clone())
                .collect(),
            new: questions
                .iter()
                .enumerate()
                .filter(|(i, _)| allocation.intro[*i] == Some(0))
                .map(|(_, q)| q.id.clone())
                .collect(),
        };
        let expected = total_expected(&self.known, allocation, forecaster);
        Plan {
            interview_date: request.until,
            study_days: self.study_days,
            minutes_per_day: request.minutes_per_day,
            minutes_left_today: (budgets[0] * 10.0).round() / 10.0,
            cards,
            unseen: self.known.iter().filter(|k| k.memory.is_none()).count(),
            costs: self.costs,
            feasible,
            needed_minutes_per_day: needed_per_day,
            ready,
            shortfall,
            expected_recall: expected / cards.max(1) as f64,
            expected_cards: expected,
            days,
            today,
        }
    }

    /// Minutes for every card's last look (the feasibility check).
    fn needed_minutes(&self) -> f64 {
        let days = self.study_days;
        self.known
            .iter()
            .map(|card| match card.memory {
                None if days >= 2 => self.costs.new_minutes + self.costs.review_minutes,
                None => self.costs.new_minutes,
                Some(_) if card.first_review_day(None) < days => self.costs.review_minutes,
                Some(_) => 0.0,
            })
            .sum()
    }
}

fn total_expected(known: &[Known], allocation: &Allocation, f: &Forecaster) -> f64 {
    (0..known.len())
        .map(|i| f64::from(allocation.expected(f, known, i)))
        .sum()
}
