//! Inserting the bank's example snippets into a Python file: which snippets
//! fit the file and cursor, in what order, and the edits that insert one.
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

use crate::bank::{Bank, Framework, Question, Scope, Snippet};
use crate::edit::{Edit, line_start, next_line};
use crate::python::imports::{ImportMerge, merge_imports};
use crate::python::nodes::{is_docstring, node_text};
use crate::python::{Analysis, lookup_candidates, resolve_symbol_at, syntax};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// How many snippets a code-action menu lists at once: enough to cover a
/// framework's common patterns, few enough to read (the bank has about 20
/// per framework; the rest stay reachable through completion and
/// `interview.insertSnippet`).
pub const MAX_OFFERED: usize = 15;

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

/// What the cursor is in, for choosing snippets.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The framework the file imports first.
    pub framework: Option<Framework>,
    /// Whether the cursor is inside a function (body snippets fit).
    pub in_function: bool,
    /// Keywords for the symbol under the cursor, most specific first.
    pub symbol_keywords: Vec<String>,
    /// Keywords for the route handler around the cursor (its decorator).
    pub route_keywords: Vec<String>,
    /// Words from the route handler's name and path (`list_items`, `/items` → `list`, `item`).
    pub route_words: Vec<String>,
    /// Canonical names the file imports: a snippet about what the file
    /// already uses is more likely wanted than one about something else.
    pub imported: Vec<String>,
}

impl Context {
    pub fn new(tree: &Tree, text: &str, analysis: &Analysis, offset: usize) -> Context {
        let symbol_keywords = resolve_symbol_at(tree, text, analysis, offset)
            .map(|s| lookup_candidates(&s.symbol))
            .unwrap_or_default();
        let handler = analysis.route_handler_at(offset);
        Context {
            framework: analysis.framework(),
            in_function: enclosing_function(tree, offset).is_some(),
            symbol_keywords,
            route_keywords: handler
                .map(|h| lookup_candidates(&h.decorator))
                .unwrap_or_default(),
            route_words: handler
                .and_then(|h| text.get(h.range.start..h.name_range.end))
                .map(words)
                .unwrap_or_default(),
            imported: analysis.imports.targets().map(str::to_string).collect(),
        }
    }

    /// Whether a snippet suits the file: its framework (a file that imports
    /// neither framework is offered everything) and, for body snippets, a
    /// function at the cursor.
    pub fn fits(&self, snippet: &Snippet) -> bool {
        let framework_ok = match self.framework {
            None => true,
            Some(framework) => {
                snippet.framework == framework || snippet.framework == Framework::General
            }
        };
        framework_ok && (snippet.scope == Scope::Module || self.in_function)
    }

    /// Higher is more relevant to what is under the cursor.
    fn score(&self, question: &Question, snippet: &Snippet) -> i64 {
        let has = |keyword: &str| {
            question
                .keywords
                .iter()
                .any(|k| k.eq_ignore_ascii_case(keyword))
        };
        let mut score = 0;
        if let Some(rank) = self.symbol_keywords.iter().position(|k| has(k)) {
            score += 1000 - 10 * i64::try_from(rank).unwrap_or(50);
        }
        // A route decorator matches every routing question, so it counts
        // less than a word the handler shares with the snippet (`upload`).
        if self.route_keywords.iter().any(|k| has(k)) {
            score += 100;
        }
        let snippet_words = words(&format!("{} {}", snippet.id, snippet.title));
        score += 200
            * i64::try_from(
                self.route_words
                    .iter()
                    .filter(|w| snippet_words.contains(w))
                    .count(),
            )
            .unwrap_or(0);
        if self.framework == Some(snippet.framework) {
            score += 5;
        }
        // Inside a function, code meant for a function body is what fits the
        // spot; module-level patterns would land after the function anyway.
        if self.in_function && snippet.scope == Scope::Body {
            score += 50;
        }
        let uses = self.imported.iter().filter(|name| has(name)).count().min(3);
        score += 20 * i64::try_from(uses).unwrap_or(0);
        score
    }
}

/// Every snippet that fits, most relevant first; ties keep bank order, so
/// authors decide which pattern leads.
pub fn offers<'b>(bank: &'b Bank, context: &Context) -> Vec<Offer<'b>> {
    let mut offers: Vec<(i64, Offer<'b>)> = bank
        .snippets()
        .filter(|(_, snippet)| context.fits(snippet))
        .map(|(question, snippet)| {
            (
                context.score(question, snippet),
                Offer { question, snippet },
            )
        })
        .collect();
    offers.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    offers.into_iter().map(|(_, offer)| offer).collect()
}

/// The edits that insert `snippet` for a cursor at `offset`: its imports
/// merged into the file's, then its code. One list, so the client applies
/// (and undoes) it as one change.
pub fn plan(
    tree: &Tree,
    text: &str,
    analysis: &Analysis,
    snippet: &Snippet,
    offset: usize,
) -> Result<Vec<Edit>, InsertError> {
    let merge = merge_imports(tree, text, &snippet.imports);
    let body = body_for_file(&snippet.body, &merge, analysis);
    let mut edits = merge.edits;
    match snippet.scope {
        Scope::Module => {
            let mut insertion = module_insertion(tree, text, offset, &body);
            // New import lines right before the code: exactly two blank
            // lines between them, whatever each side would add on its own.
            for edit in &mut edits {
                if edit.range == insertion.range {
                    let trimmed = edit.text.trim_end_matches('\n').len();
                    edit.text.truncate(trimmed + 1);
                    if !insertion.text.starts_with("\n\n") {
                        insertion.text.insert_str(0, "\n\n");
                    }
                }
            }
            edits.push(insertion);
        }
        Scope::Body => {
            let function = enclosing_function(tree, offset).ok_or(InsertError::NotInFunction)?;
            edits.push(body_insertion(text, function, offset, &body));
        }
    }
    Ok(crate::edit::normalise(edits))
}

/// The snippet's code as it goes into this file: under the file's names for
/// what it imports, and attached to the framework objects the file already
/// has. Code actions, the insert command and completion all use it.
pub fn body_for_file(body: &str, merge: &ImportMerge, file: &Analysis) -> String {
    reuse_existing_objects(&adapt_body(body, merge), file)
}

/// The snippet's code without the framework objects the file already has.
///
/// A snippet that creates `app = FastAPI(...)`, inserted into a file that
/// already has `app = FastAPI()`, would rebind `app` and orphan every route
/// registered on the user's app. So a top-level `name = Class(...)` whose
/// name the file already binds to an object of that class is dropped, and
/// the snippet's code attaches to the user's object. Arguments the snippet
/// passed (a `lifespan=`, a `prefix=`) are kept as a comment to move over.
fn reuse_existing_objects(body: &str, file: &Analysis) -> String {
    let Some(tree) = syntax::parse(body, None) else {
        return body.to_string();
    };
    let mut out = body.to_string();
    let mut statements: Vec<Node<'_>> = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let Some(assignment) = statement
            .named_child(0)
            .filter(|n| n.kind() == "assignment")
        else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right"),
        ) else {
            continue;
        };
        let Some(class) = file.objects.get(node_text(left, body)) else {
            continue;
        };
        let callee = right.child_by_field_name("function").map(|f| {
            node_text(f, body)
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let class_name = class.rsplit('.').next().unwrap_or_default();
        if right.kind() == "call" && callee.as_deref() == Some(class_name) {
            statements.push(statement);
        }
    }
    for statement in statements.into_iter().rev() {
        let name = statement
            .named_child(0)
            .and_then(|a| a.child_by_field_name("left"))
            .map_or("", |n| node_text(n, body));
        let arguments = statement
            .named_child(0)
            .and_then(|a| a.child_by_field_name("right"))
            .and_then(|call| call.child_by_field_name("arguments"))
            .map_or("", |args| node_text(args, body));
        let inner = arguments
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim();
        let start = line_start(body, statement.start_byte());
        let end = next_line(body, statement.end_byte());
        let replacement = if inner.is_empty() || inner == "__name__" {
            String::new()
        } else {
            format!("# Uses your existing `{name}`; give it these arguments: {inner}\n")
        };
        out.replace_range(start..end.min(out.len()), &replacement);
    }
    out
}

/// The snippet's code with the file's names for what it imports (see
/// [`ImportMerge::renames`]).
fn adapt_body(body: &str, merge: &ImportMerge) -> String {
    if merge.renames.is_empty() {
        return body.to_string();
    }
    let Some(tree) = syntax::parse(body, None) else {
        return body.to_string();
    };
    let mut replacements: Vec<(Range<usize>, &str)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && refers_to_binding(node) {
            let name = node_text(node, body);
            if let Some((_, to)) = merge.renames.iter().find(|(from, _)| from == name) {
                replacements.push((node.byte_range(), to));
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = body.to_string();
    for (range, to) in replacements {
        out.replace_range(range, to);
    }
    out
}

/// Whether an identifier reads a variable, rather than naming an attribute
/// (`x.Depends`), a keyword argument (`Depends=`) or a new definition.
fn refers_to_binding(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return true;
    };
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "parameters" | "default_parameter" | "typed_parameter" | "typed_default_parameter" => {
            !is_field("name") && parent.kind() != "parameters"
        }
        _ => true,
    }
}

/// Prefixes every line of `body` with `indent`, except blank lines and lines
/// that continue a multi-line string (indenting those would change the
/// string's value).
pub fn indent_body(body: &str, indent: &str) -> String {
    if indent.is_empty() {
        return body.to_string();
    }
    let strings = multi_line_strings(body);
    let mut out = String::with_capacity(body.len() + indent.len() * 8);
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let inside_string = strings.iter().any(|r| r.start < offset && offset < r.end);
        if !line.trim().is_empty() && !inside_string {
            out.push_str(indent);
        }
        out.push_str(line);
        offset += line.len();
    }
    out
}

fn multi_line_strings(code: &str) -> Vec<Range<usize>> {
    let Some(tree) = syntax::parse(code, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "string" {
            if node.start_position().row != node.end_position().row {
                out.push(node.byte_range());
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    out
}

/// After the top-level statement under (or before) the cursor, and never
/// before the end of the import block.
fn module_insertion(tree: &Tree, text: &str, offset: usize, body: &str) -> Edit {
    let root = tree.root_node();
    let header_end = header_end(root);
    let mut cursor = root.walk();
    let statement_end = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment" && n.start_byte() <= offset)
        .last()
        .map(|n| n.end_byte());
    let anchor = match (statement_end, header_end) {
        (Some(s), Some(h)) => Some(s.max(h)),
        (s, h) => s.or(h),
    };
    let Some(anchor) = anchor else {
        // Nothing above the cursor: the top of the file.
        return Edit::insert(0, with_blank_lines_after(text, 0, body.to_string(), 2));
    };
    let at = next_line(text, anchor);
    let mut insert = String::new();
    if at == text.len() && !text.ends_with('\n') {
        insert.push('\n');
    }
    insert.push_str("\n\n");
    insert.push_str(body);
    Edit::insert(at, with_blank_lines_after(text, at, insert, 2))
}

/// The end of the leading block of docstring, comments and imports.
fn header_end(root: Node<'_>) -> Option<usize> {
    let mut cursor = root.walk();
    let mut end = None;
    for (i, node) in root.named_children(&mut cursor).enumerate() {
        match node.kind() {
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                end = Some(node.end_byte());
            }
            "comment" => {}
            "expression_statement" if i == 0 && is_docstring(node) => {
                end = Some(node.end_byte());
            }
            _ => break,
        }
    }
    end
}

/// Appends newlines to `insert` so that `wanted` blank lines separate it
/// from the code that follows position `at` (counting those already there).
fn with_blank_lines_after(text: &str, at: usize, mut insert: String, wanted: usize) -> String {
    let rest = &text[at..];
    let mut blank = 0;
    let mut has_code = false;
    for line in rest.lines() {
        if line.trim().is_empty() {
            blank += 1;
        } else {
            has_code = true;
            break;
        }
    }
    if has_code {
        for _ in blank..wanted {
            insert.push('\n');
        }
    }
    insert
}

/// Whether the last code before `line_start` is inside a function: the
/// case of a new, indented line after a function's last statement.
pub fn in_function_near(tree: &Tree, text: &str, line_start: usize) -> bool {
    let before = text[..line_start].trim_end();
    !before.is_empty() && enclosing_function(tree, before.len() - 1).is_some()
}

/// The innermost function whose definition contains `offset`.
fn enclosing_function(tree: &Tree, offset: usize) -> Option<Node<'_>> {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset)?;
    loop {
        if node.kind() == "function_definition" && node.start_byte() <= offset {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// Inside `function`: after the statement under the cursor in the innermost
/// block around it, at that statement's indentation; at the top of the body
/// (after a docstring) when the cursor is on the `def` line.
fn body_insertion(text: &str, function: Node<'_>, offset: usize, body: &str) -> Edit {
    let Some(function_body) = function.child_by_field_name("body") else {
        return Edit::insert(offset, String::new());
    };
    // The innermost block (of an `if`, `for`, `with`…) holding the cursor.
    let mut block = function_body;
    'descend: loop {
        let mut cursor = block.walk();
        for statement in block.named_children(&mut cursor) {
            if statement.start_byte() <= offset && offset <= statement.end_byte() {
                if let Some(inner) = innermost_block(statement, offset) {
                    block = inner;
                    continue 'descend;
                }
            }
        }
        break;
    }
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    let before_cursor = statements.iter().rev().find(|n| n.start_byte() <= offset);
    let first = statements.first().copied();
    let anchor = match (before_cursor, first) {
        (Some(statement), _) => *statement,
        // On the `def` line: the top of the body, after a docstring.
        (None, Some(first)) if is_docstring(first) => first,
        (None, Some(first)) => {
            let indent = crate::edit::indentation(text, first.start_byte());
            let at = line_start(text, first.start_byte());
            return Edit::insert(at, indent_body(body, indent));
        }
        (None, None) => return Edit::insert(offset, String::new()),
    };
    let indent = crate::edit::indentation(text, anchor.start_byte());
    let at = next_line(text, anchor.end_byte());
    let mut insert = String::new();
    if at == text.len() && !text.ends_with('\n') {
        insert.push('\n');
    }
    insert.push_str(&indent_body(body, indent));
    Edit::insert(at, insert)
}

/// The block of a compound statement (`if`, `for`, `with`, `try`…) that
/// contains `offset`, if any.
fn innermost_block(statement: Node<'_>, offset: usize) -> Option<Node<'_>> {
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if child.start_byte() > offset || child.end_byte() < offset {
            continue;
        }
        match child.kind() {
            "block" => return Some(child),
            "else_clause" | "elif_clause" | "except_clause" | "finally_clause" | "case_clause" => {
                if let Some(block) = innermost_block(child, offset) {
                    return Some(block);
                }
            }
            _ => {}
        }
    }
    None
}

/// Lower-case words of a name, path or title, without the framework and
/// HTTP words every handler shares; plurals are folded (`items` → `item`).
fn words(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "get", "post", "put", "patch", "delete", "route", "app", "api", "router", "fastapi",
        "flask", "def", "async", "response", "model", "with", "the", "and", "for", "status",
        "code", "self",
    ];
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(|w| {
            let w = w.to_ascii_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

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
        let tree = syntax::parse(&text, None).unwrap();
        let edits = plan(&tree, &text, &Analysis::new(&tree, &text), snippet, offset).unwrap();
        let out = apply(&text, &edits).unwrap();
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
            "import os\nimport sys\nfrom fastapi import Depends\n\n\ndef dep():\n    return Depends\n\n\nx = 1\n"
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
            "import time\n\ndef handler():\n    if True:\n        x = 1\n        started = time.monotonic()\n        doc = \"\"\"a\nb\"\"\"\n        y = 2\n    return 3\n"
        );
        let out = inserted("def h$0andler():\n    \"\"\"Doc.\"\"\"\n    return 3\n", &s);
        assert!(
            out.contains("    \"\"\"Doc.\"\"\"\n    started = time.monotonic()\n"),
            "{out}"
        );
        let tree = syntax::parse("x = 1\n", None).unwrap();
        assert_eq!(
            plan(&tree, "x = 1\n", &Analysis::new(&tree, "x = 1\n"), &s, 0),
            Err(InsertError::NotInFunction)
        );
    }

    #[test]
    fn snippets_are_ranked_by_the_symbol_and_route_under_the_cursor() {
        let bank = Bank::load(&[]);
        let text = "from fastapi import FastAPI, UploadFile\n\napp = FastAPI()\n\n\n@app.post('/upload')\nasync def upload(file: UploadFile):\n    return {}\n";
        let tree = syntax::parse(text, None).unwrap();
        let analysis = Analysis::new(&tree, text);
        let at = text.find("return").unwrap();
        let offered = offers(&bank, &Context::new(&tree, text, &analysis, at));
        assert!(
            offered
                .iter()
                .all(|o| o.snippet.framework != Framework::Flask)
        );
        assert_eq!(offered[0].snippet.id, "fastapi-streaming-upload");
        let none = "x = 1\n";
        let tree = syntax::parse(none, None).unwrap();
        let everything = offers(
            &bank,
            &Context::new(&tree, none, &Analysis::new(&tree, none), 0),
        );
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
