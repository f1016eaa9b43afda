//! The metadata list under a question's heading (`- id: …`, `- difficulty: …`).

use super::{Lines, is_valid_id};
use crate::bank::error::BankError;
use crate::bank::model::{Difficulty, Framework};
use std::ops::Range;

/// The metadata keys a question may have; anything else is reported as a typo.
pub(super) const METADATA_KEYS: [&str; 6] = [
    "id",
    "difficulty",
    "frameworks",
    "topics",
    "keywords",
    "aliases",
];

/// The metadata of one question, as read from its list.
#[derive(Default)]
pub(super) struct Metadata {
    pub(super) id: Option<String>,
    pub(super) difficulty: Option<Difficulty>,
    pub(super) frameworks: Vec<Framework>,
    pub(super) topics: Vec<String>,
    /// Byte offset of the `topics:` item, when there is one.
    pub(super) topics_at: Option<usize>,
    pub(super) keywords: Vec<String>,
    pub(super) aliases: Vec<String>,
}

pub(super) fn read_metadata(
    items: &[(Range<usize>, String)],
    text: &str,
    lines: &Lines<'_>,
    errors: &mut Vec<BankError>,
) -> Metadata {
    let mut meta = Metadata::default();
    let mut seen: Vec<&str> = Vec::new();
    for (range, item) in items {
        // Point value errors at the value itself, not at the list marker.
        let value_offset = |value: &str| {
            text[range.clone()]
                .find(value.trim())
                .map_or(range.start, |i| range.start + i)
        };
        let Some((key, value)) = item.split_once(':') else {
            errors.push(lines.error(
                range.start,
                format!("metadata item `{item}` is not `key: value`"),
            ));
            continue;
        };
        let key = key.trim();
        let Some(known) = METADATA_KEYS.iter().find(|k| **k == key) else {
            let hint = crate::suggest::closest(key, METADATA_KEYS)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            errors.push(lines.error(
                range.start,
                format!(
                    "unknown metadata key `{key}`{hint}; expected one of {}",
                    METADATA_KEYS.join(", ")
                ),
            ));
            continue;
        };
        if seen.contains(known) {
            errors.push(lines.error(range.start, format!("metadata key `{key}` is given twice")));
            continue;
        }
        seen.push(known);
        let at = value_offset(value);
        match *known {
            "id" => {
                let id = value.trim();
                if is_valid_id(id) {
                    meta.id = Some(id.to_string());
                } else {
                    errors.push(lines.error(
                        at,
                        format!("invalid id `{id}`: use lower-case letters, digits and `-`"),
                    ));
                }
            }
            "difficulty" => match value.parse() {
                Ok(d) => meta.difficulty = Some(d),
                Err(e) => errors.push(lines.error(at, e)),
            },
            "frameworks" => {
                for name in split_list(value, ',') {
                    match name.parse() {
                        Ok(f) if !meta.frameworks.contains(&f) => meta.frameworks.push(f),
                        Ok(_) => {}
                        Err(e) => errors.push(lines.error(value_offset(&name), e)),
                    }
                }
                if meta.frameworks.is_empty() && !value.trim().is_empty() {
                    // Every name was invalid: already reported above.
                } else if meta.frameworks.is_empty() {
                    errors.push(lines.error(
                        at,
                        "`frameworks` needs at least one of flask, fastapi, general",
                    ));
                }
            }
            "topics" => {
                meta.topics_at = Some(range.start);
                for raw in value.split(',') {
                    let topic = raw.trim().trim_matches('`').trim();
                    if topic.is_empty() {
                        errors.push(lines.error(at, "empty item in `topics` (a stray comma?)"));
                    } else if !is_valid_id(topic) {
                        errors.push(lines.error(
                            value_offset(topic),
                            format!(
                                "topic `{topic}` is not a slug: use lower-case words joined by `-`, such as `{}`",
                                crate::suggest::normalize(topic)
                            ),
                        ));
                    } else if !meta.topics.iter().any(|t| t == topic) {
                        meta.topics.push(topic.to_string());
                    }
                }
            }
            "keywords" => meta.keywords = split_list(value, ',').collect(),
            "aliases" => meta.aliases = split_list(value, '|').collect(),
            _ => {}
        }
    }
    let first = items.first().map_or(0, |(r, _)| r.start);
    for required in ["id", "difficulty", "frameworks"] {
        if !seen.contains(&required) {
            errors.push(lines.error(first, format!("missing required metadata `{required}`")));
        }
    }
    meta
}

pub(super) fn split_list(value: &str, separator: char) -> impl Iterator<Item = String> + '_ {
    value
        .split(separator)
        .map(|s| s.trim().trim_matches('`').trim().to_string())
        .filter(|s| !s.is_empty())
}
