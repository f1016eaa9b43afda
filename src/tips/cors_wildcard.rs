//! CORS that allows every origin *with credentials*: Starlette's
//! `CORSMiddleware(allow_origins=["*"], allow_credentials=True)` and
//! Flask-CORS's `CORS(app, supports_credentials=True)` (whose origins
//! default to `*`).
//!
//! Browsers refuse a literal `*` with credentials, so both libraries answer
//! such a request by echoing the caller's `Origin` back: any website can
//! then send requests with the user's cookies and read the responses.

use super::{File, Rule, Tip};
use crate::python::nodes::{
    is_true, keyword_argument, keyword_argument_node, positional_arguments,
};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "cors-any-origin-with-credentials",
    name: "CORS: any origin with credentials",
    question: "auth-cors",
};

const MESSAGE: &str = "Every origin is allowed *with credentials*: the CORS layer then echoes the caller's `Origin`, so any website can send requests with your users' cookies and read the answers. List the trusted origins explicitly (from configuration), or drop credentials.";

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    for call in &file.calls {
        let callee = file.callee(*call);
        // `app.add_middleware(CORSMiddleware, ...)` or `Middleware(CORSMiddleware, ...)`.
        let starlette = positional_arguments(*call).first().is_some_and(|first| {
            file.symbol(*first)
                .is_some_and(|s| s == "fastapi.middleware.cors.CORSMiddleware")
        });
        if starlette {
            let credentials =
                keyword_argument(*call, "allow_credentials", file.text).is_some_and(is_true);
            let any_origin = keyword_argument(*call, "allow_origins", file.text)
                .is_some_and(|v| allows_any(file, v))
                || keyword_argument(*call, "allow_origin_regex", file.text)
                    .and_then(|v| crate::python::nodes::string_value(v, file.text))
                    .is_some_and(|r| matches!(r, ".*" | "^.*$" | ".+"));
            if credentials && any_origin {
                let flagged = keyword_argument_node(*call, "allow_origins", file.text)
                    .or_else(|| keyword_argument_node(*call, "allow_origin_regex", file.text))
                    .unwrap_or(*call);
                out.push(Tip::new(&RULE, flagged.byte_range(), MESSAGE.to_string()));
            }
            continue;
        }
        if matches!(
            callee.as_deref(),
            Some("flask_cors.CORS" | "flask_cors.cross_origin")
        ) {
            let Some(credentials) = keyword_argument_node(*call, "supports_credentials", file.text)
                .filter(|k| k.child_by_field_name("value").is_some_and(is_true))
            else {
                continue;
            };
            let origins = keyword_argument(*call, "origins", file.text);
            let resources = keyword_argument(*call, "resources", file.text);
            let any_origin = match (origins, resources) {
                (Some(origins), _) => allows_any(file, origins),
                (None, Some(resources)) => contains_star(file, resources),
                // Flask-CORS's default origins are `*`.
                (None, None) => true,
            };
            if any_origin {
                out.push(Tip::new(
                    &RULE,
                    credentials.byte_range(),
                    MESSAGE.to_string(),
                ));
            }
        }
    }
}

/// `"*"`, or a list/tuple holding `"*"`.
fn allows_any(file: &File<'_>, value: Node<'_>) -> bool {
    match value.kind() {
        "string" => crate::python::nodes::string_value(value, file.text) == Some("*"),
        "list" | "tuple" | "set" => {
            let mut cursor = value.walk();
            value
                .named_children(&mut cursor)
                .any(|item| crate::python::nodes::string_value(item, file.text) == Some("*"))
        }
        _ => false,
    }
}

/// A `"*"` string anywhere inside (Flask-CORS `resources={...: {"origins": "*"}}`).
fn contains_star(file: &File<'_>, value: Node<'_>) -> bool {
    !crate::python::nodes::descendants(
        value,
        |n| crate::python::nodes::string_value(n, file.text) == Some("*"),
        |_| true,
    )
    .is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::flagged;
    use super::RULE;

    #[test]
    fn flags_any_origin_with_credentials_in_both_frameworks() {
        let text = r#"from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS, cross_origin

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
app.add_middleware(CORSMiddleware, allow_origins=["*"])
app.add_middleware(CORSMiddleware, allow_origins=["https://a.example"], allow_credentials=True)
site = Flask(__name__)
CORS(site, supports_credentials=True)
CORS(site, origins=["https://a.example"], supports_credentials=True)
CORS(site, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
CORS(site)

@cross_origin(origins="*", supports_credentials=True)
def view():
    pass
"#;
        assert_eq!(
            flagged(text, RULE.code),
            vec![
                "allow_origins=[\"*\"]",
                "supports_credentials=True",
                "supports_credentials=True",
                "supports_credentials=True",
            ]
        );
    }
}
