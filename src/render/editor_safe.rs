//! Bank Markdown made safe for an editor to render (the terminal has its
//! own rules). A bank can come from any
//! folder (a cloned repository's), and hovers and answer pages show its text
//! as Markdown, so:
//!
//! - raw HTML is dropped (`<img onerror=…>`, `<script>`, `<iframe>`);
//! - links keep their text but lose their target unless it is `http(s)` or
//!   `mailto` (a `command:` link runs an editor command when clicked);
//! - images become their alt text (a remote image is fetched as soon as the
//!   hover shows: a tracking pixel);
//! - invisible control characters are removed (bidirectional controls make
//!   code read differently from how it runs; terminal escapes and NUL have
//!   no place in a tooltip).
//!
//! Code spans and blocks keep their text, so answers still show `<div>` or a
//! URL as code.

use crate::bank::snippet_code::is_hidden_control;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown features the bank parser reads; the rest is plain CommonMark.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Removing a tag can join the text around it into a new one (`<<b>img …>`),
/// so the text is checked again until nothing changes; real answers need one
/// round, and past this many the text is hostile.
const MAX_ROUNDS: usize = 8;

/// `text` with the constructs above removed.
pub fn markdown(text: &str) -> String {
    let mut current = plain(text);
    for _ in 0..MAX_ROUNDS {
        let removals = unsafe_ranges(&current);
        if removals.is_empty() {
            return current;
        }
        current = remove(&current, removals);
    }
    // Still producing tags after every round: show every `<` as text.
    current.replace('<', "&lt;")
}

/// `text` without invisible control characters, for plain-text views.
pub fn plain(text: &str) -> String {
    text.chars().filter(|&c| !is_hidden_control(c)).collect()
}

/// A link or image being read: its whole source, and the source of what it
/// shows (its text, or an image's alt text).
struct Open {
    outer: Range<usize>,
    inner: Option<Range<usize>>,
    keep: bool,
}

/// The byte ranges of `text` to remove.
fn unsafe_ranges(text: &str) -> Vec<Range<usize>> {
    let events = Parser::new_ext(text, OPTIONS).into_offset_iter();
    // A definition (`[x]: command:…`) shows nothing itself, but the links
    // that use it are removed, so it goes too.
    let mut removals: Vec<Range<usize>> = events
        .reference_definitions()
        .iter()
        .filter(|(_, def)| !is_safe_target(&def.dest))
        .map(|(_, def)| def.span.clone())
        .collect();
    let mut open: Vec<Open> = Vec::new();
    for (event, range) in events {
        // Everything inside a link or image is what it shows.
        let closing = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if let Some(parent) = open.last_mut().filter(|_| !closing) {
            let inner = parent.inner.get_or_insert(range.clone());
            *inner = inner.start.min(range.start)..inner.end.max(range.end);
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => removals.push(range),
            Event::Start(Tag::Link { dest_url, .. }) => open.push(Open {
                outer: range,
                inner: None,
                keep: is_safe_target(&dest_url),
            }),
            Event::Start(Tag::Image { .. }) => open.push(Open {
                outer: range,
                inner: None,
                keep: false,
            }),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some(done) = open.pop() else { continue };
                if done.keep {
                    continue;
                }
                // Keep what it shows; drop the brackets, target and title.
                match done.inner {
                    Some(inner) => {
                        removals.push(done.outer.start..inner.start);
                        removals.push(inner.end..done.outer.end);
                    }
                    None => removals.push(done.outer),
                }
            }
            _ => {}
        }
    }
    removals.retain(|r| !r.is_empty());
    removals
}

fn is_safe_target(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// `text` without the (possibly overlapping) `removals`.
fn remove(text: &str, mut removals: Vec<Range<usize>>) -> String {
    removals.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in removals {
        if range.start > at {
            out.push_str(&text[at..range.start]);
        }
        at = at.max(range.end);
    }
    out.push_str(&text[at.min(text.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_dropped_and_the_text_between_tags_stays() {
        assert_eq!(
            markdown("Use <b>Depends</b><img src=x onerror=alert(1)> here."),
            "Use Depends here."
        );
        assert_eq!(
            markdown("Before.\n\n<script>\nfetch('https://x')\n</script>\n\nAfter.\n"),
            "Before.\n\n\nAfter.\n"
        );
        assert_eq!(markdown("<<b>img src=x onerror=y>"), "");
    }

    #[test]
    fn links_keep_their_text_and_only_web_targets() {
        assert_eq!(
            markdown("[Run **this**](command:workbench.action.terminal.sendSequence?%7B%7D) now"),
            "Run **this** now"
        );
        assert_eq!(
            markdown("[docs](https://fastapi.tiangolo.com) and [me](mailto:a@b.c)"),
            "[docs](https://fastapi.tiangolo.com) and [me](mailto:a@b.c)"
        );
        assert_eq!(
            markdown("[click][x]\n\n[x]: command:evil\n[y]: https://ok\n"),
            "click\n\n\n[y]: https://ok\n"
        );
        assert_eq!(markdown("<command:evil>"), "command:evil");
        assert_eq!(markdown("[a](jav&#x61;script:alert(1))"), "a");
    }

    #[test]
    fn images_become_their_alt_text() {
        assert_eq!(
            markdown("See ![the diagram](https://attacker.example/track.png)."),
            "See the diagram."
        );
        assert_eq!(markdown("[![badge](https://x/y.svg)](command:z)"), "badge");
        assert_eq!(markdown("![](https://x/p.png)"), "");
    }

    #[test]
    fn code_keeps_its_text_and_controls_go_everywhere() {
        let code = "Write `<img src=x>` or:\n\n```html\n<a href=\"command:x\">x</a>\n```\n";
        assert_eq!(markdown(code), code);
        assert_eq!(
            markdown("x = 1  # \u{202E}evil\u{2066}\n\u{1b}]0;title\u{7}ok"),
            "x = 1  # evil\n]0;titleok"
        );
    }
}
