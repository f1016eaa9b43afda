//! A blocking call inside an `async def` FastAPI route handler.
//!
//! FastAPI awaits `async def` handlers on the event loop itself, so a call
//! that blocks (`time.sleep`, `requests.get`, a synchronous SQLAlchemy
//! `Session` query, `open(...).read()`) stalls every other request until it
//! returns. A plain `def` handler runs in the thread pool instead. Flask's
//! async views are left alone: Flask runs each in its own thread and loop.

use super::{File, Fix, Questions, Rule, Severity, Tip};
use crate::edit::Edit;
use crate::python::RouteHandler;
use crate::python::nodes::{descendants, is_scope};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "blocking-call-in-async-handler",
    name: "Blocking call in an async handler",
    severity: Severity::Information,
    questions: Questions {
        flask: "async-sync-vs-async",
        fastapi: "async-def-vs-def-handlers",
        neither: "async-sync-vs-async",
    },
};

/// HTTP clients whose module-level functions block.
const BLOCKING_HTTP: &[&str] = &["requests.", "httpx.", "urllib.request.urlopen"];

/// `Session` methods that talk to the database.
const SESSION_IO: &[&str] = &[
    "query", "execute", "scalars", "scalar", "get", "commit", "flush", "refresh",
];

/// Synchronous session classes (their async twins are fine to await).
const SYNC_SESSIONS: &[&str] = &["sqlalchemy.orm.Session", "sqlmodel.Session"];

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    for handler in &file.analysis.route_handlers {
        if !handler.is_async || !handler.decorator.starts_with("fastapi.") {
            continue;
        }
        let Some(function) = function_of(file, handler) else {
            continue;
        };
        let Some(body) = function.child_by_field_name("body") else {
            continue;
        };
        let sessions = session_parameters(file, function);
        let awaits = !descendants(
            body,
            |n| matches!(n.kind(), "await" | "async"),
            |n| !is_scope(n),
        )
        .is_empty();
        let calls = descendants(body, |n| n.kind() == "call", |n| !is_scope(n));
        for call in calls {
            let Some(what) = blocking_call(file, call, &sessions) else {
                continue;
            };
            let message = format!(
                "`{what}` blocks the event loop: while it runs inside `async def {}`, every other request waits. Await an async equivalent, or make the handler a plain `def` so FastAPI runs it in its thread pool.",
                handler.name
            );
            let mut tip = Tip::new(&RULE, call.byte_range(), message);
            if what == "time.sleep()" {
                tip.fixes.push(await_asyncio_sleep(file, call));
            }
            if !awaits {
                if let Some(fix) = plain_def(file, function, &handler.name) {
                    tip.fixes.push(fix);
                }
            }
            out.push(tip);
        }
    }
}

/// The `function_definition` of a route handler.
fn function_of<'t>(file: &File<'t>, handler: &RouteHandler) -> Option<Node<'t>> {
    let node = file
        .tree
        .root_node()
        .descendant_for_byte_range(handler.range.start, handler.range.end)?;
    let decorated = if node.kind() == "decorated_definition" {
        node
    } else {
        node.parent()?
    };
    decorated
        .child_by_field_name("definition")
        .filter(|d| d.kind() == "function_definition")
}

/// How to name a blocking call in the message, if `call` is one.
fn blocking_call(file: &File<'_>, call: Node<'_>, sessions: &[String]) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    if let Some(symbol) = file.callee(call) {
        if symbol == "time.sleep" {
            return Some("time.sleep()".to_string());
        }
        if BLOCKING_HTTP.iter().any(|p| symbol.starts_with(p))
            && !symbol.contains("Async")
            && symbol
                .rsplit('.')
                .next()
                .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            return Some(format!("{symbol}()"));
        }
    }
    if function.kind() != "attribute" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    let method = file.text_of(function.child_by_field_name("attribute")?);
    // `open(path).read()`: the whole file, read synchronously.
    if matches!(method, "read" | "readlines")
        && object.kind() == "call"
        && object
            .child_by_field_name("function")
            .is_some_and(|f| f.kind() == "identifier" && file.text_of(f) == "open")
        && file.analysis.imports.get("open").is_none()
    {
        return Some(format!("open(...).{method}()"));
    }
    if object.kind() == "identifier"
        && SESSION_IO.contains(&method)
        && sessions.iter().any(|s| s == file.text_of(object))
    {
        return Some(format!("Session.{method}()"));
    }
    None
}

/// Parameters annotated with a synchronous SQLAlchemy `Session`, directly,
/// through `Annotated[Session, ...]`, or through a module-level alias such
/// as `SessionDep = Annotated[Session, Depends(get_session)]`.
fn session_parameters(file: &File<'_>, function: Node<'_>) -> Vec<String> {
    let Some(parameters) = function.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut cursor = parameters.walk();
    parameters
        .named_children(&mut cursor)
        .filter(|p| matches!(p.kind(), "typed_parameter" | "typed_default_parameter"))
        .filter(|p| {
            p.child_by_field_name("type")
                .is_some_and(|t| is_sync_session(file, t, 0))
        })
        .filter_map(|p| {
            let name = p
                .child_by_field_name("name")
                .or_else(|| p.named_child(0).filter(|n| n.kind() == "identifier"))?;
            Some(file.text_of(name).to_string())
        })
        .collect()
}

fn is_sync_session(file: &File<'_>, annotation: Node<'_>, depth: u8) -> bool {
    // Aliases of aliases are rare; two levels keep this cheap and finite.
    if depth > 2 {
        return false;
    }
    let node = if annotation.kind() == "type" {
        match annotation.named_child(0) {
            Some(inner) => inner,
            None => return false,
        }
    } else {
        annotation
    };
    match node.kind() {
        "identifier" | "attribute" => {
            if let Some(symbol) = file.symbol(node) {
                return SYNC_SESSIONS.contains(&symbol.as_str());
            }
            // A module-level alias: `SessionDep = Annotated[Session, ...]`.
            let name = file.text_of(node);
            file.module_assignment(name)
                .is_some_and(|value| is_sync_session(file, value, depth + 1))
        }
        // `Annotated[Session, Depends(...)]`: the first element is the type.
        "subscript" | "generic_type" => {
            let base = node
                .child_by_field_name("value")
                .or_else(|| node.named_child(0));
            let is_annotated = base
                .and_then(|b| file.symbol(b))
                .is_some_and(|s| s == "typing.Annotated" || s == "typing_extensions.Annotated");
            if !is_annotated {
                return false;
            }
            let first = node
                .child_by_field_name("subscript")
                .or_else(|| node.named_child(1))
                .and_then(|s| {
                    if s.kind() == "type_parameter" {
                        s.named_child(0)
                    } else {
                        Some(s)
                    }
                });
            first.is_some_and(|f| is_sync_session(file, f, depth + 1))
        }
        _ => false,
    }
}

/// `time.sleep(x)` → `await asyncio.sleep(x)`, importing `asyncio`.
fn await_asyncio_sleep(file: &File<'_>, call: Node<'_>) -> Fix {
    let arguments = call
        .child_by_field_name("arguments")
        .map_or("()", |a| file.text_of(a));
    let standalone = call
        .parent()
        .is_some_and(|p| p.kind() == "expression_statement");
    let edits = file.with_import("import asyncio", "asyncio", |asyncio| {
        let awaited = format!("await {asyncio}.sleep{arguments}");
        let text = if standalone {
            awaited
        } else {
            format!("({awaited})")
        };
        vec![Edit::replace(call.byte_range(), text)]
    });
    Fix {
        title: "Use `await asyncio.sleep(...)`".to_string(),
        edits,
    }
}

/// Removes `async ` from the handler's definition.
fn plain_def(file: &File<'_>, function: Node<'_>, name: &str) -> Option<Fix> {
    let keyword = function.child(0).filter(|c| c.kind() == "async")?;
    let def = function.child(1)?;
    debug_assert!(file.text.get(def.byte_range()) == Some("def"));
    Some(Fix {
        title: format!("Make `{name}` a plain `def` (runs in the thread pool)"),
        edits: vec![Edit::replace(keyword.start_byte()..def.start_byte(), "")],
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged};
    use super::RULE;

    const HEADER: &str = "import time\nfrom typing import Annotated\nimport requests\nfrom fastapi import Depends, FastAPI\nfrom sqlalchemy.orm import Session\n\napp = FastAPI()\nSessionDep = Annotated[Session, Depends(object)]\n\n";

    #[test]
    fn flags_blocking_calls_in_async_fastapi_handlers_only() {
        let text = format!(
            "{HEADER}@app.get('/a')\nasync def a(db: SessionDep, other: Session = Depends(object)):\n    time.sleep(1)\n    requests.get('https://x').json()\n    data = open('big.csv').read()\n    db.query(object).all()\n    other.execute('x')\n    cache = {{}}\n    cache.get('k')\n    def inner():\n        time.sleep(2)\n\n\n@app.get('/b')\ndef b():\n    time.sleep(1)\n\n\nasync def helper():\n    time.sleep(1)\n"
        );
        assert_eq!(
            flagged(&text, RULE.code),
            vec![
                "time.sleep(1)",
                "requests.get('https://x')",
                "open('big.csv').read()",
                "db.query(object)",
                "other.execute('x')"
            ]
        );
    }

    #[test]
    fn fixes_await_asyncio_sleep_or_a_plain_def() {
        let text =
            format!("{HEADER}@app.get('/a')\nasync def a():\n    time.sleep(0.5)\n    return 1\n");
        let out = fixed(&text, RULE.code, 0);
        assert!(
            out.starts_with(
                "import asyncio\nimport time\nfrom typing import Annotated\nimport requests\n"
            ),
            "{out}"
        );
        assert!(out.contains("    await asyncio.sleep(0.5)\n"), "{out}");
        let out = fixed(&text, RULE.code, 1);
        assert!(
            out.contains("@app.get('/a')\ndef a():\n    time.sleep(0.5)"),
            "{out}"
        );
        // With an `await` in the body, a plain `def` would not compile.
        let awaiting = format!(
            "{HEADER}import asyncio as aio\n@app.get('/a')\nasync def a():\n    time.sleep(0.5)\n    await aio.sleep(1)\n"
        );
        let tips = super::super::test_support::tips(&awaiting, RULE.code);
        assert_eq!(tips[0].fixes.len(), 1);
        let out = fixed(&awaiting, RULE.code, 0);
        assert!(out.contains("    await aio.sleep(0.5)\n"), "{out}");
    }
}
