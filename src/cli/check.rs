//! `interview-ls check [PATH...]`: validate bank files like a compiler would.

use super::{CheckArgs, CliError};
use crate::bank::Bank;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: &CheckArgs, folders: &[PathBuf]) -> Result<ExitCode, CliError> {
    let bank = if args.paths.is_empty() {
        Bank::load(folders)
    } else {
        for path in &args.paths {
            if !path.exists() {
                return Err(CliError::usage(format!(
                    "{}: no such file or folder",
                    path.display()
                )));
            }
        }
        Bank::load_only(&args.paths)
    };
    for error in bank.errors() {
        anstream::println!("{error}");
    }
    let snippets = bank.snippets().count();
    let examples: usize = bank.questions().iter().map(|q| q.examples.len()).sum();
    anstream::eprintln!(
        "{} questions, {snippets} snippets, {examples} examples, {} errors",
        bank.questions().len(),
        bank.errors().len()
    );
    Ok(if bank.errors().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
