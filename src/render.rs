//! Questions as people read them: terminal text, and the Markdown answer page.

use crate::bank::Question;
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ACCENT: Style = AnsiColor::Cyan.on_default().bold();

/// The question alone, as asked (what `random` shows before the answer).
pub fn question_text(q: &Question) -> String {
    format!(
        "{ACCENT}{}{ACCENT:#}\n{DIM}[{}] {}{DIM:#}\n",
        q.title,
        q.label(),
        q.id
    )
}

/// The question with its short and full answer, for the terminal.
/// Styles are ANSI escapes; `anstream` strips them when stdout is not a TTY.
pub fn answer_text(q: &Question) -> String {
    let mut out = question_text(q);
    let _ = write!(
        out,
        "\n{BOLD}In short:{BOLD:#} {}\n\n{}\n",
        q.short,
        q.answer.trim_end()
    );
    out
}

/// One line per question for `list` and `search`.
pub fn summary_line(q: &Question) -> String {
    format!(
        "{BOLD}{:<40}{BOLD:#} {DIM}{:<24}{DIM:#} {}",
        q.id,
        q.label(),
        q.title
    )
}

/// The answer page a client opens (`interview.show`, *Show answer*): plain
/// Markdown that reads well in any editor.
pub fn answer_page(q: &Question) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", q.title);
    let _ = writeln!(out, "*{}* · `{}`\n", q.label(), q.id);
    let _ = writeln!(out, "**In short:** {}\n", q.short);
    let _ = writeln!(out, "{}", q.answer.trim_end());
    if !q.aliases.is_empty() {
        let _ = writeln!(out, "\n---\nAlso asked as:");
        for alias in &q.aliases {
            let _ = writeln!(out, "- {alias}");
        }
    }
    out
}
