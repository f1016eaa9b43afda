//! What a Python file already imports, read once per merge: its bindings,
//! the `from … import` lines new names can join, and where new imports go.

use super::split_alias;
use crate::edit::next_line;
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
    /// End of the last import statement of the file's leading block.
    pub(super) last_import: Option<Node0>,
    /// Where a first import (or `from __future__`) goes: after the
    /// docstring, shebang and coding lines.
    pub(super) top: usize,
    /// Whether `top` follows a docstring (and so wants a blank line).
    pub(super) top_after_docstring: bool,
}

/// The parts of a node kept after the tree is gone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node0 {
    pub(super) end: usize,
    pub(super) is_future: bool,
}

impl FileImports {
    pub(super) fn read(tree: &Tree, text: &str) -> FileImports {
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
        module,
        names,
        close_paren,
        trailing_comma,
    })
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
