//! What an interview date may be written as: `2026-03-12`, `tomorrow`, or
//! a weekday (`thu`, the next one). The CLI's `--until` and the editors'
//! `until` argument read the same forms.

use chrono::{Datelike, NaiveDate, Weekday};

/// What `--until` accepts: a date, `tomorrow`, or a weekday (the next one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    Date(NaiveDate),
    Tomorrow,
    Next(Weekday),
}

impl std::str::FromStr for Until {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "tomorrow" {
            return Ok(Until::Tomorrow);
        }
        if let Ok(day) = lower.parse::<Weekday>() {
            return Ok(Until::Next(day));
        }
        NaiveDate::parse_from_str(&lower, "%Y-%m-%d")
            .map(Until::Date)
            .map_err(|_| {
                format!("`{s}` is not a date (expected YYYY-MM-DD, `tomorrow` or a weekday such as `thu`)")
            })
    }
}

impl Until {
    /// The date, counted from `today` (a weekday is the next one, never today).
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            Until::Date(date) => date,
            Until::Tomorrow => today + chrono::Duration::days(1),
            Until::Next(day) => {
                let ahead = (7 + day.num_days_from_monday() as i64
                    - today.weekday().num_days_from_monday() as i64
                    - 1)
                    % 7
                    + 1;
                today + chrono::Duration::days(ahead)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_reads_dates_tomorrow_and_weekdays() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(); // a Tuesday
        let at = |s: &str| s.parse::<Until>().unwrap().resolve(today);
        assert_eq!(
            at("2026-03-12"),
            NaiveDate::from_ymd_opt(2026, 3, 12).unwrap()
        );
        assert_eq!(
            at("tomorrow"),
            NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()
        );
        assert_eq!(at("Thu"), NaiveDate::from_ymd_opt(2026, 3, 12).unwrap());
        // The same weekday means next week's.
        assert_eq!(at("tuesday"), NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
        let err = "soon".parse::<Until>().unwrap_err();
        assert!(err.contains("expected YYYY-MM-DD"), "{err}");
    }
}
