//! Intervals in words: `10m` on a grade button, "in 2 days" in a message.

use super::CardRecord;
use crate::practice::Clock;
use chrono::{DateTime, Utc};

/// The interval a grade gave `card`, as a button shows it: `10m`, `2h`,
/// `3d`, `4.5mo`, `1.2y`.
pub fn interval_label(card: &CardRecord, clock: &Clock) -> String {
    if card.scheduled_days > 0 {
        let days = card.scheduled_days as f64;
        return if days < 30.0 {
            format!("{days}d")
        } else if days < 365.0 {
            format!("{:.1}mo", days / 30.0)
        } else {
            format!("{:.1}y", days / 365.0)
        };
    }
    let minutes = (card.due - clock.now).num_minutes().max(1);
    if minutes < 60 {
        format!("{minutes}m")
    } else {
        format!("{}h", (minutes + 30) / 60)
    }
}

/// When `due` comes, in words: `now`, `in 10 minutes`, `in 3 hours` (later
/// today), `tomorrow`, `in 2 days` (counted in local days).
pub fn describe_due(due: DateTime<Utc>, clock: &Clock) -> String {
    if due <= clock.now {
        return "now".to_string();
    }
    if due < clock.day_end {
        let minutes = (due - clock.now).num_minutes().max(1);
        return if minutes < 60 {
            plural(minutes, "minute")
        } else {
            plural((minutes + 30) / 60, "hour")
        };
    }
    let days = (due - clock.day_end).num_days() + 1;
    if days == 1 {
        "tomorrow".to_string()
    } else {
        plural(days, "day")
    }
}

fn plural(n: i64, unit: &str) -> String {
    format!("in {n} {unit}{}", if n == 1 { "" } else { "s" })
}
