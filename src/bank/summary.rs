//! The short form of a question that lists and search results use: one JSON
//! shape for `interview-ls list/search --json` and `interview.search`.

use super::model::{Difficulty, Framework, Question};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct QuestionSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub difficulty: Difficulty,
    pub frameworks: &'a [Framework],
    pub topics: &'a [String],
    pub keywords: &'a [String],
    pub aliases: &'a [String],
    /// The search score, best first (search results only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
}

impl<'a> QuestionSummary<'a> {
    pub fn of(question: &'a Question, score: Option<i64>) -> Self {
        QuestionSummary {
            id: &question.id,
            title: &question.title,
            difficulty: question.difficulty,
            frameworks: &question.frameworks,
            topics: &question.topics,
            keywords: &question.keywords,
            aliases: &question.aliases,
            score,
        }
    }
}
