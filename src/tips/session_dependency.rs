//! A FastAPI dependency that `return`s a database session instead of
//! yielding it: nothing ever closes it, so each request leaks a pooled
//! connection until the pool is exhausted and requests hang.
//!
//! Only functions this file passes to `Depends(...)`/`Security(...)` are
//! checked, and only when they return a freshly made session
//! (`SessionLocal()`, `Session(engine)`, or a local holding one).

use super::{File, Fix, Questions, Rule, Severity, Tip};
use crate::edit::Edit;
use crate::python::nodes::{descendants, is_scope, positional_arguments};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "session-dependency-not-closed",
    name: "Session dependency never closed",
    severity: Severity::Information,
    questions: Questions {
        flask: "db-transactions-rollback",
        fastapi: "di-yield-dependencies",
        neither: "db-transactions-rollback",
    },
};

/// Classes whose call opens a session.
const SESSION_CLASSES: &[&str] = &[
    "sqlalchemy.orm.Session",
    "sqlmodel.Session",
    "sqlalchemy.ext.asyncio.AsyncSession",
];

/// Factories whose result, once called, opens a session.
const SESSION_FACTORIES: &[&str] = &[
    "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.orm.scoped_session",
    "sqlalchemy.ext.asyncio.async_sessionmaker",
];

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    let mut seen: Vec<&str> = Vec::new();
    for call in &file.calls {
        if !file
            .callee(*call)
            .is_some_and(|s| s == "fastapi.Depends" || s == "fastapi.Security")
        {
            continue;
        }
        let Some(dependency) = positional_arguments(*call)
            .into_iter()
            .next()
            .filter(|a| a.kind() == "identifier")
        else {
            continue;
        };
        // Each dependency once, however many handlers use it.
        let name = file.text_of(dependency);
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some(function) = file.module_function(name) {
            check_dependency(file, function, out);
        }
    }
}

fn check_dependency(file: &File<'_>, function: Node<'_>, out: &mut Vec<Tip>) {
    let Some(body) = function.child_by_field_name("body") else {
        return;
    };
    let inside = |n: Node<'_>| !is_scope(n);
    if !descendants(body, |n| n.kind() == "yield", inside).is_empty() {
        return;
    }
    let is_async = function.child(0).is_some_and(|c| c.kind() == "async");
    let name = function
        .child_by_field_name("name")
        .map_or("", |n| file.text_of(n));
    for statement in descendants(body, |n| n.kind() == "return_statement", inside) {
        let Some(value) = statement.named_child(0) else {
            continue;
        };
        let fix = if value.kind() == "call" && opens_session(file, value) {
            // `return SessionLocal()` → `with SessionLocal() as session: yield session`.
            let indent = crate::edit::indentation(file.text, statement.start_byte());
            let with = if is_async { "async with" } else { "with" };
            Some(format!(
                "{with} {} as session:\n{indent}    yield session",
                file.text_of(value)
            ))
        } else if value.kind() == "identifier" && holds_session(file, body, value) {
            // `db = SessionLocal(); return db` → `try: yield db / finally: db.close()`.
            let indent = crate::edit::indentation(file.text, statement.start_byte());
            let variable = file.text_of(value);
            let close = if is_async { "await " } else { "" };
            Some(format!(
                "try:\n{indent}    yield {variable}\n{indent}finally:\n{indent}    {close}{variable}.close()"
            ))
        } else {
            None
        };
        let Some(replacement) = fix else {
            continue;
        };
        let mut tip = Tip::new(
            &RULE,
            statement.byte_range(),
            format!(
                "`{name}` returns a session that nothing closes: every request leaks a pooled connection until the pool runs dry and requests hang. Yield it inside `try/finally` (or a `with` block) so FastAPI closes it after the response."
            ),
        );
        tip.fixes.push(Fix {
            title: "Yield the session and close it afterwards".to_string(),
            edits: vec![Edit::replace(statement.byte_range(), replacement)],
        });
        out.push(tip);
    }
}

/// Whether a call makes a new session: `Session(engine)`, or a call of a
/// module-level `SessionLocal = sessionmaker(...)`.
fn opens_session(file: &File<'_>, call: Node<'_>) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    if file
        .symbol(function)
        .is_some_and(|s| SESSION_CLASSES.contains(&s.as_str()))
    {
        return true;
    }
    function.kind() == "identifier" && is_session_factory(file, file.text_of(function))
}

fn is_session_factory(file: &File<'_>, name: &str) -> bool {
    file.module_assignment(name).is_some_and(|value| {
        value.kind() == "call"
            && file
                .callee(value)
                .is_some_and(|s| SESSION_FACTORIES.contains(&s.as_str()))
    })
}

/// Whether a local variable was assigned a new session in the function.
fn holds_session(file: &File<'_>, body: Node<'_>, variable: Node<'_>) -> bool {
    let name = file.text_of(variable);
    descendants(body, |n| n.kind() == "assignment", |n| !is_scope(n))
        .into_iter()
        .any(|a| {
            file.assigns_name(a, name)
                && a.child_by_field_name("right")
                    .is_some_and(|r| r.kind() == "call" && opens_session(file, r))
        })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged};
    use super::RULE;

    const HEADER: &str = "from typing import Annotated\nfrom fastapi import Depends, FastAPI\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import Session, sessionmaker\n\nengine = create_engine(\"sqlite://\")\nSessionLocal = sessionmaker(engine)\napp = FastAPI()\n\n";

    #[test]
    fn flags_dependencies_that_return_a_new_session() {
        let text = format!(
            "{HEADER}def get_db():\n    db = SessionLocal()\n    return db\n\n\ndef get_other():\n    return Session(engine)\n\n\ndef get_good():\n    with SessionLocal() as session:\n        yield session\n\n\ndef not_a_dependency():\n    return SessionLocal()\n\n\ndef get_settings():\n    return {{}}\n\n\n@app.get('/')\ndef index(db: Annotated[Session, Depends(get_db)], o=Depends(get_other), g=Depends(get_good), s=Depends(get_settings)):\n    return 1\n"
        );
        assert_eq!(
            flagged(&text, RULE.code),
            vec!["return db", "return Session(engine)"]
        );
    }

    #[test]
    fn the_fix_yields_and_closes() {
        let text = format!(
            "{HEADER}def get_db():\n    db = SessionLocal()\n    return db\n\n\n@app.get('/')\ndef index(db: Session = Depends(get_db)):\n    return 1\n"
        );
        assert!(
            fixed(&text, RULE.code, 0).contains(
                "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n"
            )
        );
        let text = format!(
            "{HEADER}def get_db():\n    return SessionLocal()\n\n\n@app.get('/')\ndef index(db: Session = Depends(get_db)):\n    return 1\n"
        );
        assert!(fixed(&text, RULE.code, 0).contains(
            "def get_db():\n    with SessionLocal() as session:\n        yield session\n"
        ));
    }
}
