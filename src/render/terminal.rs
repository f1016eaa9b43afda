//! Questions as a terminal shows them: the title and its label, the short
//! answer, and the full answer's Markdown laid out to the terminal's width
//! (`markdown.rs`). What `show`, `random` and the quiz print.
//!
//! All bank text goes through [`terminal_safe`] before any style is added.

use super::markdown;
use super::style::{self, Styler};
use super::terminal_safe::terminal_safe;
use super::wrap::wrap_styled;
use crate::bank::Question;
use std::io::IsTerminal;

/// The width used when output is not a terminal (a pipe, a file, a test).
pub const DEFAULT_WIDTH: usize = 80;
/// Narrower than this nothing reads well; lines are laid out for this width.
const MIN_WIDTH: usize = 20;

/// The question with its short and full answer, laid out for a terminal
/// `width` columns wide; with ANSI styles (and Python highlighted) when
/// `styled`, plain text otherwise.
pub fn answer_for_terminal(q: &Question, width: usize, styled: bool) -> String {
    let width = width.max(MIN_WIDTH);
    let styler = Styler { enabled: styled };
    let mut lines = header(q, width, styler);
    lines.push(String::new());
    lines.extend(short_answer(q, width, styler));
    if !q.points.is_empty() {
        lines.push(String::new());
        lines.extend(key_points(q, width, styler));
    }
    let answer = markdown::render(&terminal_safe(&q.answer), width, styler);
    if !answer.is_empty() {
        lines.push(String::new());
        lines.extend(answer);
    }
    join(lines)
}

/// The question, its short answer and how to see the rest: what `random`
/// prints, so practising does not spoil the full answer.
pub fn short_for_terminal(q: &Question, width: usize, styled: bool) -> String {
    let width = width.max(MIN_WIDTH);
    let styler = Styler { enabled: styled };
    let mut lines = header(q, width, styler);
    lines.push(String::new());
    lines.extend(short_answer(q, width, styler));
    lines.push(String::new());
    let hint = format!(
        "Full answer: interview-ls show {} · practise with grades: interview-ls quiz",
        terminal_safe(&q.id)
    );
    lines.extend(
        wrap_styled(&hint, width)
            .iter()
            .map(|line| styler.paint(style::META, line)),
    );
    join(lines)
}

/// The question alone, as asked: its title, then its difficulty,
/// frameworks and id.
pub fn question_for_terminal(q: &Question, width: usize, styled: bool) -> String {
    let styler = Styler { enabled: styled };
    join(header(q, width.max(MIN_WIDTH), styler))
}

/// How wide stdout is: the terminal's width on a TTY, [`DEFAULT_WIDTH`]
/// otherwise.
pub fn stdout_width() -> usize {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return DEFAULT_WIDTH;
    }
    terminal_size::terminal_size_of(&stdout)
        .map_or(DEFAULT_WIDTH, |(terminal_size::Width(w), _)| usize::from(w))
}

/// Whether stdout takes styles: a terminal, unless `NO_COLOR` or
/// `CLICOLOR=0` say otherwise (and `CLICOLOR_FORCE` forces them), as
/// `anstream` decides for everything else the CLI prints.
pub fn stdout_styled() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Title (wrapped), then `[medium · FastAPI] id`.
fn header(q: &Question, width: usize, styler: Styler) -> Vec<String> {
    let mut lines: Vec<String> = wrap_styled(&terminal_safe(&q.title), width)
        .iter()
        .map(|line| styler.paint(style::TITLE, line))
        .collect();
    let meta = format!("[{}] {}", q.label(), terminal_safe(&q.id));
    lines.extend(
        wrap_styled(&meta, width)
            .iter()
            .map(|line| styler.paint(style::META, line)),
    );
    lines
}

/// `In short: …`, wrapped; the short answer is inline Markdown.
fn short_answer(q: &Question, width: usize, styler: Styler) -> Vec<String> {
    let source = format!("**In short:** {}", terminal_safe(&q.short));
    markdown::render(&source, width, styler)
}

/// `Key points:` and the numbered points, as a checklist reads them.
fn key_points(q: &Question, width: usize, styler: Styler) -> Vec<String> {
    let mut source = String::from("**Key points:**\n\n");
    for (n, point) in q.points.iter().enumerate() {
        source.push_str(&format!("{}. {}\n", n + 1, terminal_safe(point)));
    }
    markdown::render(&source, width, styler)
}

/// The numbered key points alone, laid out for a terminal `width` columns
/// wide: the quiz's checklist.
pub fn key_points_for_terminal(q: &Question, width: usize, styled: bool) -> String {
    let lines = key_points(q, width.max(MIN_WIDTH), Styler { enabled: styled });
    // The heading is the checklist's own question.
    join(lines.into_iter().skip(2).collect())
}

fn join(lines: Vec<String>) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
