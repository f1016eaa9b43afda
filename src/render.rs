//! Questions as people read them: terminal text, and the Markdown answer page.
//!
//! The terminal side lives in `render/`: `terminal.rs` lays questions out,
//! `markdown.rs` renders answers, `terminal_safe.rs` keeps bank text from ever
//! reaching a terminal as control sequences.

mod editor_safe;
mod highlight;
mod markdown;
mod style;
mod table;
pub mod terminal;
mod terminal_safe;
mod wrap;

pub use terminal::{answer_for_terminal, short_for_terminal};
pub use terminal_safe::terminal_safe;

use crate::bank::Question;
use anstyle::Style;
use std::fmt::Write as _;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

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

/// One line per question for `list` and `search`.
pub fn summary_line(q: &Question) -> String {
    format!(
        "{BOLD}{:<40}{BOLD:#} {DIM}{:<24}{DIM:#} {}",
        terminal_safe(&q.id),
        q.label(),
        terminal_safe(&q.title)
    )
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

/// Hover lines at most: enough for the answer's core, short enough to
/// stay a tooltip.
const HOVER_MAX_LINES: usize = 40;
/// How much of the full answer a hover quotes.
const HOVER_ANSWER_CHARS: usize = 900;

/// The library a symbol belongs to, for the hover's title line.
fn library_name(symbol: &str) -> &str {
    let root = symbol.split(['.', '(']).next().unwrap_or(symbol);
    match root {
        "fastapi" | "starlette" => "FastAPI",
        "python" => "Python",
        "pydantic" | "pydantic_settings" => "Pydantic",
        "sqlalchemy" => "SQLAlchemy",
        "sqlmodel" => "SQLModel",
        "jwt" => "PyJWT",
        r if r == "flask" || r.starts_with("flask_") || r == "werkzeug" => "Flask",
        other => other,
    }
}

/// The first paragraphs of a full answer, up to the first code block or
/// sub-heading, cut at a paragraph or sentence boundary.
fn answer_excerpt(answer: &str) -> String {
    let mut excerpt = String::new();
    for paragraph in answer.split("\n\n") {
        let trimmed = paragraph.trim();
        if trimmed.starts_with("```") || trimmed.starts_with('#') || trimmed.starts_with('|') {
            break;
        }
        if excerpt.len() + trimmed.len() > HOVER_ANSWER_CHARS {
            if excerpt.is_empty() {
                let cut = trimmed
                    .char_indices()
                    .take_while(|(i, _)| *i < HOVER_ANSWER_CHARS)
                    .filter(|(_, c)| *c == '.')
                    .last()
                    .map_or(HOVER_ANSWER_CHARS.min(trimmed.len()), |(i, _)| i + 1);
                let mut end = cut;
                while !trimmed.is_char_boundary(end) {
                    end -= 1;
                }
                excerpt.push_str(&trimmed[..end]);
                excerpt.push_str(" …");
            }
            break;
        }
        if !excerpt.is_empty() {
            excerpt.push_str("\n\n");
        }
        excerpt.push_str(trimmed);
    }
    excerpt
}

/// Markdown inline markers removed, for clients that only show plain text.
fn plain(markdown: &str) -> String {
    markdown.replace("**", "").replace('`', "")
}

/// The hover for a symbol: title line, short answer, the question with its
/// difficulty, an excerpt of the full answer, related questions, and how to
/// practise. Markdown, or plain text for clients without Markdown hovers;
/// either way with nothing the editor would fetch or run (see [`editor_safe`]).
pub fn hover_text(symbol: &str, best: &Question, related: &[&Question], markdown: bool) -> String {
    let text = hover_lines(symbol, best, related, markdown);
    if markdown {
        editor_safe::markdown(&text)
    } else {
        editor_safe::plain(&text)
    }
}

fn hover_lines(symbol: &str, best: &Question, related: &[&Question], markdown: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    let library = library_name(symbol);
    let practise = format!("interview-ls show {}", best.id);
    if markdown {
        lines.push(format!("**`{symbol}`** · {library}"));
        lines.push(String::new());
        lines.push(best.short.clone());
        lines.push(String::new());
        lines.push(format!("**Q ({}):** {}", best.difficulty, best.title));
        lines.push(String::new());
        lines.extend(answer_excerpt(&best.answer).lines().map(String::from));
        if !related.is_empty() {
            lines.push(String::new());
            lines.push("**Related questions**".to_string());
            for q in related {
                lines.push(format!("- {} *({})*", q.title, q.difficulty));
            }
        }
        lines.push(String::new());
        lines.push(format!(
            "*Practise:* `{practise}` · **Interview: Random Question**"
        ));
    } else {
        lines.push(format!("{symbol} · {library}"));
        lines.push(String::new());
        lines.push(plain(&best.short));
        lines.push(String::new());
        lines.push(format!("Q ({}): {}", best.difficulty, best.title));
        lines.push(String::new());
        lines.extend(
            plain(&answer_excerpt(&best.answer))
                .lines()
                .map(String::from),
        );
        if !related.is_empty() {
            lines.push(String::new());
            lines.push("Related questions:".to_string());
            for q in related {
                lines.push(format!("- {} ({})", q.title, q.difficulty));
            }
        }
        lines.push(String::new());
        lines.push(format!("Practise: {practise}"));
    }
    if lines.len() > HOVER_MAX_LINES {
        // Keep the head (title, short answer, question) and the practise line.
        let tail = lines.split_off(lines.len() - 1);
        lines.truncate(HOVER_MAX_LINES - 2);
        lines.push("…".to_string());
        lines.extend(tail);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse::parse_file;

    const ENTRY: &str = "## What is dependency injection in FastAPI?\n\n- id: di\n- difficulty: medium\n- frameworks: fastapi\n- topics: dependency-injection\n- keywords: fastapi.Depends\n\n**In short:** FastAPI calls the functions you declare with `Depends(...)` before your handler.\n\nDependencies are **declared**, not called. FastAPI builds a graph per request.\n\nSub-dependencies are cached once per request.\n\n```python\nprint(1)\n```\n\nAfter the code.\n\n## What is a path operation?\n\n- id: po\n- difficulty: easy\n- frameworks: fastapi\n\n**In short:** A method plus a path.\n\nBody.\n";

    fn questions() -> Vec<Question> {
        parse_file("q.md", ENTRY).questions
    }

    #[test]
    fn hover_markdown_snapshot() {
        let qs = questions();
        insta::assert_snapshot!(hover_text("fastapi.Depends", &qs[0], &[&qs[1]], true));
    }

    #[test]
    fn hover_plain_text_snapshot() {
        let qs = questions();
        insta::assert_snapshot!(hover_text("fastapi.Depends", &qs[0], &[&qs[1]], false));
    }

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

    #[test]
    fn long_answers_are_cut_at_a_sentence() {
        let long = format!("{}.", "word ".repeat(400));
        let excerpt = answer_excerpt(&format!("First sentence. {long}"));
        assert!(excerpt.ends_with(" …"), "{excerpt}");
        assert!(excerpt.len() <= HOVER_ANSWER_CHARS + 4);
    }
}
