//! The text of the edits that add imports: names joining an existing
//! `from … import` line at their sorted place, and new lines.

use super::Wanted;
use super::file::{FileImports, FromLine};
use crate::edit::{Edit, line_start, next_line};
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

/// New import statements: `from __future__` at the top, the rest after the
/// leading import block (or at the top when there is none).
pub(super) fn new_lines(
    text: &str,
    file: &FileImports,
    future: &[Wanted],
    plain: &[Wanted],
    from: &BTreeMap<String, Vec<Wanted>>,
) -> Vec<Edit> {
    let future_block = render_from("__future__", future);
    let mut regular: Vec<String> = plain
        .iter()
        .map(|w| match w {
            Wanted::Module {
                module,
                alias: Some(alias),
            } => format!("import {module} as {alias}"),
            _ => format!("import {}", w.list_item()),
        })
        .collect();
    regular.sort();
    regular.dedup();
    regular.extend(
        from.iter()
            .filter_map(|(module, items)| render_from(module, items)),
    );
    let mut blocks: Vec<(usize, bool, Vec<String>)> = Vec::new();
    if let Some(block) = future_block {
        blocks.push((file.top, file.top_after_docstring, vec![block]));
    }
    if !regular.is_empty() {
        match file.last_import {
            Some(last) => blocks.push((next_line(text, last.end), last.is_future, regular)),
            None => match blocks.first_mut() {
                // One insertion, future block first, a blank line between.
                Some((_, _, lines)) => {
                    lines.push(String::new());
                    lines.extend(regular);
                }
                None => blocks.push((file.top, file.top_after_docstring, regular)),
            },
        }
    }
    blocks
        .into_iter()
        .map(|(at, blank_before, lines)| {
            let mut insert = String::new();
            if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
                insert.push('\n');
            }
            if blank_before {
                insert.push('\n');
            }
            insert.push_str(&lines.join("\n"));
            insert.push('\n');
            let only_future = lines.iter().all(|l| l.starts_with("from __future__"));
            let next = text[at..].lines().next().unwrap_or("");
            let next_is_import = next.starts_with("import ") || next.starts_with("from ");
            let next_is_future = next.starts_with("from __future__");
            if !next.trim().is_empty() && (!next_is_import || (only_future && !next_is_future)) {
                insert.push('\n');
            }
            Edit::insert(at, insert)
        })
        .collect()
}

/// `from module import a, b as c`, names in sorted order.
pub(super) fn render_from(module: &str, items: &[Wanted]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut names: Vec<String> = items.iter().map(Wanted::list_item).collect();
    names.sort_by_key(|n| sort_key(n));
    names.dedup();
    Some(format!("from {module} import {}", names.join(", ")))
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
