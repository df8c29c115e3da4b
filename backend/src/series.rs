//! Series suffixes in titles, as Goodreads writes them: `Leviathan Wakes (The
//! Expanse, #1)`.
//!
//! A suffix is a series only when it ends with a `#` position, because publisher
//! imprints and editions use the same parentheses (`Dracula (Penguin Classics)`).

use crate::model::SeriesRef;

/// Splits a title into the bare title and the series named in its suffix.
///
/// Recognises `(Name, #3)`, `(Name #3)`, `(Name, #2.5)`, `(Name, #.5)` and omnibus
/// ranges `(Name, #1-3)`. When the suffix lists several series separated by `;`, the
/// first one is taken. A title without such a suffix comes back unchanged.
pub fn split_series(title: &str) -> (String, Option<SeriesRef>) {
    let trimmed = title.trim();
    let Some((bare, inner)) = split_final_parentheses(trimmed) else {
        return (trimmed.to_string(), None);
    };
    let first = inner.split(';').next().unwrap_or(inner);
    match parse_series(first) {
        Some(series) if !bare.is_empty() => (bare.to_string(), Some(series)),
        _ => (trimmed.to_string(), None),
    }
}

/// Returns the series after the first in a title's suffix, such as `Scientific
/// Tetralogy, #1` in `Doctor Copernicus (The Revolutions Trilogy, #1; Scientific
/// Tetralogy, #1)`, when [`split_series`] took the first. A book keeps one series,
/// so an import names the others in a note.
pub fn other_series(title: &str) -> Vec<String> {
    let trimmed = title.trim();
    let Some((bare, inner)) = split_final_parentheses(trimmed) else {
        return Vec::new();
    };
    let mut parts = inner.split(';');
    let first = parts.next().unwrap_or(inner);
    if bare.is_empty() || parse_series(first).is_none() {
        return Vec::new();
    }
    parts
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// Writes a title with its series suffix in the form [`split_series`] reads.
///
/// A series without a position is written as `(Name)`, which reads back as part of
/// the title, because Goodreads has no other place for it.
pub fn title_with_series(title: &str, series: Option<&SeriesRef>) -> String {
    let Some(series) = series else {
        return title.to_string();
    };
    let position = series
        .position
        .clone()
        .or_else(|| series.index.map(|index| index.to_string()));
    match position {
        Some(position) => format!("{title} ({}, #{position})", series.name),
        None => format!("{title} ({})", series.name),
    }
}

/// Returns the text before the final balanced `( … )` group and the group's inside.
fn split_final_parentheses(title: &str) -> Option<(&str, &str)> {
    let without_close = title.strip_suffix(')')?;
    let mut depth = 0usize;
    for (position, c) in without_close.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let bare = without_close[..position].trim_end();
                return Some((bare, &without_close[position + 1..]));
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn parse_series(text: &str) -> Option<SeriesRef> {
    let (name, position) = text.rsplit_once('#')?;
    let name = name.trim().trim_end_matches(',').trim();
    let position = position.trim();
    if name.is_empty() || !is_position(position) {
        return None;
    }
    let first = position.split('-').next().unwrap_or(position);
    let index = if first.starts_with('.') {
        position_index(&format!("0{first}"))
    } else {
        position_index(first)
    };
    Some(SeriesRef {
        name: name.to_string(),
        index,
        position: Some(position.to_string()),
    })
}

/// Reads a position's number for sorting. `inf`, `NaN` and numbers too large for an
/// `f64` give `None`, because neither database can put them into JSON as numbers.
/// The position text keeps the file's value.
pub fn position_index(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|index| index.is_finite())
}

/// Accepts a number (`3`, `2.5`, `.5`) or a range of two numbers (`1-3`).
fn is_position(text: &str) -> bool {
    let is_number = |part: &str| {
        let digits = part.bytes().filter(u8::is_ascii_digit).count();
        let dots = part.bytes().filter(|&b| b == b'.').count();
        digits > 0 && dots <= 1 && digits + dots == part.len() && !part.ends_with('.')
    };
    let parts: Vec<&str> = text.split('-').collect();
    (1..=2).contains(&parts.len()) && parts.iter().all(|part| is_number(part))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn series(title: &str) -> (String, SeriesRef) {
        let (bare, series) = split_series(title);
        (bare, series.unwrap())
    }

    #[test]
    fn huge_position_has_no_index() {
        let nines = "9".repeat(400);
        let (title, found) = series(&format!("Huge (Big Series #{nines})"));
        assert_eq!(title, "Huge");
        assert_eq!(found.index, None);
        assert_eq!(found.position, Some(nines));
        assert_eq!(position_index("inf"), None);
        assert_eq!(position_index("NaN"), None);
        assert_eq!(position_index("2.5"), Some(2.5));
    }

    #[test]
    fn comma_and_number() {
        let (title, found) = series("Cibola Burn (The Expanse, #4)");
        assert_eq!(title, "Cibola Burn");
        assert_eq!(found.name, "The Expanse");
        assert_eq!(found.index, Some(4.0));
        assert_eq!(found.position.as_deref(), Some("4"));
    }

    #[test]
    fn fractional_positions() {
        let (_, found) = series("Interlude (Some Saga, #2.5)");
        assert_eq!(found.index, Some(2.5));
        assert_eq!(found.position.as_deref(), Some("2.5"));

        let (_, prequel) = series("Before It All (Some Saga, #.5)");
        assert_eq!(prequel.index, Some(0.5));
        assert_eq!(prequel.position.as_deref(), Some(".5"));
    }

    #[test]
    fn omnibus_range() {
        let (title, found) = series("The Whole Thing (Trilogy, #1-3)");
        assert_eq!(title, "The Whole Thing");
        assert_eq!(found.name, "Trilogy");
        assert_eq!(found.index, Some(1.0));
        assert_eq!(found.position.as_deref(), Some("1-3"));
    }

    #[test]
    fn without_comma() {
        let (title, found) = series("Night Roads (Harbor Lights #4)");
        assert_eq!(title, "Night Roads");
        assert_eq!(found.name, "Harbor Lights");
        assert_eq!(found.index, Some(4.0));
    }

    #[test]
    fn several_series_takes_first() {
        let (title, found) = series("Star Maps  (Orbit Cycle, #1; Sky Quartet, #3)");
        assert_eq!(title, "Star Maps");
        assert_eq!(found.name, "Orbit Cycle");
        assert_eq!(found.position.as_deref(), Some("1"));
    }

    #[test]
    fn non_series_parentheses_kept() {
        for title in [
            "Dracula (Penguin Classics)",
            "A Study (Revised, Corrected, and Expanded Edition)",
            "Poems 1904-1962 (Abridged)",
            "Vuh (Clasicos) (Spanish Edition)",
            "(Only, #1)",
            "Numbers (Set, #one)",
            "Plain title",
        ] {
            let (bare, found) = split_series(title);
            assert_eq!(bare, title);
            assert_eq!(found, None, "{title}");
        }
    }

    #[test]
    fn nested_parentheses_in_series() {
        let (title, found) = series("Tale (Cycle (Old Edition), #2)");
        assert_eq!(title, "Tale");
        assert_eq!(found.name, "Cycle (Old Edition)");
    }

    #[test]
    fn title_with_series_reads_back() {
        for title in [
            "Cibola Burn (The Expanse, #4)",
            "Before It All (Some Saga, #.5)",
            "The Whole Thing (Trilogy, #1-3)",
        ] {
            let (bare, found) = split_series(title);
            assert_eq!(title_with_series(&bare, found.as_ref()), title);
        }
        assert_eq!(title_with_series("Plain", None), "Plain");
    }
}
