//! Printing results as aligned tables or as JSON.

use std::io::Write;

use estante_backend::model::Rating;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// Prints `value` as one line of JSON.
pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Prints rows under a header, each column padded to its widest cell in terminal
/// columns (so accented and wide characters line up).
pub fn print_table(header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = std::io::stdout().lock();
    let header: Vec<String> = header.iter().map(|cell| cell.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(&widths).enumerate() {
            line.push_str(cell);
            if index + 1 < row.len() {
                line.push_str(&" ".repeat(width - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A rating as stars with a quarter-step fraction, such as `4.25`.
pub fn format_rating(rating: Option<Rating>) -> String {
    match rating {
        Some(rating) => format!("{}", rating.stars()),
        None => String::new(),
    }
}
