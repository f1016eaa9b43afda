//! `textDocument/codeLens`: the lenses of [`crate::lenses`] as LSP code
//! lenses whose click runs `interview.random` on exactly the questions the
//! lens counted. The `codeLens` setting turns them off.

use super::documents::Document;
use super::encoding::PositionEncoding;
use super::protocol::RANDOM;
use crate::bank::Bank;
use crate::lenses::{Lens, lenses};
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, Command};

/// The `textDocument/codeLens` answer for an open document; `None` for
/// documents that are not Python.
pub fn code_lenses(
    bank: &Bank,
    document: &Document,
    encoding: PositionEncoding,
) -> Option<Vec<CodeLens>> {
    let analysis = document.analysis()?;
    Some(
        lenses(bank, &analysis)
            .into_iter()
            .map(|lens| CodeLens {
                // Zero-width at the statement's start: clients draw the lens
                // on the line above it.
                range: document.range(encoding, lens.range.start, lens.range.start),
                command: Some(command(&lens)),
                data: None,
            })
            .collect(),
    )
}

/// The command the client runs when the lens is clicked.
fn command(lens: &Lens) -> Command {
    Command {
        title: lens.title(),
        command: RANDOM.to_string(),
        arguments: Some(vec![json!({"keywords": lens.symbols})]),
    }
}
