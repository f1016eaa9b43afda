//! `interview-ls search QUERY`: the same engine as the editor's search.

use super::{CliError, SearchArgs, Summary, print_json};
use crate::bank::Bank;
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &SearchArgs) -> Result<ExitCode, CliError> {
    let query = args.query.join(" ");
    let hits = bank.search(&query, args.limit);
    if args.json {
        let summaries: Vec<Summary<'_>> = hits
            .iter()
            .map(|h| Summary::of(h.question, Some(h.score)))
            .collect();
        return print_json(&summaries);
    }
    if hits.is_empty() {
        anstream::eprintln!("no question matches `{query}`");
    }
    for hit in hits {
        anstream::println!("{}", render::summary_line(hit.question));
    }
    Ok(ExitCode::SUCCESS)
}
