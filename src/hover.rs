//! What a hover teaches: the bank's best question for the symbol under the
//! cursor, plus related questions. Plain data in, plain data out; the
//! server converts positions and wraps the text.

use crate::bank::{Bank, Framework, Question};
use crate::python::{PythonFile, lookup_candidates, resolve_symbol_at};
use crate::render;
use std::cmp::Reverse;
use std::ops::Range;

/// The keyword that marks a coding task in the bank.
const CODING_TASK: &str = "coding-task";

/// How many related questions a hover lists.
const MAX_RELATED: usize = 3;

/// Modules whose members are separate subjects (`sqlalchemy.orm` is the whole
/// ORM; `fastapi.security` holds OAuth2, API keys and HTTP Basic): a member
/// the bank has no keyword for must not fall back to the module's answer,
/// the way lookups never fall back to a bare package.
const UMBRELLA_MODULES: &[&str] = &["sqlalchemy.orm", "fastapi.security", "fastapi.middleware"];

/// Methods of the plain strings and bytes that framework attributes hold
/// (`credentials.scheme.lower()`): Python's, not the framework's, so they
/// never fall back to the attribute's question.
const STRING_METHODS: &[&str] = &[
    "lower",
    "upper",
    "casefold",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "splitlines",
    "startswith",
    "endswith",
    "encode",
    "decode",
    "replace",
    "removeprefix",
    "removesuffix",
    "isdigit",
    "isalnum",
    "title",
    "capitalize",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverAnswer {
    pub text: String,
    /// The byte range of the symbol in the document.
    pub range: Range<usize>,
    pub question_id: String,
}

/// The hover for `offset` in a Python document, if the cursor is on a
/// framework symbol the bank explains.
pub fn hover(
    bank: &Bank,
    file: &PythonFile<'_>,
    offset: usize,
    markdown: bool,
    links: render::HoverLinks<'_>,
) -> Option<HoverAnswer> {
    let resolved = resolve_symbol_at(file, offset)?;
    let string_method = resolved
        .symbol
        .rsplit('.')
        .next()
        .is_some_and(|last| STRING_METHODS.contains(&last));
    let (keyword, questions) = lookup_candidates(&resolved.symbol)
        .into_iter()
        .filter(|candidate| {
            candidate == &resolved.symbol
                || !(string_method || UMBRELLA_MODULES.contains(&candidate.as_str()))
        })
        .find_map(|candidate| {
            let found: Vec<&Question> = bank
                .with_keyword(&candidate)
                .filter(|q| lists(q, &candidate))
                .collect();
            (!found.is_empty()).then_some((candidate, found))
        })?;
    let ranked = rank(questions, &keyword, file.analysis.framework());
    let (best, others) = ranked.split_first()?;
    let related = related_questions(bank, best, others, file.analysis.framework());
    Some(HoverAnswer {
        text: render::hover_text(&resolved.symbol, best, &related, markdown, links),
        range: resolved.range,
        question_id: best.id.clone(),
    })
}

/// Whether the question lists exactly this symbol. The bank's index ignores
/// case, but symbols do not: `sqlalchemy.Text` (a column type) is not
/// `sqlalchemy.text` (raw SQL), nor `fastapi.security` (a module) `fastapi.Security`.
fn lists(question: &Question, symbol: &str) -> bool {
    question.keywords.iter().any(|k| k == symbol)
}

/// Best first: questions about the file's framework, then concept questions
/// before coding tasks (a hover explains; the task is practice), then those
/// that list the keyword earliest (their main subject), then those with the
/// most keywords from the keyword's module (the Flask-Login question over a
/// question that mentions Flask-Login among other things); remaining ties
/// keep bank order.
fn rank<'a>(
    mut questions: Vec<&'a Question>,
    keyword: &str,
    framework: Option<Framework>,
) -> Vec<&'a Question> {
    questions.sort_by_key(|q| {
        let off_framework = framework.is_some_and(|f| !q.has_framework(f));
        let position = q
            .keywords
            .iter()
            .position(|k| k == keyword)
            .unwrap_or(usize::MAX);
        (
            off_framework,
            is_coding_task(q),
            position,
            Reverse(same_module(q, keyword)),
        )
    });
    questions
}

/// Whether the question asks to build something (the bank marks them with
/// the `coding-task` keyword).
fn is_coding_task(question: &Question) -> bool {
    question.keywords.iter().any(|k| k == CODING_TASK)
}

/// How many of the question's keywords name something in the keyword's
/// module (`flask_login.` for `flask_login.current_user`).
fn same_module(question: &Question, keyword: &str) -> usize {
    let symbol = keyword.split('(').next().unwrap_or(keyword);
    let Some((module, _)) = symbol.rsplit_once('.') else {
        return 0;
    };
    question
        .keywords
        .iter()
        .filter(|k| {
            k.strip_prefix(module)
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .count()
}

/// Other questions on the same symbol, then questions sharing the best one's
/// topics that are about the same framework (the file's, else the best
/// question's) or about none, those about that framework alone first: a
/// Flask hover never suggests a FastAPI exercise.
fn related_questions<'a>(
    bank: &'a Bank,
    best: &'a Question,
    same_symbol: &[&'a Question],
    framework: Option<Framework>,
) -> Vec<&'a Question> {
    let context: Vec<Framework> = match framework {
        Some(f) => vec![f],
        None => best.frameworks.clone(),
    };
    let in_context = |f: &Framework| *f == Framework::General || context.contains(f);
    let mut related: Vec<&Question> = same_symbol.iter().copied().take(MAX_RELATED).collect();
    let mut by_topic: Vec<&Question> = Vec::new();
    for topic in &best.topics {
        for q in bank.with_topic(topic) {
            let fits = q.frameworks.iter().any(in_context);
            let seen = q.id == best.id || related.iter().chain(&by_topic).any(|r| r.id == q.id);
            if fits && !seen {
                by_topic.push(q);
            }
        }
    }
    // Stable: within each group, the best question's topics and bank order decide.
    by_topic.sort_by_key(|q| !q.frameworks.iter().all(in_context));
    let room = MAX_RELATED.saturating_sub(related.len());
    related.extend(by_topic.into_iter().take(room));
    related
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::parse::parse_file;

    /// A bank of `(id, frameworks, topics, keywords)` questions, in that order.
    fn bank(questions: &[(&str, &str, &str, &str)]) -> Bank {
        let text: String = questions
            .iter()
            .map(|(id, frameworks, topics, keywords)| {
                format!(
                    "## Question {id}?\n\n- id: {id}\n- difficulty: easy\n- frameworks: {frameworks}\n\
                     - topics: {topics}\n- keywords: {keywords}\n\n**In short:** About {id}.\n\nMore on {id}.\n\n"
                )
            })
            .collect();
        let parsed = parse_file("test.md", &text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        Bank::from_questions(parsed.questions, Vec::new())
    }

    /// The question id and related ids of the hover at the `$0` marker.
    fn hover_at(bank: &Bank, source: &str) -> Option<(String, Vec<String>)> {
        let offset = source.find("$0").expect("a $0 marker");
        let text = source.replacen("$0", "", 1);
        let parsed = crate::python::ParsedPython::new(text).expect("parse");
        let links = render::HoverLinks {
            answer: &|_| None,
            practise_command: None,
            show_command: "interview-ls show",
        };
        let answer = hover(bank, &parsed.file(), offset, true, links)?;
        let related = related_ids(bank, &answer.text);
        Some((answer.question_id, related))
    }

    /// The ids of the related questions a hover lists, in its order.
    fn related_ids(bank: &Bank, text: &str) -> Vec<String> {
        let list = text.split("**Related**").nth(1).unwrap_or_default();
        let mut found: Vec<(usize, String)> = bank
            .questions()
            .iter()
            .filter_map(|q| list.find(&q.title).map(|at| (at, q.id.clone())))
            .collect();
        found.sort();
        found.into_iter().map(|(_, id)| id).collect()
    }

    #[test]
    fn symbols_match_keywords_in_their_own_case() {
        let bank = bank(&[
            ("raw-sql", "general", "databases", "sqlalchemy.text"),
            ("column-types", "general", "databases", "sqlalchemy.Text"),
        ]);
        let file = "from sqlalchemy import Text, text\n";
        let at = |body: &str| hover_at(&bank, &format!("{file}{body}")).map(|(id, _)| id);
        assert_eq!(at("body = T$0ext\n").as_deref(), Some("column-types"));
        assert_eq!(at("q = t$0ext('select 1')\n").as_deref(), Some("raw-sql"));
    }

    #[test]
    fn string_methods_of_framework_attributes_are_python_s() {
        let bank = bank(&[(
            "bearer",
            "fastapi",
            "auth-security",
            "fastapi.security.HTTPAuthorizationCredentials.scheme",
        )]);
        let file = "from fastapi.security import HTTPAuthorizationCredentials\n\ndef f(c: HTTPAuthorizationCredentials):\n";
        let at = |body: &str| hover_at(&bank, &format!("{file}{body}")).map(|(id, _)| id);
        assert_eq!(at("    c.sch$0eme\n").as_deref(), Some("bearer"));
        assert_eq!(at("    c.scheme.low$0er()\n"), None);
    }

    #[test]
    fn umbrella_modules_answer_only_for_themselves() {
        let bank = bank(&[(
            "oauth2",
            "fastapi",
            "auth-security",
            "fastapi.security, fastapi.security.OAuth2PasswordBearer",
        )]);
        let file = "from fastapi.security import HTTPBasic, OAuth2PasswordBearer\n";
        let at = |body: &str| hover_at(&bank, &format!("{file}{body}")).map(|(id, _)| id);
        assert_eq!(
            at("x = OAuth2Pass$0wordBearer\n").as_deref(),
            Some("oauth2")
        );
        assert_eq!(at("x = HTTP$0Basic\n"), None, "HTTP Basic is not OAuth2");
        assert_eq!(
            hover_at(&bank, "from fastapi.secu$0rity import HTTPBasic\n").map(|(id, _)| id),
            Some("oauth2".to_string())
        );
    }

    #[test]
    fn equal_positions_go_to_the_question_most_about_the_module() {
        let bank = bank(&[
            (
                "sessions-vs-jwt",
                "flask",
                "auth-security",
                "flask_login.current_user, jwt",
            ),
            (
                "flask-login",
                "flask",
                "auth-security",
                "flask_login.current_user, flask_login.login_user, flask_login.LoginManager",
            ),
        ]);
        let (id, related) = hover_at(
            &bank,
            "from flask_login import current_user\nu = curr$0ent_user\n",
        )
        .unwrap();
        assert_eq!(id, "flask-login");
        assert_eq!(related, vec!["sessions-vs-jwt"]);
    }

    #[test]
    fn related_questions_stay_on_the_files_framework() {
        let bank = bank(&[
            ("fastapi-crud", "fastapi", "fundamentals", "crud"),
            ("mount-flask", "fastapi, flask", "fundamentals", "mount"),
            ("status-codes", "general", "fundamentals", "status codes"),
            (
                "app-context",
                "flask",
                "fundamentals",
                "application context",
            ),
            ("g-object", "flask", "fundamentals", "flask.g"),
        ]);
        let (id, related) = hover_at(&bank, "from flask import Flask, g\nx = $0g.user\n").unwrap();
        assert_eq!(id, "g-object");
        // Flask-only and framework-neutral first, then questions shared with
        // another framework; never a FastAPI-only one.
        assert_eq!(related, vec!["status-codes", "app-context", "mount-flask"]);
    }
}
