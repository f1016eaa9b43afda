//! `interview-ls show ID`: one question with its full answer, laid out for
//! the terminal and shown through a pager when stdout is one.

use super::{CliError, ShowArgs, pager, print_json, print_text};
use crate::bank::Bank;
use crate::render;
use std::io::IsTerminal;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &ShowArgs) -> Result<ExitCode, CliError> {
    let Some(question) = bank.get(&args.id) else {
        return Err(CliError::usage(unknown_id(bank, &args.id)));
    };
    if args.json {
        return print_json(question);
    }
    let text = render::answer_for_terminal(
        question,
        render::terminal::stdout_width(),
        render::terminal::stdout_styled(),
    );
    if !args.no_pager && std::io::stdout().is_terminal() {
        pager::page(&text)?;
    } else {
        print_text(&text)?;
    }
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
