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
    let loaded = ProgressStore::new(&dirs.data)
        .load()
        .map_err(|e| failure(e.to_string()))?;
    if let Some(moved) = &loaded.moved_aside {
        anstream::eprintln!("warning: {moved}");
    }
    let stats = stats::compute(bank.questions(), &loaded.value, &Clock::local_now());
    if args.json {
        return print_json(&stats);
    }
    print_text(&stats::render_markdown(&stats))?;
    Ok(ExitCode::SUCCESS)
}
