//! Where new import statements go: into their isort section (standard
//! library, third party, first party, local), at their sorted place, so
//! `ruff check --select I001` stays clean on a file that was clean.
//!
//! ruff's defaults are the rules: sections in that order, one blank line
//! between them; in a section, `import x` lines before `from x import`
//! lines, each sorted by module case-insensitively; after the block one
//! blank line, or two before a `def`, `class` or decorator.

use super::file::{BlockImport, FileImports};
use super::stdlib::is_stdlib;
use crate::edit::{Edit, next_line};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    Stdlib,
    ThirdParty,
    FirstParty,
    Local,
}

/// How statements sort inside a section.
pub(super) type Key = (bool, String, String);

pub(super) fn key(is_from: bool, module: &str) -> Key {
    (is_from, module.to_lowercase(), module.to_string())
}

/// A new import statement to place.
#[derive(Debug, Clone)]
pub(super) struct NewStatement {
    pub(super) section: Section,
    pub(super) key: Key,
    /// One statement, possibly wrapped over several lines, without the final newline.
    pub(super) text: String,
}

impl NewStatement {
    /// A statement the merge adds: snippets only import the standard
    /// library and installed packages (relative imports are never merged).
    pub(super) fn new(is_from: bool, module: &str, text: String) -> NewStatement {
        let section = if is_stdlib(module) {
            Section::Stdlib
        } else {
            Section::ThirdParty
        };
        NewStatement {
            section,
            key: key(is_from, module),
            text,
        }
    }
}

/// The section of each statement of the file's import block. Modules that
/// are neither standard nor relative are told apart by the file's own
/// layout: the first blank-line group holding one is the third-party
/// section, later groups first-party (isort's order).
pub(super) fn block_sections(block: &[BlockImport]) -> Vec<Section> {
    let mut third_party_group = None;
    block
        .iter()
        .map(|import| {
            if import.module.starts_with('.') {
                Section::Local
            } else if is_stdlib(&import.module) {
                Section::Stdlib
            } else if *third_party_group.get_or_insert(import.group) == import.group {
                Section::ThirdParty
            } else {
                Section::FirstParty
            }
        })
        .collect()
}

/// The edits that add `statements` to the file's import block, or make a
/// new block (after the docstring, `__future__` imports and the shebang)
/// when it has none. `future` is a new `from __future__ import` line.
pub(super) fn place(
    text: &str,
    file: &FileImports,
    future: Option<String>,
    mut statements: Vec<NewStatement>,
) -> Vec<Edit> {
    statements.sort_by(|a, b| (a.section, &a.key).cmp(&(b.section, &b.key)));
    statements.dedup_by(|a, b| a.text == b.text);
    let mut edits = Vec::new();
    if file.block.is_empty() {
        let regular = new_block(&statements);
        let mut blocks: Vec<(usize, bool, String)> = Vec::new();
        if let Some(future) = future {
            blocks.push((file.top, file.top_after_docstring, future));
        }
        if !regular.is_empty() {
            match file.last_import {
                Some(last) => blocks.push((next_line(text, last), true, regular)),
                None => match blocks.first_mut() {
                    // One insertion, the future line first, a blank line between.
                    Some((_, _, lines)) => {
                        lines.push_str("\n\n");
                        lines.push_str(&regular);
                    }
                    None => blocks.push((file.top, file.top_after_docstring, regular)),
                },
            }
        }
        for (at, blank_before, lines) in blocks {
            let mut insert = String::new();
            if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
                insert.push('\n');
            }
            if blank_before && at > 0 {
                insert.push('\n');
            }
            insert.push_str(&lines);
            insert.push('\n');
            insert.push_str(&"\n".repeat(missing_blank_lines(text, at)));
            edits.push(Edit::insert(at, insert));
        }
        return edits;
    }
    if let Some(future) = future {
        let mut insert = String::new();
        if file.top_after_docstring {
            insert.push('\n');
        }
        insert.push_str(&future);
        insert.push('\n');
        if !text[file.top..].starts_with('\n') {
            insert.push('\n');
        }
        edits.push(Edit::insert(file.top, insert));
    }
    let sections = block_sections(&file.block);
    let mut index = 0;
    while index < statements.len() {
        let statement = &statements[index];
        let same: Vec<usize> = (0..file.block.len())
            .filter(|&i| sections[i] == statement.section)
            .collect();
        if same.is_empty() {
            // A section the file does not have yet: all its statements at once.
            let section = statement.section;
            let group: Vec<NewStatement> = statements[index..]
                .iter()
                .take_while(|s| s.section == section)
                .cloned()
                .collect();
            index += group.len();
            let lines: String = group.iter().map(|s| format!("{}\n", s.text)).collect();
            let before = (0..file.block.len()).rev().find(|&i| sections[i] < section);
            match before {
                Some(i) => {
                    let at = file.block[i].lines.end;
                    edits.push(Edit::insert(
                        at,
                        format!("{}\n{lines}", newline_if_needed(text, at)),
                    ));
                }
                None => edits.push(Edit::insert(
                    file.block[0].lines.start,
                    format!("{lines}\n"),
                )),
            }
            continue;
        }
        let next = same
            .iter()
            .find(|&&i| key(file.block[i].is_from, &file.block[i].module) > statement.key);
        let at = match next {
            Some(&i) => file.block[i].lines.start,
            None => file.block[*same.last().unwrap_or(&0)].lines.end,
        };
        edits.push(Edit::insert(
            at,
            format!("{}{}\n", newline_if_needed(text, at), statement.text),
        ));
        index += 1;
    }
    edits
}

/// A newline when `at` is the end of a text that lacks its last one.
fn newline_if_needed(text: &str, at: usize) -> &'static str {
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

/// The statements as a new block: sections in order, a blank line between.
fn new_block(statements: &[NewStatement]) -> String {
    let mut out = String::new();
    let mut previous = None;
    for statement in statements {
        if previous.is_some_and(|p| p != statement.section) {
            out.push('\n');
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&statement.text);
        previous = Some(statement.section);
    }
    out
}

/// The blank lines to add after a new import block ending at `at`, so that
/// ruff's count is met (see [`blank_lines_after_imports`]); none at the end.
fn missing_blank_lines(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let blank = rest.lines().take_while(|l| l.trim().is_empty()).count();
    let code: String = rest.lines().skip(blank).collect::<Vec<_>>().join("\n");
    if code.trim().is_empty() {
        return 0;
    }
    blank_lines_after_imports(&code).saturating_sub(blank)
}

/// How many blank lines ruff wants between an import block and `code`
/// (starting at its first non-blank line): two before a `def`, `class` or
/// decorator, comments right above it included; one before anything else,
/// a comment set apart by a blank line included.
pub(crate) fn blank_lines_after_imports(code: &str) -> usize {
    for line in code.lines().map(str::trim).skip_while(|l| l.is_empty()) {
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            // A comment set apart from what follows counts as code.
            return 1;
        }
        let definition = ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|start| line.starts_with(start));
        return if definition { 2 } else { 1 };
    }
    1
}

/// ruff's default line length: a longer `from … import` line is wrapped.
pub(super) const LINE_LENGTH: usize = 88;

/// Where `from M import a, b` fits in ruff's line length, or wrapped one
/// name a line, with a trailing comma, as ruff formats it.
pub(super) fn render_from(module: &str, names: &[String]) -> String {
    let line = format!("from {module} import {}", names.join(", "));
    if line.len() <= LINE_LENGTH {
        return line;
    }
    let mut out = format!("from {module} import (\n");
    for name in names {
        out.push_str(&format!("    {name},\n"));
    }
    out.push(')');
    out
}
