//! FSRS parameters fitted to the user's own review log (the `fsrs` crate's
//! optimiser), kept in `fsrs-parameters.json` beside the progress.
//!
//! The crate fits only the first-review stabilities below 64 training
//! reviews (and nothing below 8), so the fit is offered from
//! [`MIN_TRAINING_REVIEWS`] reviews of already-seen cards on a later day,
//! with the log loss and RMSE of the current and the fitted parameters on
//! the same reviews, so the user sees whether it helps before applying it.

use super::Clock;
use super::review_log::ReviewEntry;
use super::scheduler::{Scheduler, SchedulerConfig};
use chrono::{DateTime, Utc};
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The crate's threshold for fitting every weight, not only the first ones.
pub const MIN_TRAINING_REVIEWS: usize = 64;
pub const FILE_NAME: &str = "fsrs-parameters.json";

/// A fit and how it compares with the parameters in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fit {
    /// Reviews on a later day than the card's previous one (what FSRS trains on).
    pub training_reviews: usize,
    pub parameters: Vec<f32>,
    /// Log loss of the current parameters on the log (lower is better).
    pub log_loss_before: f32,
    pub log_loss_after: f32,
    /// RMSE of predicted against actual recall, binned.
    pub rmse_before: f32,
    pub rmse_after: f32,
}

/// What is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedParameters {
    pub parameters: Vec<f32>,
    pub fitted_at: DateTime<Utc>,
    pub training_reviews: usize,
    pub log_loss_before: f32,
    pub log_loss_after: f32,
}

/// The training set: for each review of a card on a later day than its
/// previous one, the card's history up to and including it.
pub fn training_items(entries: &[ReviewEntry], clock: &Clock) -> Vec<FSRSItem> {
    let mut by_card: BTreeMap<&str, Vec<&ReviewEntry>> = BTreeMap::new();
    for entry in entries {
        by_card.entry(entry.id.as_str()).or_default().push(entry);
    }
    let mut items = Vec::new();
    for reviews in by_card.values_mut() {
        reviews.sort_by_key(|e| e.time);
        let mut history: Vec<FSRSReview> = Vec::new();
        let mut last_day = None;
        for entry in reviews.iter() {
            let day = day_number(entry.time, clock);
            let delta_t = last_day.map_or(0, |last: i64| (day - last).max(0) as u32);
            history.push(FSRSReview {
                rating: entry.rating.number(),
                delta_t,
            });
            if delta_t > 0 {
                items.push(FSRSItem {
                    reviews: history.clone(),
                });
            }
            last_day = Some(day);
        }
    }
    items
}

/// Fits FSRS to the log, or says how many more reviews it needs.
pub fn fit(entries: &[ReviewEntry], clock: &Clock, current: &Scheduler) -> Result<Fit, String> {
    let items = training_items(entries, clock);
    if items.len() < MIN_TRAINING_REVIEWS {
        return Err(format!(
            "the review log has {} review{} of cards seen on an earlier day; fitting FSRS needs {MIN_TRAINING_REVIEWS}",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        ));
    }
    let parameters = fsrs::compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        num_relearning_steps: Some(current.config().relearning_steps.len()),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| format!("FSRS could not fit the log: {e}"))?;
    let fitted =
        FSRS::new(&parameters).map_err(|e| format!("FSRS gave invalid parameters: {e}"))?;
    let before = current
        .fsrs()
        .evaluate(items.clone(), |_| true)
        .map_err(|e| format!("cannot evaluate the current parameters: {e}"))?;
    let after = fitted
        .evaluate(items.clone(), |_| true)
        .map_err(|e| format!("cannot evaluate the fitted parameters: {e}"))?;
    Ok(Fit {
        training_reviews: items.len(),
        parameters,
        log_loss_before: before.log_loss,
        log_loss_after: after.log_loss,
        rmse_before: before.rmse_bins,
        rmse_after: after.rmse_bins,
    })
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The saved parameters, if any; a file that cannot be used is reported
/// and ignored (the defaults apply).
pub fn load(dir: &Path) -> Result<Option<SavedParameters>, String> {
    let path = path(dir);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let saved: SavedParameters = serde_json::from_slice(&text).map_err(|e| {
        format!(
            "{} is not valid ({e}); the default parameters apply",
            path.display()
        )
    })?;
    fsrs::check_and_fill_parameters(&saved.parameters).map_err(|e| {
        format!(
            "{} holds invalid parameters ({e}); the default parameters apply",
            path.display()
        )
    })?;
    Ok(Some(saved))
}

/// Saves `fit` atomically (temp file, fsync, rename).
pub fn save(dir: &Path, fit: &Fit, clock: &Clock) -> Result<PathBuf, String> {
    let saved = SavedParameters {
        parameters: fit.parameters.clone(),
        fitted_at: clock.now,
        training_reviews: fit.training_reviews,
        log_loss_before: fit.log_loss_before,
        log_loss_after: fit.log_loss_after,
    };
    let path = path(dir);
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let mut text = serde_json::to_vec_pretty(&saved).map_err(|e| fail(&e))?;
    text.push(b'\n');
    std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    temp.write_all(&text)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail(&e))?;
    temp.persist(&path).map_err(|e| fail(&e.error))?;
    super::store::sync_folder(dir).map_err(|e| fail(&e))?;
    Ok(path)
}

/// The scheduler for a data folder with `config`'s steps and retention:
/// the saved parameters when there are usable ones, the defaults otherwise
/// (with the reason to report).
pub fn scheduler_for(dir: &Path, config: &SchedulerConfig) -> (Scheduler, Option<String>) {
    let with = |parameters: Vec<f32>| {
        Scheduler::new(SchedulerConfig {
            parameters,
            ..config.clone()
        })
    };
    let fallback = || with(Vec::new()).unwrap_or_default();
    match load(dir) {
        Ok(None) => (fallback(), None),
        Ok(Some(saved)) => match with(saved.parameters) {
            Ok(scheduler) => (scheduler, None),
            Err(e) => (fallback(), Some(e)),
        },
        Err(e) => (fallback(), Some(e)),
    }
}

/// Local days from today (0) to the day of `time`.
fn day_number(time: DateTime<Utc>, clock: &Clock) -> i64 {
    (time - clock.day_start()).num_seconds().div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::scheduler::Rating;
    use chrono::{Duration, TimeZone};

    /// A log from a learner who forgets much faster than FSRS's defaults
    /// expect, reviewing on FSRS's schedule.
    fn forgetful_log(cards: usize) -> Vec<ReviewEntry> {
        let s = Scheduler::default();
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        let mut rng = fastrand::Rng::with_seed(7);
        let mut entries = Vec::new();
        for c in 0..cards {
            let id = format!("q{c}");
            let mut at = start + Duration::hours(c as i64 % 5);
            let mut card = None;
            for _ in 0..8 {
                let clock = Clock::at(at.fixed_offset());
                let rating = match &card {
                    None => Rating::Good,
                    // True recall: half of what FSRS predicts.
                    Some(c) => {
                        if rng.f64() < s.retrievability(c, at) * 0.6 {
                            Rating::Good
                        } else {
                            Rating::Again
                        }
                    }
                };
                let after = s.grade(card.as_ref(), rating, &clock);
                entries.push(ReviewEntry {
                    time: at,
                    id: id.clone(),
                    rating,
                    before: card.clone(),
                    after: after.clone(),
                    seconds: None,
                    missed: Vec::new(),
                });
                at = after.due.max(at + Duration::minutes(10));
                card = Some(after);
            }
        }
        entries
    }

    #[test]
    fn too_short_a_log_says_how_many_reviews_it_needs() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        let clock = Clock::at(now.fixed_offset());
        let err = fit(&forgetful_log(2), &clock, &Scheduler::default()).unwrap_err();
        assert!(err.contains("fitting FSRS needs 64"), "{err}");
    }

    #[test]
    fn a_fit_to_a_forgetful_learner_predicts_the_log_better_and_round_trips() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
        let clock = Clock::at(now.fixed_offset());
        let log = forgetful_log(60);
        let fit = fit(&log, &clock, &Scheduler::default()).unwrap();
        assert!(fit.training_reviews >= MIN_TRAINING_REVIEWS, "{fit:?}");
        assert!(fit.log_loss_after < fit.log_loss_before, "{fit:?}");
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &fit, &clock).unwrap();
        let saved = load(dir.path()).unwrap().unwrap();
        assert_eq!(saved.parameters, fit.parameters);
        let (scheduler, problem) = scheduler_for(dir.path(), &SchedulerConfig::default());
        assert_eq!(problem, None);
        assert_eq!(scheduler.config().parameters, fit.parameters);
        std::fs::write(path(dir.path()), "{").unwrap();
        let (_, problem) = scheduler_for(dir.path(), &SchedulerConfig::default());
        assert!(problem.unwrap().contains("is not valid"));
    }
}
