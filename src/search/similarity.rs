//! How close a typed word is to a word of the bank: the same, a prefix of it
//! (`auth` → `authentication`), or a typo away (`blueprnt` → `blueprint`).

/// The same word (after stemming).
pub const SAME: f32 = 1.0;
/// The typed word starts the bank's word.
pub const PREFIX: f32 = 0.8;
/// One edit away (two for long words).
pub const TYPO: f32 = 0.7;

/// Words shorter than this are never completed as prefixes: `g` or `db`
/// would match half the bank.
const MIN_PREFIX: usize = 3;
/// Words shorter than this are never corrected: short words are too close
/// to each other for a typo to be told from another word.
const MIN_TYPO: usize = 4;

/// How well the typed word `typed` matches the bank's `word`, both lower
/// case and unstemmed, 0 when not at all. `typos` allows a match within a
/// small edit distance (callers turn it off when the typed word is itself a
/// word of the bank: `flash` is not a typo of `flask`).
pub fn similarity(typed: &str, word: &str, typos: bool) -> f32 {
    if typed == word {
        return SAME;
    }
    let (tl, wl) = (typed.chars().count(), word.chars().count());
    if tl >= MIN_PREFIX && wl > tl && word.starts_with(typed) {
        return PREFIX;
    }
    if typos && tl >= MIN_TYPO && tl.abs_diff(wl) <= 2 {
        let allowed = if tl >= 7 { 2 } else { 1 };
        if may_be_within(typed, word, allowed)
            && strsim::damerau_levenshtein(typed, word) <= allowed
        {
            return TYPO;
        }
    }
    0.0
}

/// A cheap, exact pre-check for `damerau_levenshtein(a, b) <= k`: `false`
/// only when the distance is certainly larger.
///
/// Each edit (insert, delete, substitute, transpose) changes the difference
/// between the two words' letter counts by at most 2, so the distance is at
/// least half that difference. `strsim` builds a hash map per call; on a
/// 10,000-question bank (about 10,500 distinct words) this check skips it for
/// nearly every word and took `Bank::search` from 2.2 ms p50 / 11.3 ms p99 to
/// 1.8 ms / 5.4 ms (`cargo bench --bench lsp`). Non-ASCII words are left to
/// the full computation.
pub fn may_be_within(a: &str, b: &str, k: usize) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte)] -= 1;
    }
    let difference: u32 = counts.iter().map(|c| c.unsigned_abs()).sum();
    difference as usize <= 2 * k
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2_000))]

        /// The pre-check never hides a match: search results are unchanged.
        #[test]
        fn the_distance_pre_check_never_rejects_a_close_word(
            a in "[a-e0-2é]{0,9}",
            b in "[a-e0-2é]{0,9}",
            k in 0usize..3,
        ) {
            if strsim::damerau_levenshtein(&a, &b) <= k {
                proptest::prop_assert!(may_be_within(&a, &b, k), "{a} / {b} / {k}");
            }
        }
    }

    #[test]
    fn the_distance_pre_check_rejects_far_words() {
        assert!(!may_be_within("limit", "1234", 1));
        assert!(!may_be_within("session", "migration", 2));
        assert!(may_be_within("blueprnt", "blueprint", 1));
        assert!(may_be_within("middlware", "middleware", 2));
    }

    #[test]
    fn prefixes_and_typos_match_less_than_the_word_itself() {
        assert_eq!(similarity("blueprint", "blueprint", true), SAME);
        assert_eq!(similarity("auth", "authentication", true), PREFIX);
        assert_eq!(similarity("blueprnt", "blueprint", true), TYPO);
        assert_eq!(similarity("blueprnt", "blueprint", false), 0.0);
        assert_eq!(similarity("db", "dbapi", true), 0.0);
        assert_eq!(similarity("flask", "flash", true), TYPO);
        assert_eq!(similarity("cat", "car", true), 0.0);
    }
}
