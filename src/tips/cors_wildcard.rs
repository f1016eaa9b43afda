//! CORS that allows every origin *with credentials*: Starlette's
//! `CORSMiddleware(allow_origins=["*"], allow_credentials=True)` and
//! Flask-CORS's `CORS(app, supports_credentials=True)` (whose origins
//! default to `*`).
//!
//! Browsers refuse a literal `*` with credentials, so both libraries answer
//! such a request by echoing the caller's `Origin` back: any website can
//! then send requests with the user's cookies and read the responses.

use super::{File, Fix, Questions, Rule, Severity, Tip};
use crate::edit::Edit;
use crate::python::nodes::{
    is_true, keyword_argument, keyword_argument_node, positional_arguments, string_value,
};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "cors-any-origin-with-credentials",
    name: "CORS: any origin with credentials",
    severity: Severity::Warning,
    questions: Questions {
        flask: "auth-cors",
        fastapi: "auth-cors",
        // Framework-neutral: the API security checklist covers it.
        neither: "rest-api-security",
    },
};

const MESSAGE: &str = "Every origin is allowed *with credentials*: the CORS layer then echoes the caller's `Origin`, so any website can send requests with your users' cookies and read the answers. List the trusted origins explicitly (from configuration), or drop credentials.";

/// A Flask-CORS file's tip links to the Flask-CORS question, which covers
/// its `origins`, `resources` and `supports_credentials` options.
pub(super) static FLASK_CORS_QUESTIONS: Questions = Questions {
    flask: "flask-cors-extension",
    fastapi: "auth-cors",
    neither: "rest-api-security",
};

/// The environment variable the fix reads the trusted origins from.
const ORIGINS_VARIABLE: &str = "CORS_ORIGINS";

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    for call in &file.calls {
        let callee = file.callee(*call);
        // `app.add_middleware(CORSMiddleware, ...)` or `Middleware(CORSMiddleware, ...)`.
        let starlette = positional_arguments(*call).first().is_some_and(|first| {
            file.symbol(*first)
                .is_some_and(|s| s == "fastapi.middleware.cors.CORSMiddleware")
        });
        if starlette {
            check_starlette(file, *call, out);
        } else if matches!(
            callee.as_deref(),
            Some("flask_cors.CORS" | "flask_cors.cross_origin")
        ) {
            check_flask_cors(file, *call, out);
        }
    }
}

fn check_starlette(file: &File<'_>, call: Node<'_>, out: &mut Vec<Tip>) {
    let credentials = keyword_argument(call, "allow_credentials", file.text).is_some_and(is_true);
    let origins = keyword_argument(call, "allow_origins", file.text);
    let any_origin = origins.filter(|v| allows_any(file, *v));
    let any_regex = keyword_argument_node(call, "allow_origin_regex", file.text).filter(|k| {
        k.child_by_field_name("value")
            .and_then(|v| string_value(v, file.text))
            .is_some_and(|r| matches!(r, ".*" | "^.*$" | ".+"))
    });
    if !credentials || (any_origin.is_none() && any_regex.is_none()) {
        return;
    }
    let flagged = keyword_argument_node(call, "allow_origins", file.text)
        .filter(|_| any_origin.is_some())
        .or(any_regex)
        .unwrap_or(call);
    let mut tip = Tip::new(&RULE, flagged.byte_range(), MESSAGE.to_string());
    // Only when one setting lets every origin in: with both, replacing one
    // would leave the other open.
    let fix = match (any_origin, any_regex) {
        (Some(value), None) => Some(origins_fix(file, |list| {
            vec![Edit::replace(value.byte_range(), list)]
        })),
        (None, Some(regex)) if origins.is_none() => Some(origins_fix(file, |list| {
            vec![Edit::replace(
                regex.byte_range(),
                format!("allow_origins={list}"),
            )]
        })),
        _ => None,
    };
    tip.fixes.extend(fix);
    out.push(tip);
}

fn check_flask_cors(file: &File<'_>, call: Node<'_>, out: &mut Vec<Tip>) {
    let Some(credentials) = keyword_argument_node(call, "supports_credentials", file.text)
        .filter(|k| k.child_by_field_name("value").is_some_and(is_true))
    else {
        return;
    };
    let origins = keyword_argument(call, "origins", file.text);
    let resources = keyword_argument(call, "resources", file.text);
    let any_origin = match (origins, resources) {
        (Some(origins), _) => allows_any(file, origins),
        (None, Some(resources)) => contains_star(file, resources),
        // Flask-CORS's default origins are `*`.
        (None, None) => true,
    };
    if !any_origin {
        return;
    }
    let mut tip = Tip::new(&RULE, credentials.byte_range(), MESSAGE.to_string())
        .with_questions(&FLASK_CORS_QUESTIONS);
    let fix = match (origins, resources) {
        (Some(origins), _) => Some(origins_fix(file, |list| {
            vec![Edit::replace(origins.byte_range(), list)]
        })),
        (None, Some(resources)) => {
            let stars = origins_in_resources(file, resources);
            (!stars.is_empty()).then(|| {
                origins_fix(file, |list| {
                    stars
                        .iter()
                        .map(|star| Edit::replace(star.byte_range(), list.clone()))
                        .collect()
                })
            })
        }
        (None, None) => Some(origins_fix(file, |list| {
            vec![Edit::insert(
                credentials.start_byte(),
                format!("origins={list}, "),
            )]
        })),
    };
    tip.fixes.extend(fix);
    out.push(tip);
}

/// The fix that lets in only the origins listed in [`ORIGINS_VARIABLE`];
/// `edits` gets the expression that reads them (importing `os` if needed).
/// A missing variable fails at start-up rather than opening the API.
fn origins_fix(file: &File<'_>, edits: impl FnOnce(String) -> Vec<Edit>) -> Fix {
    Fix {
        title: format!("Allow only the origins listed in `{ORIGINS_VARIABLE}` (comma-separated)"),
        edits: file.with_import("import os", "os", |os| {
            edits(format!("{os}.environ[\"{ORIGINS_VARIABLE}\"].split(\",\")"))
        }),
    }
}

/// The values of `"origins": "*"` (or a list holding `"*"`) entries in
/// Flask-CORS's `resources={...}`.
fn origins_in_resources<'t>(file: &File<'_>, resources: Node<'t>) -> Vec<Node<'t>> {
    crate::python::nodes::descendants(
        resources,
        |n| {
            n.kind() == "pair"
                && n.child_by_field_name("key")
                    .and_then(|k| string_value(k, file.text))
                    == Some("origins")
                && n.child_by_field_name("value")
                    .is_some_and(|v| allows_any(file, v))
        },
        |_| true,
    )
    .into_iter()
    .filter_map(|pair| pair.child_by_field_name("value"))
    .collect()
}

/// `"*"`, or a list/tuple holding `"*"`.
fn allows_any(file: &File<'_>, value: Node<'_>) -> bool {
    match value.kind() {
        "string" => string_value(value, file.text) == Some("*"),
        "list" | "tuple" | "set" => {
            let mut cursor = value.walk();
            value
                .named_children(&mut cursor)
                .any(|item| string_value(item, file.text) == Some("*"))
        }
        _ => false,
    }
}

/// A `"*"` string anywhere inside (Flask-CORS `resources={...: {"origins": "*"}}`).
fn contains_star(file: &File<'_>, value: Node<'_>) -> bool {
    !crate::python::nodes::descendants(value, |n| string_value(n, file.text) == Some("*"), |_| true)
        .is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged, tips};
    use super::RULE;

    const LIST: &str = "os.environ[\"CORS_ORIGINS\"].split(\",\")";

    #[test]
    fn the_fix_reads_the_origins_from_the_environment() {
        let fastapi = "import os\nfrom fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n";
        let cases = [
            (
                format!(
                    "{fastapi}app.add_middleware(CORSMiddleware, allow_origins=[\"*\"], allow_credentials=True)\n"
                ),
                format!(
                    "{fastapi}app.add_middleware(CORSMiddleware, allow_origins={LIST}, allow_credentials=True)\n"
                ),
            ),
            (
                format!(
                    "{fastapi}app.add_middleware(CORSMiddleware, allow_origin_regex=\".*\", allow_credentials=True)\n"
                ),
                format!(
                    "{fastapi}app.add_middleware(CORSMiddleware, allow_origins={LIST}, allow_credentials=True)\n"
                ),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(fixed(&text, RULE.code, 0), expected);
        }
        let flask = "import os\nfrom flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n";
        let cases = [
            (
                format!("{flask}CORS(app, supports_credentials=True)\n"),
                format!("{flask}CORS(app, origins={LIST}, supports_credentials=True)\n"),
            ),
            (
                format!("{flask}CORS(app, origins=\"*\", supports_credentials=True)\n"),
                format!("{flask}CORS(app, origins={LIST}, supports_credentials=True)\n"),
            ),
            (
                format!(
                    "{flask}CORS(app, resources={{r\"/api/*\": {{\"origins\": \"*\"}}}}, supports_credentials=True)\n"
                ),
                format!(
                    "{flask}CORS(app, resources={{r\"/api/*\": {{\"origins\": {LIST}}}}}, supports_credentials=True)\n"
                ),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(fixed(&text, RULE.code, 0), expected);
        }
        let flask_tip = &tips(
            &format!("{flask}CORS(app, supports_credentials=True)\n"),
            RULE.code,
        )[0];
        assert_eq!(flask_tip.question, "flask-cors-extension");
    }

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
