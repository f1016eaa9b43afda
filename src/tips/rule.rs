//! What a rule is: its stable code, how loud it is, and which bank question
//! explains it in a file of each framework.

use crate::bank::Framework;

/// A kind of anti-pattern.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The diagnostic code, stable across versions.
    pub code: &'static str,
    /// A few words for lists and logs.
    pub name: &'static str,
    /// How loudly an editor should show it.
    pub severity: Severity,
    /// The bank question that explains the pattern, by the file's framework.
    pub questions: Questions,
}

/// How loud a tip is. Security holes are warnings, so that users who show
/// only warnings and errors (a common editor setup) still see them; advice
/// about style or performance stays informational.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Warning,
    Information,
}

/// The question to link, per framework of the file: a FastAPI file's tip must
/// not send its reader to a Flask answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Questions {
    pub flask: &'static str,
    pub fastapi: &'static str,
    /// For a file that imports neither framework.
    pub neither: &'static str,
}

impl Questions {
    /// One question that fits every framework.
    pub const fn same(id: &'static str) -> Questions {
        Questions {
            flask: id,
            fastapi: id,
            neither: id,
        }
    }

    /// The question for a file written for `framework`.
    pub fn for_framework(&self, framework: Option<Framework>) -> &'static str {
        match framework {
            Some(Framework::Flask) => self.flask,
            Some(Framework::Fastapi) => self.fastapi,
            Some(Framework::General) | None => self.neither,
        }
    }

    /// Every `(framework, question)` pair, for checks against the bank.
    pub fn pairs(&self) -> [(Framework, &'static str); 3] {
        [
            (Framework::Flask, self.flask),
            (Framework::Fastapi, self.fastapi),
            (Framework::General, self.neither),
        ]
    }
}
