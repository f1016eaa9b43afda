//! `interview-ls check [PATH...]`: validate bank files like a compiler would.

use super::{CheckArgs, CliError, missing_path, print_text};
use crate::bank::{Bank, load::is_bank_file};
use crate::render::terminal_safe;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: &CheckArgs, folders: &[PathBuf]) -> Result<ExitCode, CliError> {
    if let Some(missing) = missing_path(&args.paths) {
        return Err(missing);
    }
    if let Some(other) = args.paths.iter().find(|p| p.is_file() && !is_bank_file(p)) {
        return Err(CliError::usage(format!(
            "{}: not a bank file (bank files are Markdown, `*.md`; see questions/README.md)",
            other.display()
        )));
    }
    let bank = if args.paths.is_empty() {
        Bank::load(folders)
    } else {
        Bank::load_only(&args.paths)
    };
    let mut errors: Vec<_> = bank.errors().iter().collect();
    errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    let mut report = String::new();
    // A bank being vetted is untrusted: its ids, keys and file names are
    // echoed as data, never as terminal sequences.
    for error in &errors {
        let _ = writeln!(report, "{}", terminal_safe(&error.to_string()));
    }
    print_text(&report)?;
    if !args.paths.is_empty() {
        notes_on_overrides(&bank);
    }
    let snippets = bank.snippets().count();
    let examples: usize = bank.questions().iter().map(|q| q.examples.len()).sum();
    anstream::eprintln!(
        "{}, {}, {}, {}",
        count(bank.questions().len(), "question"),
        count(snippets, "snippet"),
        count(examples, "example"),
        count(errors.len(), "error")
    );
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A user's question with a built-in id replaces the built-in one when the
/// folder is loaded; said here so it is never a surprise.
fn notes_on_overrides(checked: &Bank) {
    let built_in = Bank::load(&[]);
    for question in checked.questions() {
        // Checking the built-in bank's own files (`check questions/`) is editing
        // it, not overriding it.
        let same_file = |built: &crate::bank::Question| {
            std::path::Path::new(&question.source.path).ends_with(&built.source.path)
        };
        if built_in
            .get(&question.id)
            .is_some_and(|built| !same_file(built))
        {
            anstream::eprintln!(
                "{}:{}: note: `{}` replaces the built-in question with that id",
                terminal_safe(&question.source.path),
                question.source.line,
                terminal_safe(&question.id)
            );
        }
    }
}

/// `1 question`, `3 questions`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
