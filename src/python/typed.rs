//! Parameters annotated with a framework class (`request: Request`,
//! `db: Annotated[Session, Depends(get_db)]`, `file: UploadFile | None`):
//! their attributes resolve through the class, as a type checker would, so
//! `request.url_for` is `fastapi.Request.url_for`.

use super::analysis::Analysis;
use super::nodes::node_text;
use tree_sitter::Node;

/// The framework class the parameter `name` is annotated with, in the
/// innermost function around `at` that has such a parameter.
pub fn parameter_class(
    analysis: &Analysis,
    text: &str,
    at: Node<'_>,
    name: &str,
) -> Option<String> {
    let mut scope = at.parent();
    while let Some(node) = scope {
        if node.kind() == "function_definition" {
            if let Some(annotation) = parameter_annotation(node, text, name) {
                // A parameter without a (framework) annotation hides any
                // outer one of the same name.
                return annotation.and_then(|a| annotated_class(analysis, text, a));
            }
        }
        scope = node.parent();
    }
    None
}

/// `Some(annotation)` when `function` has a parameter `name`
/// (`Some(None)` when it is not annotated).
fn parameter_annotation<'t>(
    function: Node<'t>,
    text: &str,
    name: &str,
) -> Option<Option<Node<'t>>> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    for parameter in parameters.named_children(&mut cursor) {
        let parameter_name = match parameter.kind() {
            "identifier" => Some(parameter),
            "typed_parameter" => parameter.named_child(0),
            _ => parameter.child_by_field_name("name"),
        };
        if parameter_name.is_some_and(|n| n.kind() == "identifier" && node_text(n, text) == name) {
            return Some(parameter.child_by_field_name("type"));
        }
    }
    None
}

/// The class an annotation names: `Request`, `fastapi.Request`,
/// `Annotated[Session, ...]`, `Optional[X]`, `X | None`.
fn annotated_class(analysis: &Analysis, text: &str, node: Node<'_>) -> Option<String> {
    match node.kind() {
        "type" => annotated_class(analysis, text, node.named_child(0)?),
        "identifier" | "attribute" => analysis
            .resolve_expression(node, text)
            .filter(|symbol| is_class(symbol)),
        "subscript" | "generic_type" => {
            let head = node_text(node.named_child(0)?, text);
            if !(head.ends_with("Annotated") || head.ends_with("Optional")) {
                return None;
            }
            let first = node.named_child(1)?;
            let first = if first.kind() == "type_parameter" {
                first.named_child(0)?
            } else {
                first
            };
            annotated_class(analysis, text, first)
        }
        "binary_operator" | "union_type" => (0..node.named_child_count())
            .filter_map(|i| node.named_child(i))
            .find_map(|part| annotated_class(analysis, text, part)),
        _ => None,
    }
}

/// `fastapi.Request`, not `fastapi.status` or `fastapi.Depends`'s module.
fn is_class(symbol: &str) -> bool {
    symbol
        .rsplit('.')
        .next()
        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
        && symbol.contains('.')
}

#[cfg(test)]
mod tests {
    use crate::python::{ParsedPython, resolve_symbol_at};

    fn at(source: &str) -> Option<String> {
        let offset = source.find("$0").unwrap();
        let text = source.replacen("$0", "", 1);
        let parsed = ParsedPython::new(text).unwrap();
        resolve_symbol_at(&parsed.file(), offset).map(|r| r.symbol)
    }

    #[test]
    fn attributes_of_annotated_parameters_resolve_through_the_class() {
        let header = "from typing import Annotated, Optional\nfrom fastapi import Depends, Request, UploadFile\nfrom flask import Flask\nfrom sqlalchemy.orm import Session\n\n";
        let cases = [
            (
                "def f(request: Request):\n    request.url_$0for('x')\n",
                Some("fastapi.Request.url_for"),
            ),
            (
                "def f(app: Flask):\n    app.con$0fig['X'] = 1\n",
                Some("flask.Flask.config"),
            ),
            (
                "def f(file: UploadFile | None = None):\n    file.file$0name\n",
                Some("fastapi.UploadFile.filename"),
            ),
            (
                "def f(db: Annotated[Session, Depends(object)]):\n    db.que$0ry(1)\n",
                Some("sqlalchemy.orm.Session.query"),
            ),
            (
                "def f(file: Optional[UploadFile]):\n    file.re$0ad()\n",
                Some("fastapi.UploadFile.read"),
            ),
            (
                "def f(request: Request):\n    def g():\n        return request.sta$0te\n",
                Some("fastapi.Request.state"),
            ),
            ("def f(request):\n    request.url_$0for('x')\n", None),
            (
                "def f(request: Request):\n    def g(request):\n        return request.sta$0te\n",
                None,
            ),
            ("def f(items: list):\n    items.app$0end(1)\n", None),
        ];
        for (body, expected) in cases {
            assert_eq!(
                at(&format!("{header}{body}")).as_deref(),
                expected,
                "{body}"
            );
        }
    }

    #[test]
    fn keyword_arguments_of_their_methods_resolve_too() {
        let source = "from fastapi import Response\n\ndef f(response: Response):\n    response.set_cookie('k', 'v', http$0only=True)\n";
        assert_eq!(
            at(source).as_deref(),
            Some("fastapi.Response.set_cookie(httponly)")
        );
    }
}
