//! `interview-ls random`: the next question to practise (due reviews first,
//! then new ones, as in the editors) with its short answer; the full answer
//! with `--answer`, or later with `show ID`.

use super::{CliError, RandomArgs, filtered, print_json, print_text};
use crate::bank::{Bank, Question};
use crate::practice::dirs::DataDirs;
use crate::practice::store::ProgressStore;
use crate::practice::{self, Clock};
use crate::render;
use std::process::ExitCode;

pub fn run(bank: &Bank, args: &RandomArgs) -> Result<ExitCode, CliError> {
    let candidates = filtered(bank, &args.filter.to_filter())?;
    let question = pick(&candidates, args);
    if args.json {
        return print_json(question);
    }
    let (width, styled) = (
        render::terminal::stdout_width(),
        render::terminal::stdout_styled(),
    );
    let text = if args.answer {
        render::answer_for_terminal(question, width, styled)
    } else {
        render::short_for_terminal(question, width, styled)
    };
    print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The practice picker's choice when progress can be read; a uniform pick
/// otherwise (no data folder, unreadable file): `random` only reads progress,
/// so it never fails for want of it.
fn pick<'a>(candidates: &[&'a Question], args: &RandomArgs) -> &'a Question {
    let picked = DataDirs::resolve(args.data_dir.as_deref())
        .ok()
        .and_then(|dirs| {
            let store = ProgressStore::new(dirs.data);
            practice::next_question(&store, candidates, None, Clock::local_now().now).ok()
        })
        .and_then(|outcome| outcome.value);
    match picked {
        Some((pick, _)) => pick.question,
        None => candidates[fastrand::usize(..candidates.len())],
    }
}
