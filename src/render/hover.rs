//! The hover for a framework name: compact, because it sits under the type
//! checker's hover (pyright's signature and docstring) in most editors.
//! The question, its short answer, one paragraph of the full answer, the
//! related questions, and links that open the full answers.
//!
//! Bank text goes through [`super::editor_safe`] before it is placed; the
//! links are added afterwards, since they are ours (`file:` URIs of the
//! question files), which the sanitizer would rightly drop from bank text.

use super::editor_safe;
use crate::bank::Question;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// How much of the full answer a hover quotes: one paragraph, cut at a
/// sentence past this many characters.
const EXCERPT_CHARS: usize = 220;

/// Where a question's full answer opens (a `file:` URI with the heading's
/// line), when the server can make links.
pub type LinkTo<'a> = &'a dyn Fn(&Question) -> Option<String>;

/// The links a hover may carry.
#[derive(Clone, Copy)]
pub struct HoverLinks<'a> {
    pub answer: LinkTo<'a>,
    /// A command the client runs to open a question for practice, given
    /// `[id]` (VS Code's `interviewLs.openQuestion`), when it declares one.
    pub practise_command: Option<&'a str>,
    /// What the user types to open a question by its id, when the client
    /// has no command to link (`:InterviewShow`, `interview-ls show`).
    pub show_command: &'a str,
}

/// The hover text for `symbol`: Markdown, or plain text for clients without
/// Markdown hovers.
pub fn hover_text(
    symbol: &str,
    best: &Question,
    related: &[&Question],
    markdown: bool,
    links: HoverLinks<'_>,
) -> String {
    if markdown {
        markdown_hover(symbol, best, related, links)
    } else {
        plain_hover(symbol, best, related, links.show_command)
    }
}

fn markdown_hover(
    symbol: &str,
    best: &Question,
    related: &[&Question],
    links: HoverLinks<'_>,
) -> String {
    let link = links.answer;
    let title = |q: &Question| match link(q) {
        Some(uri) => format!("[{}]({uri})", escape(&q.title)),
        None => escape(&q.title),
    };
    let mut blocks = vec![
        format!("**Q ({}):** {}", best.difficulty, title(best)),
        editor_safe::markdown(&best.short),
    ];
    let excerpt = answer_excerpt(&best.answer, focus(symbol));
    if !excerpt.is_empty() {
        blocks.push(editor_safe::markdown(&excerpt));
    }
    if !related.is_empty() {
        let items: Vec<String> = related.iter().map(|q| format!("- {}", title(q))).collect();
        blocks.push(format!("**Related**\n{}", items.join("\n")));
    }
    let mut footer = format!("`{symbol}` · {}", library_name(symbol));
    match links.practise_command {
        // The arguments are a URL-encoded JSON array; ids are
        // `[a-z0-9-]`, so the id needs no encoding of its own.
        Some(command) => {
            footer = format!(
                "[Practise](command:{command}?%5B%22{}%22%5D) · {footer}",
                best.id
            )
        }
        None => footer = format!("{footer} · `{} {}`", links.show_command, best.id),
    }
    if let Some(uri) = link(best) {
        footer = format!("[Full answer]({uri}) · {footer}");
    }
    blocks.push(format!("*{footer}*"));
    blocks.join("\n\n")
}

fn plain_hover(symbol: &str, best: &Question, related: &[&Question], show: &str) -> String {
    let mut blocks = vec![
        format!("Q ({}): {}", best.difficulty, best.title),
        plain(&best.short),
    ];
    let excerpt = answer_excerpt(&best.answer, focus(symbol));
    if !excerpt.is_empty() {
        blocks.push(plain(&excerpt));
    }
    if !related.is_empty() {
        let items: Vec<String> = related.iter().map(|q| format!("- {}", q.title)).collect();
        blocks.push(format!("Related:\n{}", items.join("\n")));
    }
    blocks.push(format!(
        "{symbol} · {} · {show} {}",
        library_name(symbol),
        best.id
    ));
    editor_safe::plain(&blocks.join("\n\n"))
}

/// The library a symbol belongs to, for the footer.
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

/// The word of `symbol` an excerpt should be about: the keyword argument
/// (`debug` of `flask.Flask.run(debug)`), else the last name
/// (`before_request`); `None` for a module, or a name too short to find
/// reliably (`g`).
fn focus(symbol: &str) -> Option<&str> {
    let word = match symbol.strip_suffix(')').and_then(|s| s.split_once('(')) {
        Some((_, argument)) => argument,
        // A module (`fastapi`): its question is about all of it.
        None => symbol.rsplit_once('.')?.1,
    };
    (word.len() >= 3).then_some(word)
}

/// One prose paragraph of a full answer, wherever it starts (after
/// headings, code, tables and lists): the first that mentions `focus`, else
/// the first. An introduction ending in `:` leads into what follows and
/// says little alone, so it is skipped. Long paragraphs are cut at a
/// sentence.
pub(super) fn answer_excerpt(answer: &str, focus: Option<&str>) -> String {
    let paragraphs = prose_paragraphs(answer);
    let about = |p: &&String| focus.is_some_and(|f| mentions(p, f));
    if let Some((paragraph, focus)) = paragraphs.iter().find(about).zip(focus) {
        // From the sentence that names it: the hover has room for little.
        let start = sentence_starts(paragraph)
            .into_iter()
            .find(|&start| mentions(&paragraph[..end_of_sentence(paragraph, start)], focus))
            .unwrap_or(0);
        return shorten(&paragraph[start..]);
    }
    paragraphs.first().map_or_else(String::new, |p| shorten(p))
}

/// Where each sentence of `text` starts (after `. `, `? `, `! ` outside
/// code spans).
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' | '?' | '!' if !in_code && text[i + 1..].starts_with(' ') => starts.push(i + 2),
            _ => {}
        }
    }
    starts.retain(|&s| s < text.len());
    starts
}

/// The end of the sentence starting at `start`.
fn end_of_sentence(text: &str, start: usize) -> usize {
    sentence_starts(text)
        .into_iter()
        .find(|&s| s > start)
        .unwrap_or(text.len())
}

/// The top-level prose paragraphs, each on one line (the editor wraps it to
/// the hover's width).
fn prose_paragraphs(answer: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut depth = 0usize;
    let mut paragraph_start = None;
    let parser = Parser::new_ext(answer, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => paragraph_start = Some(range.start),
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                let Some(start) = paragraph_start.take() else {
                    continue;
                };
                let text = answer[start..range.end].trim();
                if !text.ends_with(':') {
                    let joined: Vec<&str> = text.lines().map(str::trim).collect();
                    paragraphs.push(joined.join(" "));
                }
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    paragraphs
}

/// Whether `word` occurs in `text` as a whole word (`debug` in `--debug`,
/// not in `debugger`).
fn mentions(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// `text` cut after the last sentence that ends within [`EXCERPT_CHARS`]
/// (outside code spans), with `…`; whole when it is short enough.
fn shorten(text: &str) -> String {
    if text.len() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let mut in_code = false;
    let mut cut = None;
    for (i, c) in text.char_indices() {
        if i > EXCERPT_CHARS {
            break;
        }
        match c {
            '`' => in_code = !in_code,
            '.' | '?' | '!' if !in_code => {
                let next = text[i + 1..].chars().next();
                if next.is_none_or(char::is_whitespace) {
                    cut = Some(i + 1);
                }
            }
            _ => {}
        }
    }
    match cut {
        Some(end) => format!("{} …", &text[..end]),
        // No sentence ends early enough: cut at a word, outside code.
        None => {
            let mut end = EXCERPT_CHARS;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let head = &text[..end];
            let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
            let head = if head.matches('`').count() % 2 == 1 {
                head.rsplit_once('`').map_or(head, |(h, _)| h).trim_end()
            } else {
                head
            };
            format!("{head} …")
        }
    }
}

/// Markdown inline markers removed, for clients that only show plain text.
fn plain(markdown: &str) -> String {
    markdown.replace("**", "").replace('`', "")
}

/// A bank title as Markdown text: its characters shown as written
/// (`__name__` is not bold), with nothing that could end a link's text.
fn escape(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in editor_safe::plain(title).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse::parse_file;

    const ENTRY: &str = "## What is dependency injection in FastAPI?\n\n- id: di\n- difficulty: medium\n- frameworks: fastapi\n- topics: dependency-injection\n- keywords: fastapi.Depends\n\n**In short:** FastAPI calls the functions you declare with `Depends(...)` before your handler.\n\nDependencies are **declared**, not called. FastAPI builds a graph per request.\n\nSub-dependencies are cached once per request.\n\n```python\nprint(1)\n```\n\nAfter the code.\n\n## What is the purpose of \\_\\_name\\_\\_ in Flask(\\_\\_name\\_\\_)?\n\n- id: po\n- difficulty: easy\n- frameworks: flask\n\n**In short:** The import name.\n\nBody.\n";

    fn questions() -> Vec<Question> {
        parse_file("q.md", ENTRY).questions
    }

    fn link(q: &Question) -> Option<String> {
        Some(format!("file:///cache/bank/q.md#L{}", q.source.line))
    }

    const LINKS: HoverLinks<'static> = HoverLinks {
        answer: &link,
        practise_command: None,
        show_command: "interview-ls show",
    };

    #[test]
    fn hover_markdown_snapshot() {
        let qs = questions();
        insta::assert_snapshot!(hover_text(
            "fastapi.Depends",
            &qs[0],
            &[&qs[1]],
            true,
            LINKS
        ));
    }

    #[test]
    fn hover_plain_text_snapshot() {
        let qs = questions();
        insta::assert_snapshot!(hover_text(
            "fastapi.Depends",
            &qs[0],
            &[&qs[1]],
            false,
            LINKS
        ));
    }

    #[test]
    fn without_links_the_titles_stay_text() {
        let qs = questions();
        let none = HoverLinks {
            answer: &|_| None,
            practise_command: None,
            show_command: ":InterviewShow",
        };
        let text = hover_text("fastapi.Depends", &qs[0], &[&qs[1]], true, none);
        assert!(!text.contains("]("), "{text}");
        // Without a command to link, the footer says what to type in this editor.
        assert!(
            text.ends_with("*`fastapi.Depends` · FastAPI · `:InterviewShow di`*"),
            "{text}"
        );
        let vscode = HoverLinks {
            practise_command: Some("interviewLs.openQuestion"),
            ..none
        };
        let text = hover_text("fastapi.Depends", &qs[0], &[&qs[1]], true, vscode);
        assert!(
            text.ends_with(
                "*[Practise](command:interviewLs.openQuestion?%5B%22di%22%5D) · `fastapi.Depends` · FastAPI*"
            ),
            "{text}"
        );
        assert!(
            text.contains("- What is the purpose of \\_\\_name\\_\\_"),
            "{text}"
        );
    }

    #[test]
    fn the_excerpt_skips_headings_code_and_introductions() {
        let answer = "### How it works\n\n```python\nx = 1\n```\n\nThe steps:\n\n1. One.\n2. Two.\n\nHooks run in order. They may return early.\n\nMore.";
        assert_eq!(
            answer_excerpt(answer, None),
            "Hooks run in order. They may return early."
        );
        assert_eq!(answer_excerpt("### Only a heading\n\n- a list\n", None), "");
    }

    #[test]
    fn the_excerpt_is_about_the_argument_or_name_under_the_cursor() {
        let answer = "Create the app.\n\nThe debugger is on with\n`--debug`; never in production.\n\nUse `before_request` hooks.";
        let excerpt = |symbol| answer_excerpt(answer, focus(symbol));
        assert_eq!(
            excerpt("flask.Flask.run(debug)"),
            "The debugger is on with `--debug`; never in production."
        );
        assert_eq!(
            excerpt("flask.Blueprint.before_request"),
            "Use `before_request` hooks."
        );
        assert_eq!(excerpt("flask.g"), "Create the app.");
        let long = "Run `app.run()` in a script. Or use `flask run`. The `debug` flag starts the debugger. Keep `debug` off in production.";
        assert_eq!(
            answer_excerpt(long, focus("flask.Flask.run(debug)")),
            "The `debug` flag starts the debugger. Keep `debug` off in production."
        );
        assert_eq!(excerpt("flask.Flask.run(port)"), "Create the app.");
    }

    /// Answers that open with a heading, a list or code still get one.
    #[test]
    fn every_built_in_answer_has_an_excerpt() {
        let bank = crate::bank::Bank::load(&[]);
        let without: Vec<&str> = bank
            .questions()
            .iter()
            .filter(|q| answer_excerpt(&q.answer, None).is_empty())
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(without, Vec::<&str>::new());
    }

    #[test]
    fn long_paragraphs_are_cut_at_a_sentence_outside_code() {
        let long = format!(
            "First sentence. Then `a.b. c` code. {}.",
            "word ".repeat(100)
        );
        let excerpt = answer_excerpt(&long, None);
        assert_eq!(excerpt, "First sentence. Then `a.b. c` code. …");
        let no_stop = "word ".repeat(100);
        let excerpt = answer_excerpt(&no_stop, None);
        assert!(
            excerpt.ends_with(" …") && excerpt.len() <= EXCERPT_CHARS + 4,
            "{excerpt}"
        );
    }
}
