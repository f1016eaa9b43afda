//! Long text on a terminal goes through a pager, as `git` and `man` do: the
//! reader scrolls an answer (115 lines at the median) instead of losing its
//! start. `$PAGER` when set (run by the shell, so it may carry options; empty
//! or `cat` means none), else `less -R` when it is installed, else nothing.

use super::{CliError, print_text};
use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

/// Shows `text` in the pager, or prints it when there is none or it cannot
/// start. The caller decides whether stdout is a terminal.
pub fn page(text: &str) -> Result<(), CliError> {
    let Some(mut command) = pager_command() else {
        return print_text(text);
    };
    // git's defaults: quit when the text fits one screen (F), pass colours
    // through (R), leave the text on the screen afterwards (X).
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let mut child = match command.stdin(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(_) => return print_text(text),
    };
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text.as_bytes()) {
            // The reader quit the pager before the end: that is not an error.
            Err(err) if err.kind() != ErrorKind::BrokenPipe => {
                return Err(CliError::failure(format!(
                    "cannot write to the pager: {err}"
                )));
            }
            _ => {}
        }
    }
    let status = child
        .wait()
        .map_err(|err| CliError::failure(format!("the pager failed: {err}")))?;
    // 126/127: the shell could not find or run `$PAGER` (it has said so on
    // stderr); the answer must not be lost with it.
    if matches!(status.code(), Some(126 | 127)) {
        return print_text(text);
    }
    Ok(())
}

fn pager_command() -> Option<Command> {
    match std::env::var("PAGER") {
        Ok(pager) if pager.trim().is_empty() || pager.trim() == "cat" => None,
        Ok(pager) => Some(shell_command(&pager)),
        Err(_) => {
            let mut less = Command::new("less");
            less.arg("-R");
            Some(less)
        }
    }
}

/// `$PAGER` is a shell command line (`less -RS`, `most`, `bat -p`).
#[cfg(unix)]
fn shell_command(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(line);
    command
}

#[cfg(not(unix))]
fn shell_command(line: &str) -> Command {
    let mut words = line.split_whitespace();
    let mut command = Command::new(words.next().unwrap_or("more"));
    command.args(words);
    command
}
