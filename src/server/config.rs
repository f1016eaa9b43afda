//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! Accepted either flat (`{"questionPaths": [...]}`) or under a section key
//! (`{"interviewLs": {...}}`), since clients differ in what they send.
//! Unknown keys are reported back as warnings rather than silently ignored,
//! so a typo in a user's config is visible.

use serde::Deserialize;
use serde_json::Value;
use std::path::PathBuf;

const SECTION_KEYS: [&str; 3] = ["interviewLs", "interview-ls", "interview_ls"];
const KNOWN_KEYS: [&str; 4] = ["questionPaths", "diagnostics", "codeLens", "dataDir"];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            question_paths: Vec::new(),
            diagnostics: true,
            code_lens: true,
            data_dir: None,
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
            let single = serde_json::json!({ key: item });
            match serde_json::from_value::<Config>(single) {
                Ok(parsed) => match key.as_str() {
                    "questionPaths" => config.question_paths = parsed.question_paths,
                    "diagnostics" => config.diagnostics = parsed.diagnostics,
                    "codeLens" => config.code_lens = parsed.code_lens,
                    "dataDir" => config.data_dir = parsed.data_dir,
                    _ => {}
                },
                Err(err) => warnings.push(format!("setting `{key}` ignored: {err}")),
            }
        }
        (config, warnings)
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
