//! `interview-ls stats`: the same progress page as `interview.stats`, as
//! Markdown on stdout (or the numbers as JSON with `--json`).

use super::{CliError, StatsArgs, print_json, print_text};
use crate::bank::Bank;
use crate::practice::dirs::DataDirs;
use crate::practice::store::ProgressStore;
use crate::practice::{Clock, stats};
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &StatsArgs) -> Result<ExitCode, CliError> {
    let failure = |message: String| CliError { code: 1, message };
    let dirs = DataDirs::resolve(args.data_dir.as_deref()).map_err(failure)?;
    let store = ProgressStore::new(&dirs.data);
    let loaded = store.load().map_err(|e| failure(e.to_string()))?;
    if let Some(moved) = &loaded.moved_aside {
        anstream::eprintln!("warning: {moved}");
    }
    let log = store
        .log()
        .read()
        .map_err(|e| failure(format!("cannot read {}: {e}", store.log().path().display())))?;
    if log.unreadable_lines > 0 {
        anstream::eprintln!(
            "warning: {} line(s) of {} are not reviews and were left out",
            log.unreadable_lines,
            store.log().path().display()
        );
    }
    let stats = stats::compute_with_log(
        bank.questions(),
        &loaded.value,
        &log.entries,
        &Clock::local_now(),
    );
    if args.json {
        return print_json(&stats);
    }
    print_text(&stats::render_markdown(&stats))?;
    Ok(ExitCode::SUCCESS)
}
