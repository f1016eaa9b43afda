//! Where a snippet goes and the edits that put it there.

use super::InsertError;
use crate::bank::{Scope, Snippet};
use crate::edit::{Edit, line_start, next_line};
use crate::python::PythonFile;
use crate::python::imports::{blank_lines_after_imports, merge_imports};
use crate::python::nodes::is_docstring;
use crate::python::rewrite::{body_for_file, indent_body};
use tree_sitter::{Node, Tree};

/// How a snippet goes in: the edits, and where its code starts once they
/// are applied (for editors that move the cursor there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// One list, so the client applies (and undoes) it as one change.
    pub edits: Vec<Edit>,
    /// Byte offset, in the text after the edits, of the first character of
    /// the inserted code.
    pub code_at: usize,
}

/// The edits that insert `snippet` for a cursor at `offset`: its imports
/// merged into the file's, then its code.
pub fn plan(file: &PythonFile<'_>, snippet: &Snippet, offset: usize) -> Result<Plan, InsertError> {
    let PythonFile { text, tree, .. } = *file;
    let merge = merge_imports(tree, text, &snippet.imports);
    let body = body_for_file(&snippet.body, &merge, file);
    let mut edits = merge.edits;
    match snippet.scope {
        Scope::Module => {
            let mut insertion = module_insertion(tree, text, offset, &body);
            // New import lines right before the code: exactly the blank
            // lines ruff wants after imports, whatever each side would add.
            let blank = "\n".repeat(blank_lines_after_imports(&body));
            for edit in &mut edits {
                if edit.range == insertion.range {
                    let trimmed = edit.text.trim_end_matches('\n').len();
                    edit.text.truncate(trimmed + 1);
                    if !insertion.text.starts_with('\n') {
                        insertion.text.insert_str(0, &blank);
                    }
                }
            }
            edits.push(insertion);
        }
        Scope::Body => {
            let function = enclosing_function(tree, offset).ok_or(InsertError::NotInFunction)?;
            edits.push(body_insertion(text, function, offset, &body));
        }
    }
    let code_at = code_start(&edits);
    Ok(Plan {
        edits: crate::edit::normalise(edits),
        code_at,
    })
}

/// Where the code (the last edit, after the imports' edits) starts in the
/// edited text: past every edit before or at its place, past its own
/// leading blank lines and indentation.
fn code_start(edits: &[Edit]) -> usize {
    let Some((code, before)) = edits.split_last() else {
        return 0;
    };
    let shift: isize = before
        .iter()
        .filter(|e| e.range.start <= code.range.start)
        .map(|e| e.text.len() as isize - e.range.len() as isize)
        .sum();
    let lead = code.text.len() - code.text.trim_start().len();
    (code.range.start as isize + shift).max(0) as usize + lead
}

/// After the top-level statement under (or before) the cursor, and never
/// before the end of the import block.
fn module_insertion(tree: &Tree, text: &str, offset: usize, body: &str) -> Edit {
    let root = tree.root_node();
    let header_end = header_end(root);
    let mut cursor = root.walk();
    let statement_end = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment" && n.start_byte() <= offset)
        .last()
        .map(|n| n.end_byte());
    let anchor = match (statement_end, header_end) {
        (Some(s), Some(h)) => Some(s.max(h)),
        (s, h) => s.or(h),
    };
    let Some(anchor) = anchor else {
        // Nothing above the cursor: the top of the file.
        return Edit::insert(0, with_blank_lines_after(text, 0, body.to_string(), 2));
    };
    let at = next_line(text, anchor);
    let mut insert = String::new();
    if at == text.len() && !text.ends_with('\n') {
        insert.push('\n');
    }
    // Right after the imports, ruff's count (one blank line before plain
    // code, two before a definition); after other code, PEP 8's two.
    let blank = if Some(anchor) == header_end {
        blank_lines_after_imports(body)
    } else {
        2
    };
    insert.push_str(&"\n".repeat(blank));
    insert.push_str(body);
    Edit::insert(at, with_blank_lines_after(text, at, insert, 2))
}

/// The end of the leading block of docstring, comments and imports.
fn header_end(root: Node<'_>) -> Option<usize> {
    let mut cursor = root.walk();
    let mut end = None;
    for (i, node) in root.named_children(&mut cursor).enumerate() {
        match node.kind() {
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                end = Some(node.end_byte());
            }
            "comment" => {}
            "expression_statement" if i == 0 && is_docstring(node) => {
                end = Some(node.end_byte());
            }
            _ => break,
        }
    }
    end
}

/// Appends newlines to `insert` so that `wanted` blank lines separate it
/// from the code that follows position `at` (counting those already there).
fn with_blank_lines_after(text: &str, at: usize, mut insert: String, wanted: usize) -> String {
    let rest = &text[at..];
    let mut blank = 0;
    let mut has_code = false;
    for line in rest.lines() {
        if line.trim().is_empty() {
            blank += 1;
        } else {
            has_code = true;
            break;
        }
    }
    if has_code {
        for _ in blank..wanted {
            insert.push('\n');
        }
    }
    insert
}

/// Whether the last code before `line_start` is inside a function: the
/// case of a new, indented line after a function's last statement.
pub(super) fn in_function_near(tree: &Tree, text: &str, line_start: usize) -> bool {
    let before = text[..line_start].trim_end();
    !before.is_empty() && enclosing_function(tree, before.len() - 1).is_some()
}

/// The innermost function whose definition contains `offset`.
pub(super) fn enclosing_function(tree: &Tree, offset: usize) -> Option<Node<'_>> {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset)?;
    loop {
        if node.kind() == "function_definition" && node.start_byte() <= offset {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// Inside `function`: after the statement under the cursor in the innermost
/// block around it, at that statement's indentation; at the top of the body
/// (after a docstring) when the cursor is on the `def` line.
fn body_insertion(text: &str, function: Node<'_>, offset: usize, body: &str) -> Edit {
    let Some(function_body) = function.child_by_field_name("body") else {
        return Edit::insert(offset, String::new());
    };
    // The innermost block (of an `if`, `for`, `with`…) holding the cursor.
    let mut block = function_body;
    'descend: loop {
        let mut cursor = block.walk();
        for statement in block.named_children(&mut cursor) {
            if statement.start_byte() <= offset && offset <= statement.end_byte() {
                if let Some(inner) = innermost_block(statement, offset) {
                    block = inner;
                    continue 'descend;
                }
            }
        }
        break;
    }
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let before_cursor = statements.iter().rev().find(|n| n.start_byte() <= offset);
    let first = statements.first().copied();
    let anchor = match (before_cursor, first) {
        (Some(statement), _) => *statement,
        // On the `def` line: the top of the body, after a docstring.
        (None, Some(first)) if is_docstring(first) => first,
        (None, Some(first)) => {
            let indent = crate::edit::indentation(text, first.start_byte());
            let at = line_start(text, first.start_byte());
            return Edit::insert(at, indent_body(body, indent));
        }
        (None, None) => return Edit::insert(offset, String::new()),
    };
    let indent = crate::edit::indentation(text, anchor.start_byte());
    let at = next_line(text, anchor.end_byte());
    let mut insert = String::new();
    if at == text.len() && !text.ends_with('\n') {
        insert.push('\n');
    }
    insert.push_str(&indent_body(body, indent));
    Edit::insert(at, insert)
}

/// The block of a compound statement (`if`, `for`, `with`, `try`…) that
/// contains `offset`, if any.
fn innermost_block(statement: Node<'_>, offset: usize) -> Option<Node<'_>> {
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if child.start_byte() > offset || child.end_byte() < offset {
            continue;
        }
        match child.kind() {
            "block" => return Some(child),
            "else_clause" | "elif_clause" | "except_clause" | "finally_clause" | "case_clause" => {
                if let Some(block) = innermost_block(child, offset) {
                    return Some(block);
                }
            }
            _ => {}
        }
    }
    None
}
