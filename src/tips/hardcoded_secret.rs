//! A signing secret written into the code: `SECRET_KEY = "..."`,
//! `app.secret_key = "..."`, `app.config["JWT_SECRET_KEY"] = "..."`,
//! `SessionMiddleware(secret_key="...")`, `jwt.encode(claims, "...")`.
//!
//! Whoever reads the repository can then forge session cookies and tokens.
//! The fix reads it from the environment, and fails loudly when it is not
//! set rather than falling back to a guessable value.

use super::{File, Questions, Rule, Severity, Tip};
use crate::python::nodes::{assignment_sides, positional_arguments, string_value};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "hard-coded-secret",
    name: "Hard-coded secret key",
    severity: Severity::Warning,
    questions: Questions {
        flask: "flask-config-instance-folder",
        fastapi: "ops-config-secrets",
        neither: "ops-config-secrets",
    },
};

/// The question for JWT secrets, which the JWT question covers.
pub(super) static JWT_QUESTIONS: Questions = Questions::same("auth-jwt");

/// JWT functions whose second argument is the key.
const JWT_FUNCTIONS: &[&str] = &[
    "jwt.encode",
    "jwt.decode",
    "jose.jwt.encode",
    "jose.jwt.decode",
];

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    for &assignment in &file.assignments {
        let Some((left, right)) = assignment_sides(assignment) else {
            continue;
        };
        let name = match left.kind() {
            "identifier" => Some(file.text_of(left)),
            "attribute" => left
                .child_by_field_name("attribute")
                .map(|a| file.text_of(a)),
            "subscript" => left
                .child_by_field_name("subscript")
                .and_then(|k| string_value(k, file.text)),
            _ => None,
        };
        if let Some(name) = name.filter(|n| is_secret_name(n)) {
            push(file, out, name, right);
        }
    }
    for call in &file.calls {
        if file
            .callee(*call)
            .is_some_and(|s| JWT_FUNCTIONS.contains(&s.as_str()))
        {
            if let Some(key) = positional_arguments(*call).get(1) {
                push(file, out, "JWT_SECRET", *key);
            }
            continue;
        }
        // `SessionMiddleware(secret_key=...)`, `config.update(SECRET_KEY=...)`.
        let Some(arguments) = call.child_by_field_name("arguments") else {
            continue;
        };
        let mut cursor = arguments.walk();
        for argument in arguments.named_children(&mut cursor) {
            if argument.kind() != "keyword_argument" {
                continue;
            }
            let (Some(name), Some(value)) = (
                argument.child_by_field_name("name"),
                argument.child_by_field_name("value"),
            ) else {
                continue;
            };
            let name = file.text_of(name);
            if is_secret_name(name) {
                push(file, out, name, value);
            }
        }
    }
}

/// `SECRET_KEY`, `secret_key`, `JWT_SECRET`, `jwt_secret_key`, `SIGNING_KEY`…
fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper == "SECRET"
        || upper.ends_with("SECRET_KEY")
        || upper.ends_with("_SECRET")
        || upper == "SIGNING_KEY"
        || upper == "JWT_KEY"
}

fn push(file: &File<'_>, out: &mut Vec<Tip>, name: &str, value: Node<'_>) {
    // An empty string is a placeholder, not a secret.
    if string_value(value, file.text).is_none_or(str::is_empty) {
        return;
    }
    let variable = name.to_ascii_uppercase();
    let jwt = variable.contains("JWT");
    let message = format!(
        "A hard-coded secret: anyone who can read this code can forge {}. Load it from the environment (`{variable}`) or a secrets manager, and rotate this one.",
        if jwt {
            "tokens"
        } else {
            "session cookies and tokens"
        }
    );
    let mut tip = Tip::new(&RULE, value.byte_range(), message);
    if jwt {
        tip = tip.with_questions(&JWT_QUESTIONS);
    }
    tip.fixes.push(file.environment_fix(
        value,
        format!("Read it from the `{variable}` environment variable"),
        |os| format!("{os}.environ[\"{variable}\"]"),
    ));
    out.push(tip);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged, tips};
    use super::RULE;

    #[test]
    fn flags_literal_secrets_and_not_configured_ones() {
        let text = r#"import os
import jwt
from flask import Flask
from starlette.middleware.sessions import SessionMiddleware

SECRET_KEY = "super-secret"
JWT_SECRET = os.environ["JWT_SECRET"]
EMPTY_SECRET = ""
app = Flask(__name__)
app.secret_key = "dev"
app.config["JWT_SECRET_KEY"] = "changeme"
app.config.update(SECRET_KEY=os.environ.get("SECRET_KEY"))
middleware = SessionMiddleware(None, secret_key="abc")
token = jwt.encode({"sub": "1"}, "k3y", algorithm="HS256")
claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
TITLE = "not a secret"
"#;
        assert_eq!(
            flagged(text, RULE.code),
            vec![
                "\"super-secret\"",
                "\"dev\"",
                "\"changeme\"",
                "\"abc\"",
                "\"k3y\""
            ]
        );
        let questions: Vec<&str> = tips(text, RULE.code).iter().map(|t| t.question).collect();
        assert_eq!(
            questions,
            vec![
                "flask-config-instance-folder",
                "flask-config-instance-folder",
                "auth-jwt",
                "flask-config-instance-folder",
                "auth-jwt"
            ]
        );
    }

    #[test]
    fn a_fastapi_files_secret_links_to_the_fastapi_question() {
        let text = "from fastapi import FastAPI\n\napp = FastAPI()\nSECRET_KEY = \"hunter2\"\n";
        let questions: Vec<&str> = tips(text, RULE.code).iter().map(|t| t.question).collect();
        assert_eq!(questions, vec!["ops-config-secrets"]);
    }

    #[test]
    fn the_fix_reads_the_environment_and_imports_os() {
        assert_eq!(
            fixed(
                "from flask import Flask\n\napp = Flask(__name__)\napp.config[\"SECRET_KEY\"] = \"x\"\n",
                RULE.code,
                0
            ),
            "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config[\"SECRET_KEY\"] = os.environ[\"SECRET_KEY\"]\n"
        );
    }
}
