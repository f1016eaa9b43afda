//! Open documents: text, version and line index, kept in sync with the
//! client's incremental changes.

use super::encoding::PositionEncoding;
use line_index::LineIndex;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub language_id: String,
    pub index: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32, language_id: String) -> Document {
        let index = LineIndex::new(&text);
        Document {
            text,
            version,
            language_id,
            index,
        }
    }

    /// Applies changes in order (each range is relative to the text after the
    /// previous change, per the spec). A change without a range replaces the
    /// whole text.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: PositionEncoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = encoding.offset(&self.text, &self.index, range.start);
                    let end = encoding
                        .offset(&self.text, &self.index, range.end)
                        .max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
    }

    pub fn offset(
        &self,
        encoding: PositionEncoding,
        position: tower_lsp_server::ls_types::Position,
    ) -> usize {
        encoding.offset(&self.text, &self.index, position)
    }

    pub fn range(
        &self,
        encoding: PositionEncoding,
        start: usize,
        end: usize,
    ) -> tower_lsp_server::ls_types::Range {
        encoding.range(&self.text, &self.index, start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn applies_incremental_changes_in_order_with_utf16_columns() {
        let mut doc = Document::new("a = '🚀'\nb = 2\n".into(), 1, "python".into());
        doc.apply_changes(
            vec![
                change(0, 8, 0, 8, "!"),
                change(1, 4, 1, 5, "3"),
                change(1, 5, 1, 5, "4"),
            ],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.text, "a = '🚀'!\nb = 34\n");
        assert_eq!(doc.version, 2);
    }
}
