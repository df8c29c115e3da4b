//! Printing results as aligned tables or as JSON.

use std::io::{IsTerminal, Write};

use estante_backend::model::Rating;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::widgets::text::truncate;

/// Prints `value` as one line of JSON.
pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The widest a table cell may be, in terminal columns, even when the terminal is
/// wider or unknown. JSON output (`--output json`) keeps every value whole.
pub const MAX_CELL_WIDTH: usize = 60;

/// The narrowest a column is squeezed to when the table must fit the terminal.
const MIN_COLUMN_WIDTH: usize = 6;

/// Prints rows under a header, each column padded to its widest cell in terminal
/// columns (so accented and wide characters line up). Control characters from the
/// data are escaped, and cells are cut with `…` to fit [`MAX_CELL_WIDTH`] and the
/// terminal's width.
pub fn print_table(header: &[impl AsRef<str>], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for line in format_table(header, rows, output_width()) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Returns the width the table must fit: the terminal's when standard output is a
/// terminal, else `COLUMNS` when set, else none.
fn output_width() -> Option<usize> {
    if std::io::stdout().is_terminal()
        && let Ok((columns, _)) = crossterm::terminal::size()
    {
        return Some(usize::from(columns));
    }
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}

/// Lays out a table as lines, each cell cleaned by [`clean_cell`] and cut with `…`
/// to at most [`MAX_CELL_WIDTH`] columns. With `max_width`, columns are narrowed
/// until each line fits, but never below [`MIN_COLUMN_WIDTH`].
pub fn format_table(
    header: &[impl AsRef<str>],
    rows: &[Vec<String>],
    max_width: Option<usize>,
) -> Vec<String> {
    let header: Vec<String> = header
        .iter()
        .map(|cell| clean_cell(cell.as_ref()))
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| clean_cell(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.width()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    // The last column ends the line, so a long reason or message there is shown
    // whole unless the terminal's width cuts it. The others are capped, so the
    // columns after them stay in view.
    let last = widths.len().saturating_sub(1);
    for width in &mut widths[..last] {
        *width = (*width).min(MAX_CELL_WIDTH);
    }
    if let Some(max_width) = max_width {
        shrink_to_fit(&mut widths, max_width);
    }

    let mut lines = Vec::with_capacity(rows.len() + 1);
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
            let cell = cut_cell(cell, *width);
            line.push_str(&cell);
            if index + 1 < row.len() {
                line.push_str(&" ".repeat(width - cell.width() + 2));
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Cuts a cleaned cell to `width` columns like [`truncate`], but never inside an
/// escape that [`clean_cell`] wrote: half of `\u{1b}` reads as a different text.
fn cut_cell(cell: &str, width: usize) -> String {
    let cut = truncate(cell, width);
    let Some(kept) = cut.strip_suffix('…') else {
        return cut;
    };
    // The tail from the last backslash is part of an escape when it is `\`, `\u`
    // or `\u{` with no closing brace yet.
    match kept.rfind('\\') {
        Some(start)
            if "\\u{".starts_with(&kept[start..])
                || (kept[start..].starts_with("\\u{") && !kept[start..].contains('}')) =>
        {
            format!("{}…", &kept[..start])
        }
        _ => cut,
    }
}

/// Narrows the widest column one step at a time until the columns and their
/// two-space gaps fit `max_width`, or every column is at [`MIN_COLUMN_WIDTH`]. The
/// first column is never narrowed, because it contains the id (of a book, an
/// instance, a snapshot) that a reader copies into the next command.
fn shrink_to_fit(widths: &mut [usize], max_width: usize) {
    let gaps = 2 * widths.len().saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > max_width {
        let Some(widest) = widths
            .iter_mut()
            .skip(1)
            .filter(|width| **width > MIN_COLUMN_WIDTH)
            .max_by_key(|width| **width)
        else {
            break;
        };
        *widest -= 1;
    }
}

/// Makes a value safe to print in a table cell. Newlines, carriage returns and tabs
/// become spaces so a row stays on one line. Other control characters, such as the
/// escape that starts a terminal control sequence, and the bidirectional overrides
/// that reorder text on screen are shown as Rust escapes such as `\u{1b}`.
pub fn clean_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\n' | '\r' | '\t' => out.push(' '),
            character => push_visible(&mut out, character),
        }
    }
    out
}

/// [`clean_cell`] for a cell drawn on every frame: the text is copied only when it
/// contains a character to replace or escape.
pub fn clean_cell_owned(text: String) -> String {
    let plain = !text
        .chars()
        .any(|character| character.is_control() || is_bidi_control(character));
    if plain { text } else { clean_cell(&text) }
}

/// Makes a message safe to print whole, such as an error that quotes a title from
/// the server. Line breaks stay, and every other control character is escaped as in
/// [`clean_cell`].
pub fn clean_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\n' => out.push('\n'),
            character => push_visible(&mut out, character),
        }
    }
    out
}

/// Appends `character`, or its Rust escape when it is a control character or a
/// bidirectional control.
fn push_visible(out: &mut String, character: char) {
    if character.is_control() || is_bidi_control(character) {
        out.extend(character.escape_unicode());
    } else {
        out.push(character);
    }
}

/// Prints a labelled text that may run to several lines, such as a review, after a
/// blank line and whole, because a table cell would cut it to one line. Each line is
/// indented and cleaned by [`clean_cell`], so control sequences cannot reach the
/// terminal.
pub fn print_paragraph(label: &str, text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(out, "{}", clean_cell(label))?;
    for line in text.lines() {
        writeln!(out, "  {}", clean_cell(line).trim_end())?;
    }
    Ok(())
}

/// Returns whether `character` is a Unicode bidirectional control: an embedding,
/// override or isolate (U+202A–U+202E, U+2066–U+2069), or a directional mark (U+200E,
/// U+200F, U+061C), which can make text display in a different order from the one it
/// is stored in.
fn is_bidi_control(character: char) -> bool {
    matches!(
        character,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// A rating as stars with a quarter-step fraction, such as `4.25` (`4,25` in
/// Portuguese).
pub fn format_rating(rating: Option<Rating>) -> String {
    match rating {
        Some(rating) => crate::i18n::format::shortest(rating.stars()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|cell| cell.to_string()).collect()
    }

    #[test]
    fn clean_cell_escapes_terminal_controls() {
        let cleaned = clean_cell("Evil\x1b[2J\x1b]0;owned\x07 Title");
        assert!(!cleaned.contains('\x1b'), "{cleaned:?}");
        assert!(!cleaned.contains('\x07'), "{cleaned:?}");
        assert_eq!(cleaned, "Evil\\u{1b}[2J\\u{1b}]0;owned\\u{7} Title");
    }

    #[test]
    fn clean_lines_keeps_line_breaks_only() {
        assert_eq!(
            clean_lines("row 3: \"A\u{0}B\"\n\tnext\x1b[2J"),
            "row 3: \"A\\u{0}B\"\n\\u{9}next\\u{1b}[2J"
        );
    }

    #[test]
    fn clean_cell_keeps_rows_on_one_line() {
        assert_eq!(
            clean_cell("two\nlines\r\tand a tab"),
            "two lines  and a tab"
        );
    }

    #[test]
    fn clean_cell_escapes_directional_marks() {
        // The right-to-left mark passed through raw while the overrides were escaped.
        assert_eq!(
            clean_cell("x\u{200f}y\u{200e}z\u{61c}"),
            "x\\u{200f}y\\u{200e}z\\u{61c}"
        );
    }

    #[test]
    fn clean_cell_escapes_bidi_overrides() {
        let cleaned = clean_cell("abc\u{202e}fed");
        assert_eq!(cleaned, "abc\\u{202e}fed");
    }

    #[test]
    fn clean_cell_keeps_accents_and_wide_text() {
        assert_eq!(
            clean_cell("Cem Anos de Solidão 三体"),
            "Cem Anos de Solidão 三体"
        );
    }

    #[test]
    fn table_rows_stay_one_line_each() {
        let rows = vec![
            cells(&["1", "Evil\x1b[2J\nsecond line", "ok"]),
            cells(&["2", "Plain", "ok"]),
        ];
        let lines = format_table(&["ID", "TITLE", "STATUS"], &rows, None);
        assert_eq!(lines.len(), 3, "{lines:#?}");
        for line in &lines {
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
    }

    #[test]
    fn table_cuts_before_an_escape() {
        let title = format!("{}\x1b[2J and more", "x".repeat(MAX_CELL_WIDTH - 4));
        let lines = format_table(&["ID", "TITLE", "S"], &[cells(&["1", &title, "r"])], None);
        let row = &lines[1];
        assert!(row.contains("xxx…"), "{row}");
        assert!(!row.contains("\\u{1…"), "{row}");
        assert!(!row.contains("\\u…"), "{row}");

        for short in [1, 2, 3] {
            let title = format!("{}\x1b[2J", "x".repeat(MAX_CELL_WIDTH - short));
            let lines = format_table(&["ID", "TITLE", "S"], &[cells(&["1", &title, "r"])], None);
            assert!(!lines[1].contains('\\'), "{}", lines[1]);
        }

        let whole = format!("{}\x1b[2J and more", "x".repeat(MAX_CELL_WIDTH - 12));
        let lines = format_table(&["ID", "TITLE", "S"], &[cells(&["1", &whole, "r"])], None);
        assert!(lines[1].contains("\\u{1b}[2J"), "{}", lines[1]);
    }

    #[test]
    fn table_cuts_long_cells() {
        let long = "x".repeat(200);
        let lines = format_table(&["ID", "TITLE", "S"], &[cells(&["1", &long, "r"])], None);
        let row = &lines[1];
        let title = "ID  ".width() + MAX_CELL_WIDTH;
        assert_eq!(row.width(), title + "  r".width(), "{row}");
        assert!(row.contains("x…  r"), "{row}");
    }

    #[test]
    fn last_column_cut_only_to_the_width() {
        let reason = format!("duplicate of book 12: {}", "y".repeat(100));
        let rows = [cells(&["7", &reason])];
        let whole = format_table(&["ROW", "REASON"], &rows, None);
        assert!(whole[1].ends_with(&"y".repeat(100)), "{}", whole[1]);
        let narrow = format_table(&["ROW", "REASON"], &rows, Some(80));
        assert_eq!(narrow[1].width(), 80, "{}", narrow[1]);
        assert!(narrow[1].ends_with('…'), "{}", narrow[1]);
    }

    #[test]
    fn table_fits_terminal_width() {
        let rows = vec![
            cells(&[
                "1",
                "The Left Hand of Darkness",
                "Ursula K. Le Guin",
                "read",
            ]),
            cells(&["2", "三体三体三体三体三体三体三体三体", "刘慈欣", "reading"]),
        ];
        let lines = format_table(&["ID", "TITLE", "AUTHORS", "STATUS"], &rows, Some(40));
        for line in &lines {
            assert!(line.width() <= 40, "{} columns: {line}", line.width());
        }
        assert!(lines[1].contains('…'), "{}", lines[1]);
        assert!(lines[2].starts_with("2 "), "{}", lines[2]);
        assert!(lines[2].ends_with("reading"), "{}", lines[2]);
    }

    /// An instance id cut to `i-fb8c944…` in a narrow terminal could not be copied.
    #[test]
    fn first_column_is_never_cut() {
        let id = "i-0123456789abcdef0";
        let rows = vec![cells(&[
            id,
            "estante-db-primary-with-a-long-name",
            "running",
        ])];
        let lines = format_table(&["INSTANCE", "NAME", "STATE"], &rows, Some(30));
        assert!(lines[1].starts_with(&format!("{id}  ")), "{}", lines[1]);
        assert!(lines[1].contains('…'), "{}", lines[1]);
    }

    #[test]
    fn table_keeps_columns_aligned() {
        let rows = vec![
            cells(&["1", "Solidão", "read"]),
            cells(&["22", "三体", "reading"]),
        ];
        let lines = format_table(&["ID", "TITLE", "STATUS"], &rows, None);
        let status_column: Vec<usize> = lines
            .iter()
            .map(|line| {
                let byte = line.rfind(' ').unwrap() + 1;
                line[..byte].width()
            })
            .collect();
        assert_eq!(status_column, vec![13, 13, 13], "{lines:#?}");
    }
}
