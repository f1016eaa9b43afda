//! The command line: `interview-ls` serves LSP on stdio; subcommands browse
//! and check the bank from a terminal. Each subcommand lives in its own file
//! and works over the same [`Bank`] as the server.

mod check;
mod list;
mod quiz;
mod random;
mod search;
mod show;
mod stats;

use crate::bank::{Bank, Difficulty, Framework, QuestionFilter};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "interview-ls", version, about = "Practise Flask and FastAPI interview questions in your editor.", long_about = None)]
pub struct Cli {
    /// Serve the Language Server Protocol on stdin/stdout (the default; editors pass this).
    #[arg(long, global = true)]
    pub stdio: bool,

    /// An extra folder of questions, laid over the built-in bank (repeatable).
    #[arg(long = "questions", value_name = "DIR", global = true)]
    pub questions: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a random question (and its answer with --json).
    Random(RandomArgs),
    /// Show one question with its answer.
    Show(ShowArgs),
    /// Search questions by wording, symbol or topic.
    Search(SearchArgs),
    /// List every question.
    List(ListArgs),
    /// Validate bank files (the built-in bank when no path is given).
    Check(CheckArgs),
    /// Practise in the terminal: Enter reveals the answer, 1–4 grades it, q quits.
    Quiz(QuizArgs),
    /// Show practice progress per topic and difficulty, and the streak.
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    #[arg(long, value_parser = parse_difficulty)]
    pub difficulty: Option<Difficulty>,
    #[arg(long, value_parser = parse_framework)]
    pub framework: Option<Framework>,
    #[arg(long)]
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
    /// Print the question with its answer as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for; quote a whole question or pass several words.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Where progress is kept (overrides INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the numbers as JSON instead of the Markdown page.
    #[arg(long)]
    pub json: bool,
    /// Where progress is kept (overrides INTERVIEW_LS_DATA and the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Bank files or folders; the built-in bank when none is given.
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
    let result = match command {
        Command::Check(args) => check::run(args, folders),
        other => {
            let bank = Bank::load(folders);
            for error in bank.errors() {
                anstream::eprintln!("{error}");
            }
            match other {
                Command::Random(args) => random::run(&bank, args),
                Command::Show(args) => show::run(&bank, args),
                Command::Search(args) => search::run(&bank, args),
                Command::List(args) => list::run(&bank, args),
                Command::Quiz(args) => quiz::run(&bank, args),
                Command::Stats(args) => stats::run(&bank, args),
                Command::Check(_) => unreachable!("handled above"),
            }
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("error: {}", err.message);
            ExitCode::from(err.code)
        }
    }
}

/// Prints a value as pretty JSON on stdout.
fn print_json<T: serde::Serialize>(value: &T) -> Result<ExitCode, CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError {
        code: 1,
        message: format!("cannot encode JSON: {e}"),
    })?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The fields `list --json` and `search --json` print per question.
#[derive(serde::Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    difficulty: Difficulty,
    frameworks: &'a [Framework],
    topics: &'a [String],
    keywords: &'a [String],
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<i64>,
}

impl<'a> Summary<'a> {
    fn of(q: &'a crate::bank::Question, score: Option<i64>) -> Self {
        Summary {
            id: &q.id,
            title: &q.title,
            difficulty: q.difficulty,
            frameworks: &q.frameworks,
            topics: &q.topics,
            keywords: &q.keywords,
            aliases: &q.aliases,
            score,
        }
    }
}
