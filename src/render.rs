//! Questions as people read them: terminal text, the Markdown answer page,
//! and hovers (`hover.rs`).
//!
//! The terminal side lives in `render/`: `terminal.rs` lays questions out,
//! `markdown.rs` renders answers, `terminal_safe.rs` keeps bank text from ever
//! reaching a terminal as control sequences.

mod editor_safe;
mod highlight;
mod hover;
mod markdown;
mod style;
mod table;
pub mod terminal;
mod terminal_safe;
mod wrap;

pub use hover::{HoverLinks, LinkTo, hover_text};
pub use terminal::{answer_for_terminal, short_for_terminal};
pub use terminal_safe::terminal_safe;

use crate::bank::Question;
use std::fmt::Write as _;

/// The question alone, as asked, for stdout through `anstream` (which strips
/// the styles when stdout is not a terminal).
pub fn question_text(q: &Question) -> String {
    terminal::question_for_terminal(q, terminal::stdout_width(), terminal::stdout_styled())
}

/// The question with its short and full answer, laid out for stdout.
pub fn answer_text(q: &Question) -> String {
    answer_for_terminal(q, terminal::stdout_width(), terminal::stdout_styled())
}

/// The question with its short answer only, and how to see the rest, laid
/// out for stdout.
pub fn short_answer_text(q: &Question) -> String {
    short_for_terminal(q, terminal::stdout_width(), terminal::stdout_styled())
}

/// The answer page a client opens (`interview.show`, *Show answer*): plain
/// Markdown that reads well in any editor, with nothing an editor's preview
/// would fetch or run (see [`editor_safe`]).
pub fn answer_page(q: &Question) -> String {
    editor_safe::markdown(&answer_page_markdown(q))
}

fn answer_page_markdown(q: &Question) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", q.title);
    let _ = writeln!(out, "*{}* · `{}`\n", q.label(), q.id);
    let _ = writeln!(out, "**In short:** {}\n", q.short);
    if !q.points.is_empty() {
        let _ = writeln!(out, "**Key points:**\n");
        for point in &q.points {
            let _ = writeln!(out, "- {point}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", q.answer.trim_end());
    if !q.aliases.is_empty() {
        let _ = writeln!(out, "\n---\nAlso asked as:");
        for alias in &q.aliases {
            let _ = writeln!(out, "- {alias}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in bank uses none of what sanitizing removes, so its pages
    /// lose nothing.
    #[test]
    fn sanitizing_leaves_the_built_in_bank_untouched() {
        let bank = crate::bank::Bank::load(&[]);
        for q in bank.questions() {
            let page = answer_page_markdown(q);
            assert_eq!(editor_safe::markdown(&page), page, "{}", q.id);
        }
    }
}
