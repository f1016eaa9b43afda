//! Merging the import statements a snippet (or a quick fix) needs into a
//! Python file, as byte-range edits.
//!
//! The rules, in order, for each wanted import:
//! 1. Already bound to the same thing (compared by canonical symbol, so
//!    `from starlette.requests import Request` satisfies
//!    `from fastapi import Request`): nothing to do.
//! 2. Bound to the same thing under another name (`from fastapi import
//!    Depends as Inject`): nothing is imported twice; instead the caller
//!    gets a rename (`Depends` → `Inject`) to apply to the inserted code.
//! 3. A top-level `from M import …` for the same module exists: the name is
//!    added to it at its sorted place (isort/ruff "order by type":
//!    CONSTANTS, Classes, functions), single-line or parenthesised.
//! 4. Otherwise a new line goes after the file's leading block of imports;
//!    with no imports, after the module docstring and shebang/coding lines.
//!    `from __future__` imports always stay first, as Python requires.

use super::canonical::canonicalise;
use super::nodes::{is_compound, is_docstring, node_text};
use super::syntax;
use crate::edit::{Edit, line_start, next_line};
use std::collections::BTreeMap;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// What merging produced: the edits to the file, and names the inserted
/// code must use instead of its own because the file already imports the
/// same thing under another name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportMerge {
    pub edits: Vec<Edit>,
    /// `(name in the snippet, name in the file)`.
    pub renames: Vec<(String, String)>,
}

impl ImportMerge {
    /// The name the file uses for what the snippet calls `name`.
    pub fn local_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.renames
            .iter()
            .find(|(from, _)| from == name)
            .map_or(name, |(_, to)| to.as_str())
    }
}

/// One name a snippet wants bound.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// `import module [as alias]`.
    Module {
        module: String,
        alias: Option<String>,
    },
    /// `from module import name [as alias]`.
    From {
        module: String,
        name: String,
        alias: Option<String>,
    },
}

impl Wanted {
    /// The local name the snippet's code uses.
    fn local(&self) -> &str {
        match self {
            Wanted::Module {
                alias: Some(alias), ..
            }
            | Wanted::From {
                alias: Some(alias), ..
            } => alias,
            Wanted::Module { module, .. } => module.split('.').next().unwrap_or(module),
            Wanted::From { name, .. } => name,
        }
    }

    /// What the local name is bound to, canonicalised.
    fn target(&self) -> String {
        match self {
            Wanted::Module {
                module,
                alias: Some(_),
            } => canonicalise(module),
            Wanted::Module {
                module,
                alias: None,
            } => module.split('.').next().unwrap_or(module).to_string(),
            Wanted::From { module, name, .. } => canonicalise(&format!("{module}.{name}")),
        }
    }

    /// `name` or `name as alias`, as written inside a `from … import` list.
    fn list_item(&self) -> String {
        match self {
            Wanted::From {
                name,
                alias: Some(alias),
                ..
            } => format!("{name} as {alias}"),
            Wanted::From { name, .. } => name.clone(),
            Wanted::Module { module, .. } => module.clone(),
        }
    }
}

/// An imported name inside an existing `from … import` statement.
#[derive(Debug, Clone)]
struct ImportedName {
    name: String,
    range: Range<usize>,
}

/// A top-level `from M import a, b` (or `from __future__ import …`) that
/// new names can join.
#[derive(Debug, Clone)]
struct FromLine {
    module: String,
    names: Vec<ImportedName>,
    /// The closing parenthesis, when the list is parenthesised.
    close_paren: Option<usize>,
    /// The end of a comma after the last name.
    trailing_comma: Option<usize>,
}

/// What the file already imports, and where new imports go.
#[derive(Debug, Default)]
struct FileImports {
    /// `(local name, canonical target)` for every module-level import,
    /// including those inside top-level `try`/`if` blocks.
    bindings: Vec<(String, String)>,
    /// Exact dotted names of plain `import a.b` statements.
    plain_modules: Vec<String>,
    /// Modules imported with `from M import *`.
    wildcard_modules: Vec<String>,
    from_lines: Vec<FromLine>,
    future_line: Option<FromLine>,
    /// End of the last import statement of the file's leading block.
    last_import: Option<Node0>,
    /// Where a first import (or `from __future__`) goes: after the
    /// docstring, shebang and coding lines.
    top: usize,
    /// Whether `top` follows a docstring (and so wants a blank line).
    top_after_docstring: bool,
}

/// The parts of a node kept after the tree is gone.
#[derive(Debug, Clone, Copy)]
struct Node0 {
    end: usize,
    is_future: bool,
}

/// The edits that bind every import statement in `wanted` (one statement per
/// entry, as [`crate::bank::Snippet::imports`] holds them) in `text`.
pub fn merge_imports(tree: &Tree, text: &str, wanted: &[String]) -> ImportMerge {
    let file = FileImports::read(tree, text);
    let mut merge = ImportMerge::default();
    // Names added so far, so a snippet listing one twice adds it once.
    let mut bound: Vec<(String, String)> = Vec::new();
    let mut to_from_lines: BTreeMap<usize, Vec<Wanted>> = BTreeMap::new();
    let mut to_future_line: Vec<Wanted> = Vec::new();
    let mut new_future: Vec<Wanted> = Vec::new();
    let mut new_plain: Vec<Wanted> = Vec::new();
    let mut new_from: BTreeMap<String, Vec<Wanted>> = BTreeMap::new();
    for item in wanted.iter().flat_map(|statement| parse_wanted(statement)) {
        let (local, target) = (item.local().to_string(), item.target());
        let is_bound = |l: &str, t: &str| {
            file.bindings
                .iter()
                .chain(&bound)
                .any(|(bl, bt)| bl == l && bt == t)
        };
        if is_bound(&local, &target) {
            continue;
        }
        match &item {
            Wanted::From { module, .. } if file.wildcard_modules.contains(module) => continue,
            Wanted::Module {
                module,
                alias: None,
            } if file.plain_modules.contains(module) => continue,
            _ => {}
        }
        // A future import's name is a compiler flag, never a binding to reuse.
        let is_future = matches!(&item, Wanted::From { module, .. } if module == "__future__");
        if !is_future {
            if let Some((other, _)) = file.bindings.iter().find(|(_, t)| *t == target) {
                if !merge.renames.iter().any(|(from, _)| *from == local) {
                    merge.renames.push((local.clone(), other.clone()));
                }
                continue;
            }
        }
        bound.push((local, target));
        match &item {
            Wanted::From { .. } if is_future => {
                if file.future_line.is_some() {
                    to_future_line.push(item.clone());
                } else {
                    new_future.push(item.clone());
                }
            }
            Wanted::From { module, .. } => {
                match file.from_lines.iter().position(|l| l.module == *module) {
                    Some(index) => to_from_lines.entry(index).or_default().push(item.clone()),
                    None => new_from
                        .entry(module.clone())
                        .or_default()
                        .push(item.clone()),
                }
            }
            Wanted::Module { .. } => new_plain.push(item.clone()),
        }
    }
    for (index, items) in &to_from_lines {
        merge
            .edits
            .extend(add_to_from_line(text, &file.from_lines[*index], items));
    }
    if let Some(line) = &file.future_line {
        merge
            .edits
            .extend(add_to_from_line(text, line, &to_future_line));
    }
    merge
        .edits
        .extend(new_lines(text, &file, &new_future, &new_plain, &new_from));
    merge
}

/// Reads the wanted bindings out of one import statement.
fn parse_wanted(statement: &str) -> Vec<Wanted> {
    let Some(tree) = syntax::parse(statement, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        let module = match node.kind() {
            "import_statement" => None,
            "future_import_statement" => Some("__future__".to_string()),
            "import_from_statement" => match node.child_by_field_name("module_name") {
                // Relative imports name the user's own package: nothing to merge.
                Some(m) if m.kind() == "dotted_name" => Some(node_text(m, statement).to_string()),
                _ => continue,
            },
            _ => continue,
        };
        let mut names = node.walk();
        for name in node.children_by_field_name("name", &mut names) {
            let (dotted, alias) = split_alias(name, statement);
            out.push(match &module {
                Some(module) => Wanted::From {
                    module: module.clone(),
                    name: dotted,
                    alias,
                },
                None => Wanted::Module {
                    module: dotted,
                    alias,
                },
            });
        }
    }
    out
}

/// `a.b as c` → `("a.b", Some("c"))`; `a.b` → `("a.b", None)`.
fn split_alias(name: Node<'_>, text: &str) -> (String, Option<String>) {
    if name.kind() == "aliased_import" {
        let original = name
            .child_by_field_name("name")
            .map_or("", |n| node_text(n, text));
        let alias = name
            .child_by_field_name("alias")
            .map(|n| node_text(n, text).to_string());
        (original.to_string(), alias)
    } else {
        (node_text(name, text).to_string(), None)
    }
}

impl FileImports {
    fn read(tree: &Tree, text: &str) -> FileImports {
        let mut file = FileImports::default();
        let root = tree.root_node();
        file.collect_bindings(root, text);
        let mut cursor = root.walk();
        let mut in_header = true;
        for (i, node) in root.named_children(&mut cursor).enumerate() {
            match node.kind() {
                "import_statement" | "import_from_statement" | "future_import_statement" => {
                    if let Some(line) = from_line(node, text) {
                        if line.module == "__future__" {
                            file.future_line.get_or_insert(line);
                        } else {
                            file.from_lines.push(line);
                        }
                    }
                    if in_header {
                        file.last_import = Some(Node0 {
                            end: node.end_byte(),
                            is_future: node.kind() == "future_import_statement",
                        });
                    }
                }
                "comment" => {}
                "expression_statement" if i == 0 && is_docstring(node) => {
                    file.top = next_line(text, node.end_byte());
                    file.top_after_docstring = true;
                }
                // `try: import ujson as json` / `if TYPE_CHECKING:` blocks
                // belong to the import block; any other statement ends it.
                "try_statement" | "if_statement" if only_imports(node) => {
                    if in_header {
                        file.last_import = Some(Node0 {
                            end: node.end_byte(),
                            is_future: false,
                        });
                    }
                }
                _ => in_header = false,
            }
        }
        if !file.top_after_docstring {
            file.top = after_magic_comments(text);
        }
        file
    }

    fn collect_bindings(&mut self, node: Node<'_>, text: &str) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "import_statement" => {
                    let mut names = child.walk();
                    for name in child.children_by_field_name("name", &mut names) {
                        let (dotted, alias) = split_alias(name, text);
                        match alias {
                            Some(alias) => self.bindings.push((alias, canonicalise(&dotted))),
                            None => {
                                let top = dotted.split('.').next().unwrap_or(&dotted).to_string();
                                self.bindings.push((top.clone(), top));
                                self.plain_modules.push(dotted);
                            }
                        }
                    }
                }
                "import_from_statement" | "future_import_statement" => {
                    let module = if child.kind() == "future_import_statement" {
                        "__future__"
                    } else {
                        match child
                            .child_by_field_name("module_name")
                            .filter(|m| m.kind() == "dotted_name")
                        {
                            Some(module) => node_text(module, text),
                            None => continue,
                        }
                    };
                    let mut walk = child.walk();
                    if child
                        .named_children(&mut walk)
                        .any(|n| n.kind() == "wildcard_import")
                    {
                        self.wildcard_modules.push(module.to_string());
                    }
                    let mut names = child.walk();
                    for name in child.children_by_field_name("name", &mut names) {
                        let (original, alias) = split_alias(name, text);
                        let target = canonicalise(&format!("{module}.{original}"));
                        self.bindings.push((alias.unwrap_or(original), target));
                    }
                }
                _ if is_compound(child) => self.collect_bindings(child, text),
                _ => {}
            }
        }
    }
}

/// Whether every statement inside a compound statement is an import (or `pass`).
fn only_imports(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let mut found_import = false;
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        for child in current.named_children(&mut cursor) {
            match child.kind() {
                "import_statement" | "import_from_statement" => found_import = true,
                "block" | "else_clause" | "elif_clause" | "except_clause" | "finally_clause" => {
                    stack.push(child);
                }
                "pass_statement" | "comment" => {}
                // The condition of `if TYPE_CHECKING:` and the `except ImportError` type.
                _ if current.kind() != "block" => {}
                _ => return false,
            }
        }
    }
    found_import
}

/// A `from M import …` statement that names can be added to; `None` for
/// relative and wildcard imports and plain `import` statements.
fn from_line(node: Node<'_>, text: &str) -> Option<FromLine> {
    let module = match node.kind() {
        "future_import_statement" => "__future__".to_string(),
        "import_from_statement" => {
            let module = node.child_by_field_name("module_name")?;
            if module.kind() != "dotted_name" {
                return None;
            }
            node_text(module, text).to_string()
        }
        _ => return None,
    };
    let mut cursor = node.walk();
    let mut names = Vec::new();
    let mut close_paren = None;
    let mut trailing_comma = None;
    for child in node.children(&mut cursor) {
        match child.kind() {
            "wildcard_import" => return None,
            "dotted_name" | "aliased_import"
                if node.child_by_field_name("module_name") != Some(child) =>
            {
                let (name, alias) = split_alias(child, text);
                names.push(ImportedName {
                    name: alias.map_or(name.clone(), |a| format!("{name} as {a}")),
                    range: child.byte_range(),
                });
                trailing_comma = None;
            }
            "," => trailing_comma = Some(child.end_byte()),
            ")" => close_paren = Some(child.start_byte()),
            _ => {}
        }
    }
    if names.is_empty() {
        return None;
    }
    Some(FromLine {
        module,
        names,
        close_paren,
        trailing_comma,
    })
}

/// isort/ruff `order-by-type`: CONSTANTS, then Classes, then everything
/// else, each case-insensitively.
fn sort_key(item: &str) -> (u8, String, String) {
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

/// Adds names to an existing `from … import` list, each at its sorted place.
fn add_to_from_line(text: &str, line: &FromLine, items: &[Wanted]) -> Vec<Edit> {
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
fn new_lines(
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
fn render_from(module: &str, items: &[Wanted]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut names: Vec<String> = items.iter().map(Wanted::list_item).collect();
    names.sort_by_key(|n| sort_key(n));
    names.dedup();
    Some(format!("from {module} import {}", names.join(", ")))
}

/// Where the first statement may go: after a shebang and a coding line
/// (PEP 263 wants it on line 1 or 2), which must stay first.
fn after_magic_comments(text: &str) -> usize {
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let magic = (index == 0 && line.starts_with("#!"))
            || (index < 2 && line.starts_with('#') && line.contains("coding"));
        if !magic {
            break;
        }
        offset += line.len();
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn merged(text: &str, wanted: &[&str]) -> (String, Vec<(String, String)>) {
        let tree = syntax::parse(text, None).unwrap();
        let wanted: Vec<String> = wanted.iter().map(ToString::to_string).collect();
        let merge = merge_imports(&tree, text, &wanted);
        let out = apply(text, &merge.edits).expect("edits apply");
        let tree = syntax::parse(&out, None).unwrap();
        assert!(!tree.root_node().has_error(), "does not parse:\n{out}");
        (out, merge.renames)
    }

    #[test]
    fn adds_names_to_an_existing_from_import_sorted_by_type() {
        let (out, _) = merged(
            "from fastapi import FastAPI, HTTPException\n\napp = FastAPI()\n",
            &["from fastapi import Depends, FastAPI, status", "import os"],
        );
        assert_eq!(
            out,
            "from fastapi import Depends, FastAPI, HTTPException, status\nimport os\n\napp = FastAPI()\n"
        );
    }

    #[test]
    fn handles_parenthesised_multi_line_imports_with_comments() {
        let (out, _) = merged(
            "from fastapi import (\n    Depends,\n    FastAPI,  # the app\n)\n",
            &["from fastapi import APIRouter, FastAPI, Query, status"],
        );
        assert_eq!(
            out,
            "from fastapi import (\n    APIRouter,\n    Depends,\n    FastAPI,  # the app\n    Query,\n    status,\n)\n"
        );
        let (out, _) = merged(
            "from fastapi import (\n    Depends,\n    FastAPI\n)\nx = 1\n",
            &["from fastapi import status"],
        );
        assert_eq!(
            out,
            "from fastapi import (\n    Depends,\n    FastAPI,\n    status,\n)\nx = 1\n"
        );
        let (out, _) = merged(
            "from fastapi import (Depends, FastAPI,)\n",
            &["from fastapi import status"],
        );
        assert_eq!(out, "from fastapi import (Depends, FastAPI, status,)\n");
    }

    #[test]
    fn never_imports_a_name_twice_even_under_an_alias() {
        let text = "import numpy as np\nfrom fastapi import Depends as Inject\nfrom starlette.requests import Request\n";
        let (out, renames) = merged(
            text,
            &[
                "import numpy",
                "from fastapi import Depends, Request",
                "from fastapi import Depends",
            ],
        );
        assert_eq!(out, text);
        assert_eq!(
            renames,
            vec![
                ("numpy".to_string(), "np".to_string()),
                ("Depends".to_string(), "Inject".to_string())
            ]
        );
    }

    #[test]
    fn new_lines_go_after_the_docstring_and_future_imports() {
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nx = 1\n",
            &["from __future__ import annotations", "import os"],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\n\nx = 1\n"
        );
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\nx = 1\n",
            &["from __future__ import annotations", "import os"],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\n\nfrom __future__ import annotations\n\nimport os\n\nx = 1\n"
        );
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\n\nimport os\n",
            &[
                "from __future__ import annotations",
                "from typing import Annotated",
            ],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\n\nfrom __future__ import annotations\n\nimport os\nfrom typing import Annotated\n"
        );
    }

    #[test]
    fn an_empty_file_or_one_without_imports_gets_them_at_the_top() {
        let (out, _) = merged("", &["from flask import Flask", "import os"]);
        assert_eq!(out, "import os\nfrom flask import Flask\n");
        let (out, _) = merged(
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1",
            &["import os"],
        );
        assert_eq!(
            out,
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\n\nx = 1"
        );
        let (out, _) = merged("import sys", &["import os"]);
        assert_eq!(out, "import sys\nimport os\n");
    }

    #[test]
    fn imports_after_code_do_not_move_the_insertion_point() {
        // Flask's circular-import idiom puts `from . import views` at the
        // bottom; new imports still go in the header, before any code.
        let (out, _) = merged(
            "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n\napp = 1\nfrom . import views\n",
            &["from flask import Flask", "import json"],
        );
        assert_eq!(
            out,
            "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\nfrom flask import Flask\n\napp = 1\nfrom . import views\n"
        );
    }

    #[test]
    fn wildcards_satisfy_names_and_unknown_ones_are_added_once() {
        let (out, _) = merged(
            "from fastapi import *\n",
            &[
                "from fastapi import FastAPI",
                "from pydantic import BaseModel",
                "from pydantic import BaseModel",
            ],
        );
        assert_eq!(
            out,
            "from fastapi import *\nfrom pydantic import BaseModel\n"
        );
    }
}
