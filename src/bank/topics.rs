//! The topic map: the topics questions may carry, each with a one-line
//! description, declared once per bank in a `topics.md` file:
//!
//! ```markdown
//! - `databases` — SQLAlchemy models and sessions, transactions, migrations, N+1
//! ```
//!
//! Lines that are not list items (headings, prose) are ignored. A user's
//! folder may declare its own `topics.md`; its topics join the built-in ones.

use super::error::BankError;
use serde::Serialize;
use std::path::Path;

/// The file that declares a bank's topics.
pub const FILE_NAME: &str = "topics.md";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub slug: String,
    pub description: String,
}

/// Whether `path` names a topic map rather than a file of questions.
pub fn is_topic_map(path: &str) -> bool {
    Path::new(path)
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case(FILE_NAME))
}

/// Reads a topic map; every malformed item is a located error and is skipped.
pub fn parse_topic_map(path: &str, text: &str) -> (Vec<Topic>, Vec<BankError>) {
    let mut topics: Vec<Topic> = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) else {
            continue;
        };
        let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let error = |message: String| BankError {
            path: path.to_string(),
            line: line_number,
            col: 1,
            message,
        };
        match parse_item(item) {
            Ok(topic) if topics.iter().any(|t| t.slug == topic.slug) => {
                errors.push(error(format!("topic `{}` is declared twice", topic.slug)));
            }
            Ok(topic) => topics.push(topic),
            Err(message) => errors.push(error(message)),
        }
    }
    (topics, errors)
}

fn parse_item(item: &str) -> Result<Topic, String> {
    const FORM: &str = "expected ``- `slug` — one-line description``";
    let rest = item.trim().strip_prefix('`').ok_or(FORM)?;
    let (slug, description) = rest.split_once('`').ok_or(FORM)?;
    if !super::parse::is_valid_id(slug) {
        return Err(format!(
            "topic `{slug}` is not a slug: use lower-case words joined by `-`"
        ));
    }
    let description = description
        .trim()
        .trim_start_matches(['—', '–', '-', ':'])
        .trim();
    if description.is_empty() {
        return Err(format!(
            "topic `{slug}` needs a one-line description ({FORM})"
        ));
    }
    Ok(Topic {
        slug: slug.to_string(),
        description: description.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_and_reports_bad_ones_by_line() {
        let text = "# Topics\n\nIntro.\n\n- `databases` — Sessions and models\n- `Bad Slug` — x\n- `testing`\n- `databases` — again\n- plain text\n";
        let (topics, errors) = parse_topic_map("t/topics.md", text);
        assert_eq!(
            topics,
            [Topic {
                slug: "databases".into(),
                description: "Sessions and models".into()
            }]
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("t/topics.md:6:1: error: topic `Bad Slug` is not a slug"));
        assert!(messages[1].contains(":7:1: error: topic `testing` needs a one-line description"));
        assert!(messages[2].contains(":8:1: error: topic `databases` is declared twice"));
        assert!(messages[3].contains(":9:1: error: expected"));
    }

    #[test]
    fn only_files_named_topics_md_are_maps() {
        assert!(is_topic_map("questions/topics.md"));
        assert!(!is_topic_map("questions/topics-old.md"));
    }
}
