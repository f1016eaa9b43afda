//! The loaded question bank: questions from the embedded files and the
//! user's folders, with lookups by id, snippet id and keyword.
//!
//! Architecture invariant: loading never fails as a whole. Every problem
//! becomes a located [`BankError`] and every valid question still loads.

pub mod embedded;
pub mod error;
mod fence;
pub mod filter;
pub mod load;
pub mod model;
pub mod parse;
pub mod snippet_code;
pub mod summary;
pub mod topics;

pub use error::BankError;
pub use filter::QuestionFilter;
pub use model::{Difficulty, Example, Framework, Location, Question, Scope, Snippet};
pub use summary::QuestionSummary;
pub use topics::Topic;

use crate::search::{Hit, SearchIndex};
use load::{ParsedSource, SourceFile, merge, parse_source, read_folder};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// An immutable, indexed set of questions. Reloading builds a new `Bank`.
#[derive(Debug, Default)]
pub struct Bank {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
    /// Lower-cased keyword → indices of the questions that list it, in bank order.
    by_keyword: HashMap<String, Vec<usize>>,
    /// Lower-cased topic → indices of the questions on it, in bank order.
    by_topic: HashMap<String, Vec<usize>>,
    /// Snippet id → (question index, snippet index).
    by_snippet: HashMap<String, (usize, usize)>,
    errors: Vec<BankError>,
    /// The declared topics (the embedded map, then each folder's `topics.md`).
    topic_map: Vec<Topic>,
    /// The folders that were loaded on top of the embedded files.
    folders: Vec<PathBuf>,
    search: SearchIndex,
}

/// The embedded files, parsed once per process: they never change, while
/// the bank is rebuilt on every settings change, watched-file event and
/// keystroke in an open bank file.
fn embedded_source() -> &'static ParsedSource {
    static PARSED: OnceLock<ParsedSource> = OnceLock::new();
    PARSED.get_or_init(|| {
        let files: Vec<SourceFile> = embedded::EMBEDDED_FILES
            .iter()
            .map(|(path, text)| SourceFile {
                path: (*path).to_string(),
                text: (*text).to_string(),
            })
            .collect();
        parse_source(&files)
    })
}

/// Records question `qi` under `key`. Questions are indexed in order, so a
/// repeat can only be the last entry.
fn add_posting(index: &mut HashMap<String, Vec<usize>>, key: &str, qi: usize) {
    let entry = index.entry(key.to_lowercase()).or_default();
    if entry.last() != Some(&qi) {
        entry.push(qi);
    }
}

impl Bank {
    /// The embedded bank with each folder laid over it in order.
    pub fn load(folders: &[PathBuf]) -> Bank {
        Bank::load_with_overlay(folders, &HashMap::new())
    }

    /// Like [`Bank::load`], but files in `overlay` (canonical path → text)
    /// are read from there instead of the disk: the editor's unsaved text of
    /// open bank files, so fixing a file re-indexes it live.
    pub fn load_with_overlay(folders: &[PathBuf], overlay: &HashMap<PathBuf, String>) -> Bank {
        let mut sources = Vec::with_capacity(folders.len());
        for folder in folders {
            let (mut files, read_errors) = read_folder(folder);
            if !overlay.is_empty() {
                for file in &mut files {
                    if let Some(text) = std::fs::canonicalize(&file.path)
                        .ok()
                        .and_then(|p| overlay.get(&p))
                    {
                        file.text.clone_from(text);
                    }
                }
            }
            let mut parsed = parse_source(&files);
            parsed.errors.splice(0..0, read_errors);
            sources.push(parsed);
        }
        Bank::from_sources(folders, sources)
    }

    /// The embedded bank with each folder's parsed source (its read errors
    /// first among its errors) laid over it in order: what
    /// [`Bank::load_with_overlay`] builds, for callers that keep parsed
    /// files between loads (the server re-parses only an edited file).
    pub fn from_sources(folders: &[PathBuf], sources: Vec<ParsedSource>) -> Bank {
        let embedded = embedded_source();
        let mut questions = embedded.questions.clone();
        let mut errors = embedded.errors.clone();
        let mut topic_map = embedded.topics.clone();
        for parsed in sources {
            errors.extend(parsed.errors);
            merge_topics(&mut topic_map, parsed.topics);
            merge(&mut questions, parsed.questions);
        }
        let mut bank = Bank::with_topic_map(questions, errors, topic_map);
        bank.folders = folders.to_vec();
        bank
    }

    /// Only the questions of the given files or folders, without the
    /// embedded ones (for `check`); their topics are checked against the
    /// built-in topic map plus any `topics.md` among the paths.
    pub fn load_only(paths: &[PathBuf]) -> Bank {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let (found, read_errors) = read_folder(path);
            files.extend(found);
            errors.extend(read_errors);
        }
        let parsed = parse_source(&files);
        errors.extend(parsed.errors);
        let mut topic_map = embedded_source().topics.clone();
        merge_topics(&mut topic_map, parsed.topics);
        Bank::with_topic_map(parsed.questions, errors, topic_map)
    }

    /// A bank of `questions` with no topic map (topics are not checked).
    pub fn from_questions(questions: Vec<Question>, errors: Vec<BankError>) -> Bank {
        Bank::with_topic_map(questions, errors, Vec::new())
    }

    /// A bank whose questions' topics must be on `topic_map`; a topic that
    /// is not becomes a located error (the question still loads). An empty
    /// map checks nothing.
    pub fn with_topic_map(
        questions: Vec<Question>,
        mut errors: Vec<BankError>,
        topic_map: Vec<Topic>,
    ) -> Bank {
        if !topic_map.is_empty() {
            errors.extend(off_map_topics(&questions, &topic_map));
        }
        let mut bank = Bank {
            topic_map,
            search: SearchIndex::new(&questions),
            questions,
            errors,
            ..Bank::default()
        };
        for (qi, question) in bank.questions.iter().enumerate() {
            bank.by_id.insert(question.id.clone(), qi);
            for keyword in &question.keywords {
                add_posting(&mut bank.by_keyword, keyword, qi);
            }
            for topic in &question.topics {
                add_posting(&mut bank.by_topic, topic, qi);
            }
            for (si, snippet) in question.snippets.iter().enumerate() {
                bank.by_snippet.insert(snippet.id.clone(), (qi, si));
            }
        }
        bank
    }

    /// Questions matching what a user typed, best first (see [`crate::search`]).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        self.search.search(&self.questions, query, limit)
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    pub fn errors(&self) -> &[BankError] {
        &self.errors
    }

    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    /// Questions that list `keyword` (case-insensitive), in bank order.
    pub fn with_keyword(&self, keyword: &str) -> impl Iterator<Item = &Question> {
        self.by_keyword
            .get(&keyword.to_lowercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.questions[i])
    }

    /// Questions on `topic` (case-insensitive), in bank order.
    pub fn with_topic(&self, topic: &str) -> impl Iterator<Item = &Question> {
        self.by_topic
            .get(&topic.to_lowercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.questions[i])
    }

    pub fn snippet(&self, id: &str) -> Option<(&Question, &Snippet)> {
        self.by_snippet.get(id).map(|&(qi, si)| {
            let question = &self.questions[qi];
            (question, &question.snippets[si])
        })
    }

    pub fn snippets(&self) -> impl Iterator<Item = (&Question, &Snippet)> {
        self.questions
            .iter()
            .flat_map(|q| q.snippets.iter().map(move |s| (q, s)))
    }

    /// The declared topics, in the map's order.
    pub fn topic_map(&self) -> &[Topic] {
        &self.topic_map
    }

    /// Each topic with its description and question count: the declared
    /// topics in map order, then any topic questions use that no map declares
    /// (a user's bank without a `topics.md`).
    pub fn topic_counts(&self) -> Vec<TopicCount<'_>> {
        let count = |slug: &str| self.questions.iter().filter(|q| q.has_topic(slug)).count();
        let mut rows: Vec<TopicCount<'_>> = self
            .topic_map
            .iter()
            .map(|t| TopicCount {
                topic: &t.slug,
                description: &t.description,
                count: count(&t.slug),
            })
            .collect();
        for slug in self.topics() {
            if !rows.iter().any(|r| r.topic == slug) {
                rows.push(TopicCount {
                    topic: slug,
                    description: "",
                    count: count(slug),
                });
            }
        }
        rows
    }

    /// Ids that look like a mistyped `id`, closest first (at most three).
    pub fn near_ids(&self, id: &str) -> Vec<&str> {
        crate::suggest::near(id, self.questions.iter().map(|q| q.id.as_str()))
    }

    /// Every topic in the bank, sorted.
    pub fn topics(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = self
            .questions
            .iter()
            .flat_map(|q| q.topics.iter().map(String::as_str))
            .collect();
        topics.sort_unstable();
        topics.dedup();
        topics
    }
}

/// One row of [`Bank::topic_counts`]; the JSON shape of `interview-ls topics
/// --json` and `interview.topics`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopicCount<'a> {
    pub topic: &'a str,
    pub description: &'a str,
    pub count: usize,
}

/// Adds `extra` to `map`; a slug already there takes the later description.
fn merge_topics(map: &mut Vec<Topic>, extra: Vec<Topic>) {
    for topic in extra {
        match map.iter_mut().find(|t| t.slug == topic.slug) {
            Some(existing) => *existing = topic,
            None => map.push(topic),
        }
    }
}

/// A located error for each topic that questions use and the map lacks:
/// one per topic, at its first use, with how many questions use it, so a
/// folder without a `topics.md` gets a handful of errors rather than one per
/// question.
fn off_map_topics(questions: &[Question], map: &[Topic]) -> Vec<BankError> {
    let slugs: Vec<&str> = map.iter().map(|t| t.slug.as_str()).collect();
    let mut first_use: Vec<(&str, &Question, usize)> = Vec::new();
    for question in questions {
        for topic in question
            .topics
            .iter()
            .filter(|t| !slugs.contains(&t.as_str()))
        {
            match first_use.iter_mut().find(|(t, _, _)| t == topic) {
                Some((_, _, uses)) => *uses += 1,
                None => first_use.push((topic, question, 1)),
            }
        }
    }
    first_use
        .into_iter()
        .map(|(topic, question, uses)| {
            let hint =
                crate::suggest::did_you_mean(&crate::suggest::near(topic, slugs.iter().copied()))
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
            let also = match uses {
                1 => String::new(),
                n => format!(", used by {n} questions"),
            };
            BankError {
                path: question.source.path.clone(),
                line: question.topics_line,
                col: 1,
                message: format!(
                    "topic `{topic}` is not on the topic map ({}{also}){hint}",
                    topics::FILE_NAME
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_bank_loads_without_errors() {
        let bank = Bank::load(&[]);
        assert_eq!(bank.errors(), &[] as &[BankError]);
        assert!(!bank.questions().is_empty());
    }

    #[test]
    fn the_topic_index_lists_exactly_the_questions_on_a_topic_in_bank_order() {
        let bank = Bank::load(&[]);
        for topic in bank.topics() {
            let indexed: Vec<&str> = bank.with_topic(topic).map(|q| q.id.as_str()).collect();
            let scanned: Vec<&str> = bank
                .questions()
                .iter()
                .filter(|q| q.has_topic(topic))
                .map(|q| q.id.as_str())
                .collect();
            assert_eq!(indexed, scanned, "{topic}");
        }
    }

    #[test]
    fn a_folder_overrides_by_id_and_adds_new_questions() {
        let embedded = Bank::load(&[]);
        let first = &embedded.questions()[0];
        let dir = tempfile::tempdir().unwrap();
        let entry = |id: &str, title: &str| {
            format!(
                "## {title}\n\n- id: {id}\n- difficulty: hard\n- frameworks: general\n\n**In short:** Mine.\n\nMy answer.\n"
            )
        };
        std::fs::write(
            dir.path().join("mine.md"),
            format!(
                "{}\n{}",
                entry(&first.id, "Replaced?"),
                entry("my-own-question", "New?")
            ),
        )
        .unwrap();
        let bank = Bank::load(&[dir.path().to_path_buf()]);
        assert_eq!(bank.errors(), &[] as &[BankError]);
        assert_eq!(bank.questions().len(), embedded.questions().len() + 1);
        assert_eq!(bank.get(&first.id).unwrap().title, "Replaced?");
        assert_eq!(bank.get("my-own-question").unwrap().short, "Mine.");
    }

    #[test]
    fn duplicate_ids_in_one_source_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let entry = "## Q?\n\n- id: same\n- difficulty: easy\n- frameworks: flask\n\n**In short:** A.\n\nB.\n";
        std::fs::write(dir.path().join("a.md"), format!("{entry}\n{entry}")).unwrap();
        let bank = Bank::load_only(&[dir.path().to_path_buf()]);
        assert_eq!(bank.questions().len(), 1);
        let message = bank.errors()[0].to_string();
        assert!(
            message.contains(":11:1: error: duplicate id `same` (first defined at "),
            "{message}"
        );
    }
}
