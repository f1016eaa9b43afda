//! Markdown → questions, with every problem located as `path:line:col`.
//!
//! The format is specified in `questions/README.md`. Parsing never fails as a
//! whole: a malformed question is reported and skipped, and every valid
//! question in the same file still loads.

use super::error::BankError;
use super::fence::{FenceInfo, parse_fence_info};
use super::model::{Difficulty, Example, Framework, Location, Question, Scope, Snippet};
use super::snippet_code::{find_hidden_control, split_imports};
use line_index::{LineIndex, TextSize};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The metadata keys a question may have; anything else is reported as a typo.
const METADATA_KEYS: [&str; 6] = [
    "id",
    "difficulty",
    "frameworks",
    "topics",
    "keywords",
    "aliases",
];

/// The marker that opens the short answer paragraph.
const SHORT_MARKER: &str = "In short:";

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

/// A top-level block of a question section.
#[derive(Debug)]
enum Block {
    List { items: Vec<(Range<usize>, String)> },
    Paragraph { short: bool },
    Other,
}

#[derive(Debug)]
struct CodeFence {
    range: Range<usize>,
    info: String,
    content: String,
}

/// One `##` heading and everything under it.
#[derive(Debug)]
struct Section {
    heading: Range<usize>,
    title: String,
    end: usize,
    blocks: Vec<(Range<usize>, Block)>,
    fences: Vec<CodeFence>,
}

fn split_sections(text: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    let mut depth = 0usize;
    let mut in_heading: Option<HeadingLevel> = None;
    let mut list_items: Vec<(Range<usize>, String)> = Vec::new();
    let mut item_text: Option<(Range<usize>, String)> = None;
    let mut fence: Option<CodeFence> = None;
    let mut paragraph_first_event = false;
    let mut short_paragraph = false;

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                depth += 1;
                if level <= HeadingLevel::H2 {
                    if let Some(mut done) = current.take() {
                        done.end = range.start;
                        sections.push(done);
                    }
                    in_heading = Some(level);
                    if level == HeadingLevel::H2 {
                        current = Some(Section {
                            heading: range.clone(),
                            title: String::new(),
                            end: text.len(),
                            blocks: Vec::new(),
                            fences: Vec::new(),
                        });
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) if depth == 1 && in_heading.is_some() => {
                depth -= 1;
                in_heading = None;
                if let Some(section) = current.as_mut() {
                    section.title = section.title.trim().to_string();
                }
            }
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                if let Some(section) = current.as_mut() {
                    section.title.push_str(&t);
                }
            }
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Paragraph) {
                    paragraph_first_event = true;
                    short_paragraph = false;
                } else if paragraph_first_event {
                    paragraph_first_event = false;
                    short_paragraph = depth == 1 && matches!(tag, Tag::Strong);
                }
                if depth == 0 && matches!(tag, Tag::List(_)) {
                    list_items.clear();
                }
                if depth == 1 && matches!(tag, Tag::Item) {
                    item_text = Some((range.clone(), String::new()));
                }
                if let Tag::CodeBlock(kind) = &tag {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    fence = Some(CodeFence {
                        range: range.clone(),
                        info,
                        content: String::new(),
                    });
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::CodeBlock) {
                    if let (Some(done), Some(section)) = (fence.take(), current.as_mut()) {
                        section.fences.push(done);
                    }
                }
                if depth == 1 && matches!(end, TagEnd::Item) {
                    if let Some((r, t)) = item_text.take() {
                        list_items.push((r, t.trim().to_string()));
                    }
                }
                if depth == 0 {
                    let block = match end {
                        TagEnd::List(_) => Block::List {
                            items: std::mem::take(&mut list_items),
                        },
                        TagEnd::Paragraph => Block::Paragraph {
                            short: short_paragraph,
                        },
                        _ => Block::Other,
                    };
                    paragraph_first_event = false;
                    if let Some(section) = current.as_mut() {
                        section.blocks.push((range, block));
                    }
                }
            }
            Event::Text(t) => {
                if paragraph_first_event {
                    paragraph_first_event = false;
                }
                if let Some(f) = fence.as_mut() {
                    f.content.push_str(&t);
                } else if let Some((_, s)) = item_text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::Code(t) => {
                paragraph_first_event = false;
                if let Some((_, s)) = item_text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, s)) = item_text.as_mut() {
                    s.push(' ');
                }
            }
            _ => {
                paragraph_first_event = false;
            }
        }
    }
    if let Some(done) = current.take() {
        sections.push(done);
    }
    sections
}

/// The metadata of one question, as read from its list.
#[derive(Default)]
struct Metadata {
    id: Option<String>,
    difficulty: Option<Difficulty>,
    frameworks: Vec<Framework>,
    topics: Vec<String>,
    /// Byte offset of the `topics:` item, when there is one.
    topics_at: Option<usize>,
    keywords: Vec<String>,
    aliases: Vec<String>,
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

    let answer = match &short {
        Some((end, _)) => text[*end..section.end].trim().to_string(),
        None => String::new(),
    };
    if short.is_some() && answer.is_empty() {
        errors.push(lines.error(heading_offset, "the full answer is empty"));
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
        answer,
        examples,
        snippets,
        source: lines.location(heading_offset),
    })
}

fn read_metadata(
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

fn split_list(value: &str, separator: char) -> impl Iterator<Item = String> + '_ {
    value
        .split(separator)
        .map(|s| s.trim().trim_matches('`').trim().to_string())
        .filter(|s| !s.is_empty())
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
