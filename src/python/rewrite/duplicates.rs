//! A snippet's code without what the file already defines.
//!
//! Inserting a second `def read_item`, a second handler for `GET
//! /items/{id}` or a second `app.include_router(router)` leaves silently
//! wrong code (ruff F811, shadowed routes, routes served twice). So, for the
//! snippet's top-level statements:
//! - a route handler for a route the file already serves (same object,
//!   method and path, whatever the parameter names) is left out;
//! - a function the file already defines with the same code is left out;
//! - any other function or class whose name the file already binds (a
//!   definition or an import) is renamed, with its uses in the snippet;
//! - an `include_router`/`register_blueprint` call the file already makes
//!   is left out.
//!
//! Each change leaves a one-line comment in the inserted code saying what
//! was done and why, so nothing disappears silently.

use super::super::nodes::{keyword_argument, node_text, positional_arguments, string_value};
use super::super::syntax;
use super::refers_to_binding;
use crate::edit::{line_start, next_line};
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Route-registering decorator methods and the HTTP methods they stand for.
const METHOD_DECORATORS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
    ("websocket", "WEBSOCKET"),
];

/// A route a handler is registered for.
#[derive(Debug, Clone)]
struct Route {
    object: String,
    methods: Vec<String>,
    /// As written, for the comment.
    path: String,
    /// Parameters as `{}`, no trailing slash: `/items/{id}` = `/items/<int:id>/`.
    normalised: String,
}

impl Route {
    fn same_as(&self, other: &Route) -> bool {
        self.object == other.object
            && self.normalised == other.normalised
            && self.methods.iter().any(|m| other.methods.contains(m))
    }
}

/// What code defines at its top level.
#[derive(Debug, Default)]
struct Definitions {
    /// Function and class names → the definition's text.
    definitions: HashMap<String, String>,
    /// Names bound by imports.
    imported: Vec<String>,
    /// Route handlers: their route and function name.
    routes: Vec<(Route, String)>,
    /// `(object, included)` for `object.include_router(included, …)` and
    /// `object.register_blueprint(included, …)`.
    includes: Vec<(String, String)>,
}

impl Definitions {
    fn read(root: Node<'_>, text: &str) -> Definitions {
        let mut out = Definitions::default();
        out.walk(root, text);
        out
    }

    fn walk(&mut self, node: Node<'_>, text: &str) {
        let mut cursor = node.walk();
        for statement in node.named_children(&mut cursor) {
            match statement.kind() {
                "function_definition" | "class_definition" | "decorated_definition" => {
                    if let Some((name, _)) = definition_name(statement, text) {
                        self.definitions
                            .insert(name.clone(), node_text(definition(statement), text).into());
                        for route in routes(statement, text) {
                            self.routes.push((route, name.clone()));
                        }
                    }
                }
                "import_statement" | "import_from_statement" => {
                    self.imported.extend(imported_names(statement, text));
                }
                "expression_statement" => {
                    if let Some(include) = include_call(statement, text) {
                        self.includes.push(include);
                    }
                }
                // `if TYPE_CHECKING:`, `try:` … at the top level still bind there.
                "if_statement" | "try_statement" | "with_statement" | "block" | "else_clause"
                | "except_clause" | "finally_clause" => self.walk(statement, text),
                _ => {}
            }
        }
    }

    fn binds(&self, name: &str) -> bool {
        self.definitions.contains_key(name) || self.imported.iter().any(|n| n == name)
    }
}

/// `body` without the definitions, routes and includes `file` already has.
pub(super) fn without_duplicates(body: &str, file_tree: &Tree, file_text: &str) -> String {
    let Some(tree) = syntax::parse(body, None) else {
        return body.to_string();
    };
    let file = Definitions::read(file_tree.root_node(), file_text);
    let snippet = Definitions::read(tree.root_node(), body);
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let whole = line_start(body, statement.start_byte())..next_line(body, statement.end_byte());
        if let Some((object, included)) = include_call(statement, body) {
            if file.includes.contains(&(object.clone(), included.clone())) {
                let call = node_text(statement, body).trim();
                replacements.push((
                    whole,
                    format!("# Left out `{call}`: your file already includes `{included}`.\n"),
                ));
            }
            continue;
        }
        let Some((name, name_node)) = definition_name(statement, body) else {
            continue;
        };
        let served = routes(statement, body).into_iter().find_map(|route| {
            file.routes
                .iter()
                .find(|(theirs, _)| theirs.same_as(&route))
                .map(|(_, handler)| (route, handler.clone()))
        });
        if let Some((route, handler)) = served {
            replacements.push((
                whole,
                format!(
                    "# Left out `{name}`: your `{handler}` already handles {} \"{}\" on `{}`.\n",
                    route.methods.join("/"),
                    route.path,
                    route.object
                ),
            ));
            continue;
        }
        if !file.binds(&name) {
            continue;
        }
        let same_code = file.definitions.get(&name).is_some_and(|theirs| {
            normalise(theirs) == normalise(node_text(definition(statement), body))
        });
        if same_code {
            replacements.push((
                whole,
                format!("# Left out `{name}`: your file already defines the same code.\n"),
            ));
            continue;
        }
        let new_name = free_name(&name, is_class(statement), &file, &snippet);
        let line = line_start(body, statement.start_byte());
        replacements.push((
            line..line,
            format!("# Named `{new_name}`: your file already has `{name}`.\n"),
        ));
        replacements.push((name_node, new_name.clone()));
        renames.push((name, new_name));
    }
    if replacements.is_empty() {
        return body.to_string();
    }
    // Uses of a renamed definition follow it.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && refers_to_binding(node) {
            let text = node_text(node, body);
            if let Some((_, to)) = renames.iter().find(|(from, _)| from == text) {
                replacements.push((node.byte_range(), to.clone()));
            }
        }
        let mut walk = node.walk();
        stack.extend(node.children(&mut walk));
    }
    // A dropped statement swallows any edit inside it; then back to front.
    let dropped: Vec<Range<usize>> = replacements
        .iter()
        .filter(|(range, text)| range.len() > 1 && text.starts_with("# Left out"))
        .map(|(range, _)| range.clone())
        .collect();
    replacements.retain(|(range, text)| {
        text.starts_with("# Left out")
            || !dropped
                .iter()
                .any(|d| d.start <= range.start && range.end <= d.end)
    });
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse((range.start, range.end)));
    let mut out = body.to_string();
    for (range, text) in replacements {
        out.replace_range(range, &text);
    }
    out
}

/// `name` with a suffix no one binds yet: `read_item_example`, `ItemExample`.
fn free_name(name: &str, class: bool, file: &Definitions, snippet: &Definitions) -> String {
    let base = if class {
        format!("{name}Example")
    } else {
        format!("{name}_example")
    };
    let taken = |n: &str| file.binds(n) || snippet.binds(n);
    let mut candidate = base.clone();
    let mut number = 2;
    while taken(&candidate) {
        candidate = format!("{base}{number}");
        number += 1;
    }
    candidate
}

/// The function or class of a (possibly decorated) definition.
fn definition(statement: Node<'_>) -> Node<'_> {
    if statement.kind() == "decorated_definition" {
        statement
            .child_by_field_name("definition")
            .unwrap_or(statement)
    } else {
        statement
    }
}

fn is_class(statement: Node<'_>) -> bool {
    definition(statement).kind() == "class_definition"
}

/// The defined name and the range of its identifier.
fn definition_name(statement: Node<'_>, text: &str) -> Option<(String, Range<usize>)> {
    if !matches!(
        statement.kind(),
        "function_definition" | "class_definition" | "decorated_definition"
    ) {
        return None;
    }
    let name = definition(statement).child_by_field_name("name")?;
    Some((node_text(name, text).to_string(), name.byte_range()))
}

/// The routes a decorated function is registered for.
fn routes(statement: Node<'_>, text: &str) -> Vec<Route> {
    if statement.kind() != "decorated_definition" {
        return Vec::new();
    }
    let mut cursor = statement.walk();
    statement
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "decorator")
        .filter_map(|decorator| {
            let call = decorator.named_child(0).filter(|c| c.kind() == "call")?;
            let function = call
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")?;
            let object = node_text(function.child_by_field_name("object")?, text);
            let method = node_text(function.child_by_field_name("attribute")?, text);
            let path_node = positional_arguments(call).into_iter().next()?;
            let path = string_value(path_node, text)?.to_string();
            let methods = match METHOD_DECORATORS.iter().find(|(m, _)| *m == method) {
                Some((_, http)) => vec![(*http).to_string()],
                None if matches!(method, "route" | "api_route") => {
                    let listed: Vec<String> = keyword_argument(call, "methods", text)
                        .map(|list| {
                            let mut walk = list.walk();
                            list.named_children(&mut walk)
                                .filter_map(|item| string_value(item, text))
                                .map(str::to_ascii_uppercase)
                                .collect()
                        })
                        .unwrap_or_default();
                    if listed.is_empty() {
                        vec!["GET".to_string()]
                    } else {
                        listed
                    }
                }
                None => return None,
            };
            Some(Route {
                object: object.to_string(),
                methods,
                normalised: normalise_path(&path),
                path,
            })
        })
        .collect()
}

/// `/items/{item_id}/` and `/items/<int:id>` → `/items/{}`.
fn normalise_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' | '<' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' | '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_string()
}

/// `(app, router)` for a statement `app.include_router(router, …)` or
/// `app.register_blueprint(router, …)`.
fn include_call(statement: Node<'_>, text: &str) -> Option<(String, String)> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let call = statement.named_child(0).filter(|c| c.kind() == "call")?;
    let function = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")?;
    let method = node_text(function.child_by_field_name("attribute")?, text);
    if !matches!(method, "include_router" | "register_blueprint") {
        return None;
    }
    let object = node_text(function.child_by_field_name("object")?, text);
    let included = positional_arguments(call).into_iter().next()?;
    Some((object.to_string(), node_text(included, text).to_string()))
}

/// The names an import statement binds.
fn imported_names(statement: Node<'_>, text: &str) -> Vec<String> {
    let mut cursor = statement.walk();
    statement
        .children_by_field_name("name", &mut cursor)
        .map(|name| {
            if name.kind() == "aliased_import" {
                name.child_by_field_name("alias")
                    .map_or("", |a| node_text(a, text))
                    .to_string()
            } else if statement.kind() == "import_statement" {
                let dotted = node_text(name, text);
                dotted.split('.').next().unwrap_or(dotted).to_string()
            } else {
                node_text(name, text).to_string()
            }
        })
        .collect()
}

/// Code compared without its layout.
fn normalise(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(file: &str, body: &str) -> String {
        let tree = syntax::parse(file, None).unwrap();
        without_duplicates(body, &tree, file)
    }

    #[test]
    fn routes_the_file_serves_are_left_out_and_clashing_names_renamed() {
        let file = "from fastapi import APIRouter, FastAPI\n\nfrom .models import Item\n\napp = FastAPI()\nrouter = APIRouter()\n\n\n@router.get(\"/{id}/\")\ndef read_item(id: int):\n    return id\n\n\ndef create_item():\n    return 1\n\n\napp.include_router(router)\n";
        let body = "class Item:\n    pass\n\n\n@router.get(\"/{item_id}\")\ndef read_item(item_id: int) -> Item:\n    return Item()\n\n\n@router.post(\"\")\ndef create_item(payload: Item) -> Item:\n    return payload\n\n\napp.include_router(router)\n";
        let out = rewritten(file, body);
        assert_eq!(
            out,
            "# Named `ItemExample`: your file already has `Item`.\nclass ItemExample:\n    pass\n\n\n# Left out `read_item`: your `read_item` already handles GET \"/{item_id}\" on `router`.\n\n\n# Named `create_item_example`: your file already has `create_item`.\n@router.post(\"\")\ndef create_item_example(payload: ItemExample) -> ItemExample:\n    return payload\n\n\n# Left out `app.include_router(router)`: your file already includes `router`.\n"
        );
        assert!(syntax::parse(&out, None).is_some());
    }

    #[test]
    fn the_same_function_is_left_out_and_flask_routes_compare_by_method() {
        let file = "from flask import Flask\n\napp = Flask(__name__)\n\n\ndef helper():\n    return 1\n\n\n@app.route(\"/books/<int:book_id>\", methods=[\"GET\", \"POST\"])\ndef book(book_id):\n    return ''\n";
        let body = "def helper():\n    return   1\n\n\n@app.get(\"/books/<book_id>\")\ndef show(book_id):\n    return ''\n\n\n@app.delete(\"/books/<book_id>\")\ndef remove(book_id):\n    return ''\n";
        let out = rewritten(file, body);
        assert!(
            out.starts_with("# Left out `helper`: your file already defines the same code.\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "# Left out `show`: your `book` already handles GET \"/books/<book_id>\" on `app`."
            ),
            "{out}"
        );
        assert!(out.contains("def remove(book_id):"), "{out}");
    }
}
