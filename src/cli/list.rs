//! `interview-ls list`: every question, optionally filtered.

use super::{CliError, ListArgs, Summary, print_json};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ListArgs) -> Result<ExitCode, CliError> {
    let filter = args.filter.to_filter();
    let questions: Vec<_> = bank
        .questions()
        .iter()
        .filter(|q| filter.matches(q))
        .collect();
    if args.json {
        let summaries: Vec<Summary<'_>> = questions.iter().map(|q| Summary::of(q, None)).collect();
        return print_json(&summaries);
    }
    for q in questions {
        anstream::println!("{}", render::summary_line(q));
    }
    Ok(ExitCode::SUCCESS)
}
