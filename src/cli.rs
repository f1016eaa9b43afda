//! The command line: `interview-ls` serves LSP on stdio; subcommands browse
//! and check the bank from a terminal. Each subcommand lives in its own file
//! and works over the same [`Bank`] as the server.

mod check;
mod list;
mod output;
mod pager;
mod plan;
mod quiz;
mod random;
mod search;
mod show;
mod stats;
mod topics;

use crate::bank::{Bank, Difficulty, Framework, Question, QuestionFilter};
use clap::{Args, Parser, Subcommand};
pub use output::{print_json, print_text};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "interview-ls",
    version,
    about = "Practise Flask and FastAPI interview questions in your editor.",
    long_about = "Practise Flask and FastAPI interview questions in your editor.\n\n\
        With no subcommand, interview-ls is a language server speaking LSP on stdin/stdout: \
        your editor starts it (see editors/README.md). The subcommands below browse, quiz \
        and check the question bank from a terminal.",
    after_help = "Start with `interview-ls random` (a question and its short answer) or \
        `interview-ls quiz` (a practice session)."
)]
pub struct Cli {
    /// Serve the Language Server Protocol on stdin/stdout (the default with no
    /// subcommand; editors pass this flag).
    #[arg(long)]
    pub stdio: bool,

    /// An extra folder of questions, laid over the built-in bank; a question
    /// with a built-in id replaces it (repeatable).
    #[arg(long = "questions", value_name = "DIR", global = true)]
    pub questions: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a question to practise (due ones first, then new ones) and its
    /// short answer; `--answer` adds the full answer, `show ID` shows it later.
    Random(RandomArgs),
    /// Show one question with its full answer.
    Show(ShowArgs),
    /// Search questions by wording, framework name (`Depends`, `Blueprint`) or topic.
    Search(SearchArgs),
    /// List the questions, optionally filtered.
    List(ListArgs),
    /// List the topics with a description and how many questions each has.
    Topics(TopicsArgs),
    /// Validate bank files (the built-in bank when no path is given).
    Check(CheckArgs),
    /// Practise today's cards in the terminal: Enter reveals the answer, 1–4
    /// (or a h g e) grades it, u undoes, s skips, q quits.
    Quiz(QuizArgs),
    /// Plan backwards from an interview date: what fits in a daily budget,
    /// the expected recall on the day, and other budgets.
    Plan(PlanArgs),
    /// Show practice progress per topic and difficulty, and the streak.
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only questions of this difficulty: easy, medium or hard.
    #[arg(long, value_name = "LEVEL", value_parser = parse_difficulty)]
    pub difficulty: Option<Difficulty>,
    /// Only questions about this framework: flask, fastapi or general
    /// (framework-neutral questions).
    #[arg(long, value_name = "NAME", value_parser = parse_framework)]
    pub framework: Option<Framework>,
    /// Only questions on this topic (`interview-ls topics` lists them).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
}

impl FilterArgs {
    pub fn to_filter(&self) -> QuestionFilter {
        QuestionFilter {
            difficulty: self.difficulty,
            framework: self.framework,
            topic: self.topic.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct RandomArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Also print the full answer (by default only the short one).
    #[arg(long)]
    pub answer: bool,
    /// Print the question with its full answer as JSON.
    #[arg(long)]
    pub json: bool,
    /// Where progress is read from, to pick due questions first (overrides
    /// INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The question's id, as `list` and `search` print it (a near miss gets a suggestion).
    pub id: String,
    /// Print the question with its answer, examples and snippets as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print straight to the terminal instead of through a pager ($PAGER, else
    /// `less -R`); output that is not a terminal is never paged.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for; quote a whole question or pass several words.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many results.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,
    /// Print the hits as JSON objects, best first, each with its `score`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print one JSON object per question (id, title, difficulty, frameworks, topics…).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Print the topics as JSON objects (slug, description, questions).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// New questions a day, counted across sessions.
    #[arg(long = "new", value_name = "N", default_value_t = crate::practice::session::DEFAULT_NEW_PER_DAY)]
    pub new_per_day: u32,
    #[command(flatten)]
    pub until: UntilArgs,
    /// Learning steps of a new card, in minutes within the day (default
    /// `10m,30m`; `none` graduates at once).
    #[arg(long, value_name = "LIST", value_parser = parse_steps)]
    pub steps: Option<StepList>,
    /// Relearning steps of a forgotten card (default `10m`).
    #[arg(long, value_name = "LIST", value_parser = parse_steps)]
    pub relearning_steps: Option<StepList>,
    /// Where progress is kept (overrides INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// `quiz --until DATE [--minutes N]`: today's cards come from the interview plan.
#[derive(Debug, Args)]
pub struct UntilArgs {
    /// The interview date (YYYY-MM-DD, `tomorrow` or a weekday): today's
    /// cards follow the plan for it instead of due dates and --new.
    #[arg(long, value_name = "DATE")]
    pub until: Option<crate::practice::plan::Until>,
    /// Minutes a day for the plan (default 30).
    #[arg(long, value_name = "N", requires = "until", value_parser = parse_minutes)]
    pub minutes: Option<f64>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The interview date: YYYY-MM-DD, `tomorrow` or a weekday (the next one).
    #[arg(long, value_name = "DATE")]
    pub until: crate::practice::plan::Until,
    /// Minutes a day you can practise.
    #[arg(long, value_name = "N", default_value_t = crate::practice::plan::DEFAULT_MINUTES_PER_DAY, value_parser = parse_minutes)]
    pub minutes: f64,
    /// Print the plan, the forecast and the what-if budgets as JSON.
    #[arg(long)]
    pub json: bool,
    /// Where progress is kept (overrides INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Learning or relearning steps, in minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepList(pub Vec<u32>);

/// `10m,30m`, `10,30`, `1h` (minutes within a day) or `none`.
fn parse_steps(s: &str) -> Result<StepList, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(StepList(Vec::new()));
    }
    s.split(',')
        .map(|step| {
            let step = step.trim().to_ascii_lowercase();
            let (number, scale) = match step.strip_suffix('h') {
                Some(hours) => (hours, 60),
                None => (step.strip_suffix('m').unwrap_or(&step), 1),
            };
            number
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(|n| n.checked_mul(scale))
                .filter(|m| (1..24 * 60).contains(m))
                .ok_or_else(|| {
                    format!(
                        "`{step}` is not a step (expected minutes within a day, such as 10m or 1h)"
                    )
                })
        })
        .collect::<Result<Vec<u32>, String>>()
        .map(StepList)
}

fn parse_minutes(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(m) if m.is_finite() && m > 0.0 && m <= 24.0 * 60.0 => Ok(m),
        _ => Err(format!(
            "`{s}` is not a number of minutes between 1 and 1440"
        )),
    }
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the numbers as JSON instead of the Markdown page.
    #[arg(long)]
    pub json: bool,
    /// Fit FSRS's parameters to your review log and compare them with the
    /// current ones (log loss and RMSE on your own reviews).
    #[arg(long)]
    pub optimize: bool,
    /// With --optimize: schedule with the fitted parameters from now on.
    #[arg(long, requires = "optimize")]
    pub apply: bool,
    /// Where progress is kept (overrides INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Bank files (`.md`) or folders of them; the built-in bank when none is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

fn parse_difficulty(s: &str) -> Result<Difficulty, String> {
    s.parse()
}

fn parse_framework(s: &str) -> Result<Framework, String> {
    s.parse()
}

/// A failed command: its message goes to stderr, its code becomes the exit status.
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    /// Something the program could not do (read progress, write output): exit status 1.
    pub fn failure(message: impl Into<String>) -> CliError {
        CliError {
            code: 1,
            message: message.into(),
        }
    }

    /// Bad input from the user (unknown id, nothing matches): exit status 2.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: 2,
            message: message.into(),
        }
    }
}

/// Runs a subcommand and turns its outcome into an exit code.
pub fn run(command: &Command, folders: &[PathBuf]) -> ExitCode {
    let result = missing_path(folders).map_or_else(|| dispatch(command, folders), Err);
    match result {
        Ok(code) => code,
        Err(err) if err.message.is_empty() => ExitCode::from(err.code),
        Err(err) => {
            // Messages can quote bank text (ids, topics, suggestions).
            anstream::eprintln!("error: {}", crate::render::terminal_safe(&err.message));
            ExitCode::from(err.code)
        }
    }
}

/// `PATH: no such file or directory` for the first path that does not exist.
pub(crate) fn missing_path(paths: &[PathBuf]) -> Option<CliError> {
    paths
        .iter()
        .find(|p| !p.exists())
        .map(|p| CliError::usage(format!("{}: no such file or directory", p.display())))
}

fn dispatch(command: &Command, folders: &[PathBuf]) -> Result<ExitCode, CliError> {
    match command {
        Command::Check(args) => check::run(args, folders),
        other => {
            let bank = Bank::load(folders);
            for error in bank.errors() {
                anstream::eprintln!("{}", crate::render::terminal_safe(&error.to_string()));
            }
            match other {
                Command::Random(args) => random::run(&bank, args),
                Command::Show(args) => show::run(&bank, args),
                Command::Search(args) => search::run(&bank, args),
                Command::List(args) => list::run(&bank, args),
                Command::Topics(args) => topics::run(&bank, args),
                Command::Quiz(args) => quiz::run(&bank, args),
                Command::Plan(args) => plan::run(&bank, args),
                Command::Stats(args) => stats::run(&bank, args),
                Command::Check(_) => unreachable!("handled above"),
            }
        }
    }
}

/// The questions `filter` lets through, or a usage error saying why none do.
pub fn filtered<'a>(
    bank: &'a Bank,
    filter: &QuestionFilter,
) -> Result<Vec<&'a Question>, CliError> {
    filter.select(bank).map_err(CliError::usage)
}
