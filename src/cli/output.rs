//! Writing to stdout. Output is often piped (`list --json | head -1`), so a
//! reader that goes away ends the command quietly instead of panicking the way
//! `println!` does.

use super::CliError;
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// Writes `text` to stdout (styles stripped when stdout is not a terminal).
pub fn print_text(text: &str) -> Result<(), CliError> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| match err.kind() {
            // The reader has all it wanted: stop, silently, with success.
            ErrorKind::BrokenPipe => CliError {
                code: 0,
                message: String::new(),
            },
            _ => CliError::failure(format!("cannot write to stdout: {err}")),
        })
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<ExitCode, CliError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failure(format!("cannot encode JSON: {e}")))?;
    text.push('\n');
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
