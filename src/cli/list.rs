//! `interview-ls list`: every question, optionally filtered, one row each.
//!
//! A row is `id  difficulty frameworks  title`, and fits the terminal's
//! width (80 columns when stdout is not a terminal): the title is cut with
//! an ellipsis, and the frameworks are named briefly (`FastAPI+Flask`;
//! `General` only for a framework-neutral question). `search` prints the
//! same rows.

use super::{CliError, ListArgs, filtered, print_json, print_text};
use crate::bank::{Bank, Framework, Question, QuestionSummary};
use crate::render::{self, terminal_safe};
use anstyle::Style;
use std::process::ExitCode;
use textwrap::core::display_width;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
/// Ids longer than this push their row's title right rather than widening
/// every row.
const MAX_ID_COLUMN: usize = 28;
/// Between columns.
const GAP: &str = "  ";

pub fn run(bank: &Bank, args: &ListArgs) -> Result<ExitCode, CliError> {
    let questions = filtered(bank, &args.filter.to_filter())?;
    if args.json {
        let summaries: Vec<QuestionSummary<'_>> = questions
            .iter()
            .map(|q| QuestionSummary::of(q, None))
            .collect();
        return print_json(&summaries);
    }
    print_text(&rows(&questions, render::terminal::stdout_width()))?;
    Ok(ExitCode::SUCCESS)
}

/// The rows for `questions`, each at most `width` columns.
pub fn rows(questions: &[&Question], width: usize) -> String {
    let ids: Vec<String> = questions
        .iter()
        .map(|q| terminal_safe(&q.id).into_owned())
        .collect();
    let labels: Vec<String> = questions.iter().map(|q| label(q)).collect();
    let id_column = ids
        .iter()
        .map(|id| display_width(id))
        .max()
        .unwrap_or(0)
        .min(MAX_ID_COLUMN);
    let label_column = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let mut text = String::new();
    for ((q, id), label) in questions.iter().zip(&ids).zip(&labels) {
        let id_width = display_width(id).max(id_column);
        let used = id_width + GAP.len() + label_column + GAP.len();
        let title = truncate(&terminal_safe(&q.title), width.saturating_sub(used));
        let id_pad = " ".repeat(id_width - display_width(id));
        let label_pad = " ".repeat(label_column - display_width(label));
        text.push_str(&format!(
            "{BOLD}{id}{BOLD:#}{id_pad}{GAP}{DIM}{label}{DIM:#}{label_pad}{GAP}{title}"
        ));
        text.truncate(text.trim_end_matches(' ').len());
        text.push('\n');
    }
    text
}

/// `medium FastAPI+Flask`: the difficulty, and the frameworks briefly (a
/// question on a framework and general concepts is listed under the
/// framework).
fn label(q: &Question) -> String {
    let named: Vec<&str> = q
        .frameworks
        .iter()
        .filter(|f| **f != Framework::General)
        .map(|f| f.display_name())
        .collect();
    let frameworks = if named.is_empty() {
        Framework::General.display_name().to_string()
    } else {
        named.join("+")
    };
    format!("{:<6} {frameworks}", q.difficulty.as_str())
}

/// `text` cut to `width` columns, ending with `…` when it was longer.
fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    // The ellipsis is one column but three bytes: leaving it two more
    // columns keeps a row within the width for tools that count bytes
    // (`awk length` in a C locale).
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}");
        if next.len() + '…'.len_utf8() > width {
            break;
        }
        out = next;
    }
    if width > 0 {
        out = out.trim_end().to_string();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cut_with_an_ellipsis_to_the_width() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer title", 8), "a lon…");
        assert_eq!(truncate("a longer title", 8).len(), 8);
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn every_row_of_the_bank_fits_80_columns() {
        let bank = Bank::load(&[]);
        let questions: Vec<&Question> = bank.questions().iter().collect();
        let text = rows(&questions, 80);
        assert_eq!(text.lines().count(), questions.len());
        for line in text.lines() {
            let plain = line
                .replace("\u{1b}[1m", "")
                .replace("\u{1b}[2m", "")
                .replace("\u{1b}[0m", "");
            assert!(plain.len() <= 80, "{plain}");
        }
    }
}
