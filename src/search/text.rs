//! From text to search terms: one tokeniser for the bank and for queries, so
//! both sides always agree on what a word is.
//!
//! A word is a run of letters and digits, lower-cased. Words that say nothing
//! about which question is meant (`how`, `the`, `you`) are dropped, a few
//! spellings that mean the same are unified (`versus`, `difference` and
//! `compare` are all `vs`, so "g vs session" meets "the difference between
//! g and session"), and the rest are stemmed with Snowball's English stemmer
//! (`caching` and `cache`, `depends` and `dependency` meet).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common in questions to say anything about which one is meant:
/// function words, the verbs every question uses (`write`, `implement`,
/// `handle`) and its generic modifiers (`custom`, `simple`, `example`). Words that are part of framework names stay (`before` and
/// `after` in `before_request`).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "actually",
    "add",
    "also",
    "an",
    "and",
    "any",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "been",
    "best",
    "between",
    "by",
    "can",
    "come",
    "comes",
    "common",
    "could",
    "custom",
    "do",
    "does",
    "doing",
    "each",
    "example",
    "examples",
    "explain",
    "for",
    "from",
    "go",
    "goes",
    "good",
    "handle",
    "how",
    "i",
    "implement",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "make",
    "me",
    "my",
    "need",
    "needs",
    "of",
    "on",
    "one",
    "or",
    "our",
    "possible",
    "practical",
    "properly",
    "should",
    "simple",
    "so",
    "some",
    "something",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "typical",
    "us",
    "use",
    "used",
    "using",
    "want",
    "was",
    "way",
    "ways",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "work",
    "works",
    "would",
    "write",
    "you",
    "your",
];

/// Different spellings of one idea, unified before stemming.
const SAME: &[(&str, &str)] = &[
    ("versus", "vs"),
    ("difference", "vs"),
    ("differences", "vs"),
    ("differ", "vs"),
    ("differs", "vs"),
    ("different", "vs"),
    ("compare", "vs"),
    ("compared", "vs"),
    ("comparing", "vs"),
    ("comparison", "vs"),
    ("app", "application"),
    ("apps", "applications"),
    ("db", "database"),
    ("dbs", "database"),
    ("k8s", "kubernetes"),
    ("ws", "websocket"),
];

/// Lower-case words of `text`, with "e.g." and "i.e." left out (their
/// letters are not words: `g` is Flask's `g`).
pub fn lower_words(text: &str) -> Vec<String> {
    let lower = text
        .to_lowercase()
        .replace("e.g.", " ")
        .replace("i.e.", " ");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lower-case, punctuation to single spaces: how wordings are compared whole.
pub fn normalise(text: &str) -> String {
    lower_words(text).join(" ")
}

/// One lower-case word as the engine spells it: `None` for a stopword, the
/// common spelling for a word with several (`versus` → `vs`).
pub fn canonical(word: &str) -> Option<&str> {
    if STOPWORDS.contains(&word) {
        return None;
    }
    Some(
        SAME.iter()
            .find(|(from, _)| *from == word)
            .map_or(word, |(_, to)| to),
    )
}

/// The search term (stem) of one lower-case word, or `None` for a stopword.
pub fn term(word: &str) -> Option<String> {
    canonical(word).map(stem)
}

/// The stem of a canonical word.
pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// One word of a query: its stem, and the word as typed (canonical
/// spelling), which prefixes and typos are matched on.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub stem: String,
    pub typed: String,
}

/// The search terms of a query, in order, each once.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    for word in lower_words(query) {
        if let Some(typed) = canonical(&word) {
            let stem = stem(typed);
            if !terms.iter().any(|t| t.stem == stem) {
                terms.push(QueryTerm {
                    stem,
                    typed: typed.to_string(),
                });
            }
        }
    }
    terms
}

/// Names that look like camel case but are one word (`FastAPI` is not
/// "fast" and "API").
const ONE_WORD_NAMES: &[&str] = &["fastapi"];

/// The words of an identifier's camel-case parts (`APIRouter` → `api`,
/// `router`; `OAuth2PasswordBearer` → `o`, `auth2`, `password`, `bearer`),
/// or nothing when it has one part.
pub fn camel_parts(segment: &str) -> Vec<String> {
    if ONE_WORD_NAMES.contains(&segment.to_lowercase().as_str()) {
        return Vec::new();
    }
    let chars: Vec<char> = segment.chars().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, here) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        let boundary = here.is_uppercase()
            && (prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_lower));
        if boundary {
            parts.push(chars[start..i].iter().collect::<String>().to_lowercase());
            start = i;
        }
    }
    if parts.is_empty() {
        return Vec::new();
    }
    parts.push(chars[start..].iter().collect::<String>().to_lowercase());
    parts
}

/// Adjacent pairs of meaningful words, joined (`background tasks` →
/// `backgroundtasks`), so a symbol typed whole (`BackgroundTasks`,
/// `TestClient`) meets the words a title spells it with.
pub fn joined_pairs(words: &[String]) -> Vec<String> {
    words
        .windows(2)
        .filter(|pair| pair.iter().all(|w| canonical(w).is_some()))
        .map(|pair| format!("{}{}", pair[0], pair[1]))
        .collect()
}

/// Every word of `text` as written (case kept), for callers that also want
/// camel-case parts.
pub fn segments(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}
