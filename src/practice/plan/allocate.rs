//! Deciding which card is studied on which day before the interview.
//!
//! 1. **What fits.** Every card needs a last look before the date: a review,
//!    or for an unseen card its introduction plus a review on a later day
//!    (the introduction alone when it happens on the last day). When the
//!    days' budgets cannot pay for all of them, the cards with the most
//!    expected recall per minute are kept and the rest are reported.
//! 2. **New cards early**: introductions go to the first day with room.
//! 3. **Final slots**: each card gets one review in the last days, filled
//!    from the last day backwards, weakest memories first so they are
//!    reviewed latest; a full day pushes the next card a day earlier, so no
//!    day goes over its budget. (Never "cap every interval at the days
//!    left", which piles everything onto the last day.)
//! 4. **Spare minutes** go, one review at a time, to the review that adds
//!    the most expected recall on the date per minute, while it adds enough
//!    to be worth a minute.

use super::costs::Costs;
use super::forecast::{Forecaster, Known};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Expected recall on the date a spare-minute review must add per minute.
pub const MIN_GAIN_PER_MINUTE: f32 = 0.002;

/// The plan for each card, by index into the cards given.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// The day each unseen card is introduced (`None`: not in the plan).
    pub intro: Vec<Option<u32>>,
    /// Review days of each card, ascending.
    pub reviews: Vec<Vec<u32>>,
    /// Whether the card gets its last look before the date.
    pub covered: Vec<bool>,
    /// Minutes planned per day.
    pub used: Vec<f64>,
}

impl Allocation {
    /// Expected recall of card `i` on the date under this plan.
    pub fn expected(&self, f: &Forecaster, cards: &[Known], i: usize) -> f32 {
        f.expected(&cards[i], self.intro[i], &self.reviews[i])
    }
}

pub fn allocate(cards: &[Known], budgets: &[f64], costs: &Costs, f: &Forecaster) -> Allocation {
    // Most valuable first; when whole cards do not pack into the days, the
    // least valuable are dropped until every card kept gets its last look.
    let mut chosen = choose(cards, budgets, costs, f);
    let mut plan = place(cards, &chosen, budgets, costs, f);
    while chosen.iter().any(|&i| !plan.covered[i]) {
        chosen.pop();
        plan = place(cards, &chosen, budgets, costs, f);
    }
    fill(&mut plan, cards, budgets, costs);
    spend_spare(&mut plan, cards, budgets, costs, f);
    plan
}

/// Cards left out that still fit in the gaps: a review on the latest day
/// with room, an introduction with a later review, or an introduction on
/// the last day (its own last look).
fn fill(plan: &mut Allocation, cards: &[Known], budgets: &[f64], costs: &Costs) {
    let days = budgets.len() as u32;
    let room = |plan: &Allocation, day: u32, minutes: f64| {
        plan.used[day as usize] + minutes <= budgets[day as usize] + 1e-9
    };
    for (i, card) in cards.iter().enumerate() {
        if plan.covered[i] {
            continue;
        }
        let (intro, review) = match card.memory {
            Some(_) => {
                let first = card.first_review_day(None);
                let review = (first..days)
                    .rev()
                    .find(|&d| room(plan, d, costs.review_minutes));
                (None, review)
            }
            None => {
                let with_review = (0..days).find_map(|d| {
                    let later = (d + 1..days).rev().find(|&r| {
                        room(plan, r, costs.review_minutes) && room(plan, d, costs.new_minutes)
                    })?;
                    Some((Some(d), Some(later)))
                });
                let last = days - 1;
                match with_review {
                    Some(found) => found,
                    None if room(plan, last, costs.new_minutes) => (Some(last), None),
                    None => continue,
                }
            }
        };
        if intro.is_none() && review.is_none() {
            continue;
        }
        if let Some(day) = intro {
            plan.intro[i] = Some(day);
            plan.used[day as usize] += costs.new_minutes;
        }
        if let Some(day) = review {
            plan.reviews[i].push(day);
            plan.used[day as usize] += costs.review_minutes;
        }
        plan.covered[i] = true;
    }
}

/// Introductions and final slots for the `chosen` cards.
fn place(
    cards: &[Known],
    chosen: &[usize],
    budgets: &[f64],
    costs: &Costs,
    f: &Forecaster,
) -> Allocation {
    let days = budgets.len() as u32;
    let mut plan = Allocation {
        intro: vec![None; cards.len()],
        reviews: vec![Vec::new(); cards.len()],
        covered: vec![false; cards.len()],
        used: vec![0.0; budgets.len()],
    };
    let room = |plan: &Allocation, day: u32, minutes: f64| {
        plan.used[day as usize] + minutes <= budgets[day as usize] + 1e-9
    };
    // 2. New cards early, in the room the final slots leave: those are
    // reserved first, from the last day back, so introductions cannot
    // crowd them out.
    let finals = chosen
        .iter()
        .filter(|&&i| match cards[i].memory {
            None => days >= 2,
            Some(_) => cards[i].first_review_day(None) < days,
        })
        .count();
    let reserved = reserve_finals(finals, budgets, costs.review_minutes);
    let mut in_order = chosen.to_vec();
    in_order.sort_unstable();
    for &i in &in_order {
        if cards[i].memory.is_some() {
            continue;
        }
        let free = |d: u32| {
            plan.used[d as usize] + reserved[d as usize] + costs.new_minutes
                <= budgets[d as usize] + 1e-9
        };
        if let Some(day) = (0..days).find(|&d| free(d)) {
            plan.intro[i] = Some(day);
            plan.used[day as usize] += costs.new_minutes;
        }
    }
    // 3. Final slots, weakest first from the last day back.
    let mut order: Vec<(f32, usize)> = in_order
        .iter()
        .map(|&i| (plan.expected(f, cards, i), i))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, i) in order {
        let card = &cards[i];
        if card.memory.is_none() && plan.intro[i].is_none() {
            continue;
        }
        let first = card.first_review_day(plan.intro[i]);
        if first >= days {
            // Introduced on the last day, or reviewed today with no day
            // left: that look is the last one.
            plan.covered[i] = true;
            continue;
        }
        if let Some(day) = (first..days)
            .rev()
            .find(|&d| room(&plan, d, costs.review_minutes))
        {
            plan.reviews[i].push(day);
            plan.used[day as usize] += costs.review_minutes;
            plan.covered[i] = true;
        }
    }
    plan
}

/// Minutes held per day for `count` final reviews, filled from the last day
/// back (day 0 only when it is the only day).
fn reserve_finals(count: usize, budgets: &[f64], minutes: f64) -> Vec<f64> {
    let mut reserved = vec![0.0; budgets.len()];
    let mut left = count;
    let first = usize::from(budgets.len() >= 2);
    for day in (first..budgets.len()).rev() {
        let fit = ((budgets[day] + 1e-9) / minutes).floor() as usize;
        let here = fit.min(left);
        reserved[day] = here as f64 * minutes;
        left -= here;
    }
    reserved
}

/// The cards that get a last look, most valuable first: all when the budget
/// allows, else those with the most expected recall gained per minute that
/// fit in the total.
fn choose(cards: &[Known], budgets: &[f64], costs: &Costs, f: &Forecaster) -> Vec<usize> {
    let days = budgets.len() as u32;
    let last = days.saturating_sub(1);
    let need = |i: usize| -> f64 {
        match cards[i].memory {
            None if days >= 2 => costs.new_minutes + costs.review_minutes,
            None => costs.new_minutes,
            Some(_) if cards[i].first_review_day(None) < days => costs.review_minutes,
            Some(_) => 0.0,
        }
    };
    let mut valued: Vec<(f64, usize)> = (0..cards.len())
        .map(|i| {
            let card = &cards[i];
            let gain = match card.memory {
                None if days >= 2 => f.expected(card, Some(0), &[last]),
                None => f.expected(card, Some(0), &[]),
                Some(_) if card.first_review_day(None) < days => {
                    f.expected(card, None, &[last]) - f.expected(card, None, &[])
                }
                Some(_) => 1.0,
            };
            (f64::from(gain) / need(i).max(1e-6), i)
        })
        .collect();
    valued.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let total: f64 = budgets.iter().sum();
    let mut spent = 0.0;
    valued
        .into_iter()
        .map(|(_, i)| i)
        .filter(|&i| {
            let fits = spent + need(i) <= total + 1e-9;
            if fits {
                spent += need(i);
            }
            fits
        })
        .collect()
}

/// Every day within two weeks of the date lets the final reviews be
/// placed precisely; before that every third day is enough to space
/// reviews out, and keeps long horizons quick to plan.
const DENSE_DAYS: u32 = 14;

fn candidate_days(first: u32, days: u32) -> impl Iterator<Item = u32> {
    let dense_from = days.saturating_sub(DENSE_DAYS);
    (first..days).filter(move |&d| d >= dense_from || (dense_from - d) % 3 == 0)
}

/// A candidate review and what it adds per minute.
struct Candidate {
    gain_per_minute: f32,
    card: usize,
    day: u32,
    /// The card's plan version it was computed against.
    version: u32,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    /// Best gain first; ties go to the earlier card and day, so plans are
    /// deterministic.
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain_per_minute
            .total_cmp(&other.gain_per_minute)
            .then(other.card.cmp(&self.card))
            .then(other.day.cmp(&self.day))
    }
}

/// Lazy greedy: a card's candidates are recomputed only when its own plan
/// changed since they were scored.
fn spend_spare(
    plan: &mut Allocation,
    cards: &[Known],
    budgets: &[f64],
    costs: &Costs,
    f: &Forecaster,
) {
    let days = budgets.len() as u32;
    let minutes = costs.review_minutes;
    let mut version = vec![0u32; cards.len()];
    let mut current: Vec<f32> = (0..cards.len())
        .map(|i| plan.expected(f, cards, i))
        .collect();
    let score = |plan: &Allocation, i: usize, day: u32, base: f32| -> f32 {
        let mut reviews = plan.reviews[i].clone();
        reviews.push(day);
        reviews.sort_unstable();
        (f.expected(&cards[i], plan.intro[i], &reviews) - base) / minutes as f32
    };
    let mut heap = BinaryHeap::new();
    for i in 0..cards.len() {
        if cards[i].memory.is_none() && plan.intro[i].is_none() {
            continue;
        }
        for day in candidate_days(cards[i].first_review_day(plan.intro[i]), days) {
            if !plan.reviews[i].contains(&day) {
                heap.push(Candidate {
                    gain_per_minute: score(plan, i, day, current[i]),
                    card: i,
                    day,
                    version: 0,
                });
            }
        }
    }
    while let Some(best) = heap.pop() {
        if best.gain_per_minute < MIN_GAIN_PER_MINUTE {
            break;
        }
        let (i, day) = (best.card, best.day);
        if plan.used[day as usize] + minutes > budgets[day as usize] + 1e-9
            || plan.reviews[i].contains(&day)
        {
            continue;
        }
        if best.version != version[i] {
            heap.push(Candidate {
                gain_per_minute: score(plan, i, day, current[i]),
                version: version[i],
                ..best
            });
            continue;
        }
        plan.reviews[i].push(day);
        plan.reviews[i].sort_unstable();
        plan.used[day as usize] += minutes;
        version[i] += 1;
        current[i] = plan.expected(f, cards, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::plan::forecast::tests::seen;
    use crate::practice::scheduler::Scheduler;

    const UNSEEN: Known = Known {
        memory: None,
        last_day: 0,
    };

    #[test]
    fn everything_fits_new_cards_come_first_and_finals_spread_backwards() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 4);
        let mut cards = vec![UNSEEN; 6];
        cards.extend((0..6).map(|i| seen(2.0 + i as f32, -3)));
        let costs = Costs::default();
        let budgets = [20.0; 4];
        let plan = allocate(&cards, &budgets, &costs, &f);
        assert!(plan.covered.iter().all(|&c| c), "{plan:?}");
        // Five introductions fill today's 20 minutes; the sixth is tomorrow.
        assert_eq!(
            plan.intro[..6],
            [Some(0), Some(0), Some(0), Some(0), Some(0), Some(1)],
            "{plan:?}"
        );
        for (day, used) in plan.used.iter().enumerate() {
            assert!(*used <= budgets[day] + 1e-9, "day {day}: {used}");
        }
        // 12 finals at 1.5 min do not fit on the last day alone.
        let last_day_reviews = plan.reviews.iter().filter(|r| r.contains(&3)).count();
        assert!((10..=13).contains(&last_day_reviews), "{plan:?}");
        let late: Vec<&u32> = plan.reviews.iter().filter_map(|r| r.last()).collect();
        assert!(late.iter().all(|&&d| d >= 2), "{late:?}");
    }

    #[test]
    fn a_short_budget_keeps_the_best_value_cards_and_stays_within_it() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 2);
        let cards = vec![UNSEEN; 20];
        let budgets = [10.0, 10.0];
        let plan = allocate(&cards, &budgets, &Costs::default(), &f);
        let covered = plan.covered.iter().filter(|&&c| c).count();
        // 20 min buy 3 cards at 5.5 (4 + 1.5) minutes each.
        assert_eq!(covered, 3, "{plan:?}");
        assert!(plan.used.iter().zip(budgets).all(|(u, b)| *u <= b + 1e-9));
    }

    #[test]
    fn with_one_day_left_every_unseen_card_is_introduced_today() {
        let s = Scheduler::default();
        let f = Forecaster::new(&s, 1);
        let cards = vec![UNSEEN; 12];
        let plan = allocate(&cards, &[48.0], &Costs::default(), &f);
        assert!(plan.intro.iter().all(|d| *d == Some(0)));
        assert!(plan.covered.iter().all(|&c| c));
    }
}
