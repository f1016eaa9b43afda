//! The plan as text: the forecast, the day table, the what-if budgets and
//! the costs it assumed. The CLI's `plan` prints it and `interview.plan`
//! returns it, so both read the same.

use super::{Plan, PlanError, Request, WhatIf};
use crate::bank::Question;
use crate::practice::Clock;
use crate::practice::review_log::ReviewEntry;
use crate::practice::scheduler::Scheduler;
use crate::practice::store::Progress;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// The plan and its what-if budgets (see [`what_if_budgets`]): what a
/// report shows.
pub fn with_what_if(
    questions: &[&Question],
    progress: &Progress,
    log: &[ReviewEntry],
    clock: &Clock,
    scheduler: &Scheduler,
    request: &Request,
) -> Result<(Plan, Vec<WhatIf>), PlanError> {
    let made = super::make(questions, progress, log, clock, scheduler, request)?;
    let budgets = what_if_budgets(request.minutes_per_day);
    let what_if = super::what_if(
        questions, progress, log, clock, scheduler, request, &budgets,
    )?;
    Ok((made, what_if))
}

/// Half, one and a half and twice the budget, and the budget itself.
pub fn what_if_budgets(minutes: f64) -> Vec<f64> {
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

pub fn render(plan: &Plan, what_if: &[WhatIf], clock: &Clock) -> String {
    let mut out = String::new();
    let weekday = plan.interview_date.format("%a");
    let _ = writeln!(
        out,
        "Interview on {}: {} day{} at {:.0} min/day for {} question{} ({} new).",
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
    let _ = writeln!(out, "\nWhat if:");
    for option in &options {
        let _ = writeln!(out, "  {option}");
    }
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
    wrap(&out)
}

/// Lines past [`WIDTH`] wrapped (the day table's rows are short), so the
/// report reads in an 80-column terminal and in an editor's split alike.
fn wrap(text: &str) -> String {
    let options = textwrap::Options::new(WIDTH).subsequent_indent("  ");
    text.lines()
        .map(|line| textwrap::fill(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The width the report is laid out for.
const WIDTH: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_if_offers_half_to_twice_the_budget() {
        assert_eq!(what_if_budgets(30.0), [15.0, 30.0, 45.0, 60.0]);
        assert_eq!(what_if_budgets(1.0), [1.0, 2.0]);
    }
}
