//! Cursor → canonical symbol, import-aware.
//!
//! Precision over recall: a name resolves only when it is rooted in an
//! import or in a framework object the file creates, so a local variable
//! called `session`, a dict's `.get` or `os.path` resolve to nothing the
//! bank knows.

use super::PythonFile;
use super::analysis::Analysis;
use super::fields::{field_child, fields};
use super::nodes::{dotted_parts, node_text};
use std::ops::Range;
use tree_sitter::Node;

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSymbol {
    /// `fastapi.Depends`, `flask.Flask.route`, `fastapi.APIRouter.get(response_model)`,
    /// `python.async`.
    pub symbol: String,
    /// The source range the symbol covers (for the hover's range).
    pub range: Range<usize>,
}

pub fn resolve_symbol_at(file: &PythonFile<'_>, offset: usize) -> Option<ResolvedSymbol> {
    let PythonFile {
        text,
        tree,
        analysis,
    } = *file;
    let root = tree.root_node();
    let node = root.descendant_for_byte_range(offset, offset)?;
    resolve_node(node, text, analysis, offset).or_else(|| {
        // A cursor right after a name (`Depends|`) still means that name.
        let before = offset.checked_sub(1)?;
        let node = root.descendant_for_byte_range(before, before)?;
        resolve_node(node, text, analysis, before)
    })
}

fn resolve_node(
    node: Node<'_>,
    text: &str,
    analysis: &Analysis,
    offset: usize,
) -> Option<ResolvedSymbol> {
    match node.kind() {
        "async" | "await" => {
            // Only inside a route handler is `async`/`await` an interview topic.
            analysis.route_handler_at(offset)?;
            Some(ResolvedSymbol {
                symbol: format!("python.{}", node.kind()),
                range: node.byte_range(),
            })
        }
        "identifier" => resolve_identifier(node, text, analysis),
        _ => None,
    }
}

fn resolve_identifier(node: Node<'_>, text: &str, analysis: &Analysis) -> Option<ResolvedSymbol> {
    let parent = node.parent()?;
    let symbol = match parent.kind() {
        // `response_model=` in `@app.get("/", response_model=Item)`.
        "keyword_argument" if field_child(parent, fields().name) == Some(node) => {
            let call = parent.parent()?.parent().filter(|c| c.kind() == "call")?;
            let function = field_child(call, fields().function)?;
            let callee = resolve_chain(analysis, text, node, &dotted_parts(function, text)?)?;
            format!("{callee}({})", node_text(node, text))
        }
        // The `get` of `app.get`: the chain up to and including this name.
        "attribute" if field_child(parent, fields().attribute) == Some(node) => {
            resolve_chain(analysis, text, node, &dotted_parts(parent, text)?)?
        }
        // `__name__` passed to `Flask(...)`/`Blueprint(...)`: the `import_name`.
        "argument_list" if node_text(node, text) == "__name__" => {
            let call = parent.parent().filter(|c| c.kind() == "call")?;
            let callee =
                analysis.resolve_expression(field_child(call, fields().function)?, text)?;
            if !matches!(callee.as_str(), "flask.Flask" | "flask.Blueprint") {
                return None;
            }
            format!("{callee}(import_name)")
        }
        // A name in `from fastapi import HTTPException as E`: the module's name,
        // whatever the file calls it.
        "dotted_name" if imported_from(parent, text).is_some() => {
            let module = imported_from(parent, text)?;
            let name = text.get(parent.start_byte()..node.end_byte())?;
            super::canonical::canonicalise(&format!("{module}.{name}"))
        }
        // A module path in an import: `fastapi.security` in `from fastapi.security import …`.
        "dotted_name" => {
            let end = node.end_byte();
            let path = text.get(parent.start_byte()..end)?;
            let parts: Vec<&str> = path.split('.').collect();
            match analysis.resolve_parts(&parts) {
                Some(symbol) => symbol,
                None if parts.len() > 1 || is_import_of(parent) => {
                    super::canonical::canonicalise(path)
                }
                None => return None,
            }
        }
        _ => analysis.resolve_parts(&[node_text(node, text)])?,
    };
    Some(ResolvedSymbol {
        symbol,
        range: node.byte_range(),
    })
}

/// A dotted chain rooted in an import or framework object, or else in a
/// parameter annotated with a framework class (`request.url_for` in
/// `def f(request: Request)`); a bare parameter name resolves to nothing.
fn resolve_chain(analysis: &Analysis, text: &str, at: Node<'_>, parts: &[&str]) -> Option<String> {
    analysis.resolve_parts(parts).or_else(|| {
        let (head, rest) = parts.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let class = super::typed::parameter_class(analysis, text, at, head)?;
        Some(super::canonical::canonicalise(&format!(
            "{class}.{}",
            rest.join(".")
        )))
    })
}

/// The module of a `from … import` when `name` is one of the names it
/// imports (not the module path itself, not a relative import).
fn imported_from<'t>(name: Node<'_>, text: &'t str) -> Option<&'t str> {
    let mut statement = name.parent()?;
    if statement.kind() == "aliased_import" {
        if field_child(statement, fields().name) != Some(name) {
            return None;
        }
        statement = statement.parent()?;
    }
    if statement.kind() != "import_from_statement" {
        return None;
    }
    let module = field_child(statement, fields().module_name)?;
    if module == name || module.kind() == "relative_import" {
        return None;
    }
    Some(node_text(module, text))
}

fn is_import_of(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| {
        matches!(
            p.kind(),
            "import_statement" | "import_from_statement" | "aliased_import"
        )
    })
}

/// Route-registering methods shared by `FastAPI` and `APIRouter`, and by `Flask` and `Blueprint`.
const HTTP_VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];

/// The keywords to try in the bank for a symbol, most specific first.
///
/// Besides the symbol itself: the same method on the sibling class
/// (`APIRouter.post` ↔ `FastAPI.post`, `Blueprint.route` ↔ `Flask.route`),
/// any HTTP-verb decorator as the generic path-operation decorator, a
/// keyword argument without its call, and attributes of module-like objects
/// (`flask.request.args` → `flask.request`, `fastapi.status.HTTP_201_CREATED`
/// → `fastapi.status`).
pub fn lookup_candidates(symbol: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some((base, kwarg)) = symbol.strip_suffix(')').and_then(|s| s.split_once('(')) {
        for equivalent in method_equivalents(base) {
            push(format!("{equivalent}({kwarg})"));
        }
        for candidate in lookup_candidates(base) {
            push(candidate);
        }
        return out;
    }
    for equivalent in method_equivalents(symbol) {
        push(equivalent);
    }
    let mut prefix = symbol;
    while let Some((parent, _)) = prefix.rsplit_once('.') {
        let last = parent.rsplit('.').next().unwrap_or(parent);
        // Stop at classes (methods do not inherit the class's question) and
        // at bare packages (too broad to be an answer).
        if !parent.contains('.') || last.starts_with(|c: char| c.is_ascii_uppercase()) {
            break;
        }
        push(parent.to_string());
        prefix = parent;
    }
    out
}

fn method_equivalents(symbol: &str) -> Vec<String> {
    let mut out = vec![symbol.to_string()];
    let Some((class, method)) = symbol.rsplit_once('.') else {
        return out;
    };
    let siblings: &[&str] = match class {
        "fastapi.FastAPI" | "fastapi.APIRouter" => &["fastapi.FastAPI", "fastapi.APIRouter"],
        "flask.Flask" | "flask.Blueprint" => &["flask.Flask", "flask.Blueprint"],
        _ => return out,
    };
    for sibling in siblings {
        out.push(format!("{sibling}.{method}"));
    }
    if HTTP_VERBS.contains(&method) {
        let generic = if class.starts_with("fastapi") {
            ["fastapi.FastAPI.get", "fastapi.APIRouter.get"]
        } else {
            ["flask.Flask.route", "flask.Blueprint.route"]
        };
        out.extend(generic.iter().map(ToString::to_string));
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolves the symbol at the `$0` marker.
    fn at(source: &str) -> Option<String> {
        let offset = source.find("$0").unwrap();
        let text = source.replacen("$0", "", 1);
        let parsed = crate::python::ParsedPython::new(text).unwrap();
        resolve_symbol_at(&parsed.file(), offset).map(|r| r.symbol)
    }

    const HEADER: &str = "from typing import Annotated\nimport fastapi as fa\nfrom fastapi import APIRouter, Depends as D, FastAPI\nfrom flask import Flask, g\nimport os\n\napp = FastAPI()\nrouter = APIRouter()\nsite = Flask(__name__)\n";

    fn with_header(body: &str) -> Option<String> {
        at(&format!("{HEADER}{body}"))
    }

    #[test]
    fn resolves_imports_aliases_and_objects() {
        assert_eq!(
            with_header("x = D$0(get_db)\n").as_deref(),
            Some("fastapi.Depends")
        );
        assert_eq!(
            with_header("x = fa.Dep$0ends\n").as_deref(),
            Some("fastapi.Depends")
        );
        assert_eq!(
            with_header("@router.po$0st('/')\ndef f(): pass\n").as_deref(),
            Some("fastapi.APIRouter.post")
        );
        assert_eq!(
            with_header("@site.ro$0ute('/')\ndef f(): pass\n").as_deref(),
            Some("flask.Flask.route")
        );
        assert_eq!(
            with_header("app.include_rou$0ter(router)\n").as_deref(),
            Some("fastapi.FastAPI.include_router")
        );
        assert_eq!(with_header("print(g$0.user)\n").as_deref(), Some("flask.g"));
        assert_eq!(
            with_header("@app.get('/', response_mo$0del=Item)\ndef f(): pass\n").as_deref(),
            Some("fastapi.FastAPI.get(response_model)")
        );
    }

    #[test]
    fn dunder_name_in_flask_and_blueprint_is_the_import_name() {
        assert_eq!(
            at("from flask import Flask\napp = Flask(__na$0me__)\n").as_deref(),
            Some("flask.Flask(import_name)")
        );
        assert_eq!(
            at("import flask\nbp = flask.Blueprint('b', __name$0__)\n").as_deref(),
            Some("flask.Blueprint(import_name)")
        );
        assert_eq!(at("print(__na$0me__)\n"), None);
        assert_eq!(at("import logging\nlogging.getLogger(__na$0me__)\n"), None);
    }

    #[test]
    fn imported_names_resolve_in_the_import_line_even_under_an_alias() {
        assert_eq!(
            at("from fastapi import HTTPExc$0eption as E\n").as_deref(),
            Some("fastapi.HTTPException")
        );
        assert_eq!(
            at("from fastapi import HTTPException as $0E\n").as_deref(),
            Some("fastapi.HTTPException")
        );
        assert_eq!(
            at("from flask import (\n    Blueprint,\n    g as glob$0als,\n)\n").as_deref(),
            Some("flask.g")
        );
    }

    #[test]
    fn async_and_await_count_only_in_route_handlers() {
        assert_eq!(
            with_header("@app.get('/')\nasy$0nc def f():\n    await g()\n").as_deref(),
            Some("python.async")
        );
        assert_eq!(
            with_header("@app.get('/')\nasync def f():\n    awa$0it g()\n").as_deref(),
            Some("python.await")
        );
        assert_eq!(with_header("asy$0nc def helper():\n    await g()\n"), None);
    }

    #[test]
    fn look_alike_local_names_resolve_to_nothing() {
        assert_eq!(with_header("session = {}\nsession.g$0et('x')\n"), None);
        assert_eq!(with_header("sess$0ion = make()\n"), None);
        assert_eq!(
            with_header("p = os.pa$0th\n"),
            Some("os.path".into()),
            "resolved, but the bank has no such keyword"
        );
        assert_eq!(
            with_header("def f(request):\n    return reque$0st.args\n"),
            None
        );
    }

    #[test]
    fn candidates_go_from_specific_to_general() {
        assert_eq!(
            lookup_candidates("fastapi.APIRouter.post(response_model)"),
            vec![
                "fastapi.APIRouter.post(response_model)",
                "fastapi.FastAPI.post(response_model)",
                "fastapi.FastAPI.get(response_model)",
                "fastapi.APIRouter.get(response_model)",
                "fastapi.APIRouter.post",
                "fastapi.FastAPI.post",
                "fastapi.FastAPI.get",
                "fastapi.APIRouter.get",
            ]
        );
        assert_eq!(
            lookup_candidates("flask.request.args"),
            vec!["flask.request.args", "flask.request"]
        );
        assert_eq!(
            lookup_candidates("flask_sqlalchemy.SQLAlchemy.session"),
            vec!["flask_sqlalchemy.SQLAlchemy.session"]
        );
    }
}
