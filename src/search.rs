//! Finding questions from what a user types: framework names, short phrases,
//! whole questions, comparisons and typos. One engine serves
//! `interview-ls search`, the `interview.search` command (the editors'
//! pickers) and `workspace/symbol`.
//!
//! # Ranking
//!
//! A question's score adds up, strongest first:
//! 1. **the wording**: the query is the question's title or one of its
//!    aliases (punctuation and case aside) — always first;
//! 2. **the name**: the query *is* what the question is about — one of its
//!    keywords, the symbol a keyword names (`Depends` for `fastapi.Depends`,
//!    `response_model` for `fastapi.FastAPI.get(response_model)`), or the
//!    subject of a definition title (`Pydantic` in "What is Pydantic…?").
//!    Keywords are listed most central first, so an earlier one counts more;
//! 3. **the phrase**: the query, two words or more, appears whole in the
//!    title, an alias or a keyword; and a title or alias that covers the
//!    whole query with few other words;
//! 4. **the words**: each query word is matched against the bank's words —
//!    the same word (after stemming), a prefix of one (`auth`), or a typo
//!    away (`blueprnt`) — weighted by field (title and keywords 3, aliases
//!    2.5, topics and frameworks 1, the answer's text up to 1.3, BM25-style),
//!    by rarity (IDF), and by how much of the query the question covers.
//!    "x vs y", "difference between x and y" and "compare x and y" are one
//!    word, so a comparison query finds the question that compares.
//!
//! A coding task (keyword `coding-task`) scores 0.85 of a concept question
//! that matches as well. Equal scores are ordered by the title's match, then
//! the keywords', then the answer's, then concept before task, then id —
//! never by file order.
//!
//! **Relevance floor**: a question is a result only when it has the wording,
//! the name or the phrase, or when its title, aliases, keywords, topics and
//! frameworks cover at least 75% of the query's words (weighted by rarity; a
//! word the bank does not know at all weighs the most; `vs` is left out, and
//! in a query of three words or more a word found only in the answer counts
//! half). So a query about something the bank merely mentions ("django orm",
//! "react hooks") finds nothing.
//!
//! The index is built on the first search, so a bank that is rebuilt on every
//! keystroke in a bank file and never searched costs nothing.

mod document;
mod similarity;
#[cfg(test)]
mod tests;
mod text;

use crate::bank::Question;
use document::{Document, Field, body_words, name_key, strong_words};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use text::{canonical, normalise, query_terms, stem};

/// Added for the wording: far above anything else.
const WORDING: f32 = 10_000.0;
/// The name bonus, per unit of the query's weight, for the first keyword.
const NAME: f32 = 3.0;
/// How fast the name bonus falls with the keyword's place in the list.
const NAME_DECAY: f32 = 0.15;
/// The phrase bonus, per unit of the query's weight, in a title or alias …
const PHRASE_TITLE: f32 = 2.0;
/// … and in a keyword.
const PHRASE_KEYWORD: f32 = 1.5;
/// The answer's text: at most this weight (BM25 saturation).
const BODY: f32 = 0.6;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;
/// A word found only in the answer counts this much towards coverage.
const BODY_COVERAGE: f32 = 0.5;
/// In a query of three words or more, a word found only in the answer
/// counts this much towards the floor.
const BODY_FLOOR: f32 = 0.5;
/// The share of the query (by weight) a question's own fields must cover.
const FLOOR: f32 = 0.75;
/// The bonus, per unit of the query's weight, for a title or alias that
/// alone covers the whole query (it falls with the square of the share).
const ONE_WORDING: f32 = 2.0;
/// Aliases past this many count as words but not as whole wordings.
const MAX_ALIASES: usize = 8;
/// A coding task's score against a concept question's.
const TASK: f32 = 0.85;

/// One ranked result.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    pub question: &'a Question,
    pub score: i64,
}

/// The search index of one bank's questions (built on the first search).
#[derive(Debug, Default)]
pub struct SearchIndex {
    index: OnceLock<Index>,
}

#[derive(Debug, Default)]
struct Index {
    docs: Vec<Document>,
    /// Per question: the answer's length in words, for BM25.
    body_len: Vec<f32>,
    average_body_len: f32,
    /// Stem → its entry in `stems`.
    stem_ids: HashMap<String, usize>,
    stems: Vec<Stem>,
    /// Distinct words as written (canonical spelling) with their stem, for
    /// prefixes and typos.
    words: Vec<(String, usize)>,
}

#[derive(Debug, Default)]
struct Stem {
    /// The questions it occurs in (any field), for IDF.
    postings: Vec<Posting>,
}

/// One stem in one question.
#[derive(Debug, Clone, Copy, Default)]
struct Posting {
    doc: usize,
    /// The strongest field weight it has in the question's own fields.
    strong: f32,
    /// Its weight factor in the title and in the keywords (0 when absent).
    title: f32,
    keyword: f32,
    /// The aliases it occurs in (bit `i` for alias `i`, the first [`MAX_ALIASES`]).
    aliases: u8,
    /// Occurrences in the answer.
    body_tf: u32,
}

impl SearchIndex {
    /// The index for `questions`; every search must pass the same slice.
    pub fn new(_questions: &[Question]) -> SearchIndex {
        SearchIndex::default()
    }

    /// Questions matching `query` that pass the relevance floor, best first
    /// (see the module documentation for the order).
    pub fn search<'a>(&self, questions: &'a [Question], query: &str, limit: usize) -> Vec<Hit<'a>> {
        if questions.is_empty() || limit == 0 || query.trim().is_empty() {
            return Vec::new();
        }
        let index = self.index.get_or_init(|| Index::build(questions));
        debug_assert_eq!(index.docs.len(), questions.len());
        index.search(questions, query, limit)
    }
}

impl Index {
    fn build(questions: &[Question]) -> Index {
        let mut index = Index::default();
        // Written word → stem id (None for stopwords), so each distinct word
        // is stemmed once.
        let mut seen: HashMap<String, Option<usize>> = HashMap::new();
        let mut canonicals: HashSet<String> = HashSet::new();
        let mut id_of = |index: &mut Index, word: &str| -> Option<usize> {
            if let Some(id) = seen.get(word) {
                return *id;
            }
            let id = canonical(word).map(|canonical| {
                let stemmed = stem(canonical);
                let next = index.stems.len();
                let id = *index.stem_ids.entry(stemmed).or_insert(next);
                if id == next {
                    index.stems.push(Stem::default());
                }
                if canonicals.insert(canonical.to_string()) {
                    index.words.push((canonical.to_string(), id));
                }
                id
            });
            seen.insert(word.to_string(), id);
            id
        };
        for (doc, question) in questions.iter().enumerate() {
            let mut local: HashMap<usize, Posting> = HashMap::new();
            let mut strong: Vec<(String, Field, f32)> = Vec::new();
            strong_words(question, |word, field, factor| {
                strong.push((word.to_string(), field, factor));
            });
            for (alias, text) in question.aliases.iter().take(MAX_ALIASES).enumerate() {
                for word in text::lower_words(text) {
                    if let Some(id) = id_of(&mut index, &word) {
                        local.entry(id).or_default().aliases |= 1 << alias;
                    }
                }
            }
            for (word, field, factor) in strong {
                let Some(id) = id_of(&mut index, &word) else {
                    continue;
                };
                let p = local.entry(id).or_default();
                p.strong = p.strong.max(field.weight() * factor);
                match field {
                    Field::Title => p.title = p.title.max(factor),
                    Field::Keyword => p.keyword = p.keyword.max(factor),
                    _ => {}
                }
            }
            let mut body_len = 0usize;
            for word in body_words(question) {
                if let Some(id) = id_of(&mut index, &word) {
                    local.entry(id).or_default().body_tf += 1;
                    body_len += 1;
                }
            }
            for (id, mut posting) in local {
                posting.doc = doc;
                index.stems[id].postings.push(posting);
            }
            index.body_len.push(body_len as f32);
            index.docs.push(Document::of(question));
        }
        let total: f32 = index.body_len.iter().sum();
        index.average_body_len = (total / questions.len().max(1) as f32).max(1.0);
        index
    }

    fn search<'a>(&self, questions: &'a [Question], query: &str, limit: usize) -> Vec<Hit<'a>> {
        let n = self.docs.len();
        let terms = query_terms(query);
        let phrase = normalise(query);
        let key = name_key(query);
        let mut scores = vec![Scores::default(); n];
        let mut mass = 0.0f32;
        // The floor ignores "vs": with no question comparing x and y, the one
        // about both still answers "x vs y". A question of three words or
        // more may have the rest in its answer (counted half).
        let mut floor_mass = 0.0f32;
        let comparison = text::term("vs").unwrap_or_default();
        let long_query = terms.iter().filter(|t| t.stem != comparison).count() >= 3;
        let mut key_is_known = true;
        for term in &terms {
            let counts_for_floor = term.stem != comparison;
            let matches = self.matches(term);
            if matches.iter().all(|&(_, sim)| sim < similarity::SAME) {
                key_is_known = false;
            }
            // The word's weight: its own rarity when the bank has it, else
            // its closest match's, else the most a word can weigh. A prefix
            // or typo match onto a commoner word counts that word's rarity.
            let idf_of = |id: usize| (1.0 + n as f32 / self.stems[id].postings.len() as f32).ln();
            let unknown = (1.0 + n as f32 / 0.5).ln();
            let weight = match matches.iter().find(|&&(_, sim)| sim == similarity::SAME) {
                Some(&(id, _)) => idf_of(id),
                None if matches.is_empty() => unknown,
                None => matches
                    .iter()
                    .map(|&(id, _)| idf_of(id))
                    .fold(0.0, f32::max),
            };
            mass += weight;
            if counts_for_floor {
                floor_mass += weight;
            }
            let mut best = vec![TermMatch::default(); n];
            for &(id, sim) in &matches {
                let rarity = idf_of(id).min(weight);
                let w = sim * rarity;
                for p in &self.stems[id].postings {
                    let m = &mut best[p.doc];
                    if p.strong > 0.0 {
                        m.strong = m.strong.max(w * p.strong);
                        m.strong_cover = m.strong_cover.max(rarity);
                        m.strong_sim = m.strong_sim.max(w);
                    }
                    m.title = m.title.max(w * p.title);
                    if p.title > 0.0 {
                        m.wordings[0] = m.wordings[0].max(w);
                    }
                    for (alias, slot) in m.wordings[1..].iter_mut().enumerate() {
                        if p.aliases & (1 << alias) != 0 {
                            *slot = slot.max(w);
                        }
                    }
                    m.keyword = m.keyword.max(w * p.keyword);
                    if p.body_tf > 0 {
                        m.body = m.body.max(w * self.bm25(p.body_tf, p.doc));
                        m.body_cover = m.body_cover.max(w);
                        m.body_rarity = m.body_rarity.max(rarity);
                    }
                }
            }
            for (s, m) in scores.iter_mut().zip(&best) {
                s.words += m.strong + BODY * m.body;
                s.strong_cover += m.strong_cover;
                if counts_for_floor {
                    s.floor_cover += if long_query {
                        m.strong_cover.max(BODY_FLOOR * m.body_rarity)
                    } else {
                        m.strong_cover
                    };
                }
                s.cover += m.strong_sim.max(BODY_COVERAGE * m.body_cover);
                s.title += m.title;
                s.keyword += m.keyword;
                s.body += m.body;
                for (k, w) in m.wordings.into_iter().enumerate() {
                    s.wordings[k] += w;
                    s.wording_hits[k] += u8::from(w > 0.0);
                }
            }
        }
        let mass = mass.max(1.0);
        let mut hits: Vec<(usize, f32, &Scores)> = Vec::new();
        for (doc, s) in scores.iter_mut().enumerate() {
            let d = &self.docs[doc];
            let wording = d.wordings.contains(&phrase);
            let name = if key.is_empty() {
                0.0
            } else {
                d.names
                    .iter()
                    .map(|(name, place)| {
                        name_similarity(&key, name, !key_is_known)
                            / (1.0 + NAME_DECAY * *place as f32)
                    })
                    .fold(0.0, f32::max)
            };
            let in_phrase = if key.contains(' ') {
                d.phrases
                    .iter()
                    .filter(|(p, _)| contains_phrase(p, &phrase))
                    .map(|&(_, keyword)| {
                        if keyword {
                            PHRASE_KEYWORD
                        } else {
                            PHRASE_TITLE
                        }
                    })
                    .fold(0.0, f32::max)
            } else {
                0.0
            };
            let coverage = s.cover / mass;
            let covered = floor_mass > 0.0 && s.floor_cover / floor_mass >= FLOOR;
            if !(wording || name > 0.0 || in_phrase > 0.0 || covered) {
                continue;
            }
            // A title or alias that is all about the query: it covers the
            // query and has few other words.
            let one_wording = s
                .wordings
                .iter()
                .zip(&s.wording_hits)
                .zip(&d.wording_terms)
                .map(|((&cover, &hits), &terms)| {
                    let cover = cover / mass;
                    let focus = f32::from(hits) / terms.max(1) as f32;
                    cover * cover * (0.5 + 0.5 * focus.min(1.0))
                })
                .fold(0.0f32, f32::max);
            let mut total = s.words * coverage * coverage
                + mass * (NAME * name + in_phrase + ONE_WORDING * one_wording);
            if d.is_task {
                total *= TASK;
            }
            if wording {
                total += WORDING;
            }
            hits.push((doc, total, s));
        }
        hits.sort_by(|a, b| {
            let (da, db) = (&self.docs[a.0], &self.docs[b.0]);
            desc(a.1, b.1)
                .then(desc(a.2.title, b.2.title))
                .then(desc(a.2.keyword, b.2.keyword))
                .then(desc(a.2.body, b.2.body))
                .then(da.is_task.cmp(&db.is_task))
                .then_with(|| questions[a.0].id.cmp(&questions[b.0].id))
        });
        hits.into_iter()
            .take(limit)
            .map(|(doc, total, _)| Hit {
                question: &questions[doc],
                score: (total * 100.0).round() as i64,
            })
            .collect()
    }

    /// The stems a query word matches, each with how well.
    fn matches(&self, term: &text::QueryTerm) -> Vec<(usize, f32)> {
        let exact = self.stem_ids.get(&term.stem).copied();
        let mut found: HashMap<usize, f32> = HashMap::new();
        if let Some(id) = exact {
            found.insert(id, similarity::SAME);
        }
        for (word, id) in &self.words {
            if Some(*id) == exact {
                continue;
            }
            let sim = similarity::similarity(&term.typed, word, exact.is_none());
            if sim > 0.0 {
                let slot = found.entry(*id).or_insert(0.0);
                *slot = slot.max(sim);
            }
        }
        found.into_iter().collect()
    }

    /// BM25's saturating weight of `tf` occurrences in a question's answer.
    fn bm25(&self, tf: u32, doc: usize) -> f32 {
        let tf = tf as f32;
        let norm = 1.0 - BM25_B + BM25_B * self.body_len[doc] / self.average_body_len;
        tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm)
    }
}

/// One query word's best match in one question (similarity × rarity, and
/// that times the field's weight).
#[derive(Debug, Clone, Copy, Default)]
struct TermMatch {
    strong: f32,
    /// Rarity alone: for the floor, a typo counts as the word.
    strong_cover: f32,
    strong_sim: f32,
    title: f32,
    keyword: f32,
    body: f32,
    body_cover: f32,
    body_rarity: f32,
    /// How well it matches the title (0) and each alias (1…).
    wordings: [f32; MAX_ALIASES + 1],
}

/// One question's sums over the query's words.
#[derive(Debug, Clone, Copy, Default)]
struct Scores {
    words: f32,
    /// The query's weight covered by the question's own fields …
    strong_cover: f32,
    /// … and by anything, the answer counting half.
    cover: f32,
    /// What the relevance floor counts (see `search`).
    floor_cover: f32,
    title: f32,
    keyword: f32,
    body: f32,
    /// The query's weight covered by the title (0) and by each alias (1…),
    /// and how many of the query's words each has.
    wordings: [f32; MAX_ALIASES + 1],
    wording_hits: [u8; MAX_ALIASES + 1],
}

/// How well a query (as terms) names a question's name: the same terms, or
/// for one word, a typo away when the word is unknown to the bank.
fn name_similarity(query: &str, name: &str, typos: bool) -> f32 {
    if query == name {
        return similarity::SAME;
    }
    if typos && !query.contains(' ') && !name.contains(' ') {
        let sim = similarity::similarity(query, name, true);
        if sim == similarity::TYPO {
            return sim;
        }
    }
    0.0
}

/// Whether `phrase` occurs in `text` as whole words (both normalised).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {text} ").contains(&format!(" {phrase} "))
}

/// Larger first.
fn desc(a: f32, b: f32) -> Ordering {
    b.partial_cmp(&a).unwrap_or(Ordering::Equal)
}
