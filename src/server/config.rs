//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! Accepted either flat (`{"questionPaths": [...]}`) or under a section key
//! (`{"interviewLs": {...}}`), since clients differ in what they send.
//! Unknown keys are reported back as warnings rather than silently ignored,
//! so a typo in a user's config is visible.

use crate::practice::plan::DEFAULT_MINUTES_PER_DAY;
use crate::practice::scheduler::SchedulerConfig;
use crate::practice::session::DEFAULT_NEW_PER_DAY;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;

const SECTION_KEYS: [&str; 3] = ["interviewLs", "interview-ls", "interview_ls"];
const KNOWN_KEYS: [&str; 11] = [
    "questionPaths",
    "diagnostics",
    "codeLens",
    "dataDir",
    "hover",
    "exampleActions",
    "newPerDay",
    "interviewDate",
    "dailyMinutes",
    "learningSteps",
    "relearningSteps",
];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// Extra bank folders, laid over the built-in bank in order.
    pub question_paths: Vec<PathBuf>,
    /// Anti-pattern tips as diagnostics.
    pub diagnostics: bool,
    /// "N interview questions" lenses above route handlers.
    pub code_lens: bool,
    /// Where progress is stored (overrides `INTERVIEW_LS_DATA` and the platform default).
    pub data_dir: Option<PathBuf>,
    /// Interview answers on hover over framework names.
    pub hover: bool,
    /// "Insert example" code actions.
    pub example_actions: bool,
    /// New cards a study session introduces per day.
    pub new_per_day: u32,
    /// The interview's date: sessions follow a plan made backwards from it
    /// until it has passed (`YYYY-MM-DD`).
    pub interview_date: Option<NaiveDate>,
    /// The daily study budget the interview plan fits into, in minutes.
    pub daily_minutes: f64,
    /// Minutes between the reviews of a new card before it graduates.
    pub learning_steps: Vec<u32>,
    /// Minutes between the reviews of a forgotten card.
    pub relearning_steps: Vec<u32>,
}

impl Default for Config {
    fn default() -> Self {
        let steps = SchedulerConfig::default();
        Config {
            question_paths: Vec::new(),
            diagnostics: true,
            code_lens: true,
            data_dir: None,
            hover: true,
            example_actions: true,
            new_per_day: DEFAULT_NEW_PER_DAY,
            interview_date: None,
            daily_minutes: DEFAULT_MINUTES_PER_DAY,
            learning_steps: steps.learning_steps,
            relearning_steps: steps.relearning_steps,
        }
    }
}

impl Config {
    /// Reads settings, returning them with human-readable warnings.
    /// Anything unreadable falls back to the default for that key.
    pub fn from_value(value: Option<&Value>) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        let Some(mut value) = value else {
            return (Config::default(), warnings);
        };
        if let Some(section) = SECTION_KEYS.iter().find_map(|k| value.get(k)) {
            value = section;
        }
        // `null` and `[]` (how Lua encodes an empty table) both mean "no settings".
        if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
            return (Config::default(), warnings);
        }
        let Some(object) = value.as_object() else {
            warnings.push(format!("settings must be an object, got {value}"));
            return (Config::default(), warnings);
        };
        let mut config = Config::default();
        for (key, item) in object {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                warnings.push(format!(
                    "unknown setting `{key}` (known: {})",
                    KNOWN_KEYS.join(", ")
                ));
                continue;
            }
            // An empty string clears a date or folder, as editors' settings
            // UIs leave it.
            let item = match item {
                Value::String(s) if s.trim().is_empty() => &Value::Null,
                other => other,
            };
            let single = serde_json::json!({ key: item });
            let parsed = serde_json::from_value::<Config>(single)
                .map_err(|e| e.to_string())
                .and_then(|parsed| parsed.check(key).map(|()| parsed));
            match parsed {
                Ok(parsed) => config.take(key, parsed),
                Err(err) => warnings.push(format!("setting `{key}` ignored: {err}")),
            }
        }
        (config, warnings)
    }

    /// Copies the setting `key` from `parsed`.
    fn take(&mut self, key: &str, parsed: Config) {
        match key {
            "questionPaths" => self.question_paths = parsed.question_paths,
            "diagnostics" => self.diagnostics = parsed.diagnostics,
            "codeLens" => self.code_lens = parsed.code_lens,
            "dataDir" => self.data_dir = parsed.data_dir,
            "hover" => self.hover = parsed.hover,
            "exampleActions" => self.example_actions = parsed.example_actions,
            "newPerDay" => self.new_per_day = parsed.new_per_day,
            "interviewDate" => self.interview_date = parsed.interview_date,
            "dailyMinutes" => self.daily_minutes = parsed.daily_minutes,
            "learningSteps" => self.learning_steps = parsed.learning_steps,
            "relearningSteps" => self.relearning_steps = parsed.relearning_steps,
            _ => {}
        }
    }

    /// Range checks serde cannot express, for the one key just read.
    fn check(&self, key: &str) -> Result<(), String> {
        match key {
            "dailyMinutes" if !(self.daily_minutes > 0.0 && self.daily_minutes <= 1440.0) => Err(
                format!("{} is not between 0 and 1440 minutes", self.daily_minutes),
            ),
            "newPerDay" if self.new_per_day > 9999 => {
                Err(format!("{} new cards a day is too many", self.new_per_day))
            }
            "learningSteps" | "relearningSteps" => self.scheduler_config().check(),
            _ => Ok(()),
        }
    }

    /// The scheduler configuration these settings describe.
    pub fn scheduler_config(&self) -> SchedulerConfig {
        SchedulerConfig {
            learning_steps: self.learning_steps.clone(),
            relearning_steps: self.relearning_steps.clone(),
            ..SchedulerConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_flat_and_sectioned_settings() {
        let (flat, w) =
            Config::from_value(Some(&json!({"questionPaths": ["/a"], "codeLens": false})));
        assert!(w.is_empty());
        assert_eq!(flat.question_paths, vec![PathBuf::from("/a")]);
        assert!(!flat.code_lens && flat.diagnostics);
        let (nested, _) = Config::from_value(Some(&json!({"interviewLs": {"diagnostics": false}})));
        assert!(!nested.diagnostics);
    }

    #[test]
    fn warns_about_unknown_or_mistyped_keys_and_keeps_the_rest() {
        let (config, warnings) = Config::from_value(Some(
            &json!({"questionPath": ["/a"], "diagnostics": "no", "codeLens": false}),
        ));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown setting `questionPath`"))
        );
        assert!(config.diagnostics && !config.code_lens);
    }

    #[test]
    fn reads_the_study_settings_and_rejects_values_out_of_range() {
        let (config, warnings) = Config::from_value(Some(&json!({
            "newPerDay": 5, "interviewDate": "2026-12-10", "dailyMinutes": 45,
            "learningSteps": [5, 20], "relearningSteps": [15], "hover": false,
            "exampleActions": false
        })));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.new_per_day, 5);
        assert_eq!(config.interview_date, NaiveDate::from_ymd_opt(2026, 12, 10));
        assert!((config.daily_minutes - 45.0).abs() < f64::EPSILON);
        assert_eq!(config.scheduler_config().learning_steps, vec![5, 20]);
        assert_eq!(config.relearning_steps, vec![15]);
        assert!(!config.hover && !config.example_actions);

        let (config, warnings) = Config::from_value(Some(&json!({
            "interviewDate": "next thursday", "dailyMinutes": 0,
            "learningSteps": [0], "newPerDay": -1
        })));
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert_eq!(config, Config::default());
        let (config, warnings) = Config::from_value(Some(&json!({"interviewDate": ""})));
        assert!(warnings.is_empty() && config.interview_date.is_none());
    }

    #[test]
    fn empty_lua_tables_and_null_mean_no_settings_without_a_warning() {
        for value in [json!([]), json!(null), json!({"interviewLs": []})] {
            let (config, warnings) = Config::from_value(Some(&value));
            assert!(warnings.is_empty(), "{value}: {warnings:?}");
            assert!(config.diagnostics && config.code_lens, "{value}");
        }
        let (_, warnings) = Config::from_value(Some(&json!([1])));
        assert_eq!(warnings.len(), 1, "a non-empty array is still a mistake");
    }
}
