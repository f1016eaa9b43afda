//! The key-points checklist, after the reveal: `t` lists the points, the
//! user ticks the ones they said (a digit toggles one on a terminal; from a
//! pipe one line such as `1 3 5` ticks them all), and the share ticked
//! proposes a grade (see [`crate::practice::points`]), which Enter accepts.

use super::keys::{Key, Keys};
use super::read_error;
use crate::bank::Question;
use crate::cli::CliError;
use crate::render::terminal;
use std::collections::BTreeSet;

/// How the checklist ended.
pub enum Ticked {
    /// The 0-based indexes of the points said.
    Said(Vec<usize>),
    /// Another key ended it (to be handled as usual: `q`, `u`, a grade…).
    Other(Key),
}

/// Ticks `question`'s points until Enter (or, from a pipe, one line of numbers).
pub fn tick(
    question: &Question,
    keys: &mut impl Keys,
    say: &mut impl FnMut(&str) -> Result<(), CliError>,
) -> Result<Ticked, CliError> {
    let points = &question.points;
    let mut said = BTreeSet::new();
    let mut listing = String::from("\nWhich key points did you say?\n");
    listing.push_str(&terminal::key_points_for_terminal(
        question,
        terminal::stdout_width(),
        terminal::stdout_styled(),
    ));
    listing.push_str(if keys.whole_lines() {
        "Type their numbers (e.g. 1 3), or Enter for none.\n"
    } else {
        "Press their numbers to tick them, then Enter.\n"
    });
    say(&listing)?;
    loop {
        match keys.next_key().map_err(read_error)? {
            Key::Enter => return Ok(Ticked::Said(said.into_iter().collect())),
            Key::Text(text) => match numbers(&text, points.len()) {
                Some(numbers) => {
                    for n in numbers {
                        if !said.remove(&n) {
                            said.insert(n);
                        }
                    }
                    if keys.whole_lines() {
                        return Ok(Ticked::Said(said.into_iter().collect()));
                    }
                    say(&format!("Said: {}\n", ticks(&said, points.len())))?;
                }
                None if text.chars().any(|c| c.is_ascii_digit()) => say(&format!(
                    "Points are numbered 1 to {}; try again.\n",
                    points.len()
                ))?,
                None => return Ok(Ticked::Other(Key::Text(text))),
            },
            other => return Ok(Ticked::Other(other)),
        }
    }
}

/// `1 3`, `1,3` or `13` as 0-based indexes, when every digit names a point.
fn numbers(text: &str, count: usize) -> Option<Vec<usize>> {
    let digits: Vec<usize> = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ','))
        .map(|c| c.to_digit(10).map(|d| d as usize))
        .collect::<Option<_>>()?;
    (!digits.is_empty() && digits.iter().all(|&d| (1..=count).contains(&d)))
        .then(|| digits.into_iter().map(|d| d - 1).collect())
}

/// `1 ✓ · 2 · 3 ✓`.
fn ticks(said: &BTreeSet<usize>, count: usize) -> String {
    (0..count)
        .map(|i| {
            if said.contains(&i) {
                format!("{} ✓", i + 1)
            } else {
                (i + 1).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::super::keys::Lines;
    use super::*;

    fn question() -> Question {
        let mut q = crate::practice::test_support::question(
            "q",
            crate::bank::Difficulty::Easy,
            crate::bank::Framework::Flask,
            &["testing"],
        );
        q.points = ["a", "b", "c"].map(String::from).to_vec();
        q
    }

    fn said(input: &str) -> Vec<usize> {
        let mut keys = Lines(input.as_bytes());
        match tick(&question(), &mut keys, &mut |_| Ok(())).ok().unwrap() {
            Ticked::Said(said) => said,
            Ticked::Other(key) => panic!("{key:?}"),
        }
    }

    #[test]
    fn a_line_of_numbers_ticks_points_and_enter_alone_ticks_none() {
        assert_eq!(said("1 3\n"), [0, 2]);
        assert_eq!(said("13\n"), [0, 2]);
        assert_eq!(said("2,3\n"), [1, 2]);
        assert_eq!(said("\n"), Vec::<usize>::new());
        // A number out of range is said so and asked again.
        assert_eq!(said("4\n2\n"), [1]);
        let mut keys = Lines("q\n".as_bytes());
        assert!(matches!(
            tick(&question(), &mut keys, &mut |_| Ok(())).ok().unwrap(),
            Ticked::Other(Key::Text(t)) if t == "q"
        ));
    }
}
