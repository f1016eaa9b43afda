//! Rewriting a snippet's Python for the file it goes into: the file's names
//! for what the snippet imports, the file's own framework objects instead of
//! new ones, nothing the file already defines ([`duplicates`]), and
//! indentation that leaves multi-line strings alone.

mod duplicates;

use super::imports::ImportMerge;
use super::nodes::node_text;
use super::{Analysis, PythonFile, syntax};
use crate::edit::{line_start, next_line};
use std::ops::Range;
use tree_sitter::Node;

/// The snippet's code as it goes into this file: under the file's names for
/// what it imports, and attached to the framework objects the file already
/// has. Code actions, the insert command and completion all use it.
pub fn body_for_file(body: &str, merge: &ImportMerge, file: &PythonFile<'_>) -> String {
    let body = reuse_existing_objects(&adapt_body(body, merge), file.analysis, file.text);
    at_most_two_blank_lines(&duplicates::without_duplicates(&body, file.tree, file.text))
}

/// Runs of more than two blank lines (left where statements were taken
/// out) cut to two, and blank lines at the start dropped, except inside
/// multi-line strings.
fn at_most_two_blank_lines(code: &str) -> String {
    let strings = multi_line_strings(code);
    let mut out = String::with_capacity(code.len());
    let mut offset = 0;
    let mut blank = 0;
    for line in code.split_inclusive('\n') {
        let inside_string = strings.iter().any(|r| r.start < offset && offset < r.end);
        offset += line.len();
        if line.trim().is_empty() && !inside_string {
            blank += 1;
            if blank > 2 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
    }
    out
}

/// The snippet's code without the framework objects the file already has.
///
/// A snippet that creates `app = FastAPI(...)`, inserted into a file that
/// already has `app = FastAPI()`, would rebind `app` and orphan every route
/// registered on the user's app. So a top-level `name = Class(...)` whose
/// name the file already binds to an object of that class is dropped, and
/// the snippet's code attaches to the user's object. Arguments the snippet
/// passed (a `lifespan=`, a `prefix=`) are kept as a comment to move over.
fn reuse_existing_objects(body: &str, file: &Analysis, file_text: &str) -> String {
    let Some(tree) = syntax::parse(body, None) else {
        return body.to_string();
    };
    let mut out = body.to_string();
    let mut statements: Vec<Node<'_>> = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let Some(assignment) = statement
            .named_child(0)
            .filter(|n| n.kind() == "assignment")
        else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right"),
        ) else {
            continue;
        };
        let Some(class) = file.objects.get(node_text(left, body)) else {
            continue;
        };
        let callee = right.child_by_field_name("function").map(|f| {
            node_text(f, body)
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let class_name = class.rsplit('.').next().unwrap_or_default();
        if right.kind() == "call" && callee.as_deref() == Some(class_name) {
            statements.push(statement);
        }
    }
    for statement in statements.into_iter().rev() {
        let name = statement
            .named_child(0)
            .and_then(|a| a.child_by_field_name("left"))
            .map_or("", |n| node_text(n, body));
        let arguments = statement
            .named_child(0)
            .and_then(|a| a.child_by_field_name("right"))
            .and_then(|call| call.child_by_field_name("arguments"))
            .map_or("", |args| node_text(args, body));
        // On one line, whatever the layout: it becomes a comment.
        let inner = arguments
            .trim_start_matches('(')
            .trim_end_matches(')')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let inner = inner.trim_end_matches(',');
        let start = line_start(body, statement.start_byte());
        let end = next_line(body, statement.end_byte());
        // The user's object made with the same arguments needs no note.
        let same_arguments = file
            .object_list
            .iter()
            .filter(|o| o.name == name)
            .filter_map(|o| file_text.get(o.range.clone()))
            .any(|theirs| squeeze(theirs).ends_with(&squeeze(arguments)));
        let replacement = if inner.is_empty() || inner == "__name__" || same_arguments {
            String::new()
        } else {
            format!("# Uses your existing `{name}`; give it these arguments: {inner}\n")
        };
        out.replace_range(start..end.min(out.len()), &replacement);
    }
    out
}

/// Code without its whitespace, to compare argument lists.
fn squeeze(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The snippet's code with the file's names for what it imports (see
/// [`ImportMerge::renames`]).
fn adapt_body(body: &str, merge: &ImportMerge) -> String {
    if merge.renames.is_empty() {
        return body.to_string();
    }
    let Some(tree) = syntax::parse(body, None) else {
        return body.to_string();
    };
    let mut replacements: Vec<(Range<usize>, &str)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && refers_to_binding(node) {
            let name = node_text(node, body);
            if let Some((_, to)) = merge.renames.iter().find(|(from, _)| from == name) {
                replacements.push((node.byte_range(), to));
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = body.to_string();
    for (range, to) in replacements {
        out.replace_range(range, to);
    }
    out
}

/// Whether an identifier reads a variable, rather than naming an attribute
/// (`x.Depends`), a keyword argument (`Depends=`) or a new definition.
fn refers_to_binding(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return true;
    };
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "parameters" | "default_parameter" | "typed_parameter" | "typed_default_parameter" => {
            !is_field("name") && parent.kind() != "parameters"
        }
        _ => true,
    }
}

/// Prefixes every line of `body` with `indent`, except blank lines and lines
/// that continue a multi-line string (indenting those would change the
/// string's value).
pub fn indent_body(body: &str, indent: &str) -> String {
    if indent.is_empty() {
        return body.to_string();
    }
    let strings = multi_line_strings(body);
    let mut out = String::with_capacity(body.len() + indent.len() * 8);
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let inside_string = strings.iter().any(|r| r.start < offset && offset < r.end);
        if !line.trim().is_empty() && !inside_string {
            out.push_str(indent);
        }
        out.push_str(line);
        offset += line.len();
    }
    out
}

fn multi_line_strings(code: &str) -> Vec<Range<usize>> {
    let Some(tree) = syntax::parse(code, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "string" {
            if node.start_position().row != node.end_position().row {
                out.push(node.byte_range());
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    out
}
