//! An answer's Markdown laid out for a terminal: prose wrapped to the width,
//! headings, emphasis and inline code styled, lists with hanging indents,
//! block quotes with a bar, tables in columns, code blocks indented and never
//! re-wrapped (Python highlighted when styled), and the bank's runner lines
//! (`# test: …`) and fence attributes left out.
//!
//! The input must already be terminal-safe (`terminal_safe.rs`): this module adds
//! styles, it does not vet text.

use super::highlight;
use super::style::{self, Styler, combine};
use super::table::Table;
use super::wrap::{width_of, wrap_styled};
use crate::bank::snippet_code::is_test_line;
use anstyle::Style;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Code sits this far in from the prose around it.
const CODE_INDENT: &str = "  ";
/// Prose never wraps narrower than this, however deep the nesting.
const MIN_TEXT_WIDTH: usize = 12;
const BULLETS: [&str; 3] = ["•", "◦", "▪"];

/// `markdown` as terminal lines (no line endings), at most `width` columns
/// except code lines, which are kept as written.
pub fn render(markdown: &str, width: usize, styler: Styler) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let mut renderer = Renderer::new(width, styler);
    for (i, event) in events.iter().enumerate() {
        renderer.event(event, &events[i + 1..]);
    }
    renderer.finish()
}

/// Inline text being gathered (a paragraph, heading, list item or cell).
/// Styles are written lazily, just before the text they apply to, so an
/// empty span costs no escape sequence.
#[derive(Default)]
struct Inline {
    text: String,
    stack: Vec<Style>,
    /// The style in effect at the end of `text`.
    applied: Style,
}

impl Inline {
    fn push_style(&mut self, style: Style) {
        self.stack.push(style);
    }

    fn pop_style(&mut self) {
        self.stack.pop();
    }

    fn push(&mut self, styler: Styler, text: &str) {
        if text.is_empty() {
            return;
        }
        let wanted = combine(&self.stack);
        self.text.push_str(&styler.switch(self.applied, wanted));
        self.applied = wanted;
        self.text.push_str(text);
    }

    /// The text with every style closed.
    fn finish(mut self, styler: Styler) -> String {
        self.text
            .push_str(&styler.switch(self.applied, Style::new()));
        self.text
    }
}

enum Container {
    Quote,
    /// A list item: its marker goes on its first line, spaces of the same
    /// width on the others (the hanging indent).
    Item {
        marker: String,
        pending: bool,
    },
}

struct List {
    next: Option<u64>,
    /// Tight lists have no blank line between items.
    tight: bool,
}

struct CodeBlock {
    language: String,
    text: String,
}

#[derive(Default)]
struct TableBuild {
    table: Table,
    row: Vec<String>,
    in_head: bool,
}

struct Renderer {
    width: usize,
    styler: Styler,
    lines: Vec<String>,
    containers: Vec<Container>,
    lists: Vec<List>,
    inline: Option<Inline>,
    code: Option<CodeBlock>,
    table: Option<TableBuild>,
    /// Link targets and where their text starts in the inline buffer.
    links: Vec<(String, usize)>,
    /// A blank line goes before the next block.
    gap: bool,
}

impl Renderer {
    fn new(width: usize, styler: Styler) -> Renderer {
        Renderer {
            width,
            styler,
            lines: Vec::new(),
            containers: Vec::new(),
            lists: Vec::new(),
            inline: None,
            code: None,
            table: None,
            links: Vec::new(),
            gap: false,
        }
    }

    fn event(&mut self, event: &Event<'_>, rest: &[Event<'_>]) {
        match event {
            Event::Start(tag) => self.start(tag, rest),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => match &mut self.code {
                Some(code) => code.text.push_str(text),
                None => self.push_text(&text.replace('\t', " ")),
            },
            Event::Code(code) => self.inline_code(code),
            Event::Html(html) | Event::InlineHtml(html) => {
                // Shown as the text it is; nothing is interpreted.
                self.push_text(html.trim_end_matches('\n'));
                if matches!(event, Event::Html(_)) && html.ends_with('\n') {
                    self.push_text("\n");
                }
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => {
                self.start_block();
                let rule = "─".repeat(self.text_width());
                let line = self.styler.paint(style::RULE, &rule);
                self.emit(&line);
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                self.push_text(if *done { "[x] " } else { "[ ] " });
            }
            Event::FootnoteReference(name) => {
                self.push_text(&format!("[^{name}]"));
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(text),
        }
    }

    fn start(&mut self, tag: &Tag<'_>, rest: &[Event<'_>]) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => {
                self.start_block();
                self.inline = Some(Inline::default());
            }
            Tag::Heading { .. } => {
                self.start_block();
                let mut inline = Inline::default();
                inline.push_style(style::HEADING);
                self.inline = Some(inline);
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.start_block();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBlock {
                    language,
                    text: String::new(),
                });
            }
            Tag::List(start) => {
                self.start_block();
                self.lists.push(List {
                    next: *start,
                    tight: is_tight(rest),
                });
            }
            Tag::Item => self.start_item(),
            Tag::Table(aligns) => {
                self.start_block();
                let mut build = TableBuild::default();
                build.table.aligns = aligns.clone();
                self.table = Some(build);
            }
            Tag::TableHead => self.table_build().in_head = true,
            Tag::TableRow => self.table_build().row.clear(),
            Tag::TableCell => {
                let mut inline = Inline::default();
                if self.table.as_ref().is_some_and(|t| t.in_head) {
                    inline.push_style(style::STRONG);
                }
                self.inline = Some(inline);
            }
            Tag::Emphasis => self.inline().push_style(style::EMPHASIS),
            Tag::Strong => self.inline().push_style(style::STRONG),
            Tag::Strikethrough => self.inline().push_style(style::STRIKE),
            Tag::Link { dest_url, .. } => {
                let start = self.inline().text.len();
                self.links.push((dest_url.to_string(), start));
                self.inline().push_style(style::LINK);
            }
            Tag::Image { .. } => self.push_text("[image: "),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let styler = self.styler;
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                self.flush_inline();
                self.gap = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.containers.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::List(_) => {
                self.lists.pop();
                self.gap = true;
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Container::Item { pending: true, .. }) = self.containers.last() {
                    self.emit("");
                }
                self.containers.pop();
                self.gap = !self.lists.last().is_some_and(|l| l.tight);
            }
            TagEnd::Table => {
                if let Some(build) = self.table.take() {
                    let lines = build.table.layout(self.text_width(), styler);
                    for line in lines {
                        self.emit(&line);
                    }
                }
                self.gap = true;
            }
            TagEnd::TableHead => {
                let build = self.table_build();
                build.table.header = std::mem::take(&mut build.row);
                build.in_head = false;
            }
            TagEnd::TableRow => {
                let build = self.table_build();
                let row = std::mem::take(&mut build.row);
                build.table.rows.push(row);
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().unwrap_or_default().finish(styler);
                self.table_build().row.push(cell.trim().to_string());
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.inline().pop_style();
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.push_text("]"),
            _ => {}
        }
    }

    fn start_item(&mut self) {
        if self.gap && !self.lines.is_empty() {
            self.blank();
        }
        self.gap = false;
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(List { next: Some(n), .. }) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ => format!("{} ", BULLETS[depth % BULLETS.len()]),
        };
        self.containers.push(Container::Item {
            marker,
            pending: true,
        });
    }

    fn inline_code(&mut self, code: &str) {
        let code = code.replace('\t', " ");
        if self.styler.enabled {
            self.inline().push_style(style::CODE);
            self.push_text(&code);
            self.inline().pop_style();
        } else {
            self.push_text(&format!("`{code}`"));
        }
    }

    /// A link's target follows its text, unless the text already is the
    /// target or the target is a place on the same page.
    fn end_link(&mut self) {
        let Some((url, start)) = self.links.pop() else {
            return;
        };
        self.inline().pop_style();
        let shown = anstream::adapter::strip_str(&self.inline().text[start..]).to_string();
        if url.is_empty() || url.starts_with('#') || shown.trim() == url {
            return;
        }
        self.push_text(" (");
        self.inline().push_style(style::META);
        self.push_text(&url);
        self.inline().pop_style();
        self.push_text(")");
    }

    fn end_heading(&mut self) {
        let Some(inline) = self.inline.take() else {
            return;
        };
        let text = inline.finish(self.styler);
        let lines = wrap_styled(&text, self.text_width());
        let underline = lines.iter().map(|l| width_of(l)).max().unwrap_or(0);
        for line in &lines {
            self.emit(line);
        }
        if !self.styler.enabled {
            self.emit(&"─".repeat(underline));
        }
        self.gap = true;
    }

    /// A code block as written: runner lines and trailing blank lines left
    /// out, never wrapped, Python coloured when styled.
    fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let mut kept: Vec<&str> = code.text.lines().filter(|l| !is_test_line(l)).collect();
        while kept.last().is_some_and(|l| l.trim().is_empty()) {
            kept.pop();
        }
        let source = kept.join("\n");
        let lines = match is_python(&code.language) && self.styler.enabled {
            true => highlight::python_lines(&source, self.styler),
            false => None,
        }
        .unwrap_or_else(|| kept.iter().map(|l| l.to_string()).collect());
        for line in lines {
            self.emit(&format!("{CODE_INDENT}{line}"));
        }
        self.gap = true;
    }

    fn inline(&mut self) -> &mut Inline {
        self.inline.get_or_insert_with(Inline::default)
    }

    fn push_text(&mut self, text: &str) {
        let styler = self.styler;
        self.inline().push(styler, text);
    }

    fn table_build(&mut self) -> &mut TableBuild {
        self.table.get_or_insert_with(TableBuild::default)
    }

    /// Before a block: the text of a tight list item so far goes out, then
    /// a blank line if the previous block asked for one (never between a
    /// list marker and its item's first block).
    fn start_block(&mut self) {
        self.flush_inline();
        let at_item_start = matches!(
            self.containers.last(),
            Some(Container::Item { pending: true, .. })
        );
        if self.gap && !at_item_start && !self.lines.is_empty() {
            self.blank();
        }
        self.gap = false;
    }

    /// Wraps and writes the inline text gathered so far, if any.
    fn flush_inline(&mut self) {
        let Some(inline) = self.inline.take() else {
            return;
        };
        let text = inline.finish(self.styler);
        if anstream::adapter::strip_str(&text)
            .to_string()
            .trim()
            .is_empty()
        {
            return;
        }
        for line in wrap_styled(text.trim(), self.text_width()) {
            self.emit(&line);
        }
    }

    /// Columns left for text inside the current quotes and list items.
    fn text_width(&self) -> usize {
        let indent: usize = self
            .containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { marker, .. } => width_of(marker),
            })
            .sum();
        self.width.saturating_sub(indent).max(MIN_TEXT_WIDTH)
    }

    /// Writes one line behind the quote bars and list indents around it.
    fn emit(&mut self, content: &str) {
        let mut prefix = String::new();
        for container in &mut self.containers {
            match container {
                Container::Quote => {
                    prefix.push_str(&self.styler.paint(style::RULE, "│"));
                    prefix.push(' ');
                }
                Container::Item { marker, pending } if *pending => {
                    prefix.push_str(marker);
                    *pending = false;
                }
                Container::Item { marker, .. } => {
                    prefix.push_str(&" ".repeat(width_of(marker)));
                }
            }
        }
        let line = format!("{prefix}{content}");
        self.lines.push(line.trim_end().to_string());
    }

    fn blank(&mut self) {
        let mut line = String::new();
        for container in &self.containers {
            if let Container::Quote = container {
                line.push_str(&self.styler.paint(style::RULE, "│"));
                line.push(' ');
            }
        }
        self.lines.push(line.trim_end().to_string());
    }

    fn finish(mut self) -> Vec<String> {
        self.flush_inline();
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        self.lines
    }
}

/// A list is tight when its items hold no paragraphs: pulldown-cmark gives
/// their text without `Paragraph` tags. `rest` starts after `List` opens.
fn is_tight(rest: &[Event<'_>]) -> bool {
    let mut depth = 0usize;
    for event in rest {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) if depth == 0 => return true,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Paragraph) if depth == 0 => return false,
            _ => {}
        }
    }
    true
}

/// The fence languages the bank runs as Python (as `bank/fence.rs` reads them).
fn is_python(language: &str) -> bool {
    matches!(language, "python" | "py" | "python3")
}
