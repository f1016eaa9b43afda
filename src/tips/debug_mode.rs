//! Debug mode switched on in code: `app.run(debug=True)`,
//! `FastAPI(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`,
//! `app.config.update(DEBUG=True)`.
//!
//! Flask's debugger runs any Python code a visitor types into the error
//! page, and both frameworks' debug pages show source and settings. Code
//! that hard-wires it reaches production with the next deploy, so the fix
//! reads it from the environment (`FLASK_DEBUG` is the variable Flask itself
//! reads).

use super::{File, Questions, Rule, Severity, Tip};
use crate::python::nodes::{assignment_sides, is_true, keyword_argument_node};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "debug-mode-in-code",
    name: "Debug mode hard-coded",
    severity: Severity::Warning,
    questions: Questions {
        flask: "ops-deployment",
        fastapi: "ops-deployment",
        // Framework-neutral: the API security checklist covers it.
        neither: "rest-api-security",
    },
};

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    let flask_file = file.analysis.imports.imports_package("flask");
    for call in &file.calls {
        let callee = file.callee(*call);
        let method = call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("attribute"))
            .map(|a| file.text_of(a));
        let (argument, variable) = match (callee.as_deref(), method) {
            (Some("fastapi.FastAPI"), _) => ("debug", "DEBUG"),
            // `app.run(...)` on a Flask app, including one from a factory
            // (`create_app().run`), which the analysis cannot type.
            (Some("flask.Flask.run"), _) => ("debug", "FLASK_DEBUG"),
            (None, Some("run")) if flask_file => ("debug", "FLASK_DEBUG"),
            (_, Some("update" | "from_mapping")) if is_config(file, *call) => {
                ("DEBUG", "FLASK_DEBUG")
            }
            _ => continue,
        };
        let Some(keyword) = keyword_argument_node(*call, argument, file.text) else {
            continue;
        };
        if let Some(value) = keyword.child_by_field_name("value").filter(|v| is_true(*v)) {
            out.push(tip(file, keyword, value, variable));
        }
    }
    for &assignment in &file.assignments {
        let Some((left, right)) = assignment_sides(assignment) else {
            continue;
        };
        if !is_true(right) {
            continue;
        }
        let debug_target = match left.kind() {
            // `app.debug = True` on a Flask object.
            "attribute" => {
                left.child_by_field_name("attribute")
                    .is_some_and(|a| file.text_of(a) == "debug")
                    && left
                        .child_by_field_name("object")
                        .and_then(|o| file.symbol(o))
                        .is_some_and(|s| s == "flask.Flask")
            }
            // `app.config["DEBUG"] = True`.
            "subscript" => {
                left.child_by_field_name("subscript")
                    .and_then(|k| crate::python::nodes::string_value(k, file.text))
                    == Some("DEBUG")
                    && left
                        .child_by_field_name("value")
                        .is_some_and(|v| file.text_of(v).ends_with(".config"))
            }
            _ => false,
        };
        if debug_target {
            out.push(tip(file, assignment, right, "FLASK_DEBUG"));
        }
    }
}

/// Whether `call` is `<something>.config.update(...)`.
fn is_config(file: &File<'_>, call: Node<'_>) -> bool {
    call.child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("object"))
        .is_some_and(|o| file.text_of(o).ends_with(".config") || file.text_of(o) == "config")
}

fn tip(file: &File<'_>, flagged: Node<'_>, value: Node<'_>, variable: &str) -> Tip {
    let message = format!(
        "Debug mode is switched on in code, so it reaches production with the next deploy: the debug pages show source code and settings, and Flask's debugger runs any Python a visitor types. Read it from the environment (`{variable}`) instead."
    );
    let mut tip = Tip::new(&RULE, flagged.byte_range(), message);
    tip.fixes.push(file.environment_fix(
        value,
        format!("Read debug mode from the `{variable}` environment variable"),
        |os| format!("{os}.environ.get(\"{variable}\") == \"1\""),
    ));
    tip
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged};
    use super::RULE;

    #[test]
    fn flags_debug_switched_on_in_code() {
        let text = "from flask import Flask\nfrom fastapi import FastAPI\n\napp = Flask(__name__)\napp.debug = True\napp.config[\"DEBUG\"] = True\napp.config.update(DEBUG=True, TESTING=False)\napi = FastAPI(debug=True)\nsafe = FastAPI(debug=False)\napp.config[\"TESTING\"] = True\n\nif __name__ == \"__main__\":\n    app.run(debug=True)\n";
        assert_eq!(
            flagged(text, RULE.code),
            vec![
                "app.debug = True",
                "app.config[\"DEBUG\"] = True",
                "DEBUG=True",
                "debug=True",
                "debug=True"
            ]
        );
    }

    #[test]
    fn the_fix_reads_the_environment() {
        let text = "\"\"\"App.\"\"\"\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(debug=True)\n";
        assert_eq!(
            fixed(text, RULE.code, 0),
            "\"\"\"App.\"\"\"\nimport os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(debug=os.environ.get(\"FLASK_DEBUG\") == \"1\")\n"
        );
    }
}
