//! Markdown tables laid out in columns that fit the terminal: at their
//! natural widths when they fit, with cells wrapped inside narrower columns
//! when they do not, and as one block per row (`header: value` lines) when
//! even that would leave columns too narrow to read.

use super::style::{RULE, Styler};
use super::wrap::{pad, width_of, wrap_hanging, wrap_styled};
use pulldown_cmark::Alignment;

/// Narrower than this, a column is unreadable: lay the table out by rows.
const MIN_COLUMN: usize = 8;
const SEPARATOR: &str = " │ ";

/// A table's cells, already rendered as (possibly styled) inline text.
#[derive(Debug, Default)]
pub struct Table {
    pub aligns: Vec<Alignment>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Lines at most `width` columns wide (a word longer than its column is
    /// broken).
    pub fn layout(mut self, width: usize, styler: Styler) -> Vec<String> {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len(), self.aligns.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return Vec::new();
        }
        self.header.resize(columns, String::new());
        for row in &mut self.rows {
            row.resize(columns, String::new());
        }
        match column_widths(&self, columns, width) {
            Some(widths) => self.as_columns(&widths, styler),
            None => self.as_records(width),
        }
    }

    fn as_columns(&self, widths: &[usize], styler: Styler) -> Vec<String> {
        let separator = styler.paint(RULE, SEPARATOR);
        let mut lines = self.row_lines(&self.header, widths, &separator);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        lines.push(styler.paint(RULE, &rule.join("─┼─")));
        for row in &self.rows {
            lines.extend(self.row_lines(row, widths, &separator));
        }
        lines
    }

    /// One table row as terminal lines: each cell wrapped in its column,
    /// aligned, the row as tall as its tallest cell.
    fn row_lines(&self, row: &[String], widths: &[usize], separator: &str) -> Vec<String> {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| wrap_styled(cell, *w))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (0..height)
            .map(|i| {
                let parts: Vec<String> = cells
                    .iter()
                    .zip(widths)
                    .enumerate()
                    .map(|(col, (lines, w))| {
                        let text = lines.get(i).map_or("", String::as_str);
                        align(text, *w, self.aligns.get(col).copied())
                    })
                    .collect();
                parts.join(separator).trim_end().to_string()
            })
            .collect()
    }

    /// Too many columns for the width: each row as a block, its first cell
    /// as a title and the others as `header: value`, rows apart by a blank line.
    fn as_records(&self, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for row in &self.rows {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            for (col, cell) in row.iter().enumerate() {
                let label = &self.header[col];
                let text = if label.trim().is_empty() {
                    cell.clone()
                } else {
                    format!("{label}: {cell}")
                };
                let indent = if col == 0 { "" } else { "  " };
                lines.extend(wrap_hanging(&text, width, indent, indent));
            }
        }
        lines
    }
}

/// Each column's width: the widest cell when everything fits. Otherwise
/// each column starts at its longest word and the space left goes to the
/// columns that want more, evenly. `None` when even the longest words do not
/// fit side by side, or a column would be narrower than [`MIN_COLUMN`]: then
/// the table is laid out by rows.
fn column_widths(table: &Table, columns: usize, width: usize) -> Option<Vec<usize>> {
    let cells = |col: usize| {
        std::iter::once(&table.header[col]).chain(table.rows.iter().map(move |r| &r[col]))
    };
    let natural: Vec<usize> = (0..columns)
        .map(|col| cells(col).map(|c| width_of(c)).max().unwrap_or(0).max(1))
        .collect();
    let separators = width_of(SEPARATOR) * (columns - 1);
    let available = width.checked_sub(separators)?;
    if natural.iter().sum::<usize>() <= available {
        return Some(natural);
    }
    let mut widths: Vec<usize> = (0..columns)
        .map(|col| {
            let longest_word = cells(col)
                .flat_map(|c| c.split(' '))
                .map(width_of)
                .max()
                .unwrap_or(0);
            longest_word.max(MIN_COLUMN).min(natural[col])
        })
        .collect();
    let mut spare = available.checked_sub(widths.iter().sum())?;
    while spare > 0 {
        let wanting: Vec<usize> = (0..columns).filter(|&c| widths[c] < natural[c]).collect();
        if wanting.is_empty() {
            break;
        }
        let share = (spare / wanting.len()).max(1);
        for col in wanting {
            let more = share.min(natural[col] - widths[col]).min(spare);
            widths[col] += more;
            spare -= more;
        }
    }
    Some(widths)
}

fn align(text: &str, width: usize, alignment: Option<Alignment>) -> String {
    let missing = width.saturating_sub(width_of(text));
    match alignment {
        Some(Alignment::Right) => format!("{}{text}", " ".repeat(missing)),
        Some(Alignment::Center) => {
            let left = missing / 2;
            pad(&format!("{}{text}", " ".repeat(left)), width)
        }
        _ => pad(text, width),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Styler = Styler { enabled: false };

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            aligns: vec![Alignment::None; header.len()],
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_table_that_fits_keeps_its_columns() {
        let lines = table(
            &["", "g", "session"],
            &[&["Lifetime", "one request", "until expiry"]],
        )
        .layout(80, PLAIN);
        assert_eq!(
            lines,
            [
                "         │ g           │ session",
                "─────────┼─────────────┼─────────────",
                "Lifetime │ one request │ until expiry",
            ]
        );
    }

    #[test]
    fn a_wide_table_wraps_inside_its_columns() {
        let long = "a long explanation that cannot possibly fit in one narrow column";
        let lines = table(&["Name", "Meaning"], &[&["short", long]]).layout(40, PLAIN);
        assert!(lines.iter().all(|l| width_of(l) <= 40), "{lines:#?}");
        assert!(lines.len() > 3, "{lines:#?}");
        assert!(lines[2].starts_with("short │ a long"), "{lines:#?}");
    }

    #[test]
    fn too_many_columns_become_one_block_per_row() {
        let header = ["Tool", "Scope", "Storage", "Revocation", "Cost", "Notes"];
        let row: &[&str] = &["JWT", "stateless", "client", "hard", "low", "sign it"];
        let lines = table(&header, &[row, row]).layout(30, PLAIN);
        assert_eq!(lines[0], "Tool: JWT");
        assert_eq!(lines[1], "  Scope: stateless");
        assert!(lines.contains(&String::new()), "rows are apart: {lines:#?}");
        assert!(lines.iter().all(|l| width_of(l) <= 30), "{lines:#?}");
    }
}
