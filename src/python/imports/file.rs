//! What a Python file already imports, read once per merge: its bindings,
//! the `from … import` lines new names can join, and where new imports go.

use super::split_alias;
use crate::edit::{line_start, next_line};
use crate::python::canonical::canonicalise;
use crate::python::nodes::{is_compound, is_docstring, node_text};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// An imported name inside an existing `from … import` statement.
#[derive(Debug, Clone)]
pub(super) struct ImportedName {
    pub(super) name: String,
    pub(super) range: Range<usize>,
}

/// A top-level `from M import a, b` (or `from __future__ import …`) that
/// new names can join.
#[derive(Debug, Clone)]
pub(super) struct FromLine {
    /// The whole statement.
    pub(super) range: Range<usize>,
    pub(super) module: String,
    pub(super) names: Vec<ImportedName>,
    /// The closing parenthesis, when the list is parenthesised.
    pub(super) close_paren: Option<usize>,
    /// The end of a comma after the last name.
    pub(super) trailing_comma: Option<usize>,
}

/// What the file already imports, and where new imports go.
#[derive(Debug, Default)]
pub(super) struct FileImports {
    /// `(local name, canonical target)` for every module-level import,
    /// including those inside top-level `try`/`if` blocks.
    pub(super) bindings: Vec<(String, String)>,
    /// Exact dotted names of plain `import a.b` statements.
    pub(super) plain_modules: Vec<String>,
    /// Modules imported with `from M import *`.
    pub(super) wildcard_modules: Vec<String>,
    pub(super) from_lines: Vec<FromLine>,
    pub(super) future_line: Option<FromLine>,
    /// End of the last import statement (or block of imports) of the file's
    /// leading block.
    pub(super) last_import: Option<usize>,
    /// Where a first import (or `from __future__`) goes: after the
    /// docstring, shebang and coding lines.
    pub(super) top: usize,
    /// Whether `top` follows a docstring (and so wants a blank line).
    pub(super) top_after_docstring: bool,
    /// The file's first run of import statements (blank lines and comments
    /// between them allowed), in order: the block new imports are sorted
    /// into, as isort and ruff see it.
    pub(super) block: Vec<BlockImport>,
}

/// One statement of the file's first import block.
#[derive(Debug, Clone)]
pub(super) struct BlockImport {
    /// From its first comment line above (ruff keeps such comments with
    /// the import) to the start of the line after it.
    pub(super) lines: Range<usize>,
    /// `import a.b` → `a.b`; `from a.b import c` → `a.b`; relative → `.`.
    pub(super) module: String,
    pub(super) is_from: bool,
    /// Which blank-line-separated group of the block it is in (0, 1, …).
    pub(super) group: usize,
}

impl FileImports {
    pub(super) fn read(tree: &Tree, text: &str) -> FileImports {
        let mut file = FileImports::default();
        let root = tree.root_node();
        file.collect_bindings(root, text);
        file.block = first_block(root, text);
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
                        file.last_import = Some(node.end_byte());
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
                        file.last_import = Some(node.end_byte());
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

    pub(super) fn collect_bindings(&mut self, node: Node<'_>, text: &str) {
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
pub(super) fn only_imports(node: Node<'_>) -> bool {
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
pub(super) fn from_line(node: Node<'_>, text: &str) -> Option<FromLine> {
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
        range: node.byte_range(),
        module,
        names,
        close_paren,
        trailing_comma,
    })
}

/// The first run of top-level `import`/`from` statements (not `__future__`):
/// it ends at the first other statement, `try`/`if` blocks included, as
/// ruff's import blocks do.
fn first_block(root: Node<'_>, text: &str) -> Vec<BlockImport> {
    let mut block: Vec<BlockImport> = Vec::new();
    let mut cursor = root.walk();
    let mut group = 0;
    let mut floor = 0;
    for node in root.named_children(&mut cursor) {
        match node.kind() {
            "import_statement" | "import_from_statement" => {
                let first_line = comments_above(text, line_start(text, node.start_byte()), floor);
                // Only blank lines can lie between two imports of the block
                // (comments belong to the import below them).
                if !block.is_empty() && floor < first_line {
                    group += 1;
                }
                let (module, is_from) = match node.child_by_field_name("module_name") {
                    Some(m) if m.kind() == "dotted_name" => (node_text(m, text).to_string(), true),
                    Some(_) => (".".to_string(), true),
                    None => {
                        let mut names = node.walk();
                        let first = node
                            .children_by_field_name("name", &mut names)
                            .next()
                            .map(|n| split_alias(n, text).0)
                            .unwrap_or_default();
                        (first, false)
                    }
                };
                floor = next_line(text, node.end_byte());
                block.push(BlockImport {
                    lines: first_line..floor,
                    module,
                    is_from,
                    group,
                });
            }
            "comment" => {}
            // What may come before the block: the docstring, `__future__`
            // imports and blocks of nothing but imports (`try: import ujson`).
            "future_import_statement"
            | "expression_statement"
            | "try_statement"
            | "if_statement"
                if block.is_empty()
                    && (node.kind() == "future_import_statement"
                        || is_docstring(node)
                        || only_imports(node)) =>
            {
                floor = next_line(text, node.end_byte());
            }
            _ => {
                if block.is_empty() {
                    // Code before any import: the file has no leading block.
                    return Vec::new();
                }
                break;
            }
        }
    }
    block
}

/// The start of the comment lines right above `line` (no blank line
/// between), not above `floor`; `line` itself when there are none.
fn comments_above(text: &str, line: usize, floor: usize) -> usize {
    let mut start = line;
    while start > floor {
        let previous = line_start(text, start - 1);
        if !text[previous..start].trim_start().starts_with('#') {
            break;
        }
        start = previous;
    }
    start
}

/// Where the first statement may go: after a shebang and a coding line
/// (PEP 263 wants it on line 1 or 2), which must stay first.
pub(super) fn after_magic_comments(text: &str) -> usize {
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
