//! The end-of-session summary: grades per rating and what is left or next.
//!
//! It is kept up to date after every action and shared with a signal
//! handler, so Ctrl-C from a pipe (where it is a signal, not a key) prints
//! the same summary as `q`.

use crate::practice::scheduler::Rating;
use crate::practice::session::Counts;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug, Default)]
struct Tally {
    graded: [usize; 4],
    left: Counts,
    done: Option<String>,
    /// Said once at the start (a plan's shortfall).
    note: Option<String>,
    /// What the plan has next, said with "done" (`quiz --until`).
    plan_next: Option<String>,
}

/// The summary so far; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Summary(Arc<Mutex<Tally>>);

impl Summary {
    pub fn shared() -> Summary {
        Summary::default()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Tally) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn grade(&self, rating: Rating) {
        self.with(|t| t.graded[index(rating)] += 1);
    }

    pub fn ungrade(&self, rating: Rating) {
        self.with(|t| t.graded[index(rating)] = t.graded[index(rating)].saturating_sub(1));
    }

    pub fn set_left(&self, left: Counts) {
        self.with(|t| {
            t.left = left;
            t.done = None;
        });
    }

    pub fn set_done(&self, message: String) {
        self.with(|t| t.done = Some(message));
    }

    pub fn set_note(&self, note: String) {
        self.with(|t| t.note = Some(note));
    }

    pub fn set_plan_next(&self, next: String) {
        self.with(|t| t.plan_next = Some(next));
    }

    pub fn note(&self) -> Option<String> {
        self.with(|t| t.note.clone())
    }

    /// `Graded 3 questions: 1 again · 0 hard · 2 good · 0 easy`, what is
    /// left today (or the "done" line) and where progress is.
    pub fn text(&self, progress: &Path) -> String {
        self.with(|t| {
            let total: usize = t.graded.iter().sum();
            let per_rating: Vec<String> = Rating::ALL
                .iter()
                .map(|&r| format!("{} {}", t.graded[index(r)], r.as_str()))
                .collect();
            let next = match &t.done {
                Some(done) => match &t.plan_next {
                    Some(plan) => format!("{done}\n{plan}"),
                    None => done.clone(),
                },
                None => format!("Left for today: {}", t.left),
            };
            format!(
                "\nGraded {total} question{}: {}\n{next}\nProgress is in {}\n",
                if total == 1 { "" } else { "s" },
                per_rating.join(" · "),
                progress.display()
            )
        })
    }
}

fn index(rating: Rating) -> usize {
    rating.number() as usize - 1
}

/// Prints the summary and exits on SIGINT, for a quiz whose input is a pipe
/// or a script (on a terminal, Ctrl-C is read as a key in raw mode). The
/// progress is safe at any instant: every write is a rename.
pub fn print_on_interrupt(summary: &Summary, progress: &Path) {
    #[cfg(unix)]
    {
        use signal_hook::consts::SIGINT;
        use signal_hook::iterator::Signals;
        let Ok(mut signals) = Signals::new([SIGINT]) else {
            return;
        };
        let summary = summary.clone();
        let progress = progress.to_path_buf();
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = crossterm::terminal::disable_raw_mode();
                anstream::print!("{}", summary.text(&progress));
                std::process::exit(130);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = (summary, progress);
}
