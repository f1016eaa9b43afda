//! `interview-ls quiz`: a study session in the terminal, over the same
//! session model and progress file as the editors.
//!
//! It starts with today's counts, shows each card with a counter, reveals
//! the short answer first and the full answer page by page, takes a grade
//! (with each grade's interval shown) at any point after the reveal, and
//! ends with a summary: on "done for now", on `q`, at the end of input and
//! on Ctrl-C. `u` undoes the last grade or skip, `s` skips a card until
//! tomorrow; `t` ticks the key points said, which proposes a grade (see
//! [`checklist`]). See [`keys`] for how keys are read.

mod checklist;
mod keys;
mod summary;

use super::{CliError, QuizArgs};
use crate::bank::{Bank, Question};
use crate::practice::dirs::DataDirs;
use crate::practice::plan::Request;
use crate::practice::scheduler::{Preview, Rating, Scheduler, SchedulerConfig};
use crate::practice::session::{
    self, NextCard, NextError, SessionOptions, SessionStep, Undo, Upcoming,
};
use crate::practice::store::{MovedAside, ProgressStore};
use crate::practice::{Clock, optimize, points};
use crate::render::terminal;
use anstyle::Style;
use keys::{Key, Keys};
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;
use summary::Summary;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// Lines of answer per page when the terminal's height is unknown (a pipe).
const PIPED_PAGE_LINES: usize = 24;

pub fn run(bank: &Bank, args: &QuizArgs) -> Result<ExitCode, CliError> {
    let questions = super::filtered(bank, &args.filter.to_filter())?;
    let dirs = DataDirs::resolve(args.data_dir.as_deref()).map_err(failure)?;
    let store = ProgressStore::new(&dirs.data);
    let clock = Clock::local_now();
    let defaults = SchedulerConfig::default();
    let config = SchedulerConfig {
        learning_steps: args.steps.clone().map_or(defaults.learning_steps, |s| s.0),
        relearning_steps: (args.relearning_steps.clone())
            .map_or(defaults.relearning_steps, |s| s.0),
        ..SchedulerConfig::default()
    };
    let scheduler = scheduler_for(&dirs.data, &config)?;
    let planning = super::plan::request(&args.until, &clock);
    if let Some(request) = &planning {
        // A date that is not ahead is a usage error, before anything starts.
        super::plan::make(&questions, &store, &clock, &scheduler, request)?;
    }
    let mut quiz = Quiz {
        questions,
        store,
        scheduler,
        options: SessionOptions {
            new_per_day: args.new_per_day,
        },
        planning,
        page_lines: page_lines(),
        undo: Vec::new(),
        summary: Summary::shared(),
    };
    summary::print_on_interrupt(&quiz.summary, &quiz.store.path());
    let mut out = anstream::stdout();
    let result = if keys::stdin_is_terminal() {
        quiz.run(&mut keys::Terminal, &mut out)
    } else {
        quiz.run(&mut keys::Lines(io::stdin().lock()), &mut out)
    };
    if !matches!(&result, Err(e) if e.message.is_empty()) {
        let _ = write!(out, "{}", quiz.summary_text());
    }
    result.map(|()| ExitCode::SUCCESS)
}

/// A session in progress.
struct Quiz<'a> {
    questions: Vec<&'a Question>,
    store: ProgressStore,
    scheduler: Scheduler,
    options: SessionOptions,
    /// Set with `--until`: the plan decides each day's cards.
    planning: Option<Request>,
    page_lines: usize,
    undo: Vec<(Undo, String)>,
    summary: Summary,
}

/// How a card's turn ended.
enum Turn {
    Next,
    Quit,
}

impl Quiz<'_> {
    fn run(&mut self, keys: &mut impl Keys, out: &mut impl Write) -> Result<(), CliError> {
        let first = self.step()?;
        if let SessionStep::Card(card) = &first {
            let c = card.counts;
            let plan_note = self
                .planning
                .map(|p| format!(" · planned for {}", p.until))
                .unwrap_or_default();
            write(out, &format!("{BOLD}Today:{BOLD:#} {c}{plan_note}\n"))?;
        }
        if let Some(note) = self.summary.note() {
            write(out, &format!("{note}\n"))?;
        }
        let mut step = first;
        let mut shown = 0;
        loop {
            let card = match step {
                // The summary says it.
                SessionStep::Done(done) => {
                    self.summary.set_done(done.message);
                    return Ok(());
                }
                SessionStep::Card(card) => card,
            };
            shown += 1;
            match self.turn(&card, shown, keys, out)? {
                Turn::Quit => return Ok(()),
                Turn::Next => step = self.step()?,
            }
        }
    }

    /// Today's next card (from a fresh plan when there is one, so it follows
    /// what was actually done).
    fn step(&self) -> Result<SessionStep, CliError> {
        let clock = Clock::local_now();
        let upcoming = session::next_from_store(
            &self.store,
            &self.questions,
            &clock,
            &self.options,
            &self.scheduler,
            self.planning.as_ref(),
        )
        .map_err(|e| match e {
            NextError::Plan(e) => CliError::usage(e.to_string()),
            other => failure(other),
        })?;
        warn_moved(upcoming.moved_aside.as_ref());
        let Upcoming { step, plan } = upcoming.value;
        if let Some(plan) = plan {
            if let Some(shortfall) = &plan.shortfall {
                self.summary.set_note(shortfall.clone());
            }
            self.summary.set_plan_next(match plan.days.get(1) {
                Some(day) => format!(
                    "Plan for {}: {} new · {} reviews (~{:.0} min)",
                    day.date.format("%a %-d %b"),
                    day.new,
                    day.reviews,
                    day.minutes
                ),
                None => format!(
                    "The interview is tomorrow ({}): good luck.",
                    plan.interview_date.format("%a %-d %b")
                ),
            });
        }
        if let SessionStep::Card(card) = &step {
            self.summary.set_left(card.counts);
        }
        Ok(step)
    }

    fn turn(
        &mut self,
        card: &NextCard,
        shown: usize,
        keys: &mut impl Keys,
        out: &mut impl Write,
    ) -> Result<Turn, CliError> {
        let Some(question) = self.questions.iter().copied().find(|q| q.id == card.id) else {
            return Err(failure(format!("question {} left the bank", card.id)));
        };
        let started = Instant::now();
        let rendered = render_card(question, self.page_lines);
        write(out, &card_header(card, shown))?;
        write(out, &rendered.question)?;
        // Before the reveal.
        loop {
            write(
                out,
                &format!("{DIM}Enter: show the answer · s skip · u undo · q quit{DIM:#}\n"),
            )?;
            match keys.next_key().map_err(read_error)? {
                Key::Enter => break,
                Key::End | Key::Interrupt => return Ok(Turn::Quit),
                Key::Text(text) => match self.common(&text, card, out)? {
                    Some(turn) => return Ok(turn),
                    None if text.parse::<Rating>().is_ok() => {
                        write(out, "Reveal the answer first (Enter), then grade it.\n")?
                    }
                    None => write(
                        out,
                        &format!(
                            "`{text}` does nothing here: Enter shows the answer · s skip · u undo · q quit\n"
                        ),
                    )?,
                },
            }
        }
        write(out, &rendered.short)?;
        let mut pages = rendered.pages.into_iter();
        let mut more = pages.len() > 0;
        let has_points = !question.points.is_empty();
        loop {
            write(out, &grade_prompt(&card.previews, more, has_points))?;
            let mut key = keys.next_key().map_err(read_error)?;
            if has_points && key == Key::Text("t".to_string()) {
                match checklist::tick(question, keys, &mut |text| write(out, text))? {
                    checklist::Ticked::Said(said) => {
                        let missed = points::missed(question, &said).map_err(failure)?;
                        let proposed = points::propose(said.len(), question.points.len());
                        write(
                            out,
                            &format!(
                                "You said {} of {}: {BOLD}{}{BOLD:#} proposed. Enter accepts · 1–4 or a h g e chooses\n",
                                said.len(),
                                question.points.len(),
                                proposed.label()
                            ),
                        )?;
                        key = keys.next_key().map_err(read_error)?;
                        let rating = match &key {
                            Key::Enter => Some(proposed),
                            Key::Text(text) => text.parse::<Rating>().ok(),
                            _ => None,
                        };
                        if let Some(rating) = rating {
                            self.grade(card, rating, started, missed, out)?;
                            return Ok(Turn::Next);
                        }
                    }
                    checklist::Ticked::Other(other) => key = other,
                }
            }
            match key {
                Key::Enter => match pages.next() {
                    Some(page) => {
                        write(out, &page)?;
                        more = pages.len() > 0;
                    }
                    None => {
                        more = false;
                        write(out, &format!("{DIM}(end of the answer){DIM:#}\n"))?;
                    }
                },
                Key::End | Key::Interrupt => return Ok(Turn::Quit),
                Key::Text(text) => {
                    if let Some(turn) = self.common(&text, card, out)? {
                        return Ok(turn);
                    }
                    match text.parse::<Rating>() {
                        Ok(rating) => {
                            self.grade(card, rating, started, Vec::new(), out)?;
                            return Ok(Turn::Next);
                        }
                        Err(message) => write(
                            out,
                            &format!("{message}; Enter: more · s skip · u undo · q quit\n"),
                        )?,
                    }
                }
            }
        }
    }

    /// The keys that work before and after the reveal: skip, undo, quit.
    fn common(
        &mut self,
        text: &str,
        card: &NextCard,
        out: &mut impl Write,
    ) -> Result<Option<Turn>, CliError> {
        match text.to_ascii_lowercase().as_str() {
            "q" | "quit" => Ok(Some(Turn::Quit)),
            "s" | "skip" => {
                let clock = Clock::local_now();
                let skipped = session::skip(&self.store, &card.id, &clock).map_err(failure)?;
                warn_moved(skipped.moved_aside.as_ref());
                self.undo
                    .push((skipped.value, format!("skip of {}", card.id)));
                write(out, &format!("Skipped {} until tomorrow.\n", card.id))?;
                Ok(Some(Turn::Next))
            }
            "u" | "undo" => {
                let Some((undo, what)) = self.undo.pop() else {
                    write(out, "Nothing to undo yet.\n")?;
                    return Ok(None);
                };
                let undone = session::undo(&self.store, &undo).map_err(failure)?;
                warn_moved(undone.moved_aside.as_ref());
                if let Some(entry) = &undo.logged {
                    self.summary.ungrade(entry.rating);
                }
                write(out, &format!("Undid the {what}.\n"))?;
                Ok(Some(Turn::Next))
            }
            _ => Ok(None),
        }
    }

    fn grade(
        &mut self,
        card: &NextCard,
        rating: Rating,
        started: Instant,
        missed: Vec<String>,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        let clock = Clock::local_now();
        let seconds = started.elapsed().as_secs_f64();
        let graded = session::grade(
            &self.store,
            &self.scheduler,
            &card.id,
            rating,
            &clock,
            session::Answered {
                seconds: Some(seconds),
                missed,
            },
        )
        .map_err(failure)?;
        warn_moved(graded.moved_aside.as_ref());
        let graded = graded.value;
        self.summary.grade(rating);
        self.undo.push((
            graded.undo,
            format!("{} grade of {}", rating.label(), card.id),
        ));
        write(
            out,
            &format!(
                "{BOLD}{}{BOLD:#}: next review {}.\n",
                rating.label(),
                graded.next_review
            ),
        )
    }

    fn summary_text(&self) -> String {
        self.summary.text(&self.store.path())
    }
}

/// `── Card 3 · 2 due · 9 new · 1 learning ── (new)`
fn card_header(card: &NextCard, shown: usize) -> String {
    let c = card.counts;
    let state = if card.early {
        format!("{}, shown early", card.state.as_str())
    } else {
        card.state.as_str().to_string()
    };
    format!("\n{DIM}── Card {shown} · left today: {c} · ({state}){DIM:#}\n")
}

/// `1 Again 10m · 2 Hard 20m · 3 Good 30m · 4 Easy 8d`, then the other
/// keys on their own line, so neither is wider than 80 columns.
fn grade_prompt(previews: &[Preview; 4], more: bool, has_points: bool) -> String {
    let grades: Vec<String> = previews
        .iter()
        .map(|p| {
            format!(
                "{BOLD}{}{BOLD:#} {} {}",
                p.rating.number(),
                p.rating.label(),
                p.interval
            )
        })
        .collect();
    let more = if more { "Enter: more · " } else { "" };
    let tick = if has_points {
        "t tick key points · "
    } else {
        ""
    };
    format!(
        "\n{}\n{DIM}{more}{tick}u undo · s skip · q quit{DIM:#}\n",
        grades.join(" · ")
    )
}

/// A card as the terminal shows it: the question, the short answer shown at
/// the reveal, and the rest of the answer in pages.
struct Rendered {
    question: String,
    short: String,
    pages: Vec<String>,
}

/// Lays `question` out with the terminal renderer (prose wrapped to the
/// width, code never re-wrapped, runner lines and fence attributes gone) and
/// splits it: what `short_for_terminal` and `answer_for_terminal` share
/// after the header is the short answer; the rest is the full answer.
fn render_card(question: &Question, page_lines: usize) -> Rendered {
    let (width, styled) = (terminal::stdout_width(), terminal::stdout_styled());
    let header = terminal::question_for_terminal(question, width, styled);
    let full = terminal::answer_for_terminal(question, width, styled);
    let short = terminal::short_for_terminal(question, width, styled);
    let full: Vec<&str> = full.lines().collect();
    let header_len = header.lines().count();
    let shared = full
        .iter()
        .zip(short.lines())
        .take_while(|(a, b)| *a == b)
        .count();
    let short_lines = &full[header_len.min(shared)..shared];
    let rest: Vec<&str> = full[shared..]
        .iter()
        .copied()
        .skip_while(|line| line.trim().is_empty())
        .collect();
    Rendered {
        question: header,
        short: format!("{}\n", short_lines.join("\n").trim_end()),
        pages: rest
            .chunks(page_lines.max(1))
            .map(|chunk| format!("\n{}\n", chunk.join("\n")))
            .collect(),
    }
}

/// A page fills the terminal less the prompt lines; 24 lines from a pipe.
fn page_lines() -> usize {
    if keys::stdin_is_terminal() {
        if let Ok((_, rows)) = crossterm::terminal::size() {
            return usize::from(rows).saturating_sub(5).max(5);
        }
    }
    PIPED_PAGE_LINES
}

fn write(out: &mut impl Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            // The reader went away (`| head`): stop quietly.
            io::ErrorKind::BrokenPipe => CliError {
                code: 0,
                message: String::new(),
            },
            _ => failure(format!("cannot write output: {e}")),
        })
}

fn read_error(err: io::Error) -> CliError {
    failure(format!("cannot read input: {err}"))
}

/// The scheduler with `config`'s steps and the user's fitted parameters,
/// if they saved some.
pub(super) fn scheduler_for(
    dir: &std::path::Path,
    config: &SchedulerConfig,
) -> Result<Scheduler, CliError> {
    // Steps out of range are the user's input: say so before anything else.
    Scheduler::new(config.clone()).map_err(CliError::usage)?;
    let (scheduler, problem) = optimize::scheduler_for(dir, config);
    if let Some(problem) = problem {
        anstream::eprintln!("warning: {problem}");
    }
    Ok(scheduler)
}

fn warn_moved(moved: Option<&MovedAside>) {
    if let Some(moved) = moved {
        anstream::eprintln!("warning: {moved}");
    }
}

fn failure(message: impl ToString) -> CliError {
    CliError::failure(message.to_string())
}
