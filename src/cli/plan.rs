//! `interview-ls plan --until DATE [--minutes N]`: the interview planner's
//! forecast, day table and what-if budgets (`--json` for the numbers);
//! `quiz --until` works through today's part of the same plan.

use super::{CliError, PlanArgs, UntilArgs, print_json, print_text};
use crate::bank::{Bank, Question};
use crate::practice::Clock;
use crate::practice::dirs::DataDirs;
use crate::practice::plan::report::{self, render};
use crate::practice::plan::{self, Plan, Request, WhatIf};
use crate::practice::review_log::ReviewEntry;
use crate::practice::scheduler::{Scheduler, SchedulerConfig};
use crate::practice::store::{Progress, ProgressStore};
use serde::Serialize;
use std::process::ExitCode;

/// The request `--until`/`--minutes` describe, if any.
pub fn request(args: &UntilArgs, clock: &Clock) -> Option<Request> {
    args.until.map(|until| Request {
        until: until.resolve(clock.today),
        minutes_per_day: args.minutes.unwrap_or(plan::DEFAULT_MINUTES_PER_DAY),
    })
}

/// The progress and the review log in `store`, warning about a progress
/// file that had to be moved aside.
fn load(store: &ProgressStore) -> Result<(Progress, Vec<ReviewEntry>), CliError> {
    let progress = store.load().map_err(|e| CliError::failure(e.to_string()))?;
    if let Some(moved) = &progress.moved_aside {
        anstream::eprintln!("warning: {moved}");
    }
    let log = store.log().read_or_say().map_err(CliError::failure)?;
    Ok((progress.value, log.entries))
}

/// The plan for `questions` from the progress and log in `store`.
pub fn make(
    questions: &[&Question],
    store: &ProgressStore,
    clock: &Clock,
    scheduler: &Scheduler,
    request: &Request,
) -> Result<Plan, CliError> {
    let (progress, log) = load(store)?;
    plan::make(questions, &progress, &log, clock, scheduler, request)
        .map_err(|e| CliError::usage(e.to_string()))
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
    let (progress, log) = load(&store)?;
    let (made, what_if) =
        report::with_what_if(&questions, &progress, &log, &clock, &scheduler, &request)
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
