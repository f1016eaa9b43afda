//! Located problems found while loading a bank.

use serde::Serialize;
use std::fmt;

/// A problem in a bank file, located like a compiler error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankError {
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    pub message: String,
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.path, self.line, self.col, self.message
        )
    }
}
