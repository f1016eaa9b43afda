//! The fix for SQL built from strings: the same query with placeholders,
//! and the values passed to `execute` as bound parameters, in the style of
//! the driver the file uses (`?` for sqlite3, `%s` for psycopg and PyMySQL,
//! `:name` for SQLAlchemy's `text()`).
//!
//! Only values can be bound, never table or column names, so the fix is
//! offered only when every interpolated value sits where SQL expects a value
//! (after `=`, `<`, `LIKE`, `LIMIT`, inside `VALUES (...)`) and the rest of
//! the query needs no guessing; otherwise the tip stands without a fix
//! rather than with a query that half-binds or no longer runs.

use super::{File, Fix};
use crate::edit::Edit;
use crate::python::nodes::{node_text, positional_arguments};
use tree_sitter::Node;

/// How a driver marks where a bound value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `?`: sqlite3, aiosqlite.
    Question,
    /// `%s`: psycopg, psycopg2, PyMySQL, MySQLdb.
    Percent,
    /// `:name`: SQLAlchemy's `text()`.
    Named,
}

impl Placeholder {
    /// The DB-API style of the one driver the file imports, if exactly one.
    pub fn of_driver(file: &File<'_>) -> Option<Placeholder> {
        let imports = |packages: &[&str]| {
            packages
                .iter()
                .any(|p| file.analysis.imports.imports_package(p))
        };
        let question = imports(&["sqlite3", "aiosqlite"]);
        let percent = imports(&["psycopg", "psycopg2", "pymysql", "MySQLdb"]);
        match (question, percent) {
            (true, false) => Some(Placeholder::Question),
            (false, true) => Some(Placeholder::Percent),
            _ => None,
        }
    }
}

/// Where a named placeholder goes until the names are known (a character
/// no Python source holds).
const NAME_SLOT: &str = "\u{0}";

/// Where the SQL is built and where the parameters go.
pub struct Site<'t> {
    /// The expression that builds the SQL (an f-string, `+`, `%`, `.format()`).
    pub built: Node<'t>,
    /// The `execute(...)` call.
    pub call: Node<'t>,
    /// The call's SQL argument, after which the parameters are passed.
    pub argument: Node<'t>,
    pub placeholder: Placeholder,
}

/// The fix, when every value can be bound.
pub fn fix(file: &File<'_>, site: &Site<'_>) -> Option<Fix> {
    let arguments = site.call.child_by_field_name("arguments")?;
    if arguments.named_child_count() != 1 || positional_arguments(site.call).len() != 1 {
        return None;
    }
    let (literal, pieces) = split(file, site.built)?;
    let (mut sql, values) = bind(&pieces, site.placeholder)?;
    if site.placeholder == Placeholder::Named {
        for name in named(file, &values) {
            sql = sql.replacen(NAME_SLOT, &format!(":{name}"), 1);
        }
    }
    let parameters = parameters(file, &values, site.placeholder);
    let query = format!(
        "{}{}{}{}",
        literal.prefix, literal.quote, sql, literal.quote
    );
    let titles = match site.placeholder {
        Placeholder::Question => "`?`",
        Placeholder::Percent => "`%s`",
        Placeholder::Named => "`:name`",
    };
    Some(Fix {
        title: format!("Use a parameterised query ({titles} placeholders, values bound)"),
        edits: vec![
            Edit::replace(site.built.byte_range(), query),
            Edit::insert(site.argument.end_byte(), format!(", {parameters}")),
        ],
    })
}

/// How the query's string literal is written: its prefix without `f`, and
/// its quotes.
#[derive(Debug, PartialEq, Eq)]
struct Literal {
    prefix: String,
    quote: String,
}

#[derive(Debug)]
enum Piece<'t> {
    /// SQL text as written in the source (escapes kept).
    Text(String),
    Value(Node<'t>),
}

/// The SQL as text and values, from whichever way it was built.
fn split<'t>(file: &File<'_>, built: Node<'t>) -> Option<(Literal, Vec<Piece<'t>>)> {
    match built.kind() {
        "string" => {
            let (literal, is_f, parts) = string_parts(file, built)?;
            is_f.then_some((literal, parts))
        }
        "binary_operator" => {
            let operator = built.child_by_field_name("operator")?.kind();
            let left = built.child_by_field_name("left")?;
            let right = built.child_by_field_name("right")?;
            match operator {
                "%" => percent_formatted(file, left, right),
                "+" => concatenated(file, built),
                _ => None,
            }
        }
        "call" => format_call(file, built),
        "parenthesized_expression" => split(file, built.named_child(0)?),
        _ => None,
    }
}

/// A string literal's delimiters, whether it is an f-string, and its
/// pieces (`{{`/`}}` of an f-string already unescaped).
fn string_parts<'t>(file: &File<'_>, string: Node<'t>) -> Option<(Literal, bool, Vec<Piece<'t>>)> {
    let mut cursor = string.walk();
    let children: Vec<Node<'t>> = string.named_children(&mut cursor).collect();
    let start = children.iter().find(|c| c.kind() == "string_start")?;
    let end = children.iter().find(|c| c.kind() == "string_end")?;
    let opening = node_text(*start, file.text);
    let quote_at = opening.find(['"', '\''])?;
    let (prefix, quote) = opening.split_at(quote_at);
    if prefix.contains(['b', 'B']) {
        return None;
    }
    let is_f = prefix.contains(['f', 'F']);
    let literal = Literal {
        prefix: prefix.replace(['f', 'F'], ""),
        quote: quote.to_string(),
    };
    let unescape = |raw: &str| {
        if is_f {
            raw.replace("{{", "{").replace("}}", "}")
        } else {
            raw.to_string()
        }
    };
    let mut pieces = Vec::new();
    let mut at = start.end_byte();
    for child in children.iter().filter(|c| c.kind() == "interpolation") {
        pieces.push(Piece::Text(unescape(
            file.text.get(at..child.start_byte())?,
        )));
        // `{x!r}` or `{x:>10}` change how the value is written: not a plain value.
        if child.named_child_count() != 1 {
            return None;
        }
        pieces.push(Piece::Value(child.named_child(0)?));
        at = child.end_byte();
    }
    pieces.push(Piece::Text(unescape(file.text.get(at..end.start_byte())?)));
    Some((literal, is_f, pieces))
}

/// `"... %s ..." % (a, b)`.
fn percent_formatted<'t>(
    file: &File<'_>,
    format: Node<'t>,
    values: Node<'t>,
) -> Option<(Literal, Vec<Piece<'t>>)> {
    let (literal, is_f, parts) = string_parts(file, format)?;
    let [Piece::Text(template)] = parts.as_slice() else {
        return None;
    };
    if is_f {
        return None;
    }
    let mut values: Vec<Node<'t>> = match values.kind() {
        "tuple" => {
            let mut cursor = values.walk();
            values.named_children(&mut cursor).collect()
        }
        "dictionary" | "list_splat" | "dictionary_splat" => return None,
        _ => vec![values],
    }
    .into_iter()
    .rev()
    .collect();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            '%' => text.push('%'),
            's' | 'd' | 'i' | 'f' => {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Value(values.pop()?));
            }
            _ => return None,
        }
    }
    pieces.push(Piece::Text(text));
    values.is_empty().then_some((literal, pieces))
}

/// `"..." + x + "..."`: every string operand written the same way.
fn concatenated<'t>(file: &File<'_>, sum: Node<'t>) -> Option<(Literal, Vec<Piece<'t>>)> {
    let operands = crate::python::nodes::descendants(
        sum,
        |n| !(n.kind() == "binary_operator" && is_plus(n)),
        |n| n.kind() == "binary_operator" && is_plus(n),
    );
    let mut literal: Option<Literal> = None;
    let mut pieces = Vec::new();
    for operand in operands {
        if operand.kind() != "string" {
            pieces.push(Piece::Value(operand));
            continue;
        }
        let (this, _, parts) = string_parts(file, operand)?;
        match &literal {
            Some(first) if *first != this => return None,
            Some(_) => {}
            None => literal = Some(this),
        }
        pieces.extend(parts);
    }
    Some((literal?, pieces))
}

fn is_plus(node: Node<'_>) -> bool {
    node.child_by_field_name("operator")
        .is_some_and(|o| o.kind() == "+")
}

/// `"... {} ... {name} ...".format(a, name=b)`.
fn format_call<'t>(file: &File<'_>, call: Node<'t>) -> Option<(Literal, Vec<Piece<'t>>)> {
    let function = call.child_by_field_name("function")?;
    let format = function.child_by_field_name("object")?;
    let (literal, is_f, parts) = string_parts(file, format)?;
    let [Piece::Text(template)] = parts.as_slice() else {
        return None;
    };
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let arguments: Vec<Node<'t>> = arguments.named_children(&mut cursor).collect();
    if is_f
        || arguments
            .iter()
            .any(|a| matches!(a.kind(), "list_splat" | "dictionary_splat"))
    {
        return None;
    }
    let positional = positional_arguments(call);
    let keyword = |name: &str| {
        arguments.iter().find_map(|a| {
            (a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| node_text(n, file.text) == name))
            .then(|| a.child_by_field_name("value"))
            .flatten()
        })
    };
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut next = 0;
    let mut rest = template.as_str();
    while let Some(at) = rest.find(['{', '}']) {
        text.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            text.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let close = tail.find('}').filter(|_| tail.starts_with('{'))?;
        let field = &tail[1..close];
        let value = if field.is_empty() {
            next += 1;
            *positional.get(next - 1)?
        } else if let Ok(index) = field.parse::<usize>() {
            *positional.get(index)?
        } else if is_identifier(field) {
            keyword(field)?
        } else {
            return None;
        };
        pieces.push(Piece::Text(std::mem::take(&mut text)));
        pieces.push(Piece::Value(value));
        rest = &tail[close + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    Some((literal, pieces))
}

/// The SQL with placeholders, and the values in order; `None` when a value
/// is not in a value position or the text would be misread by the driver.
fn bind<'t>(pieces: &[Piece<'t>], placeholder: Placeholder) -> Option<(String, Vec<Node<'t>>)> {
    let mut sql = String::new();
    let mut values = Vec::new();
    // Whether the next text piece starts with the closing quote of a quoted value.
    let mut drop_quote: Option<char> = None;
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                let text = match drop_quote.take() {
                    Some(quote) => text.strip_prefix(quote)?,
                    None => text.as_str(),
                };
                sql.push_str(&escape(text, placeholder)?);
            }
            Piece::Value(value) => {
                // `'{name}'`: the quotes belonged to the value.
                let quote = sql
                    .chars()
                    .last()
                    .filter(|c| matches!(c, '\'' | '"'))
                    .filter(|_| !sql.ends_with("\\'") && !sql.ends_with("\\\""));
                if let Some(quote) = quote {
                    sql.pop();
                    drop_quote = Some(quote);
                }
                if !is_value_position(&sql) {
                    return None;
                }
                sql.push_str(match placeholder {
                    Placeholder::Question => "?",
                    Placeholder::Percent => "%s",
                    Placeholder::Named => NAME_SLOT,
                });
                values.push(*value);
            }
        }
    }
    if drop_quote.is_some() {
        return None;
    }
    Some((sql, values))
}

/// Literal SQL text made safe for the driver's placeholder syntax.
fn escape(text: &str, placeholder: Placeholder) -> Option<String> {
    match placeholder {
        Placeholder::Question => Some(text.to_string()),
        // With parameters, a literal `%` must be doubled.
        Placeholder::Percent => Some(text.replace('%', "%%")),
        // `text()` reads `:word` as a parameter: leave such SQL alone.
        Placeholder::Named => {
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c == ':'
                    && chars
                        .peek()
                        .is_some_and(|n| n.is_alphanumeric() || *n == '_' || *n == ':')
                {
                    return None;
                }
            }
            Some(text.to_string())
        }
    }
}

/// Whether SQL ending with `before` expects a value next (not a table or
/// column name, not a list).
fn is_value_position(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.ends_with(['=', '<', '>']) {
        return true;
    }
    let upper = trimmed.to_ascii_uppercase();
    let last_word = upper
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if matches!(last_word, "LIKE" | "ILIKE" | "LIMIT" | "OFFSET") {
        return true;
    }
    // `VALUES ('{a}', {b})`: inside the values list.
    trimmed.ends_with(['(', ',']) && upper.contains("VALUES")
}

/// The parameters as Python: a tuple, or a dict for named placeholders
/// (whose names are filled into `sql` by [`fix`]).
fn parameters(file: &File<'_>, values: &[Node<'_>], placeholder: Placeholder) -> String {
    let texts: Vec<&str> = values.iter().map(|v| node_text(*v, file.text)).collect();
    match placeholder {
        Placeholder::Question | Placeholder::Percent => {
            if texts.len() == 1 {
                format!("({},)", texts[0])
            } else {
                format!("({})", texts.join(", "))
            }
        }
        Placeholder::Named => {
            let names = named(file, values);
            let mut entries: Vec<String> = Vec::new();
            for (name, text) in names.iter().zip(&texts) {
                let entry = format!("\"{name}\": {text}");
                if !entries.contains(&entry) {
                    entries.push(entry);
                }
            }
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// A parameter name per value: the variable's or attribute's own name,
/// numbered when two different values would share one; the same
/// expression twice shares a name.
fn named(file: &File<'_>, values: &[Node<'_>]) -> Vec<String> {
    let mut taken: Vec<(String, &str)> = Vec::new();
    let mut names = Vec::new();
    for value in values {
        let text = node_text(*value, file.text);
        if let Some((name, _)) = taken.iter().find(|(_, t)| *t == text) {
            names.push(name.clone());
            continue;
        }
        let base = match value.kind() {
            "identifier" => text.to_string(),
            "attribute" => value
                .child_by_field_name("attribute")
                .map_or("value".to_string(), |a| node_text(a, file.text).to_string()),
            _ => "value".to_string(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.iter().any(|(t, _)| *t == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.push((name.clone(), text));
        names.push(name);
    }
    names
}

fn is_identifier(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}
