//! Splitting a snippet into the imports it needs and the code to insert, and
//! finding the invisible characters a snippet must not carry into a file.

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

/// Characters that change how text reads without being seen: the Unicode
/// bidirectional controls ("Trojan Source", CVE-2021-42574: code that reads
/// differently from how it runs) and control characters other than tab and
/// line breaks (terminal escapes, NUL). A bank may come from anyone, so
/// snippets carrying them are refused and editor views drop them.
pub fn is_hidden_control(c: char) -> bool {
    is_bidi_control(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The explicit embeddings, overrides and isolates, and the invisible marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The first hidden control character in `text`, with its byte offset and
/// a description for an error message.
pub fn find_hidden_control(text: &str) -> Option<(usize, String)> {
    let (at, c) = text.char_indices().find(|&(_, c)| is_hidden_control(c))?;
    let kind = if is_bidi_control(c) {
        "an invisible bidirectional control character"
    } else {
        "a control character"
    };
    Some((at, format!("{kind} (U+{:04X})", u32::from(c))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_bidi_and_control_characters_but_not_tabs_or_line_breaks() {
        assert_eq!(find_hidden_control("a\tb\r\nc"), None);
        assert_eq!(find_hidden_control("x = 'é→'"), None);
        let (at, what) = find_hidden_control("ok = 1  # \u{202E}evil").unwrap();
        assert_eq!(at, 10);
        assert_eq!(
            what,
            "an invisible bidirectional control character (U+202E)"
        );
        let (_, what) = find_hidden_control("print('\u{1b}[31m')").unwrap();
        assert_eq!(what, "a control character (U+001B)");
        for c in ['\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}'] {
            assert!(is_bidi_control(c), "{c:?}");
        }
    }

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
