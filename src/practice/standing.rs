//! Where each question stands, for lists and trees: new, learning, due or
//! learned, and the same counted per topic. A view of the progress only;
//! the session ([`super::session`]) decides what is asked next.

use super::Clock;
use super::scheduler::CardRecord;
use super::store::Progress;
use crate::bank::Question;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// Never graded.
    New,
    /// In its learning or relearning steps.
    Learning,
    /// Graduated and due by the end of today.
    Due,
    /// Graduated and not due today.
    Learned,
}

impl Standing {
    pub fn of(card: Option<&CardRecord>, clock: &Clock) -> Standing {
        match card {
            None => Standing::New,
            Some(card) if card.state.in_steps() => Standing::Learning,
            Some(card) if card.due < clock.day_end => Standing::Due,
            Some(_) => Standing::Learned,
        }
    }
}

/// One question's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionStanding {
    pub id: String,
    pub standing: Standing,
    /// When it is next due; `None` for a new question.
    pub due: Option<DateTime<Utc>>,
}

/// How a topic's questions stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TopicStanding {
    pub topic: String,
    pub total: usize,
    pub new: usize,
    pub learning: usize,
    pub due: usize,
    pub learned: usize,
}

impl TopicStanding {
    fn add(&mut self, standing: Standing) {
        self.total += 1;
        match standing {
            Standing::New => self.new += 1,
            Standing::Learning => self.learning += 1,
            Standing::Due => self.due += 1,
            Standing::Learned => self.learned += 1,
        }
    }
}

/// Each question's standing, in the order given.
pub fn of_questions(
    questions: &[&Question],
    progress: &Progress,
    clock: &Clock,
) -> Vec<QuestionStanding> {
    questions
        .iter()
        .map(|q| {
            let card = progress.cards.get(&q.id);
            QuestionStanding {
                id: q.id.clone(),
                standing: Standing::of(card, clock),
                due: card.map(|c| c.due),
            }
        })
        .collect()
}

/// The standings counted per topic, in the order of `topics`; a question
/// counts once in each of its topics.
pub fn by_topic(
    topics: &[&str],
    questions: &[&Question],
    standings: &[QuestionStanding],
) -> Vec<TopicStanding> {
    topics
        .iter()
        .map(|topic| {
            let mut counts = TopicStanding {
                topic: (*topic).to_string(),
                ..TopicStanding::default()
            };
            for (question, standing) in questions.iter().zip(standings) {
                if question.has_topic(topic) {
                    counts.add(standing.standing);
                }
            }
            counts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Difficulty, Framework};
    use crate::practice::scheduler::{Rating, Scheduler};
    use crate::practice::test_support::question;
    use chrono::TimeZone;

    #[test]
    fn new_learning_due_and_learned_follow_the_card_and_the_day() {
        let now = chrono::FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 3, 10, 9, 0, 0)
            .unwrap();
        let clock = Clock::at(now);
        let scheduler = Scheduler::default();
        let again = scheduler.grade(None, Rating::Again, &clock);
        let easy = scheduler.grade(None, Rating::Easy, &clock);
        assert_eq!(Standing::of(None, &clock), Standing::New);
        assert_eq!(Standing::of(Some(&again), &clock), Standing::Learning);
        assert_eq!(Standing::of(Some(&easy), &clock), Standing::Learned);
        let later = Clock::at(now + (easy.due - clock.now));
        assert_eq!(Standing::of(Some(&easy), &later), Standing::Due);

        let (a, b) = (
            question("a", Difficulty::Easy, Framework::Flask, &["testing"]),
            question(
                "b",
                Difficulty::Easy,
                Framework::Flask,
                &["testing", "databases"],
            ),
        );
        let mut progress = Progress::default();
        progress.cards.insert("b".into(), again);
        let questions = [&a, &b];
        let standings = of_questions(&questions, &progress, &clock);
        let topics = by_topic(&["testing", "databases"], &questions, &standings);
        assert_eq!(
            (topics[0].total, topics[0].new, topics[0].learning),
            (2, 1, 1)
        );
        assert_eq!((topics[1].total, topics[1].learning), (1, 1));
    }
}
