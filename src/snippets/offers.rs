//! Which snippets fit the file and the cursor, most relevant first.

use super::Offer;
use super::placement::enclosing_function;
use crate::bank::{Bank, Framework, Question, Scope, Snippet};
use crate::python::nodes::is_docstring;
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
    /// Keywords for the bases of the class around the cursor
    /// (`class Item(BaseModel)` → Pydantic).
    pub class_keywords: Vec<String>,
    /// Words from the route handler's name and path (`list_items`, `/items`
    /// → `list`, `item`), or else from the name of the function or class
    /// around the cursor (`lifespan`).
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
            class_keywords: enclosing_class_bases(file, offset),
            route_words: handler
                .and_then(|h| text.get(h.range.start..h.name_range.end))
                .or_else(|| enclosing_name(tree, text, offset))
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

    /// How much a snippet is about what is under the cursor: the symbol,
    /// the enclosing class's bases, the route handler's decorator and
    /// words; 0 when nothing there relates to it.
    fn cursor_score(&self, question: &Question, snippet: &Snippet) -> i64 {
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
        if self.class_keywords.iter().any(|k| has(k)) {
            score += 300;
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
        score
    }

    /// Higher is more relevant to the cursor, then to the file.
    fn score(&self, question: &Question, snippet: &Snippet) -> i64 {
        let has = |keyword: &str| {
            question
                .keywords
                .iter()
                .any(|k| k.eq_ignore_ascii_case(keyword))
        };
        let mut score = self.cursor_score(question, snippet);
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

/// The examples a code-action menu shows at the cursor: at most
/// [`super::MAX_OFFERED`] of the fitting snippets, only those related to
/// what is under the cursor (a line nothing relates to gets none), best
/// first; `all` is every fitting snippet, best first, for a picker.
pub struct ExampleMenu<'b> {
    pub ranked: Vec<Offer<'b>>,
    pub all: Vec<Offer<'b>>,
}

/// The example menu at the cursor, or `None` in a file examples do not
/// belong in (see [`offers_examples`]).
pub fn example_menu<'b>(
    bank: &'b Bank,
    file: &PythonFile<'_>,
    offset: usize,
) -> Option<ExampleMenu<'b>> {
    if !offers_examples(file) {
        return None;
    }
    let spot = Spot::new(file, offset);
    let all = offers(bank, &spot);
    let ranked = all
        .iter()
        .filter(|o| spot.cursor_score(o.question, o.snippet) > 0)
        .take(super::MAX_OFFERED)
        .copied()
        .collect();
    Some(ExampleMenu { ranked, all })
}

/// Whether examples are offered in this file at all: it imports Flask or
/// FastAPI, or has no code yet (only comments, a docstring or nothing), so
/// someone who installed the server to practise gets no example noise in
/// the rest of their Python.
pub fn offers_examples(file: &PythonFile<'_>) -> bool {
    if file.analysis.framework().is_some() {
        return true;
    }
    let root = file.tree.root_node();
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .all(|n| n.kind() == "comment" || is_docstring(n))
}

/// The name of the innermost function or class around `offset`.
fn enclosing_name<'t>(tree: &tree_sitter::Tree, text: &'t str, offset: usize) -> Option<&'t str> {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset)?;
    loop {
        if matches!(node.kind(), "function_definition" | "class_definition") {
            return node
                .child_by_field_name("name")
                .and_then(|n| text.get(n.byte_range()));
        }
        node = node.parent()?;
    }
}

/// Keywords for the bases of the innermost class around `offset`.
fn enclosing_class_bases(file: &PythonFile<'_>, offset: usize) -> Vec<String> {
    let Some(mut node) = file
        .tree
        .root_node()
        .descendant_for_byte_range(offset, offset)
    else {
        return Vec::new();
    };
    loop {
        if node.kind() == "class_definition" {
            break;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return Vec::new(),
        }
    }
    let Some(bases) = node.child_by_field_name("superclasses") else {
        return Vec::new();
    };
    let mut cursor = bases.walk();
    let mut out = Vec::new();
    for base in bases.named_children(&mut cursor) {
        if let Some(symbol) = resolve_symbol_at(file, base.end_byte()) {
            for keyword in lookup_candidates(&symbol.symbol) {
                if !out.contains(&keyword) {
                    out.push(keyword);
                }
            }
        }
    }
    out
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
