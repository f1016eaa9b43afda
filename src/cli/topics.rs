//! `interview-ls topics`: the topic map with each topic's question count.

use super::{CliError, TopicsArgs, print_json, print_text};
use crate::bank::Bank;
use crate::render::terminal_safe;
use anstyle::Style;
use std::fmt::Write as _;
use std::process::ExitCode;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

pub fn run(bank: &Bank, args: &TopicsArgs) -> Result<ExitCode, CliError> {
    let rows = bank.topic_counts();
    if args.json {
        return print_json(&rows);
    }
    let width = rows.iter().map(|r| r.topic.len()).max().unwrap_or(0);
    let mut text = String::new();
    for row in &rows {
        let _ = writeln!(
            text,
            "{BOLD}{:<width$}{BOLD:#} {:>3}  {DIM}{}{DIM:#}",
            terminal_safe(row.topic),
            row.count,
            terminal_safe(row.description)
        );
    }
    let _ = writeln!(
        text,
        "\n{} topics · `interview-ls list --topic TOPIC` lists one",
        rows.len()
    );
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
