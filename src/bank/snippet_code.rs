//! Splitting a snippet into the imports it needs and the code to insert.

/// Returns the snippet's leading import statements (each normalised to one
/// line) and the rest of the code, without `# test:` lines.
///
/// The import section is the longest prefix made of blank lines and
/// `import …` / `from … import …` statements, including parenthesised and
/// backslash-continued ones.
pub fn split_imports(code: &str) -> (Vec<String>, String) {
    let lines: Vec<&str> = code.lines().collect();
    let mut imports = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_start().starts_with('#') {
            break;
        }
        let line = strip_comment(lines[i]);
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if !(line.starts_with("import ") || line.starts_with("from ")) {
            break;
        }
        let mut statement = line.to_string();
        i += 1;
        if statement.contains('(') && !statement.contains(')') {
            while i < lines.len() {
                let part = strip_comment(lines[i]).trim();
                i += 1;
                statement.push(' ');
                statement.push_str(part);
                if part.contains(')') {
                    break;
                }
            }
        }
        while statement.ends_with('\\') && i < lines.len() {
            statement.pop();
            statement.push(' ');
            statement.push_str(strip_comment(lines[i]).trim());
            i += 1;
        }
        imports.push(normalise_import(&statement));
    }
    let body: Vec<&str> = lines[i..]
        .iter()
        .copied()
        .filter(|l| !is_test_line(l))
        .collect();
    let mut body = body.join("\n").trim_matches('\n').to_string();
    if !body.is_empty() {
        body.push('\n');
    }
    (imports, body)
}

/// Import statements hold no strings, so a `#` always starts a comment.
fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or(line).trim_end()
}

/// `# test:` lines drive the example runner; users never see them inserted.
pub fn is_test_line(line: &str) -> bool {
    line.trim_start()
        .strip_prefix('#')
        .is_some_and(|rest| rest.trim_start().starts_with("test:"))
}

/// `from x import (\n a,\n b,\n)` → `from x import a, b`.
fn normalise_import(statement: &str) -> String {
    let flat = statement.replace(['(', ')'], " ");
    let mut words = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    words = words.replace(" ,", ",");
    words.trim_end_matches(',').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parenthesised_and_plain_imports() {
        let code = "from __future__ import annotations\n\nimport os\nfrom fastapi import (\n    Depends,\n    FastAPI,  # app\n)\n\napp = FastAPI()\n# test: GET / -> 404\n";
        let (imports, body) = split_imports(code);
        assert_eq!(
            imports,
            vec![
                "from __future__ import annotations",
                "import os",
                "from fastapi import Depends, FastAPI"
            ]
        );
        assert_eq!(body, "app = FastAPI()\n");
    }

    #[test]
    fn a_comment_ends_the_import_section() {
        let (imports, body) = split_imports("# setup\nimport os\n");
        assert!(imports.is_empty());
        assert_eq!(body, "# setup\nimport os\n");
    }
}
