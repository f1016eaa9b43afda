//! The `workspace/executeCommand` protocol: command names, their typed
//! arguments and the shapes of their results. The editor clients mirror
//! these names (`editors/vscode/src/protocol.ts`, `editors/nvim/lua/interview/protocol.lua`).
//!
//! Every command takes at most one argument, an object; bad input of any
//! kind (unknown command, unknown field, wrong type, unknown rating) becomes
//! an `InvalidParams` error carrying serde's message, never a panic.

use crate::bank::{Difficulty, Framework, Question, QuestionFilter};
use crate::practice::picker::PickReason;
use crate::practice::scheduler::{CardRecord, Preview, Rating};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `{difficulty?, framework?, topic?, keywords?, dialog?}` → the question picked.
pub const RANDOM: &str = "interview.random";
/// `{id, open?}` → the question with its answer page.
pub const SHOW: &str = "interview.show";
/// `{id, rating, seconds?, session?}` → the new card, when it is due, and
/// the session's next step.
pub const GRADE: &str = "interview.grade";
/// [`SessionArgs`] → the session's next card with its counts and the four
/// grades' intervals, or "done" with the next due time.
pub const NEXT: &str = "interview.next";
/// `{id, session?}` → buries a card until tomorrow; the next step.
pub const SKIP: &str = "interview.skip";
/// `{session?}` → takes back the last grade or skip; the next step.
pub const UNDO: &str = "interview.undo";
/// `{until?, minutes?, difficulty?, framework?, topic?}` → the interview plan.
pub const PLAN: &str = "interview.plan";
/// `{difficulty?, framework?, topic?}` → every matching question with where
/// it stands (new, learning, due, learned), per-topic counts and today's counts.
pub const LIST: &str = "interview.list";
/// `{query, limit?}` → matching questions, best first.
pub const SEARCH: &str = "interview.search";
/// `{open?}` → per-topic and per-difficulty progress, and the Markdown page.
pub const STATS: &str = "interview.stats";
/// `{id?}` → forgets one question's progress, or all of it.
pub const RESET: &str = "interview.reset";
/// `{}` → every topic with its number of questions.
pub const TOPICS: &str = "interview.topics";
/// `{}` → every snippet's id, title and framework.
pub const SNIPPETS: &str = "interview.snippets";
/// `{id, uri, position}` → inserts a snippet through `workspace/applyEdit`.
pub const INSERT_SNIPPET: &str = "interview.insertSnippet";

/// Every command this module handles, as advertised in `initialize`.
pub const COMMANDS: [&str; 14] = [
    RANDOM,
    SHOW,
    GRADE,
    NEXT,
    SKIP,
    UNDO,
    PLAN,
    LIST,
    SEARCH,
    STATS,
    RESET,
    TOPICS,
    SNIPPETS,
    INSERT_SNIPPET,
];

/// One parsed command. The serde names repeat the consts above because
/// attributes need literals; a test checks they agree.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "command", content = "arguments")]
pub enum Command {
    #[serde(rename = "interview.random")]
    Random(RandomArgs),
    #[serde(rename = "interview.show")]
    Show(ShowArgs),
    #[serde(rename = "interview.grade")]
    Grade(GradeArgs),
    #[serde(rename = "interview.next")]
    Next(SessionArgs),
    #[serde(rename = "interview.skip")]
    Skip(SkipArgs),
    #[serde(rename = "interview.undo")]
    Undo(UndoArgs),
    #[serde(rename = "interview.plan")]
    Plan(PlanArgs),
    #[serde(rename = "interview.list")]
    List(ListArgs),
    #[serde(rename = "interview.search")]
    Search(SearchArgs),
    #[serde(rename = "interview.stats")]
    Stats(StatsArgs),
    #[serde(rename = "interview.reset")]
    Reset(ResetArgs),
    #[serde(rename = "interview.topics")]
    Topics(NoArgs),
    #[serde(rename = "interview.snippets")]
    Snippets(NoArgs),
    #[serde(rename = "interview.insertSnippet")]
    InsertSnippet(InsertSnippetArgs),
}

/// Where to insert which snippet: the document and the cursor, as the
/// client knows them (the position in the negotiated encoding).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsertSnippetArgs {
    pub id: String,
    pub uri: tower_lsp_server::ls_types::Uri,
    pub position: tower_lsp_server::ls_types::Position,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomArgs {
    pub difficulty: Option<Difficulty>,
    pub framework: Option<Framework>,
    pub topic: Option<String>,
    /// Only questions about one of these canonical symbols (what code lenses
    /// send; see `practice::is_about`).
    pub keywords: Option<Vec<String>>,
    /// Drive the Show answer / grade dialog with `window/showMessageRequest`
    /// (default). Clients with their own UI pass `false` and use the result.
    pub dialog: Option<bool>,
}

impl RandomArgs {
    pub fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            difficulty: self.difficulty,
            framework: self.framework,
            topic: self.topic.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowArgs {
    pub id: String,
    /// Open the answer page with `window/showDocument` (default `true`).
    pub open: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeArgs {
    pub id: String,
    pub rating: Rating,
    /// How long the answer took, for the planner's costs and the optimiser.
    pub seconds: Option<f64>,
    /// The key points the user ticked as said (0-based); the others are
    /// logged as missed. Absent when no checklist was shown.
    pub said: Option<Vec<usize>>,
    /// The session the grade belongs to, for the counts and next step
    /// returned (default: every question, the settings' limits).
    pub session: Option<SessionArgs>,
}

/// Which session: the questions it draws from and, optionally, limits that
/// override the settings for this session.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SessionArgs {
    pub difficulty: Option<Difficulty>,
    pub framework: Option<Framework>,
    pub topic: Option<String>,
    /// Only questions about one of these canonical symbols.
    pub keywords: Option<Vec<String>>,
    /// New cards per day (default: the `newPerDay` setting).
    pub new_per_day: Option<u32>,
    /// Plan for an interview on this date (`YYYY-MM-DD`, `tomorrow`, `thu`);
    /// default: the `interviewDate` setting while it is ahead.
    pub until: Option<String>,
    /// The plan's daily budget (default: the `dailyMinutes` setting).
    pub minutes: Option<f64>,
}

impl SessionArgs {
    pub fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            difficulty: self.difficulty,
            framework: self.framework,
            topic: self.topic.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipArgs {
    pub id: String,
    pub session: Option<SessionArgs>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndoArgs {
    pub session: Option<SessionArgs>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListArgs {
    pub difficulty: Option<Difficulty>,
    pub framework: Option<Framework>,
    pub topic: Option<String>,
}

impl ListArgs {
    pub fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            difficulty: self.difficulty,
            framework: self.framework,
            topic: self.topic.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanArgs {
    /// The interview date (default: the `interviewDate` setting).
    pub until: Option<String>,
    /// Minutes a day (default: the `dailyMinutes` setting).
    pub minutes: Option<f64>,
    pub difficulty: Option<Difficulty>,
    pub framework: Option<Framework>,
    pub topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    pub query: String,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsArgs {
    /// Open the stats page with `window/showDocument` (default `true`).
    pub open: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetArgs {
    /// One question; everything when absent.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// Parses `workspace/executeCommand` params; the error is the message for
/// an `InvalidParams` response.
pub fn parse(command: &str, arguments: Vec<Value>) -> Result<Command, String> {
    if !COMMANDS.contains(&command) {
        return Err(format!(
            "unknown command `{command}` (known: {})",
            COMMANDS.join(", ")
        ));
    }
    let argument = match <[Value; 1]>::try_from(arguments) {
        // Lua clients encode an empty table as `[]`; it means "no fields".
        Ok([Value::Null]) => json!({}),
        Ok([Value::Array(items)]) if items.is_empty() => json!({}),
        Ok([argument]) => argument,
        Err(arguments) if arguments.is_empty() => json!({}),
        Err(arguments) => {
            return Err(format!(
                "{command} takes one argument object, got {} arguments",
                arguments.len()
            ));
        }
    };
    if !argument.is_object() {
        return Err(format!(
            "{command} takes an object argument, got {argument}"
        ));
    }
    serde_json::from_value(json!({"command": command, "arguments": argument}))
        .map_err(|e| format!("invalid arguments for {command}: {e}"))
}

/// What `interview.random` and `interview.show` answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionResult {
    pub question: Question,
    /// Why it was picked (`interview.random` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pick: Option<PickReason>,
    /// Its card; `null` when never graded.
    pub card: Option<CardRecord>,
    /// The answer page's URI (`interview.show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_page: Option<String>,
    /// The four grades' intervals (`interview.show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previews: Option<[Preview; 4]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_advertised_name_parses_to_its_command() {
        let minimal = |name: &str| match name {
            SHOW => json!({"id": "x"}),
            GRADE => json!({"id": "x", "rating": "good"}),
            SKIP => json!({"id": "x"}),
            SEARCH => json!({"query": "x"}),
            INSERT_SNIPPET => json!({
                "id": "x",
                "uri": "file:///a.py",
                "position": {"line": 0, "character": 0}
            }),
            _ => json!({}),
        };
        for name in COMMANDS {
            assert!(parse(name, vec![minimal(name)]).is_ok(), "{name}");
        }
        assert_eq!(
            parse(RANDOM, vec![]),
            Ok(Command::Random(RandomArgs::default()))
        );
        assert_eq!(
            parse(STATS, vec![Value::Null]),
            Ok(Command::Stats(StatsArgs::default()))
        );
        // Neovim's `vim.json.encode({})` is `[]`.
        assert_eq!(
            parse(RANDOM, vec![json!([])]),
            Ok(Command::Random(RandomArgs::default()))
        );
    }

    #[test]
    fn bad_arguments_explain_themselves() {
        let err = |name: &str, args: Vec<Value>| parse(name, args).unwrap_err();
        assert!(err("interview.nope", vec![]).contains("unknown command `interview.nope`"));
        let e = err(GRADE, vec![json!({"id": "x", "rating": "great"})]);
        assert!(
            e.contains("unknown variant `great`") && e.contains("`again`"),
            "{e}"
        );
        let e = err(GRADE, vec![json!({"id": "x"})]);
        assert!(e.contains("missing field `rating`"), "{e}");
        let e = err(SHOW, vec![json!({"id": 7})]);
        assert!(
            e.contains("invalid type: integer `7`, expected a string"),
            "{e}"
        );
        let e = err(RANDOM, vec![json!({"dificulty": "hard"})]);
        assert!(e.contains("unknown field `dificulty`"), "{e}");
        let e = err(RANDOM, vec![json!({"difficulty": "impossible"})]);
        assert!(e.contains("unknown variant `impossible`"), "{e}");
        let e = err(SEARCH, vec![json!({"query": "a"}), json!({})]);
        assert!(e.contains("got 2 arguments"), "{e}");
        let e = err(SEARCH, vec![json!("a")]);
        assert!(e.contains("takes an object argument"), "{e}");
        let e = err(STATS, vec![json!({"x": 1})]);
        assert!(e.contains("unknown field `x`"), "{e}");
        let e = err(
            GRADE,
            vec![json!({"id": "x", "rating": "good", "session": {"newPerday": 3}})],
        );
        assert!(
            e.contains("unknown field `newPerday`") && e.contains("`newPerDay`"),
            "{e}"
        );
        let e = err(NEXT, vec![json!({"minutes": "ten"})]);
        assert!(e.contains("invalid type: string \"ten\""), "{e}");
    }
}
