//! How much of the framework surface hovers reach, measured through the real
//! binary on a corpus of realistic Flask and FastAPI files
//! (`tests/fixtures/hover-corpus/`, labelled by hand in its `labels.txt`).
//!
//! Every framework-name occurrence (see `hover_corpus/occurrences.rs`) is
//! hovered over LSP. Two figures:
//! - coverage: the share of occurrences that should get a hover and do;
//! - precision: the share of hovers that show the labelled question.
//!
//! Both are printed (`cargo test --test hover_corpus -- --nocapture`), with
//! the wrong hovers and the framework names no question is about yet, and
//! held at floors so a regression fails.

mod support;

#[path = "hover_corpus/labels.rs"]
mod labels;
#[path = "hover_corpus/occurrences.rs"]
mod occurrences;

use labels::Expected;
use occurrences::{Kind, Occurrence};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use support::{LspClient, run_cli};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hover-corpus");

/// Floors: the figures this corpus reaches today. Raise them as hovers
/// improve; never lower them to make a change pass.
const MIN_COVERAGE: f64 = 0.9563;
const MIN_PRECISION: f64 = 0.9985;

fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read corpus dir")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "py") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(CORPUS), &mut files);
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(CORPUS)
        .expect("inside the corpus")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Bank id → title, to recognise which question a hover shows.
fn bank_titles() -> Vec<(String, String)> {
    let (code, stdout, stderr) = run_cli(&["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Value = serde_json::from_str(&stdout).expect("list --json");
    list.as_array()
        .expect("an array")
        .iter()
        .map(|q| {
            (
                q["id"].as_str().expect("id").to_string(),
                q["title"].as_str().expect("title").to_string(),
            )
        })
        .collect()
}

/// A question title as a hover writes it (`[title](link)`, Markdown
/// escapes), back to the bank's text.
fn title_in(markdown: &str) -> String {
    let text = markdown.trim();
    let text = match text.strip_prefix('[') {
        Some(rest) => rest.rsplit_once("](").map_or(rest, |(title, _)| title),
        None => text,
    };
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// The id of the question a hover shows: its first line names it
/// (`**Q (easy):** [title](link)`).
fn shown_question(hover: &str, bank: &[(String, String)]) -> String {
    let question_line = hover
        .lines()
        .next()
        .and_then(|l| l.split_once(":** "))
        .map(|(_, title)| title_in(title))
        .unwrap_or_else(|| panic!("no question line in the hover:\n{hover}"));
    bank.iter()
        .find(|(_, title)| *title == question_line)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no bank question matches the hover:\n{hover}"))
}

struct Measured {
    path: String,
    occurrence: Occurrence,
    expected: Expected,
    shown: Option<String>,
}

impl Measured {
    fn counts_for_coverage(&self) -> bool {
        self.expected != Expected::None
    }

    fn correct(&self) -> bool {
        match (&self.expected, &self.shown) {
            (Expected::Questions(ids), Some(shown)) => ids.contains(shown),
            _ => false,
        }
    }
}

/// Hovers every occurrence of every corpus file through one server.
fn measure() -> Vec<Measured> {
    let labels = labels::parse(
        &std::fs::read_to_string(Path::new(CORPUS).join("labels.txt")).expect("labels.txt"),
    );
    let bank = bank_titles();
    let mut client = LspClient::start();
    client.initialize();
    let mut measured = Vec::new();
    let mut unlabelled = Vec::new();
    let mut matched = 0;
    for file in corpus_files() {
        let path = relative(&file);
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let uri = format!("file:///corpus/{path}");
        client.open(&uri, "python", &text);
        let found = occurrences::find(&text);
        let ids: Vec<i64> = found
            .iter()
            .map(|o| {
                let position = json!({"line": o.line - 1, "character": o.column - 1});
                client.send_request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": position}),
                )
            })
            .collect();
        let responses = client.responses_to(&ids);
        for (occurrence, response) in found.into_iter().zip(responses) {
            assert!(response.get("error").is_none(), "{response}");
            let shown = response["result"]["contents"]["value"]
                .as_str()
                .map(|hover| shown_question(hover, &bank));
            let key = (path.clone(), occurrence.line, occurrence.column);
            match labels.get(&key) {
                Some(label) if label.symbol == occurrence.symbol => {
                    matched += 1;
                    measured.push(Measured {
                        path: path.clone(),
                        expected: label.expected.clone(),
                        occurrence,
                        shown,
                    });
                }
                _ => unlabelled.push(format!(
                    "{path}:{}:{}  {}  {}",
                    occurrence.line,
                    occurrence.column,
                    occurrence.symbol,
                    shown.as_deref().unwrap_or("?")
                )),
            }
        }
    }
    assert!(
        unlabelled.is_empty(),
        "{} occurrences have no label (or a label for another symbol); label them in labels.txt \
         (the last column is what the hover shows today, not necessarily right):\n{}",
        unlabelled.len(),
        unlabelled.join("\n")
    );
    assert_eq!(
        matched,
        labels.len(),
        "labels.txt labels places that are no longer framework-name occurrences"
    );
    measured
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

struct Figures {
    /// Occurrences that should get a hover (all but `none`).
    occurrences: usize,
    /// Of those, how many got one.
    hovered: usize,
    /// Every hover shown, `none` places included.
    hovers: usize,
    correct: usize,
    coverage: f64,
    precision: f64,
}

fn figures<'a>(measured: impl Iterator<Item = &'a Measured>) -> Figures {
    let (mut occurrences, mut hovered, mut correct, mut all_hovers) = (0, 0, 0, 0);
    for m in measured {
        all_hovers += usize::from(m.shown.is_some());
        correct += usize::from(m.correct());
        if m.counts_for_coverage() {
            occurrences += 1;
            hovered += usize::from(m.shown.is_some());
        }
    }
    Figures {
        occurrences,
        hovered,
        hovers: all_hovers,
        correct,
        coverage: ratio(hovered, occurrences),
        precision: ratio(correct, all_hovers),
    }
}

fn report(measured: &[Measured]) -> Figures {
    println!("\nHover corpus: {} labelled occurrences", measured.len());
    println!(
        "{:<10} {:>6} {:>8} {:>7} {:>8} {:>9} {:>10}",
        "kind", "count", "hovered", "hovers", "correct", "coverage", "precision"
    );
    let row = |name: &str, f: &Figures| {
        println!(
            "{name:<10} {:>6} {:>8} {:>7} {:>8} {:>8.1}% {:>9.1}%",
            f.occurrences,
            f.hovered,
            f.hovers,
            f.correct,
            f.coverage * 100.0,
            f.precision * 100.0
        );
    };
    for kind in Kind::ALL {
        row(
            kind.label(),
            &figures(measured.iter().filter(|m| m.occurrence.kind == kind)),
        );
    }
    let total = figures(measured.iter());
    row("all", &total);
    row(
        "all-typed",
        &figures(measured.iter().filter(|m| m.occurrence.kind != Kind::Typed)),
    );
    println!(
        "(count: occurrences that should get a hover; hovers: every hover, `none` places too; \
         typed: attributes of parameters annotated with a framework class)"
    );

    println!("\nWrong hovers (place, symbol, shown, expected):");
    for m in measured
        .iter()
        .filter(|m| m.shown.is_some() && !m.correct())
    {
        println!(
            "  {}:{}:{}  {}  shown {}  expected {:?}",
            m.path,
            m.occurrence.line,
            m.occurrence.column,
            m.occurrence.symbol,
            m.shown.as_deref().unwrap_or("-"),
            m.expected
        );
    }
    let tally = |pick: &dyn Fn(&Measured) -> bool| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for m in measured.iter().filter(|m| pick(m)) {
            *counts.entry(m.occurrence.symbol.as_str()).or_default() += 1;
        }
        let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        sorted
    };
    let missing = tally(&|m| m.expected == Expected::Missing);
    println!(
        "\nFramework names no question is about yet ({}):",
        missing.len()
    );
    for (symbol, count) in missing {
        println!("  {symbol} ({count})");
    }
    let unreached = tally(&|m| matches!(m.expected, Expected::Questions(_)) && m.shown.is_none());
    println!(
        "\nNames a question is about but the hover does not reach ({}):",
        unreached.len()
    );
    for (symbol, count) in unreached {
        println!("  {symbol} ({count})");
    }
    total
}

#[test]
fn hovers_reach_the_framework_surface_of_the_corpus() {
    let measured = measure();
    let per_kind: HashMap<Kind, usize> = measured.iter().fold(HashMap::new(), |mut acc, m| {
        *acc.entry(m.occurrence.kind).or_default() += 1;
        acc
    });
    for kind in Kind::ALL {
        assert!(
            per_kind.get(&kind).copied().unwrap_or(0) > 0,
            "the corpus has no {} occurrence, so the finder or the corpus broke",
            kind.label()
        );
    }
    let total = report(&measured);
    assert!(
        total.coverage >= MIN_COVERAGE,
        "coverage {:.3} fell below the floor {MIN_COVERAGE}",
        total.coverage
    );
    assert!(
        total.precision >= MIN_PRECISION,
        "precision {:.3} fell below the floor {MIN_PRECISION}",
        total.precision
    );
}

/// The finder itself, on a file whose occurrences are known.
#[test]
fn finder_sees_each_kind_of_framework_name() {
    let source = "\
import flask
from fastapi import Depends as D, Request
from .models import db

app = flask.Flask(__name__)


@app.route('/', methods=['GET'])
def index(request: Request, session):
    flask.g.user = D(db)
    return request.state, session.get('x')
";
    let found: Vec<(usize, usize, String, &str)> = occurrences::find(source)
        .into_iter()
        .map(|o| (o.line, o.column, o.symbol, o.kind.label()))
        .collect();
    let expected = [
        (1, 8, "flask", "import"),
        (2, 6, "fastapi", "import"),
        (2, 21, "fastapi.Depends", "import"),
        (2, 35, "fastapi.Request", "import"),
        (5, 7, "flask", "name"),
        (5, 13, "flask.Flask", "attribute"),
        (5, 19, "flask.Flask(__name__)", "name"),
        (8, 6, "flask.Flask.route", "attribute"),
        (8, 17, "flask.Flask.route(methods)", "keyword"),
        (9, 20, "fastapi.Request", "name"),
        (10, 5, "flask", "name"),
        (10, 11, "flask.g", "attribute"),
        (10, 13, "flask.g.user", "attribute"),
        (10, 20, "fastapi.Depends", "name"),
        (11, 20, "fastapi.Request.state", "typed"),
    ];
    let expected: Vec<(usize, usize, String, &str)> = expected
        .into_iter()
        .map(|(l, c, s, k)| (l, c, s.to_string(), k))
        .collect();
    assert_eq!(found, expected);
}

/// The hover at the first occurrence of `needle` (cursor on its first
/// character) in a corpus file: the question shown and the titles of its
/// related questions.
fn hover_at(client: &mut LspClient, path: &str, needle: &str) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(Path::new(CORPUS).join(path)).expect("corpus file");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {path}"));
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let uri = format!("file:///corpus/{path}");
    client.open(&uri, "python", &text);
    let result = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let hover = result["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no hover on {needle:?} in {path}"));
    let related = hover
        .lines()
        .skip_while(|l| *l != "**Related**")
        .skip(1)
        .take_while(|l| l.starts_with("- "))
        .map(|l| title_in(l.trim_start_matches("- ")))
        .collect();
    (shown_question(hover, &bank_titles()), related)
}

/// The relevance misses a first-use review found: a blueprint's
/// `before_request` teaches request hooks, `session` the g-vs-session
/// question, and a Flask hover relates only Flask (or framework-neutral)
/// questions.
#[test]
fn flask_hovers_teach_the_flask_concept_and_relate_flask_questions() {
    let (code, stdout, stderr) = run_cli(&["list", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Value = serde_json::from_str(&stdout).expect("list --json");
    let frameworks_of = |title: &str| -> Vec<String> {
        let title = title.rsplit_once(" *(").map_or(title, |(t, _)| t);
        list.as_array()
            .expect("array")
            .iter()
            .find(|q| q["title"] == title)
            .unwrap_or_else(|| panic!("no question titled {title:?}"))["frameworks"]
            .as_array()
            .expect("frameworks")
            .iter()
            .map(|f| f.as_str().expect("name").to_string())
            .collect()
    };
    let mut client = LspClient::start();
    client.initialize();
    let views = "flask_blog/main/views.py";
    let cases = [
        (
            views,
            "before_request\ndef load_theme",
            "flask-hooks-error-handlers",
        ),
        (views, "after_request", "flask-hooks-error-handlers"),
        (views, "session.get(\"theme\"", "flask-g-vs-session"),
        (views, "g.theme", "flask-g-vs-session"),
        (
            "misc/flask_notes_app.py",
            "run(debug=True)",
            "flask-hello-world",
        ),
    ];
    for (path, needle, expected) in cases {
        let (shown, related) = hover_at(&mut client, path, needle);
        assert_eq!(shown, expected, "{needle:?} in {path}");
        assert!(!related.is_empty(), "{needle:?}: no related questions");
        for title in related {
            let frameworks = frameworks_of(&title);
            assert!(
                frameworks.iter().any(|f| f == "flask" || f == "general"),
                "{needle:?} relates a question that is not about Flask: {title} {frameworks:?}"
            );
        }
    }
}
