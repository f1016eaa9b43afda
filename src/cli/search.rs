//! `interview-ls search QUERY`: the same engine as the editor's search.

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
        return Err(CliError::usage(format!(
            "no question matches `{query}`{}",
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
    let mut text = String::new();
    for hit in hits {
        text.push_str(&render::summary_line(hit.question));
        text.push('\n');
    }
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
