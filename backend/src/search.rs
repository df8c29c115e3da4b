//! Folding text into the words the full-text index stores and searches.
//!
//! Both databases index text that this module has already folded: lowercase,
//! without diacritics, with every run of characters that are not letters or digits
//! turned into one space. SQLite's FTS5 and PostgreSQL's `simple` configuration then
//! split on spaces alone, so the two return the same books for the same query.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `text` to space-separated lowercase words without diacritics.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    folded
}

/// Folds ASCII text as [`fold`] does. NFKD leaves ASCII unchanged and no ASCII
/// character is a combining mark, so only case and punctuation remain. An import
/// folds every title, name and search document, and most of them are ASCII.
fn fold_ascii(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    folded
}

/// Splits a search box's text into folded words, at most `MAX_WORDS` of them.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|word| !word.is_empty())
        .take(MAX_WORDS)
        .map(str::to_string)
        .collect()
}

/// Bounds the work one query can ask of the index.
pub const MAX_WORDS: usize = 16;

/// Folds a title or name into a key that sorts the same way in both databases.
pub fn sort_key(text: &str) -> String {
    let folded = fold(text);
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = folded.strip_prefix(article) {
            return rest.to_string();
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ascii_matches_unicode_path() {
        for text in [
            "",
            "  ",
            "The Hobbit, or There and Back Again",
            "  O'Brien,  Flann ",
            "Catch-22 (Vintage #3)!",
            "ALL CAPS\tand\nbreaks",
            "!?",
        ] {
            // A combining accent at the end forces the general path and folds away.
            let unicode = fold(&format!("{text}\u{0301}"));
            assert_eq!(fold_ascii(text), unicode, "{text:?}");
        }
    }

    #[test]
    fn fold_drops_diacritics_and_punctuation() {
        assert_eq!(fold("Café — Crème brûlée!"), "cafe creme brulee");
        assert_eq!(fold("  O'Brien, Flann "), "o brien flann");
        assert_eq!(fold("三体"), "三体");
        assert_eq!(fold("(The Expanse, #3)"), "the expanse 3");
    }

    #[test]
    fn query_words_limits_count() {
        let many = "a ".repeat(40);
        assert_eq!(query_words(&many).len(), MAX_WORDS);
        assert!(query_words("  ,,, ").is_empty());
    }

    #[test]
    fn sort_key_skips_leading_article() {
        assert_eq!(sort_key("The Hobbit"), "hobbit");
        assert_eq!(sort_key("Anathem"), "anathem");
        assert_eq!(sort_key("Ánima"), "anima");
    }
}
