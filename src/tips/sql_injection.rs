//! SQL text built with an f-string, `%`, `+` or `.format()` and passed to
//! `execute(...)`: a value containing a quote rewrites the query.
//!
//! Matches any `.execute`-like method (DB-API cursors, SQLAlchemy sessions
//! and connections, `sqlite3`), directly or through `text(...)`, and through
//! one local variable (`query = f"..."; cur.execute(query)`). Bound
//! parameters (`cur.execute("... = %s", (x,))`) are the fix and never match:
//! there the `%` is inside the string, not an operator.

use super::sql_parameters::{self, Placeholder, Site};
use super::{File, Questions, Rule, Severity, Tip};
use crate::python::nodes::{descendants, is_scope, positional_arguments};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "sql-string-formatting",
    name: "SQL built from strings",
    severity: Severity::Warning,
    questions: Questions::same("rest-api-security"),
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
        let Some(found) = built_sql(file, argument, *call) else {
            continue;
        };
        let message = format!(
            "SQL built with {} reaches `{method}()`: a value containing a quote changes the query (SQL injection). Keep the SQL constant and pass values as bound parameters: `text(\"... WHERE name = :name\"), {{\"name\": name}}` in SQLAlchemy, `cursor.execute(\"... WHERE name = %s\", (name,))` with DB-API drivers.",
            found.how
        );
        let mut tip = Tip::new(&RULE, found.flagged.byte_range(), message);
        let placeholder = if found.in_text {
            Some(Placeholder::Named)
        } else {
            Placeholder::of_driver(file).filter(|_| method == "execute")
        };
        let sole_use = found
            .variable
            .is_none_or(|(name, assignment)| used_once(file, name, assignment, *call));
        if let Some(placeholder) = placeholder.filter(|_| sole_use) {
            let site = Site {
                built: found.built,
                call: *call,
                argument,
                placeholder,
            };
            tip.fixes.extend(sql_parameters::fix(file, &site));
        }
        out.push(tip);
    }
}

/// SQL built at run time and passed to an `execute` call.
struct BuiltSql<'t> {
    /// What the tip underlines: the argument, unwrapped from `text(...)`.
    flagged: Node<'t>,
    /// The expression that builds the SQL.
    built: Node<'t>,
    how: &'static str,
    /// Whether the SQL goes through SQLAlchemy's `text()`.
    in_text: bool,
    /// The local variable in between, and its assignment.
    variable: Option<(Node<'t>, Node<'t>)>,
}

fn built_sql<'t>(file: &File<'t>, argument: Node<'t>, call: Node<'t>) -> Option<BuiltSql<'t>> {
    let (sql, in_text) = unwrap_text(file, argument);
    if sql.kind() == "identifier" {
        let assignment = local_assignment(file, sql, call)?;
        let (value, value_in_text) = unwrap_text(file, assignment.child_by_field_name("right")?);
        let (how, built) = dynamic_sql(file, value)?;
        return Some(BuiltSql {
            flagged: sql,
            built,
            how,
            in_text: in_text || value_in_text,
            variable: Some((sql, assignment)),
        });
    }
    let (how, built) = dynamic_sql(file, sql)?;
    Some(BuiltSql {
        flagged: sql,
        built,
        how,
        in_text,
        variable: None,
    })
}

/// `text(x)` / `sqlalchemy.text(x)` → `x`, and whether it was wrapped.
fn unwrap_text<'t>(file: &File<'t>, node: Node<'t>) -> (Node<'t>, bool) {
    if node.kind() != "call" {
        return (node, false);
    }
    let is_text = node.child_by_field_name("function").is_some_and(|f| {
        file.symbol(f)
            .is_some_and(|s| s == "sqlalchemy.text" || s == "sqlmodel.text")
    });
    match positional_arguments(node).into_iter().next() {
        Some(inner) if is_text => (inner, true),
        _ => (node, false),
    }
}

/// How the SQL was built, if from values at run time, and the expression
/// that builds it.
fn dynamic_sql<'t>(file: &File<'t>, node: Node<'t>) -> Option<(&'static str, Node<'t>)> {
    let how = match node.kind() {
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
        "parenthesized_expression" => return dynamic_sql(file, node.named_child(0)?),
        _ => None,
    }?;
    Some((how, node))
}

/// Whether the variable `name` holds the SQL only for this call: assigned
/// once and read nowhere else in its function, so moving the values from
/// the assignment to the call changes nothing else.
fn used_once(file: &File<'_>, name: Node<'_>, assignment: Node<'_>, call: Node<'_>) -> bool {
    let wanted = file.text_of(name);
    let Some(scope) = enclosing_scope(call) else {
        return false;
    };
    let uses = descendants(
        scope,
        |n| n.kind() == "identifier" && file.text_of(n) == wanted,
        |n| !is_scope(n) || n.id() == scope.id(),
    );
    let in_assignment = |n: &Node<'_>| {
        assignment
            .child_by_field_name("left")
            .is_some_and(|l| l.byte_range() == n.byte_range())
    };
    uses.len() == 2 && uses.iter().any(in_assignment) && uses.iter().any(|n| n.id() == name.id())
}

fn enclosing_scope(node: Node<'_>) -> Option<Node<'_>> {
    let mut scope = node.parent()?;
    while !matches!(scope.kind(), "function_definition" | "module") {
        scope = scope.parent()?;
    }
    Some(scope)
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

/// The assignment last made to `name` before `call`, in the same function
/// (or at module level).
fn local_assignment<'t>(file: &File<'t>, name: Node<'t>, call: Node<'t>) -> Option<Node<'t>> {
    let wanted = file.text_of(name);
    let scope = enclosing_scope(call)?;
    descendants(scope, |n| n.kind() == "assignment", |n| !is_scope(n))
        .into_iter()
        .rev()
        .filter(|a| a.end_byte() <= call.start_byte())
        .find(|a| file.assigns_name(*a, wanted))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged, tips};
    use super::RULE;

    /// The file after the first tip's parameterising fix.
    fn parameterised(text: &str) -> String {
        fixed(text, RULE.code, 0)
    }

    fn has_fix(text: &str) -> bool {
        !tips(text, RULE.code)[0].fixes.is_empty()
    }

    const SQLITE: &str = "import sqlite3\n\ndef find(conn, name, age):\n";

    #[test]
    fn sqlite_queries_get_question_marks() {
        let cases = [
            (
                "    conn.execute(f\"SELECT * FROM users WHERE name = '{name}' AND age > {age}\")\n",
                "    conn.execute(\"SELECT * FROM users WHERE name = ? AND age > ?\", (name, age))\n",
            ),
            (
                "    conn.execute(\"SELECT * FROM t WHERE a = '%s'\" % name)\n",
                "    conn.execute(\"SELECT * FROM t WHERE a = ?\", (name,))\n",
            ),
            (
                "    conn.execute(\"SELECT * FROM t WHERE a = '\" + name + \"'\")\n",
                "    conn.execute(\"SELECT * FROM t WHERE a = ?\", (name,))\n",
            ),
            (
                "    conn.execute(\"SELECT * FROM t WHERE a = '{}' LIMIT {n}\".format(name, n=age))\n",
                "    conn.execute(\"SELECT * FROM t WHERE a = ? LIMIT ?\", (name, age))\n",
            ),
            (
                "    conn.execute(f\"INSERT INTO t (a, b) VALUES ('{name}', {age.years})\")\n",
                "    conn.execute(\"INSERT INTO t (a, b) VALUES (?, ?)\", (name, age.years))\n",
            ),
            (
                "    conn.execute(f'SELECT {{1}} FROM t WHERE a = \"{name}\"')\n",
                "    conn.execute('SELECT {1} FROM t WHERE a = ?', (name,))\n",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(
                parameterised(&format!("{SQLITE}{line}")),
                format!("{SQLITE}{expected}")
            );
        }
    }

    #[test]
    fn a_query_held_in_a_variable_moves_its_values_to_the_call() {
        let text = format!(
            "{SQLITE}    query = f\"DELETE FROM t WHERE id = {{age}}\"\n    conn.execute(query)\n"
        );
        assert_eq!(
            parameterised(&text),
            format!(
                "{SQLITE}    query = \"DELETE FROM t WHERE id = ?\"\n    conn.execute(query, (age,))\n"
            )
        );
        let reused = format!(
            "{SQLITE}    query = f\"DELETE FROM t WHERE id = {{age}}\"\n    conn.execute(query)\n    print(query)\n"
        );
        assert!(!has_fix(&reused), "the variable is read again");
    }

    #[test]
    fn sqlalchemy_text_gets_named_parameters() {
        let text = "from sqlalchemy import text\n\ndef f(session, name, user):\n    session.execute(text(f\"SELECT * FROM t WHERE a = '{name}' AND b = {user.id} OR c = '{name}'\"))\n";
        assert_eq!(
            parameterised(text),
            "from sqlalchemy import text\n\ndef f(session, name, user):\n    session.execute(text(\"SELECT * FROM t WHERE a = :name AND b = :id OR c = :name\"), {\"name\": name, \"id\": user.id})\n"
        );
    }

    #[test]
    fn percent_drivers_double_literal_percent_signs() {
        let text = "import psycopg2\n\ndef f(cur, name):\n    cur.execute(f\"SELECT * FROM t WHERE a LIKE 'x%' AND b = '{name}'\")\n";
        assert_eq!(
            parameterised(text),
            "import psycopg2\n\ndef f(cur, name):\n    cur.execute(\"SELECT * FROM t WHERE a LIKE 'x%%' AND b = %s\", (name,))\n"
        );
    }

    #[test]
    fn no_fix_where_a_value_cannot_be_bound_or_the_driver_is_unknown() {
        for line in [
            // Table names and lists cannot be bound.
            "    conn.execute(f\"SELECT * FROM {name}\")\n",
            "    conn.execute(f\"SELECT * FROM t WHERE id IN ({name})\")\n",
            // A value inside a longer literal.
            "    conn.execute(f\"SELECT * FROM t WHERE a LIKE '%{name}%'\")\n",
            // A formatted value is not the value.
            "    conn.execute(f\"SELECT * FROM t WHERE a = {name!r}\")\n",
            // Parameters already passed.
            "    conn.execute(f\"SELECT * FROM t WHERE a = {name}\", ())\n",
        ] {
            assert!(!has_fix(&format!("{SQLITE}{line}")), "{line}");
        }
        let unknown =
            "def f(conn, name):\n    conn.execute(f\"SELECT * FROM t WHERE a = '{name}'\")\n";
        assert!(!has_fix(unknown), "no driver imported");
        let both = "import sqlite3\nimport psycopg2\n\ndef f(conn, name):\n    conn.execute(f\"SELECT * FROM t WHERE a = '{name}'\")\n";
        assert!(!has_fix(both), "two drivers");
    }

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
