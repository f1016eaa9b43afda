//! SQL text built with an f-string, `%`, `+` or `.format()` and passed to
//! `execute(...)`: a value containing a quote rewrites the query.
//!
//! Matches any `.execute`-like method (DB-API cursors, SQLAlchemy sessions
//! and connections, `sqlite3`), directly or through `text(...)`, and through
//! one local variable (`query = f"..."; cur.execute(query)`). Bound
//! parameters (`cur.execute("... = %s", (x,))`) are the fix and never match:
//! there the `%` is inside the string, not an operator.

use super::{File, Rule, Tip};
use crate::python::nodes::{descendants, is_scope, positional_arguments};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "sql-string-formatting",
    name: "SQL built from strings",
    question: "db-orm-vs-raw-sql",
};

const EXECUTE_METHODS: &[&str] = &["execute", "executemany", "executescript", "exec_driver_sql"];

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    for call in &file.calls {
        let Some(function) = call.child_by_field_name("function") else {
            continue;
        };
        let method = match function.kind() {
            "attribute" => function
                .child_by_field_name("attribute")
                .map_or("", |a| file.text_of(a)),
            _ => continue,
        };
        if !EXECUTE_METHODS.contains(&method) {
            continue;
        }
        let Some(argument) = positional_arguments(*call).into_iter().next() else {
            continue;
        };
        let sql = unwrap_text(file, argument);
        let Some(how) = dynamic_sql(file, sql, *call, 0) else {
            continue;
        };
        let message = format!(
            "SQL built with {how} reaches `{method}()`: a value containing a quote changes the query (SQL injection). Keep the SQL constant and pass values as bound parameters: `text(\"... WHERE name = :name\"), {{\"name\": name}}` in SQLAlchemy, `cursor.execute(\"... WHERE name = %s\", (name,))` with DB-API drivers."
        );
        out.push(Tip::new(&RULE, sql.byte_range(), message));
    }
}

/// `text(x)` / `sqlalchemy.text(x)` → `x`.
fn unwrap_text<'t>(file: &File<'t>, node: Node<'t>) -> Node<'t> {
    if node.kind() != "call" {
        return node;
    }
    let is_text = node.child_by_field_name("function").is_some_and(|f| {
        file.symbol(f)
            .is_some_and(|s| s == "sqlalchemy.text" || s == "sqlmodel.text")
    });
    if !is_text {
        return node;
    }
    positional_arguments(node)
        .into_iter()
        .next()
        .unwrap_or(node)
}

/// How the SQL was built, if from values at run time.
fn dynamic_sql<'t>(
    file: &File<'t>,
    node: Node<'t>,
    call: Node<'t>,
    depth: u8,
) -> Option<&'static str> {
    match node.kind() {
        "string" => {
            let mut cursor = node.walk();
            node.named_children(&mut cursor)
                .any(|c| c.kind() == "interpolation")
                .then_some("an f-string")
        }
        "binary_operator" => {
            let operator = node.child_by_field_name("operator").map(|o| o.kind());
            let left = node.child_by_field_name("left")?;
            let right = node.child_by_field_name("right")?;
            match operator {
                Some("%") if is_string(left) => Some("`%` formatting"),
                Some("+") if is_string(left) != is_string(right) || has_dynamic_part(node) => {
                    Some("string concatenation")
                }
                _ => None,
            }
        }
        "call" => {
            let function = node.child_by_field_name("function")?;
            let is_format = function.kind() == "attribute"
                && function
                    .child_by_field_name("attribute")
                    .is_some_and(|a| file.text_of(a) == "format")
                && function
                    .child_by_field_name("object")
                    .is_some_and(is_string);
            is_format.then_some("`.format()`")
        }
        "identifier" if depth == 0 => {
            let value = local_assignment(file, node, call)?;
            dynamic_sql(file, unwrap_text(file, value), call, depth + 1)
        }
        "parenthesized_expression" => dynamic_sql(file, node.named_child(0)?, call, depth),
        _ => None,
    }
}

fn is_string(node: Node<'_>) -> bool {
    matches!(node.kind(), "string" | "concatenated_string")
}

/// `"a" + x + "b"`: a chain of `+` with at least one non-literal operand.
fn has_dynamic_part(node: Node<'_>) -> bool {
    let operands = descendants(
        node,
        |n| n.kind() != "binary_operator",
        |n| n.kind() == "binary_operator",
    );
    operands.iter().any(|o| is_string(*o)) && operands.iter().any(|o| !is_string(*o))
}

/// The value last assigned to `name` before `call`, in the same function
/// (or at module level).
fn local_assignment<'t>(file: &File<'t>, name: Node<'t>, call: Node<'t>) -> Option<Node<'t>> {
    let wanted = file.text_of(name);
    let mut scope = call.parent()?;
    while !matches!(scope.kind(), "function_definition" | "module") {
        scope = scope.parent()?;
    }
    descendants(scope, |n| n.kind() == "assignment", |n| !is_scope(n))
        .into_iter()
        .rev()
        .filter(|a| a.end_byte() <= call.start_byte())
        .find(|a| file.assigns_name(*a, wanted))
        .and_then(|a| a.child_by_field_name("right"))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::flagged;
    use super::RULE;

    #[test]
    fn flags_formatted_sql_and_not_bound_parameters() {
        let text = r#"import sqlite3
from sqlalchemy import text

def f(conn, session, name, q):
    conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
    session.execute(text("SELECT * FROM t WHERE a = '%s'" % name))
    conn.execute("SELECT * FROM t WHERE a = '" + name + "'")
    conn.execute("SELECT * FROM t WHERE a = '{}'".format(name))
    query = f"DELETE FROM t WHERE id = {q}"
    conn.execute(query)
    conn.execute("SELECT * FROM t WHERE a = %s", (name,))
    session.execute(text("SELECT * FROM t WHERE a = :a"), {"a": name})
    conn.execute("SELECT 1 " "FROM t")
    safe = "SELECT 1"
    conn.execute(safe)
    conn.execute(f"SELECT 1")
"#;
        assert_eq!(
            flagged(text, RULE.code),
            vec![
                "f\"SELECT * FROM users WHERE name = '{name}'\"",
                "\"SELECT * FROM t WHERE a = '%s'\" % name",
                "\"SELECT * FROM t WHERE a = '\" + name + \"'\"",
                "\"SELECT * FROM t WHERE a = '{}'\".format(name)",
                "query",
            ]
        );
    }
}
