//! The text of the edits that add imports: names joining an existing
//! `from … import` line at their sorted place, and new lines.

use super::Wanted;
use super::file::{FileImports, FromLine};
use super::sections::{self, NewStatement, place};
use crate::edit::{Edit, line_start};
use std::collections::BTreeMap;

/// Adds names to an existing `from … import` list, each at its sorted place.
pub(super) fn add_to_from_line(text: &str, line: &FromLine, items: &[Wanted]) -> Vec<Edit> {
    let mut items: Vec<String> = items.iter().map(Wanted::list_item).collect();
    items.sort_by_key(|i| sort_key(i));
    items.dedup();
    let first = &line.names[0];
    let multiline = line.close_paren.is_some()
        && line
            .names
            .iter()
            .any(|n| line_start(text, n.range.start) != line_start(text, first.range.start))
        || line
            .close_paren
            .is_some_and(|p| line_start(text, p) != line_start(text, first.range.start));
    // A one-line list that would grow past the line length is rewritten
    // whole, wrapped as ruff wraps it.
    if !multiline && !text[line.range.clone()].contains('\n') {
        let mut all: Vec<String> = line.names.iter().map(|n| n.name.clone()).collect();
        all.extend(items.iter().cloned());
        all.sort_by_key(|n| sort_key(n));
        all.dedup();
        let one_line = format!("from {} import {}", line.module, all.join(", "));
        if one_line.len() > sections::LINE_LENGTH {
            let wrapped = sections::render_from(&line.module, &all);
            return vec![Edit::replace(line.range.clone(), wrapped)];
        }
    }
    let indent = crate::edit::indentation(text, first.range.start);
    // Anchor: the index of the existing name each new one goes before.
    let mut before: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    let mut after: Vec<&String> = Vec::new();
    for item in &items {
        match line
            .names
            .iter()
            .position(|n| sort_key(&n.name) > sort_key(item))
        {
            Some(index) => before.entry(index).or_default().push(item),
            None => after.push(item),
        }
    }
    let mut edits = Vec::new();
    for (index, new) in before {
        let existing = &line.names[index];
        let own_line = multiline
            && text[line_start(text, existing.range.start)..existing.range.start]
                .trim()
                .is_empty();
        let joined: String = new
            .iter()
            .map(|n| {
                if own_line {
                    format!("{n},\n{indent}")
                } else {
                    format!("{n}, ")
                }
            })
            .collect();
        edits.push(Edit::insert(existing.range.start, joined));
    }
    if !after.is_empty() {
        let last = line.names.last().map_or(0, |n| n.range.end);
        match line.close_paren {
            Some(paren) if multiline && text[line_start(text, paren)..paren].trim().is_empty() => {
                // Lines go just above the `)`, so a comment after the last
                // name stays on its own line.
                if line.trailing_comma.is_none() {
                    edits.push(Edit::insert(last, ","));
                }
                let lines: String = after.iter().map(|n| format!("{indent}{n},\n")).collect();
                edits.push(Edit::insert(line_start(text, paren), lines));
            }
            _ => {
                let joined: String = after.iter().map(|n| format!(", {n}")).collect();
                match line.trailing_comma {
                    // `(a, b,)` → `(a, b, c,)`.
                    Some(comma) => edits.push(Edit::insert(
                        comma,
                        format!("{},", joined.trim_start_matches(',')),
                    )),
                    None => edits.push(Edit::insert(last, joined)),
                }
            }
        }
    }
    edits
}

/// New import statements: `from __future__` at the top, the rest into
/// their section of the import block (see [`super::sections`]).
pub(super) fn new_lines(
    text: &str,
    file: &FileImports,
    future: &[Wanted],
    plain: &[Wanted],
    from: &BTreeMap<String, Vec<Wanted>>,
) -> Vec<Edit> {
    let future = render_from("__future__", future);
    let mut statements: Vec<NewStatement> = plain
        .iter()
        .map(|w| match w {
            Wanted::Module {
                module,
                alias: Some(alias),
            } => NewStatement::new(false, module, format!("import {module} as {alias}")),
            Wanted::Module { module, .. } => {
                NewStatement::new(false, module, format!("import {module}"))
            }
            Wanted::From { module, .. } => NewStatement::new(true, module, w.list_item()),
        })
        .collect();
    statements.extend(from.iter().filter_map(|(module, items)| {
        render_from(module, items).map(|line| NewStatement::new(true, module, line))
    }));
    place(text, file, future, statements)
}

/// `from module import a, b as c`, names in sorted order, wrapped when
/// longer than a line.
pub(super) fn render_from(module: &str, items: &[Wanted]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut names: Vec<String> = items.iter().map(Wanted::list_item).collect();
    names.sort_by_key(|n| sort_key(n));
    names.dedup();
    Some(sections::render_from(module, &names))
}

/// isort/ruff `order-by-type`: CONSTANTS, then Classes, then everything
/// else, each case-insensitively.
pub(super) fn sort_key(item: &str) -> (u8, String, String) {
    let name = item.split(' ').next().unwrap_or(item);
    let kind = if name.len() > 1
        && name.chars().any(|c| c.is_ascii_alphabetic())
        && !name.chars().any(|c| c.is_ascii_lowercase())
    {
        0
    } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        1
    } else {
        2
    };
    (kind, name.to_lowercase(), name.to_string())
}
