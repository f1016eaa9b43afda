//! "Did you mean …": the one place that decides which known word a user
//! probably meant. The CLI, the LSP commands and the bank parser all ask here,
//! so a typo gets the same suggestion in every front end.

/// How a word is compared: case, spaces and underscores do not matter
/// (`Dependency Injection` is `dependency-injection`).
pub fn normalize(word: &str) -> String {
    word.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Known words that look like what the user meant by `word`, closest first,
/// at most three. A word is near when it is a typo away, when `word` is its
/// start (`auth` → `auth-security`), one of its hyphenated parts (`security`
/// → `auth-security`) or its initials (`di` → `dependency-injection`).
pub fn near<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = normalize(word);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u32, &str)> = known
        .into_iter()
        .filter_map(|candidate| closeness(&wanted, &normalize(candidate)).map(|s| (s, candidate)))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, word)| word).collect()
}

/// The single nearest known word, for places that suggest one (metadata keys).
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    near(word, known).into_iter().next()
}

/// `did you mean `a`?` / `did you mean `a`, `b` or `c`?`, or `None` when
/// nothing is near.
pub fn did_you_mean(near: &[&str]) -> Option<String> {
    let quoted: Vec<String> = near.iter().map(|w| format!("`{w}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// Lower is closer; `None` when `candidate` is not a plausible meaning.
fn closeness(wanted: &str, candidate: &str) -> Option<u32> {
    if wanted == candidate {
        return Some(0);
    }
    let distance = strsim::damerau_levenshtein(wanted, candidate);
    let allowed = 2.max(candidate.chars().count() / 4);
    if distance <= allowed {
        return Some(1 + distance as u32);
    }
    let parts: Vec<&str> = candidate.split('-').collect();
    if wanted.len() >= 2 && parts.contains(&wanted) {
        return Some(10);
    }
    if wanted.len() >= 3 && candidate.starts_with(wanted) {
        return Some(11);
    }
    let initials: String = parts.iter().filter_map(|p| p.chars().next()).collect();
    if parts.len() > 1 && wanted == initials {
        return Some(12);
    }
    if strsim::jaro_winkler(wanted, candidate) >= 0.88 {
        return Some(20);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPICS: [&str; 5] = [
        "auth-security",
        "databases",
        "dependency-injection",
        "async-concurrency",
        "testing",
    ];

    #[test]
    fn typos_prefixes_parts_and_initials_are_near() {
        assert_eq!(near("databse", TOPICS), ["databases"]);
        assert_eq!(near("database", TOPICS), ["databases"]);
        assert_eq!(near("auth", TOPICS), ["auth-security"]);
        assert_eq!(near("security", TOPICS), ["auth-security"]);
        assert_eq!(near("di", TOPICS), ["dependency-injection"]);
        assert_eq!(
            near("Dependency Injection", TOPICS),
            ["dependency-injection"]
        );
        assert_eq!(near("async", TOPICS), ["async-concurrency"]);
        assert!(near("kubernetes", TOPICS).is_empty());
        assert!(near("", TOPICS).is_empty());
    }

    #[test]
    fn ids_one_typo_away_are_suggested_first() {
        let ids = [
            "di-dependency-injection",
            "di-yield-dependencies",
            "flask-blueprints",
        ];
        assert_eq!(
            near("di-dependency-injectoin", ids).first(),
            Some(&"di-dependency-injection")
        );
        assert_eq!(
            closest("dificulty", ["difficulty", "id"]),
            Some("difficulty")
        );
    }

    #[test]
    fn suggestions_read_as_a_sentence() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["a"]).unwrap(), "did you mean `a`?");
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
    }
}
