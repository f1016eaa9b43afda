//! The snippets feature: which of the bank's example snippets fit a Python
//! file and cursor, in what order (`offers`), and the edits that insert one
//! (`placement`); the rewriting of the snippet's code itself lives in
//! [`crate::python::rewrite`].
//!
//! Plain data in, plain data out: the server turns [`Offer`]s into code
//! actions and completion items and [`Edit`]s into a `WorkspaceEdit`.
//!
//! Where a snippet goes: a module-level snippet on the line after the
//! top-level statement under the cursor (never inside the import block, so
//! the code always follows the imports it needs), with two blank lines on
//! each side as PEP 8 asks around top-level definitions; a body snippet on
//! the line after the cursor's statement inside the enclosing function, at
//! that statement's indentation.

mod completion;
mod offers;
mod placement;

pub use completion::{Completion, Completions, completions, route_paths};
pub use offers::{ExampleMenu, Spot, example_menu, offers, offers_examples};
pub use placement::{Plan, plan};

use crate::bank::{Question, Snippet};

/// How many examples a code-action menu lists directly: the few about what
/// is under the cursor, so the editor's own fixes and refactorings stay in
/// sight (the bank has about 20 per framework; all of them stay reachable
/// through the "Insert example…" picker, completion and
/// `interview.insertSnippet`).
pub const MAX_OFFERED: usize = 3;

/// A snippet that fits the file, with the question it illustrates.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'b> {
    pub question: &'b Question,
    pub snippet: &'b Snippet,
}

/// Why a snippet cannot go where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertError {
    /// A body snippet with no function around the cursor.
    NotInFunction,
    /// The document is not Python (no syntax tree).
    NotPython,
}

impl std::fmt::Display for InsertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InsertError::NotInFunction => {
                f.write_str("this snippet goes inside a function: put the cursor in one")
            }
            InsertError::NotPython => {
                f.write_str("snippets can only be inserted into Python files")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, Framework, Scope};
    use crate::edit::apply;
    use crate::python::{ParsedPython, syntax};

    fn snippet(scope: Scope, imports: &[&str], body: &str) -> Snippet {
        Snippet {
            id: "test-snippet".into(),
            title: "Test".into(),
            framework: Framework::Fastapi,
            scope,
            line: 1,
            imports: imports.iter().map(ToString::to_string).collect(),
            body: body.into(),
            code: String::new(),
            attrs: Vec::new(),
        }
    }

    #[test]
    fn a_snippet_reuses_the_files_app_instead_of_replacing_it() {
        let source = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/items')\ndef items():\n    return []$0\n";
        let body = "app = FastAPI(lifespan=lifespan)\n\n\n@app.get('/health')\ndef health():\n    return {}\n";
        let out = inserted(
            source,
            &snippet(Scope::Module, &["from fastapi import FastAPI"], body),
        );
        assert_eq!(out.matches("app = FastAPI(").count(), 1, "{out}");
        assert!(
            out.contains("# Uses your existing `app`; give it these arguments: lifespan=lifespan"),
            "{out}"
        );
        assert!(out.contains("@app.get('/health')"), "{out}");
        // A file without an app keeps the snippet's.
        let out = inserted(
            "import os\n$0",
            &snippet(Scope::Module, &["from fastapi import FastAPI"], body),
        );
        assert!(out.contains("app = FastAPI(lifespan=lifespan)"), "{out}");
    }

    /// Inserts at the `$0` marker and checks the result parses.
    fn inserted(source: &str, snippet: &Snippet) -> String {
        let offset = source.find("$0").unwrap();
        let text = source.replacen("$0", "", 1);
        let parsed = ParsedPython::new(text.clone()).unwrap();
        let plan = plan(&parsed.file(), snippet, offset).unwrap();
        let out = apply(&text, &plan.edits).unwrap();
        // The cursor lands on the first line of the inserted code.
        let rest = &out[plan.code_at..];
        assert!(
            rest.starts_with(|c: char| !c.is_whitespace())
                && !rest.starts_with("import ")
                && !rest.starts_with("from "),
            "the code starts at {rest:?}"
        );
        assert!(
            !syntax::parse(&out, None).unwrap().root_node().has_error(),
            "does not parse:\n{out}"
        );
        out
    }

    #[test]
    fn module_snippets_go_after_the_cursors_top_level_statement() {
        let s = snippet(
            Scope::Module,
            &["from fastapi import Depends"],
            "def dep():\n    return Depends\n",
        );
        let out = inserted(
            "from fastapi import Depends as D, FastAPI\n\napp = FastAPI()\n\n\ndef f():\n    ret$0urn 1\n\n\nx = 2\n",
            &s,
        );
        assert_eq!(
            out,
            "from fastapi import Depends as D, FastAPI\n\napp = FastAPI()\n\n\ndef f():\n    return 1\n\n\ndef dep():\n    return D\n\n\nx = 2\n"
        );
        // A cursor in the import block inserts after all of it.
        let out = inserted("import o$0s\nimport sys\nx = 1\n", &s);
        assert_eq!(
            out,
            "import os\nimport sys\n\nfrom fastapi import Depends\n\n\ndef dep():\n    return Depends\n\n\nx = 1\n"
        );
        assert_eq!(
            inserted("$0", &s),
            "from fastapi import Depends\n\n\ndef dep():\n    return Depends\n"
        );
    }

    #[test]
    fn body_snippets_go_inside_the_function_at_its_indentation() {
        let s = snippet(
            Scope::Body,
            &["import time"],
            "started = time.monotonic()\ndoc = \"\"\"a\nb\"\"\"\n",
        );
        let out = inserted(
            "def handler():\n    if True:\n        x = 1$0\n        y = 2\n    return 3\n",
            &s,
        );
        assert_eq!(
            out,
            "import time\n\n\ndef handler():\n    if True:\n        x = 1\n        started = time.monotonic()\n        doc = \"\"\"a\nb\"\"\"\n        y = 2\n    return 3\n"
        );
        let out = inserted("def h$0andler():\n    \"\"\"Doc.\"\"\"\n    return 3\n", &s);
        assert!(
            out.contains("    \"\"\"Doc.\"\"\"\n    started = time.monotonic()\n"),
            "{out}"
        );
        let parsed = ParsedPython::new("x = 1\n").unwrap();
        assert_eq!(plan(&parsed.file(), &s, 0), Err(InsertError::NotInFunction));
    }

    #[test]
    fn snippets_are_ranked_by_the_symbol_and_route_under_the_cursor() {
        let bank = Bank::load(&[]);
        let text = "from fastapi import FastAPI, UploadFile\n\napp = FastAPI()\n\n\n@app.post('/upload')\nasync def upload(file: UploadFile):\n    return {}\n";
        let parsed = ParsedPython::new(text).unwrap();
        let at = text.find("return").unwrap();
        let offered = offers(&bank, &Spot::new(&parsed.file(), at));
        assert!(
            offered
                .iter()
                .all(|o| o.snippet.framework != Framework::Flask)
        );
        assert_eq!(offered[0].snippet.id, "fastapi-streaming-upload");
        let none = "x = 1\n";
        let parsed = ParsedPython::new(none).unwrap();
        let everything = offers(&bank, &Spot::new(&parsed.file(), 0));
        assert!(
            everything
                .iter()
                .any(|o| o.snippet.framework == Framework::Flask)
        );
        assert!(
            everything
                .iter()
                .any(|o| o.snippet.framework == Framework::Fastapi)
        );
    }
}
