//! `interview-ls plan --until DATE [--minutes N]`: the interview planner's
//! forecast, day table and what-if budgets (`--json` for the numbers);
//! `quiz --until` works through today's part of the same plan.

use super::{CliError, PlanArgs, UntilArgs, print_json, print_text};
use crate::bank::{Bank, Question};
use crate::practice::Clock;
use crate::practice::dirs::DataDirs;
use crate::practice::plan::{self, Plan, Request, WhatIf};
use crate::practice::review_log::ReviewEntry;
use crate::practice::scheduler::{Scheduler, SchedulerConfig};
use crate::practice::store::{Progress, ProgressStore};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

/// What `--until` accepts: a date, `tomorrow`, or a weekday (the next one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Date(NaiveDate),
    Tomorrow,
    Next(Weekday),
}

impl std::str::FromStr for Until {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "tomorrow" {
            return Ok(Until::Tomorrow);
        }
        if let Ok(day) = lower.parse::<Weekday>() {
            return Ok(Until::Next(day));
        }
        NaiveDate::parse_from_str(&lower, "%Y-%m-%d")
            .map(Until::Date)
            .map_err(|_| {
                format!("`{s}` is not a date (expected YYYY-MM-DD, `tomorrow` or a weekday such as `thu`)")
            })
    }
}

impl Until {
    /// The date, counted from `today` (a weekday is the next one, never today).
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            Until::Date(date) => date,
            Until::Tomorrow => today + chrono::Duration::days(1),
            Until::Next(day) => {
                let ahead = (7 + day.num_days_from_monday() as i64
                    - today.weekday().num_days_from_monday() as i64
                    - 1)
                    % 7
                    + 1;
                today + chrono::Duration::days(ahead)
            }
        }
    }
}

/// The request `--until`/`--minutes` describe, if any.
pub fn request(args: &UntilArgs, clock: &Clock) -> Option<Request> {
    args.until.map(|until| Request {
        until: until.resolve(clock.today),
        minutes_per_day: args.minutes.unwrap_or(plan::DEFAULT_MINUTES_PER_DAY),
    })
}

/// The plan for `questions` from the progress and log in `store`.
pub fn make(
    questions: &[&Question],
    store: &ProgressStore,
    clock: &Clock,
    scheduler: &Scheduler,
    request: &Request,
) -> Result<(Plan, Progress, Vec<ReviewEntry>), CliError> {
    let progress = store.load().map_err(|e| CliError::failure(e.to_string()))?;
    if let Some(moved) = &progress.moved_aside {
        anstream::eprintln!("warning: {moved}");
    }
    let log = store.log().read().map_err(|e| {
        CliError::failure(format!("cannot read {}: {e}", store.log().path().display()))
    })?;
    let made = plan::make(
        questions,
        &progress.value,
        &log.entries,
        clock,
        scheduler,
        request,
    )
    .map_err(|e| CliError::usage(e.to_string()))?;
    Ok((made, progress.value, log.entries))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanJson<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    what_if: &'a [WhatIf],
}

pub fn run(bank: &Bank, args: &PlanArgs) -> Result<ExitCode, CliError> {
    let questions = super::filtered(bank, &args.filter.to_filter())?;
    let dirs = DataDirs::resolve(args.data_dir.as_deref()).map_err(CliError::failure)?;
    let store = ProgressStore::new(&dirs.data);
    let clock = Clock::local_now();
    let scheduler = super::quiz::scheduler_for(&dirs.data, &SchedulerConfig::default())?;
    let request = Request {
        until: args.until.resolve(clock.today),
        minutes_per_day: args.minutes,
    };
    let (made, progress, log) = make(&questions, &store, &clock, &scheduler, &request)?;
    let budgets = what_if_budgets(args.minutes);
    let what_if = plan::what_if(
        &questions, &progress, &log, &clock, &scheduler, &request, &budgets,
    )
    .map_err(|e| CliError::usage(e.to_string()))?;
    if args.json {
        return print_json(&PlanJson {
            plan: &made,
            what_if: &what_if,
        });
    }
    print_text(&render(&made, &what_if, &clock))?;
    Ok(ExitCode::SUCCESS)
}

/// Half, one and a half and twice the budget, and the budget itself.
fn what_if_budgets(minutes: f64) -> Vec<f64> {
    let mut budgets: Vec<f64> = [0.5, 1.0, 1.5, 2.0]
        .iter()
        .map(|f| (minutes * f).round().max(1.0))
        .collect();
    budgets.dedup();
    budgets
}

/// `Thu 12 Mar`.
fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

fn render(plan: &Plan, what_if: &[WhatIf], clock: &Clock) -> String {
    let mut out = String::new();
    let weekday = plan.interview_date.format("%a");
    let _ = writeln!(
        out,
        "Interview on {}: {} day{} of practice at {:.0} min/day for {} question{} ({} new).",
        day_label(plan.interview_date),
        plan.study_days,
        if plan.study_days == 1 { "" } else { "s" },
        plan.minutes_per_day,
        plan.cards,
        if plan.cards == 1 { "" } else { "s" },
        plan.unseen
    );
    match &plan.shortfall {
        Some(shortfall) => {
            let _ = writeln!(out, "{shortfall}");
        }
        None => {
            let _ = writeln!(
                out,
                "It fits: every card gets a last look before the date (~{:.0} min/day needed).",
                plan.needed_minutes_per_day
            );
        }
    }
    let _ = writeln!(
        out,
        "Expected recall on {weekday}: {:.0}% — {:.0} of {}\n",
        plan.expected_recall * 100.0,
        plan.expected_cards,
        plan.cards
    );
    let _ = writeln!(
        out,
        "{:<12} {:>4} {:>8} {:>8}",
        "Day", "New", "Reviews", "Minutes"
    );
    for day in &plan.days {
        let _ = writeln!(
            out,
            "{:<12} {:>4} {:>8} {:>8.1}{}",
            day_label(day.date),
            day.new,
            day.reviews,
            day.minutes,
            if day.date == clock.today {
                "  today"
            } else {
                ""
            }
        );
    }
    let options: Vec<String> = what_if
        .iter()
        .map(|w| {
            let ready = if w.feasible {
                String::new()
            } else {
                format!(", {} ready", w.ready)
            };
            format!(
                "{:.0} min/day → {:.0}% ({:.0} of {}{ready})",
                w.minutes_per_day,
                w.expected_recall * 100.0,
                w.expected_cards,
                plan.cards
            )
        })
        .collect();
    let _ = writeln!(out, "\nWhat if: {}", options.join(" · "));
    let source = if plan.costs.from_log {
        "from your review log"
    } else {
        "defaults until your review log has enough timed answers"
    };
    let _ = writeln!(
        out,
        "Costs: {:.1} min per new card, {:.1} per review ({source}).",
        plan.costs.new_minutes, plan.costs.review_minutes
    );
    let _ = writeln!(
        out,
        "Today's part: interview-ls quiz --until {} --minutes {:.0} (with the same filters)",
        plan.interview_date, plan.minutes_per_day
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_reads_dates_tomorrow_and_weekdays() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(); // a Tuesday
        let at = |s: &str| s.parse::<Until>().unwrap().resolve(today);
        assert_eq!(
            at("2026-03-12"),
            NaiveDate::from_ymd_opt(2026, 3, 12).unwrap()
        );
        assert_eq!(
            at("tomorrow"),
            NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()
        );
        assert_eq!(at("Thu"), NaiveDate::from_ymd_opt(2026, 3, 12).unwrap());
        // The same weekday means next week's.
        assert_eq!(at("tuesday"), NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
        let err = "soon".parse::<Until>().unwrap_err();
        assert!(err.contains("expected YYYY-MM-DD"), "{err}");
        assert_eq!(what_if_budgets(30.0), [15.0, 30.0, 45.0, 60.0]);
    }
}
