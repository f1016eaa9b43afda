//! The bank's plain data: questions, their code blocks and where they came from.
//!
//! These types are what every front end (CLI, LSP features, the example
//! runner) works with; they serialize to the JSON that `--json` prints.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How hard an interviewer considers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

impl FromStr for Difficulty {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "easy" => Ok(Difficulty::Easy),
            "medium" => Ok(Difficulty::Medium),
            "hard" => Ok(Difficulty::Hard),
            other => Err(unknown_value(
                "difficulty",
                other,
                &["easy", "medium", "hard"],
            )),
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The framework a question or snippet is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    Flask,
    Fastapi,
    General,
}

impl Framework {
    pub const ALL: [Framework; 3] = [Framework::Flask, Framework::Fastapi, Framework::General];

    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Flask => "flask",
            Framework::Fastapi => "fastapi",
            Framework::General => "general",
        }
    }

    /// The name as people write it, for titles.
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Flask => "Flask",
            Framework::Fastapi => "FastAPI",
            Framework::General => "General",
        }
    }
}

impl FromStr for Framework {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "flask" => Ok(Framework::Flask),
            "fastapi" => Ok(Framework::Fastapi),
            "general" => Ok(Framework::General),
            other => Err(unknown_value(
                "framework",
                other,
                &["flask", "fastapi", "general"],
            )),
        }
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the source text something starts (1-based line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as the user knows it: `questions/x.md` for the embedded bank,
    /// the path on disk for the user's folders.
    pub path: String,
    pub line: u32,
}

/// Where a snippet goes when it is inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// At the top level of the module.
    Module,
    /// Inside the body of the function under the cursor.
    Body,
}

/// A runnable example block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub line: u32,
    pub code: String,
    /// Fence attributes other than the kind (`needs`, `app`, …), for the runner.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

/// An insertable pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub id: String,
    pub title: String,
    pub framework: Framework,
    pub scope: Scope,
    pub line: u32,
    /// The import statements the snippet needs, one statement per entry.
    pub imports: Vec<String>,
    /// The code to insert, without its imports and `# test:` lines.
    pub body: String,
    /// The block exactly as written (complete and runnable).
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

/// One question with its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub frameworks: Vec<Framework>,
    pub topics: Vec<String>,
    pub keywords: Vec<String>,
    pub aliases: Vec<String>,
    /// The one- or two-sentence answer (Markdown inline text).
    pub short: String,
    /// What an interviewer listens for, three to six short points (empty
    /// when the entry has none); not part of `answer`.
    pub points: Vec<String>,
    /// The full answer (Markdown), code blocks included.
    pub answer: String,
    pub examples: Vec<Example>,
    pub snippets: Vec<Snippet>,
    pub source: Location,
    /// The line of the `topics:` item (the heading's when there is none),
    /// where a topic missing from the topic map is reported.
    #[serde(skip)]
    pub topics_line: u32,
}

impl Question {
    pub fn has_framework(&self, framework: Framework) -> bool {
        self.frameworks.contains(&framework)
    }

    /// Whether the question is on `topic`, written any way `suggest::normalize`
    /// accepts (`Dependency Injection` is `dependency-injection`).
    pub fn has_topic(&self, topic: &str) -> bool {
        let topic = crate::suggest::normalize(topic);
        self.topics.contains(&topic)
    }

    /// `medium · FastAPI, Flask`: the label shown beside a question.
    pub fn label(&self) -> String {
        let frameworks: Vec<&str> = self.frameworks.iter().map(|f| f.display_name()).collect();
        format!("{} · {}", self.difficulty, frameworks.join(", "))
    }
}

/// `unknown difficulty `medum` (did you mean `medium`?)`, or the valid values
/// when nothing is close.
fn unknown_value(what: &str, value: &str, valid: &[&str]) -> String {
    let hint = crate::suggest::did_you_mean(&crate::suggest::near(value, valid.iter().copied()))
        .unwrap_or_else(|| {
            let (last, rest) = valid.split_last().unwrap_or((&"", &[]));
            format!("expected {} or {last}", rest.join(", "))
        });
    format!("unknown {what} `{value}` ({hint})")
}
