//! Narrowing the bank by difficulty, framework and topic (CLI and commands).

use super::Bank;
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

    /// The questions the filter lets through, in bank order, or a message
    /// saying which part is wrong when there are none: an unknown topic gets
    /// "did you mean" (or the list of topics), and a valid filter whose
    /// combination is empty says just that. Every front end selects here.
    pub fn select<'a>(&self, bank: &'a Bank) -> Result<Vec<&'a Question>, String> {
        if let Some(topic) = &self.topic
            && !bank.questions().iter().any(|q| q.has_topic(topic))
        {
            let known = bank.topics();
            let hint =
                crate::suggest::did_you_mean(&crate::suggest::near(topic, known.iter().copied()))
                    .unwrap_or_else(|| format!("the topics are {}", known.join(", ")));
            return Err(format!("unknown topic `{topic}` ({hint})"));
        }
        let questions: Vec<&Question> = bank
            .questions()
            .iter()
            .filter(|q| self.matches(q))
            .collect();
        if questions.is_empty() {
            return Err(format!(
                "no question matches {} together; drop a filter to widen the set",
                self.describe()
            ));
        }
        Ok(questions)
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
