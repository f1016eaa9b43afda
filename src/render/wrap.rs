//! Wrapping text that may carry our own SGR styles (`ESC [ … m`) to a width.
//!
//! `textwrap` measures display width (wide characters, and styles count for
//! nothing) and breaks words longer than a line. What it cannot know is that
//! a style opened on one line must be closed at its end and reopened on the
//! next, so that a pager, an indent or a list marker between them is never
//! painted: [`close_styles_per_line`] does that.

use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};

/// The reset sequence `anstyle` writes (`Style::render_reset`).
const RESET: &str = "\u{1b}[0m";

/// Columns `text` takes on a terminal (styles take none).
pub fn width_of(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `text` wrapped to `width` columns, words longer than a line broken, hard
/// line breaks (`\n`) kept; every line closes the styles it opened.
pub fn wrap_styled(text: &str, width: usize) -> Vec<String> {
    // Lines break at spaces only: `Flask-Session`, `base64-decode` and ids
    // such as `flask-g-vs-session` stay whole unless longer than a line.
    // First fit, because the optimal-fit algorithm lets a line run past the
    // width when that balances the paragraph better.
    let options = Options::new(width.max(1))
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(true);
    let lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    close_styles_per_line(lines)
}

/// `text` wrapped to `width` columns, the first line after `first` and the
/// others after `rest` (a list marker and its hanging indent; plain text, so
/// never painted by a style that crosses a break). Lines wrap at the width
/// left by the wider of the two.
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let indent = width_of(first).max(width_of(rest));
    wrap_styled(text, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
        .collect()
}

/// `text` followed by spaces up to `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let missing = width.saturating_sub(width_of(text));
    format!("{text}{}", " ".repeat(missing))
}

/// Each line ends with a reset when a style is still open, and the next line
/// starts by reopening it. We always write a reset before a new style
/// (`style.rs`), so the open state is every SGR sequence since the last reset.
pub fn close_styles_per_line(lines: Vec<String>) -> Vec<String> {
    let mut open = String::new();
    lines
        .into_iter()
        .map(|line| {
            let mut out = String::with_capacity(line.len() + open.len() + RESET.len());
            out.push_str(&open);
            out.push_str(&line);
            for sequence in sgr_sequences(&line) {
                if sequence == RESET {
                    open.clear();
                } else {
                    open.push_str(sequence);
                }
            }
            if !open.is_empty() {
                out.push_str(RESET);
            }
            out
        })
        .collect()
}

/// The `ESC [ … m` sequences in `line`, in order.
fn sgr_sequences(line: &str) -> impl Iterator<Item = &str> {
    line.match_indices("\u{1b}[").filter_map(|(start, _)| {
        let rest = &line[start..];
        let end = rest.find('m')?;
        Some(&rest[..=end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD: &str = "\u{1b}[1m";

    #[test]
    fn a_style_across_a_break_is_closed_and_reopened() {
        let text = format!("plain {BOLD}bold words that wrap{RESET} end");
        let lines = wrap_styled(&text, 12);
        assert_eq!(lines[0], format!("plain {BOLD}bold{RESET}"));
        assert_eq!(lines[1], format!("{BOLD}words that{RESET}"));
        assert_eq!(lines[2], format!("{BOLD}wrap{RESET} end"));
    }

    #[test]
    fn width_ignores_styles_and_counts_wide_characters() {
        assert_eq!(width_of(&format!("{BOLD}ab{RESET}")), 2);
        assert_eq!(width_of("漢字"), 4);
        assert_eq!(pad("漢", 4), "漢  ");
    }

    #[test]
    fn long_words_are_broken_to_fit() {
        let lines = wrap_styled("a_very_long_identifier_name", 10);
        assert!(lines.iter().all(|l| width_of(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "a_very_long_identifier_name");
    }
}
