//! What the engine reads from one question: its words by field, the names it
//! is about, and whether it is a coding task.
//!
//! A keyword that names a symbol is about its last part: `pydantic.BaseModel`
//! is about `BaseModel`, and `fastapi.FastAPI.get(response_model)` about
//! `response_model`. The module path before it (`pydantic`, `fastapi.FastAPI`)
//! still counts as words of the keyword, but weakly, so every question that
//! imports something from Pydantic does not look like a question about
//! Pydantic.

use super::text::{camel_parts, joined_pairs, lower_words, normalise, segments, term};
use crate::bank::Question;

/// The fields a word can come from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Keyword,
    Alias,
    Topic,
    Framework,
}

impl Field {
    /// How much a word in this field says the question is about it.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Keyword => 3.0,
            Field::Alias => 2.5,
            Field::Topic => 1.0,
            Field::Framework => 1.0,
        }
    }
}

/// A camel-case part of a word (`router` in `APIRouter`) counts this much of
/// the whole word.
const PART: f32 = 0.7;
/// A word of a symbol's module path (`pydantic` in `pydantic.Field`).
const PATH: f32 = 0.3;
/// Two adjacent words joined (`backgroundtasks` from "background tasks").
const JOINED: f32 = 0.9;

/// The keyword that marks a coding task (see `questions/README.md`).
pub const CODING_TASK: &str = "coding-task";

/// What the engine keeps of one question besides its words.
#[derive(Debug, Default)]
pub struct Document {
    /// The title and aliases, normalised: a query equal to one of them is
    /// that question.
    pub wordings: Vec<String>,
    /// The names the question is about, as term sequences, with the place of
    /// the keyword they come from (0 for the title's subject).
    pub names: Vec<(String, usize)>,
    /// Title, aliases and keywords normalised, for whole-phrase matches;
    /// `true` for keywords.
    pub phrases: Vec<(String, bool)>,
    /// How many distinct terms the title (0) and each alias (1…) have.
    pub wording_terms: Vec<usize>,
    /// A coding task rather than a concept question.
    pub is_task: bool,
}

impl Document {
    pub fn of(question: &Question) -> Document {
        let mut names = Vec::new();
        if let Some(subject) = title_subject(&question.title) {
            push_name(&mut names, &subject, 0);
        }
        for (position, keyword) in question.keywords.iter().enumerate() {
            let symbol = Symbol::of(keyword);
            push_name(&mut names, keyword, position);
            push_name(&mut names, symbol.subject, position);
        }
        let wordings = std::iter::once(&question.title)
            .chain(&question.aliases)
            .map(|w| normalise(w))
            .collect();
        let wording_terms = std::iter::once(&question.title)
            .chain(&question.aliases)
            .map(|w| name_key(w).split(' ').filter(|t| !t.is_empty()).count())
            .collect();
        let mut phrases: Vec<(String, bool)> = std::iter::once(&question.title)
            .chain(&question.aliases)
            .map(|w| (normalise(w), false))
            .collect();
        phrases.extend(question.keywords.iter().map(|k| (normalise(k), true)));
        Document {
            wordings,
            wording_terms,
            names,
            phrases,
            is_task: question
                .keywords
                .iter()
                .any(|k| k.eq_ignore_ascii_case(CODING_TASK)),
        }
    }
}

/// Every word of the question's strong fields with its field and how much
/// of that field's weight it carries (lower for camel-case parts and module
/// paths), as written (lower case, unstemmed).
pub fn strong_words(question: &Question, mut emit: impl FnMut(&str, Field, f32)) {
    let mut text = |text: &str, field: Field, factor: f32| {
        let words = lower_words(text);
        for word in &words {
            emit(word, field, factor);
        }
        for pair in joined_pairs(&words) {
            emit(&pair, field, factor * JOINED);
        }
        for segment in segments(text) {
            for part in camel_parts(segment) {
                emit(&part, field, factor * PART);
            }
        }
    };
    text(&question.title, Field::Title, 1.0);
    for alias in &question.aliases {
        text(alias, Field::Alias, 1.0);
    }
    for keyword in &question.keywords {
        let symbol = Symbol::of(keyword);
        text(symbol.path, Field::Keyword, PATH);
        text(symbol.subject, Field::Keyword, 1.0);
    }
    for topic in &question.topics {
        text(topic, Field::Topic, 1.0);
    }
    for framework in &question.frameworks {
        text(framework.as_str(), Field::Framework, 1.0);
    }
}

/// The words of the short and the full answer, as written.
pub fn body_words(question: &Question) -> Vec<String> {
    let mut words = lower_words(&question.short);
    words.extend(lower_words(&question.answer));
    words
}

/// A keyword split into what it is about and the module path before it.
struct Symbol<'a> {
    path: &'a str,
    subject: &'a str,
}

impl Symbol<'_> {
    /// `fastapi.FastAPI.get(response_model)` → path `fastapi.FastAPI.get`,
    /// subject `response_model`; `pydantic.BaseModel` → `pydantic`,
    /// `BaseModel`; a plain phrase (`rate limiting`, `n+1`) is all subject.
    fn of(keyword: &str) -> Symbol<'_> {
        let keyword = keyword.trim();
        if let Some((head, rest)) = keyword.split_once('(') {
            let argument = rest.trim_end_matches(')');
            if !argument.is_empty() {
                return Symbol {
                    path: head,
                    subject: argument,
                };
            }
        }
        let is_symbol = keyword.contains('.') && !keyword.contains(' ');
        match keyword.rsplit_once('.') {
            Some((path, subject)) if is_symbol && !subject.is_empty() => Symbol { path, subject },
            _ => Symbol {
                path: "",
                subject: keyword,
            },
        }
    }
}

/// What a definition question defines: `What is Pydantic and why is it
/// used?` → `Pydantic`; `What is a response model?` → `response model`.
fn title_subject(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let rest = ["what is ", "what are "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let rest = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))
        .unwrap_or(rest);
    let end = ["?", ",", " and ", " in ", " for ", " used ", " used?"]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let subject = rest[..end].trim();
    (!subject.is_empty() && !subject.starts_with("difference") && !subject.starts_with("purpose"))
        .then(|| subject.to_string())
}

/// Adds `name` (as its term sequence) unless it has no terms or is there.
fn push_name(names: &mut Vec<(String, usize)>, name: &str, position: usize) {
    let key = name_key(name);
    if !key.is_empty() && !names.iter().any(|(n, _)| *n == key) {
        names.push((key, position));
    }
}

/// A name or query as the terms it is compared by, in sorted order:
/// `Flask Blueprints` and `flask blueprint` are the same name, and so are
/// `flask vs fastapi` and `FastAPI vs Flask`.
pub fn name_key(text: &str) -> String {
    let mut terms: Vec<String> = lower_words(text).iter().filter_map(|w| term(w)).collect();
    terms.sort_unstable();
    terms.dedup();
    terms.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_about_their_last_part_or_argument() {
        let s = Symbol::of("fastapi.FastAPI.get(response_model)");
        assert_eq!(
            (s.path, s.subject),
            ("fastapi.FastAPI.get", "response_model")
        );
        let s = Symbol::of("pydantic.BaseModel");
        assert_eq!((s.path, s.subject), ("pydantic", "BaseModel"));
        let s = Symbol::of("n+1");
        assert_eq!((s.path, s.subject), ("", "n+1"));
        let s = Symbol::of("cache-control");
        assert_eq!((s.path, s.subject), ("", "cache-control"));
    }

    #[test]
    fn definition_titles_name_their_subject() {
        let subject = |t| title_subject(t);
        assert_eq!(
            subject("What is Pydantic and why is it used?").as_deref(),
            Some("pydantic")
        );
        assert_eq!(
            subject("What is a response model?").as_deref(),
            Some("response model")
        );
        assert_eq!(
            subject("What is Alembic used for?").as_deref(),
            Some("alembic")
        );
        assert_eq!(
            subject("What is the difference between g object and session object?"),
            None
        );
        assert_eq!(subject("How do you test FastAPI applications?"), None);
    }
}
