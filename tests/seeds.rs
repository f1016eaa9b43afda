//! Every question from the seed lists is in the bank, under its own wording,
//! and searching that wording finds it first.

use interview_ls::bank::Bank;

const SEED_QUESTIONS: &str = include_str!("fixtures/seed_questions.txt");

#[test]
fn every_seed_question_is_answered_and_found_first() {
    let bank = Bank::load(&[]);
    let mut missing = Vec::new();
    for wording in SEED_QUESTIONS.lines().filter(|l| !l.trim().is_empty()) {
        let hits = bank.search(wording, 1);
        let found = hits.first().is_some_and(|hit| {
            let q = hit.question;
            q.title == wording || q.aliases.iter().any(|a| a == wording)
        });
        if !found {
            missing.push(format!(
                "{wording:?} → {:?}",
                hits.first().map(|h| &h.question.id)
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "seed questions not found first:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_bank_has_the_promised_size() {
    let bank = Bank::load(&[]);
    let snippets = bank.snippets().count();
    assert!(
        bank.questions().len() >= 80,
        "{} questions",
        bank.questions().len()
    );
    assert!(snippets >= 40, "{snippets} snippets");
}

#[test]
fn every_built_in_question_has_three_to_six_key_points() {
    let bank = Bank::load(&[]);
    let wrong: Vec<String> = bank
        .questions()
        .iter()
        .filter(|q| !(3..=6).contains(&q.points.len()))
        .map(|q| format!("{} has {} key points", q.id, q.points.len()))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(bank.errors().is_empty(), "{:?}", bank.errors());
}
