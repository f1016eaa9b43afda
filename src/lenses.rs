//! Code lenses: "3 interview questions" above framework objects
//! (`app = FastAPI()`, `bp = Blueprint(...)`) and route handlers
//! (`@app.get(...)`, `@bp.route(...)`), counted with the same rule
//! ([`crate::practice::is_about`]) that `interview.random {keywords}` picks
//! with, so a lens's number is the set its click draws from.
//!
//! What a lens is about comes from the Python analysis: an object's
//! canonical class, a handler's canonical decorator, plus `python.async` for
//! `async def` handlers. Lenses with no question are not shown.

use crate::bank::Bank;
use crate::practice;
use crate::python::Analysis;
use std::ops::Range;

/// One lens before conversion to LSP: where it goes, what it says, and the
/// symbols `interview.random` gets as `keywords`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    /// Byte range of the statement (the decorated definition for handlers).
    pub range: Range<usize>,
    pub count: usize,
    pub symbols: Vec<String>,
}

impl Lens {
    pub fn title(&self) -> String {
        format!(
            "{} interview question{}",
            self.count,
            if self.count == 1 { "" } else { "s" }
        )
    }
}

/// The lenses for one analysed Python file, in source order.
pub fn lenses(bank: &Bank, analysis: &Analysis) -> Vec<Lens> {
    let objects = analysis
        .object_list
        .iter()
        .map(|object| (object.range.clone(), vec![object.class.clone()]));
    let handlers = analysis.route_handlers.iter().map(|handler| {
        let mut symbols = vec![handler.decorator.clone()];
        if handler.is_async {
            symbols.push("python.async".to_string());
        }
        (handler.range.clone(), symbols)
    });
    let mut lenses: Vec<Lens> = objects
        .chain(handlers)
        .filter_map(|(range, symbols)| {
            let count = bank
                .questions()
                .iter()
                .filter(|q| practice::is_about(q, &symbols))
                .count();
            (count > 0).then_some(Lens {
                range,
                count,
                symbols,
            })
        })
        .collect();
    lenses.sort_by_key(|lens| lens.range.start);
    lenses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::syntax;

    fn lenses_for(source: &str) -> Vec<(String, String, Vec<String>)> {
        let bank = Bank::load(&[]);
        let tree = syntax::parse(source, None).unwrap();
        let analysis = Analysis::new(&tree, source);
        lenses(&bank, &analysis)
            .into_iter()
            .map(|lens| {
                let line = source[lens.range.clone()]
                    .lines()
                    .next()
                    .unwrap()
                    .to_string();
                (line, lens.title(), lens.symbols)
            })
            .collect()
    }

    #[test]
    fn objects_and_handlers_get_lenses_counting_their_questions() {
        let source = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/\")\nasync def index():\n    return {}\n\n\ndef helper():\n    pass\n";
        let found = lenses_for(source);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].0, "app = FastAPI()");
        assert_eq!(found[0].2, ["fastapi.FastAPI"]);
        assert_eq!(found[1].0, "@app.get(\"/\")");
        assert_eq!(found[1].2, ["fastapi.FastAPI.get", "python.async"]);
        for (_, title, _) in &found {
            assert!(title.ends_with("interview questions"), "{title}");
            assert!(!title.starts_with("0 "), "{title}");
        }
    }

    #[test]
    fn files_without_framework_code_get_no_lens() {
        assert!(lenses_for("import os\n\ndef main():\n    print(os.getcwd())\n").is_empty());
    }
}
