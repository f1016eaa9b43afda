//! A study session, as Anki runs one: today's queue for a filter, cards in
//! their learning steps coming back within the sitting, a daily limit on new
//! cards, undo, skip, and a clear end ("Done for now — next review in 2 days
//! (3 cards)") instead of reviewing ahead forever.
//!
//! Everything here is plain data in and out, so the terminal quiz and the
//! editors' commands share it: [`next`] is a pure function of the progress
//! and the clock (the session keeps no queue that could go stale when
//! another editor grades), and [`grade`], [`skip`] and [`undo`] change the
//! progress under the store's lock and return an [`Undo`] that can be kept
//! anywhere, serialised if need be.
//!
//! The order, each time a card is asked for:
//! 1. cards in their steps whose minutes are up (the soonest first);
//! 2. reviews due today (the most overdue first);
//! 3. new cards, up to the day's limit, in bank order;
//! 4. cards in their steps still waiting: the next one early, since the
//!    sitting would otherwise end with work left for today.
//!
//! A day's [`Agenda`] (from the interview planner) replaces 2 and 3.

use super::Clock;
use super::plan::{self, Plan, PlanError};
use super::review_log::ReviewEntry;
use super::scheduler::{self, CardRecord, CardState, Preview, Rating, Scheduler};
use super::store::{LogChange, Outcome, Progress, ProgressStore, StoreError};
use crate::bank::Question;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// New cards a day unless the user says otherwise (`--new N`, `newPerDay`).
pub const DEFAULT_NEW_PER_DAY: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOptions {
    /// New cards introduced per local day, across sessions.
    pub new_per_day: u32,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            new_per_day: DEFAULT_NEW_PER_DAY,
        }
    }
}

/// What today's session is made of, when a plan decides it rather than
/// FSRS's due dates and the new-card limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Agenda {
    /// Seen cards to review today.
    pub reviews: BTreeSet<String>,
    /// Unseen cards to introduce today, in order.
    pub new: Vec<String>,
}

/// What is left today: `4 due · 10 new · 0 learning`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub due: usize,
    pub new: usize,
    pub learning: usize,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} due · {} new · {} learning",
            self.due, self.new, self.learning
        )
    }
}

impl Counts {
    pub fn total(&self) -> usize {
        self.due + self.new + self.learning
    }
}

/// The card to show next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextCard {
    pub id: String,
    /// `new`, `learning`, `review` or `relearning`.
    pub state: CardState,
    /// A card in its steps shown before its minutes are up, because nothing
    /// else is left today.
    pub early: bool,
    /// What is left, this card included.
    pub counts: Counts,
    /// The four grades' intervals, from the scheduler that applies them.
    pub previews: [Preview; 4],
    pub card: Option<CardRecord>,
}

/// Nothing left today.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    /// When the next card of the filter is due; `None` when none was ever seen.
    pub next_due: Option<DateTime<Utc>>,
    /// How many cards are due by the end of that day.
    pub next_due_cards: usize,
    /// Unseen cards held back by the daily new-card limit.
    pub new_waiting: usize,
    /// `Done for now — next review in 2 days (3 cards)`.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum SessionStep {
    Card(Box<NextCard>),
    Done(Done),
}

/// The next card of today's session for `questions`, or why there is none.
pub fn next(
    questions: &[&Question],
    progress: &Progress,
    clock: &Clock,
    options: &SessionOptions,
    scheduler: &Scheduler,
    agenda: Option<&Agenda>,
) -> SessionStep {
    let queue = Queue::build(questions, progress, clock, options, agenda);
    let counts = queue.counts();
    let card_of = |id: &str| progress.cards.get(id);
    let chosen = queue
        .steps_due
        .first()
        .map(|id| (id, false))
        .or_else(|| queue.reviews.first().map(|id| (id, false)))
        .or_else(|| queue.new.first().map(|id| (id, false)))
        .or_else(|| queue.steps_waiting.first().map(|id| (id, true)));
    let Some((id, early)) = chosen else {
        return SessionStep::Done(done(questions, progress, clock, &queue));
    };
    let card = card_of(id).cloned();
    SessionStep::Card(Box::new(NextCard {
        id: id.clone(),
        state: card.as_ref().map_or(CardState::New, |c| c.state),
        early,
        counts,
        previews: scheduler.preview(card.as_ref(), clock),
        card,
    }))
}

/// Today's counts for `questions` (what a session would start with).
pub fn counts(
    questions: &[&Question],
    progress: &Progress,
    clock: &Clock,
    options: &SessionOptions,
    agenda: Option<&Agenda>,
) -> Counts {
    Queue::build(questions, progress, clock, options, agenda).counts()
}

/// Today's cards, each list in the order it is worked through.
struct Queue {
    steps_due: Vec<String>,
    reviews: Vec<String>,
    new: Vec<String>,
    steps_waiting: Vec<String>,
    /// Unseen cards beyond the limit.
    new_waiting: usize,
}

impl Queue {
    fn build(
        questions: &[&Question],
        progress: &Progress,
        clock: &Clock,
        options: &SessionOptions,
        agenda: Option<&Agenda>,
    ) -> Queue {
        let mut steps: Vec<(&CardRecord, &str)> = Vec::new();
        let mut reviews: Vec<(&CardRecord, &str)> = Vec::new();
        let mut unseen: Vec<&str> = Vec::new();
        for question in questions {
            let id = question.id.as_str();
            if progress.is_buried(id, clock.today) {
                continue;
            }
            match progress.cards.get(id) {
                None => unseen.push(id),
                Some(card) if card.state.in_steps() && card.due < clock.day_end => {
                    steps.push((card, id));
                }
                Some(card) if card.state.in_steps() => {}
                Some(card) => {
                    let planned =
                        agenda.map_or(card.due < clock.day_end, |a| a.reviews.contains(id));
                    // A card graded today left today's agenda (its next
                    // review is another day, whatever the plan said).
                    let graded_today = card.last_review >= clock.day_start();
                    if planned && !(agenda.is_some() && graded_today) {
                        reviews.push((card, id));
                    }
                }
            }
        }
        steps.sort_by_key(|(card, _)| card.due);
        reviews.sort_by_key(|(card, _)| card.due);
        let (new, new_waiting) = match agenda {
            Some(agenda) => {
                let unseen: BTreeSet<&str> = unseen.iter().copied().collect();
                let new: Vec<String> = agenda
                    .new
                    .iter()
                    .filter(|id| unseen.contains(id.as_str()))
                    .cloned()
                    .collect();
                let waiting = unseen.len() - new.len();
                (new, waiting)
            }
            None => {
                let left = options
                    .new_per_day
                    .saturating_sub(progress.introduced_on(clock.today))
                    as usize;
                let take = left.min(unseen.len());
                let new = unseen[..take].iter().map(|id| id.to_string()).collect();
                (new, unseen.len() - take)
            }
        };
        let (due_now, waiting): (Vec<_>, Vec<_>) = steps
            .into_iter()
            .partition(|(card, _)| card.due <= clock.now);
        let ids = |cards: Vec<(&CardRecord, &str)>| {
            cards.into_iter().map(|(_, id)| id.to_string()).collect()
        };
        Queue {
            steps_due: ids(due_now),
            reviews: ids(reviews),
            new,
            steps_waiting: ids(waiting),
            new_waiting,
        }
    }

    fn counts(&self) -> Counts {
        Counts {
            due: self.reviews.len(),
            new: self.new.len(),
            learning: self.steps_due.len() + self.steps_waiting.len(),
        }
    }
}

fn done(questions: &[&Question], progress: &Progress, clock: &Clock, queue: &Queue) -> Done {
    // Skipped cards are back tomorrow at the earliest.
    let due_dates: Vec<DateTime<Utc>> = questions
        .iter()
        .filter_map(|q| {
            let card = progress.cards.get(&q.id)?;
            Some(if progress.is_buried(&q.id, clock.today) {
                card.due.max(clock.day_end)
            } else {
                card.due
            })
        })
        .collect();
    let next_due = due_dates.iter().min().copied();
    let next_due_cards = next_due.map_or(0, |first| {
        let that_day_end = if first < clock.day_end {
            clock.day_end
        } else {
            scheduler::due_in_days(clock, day_offset(first, clock) + 1)
        };
        due_dates.iter().filter(|&&due| due < that_day_end).count()
    });
    let mut message = match next_due {
        Some(due) => format!(
            "Done for now — next review {} ({} card{})",
            scheduler::describe_due(due, clock),
            next_due_cards,
            if next_due_cards == 1 { "" } else { "s" }
        ),
        None if queue.new_waiting > 0 => "Done for now".to_string(),
        None => "Done — nothing to review".to_string(),
    };
    if queue.new_waiting > 0 {
        message.push_str(&format!(
            "; {} new card{} wait{} for another day",
            queue.new_waiting,
            if queue.new_waiting == 1 { "" } else { "s" },
            if queue.new_waiting == 1 { "s" } else { "" },
        ));
    }
    Done {
        next_due,
        next_due_cards,
        new_waiting: queue.new_waiting,
        message,
    }
}

/// Whole local days from today to `due` (0: today).
fn day_offset(due: DateTime<Utc>, clock: &Clock) -> u32 {
    if due < clock.day_end {
        0
    } else {
        u32::try_from((due - clock.day_end).num_days() + 1).unwrap_or(u32::MAX)
    }
}

/// Today's next card, and the plan it came from when there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upcoming {
    pub step: SessionStep,
    pub plan: Option<Plan>,
}

/// Why the next card could not be worked out.
#[derive(Debug)]
pub enum NextError {
    Store(StoreError),
    Log { path: PathBuf, source: io::Error },
    Plan(PlanError),
}

impl fmt::Display for NextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextError::Store(e) => e.fmt(f),
            NextError::Log { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            NextError::Plan(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for NextError {}

/// The progress and, with a plan request, the plan made afresh from it and
/// the review log (so it follows what was actually done): what today's
/// session is worked out from.
pub fn load_today(
    store: &ProgressStore,
    questions: &[&Question],
    clock: &Clock,
    scheduler: &Scheduler,
    request: Option<&plan::Request>,
) -> Result<Outcome<(Progress, Option<Plan>)>, NextError> {
    let loaded = store.load().map_err(NextError::Store)?;
    let plan = match request {
        Some(request) => {
            let log = store.log();
            let entries = log.read().map_err(|source| NextError::Log {
                path: log.path().to_path_buf(),
                source,
            })?;
            let made = plan::make(
                questions,
                &loaded.value,
                &entries.entries,
                clock,
                scheduler,
                request,
            )
            .map_err(NextError::Plan)?;
            Some(made)
        }
        None => None,
    };
    Ok(Outcome {
        value: (loaded.value, plan),
        moved_aside: loaded.moved_aside,
    })
}

/// [`next`] from the files as they are now (see [`load_today`]). What the
/// quiz and an editor command call per card.
pub fn next_from_store(
    store: &ProgressStore,
    questions: &[&Question],
    clock: &Clock,
    options: &SessionOptions,
    scheduler: &Scheduler,
    request: Option<&plan::Request>,
) -> Result<Outcome<Upcoming>, NextError> {
    let loaded = load_today(store, questions, clock, scheduler, request)?;
    let (progress, plan) = loaded.value;
    let agenda = plan.as_ref().map(|p| &p.today);
    let step = next(questions, &progress, clock, options, scheduler, agenda);
    Ok(Outcome {
        value: Upcoming { step, plan },
        moved_aside: loaded.moved_aside,
    })
}

/// How to take back a grade or a skip: the state of the one question it
/// changed. Serialisable, so an editor can hold it between commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Undo {
    pub id: String,
    pub card: Option<CardRecord>,
    pub buried: Option<NaiveDate>,
    /// The local day of the action.
    pub day: NaiveDate,
    /// The log entry a grade wrote; `None` for a skip.
    pub logged: Option<ReviewEntry>,
}

/// A grade applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Graded {
    pub id: String,
    pub rating: Rating,
    pub card: CardRecord,
    /// `in 10 minutes`, `tomorrow`, `in 4 days`.
    pub next_review: String,
    pub undo: Undo,
}

/// How a grade was given, for the review log: how long the answer took and
/// which key points the user did not tick.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answered {
    pub seconds: Option<f64>,
    pub missed: Vec<String>,
}

/// Grades `id`, logs it (with how it was answered) and returns how to undo it.
pub fn grade(
    store: &ProgressStore,
    scheduler: &Scheduler,
    id: &str,
    rating: Rating,
    clock: &Clock,
    answered: Answered,
) -> Result<Outcome<Graded>, StoreError> {
    store.update_logged(|progress| {
        let buried = progress.buried.get(id).copied();
        let (before, after) = progress.grade_card(scheduler, id, rating, clock);
        let entry = ReviewEntry {
            time: clock.now,
            id: id.to_string(),
            rating,
            before: before.clone(),
            after: after.clone(),
            seconds: answered.seconds.map(|s| (s * 10.0).round() / 10.0),
            missed: answered.missed,
        };
        let graded = Graded {
            id: id.to_string(),
            rating,
            next_review: scheduler::describe_due(after.due, clock),
            card: after,
            undo: Undo {
                id: id.to_string(),
                card: before,
                buried,
                day: clock.today,
                logged: Some(entry.clone()),
            },
        };
        (graded, LogChange::Append(entry))
    })
}

/// Buries `id` until tomorrow.
pub fn skip(store: &ProgressStore, id: &str, clock: &Clock) -> Result<Outcome<Undo>, StoreError> {
    store.update(|progress| {
        let undo = Undo {
            id: id.to_string(),
            card: progress.cards.get(id).cloned(),
            buried: progress.buried.get(id).copied(),
            day: clock.today,
            logged: None,
        };
        progress.buried.insert(id.to_string(), clock.today);
        undo
    })
}

/// Takes back a grade or a skip: the question's card, its skip and the
/// day's counts are as they were, and a grade's log line is removed.
pub fn undo(store: &ProgressStore, undo: &Undo) -> Result<Outcome<()>, StoreError> {
    store.update_logged(|progress| {
        match &undo.card {
            Some(card) => progress.cards.insert(undo.id.clone(), card.clone()),
            None => progress.cards.remove(&undo.id),
        };
        match undo.buried {
            Some(day) => progress.buried.insert(undo.id.clone(), day),
            None => progress.buried.remove(&undo.id),
        };
        let Some(entry) = &undo.logged else {
            return ((), LogChange::Nothing);
        };
        decrement(&mut progress.days, undo.day);
        if undo.card.is_none() {
            decrement(&mut progress.introduced, undo.day);
        }
        ((), LogChange::Remove(entry.clone()))
    })
}

fn decrement(counts: &mut std::collections::BTreeMap<NaiveDate, u32>, day: NaiveDate) {
    if let Some(n) = counts.get_mut(&day) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            counts.remove(&day);
        }
    }
}

#[cfg(test)]
mod tests;
