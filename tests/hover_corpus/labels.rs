//! The hand-written labels: for every framework-name occurrence of the
//! corpus, which question a hover there should show.
//!
//! One line per occurrence: `path:line:column  symbol  expected`, where
//! `expected` is
//! - one or more question ids separated by `|` (any of them is right),
//! - `missing`: a framework concept no question is about yet (a miss for
//!   coverage, and any hover there is wrong),
//! - `none`: a name the bank should not answer for at all, such as a user's
//!   own column hanging off a framework object (any hover there is wrong).
//!
//! `#` starts a comment line.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Questions(Vec<String>),
    Missing,
    None,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub symbol: String,
    pub expected: Expected,
    /// Line in the labels file, for error messages.
    pub source_line: usize,
}

/// `(path, line, column)` → label.
pub type Labels = BTreeMap<(String, usize, usize), Label>;

pub fn parse(text: &str) -> Labels {
    let mut labels = Labels::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [place, symbol, expected] = fields[..] else {
            panic!(
                "labels line {}: want `path:line:col symbol expected`: {raw}",
                index + 1
            );
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(column), Some(row), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("labels line {}: bad place {place:?}", index + 1);
        };
        let number = |s: &str| -> usize {
            s.parse()
                .unwrap_or_else(|_| panic!("labels line {}: bad number {s:?}", index + 1))
        };
        let expected = match expected {
            "missing" => Expected::Missing,
            "none" => Expected::None,
            ids => Expected::Questions(ids.split('|').map(String::from).collect()),
        };
        let key = (path.to_string(), number(row), number(column));
        let label = Label {
            symbol: symbol.to_string(),
            expected,
            source_line: index + 1,
        };
        if let Some(previous) = labels.insert(key, label) {
            panic!(
                "labels line {}: the place is already labelled on line {}",
                index + 1,
                previous.source_line
            );
        }
    }
    labels
}
