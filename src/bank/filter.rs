//! Narrowing the bank by difficulty, framework and topic (CLI and commands).

use super::model::{Difficulty, Framework, Question};
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionFilter {
    pub difficulty: Option<Difficulty>,
    pub framework: Option<Framework>,
    pub topic: Option<String>,
}

impl QuestionFilter {
    pub fn matches(&self, question: &Question) -> bool {
        self.difficulty.is_none_or(|d| question.difficulty == d)
            && self.framework.is_none_or(|f| question.has_framework(f))
            && self.topic.as_deref().is_none_or(|t| question.has_topic(t))
    }

    /// `difficulty=hard, framework=flask`, for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.difficulty {
            parts.push(format!("difficulty={d}"));
        }
        if let Some(f) = self.framework {
            parts.push(format!("framework={f}"));
        }
        if let Some(t) = &self.topic {
            parts.push(format!("topic={t}"));
        }
        if parts.is_empty() {
            "no filter".to_string()
        } else {
            parts.join(", ")
        }
    }
}
