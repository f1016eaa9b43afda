//! Tips: the anti-patterns interviewers ask about, found in the user's code
//! and linked to the bank question that explains them.
//!
//! One rule per file under `src/tips/`; each detects its pattern over the
//! tree-sitter tree and the file's [`Analysis`] (so names are resolved
//! through imports: `from time import sleep as nap` is still `time.sleep`),
//! explains it in one message, and may offer fixes as plain [`Edit`]s.
//! Rules prefer silence to noise: a tip fires only on code whose meaning is
//! certain from the file alone.

mod blocking_call;
mod cors_wildcard;
mod debug_mode;
mod hardcoded_secret;
mod jwt_decode;
mod rule;
mod session_dependency;
mod sql_injection;
mod sql_parameters;

pub use rule::{Questions, Rule, Severity};

use crate::edit::Edit;
use crate::python::imports::merge_imports;
use crate::python::nodes::{assignment_sides, descendants, node_text};
use crate::python::{Analysis, PythonFile};
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Every rule, in the order their tips are reported.
pub const RULES: &[&Rule] = &[
    &blocking_call::RULE,
    &sql_injection::RULE,
    &debug_mode::RULE,
    &cors_wildcard::RULE,
    &hardcoded_secret::RULE,
    &jwt_decode::RULE,
    &session_dependency::RULE,
];

/// One occurrence of an anti-pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    pub rule: &'static Rule,
    /// The bank question to read, for the file's framework: the rule's,
    /// unless this case has a better one (set by [`check`]).
    pub question: &'static str,
    /// Where `question` comes from.
    questions: &'static Questions,
    /// The code to underline.
    pub range: Range<usize>,
    pub message: String,
    /// Fixes, best first.
    pub fixes: Vec<Fix>,
}

impl Tip {
    fn new(rule: &'static Rule, range: Range<usize>, message: String) -> Tip {
        Tip {
            rule,
            question: rule.questions.neither,
            questions: &rule.questions,
            range,
            message,
            fixes: Vec::new(),
        }
    }

    /// Links this case to other questions than the rule's (a JWT secret to
    /// the JWT question rather than the sessions one).
    fn with_questions(mut self, questions: &'static Questions) -> Tip {
        self.questions = questions;
        self
    }
}

/// A quick fix: a title and the edits that apply it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// The file as the rules see it: its text, tree, analysis, and every call
/// expression (most rules start from a call, so they are collected once).
pub struct File<'a> {
    pub tree: &'a Tree,
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub calls: Vec<Node<'a>>,
    /// Every assignment (`x = …`, `a.b = …`, `d["k"] = …`), anywhere.
    pub assignments: Vec<Node<'a>>,
    /// The resolved callee of each call, by node id: every rule asks, and
    /// resolving means canonicalising through the re-export table.
    callees: HashMap<usize, Option<String>>,
    /// Top-level `def`s by name, and the value last assigned to each
    /// top-level name: looked up per call or parameter, so indexed once
    /// (a scan per lookup made a 20,000-handler file quadratic).
    functions: HashMap<&'a str, Node<'a>>,
    module_assignments: HashMap<&'a str, Node<'a>>,
}

impl<'a> File<'a> {
    pub fn new(tree: &'a Tree, text: &'a str, analysis: &'a Analysis) -> File<'a> {
        let mut functions = HashMap::new();
        let mut module_assignments = HashMap::new();
        let root = tree.root_node();
        let mut cursor = root.walk();
        for statement in root.named_children(&mut cursor) {
            let function = match statement.kind() {
                "function_definition" => Some(statement),
                "decorated_definition" => statement
                    .child_by_field_name("definition")
                    .filter(|d| d.kind() == "function_definition"),
                _ => None,
            };
            if let Some(name) = function.and_then(|f| f.child_by_field_name("name")) {
                functions.insert(node_text(name, text), function.unwrap_or(statement));
            }
            let assignment = statement
                .named_child(0)
                .filter(|a| statement.kind() == "expression_statement" && a.kind() == "assignment");
            if let Some((left, right)) = assignment.and_then(assignment_sides) {
                if left.kind() == "identifier" {
                    module_assignments.insert(node_text(left, text), right);
                }
            }
        }
        // One walk for both: on a 24,000-line file in a debug build each
        // full walk costs about 150 ms, and this runs after every change.
        let nodes = descendants(
            root,
            |n| matches!(n.kind(), "call" | "assignment"),
            |_| true,
        );
        let (calls, assignments): (Vec<Node<'a>>, Vec<Node<'a>>) =
            nodes.into_iter().partition(|n| n.kind() == "call");
        let callees = calls
            .iter()
            .map(|call| {
                let callee = call
                    .child_by_field_name("function")
                    .and_then(|f| analysis.resolve_expression(f, text));
                (call.id(), callee)
            })
            .collect();
        File {
            tree,
            text,
            analysis,
            calls,
            assignments,
            callees,
            functions,
            module_assignments,
        }
    }

    /// The top-level function called `name`.
    pub fn module_function(&self, name: &str) -> Option<Node<'a>> {
        self.functions.get(name).copied()
    }

    /// The value last assigned to `name` at the top level.
    pub fn module_assignment(&self, name: &str) -> Option<Node<'a>> {
        self.module_assignments.get(name).copied()
    }

    /// Whether `assignment` assigns to the plain name `name`.
    pub fn assigns_name(&self, assignment: Node<'_>, name: &str) -> bool {
        assignment
            .child_by_field_name("left")
            .is_some_and(|l| l.kind() == "identifier" && self.text_of(l) == name)
    }

    pub fn text_of(&self, node: Node<'_>) -> &'a str {
        node_text(node, self.text)
    }

    /// The canonical symbol a call's callee refers to (`jwt.decode`,
    /// `fastapi.FastAPI.get`), when it is rooted in an import or object.
    pub fn callee(&self, call: Node<'_>) -> Option<String> {
        match self.callees.get(&call.id()) {
            Some(callee) => callee.clone(),
            None => self
                .analysis
                .resolve_expression(call.child_by_field_name("function")?, self.text),
        }
    }

    /// What a plain name or dotted expression refers to.
    pub fn symbol(&self, node: Node<'_>) -> Option<String> {
        self.analysis.resolve_expression(node, self.text)
    }

    /// `fix` applied with `import_statement` merged into the file's imports;
    /// `build` gets the local name the file uses for the imported thing
    /// (`asyncio`, or its alias when the file has one).
    pub fn with_import(
        &self,
        import_statement: &str,
        name: &str,
        build: impl FnOnce(&str) -> Vec<Edit>,
    ) -> Vec<Edit> {
        let merge = merge_imports(self.tree, self.text, &[import_statement.to_string()]);
        let mut edits = build(merge.local_name(name));
        edits.extend(merge.edits);
        edits
    }

    /// A fix titled `title` that replaces `value` with the expression
    /// `read` builds from the file's local name for `os` (`os.environ[…]`),
    /// importing `os` when the file lacks it.
    pub fn environment_fix(
        &self,
        value: Node<'_>,
        title: String,
        read: impl FnOnce(&str) -> String,
    ) -> Fix {
        let edits = self.with_import("import os", "os", |os| {
            vec![Edit::replace(value.byte_range(), read(os))]
        });
        Fix { title, edits }
    }
}

/// Finds every tip in a file.
pub fn check(python: &PythonFile<'_>) -> Vec<Tip> {
    let file = File::new(python.tree, python.text, python.analysis);
    let mut tips = Vec::new();
    blocking_call::check(&file, &mut tips);
    sql_injection::check(&file, &mut tips);
    debug_mode::check(&file, &mut tips);
    cors_wildcard::check(&file, &mut tips);
    hardcoded_secret::check(&file, &mut tips);
    jwt_decode::check(&file, &mut tips);
    session_dependency::check(&file, &mut tips);
    let framework = python.analysis.framework();
    for tip in &mut tips {
        tip.question = tip.questions.for_framework(framework);
    }
    tips.sort_by_key(|t| (t.range.start, t.range.end));
    tips
}

/// The tips on the lines `range` touches: a quick fix is offered wherever the
/// cursor is on a flagged line, not only inside the flagged code (editors
/// ask for the actions at the cursor, which is rarely inside the range).
pub fn on_lines(tips: Vec<Tip>, text: &str, range: Range<usize>) -> Vec<Tip> {
    let start = crate::edit::line_start(text, range.start.min(text.len()));
    let end = range.end.clamp(range.start, text.len());
    let end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    tips.into_iter()
        .filter(|t| t.range.start <= end && t.range.end >= start)
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs the rules on a snippet of Python, for the rules' unit tests.
    use super::*;
    use crate::python::syntax::parse;

    /// The tips of one rule in `text`.
    pub fn tips(text: &str, code: &str) -> Vec<Tip> {
        let parsed = crate::python::ParsedPython::new(text).unwrap();
        check(&parsed.file())
            .into_iter()
            .filter(|t| t.rule.code == code)
            .collect()
    }

    /// The flagged source text of each tip.
    pub fn flagged(text: &str, code: &str) -> Vec<String> {
        tips(text, code)
            .iter()
            .map(|t| text[t.range.clone()].to_string())
            .collect()
    }

    /// The text after applying the tip's fix number `fix`.
    pub fn fixed(text: &str, code: &str, fix: usize) -> String {
        let tips = tips(text, code);
        let tip = tips.first().expect("a tip");
        let out = crate::edit::apply(text, &tip.fixes[fix].edits).expect("edits apply");
        assert!(
            !parse(&out, None).unwrap().root_node().has_error(),
            "does not parse:\n{out}"
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Bank, Framework};

    /// Each rule's questions, and those of the cases that link elsewhere.
    fn question_sets() -> Vec<(&'static str, &'static Questions)> {
        let mut sets: Vec<(&str, &Questions)> =
            RULES.iter().map(|r| (r.code, &r.questions)).collect();
        sets.push(("jwt secret", &hardcoded_secret::JWT_QUESTIONS));
        sets.push(("flask-cors", &cors_wildcard::FLASK_CORS_QUESTIONS));
        sets
    }

    #[test]
    fn every_rule_links_to_a_question_of_the_files_framework() {
        let bank = Bank::load(&[]);
        for (code, questions) in question_sets() {
            for (framework, id) in questions.pairs() {
                let question = bank
                    .get(id)
                    .unwrap_or_else(|| panic!("{code}: no question {id}"));
                assert!(
                    question.has_framework(framework) || question.has_framework(Framework::General),
                    "{code}: {id} is not about {framework:?}"
                );
            }
        }
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len(), "codes are unique");
    }

    #[test]
    fn the_realistic_fixtures_have_no_tips() {
        for text in [
            include_str!("../tests/fixtures/fastapi_app.py"),
            include_str!("../tests/fixtures/flask_app.py"),
        ] {
            let parsed = crate::python::ParsedPython::new(text).unwrap();
            assert_eq!(check(&parsed.file()), Vec::new());
        }
    }
}
