//! `jwt.decode` that does not pin the algorithms, or that skips the
//! signature check.
//!
//! Without a server-chosen `algorithms=[...]`, the token's own header picks
//! the algorithm (PyJWT 2 refuses, older PyJWT and python-jose accept, the
//! classic `alg: none` and RS256→HS256 confusion attacks);
//! `options={"verify_signature": False}` (or PyJWT 1's `verify=False`)
//! accepts any token anyone wrote.

use super::{File, Fix, Questions, Rule, Severity, Tip};
use crate::edit::Edit;
use crate::python::nodes::{
    keyword_argument, keyword_argument_node, positional_arguments, string_value,
};
use tree_sitter::Node;

pub static RULE: Rule = Rule {
    code: "jwt-decode-unverified",
    name: "JWT decoded without pinned algorithms or signature check",
    severity: Severity::Warning,
    questions: Questions::same("auth-jwt"),
};

const DECODE: &[&str] = &["jwt.decode", "jose.jwt.decode"];
const ENCODE: &[&str] = &["jwt.encode", "jose.jwt.encode"];

pub fn check(file: &File<'_>, out: &mut Vec<Tip>) {
    // Looked up once, and only if a fix needs it: a scan per call would be
    // quadratic in files with many calls.
    let mut algorithm: Option<String> = None;
    for call in &file.calls {
        if !file
            .callee(*call)
            .is_some_and(|s| DECODE.contains(&s.as_str()))
        {
            continue;
        }
        if let Some(flag) = unverified(file, *call) {
            out.push(Tip::new(
                &RULE,
                flag.byte_range(),
                "The signature is not checked, so any token anyone wrote is accepted. Always verify: pass the key and `algorithms=[...]`, and keep `verify_signature` on.".to_string(),
            ));
            continue;
        }
        // PyJWT's third positional parameter is `algorithms`.
        let pinned = keyword_argument(*call, "algorithms", file.text).is_some()
            || positional_arguments(*call).len() >= 3;
        if pinned {
            continue;
        }
        let Some(function) = call.child_by_field_name("function") else {
            continue;
        };
        let algorithm = algorithm.get_or_insert_with(|| encode_algorithm(file));
        let mut tip = Tip::new(
            &RULE,
            function.byte_range(),
            format!(
                "`jwt.decode` without `algorithms=[...]` lets the token's header choose the algorithm (the `alg: none` and RS256→HS256 confusion attacks). Pin the list the server signs with, e.g. `algorithms=[\"{algorithm}\"]`."
            ),
        );
        if let Some(edit) = add_algorithms(file, *call, algorithm) {
            tip.fixes.push(Fix {
                title: format!("Pin `algorithms=[\"{algorithm}\"]`"),
                edits: vec![edit],
            });
        }
        out.push(tip);
    }
}

/// The argument that turns verification off, if any.
fn unverified<'t>(file: &File<'t>, call: Node<'t>) -> Option<Node<'t>> {
    if let Some(verify) = keyword_argument_node(call, "verify", file.text) {
        if verify
            .child_by_field_name("value")
            .is_some_and(|v| v.kind() == "false")
        {
            return Some(verify);
        }
    }
    let options = keyword_argument(call, "options", file.text)?;
    if options.kind() != "dictionary" {
        return None;
    }
    let mut cursor = options.walk();
    options.named_children(&mut cursor).find(|pair| {
        pair.kind() == "pair"
            && pair
                .child_by_field_name("key")
                .and_then(|k| string_value(k, file.text))
                == Some("verify_signature")
            && pair
                .child_by_field_name("value")
                .is_some_and(|v| v.kind() == "false")
    })
}

/// The algorithm the file signs its tokens with (`jwt.encode(...,
/// algorithm="RS256")`), else HS256, the usual choice with a shared secret.
fn encode_algorithm(file: &File<'_>) -> String {
    file.calls
        .iter()
        .filter(|c| {
            file.callee(**c)
                .is_some_and(|s| ENCODE.contains(&s.as_str()))
        })
        .find_map(|c| {
            keyword_argument(*c, "algorithm", file.text)
                .and_then(|v| string_value(v, file.text))
                .map(ToString::to_string)
        })
        .unwrap_or_else(|| "HS256".to_string())
}

/// `, algorithms=["HS256"]` after the last argument (after a trailing comma
/// when there is one).
fn add_algorithms(file: &File<'_>, call: Node<'_>, algorithm: &str) -> Option<Edit> {
    let arguments = call.child_by_field_name("arguments")?;
    let close = arguments.child(arguments.child_count().checked_sub(1)?)?;
    if close.kind() != ")" {
        return None;
    }
    let before = arguments.child(arguments.child_count().checked_sub(2)?)?;
    let text = match before.kind() {
        "(" => format!("algorithms=[\"{algorithm}\"]"),
        "," => format!(" algorithms=[\"{algorithm}\"],"),
        _ => format!(", algorithms=[\"{algorithm}\"]"),
    };
    let at = if before.kind() == "," {
        before.end_byte()
    } else {
        file.text[..close.start_byte()].trim_end().len()
    };
    Some(Edit::insert(at, text))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fixed, flagged};
    use super::RULE;

    #[test]
    fn flags_unpinned_and_unverified_decoding() {
        let text = r#"import jwt
from jose import jwt as jose_jwt

KEY = object()
a = jwt.decode(token, KEY)
b = jwt.decode(token, KEY, algorithms=["HS256"])
c = jwt.decode(token, KEY, ["HS256"])
d = jwt.decode(token, options={"verify_signature": False})
e = jose_jwt.decode(token, KEY)
f = jwt.decode(token, KEY, verify=False)
"#;
        assert_eq!(
            flagged(text, RULE.code),
            vec![
                "jwt.decode",
                "\"verify_signature\": False",
                "jose_jwt.decode",
                "verify=False"
            ]
        );
    }

    #[test]
    fn the_fix_pins_the_algorithm_the_file_signs_with() {
        let text = "import jwt\n\nt = jwt.encode({}, k, algorithm=\"RS256\")\nc = jwt.decode(\n    t,\n    k,\n)\n";
        assert_eq!(
            fixed(text, RULE.code, 0),
            "import jwt\n\nt = jwt.encode({}, k, algorithm=\"RS256\")\nc = jwt.decode(\n    t,\n    k, algorithms=[\"RS256\"],\n)\n"
        );
        assert_eq!(
            fixed("import jwt\nc = jwt.decode(t, k)\n", RULE.code, 0),
            "import jwt\nc = jwt.decode(t, k, algorithms=[\"HS256\"])\n"
        );
    }
}
