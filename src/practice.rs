//! Practice: spaced-repetition cards for the bank's questions, stored in the
//! user's data folder. The LSP commands and the `quiz`/`stats` subcommands are
//! two front ends over the plain functions here.
//!
//! - [`dirs`] decides where progress and generated pages live;
//! - [`scheduler`] wraps FSRS-6 (the `fsrs` crate) with learning steps: a
//!   rating turns a card into the next card, and previews all four;
//! - [`store`] keeps `progress.json` (atomic writes, an advisory lock, a schema version);
//! - [`review_log`] appends every grade to `review-log.jsonl` under the same lock;
//! - [`session`] is a study session: today's queue, steps within the sitting,
//!   the new-card limit, undo, skip and "done for now";
//! - [`plan`] plans backwards from an interview date within a daily budget;
//! - [`optimize`] fits FSRS's parameters to the review log and keeps them;
//! - [`picker`] chooses a one-off question (due first, then unseen, never the one just shown);
//! - [`stats`] summarises progress per topic and difficulty, and retention from the log;
//! - [`cache`] writes the answer pages and the copy of the embedded bank editors open.
//!
//! Architecture invariant: progress is only ever changed inside
//! [`store::ProgressStore::update`], which holds the lock from read to rename,
//! so two editors (or an editor and the CLI) grading at once lose nothing.

pub mod cache;
pub mod dirs;
pub mod optimize;
pub mod picker;
pub mod plan;
pub mod points;
pub mod review_log;
pub mod scheduler;
pub mod session;
pub mod standing;
pub mod stats;
pub mod store;

use crate::bank::{Bank, Question, QuestionFilter};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, TimeZone, Utc};
use picker::{Pick, PickReason};
use scheduler::CardRecord;
use store::{Outcome, ProgressStore, StoreError};

/// "Now", with the user's local calendar day: streaks and "due today" follow
/// the user's days, not UTC's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The first instant of tomorrow (local), so "due today" means due before it.
    pub day_end: DateTime<Utc>,
}

/// Test builds only: `INTERVIEW_LS_NOW=2026-03-10T09:00:00+01:00` fixes
/// "now" and the local day (in the given offset), so end-to-end tests can
/// step through minutes and days.
#[cfg(feature = "test-hooks")]
pub const NOW_VARIABLE: &str = "INTERVIEW_LS_NOW";

impl Clock {
    pub fn local_now() -> Clock {
        #[cfg(feature = "test-hooks")]
        if let Some(clock) = std::env::var(NOW_VARIABLE)
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
        {
            return Clock::at(clock);
        }
        Clock::at_local(Local::now())
    }

    /// `now` with its local day in `now`'s own offset.
    pub fn at(now: DateTime<FixedOffset>) -> Clock {
        Clock::in_zone(now)
    }

    fn at_local(now: DateTime<Local>) -> Clock {
        Clock::in_zone(now)
    }

    fn in_zone<Tz: TimeZone>(local: DateTime<Tz>) -> Clock {
        let today = local.date_naive();
        let day_end = today
            .succ_opt()
            .and_then(|tomorrow| tomorrow.and_hms_opt(0, 0, 0))
            .and_then(|midnight| midnight.and_local_timezone(local.timezone()).earliest())
            .map_or_else(
                || local.with_timezone(&Utc) + chrono::Duration::days(1),
                |t| t.with_timezone(&Utc),
            );
        Clock {
            now: local.with_timezone(&Utc),
            today,
            day_end,
        }
    }

    /// The start of the user's day.
    pub fn day_start(&self) -> DateTime<Utc> {
        self.day_end - chrono::Duration::days(1)
    }
}

/// The questions the filter lets through, in bank order.
pub fn candidates<'a>(bank: &'a Bank, filter: &QuestionFilter) -> Vec<&'a Question> {
    bank.questions()
        .iter()
        .filter(|q| filter.matches(q))
        .collect()
}

/// Whether `question` is about one of `symbols` (canonical names such as
/// `fastapi.FastAPI.get`): one of its keywords is the symbol itself, a
/// keyword argument of it (`fastapi.FastAPI.get(response_model)`) or, for a
/// class, one of its members (`fastapi.FastAPI.include_router`). Code lenses
/// count with this rule and `interview.random {keywords}` picks with it, so
/// "3 interview questions" means the three the lens will draw from.
pub fn is_about(question: &Question, symbols: &[String]) -> bool {
    question.keywords.iter().any(|keyword| {
        symbols.iter().any(|symbol| {
            keyword
                .strip_prefix(symbol.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['(', '.']))
        })
    })
}

/// A pick and the question's card (`None` when never graded).
pub type PickWithCard<'a> = (Pick<'a>, Option<CardRecord>);

/// Picks the next question to practise among `candidates` (see [`picker`]),
/// with its card as the same read of the progress file has it (`None` when
/// never graded).
pub fn next_question<'a>(
    store: &ProgressStore,
    candidates: &[&'a Question],
    last_shown: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Outcome<Option<PickWithCard<'a>>>, StoreError> {
    let loaded = store.load()?;
    let mut rng = fastrand::Rng::new();
    let pick = picker::pick(candidates, &loaded.value, now, last_shown, &mut rng)
        .map(|pick| (pick, loaded.value.cards.get(&pick.question.id).cloned()));
    Ok(Outcome {
        value: pick,
        moved_aside: loaded.moved_aside,
    })
}

/// A short label for why a question was picked, for messages.
pub fn pick_label(reason: PickReason) -> &'static str {
    match reason {
        PickReason::Due => "due for review",
        PickReason::New => "new",
        PickReason::Ahead => "review ahead of schedule",
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Questions for the practice modules' unit tests.
    use crate::bank::{Difficulty, Framework, Location, Question};

    /// A question with only what practising looks at: its id, difficulty,
    /// framework and topics.
    pub fn question(
        id: &str,
        difficulty: Difficulty,
        framework: Framework,
        topics: &[&str],
    ) -> Question {
        Question {
            id: id.into(),
            title: format!("{id}?"),
            difficulty,
            frameworks: vec![framework],
            topics: topics.iter().map(|t| t.to_string()).collect(),
            keywords: vec![],
            aliases: vec![],
            short: "s".into(),
            points: vec![],
            answer: "a".into(),
            examples: vec![],
            snippets: vec![],
            topics_line: 1,
            source: Location {
                path: "x.md".into(),
                line: 1,
            },
        }
    }
}
