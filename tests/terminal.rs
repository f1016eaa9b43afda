//! Answers as a terminal shows them: Markdown laid out to the width, code
//! kept as written, the bank's runner lines and fence attributes never shown,
//! colours on a terminal, a pager for `show`. Terminal runs go through a
//! pseudo-terminal made by util-linux's `script`.

mod support;

use interview_ls::bank::{Bank, Question};
use interview_ls::render::{answer_for_terminal, short_for_terminal};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::process::{Command, Stdio};
use support::{binary, run_cli};
use textwrap::core::display_width;

/// Real bank questions with headings, a table, nested lists, and a
/// snippet fence with runner lines.
const SNAPSHOT_IDS: [&str; 3] = [
    "flask-g-vs-session",
    "async-event-loop",
    "flask-hello-world",
];

fn bank() -> Bank {
    let bank = Bank::load(&[]);
    assert!(bank.errors().is_empty(), "{:?}", bank.errors());
    bank
}

/// `text` without our SGR styles.
fn strip(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// The lines of every code block of `q`'s answer, as the bank has them.
fn code_lines(q: &Question) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_code = false;
    for event in Parser::new(&q.answer) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if in_code => lines.extend(text.lines().map(str::to_string)),
            _ => {}
        }
    }
    lines
}

/// What the fences of `q`'s answer say beyond their language: the kind
/// with its language (`python example`) and each `key=value` attribute.
fn fence_attributes(q: &Question) -> Vec<String> {
    let mut found = Vec::new();
    for event in Parser::new(&q.answer) {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
            let words: Vec<&str> = info.split_whitespace().collect();
            if let [language, kind, ..] = words[..] {
                found.push(format!("{language} {kind}"));
            }
            found.extend(
                words
                    .iter()
                    .filter(|w| w.contains('='))
                    .map(|w| w.to_string()),
            );
        }
    }
    found
}

/// Every line of `rendered` fits `width`, except lines of code kept as
/// written; no runner line or fence attribute shows. Returns what is wrong.
fn problems(q: &Question, rendered: &str, width: usize) -> Vec<String> {
    let code = code_lines(q);
    let mut found = Vec::new();
    for line in strip(rendered).lines() {
        if line.trim_start().starts_with("# test:") {
            found.push(format!("runner line shown: {line}"));
        }
        if display_width(line) > width && !code.iter().any(|c| c.trim() == line.trim()) {
            found.push(format!("{} columns: {line}", display_width(line)));
        }
        if line.trim_start().starts_with("```") {
            found.push(format!("fence shown: {line}"));
        }
    }
    for attributes in fence_attributes(q) {
        if strip(rendered).contains(&attributes) {
            found.push(format!("fence attributes shown: {attributes}"));
        }
    }
    found
}

#[test]
fn snapshots_of_real_questions_at_80_and_40_columns() {
    let bank = bank();
    for id in SNAPSHOT_IDS {
        let q = bank
            .get(id)
            .unwrap_or_else(|| panic!("{id} is in the bank"));
        for width in [80, 40] {
            let rendered = answer_for_terminal(q, width, false);
            assert!(!rendered.contains('\u{1b}'), "unstyled output has escapes");
            insta::assert_snapshot!(format!("{id}_{width}"), rendered);
        }
    }
}

#[test]
fn every_question_fits_80_columns_without_runner_lines_or_fence_attributes() {
    let bank = bank();
    let mut report = Vec::new();
    for q in bank.questions() {
        for styled in [false, true] {
            for text in [
                answer_for_terminal(q, 80, styled),
                short_for_terminal(q, 80, styled),
            ] {
                for problem in problems(q, &text, 80) {
                    report.push(format!("{} (styled: {styled}): {problem}", q.id));
                }
            }
        }
        // Narrow terminals too: prose and tables still fit.
        for problem in problems(q, &answer_for_terminal(q, 40, false), 40) {
            report.push(format!("{} at 40: {problem}", q.id));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert!(bank.questions().len() > 80);
}

#[test]
fn runner_lines_exist_in_the_bank_and_are_dropped() {
    // The check above would pass vacuously if the bank had no runner lines.
    let bank = bank();
    let with_runner_lines: Vec<&Question> = bank
        .questions()
        .iter()
        .filter(|q| q.answer.contains("# test:"))
        .collect();
    assert!(with_runner_lines.len() > 10);
    let attributes = bank
        .questions()
        .iter()
        .filter(|q| !fence_attributes(q).is_empty())
        .count();
    assert!(
        attributes > 40,
        "{attributes} questions with fence attributes"
    );
    for q in with_runner_lines {
        assert!(
            !answer_for_terminal(q, 80, true).contains("# test:"),
            "{}",
            q.id
        );
    }
}

#[test]
fn piped_show_and_random_print_the_plain_80_column_layout() {
    let bank = bank();
    let q = bank.get("flask-g-vs-session").unwrap();
    let (code, stdout, _) = run_cli(&["show", &q.id]);
    assert_eq!(code, 0);
    assert_eq!(stdout, answer_for_terminal(q, 80, false));
    let (code, stdout, stderr) = run_cli(&["random", "--topic", "testing"]);
    assert_eq!(code, 0, "{stderr}");
    // The label line, `[hard · FastAPI] id`, follows the (maybe wrapped) title.
    let id = stdout
        .lines()
        .find(|l| l.starts_with('['))
        .and_then(|l| l.split("] ").nth(1))
        .unwrap_or_else(|| panic!("no label line: {stdout}"));
    let picked = bank
        .get(id)
        .unwrap_or_else(|| panic!("no question {id}: {stdout}"));
    assert_eq!(stdout, short_for_terminal(picked, 80, false));
}

/// Runs the binary on a pseudo-terminal `cols` wide; returns what the
/// terminal received, with the terminal's `\r\n` turned back into `\n`.
pub fn on_terminal(args: &[&str], cols: u16, env: &[(&str, &str)]) -> String {
    let quoted: Vec<String> = std::iter::once(binary())
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let script = format!("stty cols {cols} rows 50; exec {}", quoted.join(" "));
    let mut command = Command::new("script");
    command
        .args(["-qec", &script, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PAGER")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .expect("util-linux `script` runs the binary on a pseudo-terminal");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
}

/// A question whose code lines are short enough to fit 80 columns as
/// indented, so its whole styled answer must fit.
fn question_that_fits(bank: &Bank) -> &Question {
    bank.questions()
        .iter()
        .find(|q| {
            q.answer.contains("```python")
                && q.answer.contains('|')
                && code_lines(q).iter().all(|l| display_width(l) <= 76)
        })
        .expect("a question with Python code and a table that fit 80 columns")
}

#[test]
fn on_a_terminal_the_answer_is_coloured_highlighted_and_fits_80_columns() {
    let bank = bank();
    let q = question_that_fits(&bank);
    let screen = on_terminal(&["show", &q.id, "--no-pager"], 80, &[]);
    assert!(screen.contains("\u{1b}[1m"), "bold styles: {screen}");
    // Python keywords are coloured (magenta), not just the prose styled.
    assert!(screen.contains("\u{1b}[35mimport") || screen.contains("\u{1b}[35mdef"));
    for line in strip(&screen).lines() {
        assert!(
            display_width(line) <= 80,
            "{} columns: {line}",
            display_width(line)
        );
    }
    assert_eq!(strip(&screen), strip(&answer_for_terminal(q, 80, true)));
    // The same at 40 columns, unstyled through NO_COLOR, is the 40-column layout.
    let narrow = on_terminal(&["show", &q.id, "--no-pager"], 40, &[("NO_COLOR", "1")]);
    assert!(!narrow.contains('\u{1b}'), "NO_COLOR is honoured");
    assert_eq!(narrow, answer_for_terminal(q, 40, false));
}

#[test]
fn random_on_a_terminal_is_wrapped_to_its_width() {
    let screen = on_terminal(&["random"], 50, &[]);
    assert!(screen.contains("\u{1b}["), "styled: {screen}");
    assert!(strip(&screen).contains("In short:"));
    for line in strip(&screen).lines() {
        assert!(display_width(line) <= 50, "{line}");
    }
}

#[test]
fn show_pages_through_pager_on_a_terminal_only() {
    let pager = [("PAGER", "sed 's/^/paged: /'")];
    let paged = on_terminal(&["show", "flask-hello-world"], 80, &pager);
    assert!(
        paged.lines().all(|l| l.starts_with("paged: ")),
        "every line went through $PAGER: {paged}"
    );
    assert!(paged.contains("Hello World"));
    let direct = on_terminal(&["show", "flask-hello-world", "--no-pager"], 80, &pager);
    assert!(!direct.contains("paged: "), "{direct}");
    assert!(direct.contains("Hello World"));
    // Piped output never goes through a pager.
    let output = Command::new(binary())
        .args(["show", "flask-hello-world"])
        .env("PAGER", "sed 's/^/paged: /'")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stdout.contains("paged: "),
        "{stdout}"
    );
}

#[test]
fn a_pager_that_cannot_start_falls_back_to_printing() {
    let screen = on_terminal(
        &["show", "flask-hello-world"],
        80,
        &[("PAGER", "/no/such/pager-program")],
    );
    // The shell says what is wrong, and the answer is printed all the same.
    assert!(screen.contains("no/such/pager-program"), "{screen}");
    assert!(screen.contains("Hello World"), "{screen}");
}
