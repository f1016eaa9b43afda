//! Which snippets fit the file and the cursor, most relevant first.

use super::Offer;
use super::placement::enclosing_function;
use crate::bank::{Bank, Framework, Question, Scope, Snippet};
use crate::python::{PythonFile, lookup_candidates, resolve_symbol_at};

/// Where the cursor is, as far as choosing snippets goes.
#[derive(Debug, Clone, Default)]
pub struct Spot {
    /// The framework the file imports first.
    pub framework: Option<Framework>,
    /// Whether the cursor is inside a function (body snippets fit).
    pub in_function: bool,
    /// Keywords for the symbol under the cursor, most specific first.
    pub symbol_keywords: Vec<String>,
    /// Keywords for the route handler around the cursor (its decorator).
    pub route_keywords: Vec<String>,
    /// Words from the route handler's name and path (`list_items`, `/items` → `list`, `item`).
    pub route_words: Vec<String>,
    /// Canonical names the file imports: a snippet about what the file
    /// already uses is more likely wanted than one about something else.
    pub imported: Vec<String>,
}

impl Spot {
    pub fn new(file: &PythonFile<'_>, offset: usize) -> Spot {
        let PythonFile {
            text,
            tree,
            analysis,
        } = *file;
        let symbol_keywords = resolve_symbol_at(file, offset)
            .map(|s| lookup_candidates(&s.symbol))
            .unwrap_or_default();
        let handler = analysis.route_handler_at(offset);
        Spot {
            framework: analysis.framework(),
            in_function: enclosing_function(tree, offset).is_some(),
            symbol_keywords,
            route_keywords: handler
                .map(|h| lookup_candidates(&h.decorator))
                .unwrap_or_default(),
            route_words: handler
                .and_then(|h| text.get(h.range.start..h.name_range.end))
                .map(words)
                .unwrap_or_default(),
            imported: analysis.imports.targets().map(str::to_string).collect(),
        }
    }

    /// Whether a snippet suits the file: its framework (a file that imports
    /// neither framework is offered everything) and, for body snippets, a
    /// function at the cursor.
    pub fn fits(&self, snippet: &Snippet) -> bool {
        let framework_ok = match self.framework {
            None => true,
            Some(framework) => {
                snippet.framework == framework || snippet.framework == Framework::General
            }
        };
        framework_ok && (snippet.scope == Scope::Module || self.in_function)
    }

    /// Higher is more relevant to what is under the cursor.
    fn score(&self, question: &Question, snippet: &Snippet) -> i64 {
        let has = |keyword: &str| {
            question
                .keywords
                .iter()
                .any(|k| k.eq_ignore_ascii_case(keyword))
        };
        let mut score = 0;
        if let Some(rank) = self.symbol_keywords.iter().position(|k| has(k)) {
            score += 1000 - 10 * i64::try_from(rank).unwrap_or(50);
        }
        // A route decorator matches every routing question, so it counts
        // less than a word the handler shares with the snippet (`upload`).
        if self.route_keywords.iter().any(|k| has(k)) {
            score += 100;
        }
        let snippet_words = words(&format!("{} {}", snippet.id, snippet.title));
        score += 200
            * i64::try_from(
                self.route_words
                    .iter()
                    .filter(|w| snippet_words.contains(w))
                    .count(),
            )
            .unwrap_or(0);
        if self.framework == Some(snippet.framework) {
            score += 5;
        }
        // Inside a function, code meant for a function body is what fits the
        // spot; module-level patterns would land after the function anyway.
        if self.in_function && snippet.scope == Scope::Body {
            score += 50;
        }
        let uses = self.imported.iter().filter(|name| has(name)).count().min(3);
        score += 20 * i64::try_from(uses).unwrap_or(0);
        score
    }
}

/// Every snippet that fits, most relevant first; ties keep bank order, so
/// authors decide which pattern leads.
pub fn offers<'b>(bank: &'b Bank, spot: &Spot) -> Vec<Offer<'b>> {
    let mut offers: Vec<(i64, Offer<'b>)> = bank
        .snippets()
        .filter(|(_, snippet)| spot.fits(snippet))
        .map(|(question, snippet)| (spot.score(question, snippet), Offer { question, snippet }))
        .collect();
    offers.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    offers.into_iter().map(|(_, offer)| offer).collect()
}

/// Lower-case words of a name, path or title, without the framework and
/// HTTP words every handler shares; plurals are folded (`items` → `item`).
fn words(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "get", "post", "put", "patch", "delete", "route", "app", "api", "router", "fastapi",
        "flask", "def", "async", "response", "model", "with", "the", "and", "for", "status",
        "code", "self",
    ];
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(|w| {
            let w = w.to_ascii_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}
