//! The study-session commands — `interview.next`, `interview.grade`,
//! `interview.skip`, `interview.undo` and `interview.plan` — for editor
//! clients that draw their own practice UI.
//!
//! The library's session model ([`crate::practice::session`]) decides
//! everything; this module resolves a session's settings, runs the
//! progress-file work on the blocking pool, and answers every action with
//! the session's next step, so a client needs one request per key press.
//! The undo history is the server's (see `ServerState::push_undo`): any
//! client can offer "undo" without holding state of its own.

use super::practice::{Context, Selection, report_moved, to_json};
use super::protocol::{GradeArgs, ListArgs, PlanArgs, SessionArgs, SkipArgs, UndoArgs};
use super::work::{blocking, internal};
use crate::bank::{Bank, Question, QuestionFilter, QuestionSummary};
use crate::practice::plan::{self, Plan, Until, report};
use crate::practice::points;
use crate::practice::scheduler::{Rating, Scheduler};
use crate::practice::session::{self, Answered, Counts, Graded, SessionOptions, SessionStep};
use crate::practice::standing::{self, QuestionStanding, TopicStanding};
use crate::practice::store::{MovedAside, ProgressStore};
use crate::practice::{Clock, optimize};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::MessageType;

/// Everything a session step depends on besides the progress and the clock.
#[derive(Clone)]
struct Spec {
    selection: Selection,
    options: SessionOptions,
    request: Option<plan::Request>,
    scheduler: Scheduler,
}

impl Spec {
    /// The session `args` describe, over the settings: explicit arguments
    /// win; the `interviewDate` setting plans only while it is ahead (after
    /// it, cards follow their ordinary schedule), an explicit `until` must be.
    async fn resolve(cx: &Context, args: &SessionArgs, clock: &Clock) -> Result<Spec> {
        let selection = Selection::new(args.filter(), args.keywords.clone().unwrap_or_default());
        selection
            .filter
            .select(&cx.bank)
            .map_err(Error::invalid_params)?;
        let minutes = budget(args.minutes, cx.config.daily_minutes)?;
        let request = match &args.until {
            Some(until) => Some(plan::Request {
                until: ahead(parse_until(until, clock)?, clock)?,
                minutes_per_day: minutes,
            }),
            None => cx
                .config
                .interview_date
                .filter(|date| *date > clock.today)
                .map(|until| plan::Request {
                    until,
                    minutes_per_day: minutes,
                }),
        };
        Ok(Spec {
            selection,
            options: SessionOptions {
                new_per_day: args.new_per_day.unwrap_or(cx.config.new_per_day),
            },
            request,
            scheduler: scheduler(cx).await?,
        })
    }
}

/// The scheduler with the settings' steps and the user's fitted parameters;
/// a saved-parameters file that cannot be used is told, and the defaults used.
async fn scheduler(cx: &Context) -> Result<Scheduler> {
    let dir = cx.dirs()?.data;
    let config = cx.config.scheduler_config();
    let (scheduler, problem) = blocking(move || Ok(optimize::scheduler_for(&dir, &config)))
        .await
        .map_err(internal)?;
    if let Some(problem) = problem {
        cx.client
            .log_message(MessageType::WARNING, format!("interview-ls: {problem}"))
            .await;
    }
    Ok(scheduler)
}

fn parse_until(text: &str, clock: &Clock) -> Result<NaiveDate> {
    text.parse::<Until>()
        .map(|until| until.resolve(clock.today))
        .map_err(|e| Error::invalid_params(format!("until: {e}")))
}

fn ahead(date: NaiveDate, clock: &Clock) -> Result<NaiveDate> {
    if date > clock.today {
        Ok(date)
    } else {
        Err(Error::invalid_params(
            plan::PlanError::NotAhead {
                until: date,
                today: clock.today,
            }
            .to_string(),
        ))
    }
}

fn budget(minutes: Option<f64>, setting: f64) -> Result<f64> {
    let minutes = minutes.unwrap_or(setting);
    if minutes > 0.0 && minutes <= 1440.0 {
        Ok(minutes)
    } else {
        Err(Error::invalid_params(format!(
            "minutes: {minutes} is not between 0 and 1440"
        )))
    }
}

/// What a client shows next: a card with its question, counts and the four
/// grades' intervals, or "done" with the next due time.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct View {
    #[serde(flatten)]
    step: SessionStep,
    /// What is left today (all zero when done).
    counts: Counts,
    /// `4 due · 10 new · 0 learning`, or the "Done for now" line.
    message: String,
    /// The card's question.
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<Question>,
    /// With key points: the grade proposed for each number of points said
    /// (`proposals[2]` when two were ticked).
    #[serde(skip_serializing_if = "Option::is_none")]
    proposals: Option<Vec<Rating>>,
    /// The interview plan's forecast, when the session follows one.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Forecast>,
}

/// The headline of a plan: what the session is working towards.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Forecast {
    interview_date: NaiveDate,
    minutes_per_day: f64,
    cards: usize,
    feasible: bool,
    shortfall: Option<String>,
    expected_recall: f64,
    expected_cards: f64,
}

impl Forecast {
    fn of(plan: &Plan) -> Forecast {
        Forecast {
            interview_date: plan.interview_date,
            minutes_per_day: plan.minutes_per_day,
            cards: plan.cards,
            feasible: plan.feasible,
            shortfall: plan.shortfall.clone(),
            expected_recall: plan.expected_recall,
            expected_cards: plan.expected_cards,
        }
    }
}

/// The session's next step, read from the files as they are now.
fn next_view(
    store: &ProgressStore,
    bank: &Bank,
    spec: &Spec,
    clock: &Clock,
) -> std::result::Result<(View, Option<MovedAside>), String> {
    let questions = spec.selection.candidates(bank);
    let upcoming = session::next_from_store(
        store,
        &questions,
        clock,
        &spec.options,
        &spec.scheduler,
        spec.request.as_ref(),
    )
    .map_err(|e| e.to_string())?;
    let step = upcoming.value.step;
    let (counts, message, question) = match &step {
        SessionStep::Card(card) => (
            card.counts,
            card.counts.to_string(),
            bank.get(&card.id).cloned(),
        ),
        SessionStep::Done(done) => (Counts::default(), done.message.clone(), None),
    };
    let proposals = question
        .as_ref()
        .filter(|q| !q.points.is_empty())
        .map(|q| points::proposals(q.points.len()));
    let view = View {
        step,
        counts,
        message,
        question,
        proposals,
        plan: upcoming.value.plan.as_ref().map(Forecast::of),
    };
    Ok((view, upcoming.moved_aside))
}

/// `interview.next`.
pub async fn next(cx: &Context, args: SessionArgs) -> Result<Value> {
    let clock = Clock::local_now();
    let spec = Spec::resolve(cx, &args, &clock).await?;
    let view = view_after(cx, &spec, &clock).await?;
    to_json(&view)
}

async fn view_after(cx: &Context, spec: &Spec, clock: &Clock) -> Result<View> {
    let store = cx.store()?;
    let bank = Arc::clone(&cx.bank);
    let (spec, clock) = (spec.clone(), *clock);
    let (view, moved) = blocking(move || next_view(&store, &bank, &spec, &clock))
        .await
        .map_err(internal)?;
    report_moved(&cx.client, moved.as_ref()).await;
    Ok(view)
}

/// What a grade, skip or undo answers: what it did, then the next step.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Acted<T: Serialize> {
    #[serde(flatten)]
    done: T,
    /// What to tell the user: `Good: next review in 3 days.`
    message: String,
    /// What is left today and the step after this one; a grade sent without
    /// a `session` leaves them out (a one-off question has no session).
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<Counts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<View>,
}

impl<T: Serialize> Acted<T> {
    fn new(done: T, message: String, next: Option<View>) -> Acted<T> {
        Acted {
            done,
            message,
            counts: next.as_ref().map(|view| view.counts),
            next,
        }
    }
}

/// `interview.grade`: the grade is applied with the settings' scheduler,
/// logged, and kept for `interview.undo`.
pub async fn grade(cx: &Context, args: GradeArgs) -> Result<Value> {
    let question = cx.question(&args.id)?;
    let clock = Clock::local_now();
    let in_session = args.session.is_some();
    let spec = Spec::resolve(cx, &args.session.unwrap_or_default(), &clock).await?;
    let missed = match &args.said {
        Some(said) => points::missed(&question, said).map_err(Error::invalid_params)?,
        None => Vec::new(),
    };
    let answered = Answered {
        seconds: args.seconds,
        missed,
    };
    let graded = apply_grade(cx, &spec.scheduler, &question.id, args.rating, answered).await?;
    let next = match in_session {
        true => Some(view_after(cx, &spec, &clock).await?),
        false => None,
    };
    let message = format!(
        "{}: next review {}.",
        graded.rating.label(),
        graded.next_review
    );
    to_json(&Acted::new(GradeView::of(graded), message, next))
}

/// A grade as clients see it; the undo record stays on the server.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GradeView {
    id: String,
    rating: Rating,
    card: crate::practice::scheduler::CardRecord,
    /// `in 3 days`.
    next_review: String,
}

impl GradeView {
    fn of(graded: Graded) -> GradeView {
        GradeView {
            id: graded.id,
            rating: graded.rating,
            card: graded.card,
            next_review: graded.next_review,
        }
    }
}

/// Grades `id`, logs it and remembers how to undo it. What the grade
/// command and the plain clients' dialog share.
pub async fn apply_grade(
    cx: &Context,
    scheduler: &Scheduler,
    id: &str,
    rating: Rating,
    answered: Answered,
) -> Result<Graded> {
    if let Some(s) = answered.seconds
        && !(s.is_finite() && s >= 0.0)
    {
        return Err(Error::invalid_params(format!(
            "seconds: {s} is not a duration"
        )));
    }
    let store = cx.store()?;
    let (scheduler, id) = (scheduler.clone(), id.to_string());
    let clock = Clock::local_now();
    let outcome = blocking(move || {
        session::grade(&store, &scheduler, &id, rating, &clock, answered).map_err(|e| e.to_string())
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, outcome.moved_aside.as_ref()).await;
    cx.state.push_undo(outcome.value.undo.clone());
    Ok(outcome.value)
}

/// The scheduler a plain grade uses (the settings' steps and the user's
/// fitted parameters), for callers outside a session.
pub async fn settings_scheduler(cx: &Context) -> Result<Scheduler> {
    scheduler(cx).await
}

/// `interview.skip`: buries the card until tomorrow.
pub async fn skip(cx: &Context, args: SkipArgs) -> Result<Value> {
    let question = cx.question(&args.id)?;
    let clock = Clock::local_now();
    let spec = Spec::resolve(cx, &args.session.unwrap_or_default(), &clock).await?;
    let store = cx.store()?;
    let (id, day) = (question.id.clone(), clock);
    let outcome = blocking(move || session::skip(&store, &id, &day).map_err(|e| e.to_string()))
        .await
        .map_err(internal)?;
    report_moved(&cx.client, outcome.moved_aside.as_ref()).await;
    cx.state.push_undo(outcome.value);
    let next = view_after(cx, &spec, &clock).await?;
    to_json(&Acted::new(
        json!({"skipped": question.id}),
        format!("Skipped “{}” until tomorrow.", question.title),
        Some(next),
    ))
}

/// `interview.undo`: takes back the last grade or skip of this server,
/// leaving progress and the review log exactly as they were before it.
pub async fn undo(cx: &Context, args: UndoArgs) -> Result<Value> {
    let clock = Clock::local_now();
    let spec = Spec::resolve(cx, &args.session.unwrap_or_default(), &clock).await?;
    let Some(last) = cx.state.pop_undo() else {
        let next = view_after(cx, &spec, &clock).await?;
        return to_json(&Acted::new(
            json!({"undone": null}),
            "Nothing to undo.".to_string(),
            Some(next),
        ));
    };
    let store = cx.store()?;
    let record = last.clone();
    let outcome = blocking(move || session::undo(&store, &record).map_err(|e| e.to_string())).await;
    if let Err(message) = outcome {
        // Keep it for another try: the progress file was not changed.
        cx.state.push_undo(last);
        return Err(internal(message));
    }
    let next = view_after(cx, &spec, &clock).await?;
    let what = match &last.logged {
        Some(entry) => format!("the {} grade", entry.rating.label()),
        None => "the skip".to_string(),
    };
    let title = cx.bank.get(&last.id).map_or(last.id.as_str(), |q| &q.title);
    to_json(&Acted::new(
        json!({
            "undone": {
                "id": last.id,
                "rating": last.logged.as_ref().map(|e| e.rating),
            }
        }),
        format!("Undid {what} of “{title}”."),
        Some(next),
    ))
}

/// `interview.plan`: the plan, its what-if budgets and the same text the
/// CLI's `plan` prints.
pub async fn plan(cx: &Context, args: PlanArgs) -> Result<Value> {
    let clock = Clock::local_now();
    let until = match (&args.until, cx.config.interview_date) {
        (Some(text), _) => parse_until(text, &clock)?,
        (None, Some(date)) => date,
        (None, None) => {
            return Err(Error::invalid_params(
                "no interview date: pass `until` (YYYY-MM-DD, `tomorrow` or a weekday) or set `interviewDate`",
            ));
        }
    };
    let request = plan::Request {
        until: ahead(until, &clock)?,
        minutes_per_day: budget(args.minutes, cx.config.daily_minutes)?,
    };
    let filter = QuestionFilter {
        difficulty: args.difficulty,
        framework: args.framework,
        topic: args.topic.clone(),
    };
    filter.select(&cx.bank).map_err(Error::invalid_params)?;
    let scheduler = scheduler(cx).await?;
    let store = cx.store()?;
    let bank = Arc::clone(&cx.bank);
    let result = blocking(move || {
        let questions = filter.select(&bank)?;
        let loaded = store.load().map_err(|e| e.to_string())?;
        let log = store.log().read_or_say()?;
        let (made, what_if) = report::with_what_if(
            &questions,
            &loaded.value,
            &log.entries,
            &clock,
            &scheduler,
            &request,
        )
        .map_err(|e| e.to_string())?;
        let text = report::render(&made, &what_if, &clock);
        Ok((made, what_if, text, loaded.moved_aside))
    })
    .await
    .map_err(internal)?;
    let (made, what_if, text, moved) = result;
    report_moved(&cx.client, moved.as_ref()).await;
    let mut value = to_json(&made)?;
    value["whatIf"] = to_json(&what_if)?;
    value["text"] = json!(text);
    Ok(value)
}

/// One row of `interview.list`: the question's summary and where it stands.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListedQuestion<'a> {
    #[serde(flatten)]
    summary: QuestionSummary<'a>,
    #[serde(flatten)]
    standing: QuestionStanding,
}

/// `interview.list`: what a question tree or picker shows — every matching
/// question with its standing, the per-topic counts, and today's session
/// counts (with the settings' new-card limit and interview date).
pub async fn list(cx: &Context, args: ListArgs) -> Result<Value> {
    let clock = Clock::local_now();
    let session_args = SessionArgs {
        difficulty: args.difficulty,
        framework: args.framework,
        topic: args.topic.clone(),
        ..SessionArgs::default()
    };
    let spec = Spec::resolve(cx, &session_args, &clock).await?;
    let store = cx.store()?;
    let bank = Arc::clone(&cx.bank);
    let (value, moved) = blocking(move || {
        let questions = spec.selection.candidates(&bank);
        let loaded = session::load_today(
            &store,
            &questions,
            &clock,
            &spec.scheduler,
            spec.request.as_ref(),
        )
        .map_err(|e| e.to_string())?;
        let (progress, plan) = &loaded.value;
        let counts = session::counts(
            &questions,
            progress,
            &clock,
            &spec.options,
            plan.as_ref().map(|p| &p.today),
        );
        let standings = standing::of_questions(&questions, progress, &clock);
        let topics: Vec<TopicStanding> = standing::by_topic(&bank.topics(), &questions, &standings)
            .into_iter()
            .filter(|t| t.total > 0)
            .collect();
        let rows: Vec<ListedQuestion<'_>> = questions
            .iter()
            .zip(standings)
            .map(|(q, standing)| ListedQuestion {
                summary: QuestionSummary::of(q, None),
                standing,
            })
            .collect();
        let value = json!({
            "questions": rows,
            "topics": topics,
            "counts": counts,
            "message": counts.to_string(),
        });
        Ok((value, loaded.moved_aside))
    })
    .await
    .map_err(internal)?;
    report_moved(&cx.client, moved.as_ref()).await;
    Ok(value)
}
