//! Located problems found while loading a bank.

use serde::Serialize;
use std::fmt;

/// A problem in a bank file, located like a compiler error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankError {
    pub path: String,
    /// 1-based line; 0 for a problem with the whole file or folder.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    pub message: String,
}

impl BankError {
    /// A problem with a whole file or folder (it cannot be read), shown as
    /// `path: error: …` with no made-up position.
    pub fn unlocated(path: String, message: String) -> BankError {
        BankError {
            path,
            line: 0,
            col: 0,
            message,
        }
    }
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: error: {}", self.path, self.message);
        }
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.path, self.line, self.col, self.message
        )
    }
}
