//! The interview planner against a synthetic learner, deterministically.
//!
//! Each seed builds a world: some of the bank's questions, a share of them
//! already studied in the past, an interview 2–10 days ahead and a daily
//! budget. The learner's true memory follows FSRS-6 with weights perturbed
//! per seed (so the scheduler's model is close but not exact); every answer
//! is remembered with the true recall probability, drawn from a seeded RNG.
//! Three policies study the same world with the same costs and budget:
//!
//! - **plan**: `practice::plan` each morning, then today's agenda;
//! - **fsrs**: plain FSRS at 0.9, due cards first, new cards while the
//!   budget lasts;
//! - **cap**: the same, with every interval capped at the days left.
//!
//! Measured: the mean true recall probability on the interview day.

use chrono::{Duration, TimeZone, Utc};
use fsrs::{FSRS, MemoryState};
use interview_ls::bank::{Bank, Question};
use interview_ls::practice::Clock;
use interview_ls::practice::plan::{self, Costs, Request};
use interview_ls::practice::scheduler::{self, CardState, Rating, Scheduler};
use interview_ls::practice::store::Progress;
use std::collections::HashMap;

const SEEDS: u64 = 24;
const COSTS: Costs = Costs {
    new_minutes: plan::costs::DEFAULT_NEW_MINUTES,
    review_minutes: plan::costs::DEFAULT_REVIEW_MINUTES,
    from_log: false,
};

/// Day `d` (relative to the first study day) at `minutes` past 09:00.
fn clock(day: i64, minutes: i64) -> Clock {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    Clock::at((start + Duration::days(day) + Duration::minutes(minutes)).fixed_offset())
}

/// The true memory of one card: state and the time of its last review, in days.
#[derive(Clone, Copy)]
struct Truth {
    memory: MemoryState,
    at: f64,
}

#[derive(Clone)]
struct World {
    progress: Progress,
    truth: HashMap<String, Truth>,
    rng: fastrand::Rng,
    model: FSRS,
    decay: f32,
    /// Days each card was studied during the run.
    touched: HashMap<String, Vec<i64>>,
}

impl World {
    fn days_of(time: chrono::DateTime<Utc>) -> f64 {
        (time - clock(0, 0).now).num_seconds() as f64 / 86_400.0
    }

    /// One grade by the learner at `at`: remembered with the true
    /// probability (a first sight is never remembered).
    fn answer(&mut self, s: &Scheduler, id: &str, at: &Clock) {
        let now = World::days_of(at.now);
        let truth = self.truth.get(id).copied();
        let rating = match truth {
            None => Rating::Again,
            Some(t) => {
                let r = fsrs::current_retrievability(t.memory, (now - t.at) as f32, self.decay);
                if self.rng.f32() < r {
                    Rating::Good
                } else {
                    Rating::Again
                }
            }
        };
        let elapsed = truth.map_or(0, |t| (now.floor() - t.at.floor()).max(0.0) as u32);
        let states = self
            .model
            .next_states(truth.map(|t| t.memory), 0.9, elapsed)
            .unwrap();
        let memory = if rating == Rating::Good {
            states.good.memory
        } else {
            states.again.memory
        };
        self.truth.insert(id.to_string(), Truth { memory, at: now });
        self.progress.grade_card(s, id, rating, at);
    }

    /// Studies `id` on `day` as a session would: the first grade, then
    /// its learning steps until it leaves them.
    fn study(&mut self, s: &Scheduler, id: &str, day: i64) {
        self.answer(s, id, &clock(day, 0));
        for _ in 0..12 {
            let card = &self.progress.cards[id];
            if !card.state.in_steps() {
                break;
            }
            let at = Clock::at(card.due.fixed_offset());
            self.answer(s, id, &at);
        }
        self.touched.entry(id.to_string()).or_default().push(day);
    }

    /// Mean true recall on `day` at 09:00.
    fn recall_on(&self, ids: &[String], day: i64) -> f64 {
        let at = World::days_of(clock(day, 0).now);
        ids.iter()
            .map(|id| {
                self.truth.get(id).map_or(0.0, |t| {
                    f64::from(fsrs::current_retrievability(
                        t.memory,
                        (at - t.at) as f32,
                        self.decay,
                    ))
                })
            })
            .sum::<f64>()
            / ids.len() as f64
    }
}

struct Setup {
    world: World,
    questions: Vec<Question>,
    days: i64,
    budget: f64,
}

fn setup(seed: u64, budget_factor: f64) -> Setup {
    let mut rng = fastrand::Rng::with_seed(seed);
    let bank = Bank::load(&[]);
    let mut questions: Vec<Question> = bank.questions().to_vec();
    rng.shuffle(&mut questions);
    questions.truncate(rng.usize(24..=60));
    let mut weights = fsrs::DEFAULT_PARAMETERS.to_vec();
    // Initial stabilities and the growth of stability on success.
    for i in [0, 1, 2, 3, 8, 9, 10] {
        weights[i] *= 0.85 + 0.3 * rng.f32();
    }
    let model = FSRS::new(&weights).unwrap();
    let mut world = World {
        progress: Progress::default(),
        truth: HashMap::new(),
        rng: fastrand::Rng::with_seed(seed ^ 0x5eed),
        model,
        decay: weights[20],
        touched: HashMap::new(),
    };
    // A share of the set was studied before, on plain FSRS.
    let s = Scheduler::default();
    let seen_share = rng.f64() * 0.5;
    for q in &questions {
        if rng.f64() < seen_share {
            let mut day = -rng.i64(5..60);
            while day < 0 {
                world.study(&s, &q.id, day);
                let due = world.progress.cards[&q.id].due;
                day = (World::days_of(due)).floor() as i64;
            }
        }
    }
    world.touched.clear();
    let days = rng.i64(2..=10);
    let need: f64 = questions
        .iter()
        .map(|q| {
            if world.progress.cards.contains_key(&q.id) {
                COSTS.review_minutes
            } else {
                COSTS.new_minutes + COSTS.review_minutes
            }
        })
        .sum();
    let budget = (need / days as f64 * budget_factor * (1.1 + 0.9 * rng.f64())).ceil();
    Setup {
        world,
        questions,
        days,
        budget,
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Run {
    recall: f64,
    max_over_budget: f64,
}

fn run_plan(mut setup: Setup) -> (Run, Setup, bool) {
    let s = Scheduler::default();
    let ids: Vec<String> = setup.questions.iter().map(|q| q.id.clone()).collect();
    let refs: Vec<&Question> = setup.questions.iter().collect();
    let until = clock(setup.days, 0).today;
    let mut run = Run::default();
    let mut first_feasible = None;
    for day in 0..setup.days {
        let plan = plan::make(
            &refs,
            &setup.world.progress,
            &[],
            &clock(day, 0),
            &s,
            &Request {
                until,
                minutes_per_day: setup.budget,
            },
        )
        .unwrap();
        first_feasible.get_or_insert(plan.feasible);
        let mut spent = 0.0;
        let mut reviews: Vec<&String> = plan.today.reviews.iter().collect();
        reviews.sort_by_key(|id| setup.world.progress.cards[*id].due);
        for id in reviews {
            setup.world.study(&s, id, day);
            spent += COSTS.review_minutes;
        }
        for id in &plan.today.new {
            setup.world.study(&s, id, day);
            spent += COSTS.new_minutes;
        }
        run.max_over_budget = run.max_over_budget.max(spent - setup.budget);
    }
    run.recall = setup.world.recall_on(&ids, setup.days);
    (run, setup, first_feasible.unwrap_or(false))
}

/// Plain FSRS (0.9): due cards first (most overdue first), then new cards
/// in order, while the day's budget lasts; `cap` caps each interval at the
/// days left.
fn run_fsrs(mut setup: Setup, cap: bool) -> Run {
    let s = Scheduler::default();
    let ids: Vec<String> = setup.questions.iter().map(|q| q.id.clone()).collect();
    let mut run = Run::default();
    for day in 0..setup.days {
        let today = clock(day, 0);
        let mut left = setup.budget;
        let mut due: Vec<(chrono::DateTime<Utc>, String)> = ids
            .iter()
            .filter_map(|id| {
                let card = setup.world.progress.cards.get(id)?;
                (card.due < today.day_end).then(|| (card.due, id.clone()))
            })
            .collect();
        due.sort();
        for (_, id) in due {
            if left + 1e-9 < COSTS.review_minutes {
                break;
            }
            setup.world.study(&s, &id, day);
            left -= COSTS.review_minutes;
            if cap {
                cap_interval(&mut setup.world, &id, day, setup.days);
            }
        }
        for id in &ids {
            if left + 1e-9 < COSTS.new_minutes {
                break;
            }
            if !setup.world.progress.cards.contains_key(id) {
                setup.world.study(&s, id, day);
                left -= COSTS.new_minutes;
                if cap {
                    cap_interval(&mut setup.world, id, day, setup.days);
                }
            }
        }
    }
    run.recall = setup.world.recall_on(&ids, setup.days);
    run
}

/// "Cap every interval at the days left": due no later than the last study day.
fn cap_interval(world: &mut World, id: &str, day: i64, days: i64) {
    let card = world.progress.cards.get_mut(id).unwrap();
    let last_study_day = scheduler::due_in_days(&clock(day, 0), (days - 1 - day).max(1) as u32);
    if card.state == CardState::Review && day < days - 1 && card.due > last_study_day {
        card.due = last_study_day;
    }
}

#[test]
fn the_planner_beats_plain_fsrs_and_the_naive_cap_within_its_budget() {
    let mut totals = [0.0f64; 3];
    let mut wins = [0usize; 2];
    eprintln!("seed cards days budget |   plan   fsrs    cap");
    for seed in 0..SEEDS {
        let base = setup(seed, 1.0);
        let (cards, days, budget) = (base.questions.len(), base.days, base.budget);
        let unseen: Vec<String> = base
            .questions
            .iter()
            .filter(|q| !base.world.progress.cards.contains_key(&q.id))
            .map(|q| q.id.clone())
            .collect();
        let (planned, after, feasible) = run_plan(base.clone());
        let plain = run_fsrs(base.clone(), false);
        let capped = run_fsrs(base, true);
        eprintln!(
            "{seed:>4} {cards:>5} {days:>4} {budget:>6} | {:>6.3} {:>6.3} {:>6.3}",
            planned.recall, plain.recall, capped.recall
        );
        assert!(feasible, "seed {seed}: the budget was chosen to fit");
        assert!(
            planned.max_over_budget <= 1e-9,
            "seed {seed}: a day went {} min over its budget",
            planned.max_over_budget
        );
        // Every card got a last look: introduced (and, unless introduced
        // on the last day, reviewed on a later day), or reviewed.
        for q in &after.questions {
            let touched = after
                .world
                .touched
                .get(&q.id)
                .map_or(&[][..], Vec::as_slice);
            assert!(!touched.is_empty(), "seed {seed}: {} never studied", q.id);
            if unseen.contains(&q.id) {
                let (first, last) = (touched[0], touched[touched.len() - 1]);
                assert!(
                    last > first || first == days - 1,
                    "seed {seed}: {} introduced on day {first} and never reviewed",
                    q.id
                );
            }
        }
        totals[0] += planned.recall;
        totals[1] += plain.recall;
        totals[2] += capped.recall;
        wins[0] += usize::from(planned.recall > plain.recall);
        wins[1] += usize::from(planned.recall > capped.recall);
    }
    let mean = totals.map(|t| t / SEEDS as f64);
    eprintln!(
        "mean expected recall on the date over {SEEDS} seeds: plan {:.3}, plain FSRS {:.3}, naive cap {:.3}; plan ahead in {}/{SEEDS} and {}/{SEEDS} seeds",
        mean[0], mean[1], mean[2], wins[0], wins[1]
    );
    assert!(mean[0] > mean[1], "{mean:?}");
    assert!(mean[0] > mean[2], "{mean:?}");
}

impl Clone for Setup {
    fn clone(&self) -> Self {
        Setup {
            world: self.world.clone(),
            questions: self.questions.clone(),
            days: self.days,
            budget: self.budget,
        }
    }
}

#[test]
fn an_infeasible_plan_says_what_is_missing_and_still_keeps_every_day_in_budget() {
    for seed in 100..108 {
        let base = setup(seed, 0.4);
        let budget = base.budget;
        let refs: Vec<&Question> = base.questions.iter().collect();
        let made = plan::make(
            &refs,
            &base.world.progress,
            &[],
            &clock(0, 0),
            &Scheduler::default(),
            &Request {
                until: clock(base.days, 0).today,
                minutes_per_day: budget,
            },
        )
        .unwrap();
        assert!(!made.feasible, "seed {seed}");
        let message = made.shortfall.clone().unwrap();
        assert!(
            message.starts_with(&format!("{} cards need ~", refs.len()))
                && message.contains(&format!(
                    "at {budget:.0} min/day {} will be ready",
                    made.ready
                ))
                && message.ends_with("raise the budget or narrow the set"),
            "{message}"
        );
        assert!(made.ready < refs.len());
        assert!(
            made.days.iter().all(|d| d.minutes <= budget + 0.05),
            "{made:?}"
        );
        let (run, _, _) = run_plan(base);
        assert!(run.max_over_budget <= 1e-9, "seed {seed}");
    }
}
