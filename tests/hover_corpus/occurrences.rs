//! Finds every framework-name occurrence in a Python file, independently of
//! the server's own analysis (so the measure does not grade itself).
//!
//! An occurrence is an identifier that names something of a framework
//! package, resolved through the file's imports:
//! - `import`: each part of a framework module path and each imported name
//!   (`flask_login` and `login_required` in `from flask_login import login_required`);
//! - `name`: a name bound by such an import (`Depends`, `request`, `status`),
//!   and `__name__` passed to a framework call (`Flask(__name__)`);
//! - `attribute`: each attribute of a dotted chain rooted in such a name or in
//!   an object the file creates from a framework class (`route` in
//!   `@app.route`, `session` and `add` in `db.session.add`);
//! - `keyword`: a keyword argument of a call to a framework callable
//!   (`response_model=` in `@router.get(...)`, `debug=` in `app.run(...)`);
//! - `typed`: each attribute of a chain rooted in a parameter annotated with a
//!   framework class (`state` in `request.state` with `request: Request`).

use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Parser};

/// Top-level packages whose names count as framework names.
pub const FRAMEWORK_PACKAGES: &[&str] = &[
    "flask",
    "flask_caching",
    "flask_cors",
    "flask_httpauth",
    "flask_jwt_extended",
    "flask_login",
    "flask_mail",
    "flask_migrate",
    "flask_restful",
    "flask_sqlalchemy",
    "flask_wtf",
    "wtforms",
    "werkzeug",
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "uvicorn",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Import,
    Name,
    Attribute,
    Keyword,
    Typed,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Import,
        Kind::Name,
        Kind::Attribute,
        Kind::Keyword,
        Kind::Typed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Import => "import",
            Kind::Name => "name",
            Kind::Attribute => "attribute",
            Kind::Keyword => "keyword",
            Kind::Typed => "typed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range of the identifier.
    pub range: Range<usize>,
    /// 1-based line and column (columns in bytes; the corpus is ASCII).
    pub line: usize,
    pub column: usize,
    /// What it names, spelled from where it was imported:
    /// `flask.Flask.route`, `fastapi.APIRouter.get(response_model)`.
    pub symbol: String,
    pub kind: Kind,
}

fn is_framework(symbol: &str) -> bool {
    let root = symbol.split(['.', '(']).next().unwrap_or(symbol);
    FRAMEWORK_PACKAGES.contains(&root)
}

fn text<'t>(node: Node<'_>, source: &'t str) -> &'t str {
    &source[node.byte_range()]
}

/// What a local name is bound to, and where.
#[derive(Debug, Clone)]
enum Binding {
    /// An import: `D` → `fastapi.Depends`.
    Import(String),
    /// `app = Flask(__name__)` → `flask.Flask`.
    Object(String),
    /// A parameter annotated with a framework class, inside its function.
    Typed(String),
    /// A parameter that hides an outer name inside its function.
    Hidden,
}

#[derive(Default)]
struct Scopes {
    global: HashMap<String, Binding>,
    /// (function byte range, name, binding): parameters, innermost last.
    local: Vec<(Range<usize>, String, Binding)>,
}

impl Scopes {
    fn lookup(&self, name: &str, at: usize) -> Option<&Binding> {
        self.local
            .iter()
            .rev()
            .find(|(range, n, _)| n == name && range.contains(&at))
            .map(|(_, _, b)| b)
            .or_else(|| self.global.get(name))
    }

    /// The symbol a plain dotted chain refers to, with the kind of its root.
    fn resolve(&self, parts: &[&str], at: usize) -> Option<(String, &Binding)> {
        let (head, rest) = parts.split_first()?;
        let binding = self.lookup(head, at)?;
        let base = match binding {
            Binding::Import(s) | Binding::Object(s) | Binding::Typed(s) => s,
            Binding::Hidden => return None,
        };
        let mut symbol = base.clone();
        for part in rest {
            symbol.push('.');
            symbol.push_str(part);
        }
        is_framework(&symbol).then_some((symbol, binding))
    }
}

/// `a.b.c` as parts, for plain dotted chains only.
fn dotted<'t>(node: Node<'_>, source: &'t str) -> Option<Vec<&'t str>> {
    match node.kind() {
        "identifier" => Some(vec![text(node, source)]),
        "attribute" => {
            let mut parts = dotted(node.child_by_field_name("object")?, source)?;
            parts.push(text(node.child_by_field_name("attribute")?, source));
            Some(parts)
        }
        _ => None,
    }
}

fn is_class_name(symbol: &str) -> bool {
    symbol
        .rsplit('.')
        .next()
        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
}

pub fn find(source: &str) -> Vec<Occurrence> {
    assert!(
        source.is_ascii(),
        "the corpus is ASCII so columns are simple"
    );
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("python grammar");
    let tree = parser.parse(source, None).expect("parse");
    let root = tree.root_node();
    assert!(!root.has_error(), "corpus files must parse cleanly");

    let mut scopes = Scopes::default();
    let mut found = Vec::new();
    bind_imports(root, source, &mut scopes, &mut found);
    bind_objects_and_parameters(root, source, &mut scopes);
    collect(root, source, &scopes, &mut found);
    found.sort_by_key(|o| o.range.start);
    found.dedup_by_key(|o| o.range.start);
    for occurrence in &mut found {
        let before = &source[..occurrence.range.start];
        occurrence.line = before.matches('\n').count() + 1;
        occurrence.column = occurrence.range.start - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    }
    found
}

fn push(found: &mut Vec<Occurrence>, node: Node<'_>, symbol: String, kind: Kind) {
    found.push(Occurrence {
        range: node.byte_range(),
        line: 0,
        column: 0,
        symbol,
        kind,
    });
}

/// Every identifier of a dotted module path, each naming the path so far.
fn module_path(path: Node<'_>, source: &str, found: &mut Vec<Occurrence>) {
    let mut cursor = path.walk();
    for part in path.named_children(&mut cursor) {
        let prefix = &source[path.start_byte()..part.end_byte()];
        if is_framework(prefix) {
            push(found, part, prefix.to_string(), Kind::Import);
        }
    }
}

fn bind_imports(node: Node<'_>, source: &str, scopes: &mut Scopes, found: &mut Vec<Occurrence>) {
    match node.kind() {
        "import_statement" => {
            let mut cursor = node.walk();
            for name in node.children_by_field_name("name", &mut cursor) {
                let (path, alias) = match name.kind() {
                    "aliased_import" => (
                        name.child_by_field_name("name").expect("name"),
                        name.child_by_field_name("alias"),
                    ),
                    _ => (name, None),
                };
                let dotted_path = text(path, source);
                module_path(path, source, found);
                match alias {
                    Some(alias) => {
                        let bound = Binding::Import(dotted_path.to_string());
                        scopes.global.insert(text(alias, source).into(), bound);
                    }
                    None => {
                        let top = dotted_path.split('.').next().unwrap_or(dotted_path);
                        scopes
                            .global
                            .insert(top.into(), Binding::Import(top.into()));
                    }
                }
            }
        }
        "import_from_statement" => {
            let Some(module) = node
                .child_by_field_name("module_name")
                .filter(|m| m.kind() == "dotted_name")
            else {
                return;
            };
            let module_text = text(module, source);
            if !is_framework(module_text) {
                return;
            }
            module_path(module, source, found);
            let mut cursor = node.walk();
            for name in node.children_by_field_name("name", &mut cursor) {
                let (original, local) = match name.kind() {
                    "aliased_import" => (
                        name.child_by_field_name("name").expect("name"),
                        name.child_by_field_name("alias").expect("alias"),
                    ),
                    _ => (name, name),
                };
                let symbol = format!("{module_text}.{}", text(original, source));
                push(found, original, symbol.clone(), Kind::Import);
                scopes
                    .global
                    .insert(text(local, source).into(), Binding::Import(symbol));
            }
        }
        _ => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                bind_imports(child, source, scopes, found);
            }
        }
    }
}

/// The framework class a parameter's annotation names: `Request`,
/// `Annotated[Session, Depends(get_db)]`, `WebSocket | None`.
fn annotated_class(node: Node<'_>, source: &str, scopes: &Scopes) -> Option<String> {
    let at = node.start_byte();
    if let Some(parts) = dotted(node, source) {
        let (symbol, _) = scopes.resolve(&parts, at)?;
        return is_class_name(&symbol).then_some(symbol);
    }
    match node.kind() {
        "type" => annotated_class(node.named_child(0)?, source, scopes),
        // `Annotated[X, ...]` (a subscript or, in annotations, a generic type).
        "subscript" | "generic_type" => {
            let head = node.named_child(0)?;
            let head_text = text(head, source);
            if !head_text.ends_with("Annotated") {
                return None;
            }
            let first = node.named_child(1)?;
            let first = if first.kind() == "type_parameter" {
                first.named_child(0)?
            } else {
                first
            };
            annotated_class(first, source, scopes)
        }
        "binary_operator" | "union_type" => (0..node.named_child_count())
            .filter_map(|i| node.named_child(i))
            .find_map(|part| annotated_class(part, source, scopes)),
        _ => None,
    }
}

fn bind_objects_and_parameters(node: Node<'_>, source: &str, scopes: &mut Scopes) {
    match node.kind() {
        "assignment" => {
            if let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                bind_object(left, right, source, scopes);
            }
        }
        "as_pattern" => {
            // `with TestClient(app) as client:`
            let value = node.named_child(0);
            let target = node
                .child_by_field_name("alias")
                .and_then(|t| t.named_child(0).or(Some(t)));
            if let (Some(value), Some(target)) = (value, target) {
                bind_object(target, value, source, scopes);
            }
        }
        "function_definition" => {
            let range = node.byte_range();
            if let Some(parameters) = node.child_by_field_name("parameters") {
                let mut cursor = parameters.walk();
                for parameter in parameters.named_children(&mut cursor) {
                    let name = match parameter.kind() {
                        "identifier" => Some(parameter),
                        "typed_parameter" => parameter.named_child(0),
                        _ => parameter.child_by_field_name("name"),
                    }
                    .filter(|n| n.kind() == "identifier");
                    let Some(name) = name else { continue };
                    let binding = parameter
                        .child_by_field_name("type")
                        .and_then(|t| annotated_class(t, source, scopes))
                        .map_or(Binding::Hidden, Binding::Typed);
                    scopes
                        .local
                        .push((range.clone(), text(name, source).into(), binding));
                }
            }
        }
        _ => {}
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        bind_objects_and_parameters(child, source, scopes);
    }
}

fn bind_object(target: Node<'_>, value: Node<'_>, source: &str, scopes: &mut Scopes) {
    if target.kind() != "identifier" || value.kind() != "call" {
        return;
    }
    let Some(parts) = value
        .child_by_field_name("function")
        .and_then(|f| dotted(f, source))
    else {
        return;
    };
    let Some((class, _)) = scopes.resolve(&parts, value.start_byte()) else {
        return;
    };
    if is_class_name(&class) {
        scopes
            .global
            .insert(text(target, source).into(), Binding::Object(class));
    }
}

fn in_import(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if matches!(
            n.kind(),
            "import_statement" | "import_from_statement" | "future_import_statement"
        ) {
            return true;
        }
        current = n.parent();
    }
    false
}

/// Whether this identifier names something being defined (a function, a
/// class, a parameter, a plain assignment target), not a use.
fn is_definition(node: Node<'_>, parent: Node<'_>) -> bool {
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match parent.kind() {
        "function_definition" | "class_definition" => is_field("name"),
        "parameters" | "lambda_parameters" | "typed_parameter" => true,
        "default_parameter" | "typed_default_parameter" => is_field("name"),
        "assignment" | "augmented_assignment" => is_field("left"),
        "as_pattern_target" | "pattern_list" | "tuple_pattern" | "for_statement" => true,
        _ => false,
    }
}

fn collect(node: Node<'_>, source: &str, scopes: &Scopes, found: &mut Vec<Occurrence>) {
    if node.kind() == "identifier" && !in_import(node) {
        if let Some(parent) = node.parent() {
            classify(node, parent, source, scopes, found);
        }
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, source, scopes, found);
    }
}

fn classify(
    node: Node<'_>,
    parent: Node<'_>,
    source: &str,
    scopes: &Scopes,
    found: &mut Vec<Occurrence>,
) {
    let at = node.start_byte();
    let name = text(node, source);
    if parent.kind() == "attribute" && parent.child_by_field_name("attribute") == Some(node) {
        let Some(parts) = dotted(parent, source) else {
            return;
        };
        if let Some((symbol, binding)) = scopes.resolve(&parts, at) {
            let kind = match binding {
                Binding::Typed(_) => Kind::Typed,
                _ => Kind::Attribute,
            };
            push(found, node, symbol, kind);
        }
        return;
    }
    if parent.kind() == "keyword_argument" {
        if parent.child_by_field_name("name") == Some(node) {
            if let Some(callee) = callee_of_argument(parent, source, scopes) {
                push(found, node, format!("{callee}({name})"), Kind::Keyword);
            }
            return;
        }
    } else if is_definition(node, parent) {
        return;
    }
    if name == "__name__" && parent.kind() == "argument_list" {
        if let Some(callee) = callee_of_argument(node, source, scopes) {
            push(found, node, format!("{callee}(__name__)"), Kind::Name);
        }
        return;
    }
    if let Some(Binding::Import(symbol)) = scopes.lookup(name, at) {
        if is_framework(symbol) {
            push(found, node, symbol.clone(), Kind::Name);
        }
    }
}

/// The framework callee of the call an argument belongs to.
fn callee_of_argument(argument: Node<'_>, source: &str, scopes: &Scopes) -> Option<String> {
    let call = argument
        .parent()
        .filter(|l| l.kind() == "argument_list")?
        .parent()?;
    let parts = dotted(call.child_by_field_name("function")?, source)?;
    scopes.resolve(&parts, call.start_byte()).map(|(s, _)| s)
}
