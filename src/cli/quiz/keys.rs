//! What the user typed, from a terminal or a pipe.
//!
//! On a terminal each key acts at once (raw mode, through `crossterm`, only
//! while waiting for a key, so everything printed keeps its normal line
//! endings); from a pipe each line is one action, so a session can be
//! scripted (`printf '\n3\nq\n' | interview-ls quiz`).

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use std::io::{self, BufRead, IsTerminal};

/// One action's worth of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Enter,
    /// What was typed: one key on a terminal, a trimmed line from a pipe.
    Text(String),
    /// Ctrl-C on a terminal in raw mode (where it is not a signal).
    Interrupt,
    /// End of input (Ctrl-D, or the pipe closed).
    End,
}

/// Where keys come from.
pub trait Keys {
    fn next_key(&mut self) -> io::Result<Key>;

    /// Whether one input is a whole line (a pipe) rather than one key.
    fn whole_lines(&self) -> bool;
}

/// Lines from any reader: a pipe, a file, a test's bytes.
pub struct Lines<R>(pub R);

impl<R: BufRead> Keys for Lines<R> {
    fn whole_lines(&self) -> bool {
        true
    }

    fn next_key(&mut self) -> io::Result<Key> {
        let mut line = String::new();
        if self.0.read_line(&mut line)? == 0 {
            return Ok(Key::End);
        }
        let text = line.trim();
        Ok(if text.is_empty() {
            Key::Enter
        } else {
            Key::Text(text.to_string())
        })
    }
}

/// Single keys from the terminal.
pub struct Terminal;

impl Keys for Terminal {
    fn whole_lines(&self) -> bool {
        false
    }

    fn next_key(&mut self) -> io::Result<Key> {
        terminal::enable_raw_mode()?;
        let key = read_key();
        // Restored before anything is printed, whatever the read did.
        terminal::disable_raw_mode()?;
        key
    }
}

fn read_key() -> io::Result<Key> {
    loop {
        let Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            ..
        }) = event::read()?
        else {
            continue;
        };
        let ctrl = modifiers.contains(KeyModifiers::CONTROL);
        return Ok(match code {
            KeyCode::Char('c') if ctrl => Key::Interrupt,
            KeyCode::Char('d') if ctrl => Key::End,
            KeyCode::Enter | KeyCode::Char(' ') => Key::Enter,
            KeyCode::Esc => Key::Text("q".to_string()),
            KeyCode::Char(c) => Key::Text(c.to_string()),
            _ => continue,
        });
    }
}

/// Whether stdin is a terminal, so single keys can be read.
pub fn stdin_is_terminal() -> bool {
    io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_one_key_and_the_end_is_reported() {
        let mut keys = Lines("\n 3 \ngood\n".as_bytes());
        assert_eq!(keys.next_key().unwrap(), Key::Enter);
        assert_eq!(keys.next_key().unwrap(), Key::Text("3".into()));
        assert_eq!(keys.next_key().unwrap(), Key::Text("good".into()));
        assert_eq!(keys.next_key().unwrap(), Key::End);
    }
}
