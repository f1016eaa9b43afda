//! `interview-ls search QUERY`: the same engine as the editor's search.
//!
//! A query about something the bank does not cover finds nothing rather than
//! the nearest noise: the engine drops results below its relevance floor
//! (see `crate::search`). Like `grep`, no match exits with status 1 and says
//! so on stderr; `--json` still prints a valid (empty) array.

use super::{CliError, SearchArgs, filtered, print_json, print_text};
use crate::bank::{Bank, QuestionSummary};
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &SearchArgs) -> Result<ExitCode, CliError> {
    let query = args.query.join(" ");
    let filter = args.filter.to_filter();
    // Validates the filter (unknown topic, empty combination) the way `list` does.
    filtered(bank, &filter)?;
    let limit = usize::from(args.limit);
    let hits: Vec<_> = bank
        .search(&query, bank.questions().len())
        .into_iter()
        .filter(|hit| filter.matches(hit.question))
        .take(limit)
        .collect();
    if hits.is_empty() {
        if args.json {
            print_json(&Vec::<QuestionSummary<'_>>::new())?;
        }
        return Err(CliError::failure(format!(
            "no question matches `{query}`{} (`interview-ls topics` lists what the bank covers)",
            if filter == Default::default() {
                String::new()
            } else {
                format!(" with {}", filter.describe())
            }
        )));
    }
    if args.json {
        let summaries: Vec<QuestionSummary<'_>> = hits
            .iter()
            .map(|h| QuestionSummary::of(h.question, Some(h.score)))
            .collect();
        return print_json(&summaries);
    }
    let questions: Vec<_> = hits.iter().map(|hit| hit.question).collect();
    print_text(&super::list::rows(
        &questions,
        render::terminal::stdout_width(),
    ))?;
    Ok(ExitCode::SUCCESS)
}
