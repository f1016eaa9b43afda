//! Position encodings: the one place that converts LSP positions to byte
//! offsets and back.
//!
//! The server works in UTF-8 byte offsets everywhere; clients speak
//! `(line, character)` in the encoding negotiated at `initialize` (`utf-8`
//! when the client offers it, otherwise the mandatory `utf-16`). Line starts
//! and wide characters come from the `line-index` crate. Out-of-range
//! positions are clamped, never rejected: a column past the end of a line
//! means the end of that line, a line past the end means the end of the
//! text, and a column inside a character (a surrogate pair, a multi-byte
//! UTF-8 sequence) means the start of that character.

use line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The line index of `text` with LSP's line ends: `\n`, `\r\n` and a lone
/// `\r` (the `line-index` crate only splits at `\n`, so it indexes the text
/// with lone CRs read as LFs: the same bytes, so the same offsets).
pub fn line_index(text: &str) -> LineIndex {
    LineIndex::new(&crate::python::syntax::lone_cr_as_lf(text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
}

impl PositionEncoding {
    /// Picks `utf-8` if the client lists it, else UTF-16 (LSP 3.17 §positionEncodings).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
            _ => PositionEncoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// The byte offset of `position` in `text`, clamped as described above.
    pub fn offset(self, text: &str, index: &LineIndex, position: Position) -> usize {
        let Some(line_range) = index.line(position.line) else {
            return text.len();
        };
        let line_start = usize::from(line_range.start());
        let line_text = &text[line_start..usize::from(line_range.end())];
        let content_len = line_text.trim_end_matches(['\n', '\r']).len();
        let col = match self {
            PositionEncoding::Utf8 => position.character as usize,
            PositionEncoding::Utf16 => index
                .to_utf8(
                    WideEncoding::Utf16,
                    WideLineCol {
                        line: position.line,
                        col: position.character,
                    },
                )
                .map_or(content_len, |lc| lc.col as usize),
        };
        let mut offset = line_start + col.min(content_len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The position of a byte offset (clamped to the text, snapped to a character start).
    pub fn position(self, text: &str, index: &LineIndex, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let size = TextSize::new(u32::try_from(offset).unwrap_or(u32::MAX));
        let LineCol { line, col } = index
            .try_line_col(size)
            .unwrap_or(LineCol { line: 0, col: 0 });
        let character = match self {
            PositionEncoding::Utf8 => col,
            PositionEncoding::Utf16 => index
                .to_wide(WideEncoding::Utf16, LineCol { line, col })
                .map_or(col, |wide| wide.col),
        };
        Position { line, character }
    }

    pub fn range(self, text: &str, index: &LineIndex, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, index, start),
            end: self.position(text, index, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::{Utf8, Utf16};

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    /// `é` is 2 bytes / 1 UTF-16 unit, `中` 3 / 1, `🚀` 4 / 2.
    const TEXT: &str = "x = 'é中🚀'; Depends\nsecond\n";

    #[test]
    fn utf16_columns_count_code_units() {
        let index = LineIndex::new(TEXT);
        let depends = TEXT.find("Depends").unwrap();
        // x = 'é中🚀';␠ → 5 + 1 + 1 + 2 + 1 + 2 = 12 UTF-16 units before D.
        assert_eq!(Utf16.offset(TEXT, &index, pos(0, 12)), depends);
        assert_eq!(Utf16.position(TEXT, &index, depends), pos(0, 12));
    }

    #[test]
    fn utf8_columns_count_bytes() {
        let index = LineIndex::new(TEXT);
        let depends = TEXT.find("Depends").unwrap();
        assert_eq!(depends, 17);
        assert_eq!(Utf8.offset(TEXT, &index, pos(0, 17)), depends);
        assert_eq!(Utf8.position(TEXT, &index, depends), pos(0, 17));
    }

    #[test]
    fn round_trips_every_character_boundary() {
        let index = LineIndex::new(TEXT);
        for encoding in [Utf8, Utf16] {
            for (offset, _) in TEXT.char_indices() {
                let p = encoding.position(TEXT, &index, offset);
                assert_eq!(
                    encoding.offset(TEXT, &index, p),
                    offset,
                    "{encoding:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn clamps_out_of_range_and_mid_character_positions() {
        let index = LineIndex::new(TEXT);
        let rocket = TEXT.find('🚀').unwrap();
        // Inside the surrogate pair of 🚀 (UTF-16 columns 7..9): column 8 snaps to its start.
        assert_eq!(Utf16.offset(TEXT, &index, pos(0, 8)), rocket);
        assert_eq!(Utf16.offset(TEXT, &index, pos(0, 9)), rocket + 4);
        // Inside the bytes of 中 in UTF-8.
        let zhong = TEXT.find('中').unwrap();
        assert_eq!(Utf8.offset(TEXT, &index, pos(0, (zhong + 1) as u32)), zhong);
        // Past the end of a line: end of that line, before the newline.
        assert_eq!(
            Utf16.offset(TEXT, &index, pos(1, 99)),
            TEXT.find("second").unwrap() + 6
        );
        // Past the last line: end of the text.
        assert_eq!(Utf16.offset(TEXT, &index, pos(40, 0)), TEXT.len());
        assert_eq!(Utf16.position(TEXT, &index, 10_000), pos(2, 0));
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(PositionEncoding::negotiate(None), Utf16);
        assert_eq!(
            PositionEncoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Utf16
        );
        assert_eq!(
            PositionEncoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Utf8
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "a = 1\rfrom x import Depends\r\nz\r";
        let index = line_index(text);
        let depends = text.find("Depends").unwrap();
        assert_eq!(Utf16.position(text, &index, depends), pos(1, 14));
        assert_eq!(Utf16.offset(text, &index, pos(1, 14)), depends);
        // Past the end of a CR-ended line: before its CR.
        assert_eq!(Utf16.offset(text, &index, pos(0, 99)), 5);
        assert_eq!(Utf16.offset(text, &index, pos(2, 1)), text.len() - 1);
    }
}
