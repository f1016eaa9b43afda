//! Reading tree-sitter Python trees: the small helpers every feature that
//! looks at the user's code shares (analysis, tips, snippets, completion).
//! One home, so "what is a docstring" or "which statements hold other
//! statements" has one answer.

use super::fields::{field_child, fields};
use tree_sitter::Node;

/// The source text of a node.
pub fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or_default()
}

/// `a.b.c` as `["a", "b", "c"]`; `None` for anything that is not a plain
/// dotted name (calls, subscripts…).
pub fn dotted_parts<'t>(node: Node<'_>, text: &'t str) -> Option<Vec<&'t str>> {
    match node.kind() {
        "identifier" => Some(vec![node_text(node, text)]),
        "attribute" => {
            let mut parts = dotted_parts(field_child(node, fields().object)?, text)?;
            parts.push(node_text(field_child(node, fields().attribute)?, text));
            Some(parts)
        }
        _ => None,
    }
}

/// Statements (and their clauses) whose blocks hold statements that run
/// with the enclosing code: an import inside `if TYPE_CHECKING:` or
/// `try:` at module level is a module import.
pub const COMPOUND_KINDS: &[&str] = &[
    "if_statement",
    "try_statement",
    "with_statement",
    "for_statement",
    "while_statement",
    "block",
    "else_clause",
    "elif_clause",
    "except_clause",
    "finally_clause",
];

/// Whether `node` is one of [`COMPOUND_KINDS`].
pub fn is_compound(node: Node<'_>) -> bool {
    COMPOUND_KINDS.contains(&node.kind())
}

/// Whether a statement is a docstring: an expression statement that is one
/// string literal (the first statement of a module, class or function).
pub fn is_docstring(node: Node<'_>) -> bool {
    node.kind() == "expression_statement"
        && node.named_child_count() == 1
        && node.named_child(0).is_some_and(|s| s.kind() == "string")
}

/// Named nodes under `root` (itself included) matching `keep`, in source
/// order; `enter` decides which nodes to look inside. A tree cursor walk,
/// without an allocation per node: this runs over the whole file after
/// every change.
pub fn descendants<'t>(
    root: Node<'t>,
    keep: impl Fn(Node<'t>) -> bool,
    enter: impl Fn(Node<'t>) -> bool,
) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_named() && keep(node) {
            out.push(node);
        }
        let descend = node == root || (node.is_named() && enter(node));
        if descend && cursor.goto_first_child() {
            continue;
        }
        // Up until a next sibling exists, never above `root`.
        loop {
            if cursor.node() == root {
                return out;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// An assignment's target and value (`left = right`); `None` for one
/// without a value, such as a bare annotation.
pub fn assignment_sides(assignment: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
    Some((
        assignment.child_by_field_name("left")?,
        assignment.child_by_field_name("right")?,
    ))
}

/// Whether a node starts a new scope whose code does not run with its
/// parent's (a nested function, lambda or class).
pub fn is_scope(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "function_definition" | "lambda" | "class_definition" | "decorated_definition"
    )
}

/// The value of keyword argument `name` in a call.
pub fn keyword_argument<'t>(call: Node<'t>, name: &str, text: &str) -> Option<Node<'t>> {
    keyword_argument_node(call, name, text)?.child_by_field_name("value")
}

/// The whole `name=value` argument of a call.
pub fn keyword_argument_node<'t>(call: Node<'t>, name: &str, text: &str) -> Option<Node<'t>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).find(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| node_text(n, text) == name)
    })
}

/// A call's positional arguments, in order.
pub fn positional_arguments(call: Node<'_>) -> Vec<Node<'_>> {
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|a| {
            !matches!(
                a.kind(),
                "keyword_argument" | "list_splat" | "dictionary_splat" | "comment"
            )
        })
        .collect()
}

/// The value of a plain string literal (no f-string interpolation, no
/// concatenation); `None` for anything else.
pub fn string_value<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    let mut content = "";
    for child in node.named_children(&mut cursor) {
        match child.kind() {
            "interpolation" => return None,
            "string_content" => content = node_text(child, text),
            _ => {}
        }
    }
    Some(content)
}

/// Whether a node is the literal `True`.
pub fn is_true(node: Node<'_>) -> bool {
    node.kind() == "true"
}
