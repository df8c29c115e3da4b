//! Fuzzy filtering of the loaded list with nucleo.

use estante_backend::storage::BookSummary;
use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32String};

/// The filter text and the matcher, with one haystack per loaded book (title,
/// authors and series) converted once when the book arrives.
pub struct Filter {
    pub text: String,
    haystacks: Vec<Utf32String>,
    matcher: Matcher,
    /// The text and matches of the last call, reused while the text only grows.
    previous: Option<(String, Vec<usize>)>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            text: String::new(),
            haystacks: Vec::new(),
            matcher: Matcher::new(Config::DEFAULT),
            previous: None,
        }
    }
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter")
            .field("text", &self.text)
            .field("haystacks", &self.haystacks.len())
            .finish()
    }
}

impl Filter {
    pub fn clear_books(&mut self) {
        self.previous = None;
        self.haystacks.clear();
    }

    pub fn add_books(&mut self, books: &[BookSummary]) {
        self.previous = None;
        self.haystacks.extend(books.iter().map(haystack));
    }

    pub fn replace_book(&mut self, index: usize, book: &BookSummary) {
        self.previous = None;
        if let Some(slot) = self.haystacks.get_mut(index) {
            *slot = haystack(book);
        }
    }

    pub fn remove_book(&mut self, index: usize) {
        self.previous = None;
        if index < self.haystacks.len() {
            self.haystacks.remove(index);
        }
    }

    /// Returns the indices of the books that match the filter text, best match first,
    /// with ties in list order. An empty text matches every book in list order.
    /// Matching ignores accents, and ignores case unless the text has capitals
    /// (nucleo's smart modes).
    pub fn matches(&mut self) -> Vec<usize> {
        let text = self.text.trim().to_string();
        if text.is_empty() {
            self.previous = None;
            return (0..self.haystacks.len()).collect();
        }
        // Typing more characters only narrows a fuzzy pattern, so the last matches are
        // the only candidates. Pattern syntax (negation, anchors, exact) can widen it.
        let candidates: Vec<usize> = match &self.previous {
            Some((previous, matches))
                if text.starts_with(previous.as_str())
                    && !text.contains(['!', '^', '$', '\'', '\\']) =>
            {
                matches.clone()
            }
            _ => (0..self.haystacks.len()).collect(),
        };

        let pattern = Pattern::parse(&text, CaseMatching::Smart, Normalization::Smart);
        let matcher = &mut self.matcher;
        let haystacks = &self.haystacks;
        let mut scored: Vec<(usize, u32)> = candidates
            .into_iter()
            .filter_map(|index| {
                pattern
                    .score(haystacks[index].slice(..), matcher)
                    .map(|score| (index, score))
            })
            .collect();

        scored.sort_by_key(|(index, score)| (std::cmp::Reverse(*score), *index));
        let matches: Vec<usize> = scored.into_iter().map(|(index, _)| index).collect();
        self.previous = Some((text, matches.clone()));
        matches
    }

    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

fn haystack(book: &BookSummary) -> Utf32String {
    let mut text = book.title.clone();
    for author in &book.authors {
        text.push_str(" · ");
        text.push_str(author);
    }
    if let Some(series) = &book.series {
        text.push_str(" · ");
        text.push_str(series);
    }
    Utf32String::from(text)
}
