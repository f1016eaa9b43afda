//! What a Python file says about Flask/FastAPI: which names its imports
//! bind, which framework objects it creates (`app = FastAPI()`,
//! `bp = Blueprint(...)`), and which functions are route handlers.
//!
//! Only statements are walked (module level, and the bodies of functions,
//! classes and compound statements), never expressions, so analysing a large
//! file stays cheap.

use super::canonical::canonicalise;
use super::fields::{field_child, fields};
use super::nodes::{dotted_parts, is_compound, node_text};
use crate::bank::Framework;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Method names that turn a function into a route handler when used as a
/// decorator on a framework object.
const ROUTE_DECORATORS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "route",
    "api_route",
    "websocket",
    "websocket_route",
];

/// Framework classes whose instances can register routes.
const ROUTING_CLASSES: &[&str] = &[
    "fastapi.FastAPI",
    "fastapi.APIRouter",
    "flask.Flask",
    "flask.Blueprint",
];

/// Local name → what it is bound to (`D` → `fastapi.Depends`, `fa` → `fastapi`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportTable {
    bindings: HashMap<String, String>,
}

impl ImportTable {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.bindings.get(name).map(String::as_str)
    }

    fn bind(&mut self, name: &str, target: &str) {
        self.bindings.insert(name.to_string(), canonicalise(target));
    }

    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }

    /// Every canonical name the file imports (`fastapi.Depends`, `sqlalchemy.orm`).
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.bindings.values().map(String::as_str)
    }

    /// Whether any import comes from this top-level package (`fastapi`, `flask`…).
    pub fn imports_package(&self, package: &str) -> bool {
        self.bindings.values().any(|t| {
            t == package
                || t.starts_with(&format!("{package}."))
                || t.starts_with(&format!("{package}_"))
        })
    }
}

/// A function registered as a route (or websocket) handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteHandler {
    /// The whole `decorated_definition`.
    pub range: Range<usize>,
    /// The function's name.
    pub name: String,
    pub name_range: Range<usize>,
    /// The decorator's canonical symbol, e.g. `fastapi.APIRouter.post`.
    pub decorator: String,
    pub is_async: bool,
}

/// A framework object created in the file (`app = FastAPI()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkObject {
    pub name: String,
    /// Canonical class, e.g. `fastapi.FastAPI`.
    pub class: String,
    /// The assignment statement.
    pub range: Range<usize>,
}

#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub imports: ImportTable,
    /// Variable name → canonical class of the framework object assigned to it.
    pub objects: HashMap<String, String>,
    pub object_list: Vec<FrameworkObject>,
    pub route_handlers: Vec<RouteHandler>,
    /// The framework of the first FastAPI/Starlette or Flask import, in source order.
    framework: Option<Framework>,
}

impl Analysis {
    pub fn new(tree: &Tree, text: &str) -> Analysis {
        let mut analysis = Analysis::default();
        let root = tree.root_node();
        analysis.walk_statements(root, text);
        analysis
    }

    /// The framework the file is written for: the one its first
    /// `fastapi`/`starlette` or `flask`/`flask_*` import belongs to, in
    /// source order (a Flask app that imports a FastAPI helper later is still
    /// a Flask file). Every feature asks here: hover ranks with it, snippet
    /// offers filter with it.
    pub fn framework(&self) -> Option<Framework> {
        self.framework
    }

    /// Notes the framework of an imported module, if it is the first one.
    fn saw_module(&mut self, module: &str) {
        if self.framework.is_some() {
            return;
        }
        self.framework = match module.split('.').next().unwrap_or(module) {
            "fastapi" | "starlette" => Some(Framework::Fastapi),
            top if top == "flask" || top.starts_with("flask_") => Some(Framework::Flask),
            _ => None,
        };
    }

    /// The route handler whose definition contains `offset`.
    pub fn route_handler_at(&self, offset: usize) -> Option<&RouteHandler> {
        self.route_handlers
            .iter()
            .find(|h| h.range.start <= offset && offset < h.range.end)
    }

    fn walk_statements(&mut self, node: Node<'_>, text: &str) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "import_statement" => self.read_import(child, text),
                "import_from_statement" | "future_import_statement" => {
                    self.read_from_import(child, text);
                }
                "expression_statement" => {
                    if let Some(assignment) =
                        child.named_child(0).filter(|n| n.kind() == "assignment")
                    {
                        self.read_assignment(assignment, child.byte_range(), text);
                    }
                }
                "decorated_definition" => {
                    self.read_decorated(child, text);
                    if let Some(definition) = field_child(child, fields().definition) {
                        if let Some(body) = field_child(definition, fields().body) {
                            self.walk_statements(body, text);
                        }
                    }
                }
                "function_definition" | "class_definition" => {
                    if let Some(body) = field_child(child, fields().body) {
                        self.walk_statements(body, text);
                    }
                }
                // Compound statements: imports and apps inside `if`/`try`/`with` blocks count.
                _ if is_compound(child) => self.walk_statements(child, text),
                _ => {}
            }
        }
    }

    fn read_import(&mut self, node: Node<'_>, text: &str) {
        let mut cursor = node.walk();
        for name in node.children_by_field_id(fields().name, &mut cursor) {
            match name.kind() {
                // `import a.b` binds `a` to the package `a`.
                "dotted_name" => {
                    let dotted = node_text(name, text);
                    self.saw_module(dotted);
                    let top = dotted.split('.').next().unwrap_or(dotted);
                    self.imports.bind(top, top);
                }
                "aliased_import" => {
                    if let (Some(module), Some(alias)) = (
                        field_child(name, fields().name),
                        field_child(name, fields().alias),
                    ) {
                        self.saw_module(node_text(module, text));
                        self.imports
                            .bind(node_text(alias, text), node_text(module, text));
                    }
                }
                _ => {}
            }
        }
    }

    fn read_from_import(&mut self, node: Node<'_>, text: &str) {
        let Some(module) = field_child(node, fields().module_name) else {
            return;
        };
        // Relative imports name the user's own modules, never a framework.
        if module.kind() == "relative_import" {
            return;
        }
        let module = node_text(module, text);
        self.saw_module(module);
        let mut cursor = node.walk();
        for name in node.children_by_field_id(fields().name, &mut cursor) {
            match name.kind() {
                "dotted_name" => {
                    let imported = node_text(name, text);
                    self.imports.bind(imported, &format!("{module}.{imported}"));
                }
                "aliased_import" => {
                    if let (Some(original), Some(alias)) = (
                        field_child(name, fields().name),
                        field_child(name, fields().alias),
                    ) {
                        self.imports.bind(
                            node_text(alias, text),
                            &format!("{module}.{}", node_text(original, text)),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    fn read_assignment(&mut self, assignment: Node<'_>, statement: Range<usize>, text: &str) {
        let (Some(left), Some(right)) = (
            field_child(assignment, fields().left),
            field_child(assignment, fields().right),
        ) else {
            return;
        };
        if left.kind() != "identifier" || right.kind() != "call" {
            return;
        }
        let Some(callee) = field_child(right, fields().function) else {
            return;
        };
        let Some(class) = self.resolve_expression(callee, text) else {
            return;
        };
        // Only classes (CamelCase last segment) make objects: `x = jsonify()` does not.
        if !class
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            return;
        }
        let name = node_text(left, text).to_string();
        self.objects.insert(name.clone(), class.clone());
        self.object_list.push(FrameworkObject {
            name,
            class,
            range: statement,
        });
    }

    fn read_decorated(&mut self, node: Node<'_>, text: &str) {
        let Some(definition) =
            field_child(node, fields().definition).filter(|d| d.kind() == "function_definition")
        else {
            return;
        };
        let mut cursor = node.walk();
        for decorator in node
            .named_children(&mut cursor)
            .filter(|n| n.kind() == "decorator")
        {
            let Some(mut expression) = decorator.named_child(0) else {
                continue;
            };
            if expression.kind() == "call" {
                match field_child(expression, fields().function) {
                    Some(function) => expression = function,
                    None => continue,
                }
            }
            let Some(symbol) = self.resolve_expression(expression, text) else {
                continue;
            };
            let Some((class, method)) = symbol.rsplit_once('.') else {
                continue;
            };
            if ROUTING_CLASSES.contains(&class) && ROUTE_DECORATORS.contains(&method) {
                let Some(name) = field_child(definition, fields().name) else {
                    continue;
                };
                let is_async = definition.child(0).is_some_and(|c| c.kind() == "async");
                self.route_handlers.push(RouteHandler {
                    range: node.byte_range(),
                    name: node_text(name, text).to_string(),
                    name_range: name.byte_range(),
                    decorator: symbol,
                    is_async,
                });
                break;
            }
        }
    }

    /// The canonical symbol an expression (`D`, `fa.Depends`, `app.get`)
    /// refers to, when it is rooted in an import or a framework object.
    pub fn resolve_expression(&self, node: Node<'_>, text: &str) -> Option<String> {
        let parts = dotted_parts(node, text)?;
        self.resolve_parts(&parts)
    }

    /// Resolves `["app", "get"]` → `fastapi.FastAPI.get`, `["D"]` → `fastapi.Depends`.
    pub fn resolve_parts(&self, parts: &[&str]) -> Option<String> {
        let (head, rest) = parts.split_first()?;
        let base = self
            .objects
            .get(*head)
            .map(String::as_str)
            .or_else(|| self.imports.get(head))?;
        let mut symbol = base.to_string();
        for part in rest {
            symbol.push('.');
            symbol.push_str(part);
        }
        Some(canonicalise(&symbol))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::syntax::parse;

    fn analyse(text: &str) -> Analysis {
        Analysis::new(&parse(text, None).unwrap(), text)
    }

    #[test]
    fn binds_every_import_form() {
        let a = analyse(
            "import fastapi\nimport fastapi as fa\nimport os.path\nfrom fastapi import Depends as D, FastAPI\nfrom fastapi.security import OAuth2PasswordBearer\nfrom starlette.requests import Request\nfrom flask import (Flask,\n  g)\nfrom . import views\n",
        );
        assert_eq!(a.imports.get("fastapi"), Some("fastapi"));
        assert_eq!(a.imports.get("fa"), Some("fastapi"));
        assert_eq!(a.imports.get("os"), Some("os"));
        assert_eq!(a.imports.get("D"), Some("fastapi.Depends"));
        assert_eq!(
            a.imports.get("OAuth2PasswordBearer"),
            Some("fastapi.security.OAuth2PasswordBearer")
        );
        assert_eq!(a.imports.get("Request"), Some("fastapi.Request"));
        assert_eq!(a.imports.get("g"), Some("flask.g"));
        assert_eq!(a.imports.get("views"), None);
    }

    #[test]
    fn tracks_framework_objects_and_route_handlers() {
        let a = analyse(
            "from fastapi import FastAPI, APIRouter\nimport flask\n\napp = FastAPI()\nrouter = APIRouter(prefix='/x')\nsite = flask.Flask(__name__)\ndata = dict()\n\n@router.post('/items')\nasync def create():\n    pass\n\n@app.middleware('http')\nasync def mw(request, call_next):\n    pass\n\ndef create_app():\n    bp = flask.Blueprint('b', __name__)\n    @bp.route('/')\n    def index():\n        return 'x'\n",
        );
        assert_eq!(
            a.objects.get("app").map(String::as_str),
            Some("fastapi.FastAPI")
        );
        assert_eq!(
            a.objects.get("router").map(String::as_str),
            Some("fastapi.APIRouter")
        );
        assert_eq!(
            a.objects.get("site").map(String::as_str),
            Some("flask.Flask")
        );
        assert_eq!(
            a.objects.get("bp").map(String::as_str),
            Some("flask.Blueprint")
        );
        assert!(!a.objects.contains_key("data"));
        let handlers: Vec<(&str, &str, bool)> = a
            .route_handlers
            .iter()
            .map(|h| (h.name.as_str(), h.decorator.as_str(), h.is_async))
            .collect();
        assert_eq!(
            handlers,
            vec![
                ("create", "fastapi.APIRouter.post", true),
                ("index", "flask.Blueprint.route", false)
            ]
        );
        assert_eq!(
            a.framework(),
            Some(Framework::Fastapi),
            "the first framework imported decides"
        );
    }

    #[test]
    fn the_first_framework_imported_decides() {
        assert_eq!(analyse("import os\n").framework(), None);
        assert_eq!(
            analyse("from flask_cors import CORS\nfrom fastapi import FastAPI\n").framework(),
            Some(Framework::Flask)
        );
        assert_eq!(
            analyse("try:\n    import starlette\nexcept ImportError:\n    pass\nimport flask\n")
                .framework(),
            Some(Framework::Fastapi)
        );
        assert_eq!(
            analyse("import flask as f\n").framework(),
            Some(Framework::Flask)
        );
    }
}
