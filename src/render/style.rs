//! The terminal's styles, in one place, and the switch that turns them off.
//!
//! Unstyled output (a pipe, `NO_COLOR`, the snapshots) carries no escape
//! sequence at all, so it keeps the few marks a reader needs without colour:
//! backticks around inline code, a rule under headings.

use anstyle::{AnsiColor, Effects, Style};

pub const TITLE: Style = AnsiColor::Cyan.on_default().bold();
pub const META: Style = Style::new().dimmed();
pub const HEADING: Style = AnsiColor::Yellow.on_default().bold();
pub const STRONG: Style = Style::new().bold();
pub const EMPHASIS: Style = Style::new().italic();
pub const STRIKE: Style = Style::new().strikethrough();
pub const CODE: Style = AnsiColor::Cyan.on_default();
pub const LINK: Style = AnsiColor::Blue.on_default().underline();
pub const RULE: Style = Style::new().dimmed();

/// Whether styles are written, and how.
#[derive(Debug, Clone, Copy)]
pub struct Styler {
    pub enabled: bool,
}

impl Styler {
    /// `text` in `style`, closed after it; `text` alone when unstyled.
    pub fn paint(self, style: Style, text: &str) -> String {
        if !self.enabled || style == Style::new() || text.is_empty() {
            return text.to_string();
        }
        format!("{}{text}{}", style.render(), style.render_reset())
    }

    /// The sequence that changes the current style from `from` to `to`:
    /// always a full reset first, so the open style at any point is every
    /// sequence since the last reset (what `wrap.rs` relies on).
    pub fn switch(self, from: Style, to: Style) -> String {
        if !self.enabled || from == to {
            return String::new();
        }
        let mut out = String::new();
        if from != Style::new() {
            out.push_str(&from.render_reset().to_string());
        }
        if to != Style::new() {
            out.push_str(&to.render().to_string());
        }
        out
    }
}

/// Nested inline styles (bold inside a link inside emphasis) as one style:
/// effects add up, the innermost colour wins.
pub fn combine(stack: &[Style]) -> Style {
    stack.iter().fold(Style::new(), |acc, s| {
        let mut combined = acc.effects(acc.get_effects() | s.get_effects());
        if let Some(fg) = s.get_fg_color() {
            combined = combined.fg_color(Some(fg));
        }
        combined
    })
}

/// The style for a tree-sitter highlight name (`keyword`, `string`,
/// `function.builtin`, …) in Python code.
pub fn for_highlight(name: &str) -> Style {
    let root = name.split('.').next().unwrap_or(name);
    match root {
        "keyword" => AnsiColor::Magenta.on_default(),
        "string" => AnsiColor::Green.on_default(),
        "escape" => AnsiColor::Cyan.on_default(),
        "comment" => Style::new().effects(Effects::DIMMED | Effects::ITALIC),
        "function" => AnsiColor::Blue.on_default(),
        "constructor" | "type" => AnsiColor::Yellow.on_default(),
        "number" | "constant" => AnsiColor::Red.on_default(),
        _ => Style::new(),
    }
}

/// The highlight names we give a style, in the order tree-sitter reports them.
pub const HIGHLIGHT_NAMES: [&str; 12] = [
    "keyword",
    "string",
    "escape",
    "comment",
    "function",
    "function.builtin",
    "function.method",
    "constructor",
    "type",
    "number",
    "constant",
    "constant.builtin",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unstyled_output_has_no_escapes() {
        let plain = Styler { enabled: false };
        assert_eq!(plain.paint(TITLE, "Title"), "Title");
        assert_eq!(plain.switch(Style::new(), STRONG), "");
    }

    #[test]
    fn nested_styles_combine() {
        let both = combine(&[STRONG, EMPHASIS, CODE]);
        assert!(both.get_effects().contains(Effects::BOLD | Effects::ITALIC));
        assert_eq!(both.get_fg_color(), CODE.get_fg_color());
    }

    #[test]
    fn every_highlight_name_has_a_style() {
        for name in HIGHLIGHT_NAMES {
            assert_ne!(for_highlight(name), Style::new(), "{name}");
        }
    }
}
