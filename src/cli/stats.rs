//! `interview-ls stats`: the same progress page as `interview.stats`, as
//! Markdown on stdout (or the numbers as JSON with `--json`), with retention
//! from the review log; `--optimize [--apply]` fits FSRS to that log.

use super::{CliError, StatsArgs, print_json, print_text};
use crate::bank::Bank;
use crate::practice::dirs::DataDirs;
use crate::practice::optimize::{self, Fit};
use crate::practice::review_log::ReviewEntry;
use crate::practice::scheduler::SchedulerConfig;
use crate::practice::store::ProgressStore;
use crate::practice::{Clock, stats};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &StatsArgs) -> Result<ExitCode, CliError> {
    let failure = |message: String| CliError { code: 1, message };
    let dirs = DataDirs::resolve(args.data_dir.as_deref()).map_err(failure)?;
    let store = ProgressStore::new(&dirs.data);
    let loaded = store.load().map_err(|e| failure(e.to_string()))?;
    if let Some(moved) = &loaded.moved_aside {
        anstream::eprintln!("warning: {moved}");
    }
    let log = store.log().read_or_say().map_err(failure)?;
    if log.unreadable_lines > 0 {
        anstream::eprintln!(
            "warning: {} line(s) of {} are not reviews and were left out",
            log.unreadable_lines,
            store.log().path().display()
        );
    }
    let clock = Clock::local_now();
    if args.optimize {
        return run_optimize(&dirs.data, &log.entries, &clock, args);
    }
    let stats = stats::compute_with_log(bank.questions(), &loaded.value, &log.entries, &clock);
    if args.json {
        return print_json(&stats);
    }
    let mut page = stats::render_markdown(&stats);
    let training = optimize::training_items(&log.entries, &clock).len();
    let fitted = optimize::load(&dirs.data).ok().flatten();
    if training >= optimize::MIN_TRAINING_REVIEWS
        && fitted.is_none_or(|f| training >= 2 * f.training_reviews)
    {
        page.push_str(&format!(
            "Your review log has {training} reviews FSRS can learn from: `interview-ls stats --optimize` fits its parameters to you.\n"
        ));
    }
    print_text(&page)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FitJson<'a> {
    #[serde(flatten)]
    fit: &'a Fit,
    applied: bool,
}

fn run_optimize(
    dir: &Path,
    entries: &[ReviewEntry],
    clock: &Clock,
    args: &StatsArgs,
) -> Result<ExitCode, CliError> {
    let (current, problem) = optimize::scheduler_for(dir, &SchedulerConfig::default());
    if let Some(problem) = problem {
        anstream::eprintln!("warning: {problem}");
    }
    let fit = optimize::fit(entries, clock, &current).map_err(CliError::usage)?;
    let better = fit.log_loss_after < fit.log_loss_before;
    let applied = args.apply && better;
    let saved = if applied {
        Some(optimize::save(dir, &fit, clock).map_err(CliError::failure)?)
    } else {
        None
    };
    if args.json {
        return print_json(&FitJson { fit: &fit, applied });
    }
    let mut text = format!(
        "FSRS fitted to {} reviews from your log:\n  log loss {:.4} → {:.4}, RMSE {:.1}% → {:.1}% (current → fitted; lower is better)\n",
        fit.training_reviews,
        fit.log_loss_before,
        fit.log_loss_after,
        fit.rmse_before * 100.0,
        fit.rmse_after * 100.0
    );
    text.push_str(&match (saved, better, args.apply) {
        (Some(path), _, _) => format!(
            "Saved to {}; grades from now on are scheduled with them.\n",
            path.display()
        ),
        (None, false, _) => {
            "The fitted parameters do not predict your reviews better; nothing changes.\n"
                .to_string()
        }
        (None, true, _) => {
            "Schedule with them: interview-ls stats --optimize --apply\n".to_string()
        }
    });
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
