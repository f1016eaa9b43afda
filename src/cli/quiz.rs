//! `interview-ls quiz`: the editor's practice loop in a terminal. A
//! question, Enter to reveal the answer, a grade from 1 to 4, the next
//! question; `q` (or the end of input) stops. Grades go to the same progress
//! file the editor uses, so the two can be mixed freely.
//!
//! Input is read line by line from stdin, so the loop also works piped
//! (`printf '\n3\nq\n' | interview-ls quiz`), which is how the tests drive it.

use super::{CliError, QuizArgs};
use crate::bank::{Bank, Question, QuestionFilter};
use crate::practice::dirs::DataDirs;
use crate::practice::scheduler::Rating;
use crate::practice::store::{MovedAside, ProgressStore};
use crate::practice::{self, Clock};
use crate::render;
use anstyle::Style;
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

pub fn run(bank: &Bank, args: &QuizArgs) -> Result<ExitCode, CliError> {
    let dirs = DataDirs::resolve(args.data_dir.as_deref()).map_err(failure)?;
    let store = ProgressStore::new(&dirs.data);
    let stdin = io::stdin();
    let mut out = anstream::stdout();
    let graded = quiz(
        bank,
        &args.filter.to_filter(),
        &store,
        &mut stdin.lock(),
        &mut out,
    )?;
    let _ = writeln!(
        out,
        "\n{DIM}Graded {graded} question{} this session; progress is in {}{DIM:#}",
        if graded == 1 { "" } else { "s" },
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The loop itself; returns how many questions were graded.
fn quiz(
    bank: &Bank,
    filter: &QuestionFilter,
    store: &ProgressStore,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<usize, CliError> {
    let candidates = super::filtered(bank, filter)?;
    let mut last_shown: Option<String> = None;
    let mut graded = 0;
    loop {
        let picked = practice::next_question(
            store,
            &candidates,
            last_shown.as_deref(),
            Clock::local_now().now,
        )
        .map_err(failure)?;
        warn_moved(picked.moved_aside.as_ref());
        let Some(pick) = picked.value else {
            return Ok(graded);
        };
        let question = pick.question;
        last_shown = Some(question.id.clone());
        write(
            out,
            &format!(
                "\n{}{DIM}({}) Enter: show the answer · q: quit{DIM:#}\n",
                render::question_text(question),
                practice::pick_label(pick.reason)
            ),
        )?;
        if quits(&read_line(input)?) {
            return Ok(graded);
        }
        write(out, &answer(question))?;
        let Some(rating) = ask_rating(input, out)? else {
            return Ok(graded);
        };
        let result =
            practice::grade(store, &question.id, rating, &Clock::local_now()).map_err(failure)?;
        warn_moved(result.moved_aside.as_ref());
        graded += 1;
        write(
            out,
            &format!(
                "{BOLD}{}{BOLD:#}: next review {}.\n",
                rating.label(),
                result.value.next_review
            ),
        )?;
    }
}

/// Asks until it gets a grade; `None` when the user quits.
fn ask_rating(input: &mut impl BufRead, out: &mut impl Write) -> Result<Option<Rating>, CliError> {
    loop {
        write(
            out,
            &format!(
                "\n{BOLD}How well did you know it?{BOLD:#} 1 again · 2 hard · 3 good · 4 easy · q quit\n"
            ),
        )?;
        let line = read_line(input)?;
        if quits(&line) {
            return Ok(None);
        }
        match line.as_deref().map(str::parse::<Rating>) {
            Some(Ok(rating)) => return Ok(Some(rating)),
            Some(Err(message)) => write(out, &format!("{message}\n"))?,
            None => return Ok(None),
        }
    }
}

fn answer(question: &Question) -> String {
    format!(
        "\n{BOLD}In short:{BOLD:#} {}\n\n{}\n",
        question.short,
        question.answer.trim_end()
    )
}

/// One line without its ending; `None` at the end of input.
fn read_line(input: &mut impl BufRead) -> Result<Option<String>, CliError> {
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(line.trim().to_string())),
        Err(err) => Err(failure(format!("cannot read input: {err}"))),
    }
}

fn quits(line: &Option<String>) -> bool {
    line.as_deref()
        .is_none_or(|l| l.eq_ignore_ascii_case("q") || l.eq_ignore_ascii_case("quit"))
}

fn write(out: &mut impl Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| failure(format!("cannot write output: {e}")))
}

fn warn_moved(moved: Option<&MovedAside>) {
    if let Some(moved) = moved {
        anstream::eprintln!("warning: {moved}");
    }
}

fn failure(message: impl ToString) -> CliError {
    CliError {
        code: 1,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_quiz(
        input: &str,
        filter: &QuestionFilter,
    ) -> (usize, String, ProgressStore, tempfile::TempDir) {
        let bank = Bank::load(&[]);
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::new(dir.path());
        let mut out = Vec::new();
        let graded = quiz(&bank, filter, &store, &mut input.as_bytes(), &mut out)
            .unwrap_or_else(|e| panic!("{}", e.message));
        let text = String::from_utf8(out).unwrap();
        // The real run writes through anstream, which strips styles when piped.
        let plain = anstream::adapter::strip_str(&text).to_string();
        (graded, plain, store, dir)
    }

    #[test]
    fn reveal_grade_and_quit_with_retries_on_bad_grades() {
        let (graded, out, store, _dir) =
            run_quiz("\n3\n\nfive\n4\nq\n", &QuestionFilter::default());
        assert_eq!(graded, 2);
        assert!(out.contains("unknown rating `five`"), "{out}");
        assert!(out.contains("Good: next review in "), "{out}");
        assert!(out.contains("Easy: next review in "), "{out}");
        let progress = store.load().unwrap().value;
        assert_eq!(progress.cards.len(), 2, "two different questions");
    }

    #[test]
    fn end_of_input_stops_cleanly_and_filters_apply() {
        let filter = QuestionFilter {
            difficulty: Some(crate::bank::Difficulty::Hard),
            ..QuestionFilter::default()
        };
        let (graded, out, store, _dir) = run_quiz("\n2\n", &filter);
        assert_eq!(graded, 1);
        let progress = store.load().unwrap().value;
        let id = progress.cards.keys().next().unwrap();
        assert!(out.contains("[hard · "), "{out}");
        assert_eq!(
            Bank::load(&[]).get(id).unwrap().difficulty,
            crate::bank::Difficulty::Hard
        );
    }
}
