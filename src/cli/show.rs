//! `interview-ls show ID`: one question with its full answer.

use super::{CliError, ShowArgs, print_json};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let Some(question) = bank.get(&args.id) else {
        let hint = match near_ids(bank, &args.id).as_slice() {
            [] => " (run `interview-ls list` to see every id)".to_string(),
            near => format!("; did you mean {}?", near.join(", ")),
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

/// Ids that look like a mistyped `id`, closest first (at most three).
fn near_ids<'a>(bank: &'a Bank, id: &str) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = bank
        .questions()
        .iter()
        .map(|q| (strsim::jaro_winkler(id, &q.id), q.id.as_str()))
        .filter(|(score, _)| *score >= 0.88)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}
