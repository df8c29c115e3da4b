//! Small building blocks shared by the screens.

pub mod editor;
pub mod text;

use ratatui::layout::Rect;

/// A rectangle of `width` × `height` centred in `area`, shrunk to fit it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Computes the width of a bordered popup that shows each of `texts` on one line without
/// cutting it: at least `min`, and `centered` shrinks it to the screen. Titles and
/// key hints vary in length by language, so a fixed width cuts some of them.
pub fn fitted_width<'a>(min: u16, texts: impl IntoIterator<Item = &'a str>) -> u16 {
    use unicode_width::UnicodeWidthStr;

    let widest = texts
        .into_iter()
        .map(|text| text.width())
        .max()
        .unwrap_or(0);
    let bordered = u16::try_from(widest.saturating_add(4)).unwrap_or(u16::MAX);
    bordered.max(min)
}

/// Whether the terminal cell at (`column`, `row`) lies in `area`.
pub fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height
}
