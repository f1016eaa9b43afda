//! `interview-ls list`: every question, optionally filtered.

use super::{CliError, ListArgs, filtered, print_json, print_text};
use crate::bank::{Bank, QuestionSummary};
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ListArgs) -> Result<ExitCode, CliError> {
    let questions = filtered(bank, &args.filter.to_filter())?;
    if args.json {
        let summaries: Vec<QuestionSummary<'_>> = questions
            .iter()
            .map(|q| QuestionSummary::of(q, None))
            .collect();
        return print_json(&summaries);
    }
    let mut text = String::new();
    for q in questions {
        text.push_str(&render::summary_line(q));
        text.push('\n');
    }
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
