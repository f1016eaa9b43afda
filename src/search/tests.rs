use super::*;
use crate::bank::{Difficulty, Framework, Location};

fn question(id: &str, title: &str, keywords: &[&str], answer: &str) -> Question {
    Question {
        id: id.into(),
        title: title.into(),
        difficulty: Difficulty::Medium,
        frameworks: vec![Framework::General],
        topics: vec![],
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        aliases: vec![],
        short: String::new(),
        points: vec![],
        answer: answer.into(),
        examples: vec![],
        snippets: vec![],
        topics_line: 1,
        source: Location {
            path: "x.md".into(),
            line: 1,
        },
    }
}

fn bank() -> Vec<Question> {
    let mut di = question(
        "di",
        "Explain dependency injection in FastAPI.",
        &["fastapi.Depends", "dependency injection"],
        "Handlers declare Depends(get_db) parameters.",
    );
    di.aliases = vec!["Why is Depends() used?".into()];
    vec![
        question(
            "retry",
            "How do you retry a call that depends on another service?",
            &["retry", "backoff"],
            "Retry with exponential backoff.",
        ),
        di,
        question(
            "bp",
            "What are Flask Blueprints?",
            &["flask.Blueprint"],
            "A blueprint groups routes.",
        ),
        question(
            "rl",
            "How would you implement rate limiting?",
            &["rate limiting", "429", "throttling requests"],
            "Limit requests per user with a token bucket.",
        ),
        question(
            "g",
            "What is the difference between g and session in Flask?",
            &["flask.g", "flask.session"],
            "g lives for one request; Django has nothing like it.",
        ),
        question(
            "login-task",
            "Create a login API with sessions",
            &["coding-task", "flask.session"],
            "A login endpoint.",
        ),
        question(
            "sessions",
            "How do sessions work?",
            &["flask.session"],
            "A signed cookie.",
        ),
    ]
}

fn ids(query: &str) -> Vec<String> {
    let qs = bank();
    let index = SearchIndex::new(&qs);
    index
        .search(&qs, query, 10)
        .iter()
        .map(|h| h.question.id.clone())
        .collect()
}

fn top(query: &str) -> String {
    ids(query).first().cloned().unwrap_or_default()
}

#[test]
fn the_wording_comes_first() {
    assert_eq!(top("why is depends() used?"), "di");
    assert_eq!(top("What are Flask Blueprints"), "bp");
}

#[test]
fn a_name_beats_a_mention() {
    // `retry` has "depends" in its title; `di` is about `Depends`.
    assert_eq!(top("Depends"), "di");
    assert_eq!(top("blueprint"), "bp");
}

#[test]
fn paraphrases_typos_and_comparisons_find_their_question() {
    assert_eq!(top("limit requests"), "rl");
    assert_eq!(top("blueprnt"), "bp");
    assert_eq!(top("depnds"), "di");
    assert_eq!(top("g vs session"), "g");
}

#[test]
fn concept_questions_beat_coding_tasks_and_ties_never_follow_file_order() {
    // `sessions` and `login-task` both name `flask.session` first.
    let found = ids("flask.session");
    let concept = found.iter().position(|id| id == "sessions").unwrap();
    let task = found.iter().position(|id| id == "login-task").unwrap();
    assert!(concept < task, "{found:?}");
}

#[test]
fn what_the_bank_only_mentions_or_does_not_know_is_no_match() {
    assert!(ids("zzzz qqqq").is_empty());
    assert!(ids("   ").is_empty());
    // "django" is only in an answer; "orm" nowhere.
    assert!(ids("django orm").is_empty(), "{:?}", ids("django orm"));
    assert!(ids("react hooks").is_empty());
    assert!(ids("how is it").is_empty());
}

#[test]
fn scores_are_best_first() {
    let qs = bank();
    let index = SearchIndex::new(&qs);
    let hits = index.search(&qs, "session", 10);
    assert!(hits.len() >= 3);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(index.search(&qs, "session", 0).is_empty());
}

#[test]
fn words_meet_their_stems_and_spellings() {
    use text::{query_terms, term};
    assert_eq!(term("caching"), term("cache"));
    assert_eq!(term("depends"), term("dependency"));
    assert_eq!(term("blueprints"), term("blueprint"));
    assert_eq!(term("versus"), term("difference"));
    assert_eq!(term("the"), None);
    let stems: Vec<String> = query_terms("e.g. the g object")
        .into_iter()
        .map(|t| t.stem)
        .collect();
    assert_eq!(stems, ["g", "object"]);
    assert_eq!(text::camel_parts("APIRouter"), ["api", "router"]);
    assert_eq!(
        text::camel_parts("OAuth2PasswordBearer"),
        ["o", "auth2", "password", "bearer"]
    );
    assert!(text::camel_parts("router").is_empty());
}
