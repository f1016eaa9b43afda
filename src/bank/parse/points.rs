//! Checks on an entry's key points: the three to six things an interviewer
//! listens for. A point must be short enough to tick off, and it must be
//! something the answer actually says, so a user who ticks it can find it
//! there. "Says" is judged on words: most of a point's content words (or
//! their stems) must appear in the short or the full answer.

use std::collections::HashSet;

pub(super) const MIN_POINTS: usize = 3;
pub(super) const MAX_POINTS: usize = 6;
/// Longer than this and it is a paragraph, not a point to tick.
const MAX_POINT_CHARS: usize = 140;
/// Words shorter than this carry little meaning (`the`, `use`, `app`).
const MIN_WORD_CHARS: usize = 4;
/// Two words match when they share this many leading characters, so
/// `validates` finds `validation` and `commit` finds `committed`.
const STEM_CHARS: usize = 5;

/// Common words that say nothing about the topic.
const STOPWORDS: &[&str] = &[
    "about", "also", "always", "before", "after", "because", "both", "does", "each", "every",
    "from", "have", "into", "just", "keep", "know", "make", "more", "most", "much", "must", "need",
    "never", "only", "other", "over", "same", "should", "some", "than", "that", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "under", "until", "very", "what",
    "when", "where", "which", "while", "will", "with", "without", "your", "yours",
];

/// What is wrong with `points`, one message per problem with the index of
/// the point it is about (`None` for the list as a whole); nothing when the
/// entry has none.
pub(super) fn problems(
    points: &[String],
    short: &str,
    answer: &str,
) -> Vec<(Option<usize>, String)> {
    if points.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    if !(MIN_POINTS..=MAX_POINTS).contains(&points.len()) {
        problems.push((
            None,
            format!(
                "{} key points: write {MIN_POINTS} to {MAX_POINTS}",
                points.len()
            ),
        ));
    }
    let said = words(&format!("{short} {answer}"));
    for (index, point) in points.iter().enumerate() {
        let n = index + 1;
        let mut problem = |message: String| problems.push((Some(index), message));
        if point.is_empty() {
            problem(format!("key point {n} is empty"));
            continue;
        }
        if point.chars().count() > MAX_POINT_CHARS {
            problem(format!(
                "key point {n} is longer than {MAX_POINT_CHARS} characters: make it a phrase to tick off"
            ));
        }
        let wanted: Vec<String> = words(point).into_iter().collect();
        let missing: Vec<&String> = wanted.iter().filter(|w| !found(w, &said)).collect();
        // Most of the point must be in the answer; one new word is fine.
        if !wanted.is_empty() && missing.len() * 2 > wanted.len() {
            let mut missing: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            missing.sort_unstable();
            problem(format!(
                "key point {n} is not in the answer (missing: {})",
                missing.join(", ")
            ));
        }
    }
    problems
}

/// The content words of `text`, lower-cased.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= MIN_WORD_CHARS && !STOPWORDS.contains(&w.as_str()))
        .collect()
}

fn found(word: &str, said: &HashSet<String>) -> bool {
    said.contains(word) || {
        let stem: String = word.chars().take(STEM_CHARS).collect();
        stem.chars().count() == STEM_CHARS && said.iter().any(|w| w.starts_with(&stem))
    }
}

#[cfg(test)]
mod tests {

    fn points(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_string()).collect()
    }

    fn problems(points: &[String], short: &str, answer: &str) -> Vec<String> {
        super::problems(points, short, answer)
            .into_iter()
            .map(|(_, message)| message)
            .collect()
    }

    #[test]
    fn points_the_answer_makes_pass_and_others_are_named() {
        let answer = "FastAPI validates the body with Pydantic and answers 422 when validation fails. Dependencies run once per request and are cached.";
        let ok = points(&[
            "Pydantic validation of the body",
            "422 when validation fails",
            "dependencies cached per request",
        ]);
        assert!(
            problems(&ok, "", answer).is_empty(),
            "{:?}",
            problems(&ok, "", answer)
        );
        let bad = points(&[
            "Pydantic validation of the body",
            "middleware ordering matters for CORS",
            "dependencies cached per request",
        ]);
        let found = problems(&bad, "", answer);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "key point 2 is not in the answer (missing: cors, matters, middleware, ordering)"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn count_and_length_are_checked_and_none_is_fine() {
        assert!(problems(&[], "", "x").is_empty());
        let two = points(&["body validation", "validation errors"]);
        assert_eq!(
            problems(&two, "", "body validation errors"),
            ["2 key points: write 3 to 6"]
        );
        let long = "validation ".repeat(15);
        let found = problems(
            &points(&[&long, "body", "errors"]),
            "",
            "validation body errors",
        );
        assert!(found[0].contains("longer than 140"), "{found:?}");
    }
}
