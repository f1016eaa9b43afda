//! `interview-ls show ID`: one question with its full answer.

use super::{CliError, ShowArgs, print_json, print_text};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let Some(question) = bank.get(&args.id) else {
        return Err(CliError::usage(unknown_id(bank, &args.id)));
    };
    if args.json {
        return print_json(question);
    }
    print_text(&render::answer_text(question))?;
    Ok(ExitCode::SUCCESS)
}

/// "no question with id …" with the likely id, or where to look instead.
fn unknown_id(bank: &Bank, id: &str) -> String {
    let lowered = id.to_ascii_lowercase();
    if lowered != id && bank.get(&lowered).is_some() {
        return format!("no question with id `{id}`; ids are lower-case: `{lowered}`");
    }
    match crate::suggest::did_you_mean(&bank.near_ids(id)) {
        Some(hint) => format!("no question with id `{id}` ({hint})"),
        None => format!(
            "no question with id `{id}` (`interview-ls search {id}` finds questions by words, `interview-ls list` shows every id)"
        ),
    }
}
