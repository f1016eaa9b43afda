//! `interview-ls random`: a random question matching the filters.

use super::{CliError, RandomArgs, print_json};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &RandomArgs) -> Result<ExitCode, CliError> {
    let filter = args.filter.to_filter();
    let candidates: Vec<_> = bank
        .questions()
        .iter()
        .filter(|q| filter.matches(q))
        .collect();
    if candidates.is_empty() {
        let topics = bank.topics().join(", ");
        return Err(CliError::usage(format!(
            "no question matches {} (topics: {topics})",
            filter.describe()
        )));
    }
    let question = candidates[fastrand::usize(..candidates.len())];
    if args.json {
        return print_json(question);
    }
    anstream::print!("{}", render::answer_text(question));
    Ok(ExitCode::SUCCESS)
}
