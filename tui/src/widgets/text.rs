//! Text measured in terminal columns, and the quarter-star rating glyphs.

use estante_backend::model::Rating;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `text` to at most `width` terminal columns, ending with `…` when it was cut.
/// Wide characters (CJK, emoji) count as two columns and are never split.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for character in text.chars() {
        let char_width = character.width().unwrap_or(0);
        if used + char_width > width - 1 {
            break;
        }
        out.push(character);
        used += char_width;
    }
    out.push('…');
    out
}

/// Breaks one line of `text` into lines of at most `width` terminal columns, at
/// spaces where it can and inside a word longer than a whole line. Callers that
/// indent a block wrap it themselves, because a wrapped paragraph starts its
/// continuation lines at the left edge.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let word_width = word.width();
        let gap = usize::from(!line.is_empty());
        if used + gap + word_width <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for character in word.chars() {
            let char_width = character.width().unwrap_or(0);
            if used + char_width > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(character);
            used += char_width;
        }
    }
    lines.push(line);
    lines
}

/// Five star glyphs for a rating: full stars, then `¼`, `½` or `¾` for the part of a
/// star, then empty stars. An unrated book gets an empty string.
pub fn stars(rating: Option<Rating>) -> String {
    let Some(rating) = rating else {
        return String::new();
    };
    let quarters = usize::from(rating.quarters());
    let full = quarters / 4;
    let mut out = "★".repeat(full);
    match quarters % 4 {
        1 => out.push('¼'),
        2 => out.push('½'),
        3 => out.push('¾'),
        _ => {}
    }
    let shown = full + usize::from(quarters % 4 != 0);
    out.push_str(&"☆".repeat(5 - shown));
    out
}

/// Formats a rating in stars as a number for the language in force, such as `4.25`
/// or `4,25`, or empty when unrated.
pub fn stars_number(rating: Option<Rating>) -> String {
    rating
        .map(|r| crate::i18n::format::shortest(r.stars()))
        .unwrap_or_default()
}

/// Formats a whole number with thousands separators for the language in force, such
/// as `1,742` or `1.742`.
pub fn thousands(value: i64) -> String {
    crate::i18n::format::integer(value)
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_at_spaces_and_inside_long_words() {
        use super::wrap;
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("三体 三体", 4), ["三体", "三体"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a  b", 10), ["a  b"]);
    }

    use super::*;

    #[test]
    fn truncate_counts_columns() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("Cem Anos de Solidão", 10), "Cem Anos …");
        assert_eq!(truncate("三体三体三体", 5), "三体…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn stars_show_quarters() {
        let rating = |q| Some(Rating::from_quarters(q).unwrap());
        assert_eq!(stars(rating(17)), "★★★★¼");
        assert_eq!(stars(rating(14)), "★★★½☆");
        assert_eq!(stars(rating(20)), "★★★★★");
        assert_eq!(stars(rating(1)), "¼☆☆☆☆");
        assert_eq!(stars(None), "");
    }

    #[test]
    fn thousands_separates() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1742), "1,742");
        assert_eq!(thousands(100000), "100,000");
    }
}
