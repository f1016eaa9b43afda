//! Markdown → questions, with every problem located as `path:line:col`.
//!
//! The format is specified in `questions/README.md`. Parsing never fails as a
//! whole: a malformed question is reported and skipped, and every valid
//! question in the same file still loads.

mod metadata;
mod points;
mod sections;

use metadata::{Metadata, read_metadata};
use sections::{Block, Section, split_sections};

use super::error::BankError;
use super::fence::{FenceInfo, parse_fence_info};
use super::model::{Example, Framework, Location, Question, Scope, Snippet};
use super::snippet_code::{find_hidden_control, split_imports};
use line_index::{LineIndex, TextSize};

/// The marker that opens the short answer paragraph.
const SHORT_MARKER: &str = "In short:";
/// The paragraph that introduces the key points' list.
const POINTS_MARKER: &str = "**Key points:**";

/// What one file yields.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub questions: Vec<Question>,
    pub errors: Vec<BankError>,
}

/// Parses one bank file. `path` is only used to label locations.
pub fn parse_file(path: &str, text: &str) -> ParsedFile {
    let lines = Lines::new(path, text);
    let mut parsed = ParsedFile::default();
    for section in split_sections(text) {
        let mut errors = Vec::new();
        let question = build_question(&section, text, &lines, &mut errors);
        if errors.is_empty() {
            if let Some(question) = question {
                parsed.questions.push(question);
            }
        } else {
            parsed.errors.extend(errors);
        }
    }
    parsed
}

/// Byte offset → `path:line:col` for one file.
struct Lines<'a> {
    path: &'a str,
    text: &'a str,
    index: LineIndex,
}

impl<'a> Lines<'a> {
    fn new(path: &'a str, text: &'a str) -> Self {
        Lines {
            path,
            text,
            index: LineIndex::new(text),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        self.position(offset).0
    }

    /// 1-based line and 1-based column in characters.
    fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self
            .index
            .try_line_col(TextSize::new(u32::try_from(offset).unwrap_or(u32::MAX)))
            .map_or(0, |lc| lc.line);
        let start = self
            .index
            .line(line)
            .map_or(0, |r| usize::from(r.start()))
            .min(offset);
        let col = self.text[start..offset].chars().count();
        (line + 1, u32::try_from(col).unwrap_or(u32::MAX) + 1)
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> BankError {
        let (line, col) = self.position(offset);
        BankError {
            path: self.path.to_string(),
            line,
            col,
            message: message.into(),
        }
    }

    fn location(&self, offset: usize) -> Location {
        Location {
            path: self.path.to_string(),
            line: self.line(offset),
        }
    }
}

fn build_question(
    section: &Section,
    text: &str,
    lines: &Lines<'_>,
    errors: &mut Vec<BankError>,
) -> Option<Question> {
    let heading_offset = section.heading.start;
    if section.title.is_empty() {
        errors.push(lines.error(heading_offset, "question heading is empty"));
    }
    let mut blocks = section
        .blocks
        .iter()
        .filter(|(r, _)| r.start >= section.heading.end);

    let metadata = match blocks.next() {
        Some((_, Block::List { items })) => read_metadata(items, text, lines, errors),
        _ => {
            errors.push(lines.error(
                heading_offset,
                "expected a metadata list (`- id: …`, `- difficulty: …`, `- frameworks: …`) right under the heading",
            ));
            return None;
        }
    };

    let short = match blocks.next() {
        Some((range, Block::Paragraph { short: true, .. })) => {
            let raw = &text[range.clone()];
            let after_marker = raw
                .find(SHORT_MARKER)
                .map_or(raw, |i| &raw[i + SHORT_MARKER.len()..]);
            let short = collapse_whitespace(after_marker.trim_start_matches("**"));
            if short.is_empty() {
                errors.push(lines.error(range.start, "the short answer is empty"));
            }
            Some((range.end, short))
        }
        Some((range, _)) => {
            errors.push(lines.error(
                range.start,
                "expected the short answer (a paragraph starting with `**In short:**`) after the metadata list",
            ));
            None
        }
        None => {
            errors.push(lines.error(
                heading_offset,
                "missing short answer (a paragraph starting with `**In short:**`)",
            ));
            None
        }
    };

    // The key points, when the entry has them, sit between the short
    // answer and the full answer.
    let mut answer_start = short.as_ref().map(|(end, _)| *end);
    let mut points = Vec::new();
    let mut points_at = vec![heading_offset];
    if short.is_some() {
        let mut ahead = blocks.clone();
        if let Some((marker, Block::Paragraph { .. })) = ahead.next()
            && text[marker.clone()].trim() == POINTS_MARKER
        {
            points_at = vec![marker.start];
            match ahead.next() {
                Some((list, Block::List { items })) => {
                    points_at.extend(items.iter().map(|(range, _)| range.start));
                    points = items
                        .iter()
                        .map(|(range, _)| {
                            collapse_whitespace(list_item_source(&text[range.clone()]))
                        })
                        .collect();
                    answer_start = Some(list.end);
                }
                _ => errors.push(lines.error(
                    marker.start,
                    "`**Key points:**` must be followed by a list of the points",
                )),
            }
        }
    }
    let answer = match answer_start {
        Some(start) => text[start..section.end].trim().to_string(),
        None => String::new(),
    };
    if short.is_some() && answer.is_empty() {
        errors.push(lines.error(heading_offset, "the full answer is empty"));
    }

    if let Some((_, short)) = &short {
        for (point, problem) in points::problems(&points, short, &answer) {
            let at = point.map_or(points_at[0], |i| points_at[i + 1]);
            errors.push(lines.error(at, problem));
        }
    }
    let (examples, snippets) = read_code_blocks(section, &metadata, lines, errors);

    let id = metadata.id?;
    let difficulty = metadata.difficulty?;
    let (_, short) = short?;
    Some(Question {
        id,
        title: section.title.clone(),
        difficulty,
        frameworks: metadata.frameworks,
        topics_line: lines.line(metadata.topics_at.unwrap_or(heading_offset)),
        topics: metadata.topics,
        keywords: metadata.keywords,
        aliases: metadata.aliases,
        short,
        points,
        answer,
        examples,
        snippets,
        source: lines.location(heading_offset),
    })
}

fn read_code_blocks(
    section: &Section,
    meta: &Metadata,
    lines: &Lines<'_>,
    errors: &mut Vec<BankError>,
) -> (Vec<Example>, Vec<Snippet>) {
    let mut examples = Vec::new();
    let mut snippets = Vec::new();
    for fence in &section.fences {
        let info = match parse_fence_info(&fence.info) {
            Ok(info) => info,
            Err(message) => {
                errors.push(lines.error(fence.range.start, message));
                continue;
            }
        };
        if !info.is_python() {
            continue;
        }
        let line = lines.line(fence.range.start);
        if info.snippet {
            // Inserted into the user's file as it is, so it must not carry
            // characters that make code read differently from how it runs.
            if let Some((at, what)) = find_hidden_control(&lines.text[fence.range.clone()]) {
                let id = info.id.as_deref().unwrap_or("without an id");
                errors.push(lines.error(
                    fence.range.start + at,
                    format!(
                        "snippet `{id}` contains {what}, which would reach the user's code unseen"
                    ),
                ));
                continue;
            }
            match snippet_from(&info, &fence.content, meta, line) {
                Ok(snippet) => snippets.push(snippet),
                Err(message) => errors.push(lines.error(fence.range.start, message)),
            }
        } else {
            examples.push(Example {
                line,
                code: fence.content.clone(),
                attrs: info.runner_attrs(),
            });
        }
    }
    (examples, snippets)
}

fn snippet_from(
    info: &FenceInfo,
    code: &str,
    meta: &Metadata,
    line: u32,
) -> Result<Snippet, String> {
    let id = info
        .id
        .clone()
        .ok_or("snippet without an id: add `id=…` to the fence")?;
    if !is_valid_id(&id) {
        return Err(format!(
            "invalid snippet id `{id}`: use lower-case letters, digits and `-`"
        ));
    }
    let title = info
        .title
        .clone()
        .ok_or_else(|| format!("snippet `{id}` has no title: add `title=\"…\"` to the fence"))?;
    let (imports, body) = split_imports(code);
    if body.trim().is_empty() {
        return Err(format!("snippet `{id}` has no code besides its imports"));
    }
    let framework = info.framework.unwrap_or_else(|| {
        let mentions = |name: &str| {
            imports.iter().any(|i| {
                i.split_whitespace()
                    .nth(1)
                    .is_some_and(|m| m == name || m.starts_with(&format!("{name}.")))
            })
        };
        if mentions("fastapi") || mentions("starlette") {
            Framework::Fastapi
        } else if mentions("flask") || imports.iter().any(|i| i.contains("flask_")) {
            Framework::Flask
        } else {
            meta.frameworks
                .first()
                .copied()
                .unwrap_or(Framework::General)
        }
    });
    Ok(Snippet {
        id,
        title,
        framework,
        scope: info.scope.unwrap_or(Scope::Module),
        line,
        imports,
        body,
        code: code.to_string(),
        attrs: info.runner_attrs(),
    })
}

pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

/// A list item's Markdown without its bullet.
fn list_item_source(item: &str) -> &str {
    item.trim_start()
        .trim_start_matches(['-', '*', '+'])
        .trim_start()
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::model::Difficulty;

    const GOOD: &str = "# Theme\n\nIntro text.\n\n## What is a Blueprint?\n\n- id: flask-blueprint\n- difficulty: medium\n- frameworks: flask\n- topics: structure, routing\n- keywords: `flask.Blueprint`, flask.Flask.register_blueprint\n- aliases: Why blueprints? | Explain blueprints\n\n**In short:** A Blueprint groups\nroutes.\n\nFull *answer* here.\n\n```python example needs=redis\nprint(1)\n```\n\n```python snippet id=flask-bp title=\"Flask Blueprint\"\nfrom flask import Blueprint\nfrom flask import (\n    Flask,\n)\n\nbp = Blueprint(\"x\", __name__)\n# test: GET / -> 404\n```\n";

    #[test]
    fn parses_every_field() {
        let parsed = parse_file("q.md", GOOD);
        assert_eq!(parsed.errors, vec![]);
        let q = &parsed.questions[0];
        assert_eq!(q.id, "flask-blueprint");
        assert_eq!(q.title, "What is a Blueprint?");
        assert_eq!(q.difficulty, Difficulty::Medium);
        assert_eq!(q.frameworks, vec![Framework::Flask]);
        assert_eq!(q.topics, vec!["structure", "routing"]);
        assert_eq!(
            q.keywords,
            vec!["flask.Blueprint", "flask.Flask.register_blueprint"]
        );
        assert_eq!(q.aliases, vec!["Why blueprints?", "Explain blueprints"]);
        assert_eq!(q.short, "A Blueprint groups routes.");
        assert!(q.answer.starts_with("Full *answer* here."));
        assert_eq!(
            q.source,
            Location {
                path: "q.md".into(),
                line: 5
            }
        );
        assert_eq!(q.examples.len(), 1);
        assert_eq!(q.examples[0].line, 19);
        assert_eq!(
            q.examples[0].attrs,
            vec![("needs".to_string(), "redis".to_string())]
        );
        let s = &q.snippets[0];
        assert_eq!(s.id, "flask-bp");
        assert_eq!(s.framework, Framework::Flask);
        assert_eq!(
            s.imports,
            vec!["from flask import Blueprint", "from flask import Flask"]
        );
        assert_eq!(s.body, "bp = Blueprint(\"x\", __name__)\n");
    }

    #[test]
    fn key_points_are_read_apart_from_the_answer_and_checked_against_it() {
        let entry = "## Q?\n\n- id: a\n- difficulty: easy\n- frameworks: flask\n\n**In short:** A Blueprint groups routes.\n\n**Key points:**\n\n- groups `routes` under a prefix\n- registered on the app with\n  register_blueprint\n- templates folder per blueprint\n\nBlueprints are registered with `app.register_blueprint(bp, url_prefix=...)`; each may have its own templates folder.\n";
        let parsed = parse_file("q.md", entry);
        assert_eq!(parsed.errors, vec![]);
        let q = &parsed.questions[0];
        assert_eq!(
            q.points,
            [
                "groups `routes` under a prefix",
                "registered on the app with register_blueprint",
                "templates folder per blueprint"
            ]
        );
        assert!(
            q.answer.starts_with("Blueprints are registered"),
            "{}",
            q.answer
        );

        let wrong = entry.replace("templates folder per blueprint", "signals fire on teardown");
        assert_eq!(
            errors_of(&wrong),
            [
                "q.md:14:1: error: key point 3 is not in the answer (missing: fire, signals, teardown)"
            ]
        );
        let no_list = "## Q?\n\n- id: a\n- difficulty: easy\n- frameworks: flask\n\n**In short:** Yes.\n\n**Key points:**\n\nBody.\n";
        assert_eq!(
            errors_of(no_list),
            ["q.md:9:1: error: `**Key points:**` must be followed by a list of the points"]
        );
    }

    fn errors_of(text: &str) -> Vec<String> {
        parse_file("q.md", text)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn with_meta(meta: &str) -> String {
        format!("## Q?\n\n{meta}\n\n**In short:** Yes.\n\nBody.\n")
    }

    #[test]
    fn reports_typos_and_bad_values_with_locations() {
        let errs = errors_of(&with_meta(
            "- id: a\n- dificulty: easy\n- frameworks: flask",
        ));
        assert!(
            errs.iter().any(|e| e.starts_with(
                "q.md:4:1: error: unknown metadata key `dificulty` (did you mean `difficulty`?)"
            )),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("missing required metadata `difficulty`")),
            "{errs:?}"
        );

        let errs = errors_of(&with_meta(
            "- id: a\n- difficulty: medum\n- frameworks: flask, django",
        ));
        assert!(
            errs.contains(
                &"q.md:4:15: error: unknown difficulty `medum` (did you mean `medium`?)"
                    .to_string()
            ),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("q.md:5:22: error: unknown framework `django`")),
            "{errs:?}"
        );
    }

    #[test]
    fn reports_missing_parts() {
        assert!(errors_of("## Q?\n\nNo list.\n")[0].contains("expected a metadata list"));
        let errs =
            errors_of("## Q?\n\n- id: a\n- difficulty: easy\n- frameworks: flask\n\nNo short.\n");
        assert!(
            errs[0].starts_with("q.md:7:1: error: expected the short answer"),
            "{errs:?}"
        );
        let errs = errors_of(
            "## Q?\n\n- id: a\n- difficulty: easy\n- frameworks: flask\n\n**In short:** Yes.\n",
        );
        assert_eq!(errs, vec!["q.md:1:1: error: the full answer is empty"]);
    }

    #[test]
    fn snippet_needs_id_and_title() {
        let text = format!(
            "{}\n```python snippet title=\"T\"\nx = 1\n```\n",
            with_meta("- id: a\n- difficulty: easy\n- frameworks: flask")
        );
        let errs = errors_of(&text);
        assert!(errs[0].contains("snippet without an id"), "{errs:?}");
    }

    #[test]
    fn a_bad_entry_does_not_hide_the_good_ones() {
        let text = format!("{GOOD}\n## Broken?\n\n- id: x\n\n**In short:** y\n\nz\n");
        let parsed = parse_file("q.md", &text);
        assert_eq!(parsed.questions.len(), 1);
        assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let errs = errors_of(&with_meta(
            "- id: a\n- difficulty: ünknown\n- frameworks: flask",
        ));
        assert!(errs[0].starts_with("q.md:4:15:"), "{errs:?}");
    }
}
