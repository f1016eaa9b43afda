//! Code fence info strings: `python snippet id=x title="A title" needs=redis`.

use super::model::{Framework, Scope};

/// The attributes the runner reads; kept on the block and passed through.
const RUNNER_ATTRS: [&str; 2] = ["needs", "app"];
const ALL_ATTRS: [&str; 6] = ["id", "title", "framework", "scope", "needs", "app"];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct FenceInfo {
    pub language: String,
    pub snippet: bool,
    pub id: Option<String>,
    pub title: Option<String>,
    pub framework: Option<Framework>,
    pub scope: Option<Scope>,
    pub extra: Vec<(String, String)>,
}

impl FenceInfo {
    pub fn is_python(&self) -> bool {
        matches!(self.language.as_str(), "python" | "py" | "python3")
    }

    pub fn runner_attrs(&self) -> Vec<(String, String)> {
        self.extra
            .iter()
            .filter(|(k, _)| RUNNER_ATTRS.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}

/// Splits on spaces, keeping double-quoted values together.
fn words(info: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in info.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(format!("unterminated quote in code fence `{info}`"));
    }
    if !current.is_empty() {
        words.push(current);
    }
    Ok(words)
}

/// Reads a fence's info string. Only Python fences are checked strictly:
/// other languages are shown to the reader and never interpreted.
pub fn parse_fence_info(info: &str) -> Result<FenceInfo, String> {
    let mut parsed = FenceInfo::default();
    let Some(language) = info.split_whitespace().next() else {
        return Ok(parsed);
    };
    parsed.language = language.to_ascii_lowercase();
    if !parsed.is_python() {
        return Ok(parsed);
    }
    for word in words(info)?.into_iter().skip(1) {
        match word.split_once('=') {
            None if word == "snippet" => parsed.snippet = true,
            None if word == "example" => {}
            None => {
                return Err(format!(
                    "unknown code block kind `{word}` (expected `example` or `snippet`)"
                ));
            }
            Some((key, value)) => match key {
                "id" => parsed.id = Some(value.to_string()),
                "title" => parsed.title = Some(value.to_string()),
                "framework" => parsed.framework = Some(value.parse()?),
                "scope" => {
                    parsed.scope = Some(match value {
                        "module" => Scope::Module,
                        "body" => Scope::Body,
                        other => {
                            return Err(format!(
                                "unknown scope `{other}` (expected module or body)"
                            ));
                        }
                    });
                }
                "needs" => {
                    for need in value.split(',') {
                        if !matches!(need, "postgres" | "redis") {
                            return Err(format!(
                                "unknown service `{need}` in needs= (expected postgres or redis)"
                            ));
                        }
                    }
                    parsed.extra.push((key.to_string(), value.to_string()));
                }
                _ if ALL_ATTRS.contains(&key) => {
                    parsed.extra.push((key.to_string(), value.to_string()));
                }
                other => {
                    let hint = crate::suggest::closest(other, ALL_ATTRS)
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    return Err(format!("unknown code block attribute `{other}`{hint}"));
                }
            },
        }
    }
    if !parsed.snippet && (parsed.id.is_some() || parsed.title.is_some()) {
        return Err("`id=`/`title=` are for snippets: add the word `snippet` to the fence".into());
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_snippet_attributes() {
        let info =
            parse_fence_info(r#"python snippet id=a-b title="Hello world" scope=body needs=redis"#)
                .unwrap();
        assert!(info.snippet);
        assert_eq!(info.id.as_deref(), Some("a-b"));
        assert_eq!(info.title.as_deref(), Some("Hello world"));
        assert_eq!(info.scope, Some(Scope::Body));
        assert_eq!(info.runner_attrs(), vec![("needs".into(), "redis".into())]);
    }

    #[test]
    fn rejects_typos_and_ignores_other_languages() {
        assert!(
            parse_fence_info("python snipet")
                .unwrap_err()
                .contains("snipet")
        );
        assert!(
            parse_fence_info("python snippet tilte=x")
                .unwrap_err()
                .contains("did you mean `title`")
        );
        assert!(parse_fence_info("python needs=mysql").is_err());
        assert_eq!(
            parse_fence_info("bash whatever=1").unwrap().language,
            "bash"
        );
    }
}
