//! `interview-ls show ID`: one question with its full answer.

use super::{CliError, ShowArgs, print_json};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let Some(question) = bank.get(&args.id) else {
        let suggestions: Vec<String> = bank
            .search(&args.id.replace('-', " "), 3)
            .iter()
            .map(|h| h.question.id.clone())
            .collect();
        let hint = if suggestions.is_empty() {
            " (run `interview-ls list` to see every id)".to_string()
        } else {
            format!("; did you mean {}?", suggestions.join(", "))
        };
        return Err(CliError::usage(format!(
            "no question with id `{}`{hint}",
            args.id
        )));
    };
    if args.json {
        return print_json(question);
    }
    anstream::print!("{}", render::answer_text(question));
    Ok(ExitCode::SUCCESS)
}
