//! Python code coloured for the terminal, with `tree-sitter-highlight` over
//! the tree-sitter-python grammar and highlight query the server already
//! links (no second parser, no syntax definitions to ship).

use super::style::{self, Styler};
use anstyle::Style;
use std::sync::OnceLock;
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// Built once: compiling the highlight query takes milliseconds.
fn python() -> Option<&'static HighlightConfiguration> {
    static CONFIG: OnceLock<Option<HighlightConfiguration>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut config = HighlightConfiguration::new(
                tree_sitter_python::LANGUAGE.into(),
                "python",
                tree_sitter_python::HIGHLIGHTS_QUERY,
                "",
                "",
            )
            .ok()?;
            config.configure(&style::HIGHLIGHT_NAMES);
            Some(config)
        })
        .as_ref()
}

/// `code`'s lines, coloured; each line opens and closes its own styles, so
/// a multi-line string or an indent never bleeds colour. `None` when the
/// highlighter fails, and the caller prints the code plain.
pub fn python_lines(code: &str, styler: Styler) -> Option<Vec<String>> {
    let config = python()?;
    let mut highlighter = Highlighter::new();
    let events = highlighter
        .highlight(config, code.as_bytes(), None, |_| None)
        .ok()?;
    let mut lines = vec![String::new()];
    let mut stack: Vec<Style> = Vec::new();
    for event in events {
        match event.ok()? {
            HighlightEvent::HighlightStart(highlight) => {
                let name = style::HIGHLIGHT_NAMES.get(highlight.0).copied();
                stack.push(name.map_or(Style::new(), style::for_highlight));
            }
            HighlightEvent::HighlightEnd => {
                stack.pop();
            }
            HighlightEvent::Source { start, end } => {
                let current = stack.last().copied().unwrap_or_default();
                let text = code.get(start..end)?;
                for (i, piece) in text.split('\n').enumerate() {
                    if i > 0 {
                        lines.push(String::new());
                    }
                    if let Some(line) = lines.last_mut() {
                        line.push_str(&styler.paint(current, piece));
                    }
                }
            }
        }
    }
    if code.ends_with('\n') {
        lines.pop();
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_strings_and_comments_are_coloured_line_by_line() {
        let code = "def f():\n    return \"\"\"a\nb\"\"\"  # done\n";
        let lines = python_lines(code, Styler { enabled: true }).unwrap();
        assert_eq!(lines.len(), 3, "{lines:?}");
        let keyword = style::for_highlight("keyword").render().to_string();
        assert!(lines[0].starts_with(&keyword), "{:?}", lines[0]);
        // The string spans two lines: the first closes its colour, the
        // second opens it again.
        let string = style::for_highlight("string").render().to_string();
        assert!(lines[1].ends_with("a\u{1b}[0m"), "{:?}", lines[1]);
        assert!(lines[2].starts_with(&string), "{:?}", lines[2]);
        let plain: Vec<String> = lines
            .iter()
            .map(|l| anstream::adapter::strip_str(l).to_string())
            .collect();
        assert_eq!(plain.join("\n") + "\n", code);
    }

    #[test]
    fn unstyled_highlighting_is_the_code_itself() {
        let code = "x = 1\nprint(x)";
        let lines = python_lines(code, Styler { enabled: false }).unwrap();
        assert_eq!(lines, ["x = 1", "print(x)"]);
    }
}
