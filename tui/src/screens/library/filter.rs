//! Fuzzy filtering of the loaded list with nucleo.

use estante_backend::storage::BookSummary;
use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32String};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The filter text and the matcher, with one haystack per loaded book (title,
/// authors and series) converted once when the book arrives.
pub struct Filter {
    pub text: String,
    haystacks: Vec<Utf32String>,
    matcher: Matcher,
    /// The folded text of the last call and the books it matched, in list order,
    /// reused while the text only grows.
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
    /// (nucleo's smart case).
    pub fn matches(&mut self) -> Vec<usize> {
        let text = fold_accents(self.text.trim());
        if text.is_empty() {
            self.previous = None;
            return (0..self.haystacks.len()).collect();
        }
        // Typing more characters only narrows a fuzzy pattern, so the last matches are
        // the only candidates. Pattern syntax (negation, anchors, exact) can widen it.
        let narrowing = self.previous.take().filter(|(previous, _)| {
            text.starts_with(previous.as_str()) && !text.contains(['!', '^', '$', '\'', '\\'])
        });

        let pattern = Pattern::parse(&text, CaseMatching::Smart, Normalization::Smart);
        let matcher = &mut self.matcher;
        let haystacks = &self.haystacks;
        let mut score_of = |index: usize| {
            pattern
                .score(haystacks[index].slice(..), matcher)
                .map(|score| (index, score))
        };
        // Candidates are visited in list order, so the scored rows are in list order
        // too and a stable sort by score keeps ties that way.
        let scored: Vec<(usize, u32)> = match &narrowing {
            Some((_, candidates)) => candidates.iter().filter_map(|&i| score_of(i)).collect(),
            None => (0..haystacks.len()).filter_map(score_of).collect(),
        };

        let in_list_order = scored.iter().map(|(index, _)| *index).collect();
        self.previous = Some((text, in_list_order));
        sort_by_score(&scored)
    }

    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

/// Highest score for which [`sort_by_score`] counts instead of comparing. In
/// nucleo-matcher 0.3 a matched character scores 16 plus bonuses of a few dozen at
/// most, so filter texts of a few dozen characters stay well below it.
const COUNTING_SORT_MAX_SCORE: u32 = 1 << 16;

/// Orders rows that are in list order by score, highest first, keeping list order
/// within a score. It is a counting sort, because scores are small integers and
/// counting avoids the O(n log n) comparisons of a sort over 100,000 rows.
fn sort_by_score(scored: &[(usize, u32)]) -> Vec<usize> {
    let Some(max) = scored.iter().map(|(_, score)| *score).max() else {
        return Vec::new();
    };
    if max > COUNTING_SORT_MAX_SCORE {
        let mut sorted = scored.to_vec();
        sorted.sort_by_key(|(index, score)| (std::cmp::Reverse(*score), *index));
        return sorted.into_iter().map(|(index, _)| index).collect();
    }
    // starts[s] is where the rows of score s begin in the output; higher scores
    // come first.
    let mut starts = vec![0usize; max as usize + 1];
    for (_, score) in scored {
        starts[*score as usize] += 1;
    }
    let mut position = 0;
    for slot in starts.iter_mut().rev() {
        let count = *slot;
        *slot = position;
        position += count;
    }
    let mut sorted = vec![0; scored.len()];
    for (index, score) in scored {
        let slot = &mut starts[*score as usize];
        sorted[*slot] = *index;
        *slot += 1;
    }
    sorted
}

/// Removes accents by Unicode canonical decomposition (NFKD) and dropping the
/// combining marks, keeping case and punctuation. Most Latin-script titles and names
/// become ASCII, which nucleo stores as bytes and matches several times faster than
/// text of `char`s. Letters without a decomposition, such as `ø` or `ł`, stay as
/// they are, and nucleo's own normalization matches them.
fn fold_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

fn haystack(book: &BookSummary) -> Utf32String {
    // The separator is ASCII so that a book whose words are all ASCII gets an ASCII
    // haystack.
    let mut text = book.title.clone();
    for author in &book.authors {
        text.push_str("  ");
        text.push_str(author);
    }
    if let Some(series) = &book.series {
        text.push_str("  ");
        text.push_str(series);
    }
    Utf32String::from(fold_accents(&text))
}

#[cfg(test)]
mod tests {
    use estante_backend::model::ReadingStatus;

    use super::*;

    fn book(title: &str, author: &str) -> BookSummary {
        BookSummary {
            id: 0,
            title: title.to_string(),
            authors: vec![author.to_string()],
            series: None,
            series_index: None,
            isbn13: None,
            pages: None,
            status: ReadingStatus::WantToRead,
            rating: None,
            last_read: None,
            date_added: None,
        }
    }

    fn filter_of(books: &[BookSummary]) -> Filter {
        let mut filter = Filter::default();
        filter.add_books(books);
        filter
    }

    fn matches_for(filter: &mut Filter, text: &str) -> Vec<usize> {
        filter.text = text.to_string();
        filter.matches()
    }

    #[test]
    fn matches_ignore_accents_both_ways() {
        let mut filter = filter_of(&[
            book("Cem Anos de Solidão", "Gabriel García Márquez"),
            book("Ensaio sobre a cegueira", "José Saramago"),
        ]);
        assert_eq!(matches_for(&mut filter, "garcia"), vec![0]);
        assert_eq!(matches_for(&mut filter, "solidao"), vec![0]);
        assert_eq!(matches_for(&mut filter, "josé"), vec![1]);
    }

    #[test]
    fn matches_order_ties_by_list() {
        let books: Vec<BookSummary> = (0..5).map(|_| book("Winter", "Ali Smith")).collect();
        let mut filter = filter_of(&books);
        assert_eq!(matches_for(&mut filter, "winter"), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn narrowing_equals_fresh_match() {
        let books = [
            book("The Left Hand of Darkness", "Ursula K. Le Guin"),
            book("Left Behind", "Tim LaHaye"),
            book("Light", "M. John Harrison"),
            book("The Lathe of Heaven", "Ursula K. Le Guin"),
            book("Kindred", "Octavia E. Butler"),
        ];
        let mut typed = filter_of(&books);
        for end in 1..="left hand".len() {
            matches_for(&mut typed, &"left hand"[..end]);
        }
        let mut fresh = filter_of(&books);
        assert_eq!(typed.matches(), matches_for(&mut fresh, "left hand"));
        assert_eq!(typed.matches(), vec![0]);
    }

    #[test]
    fn empty_text_keeps_list_order() {
        let mut filter = filter_of(&[book("B", "x"), book("A", "y")]);
        assert_eq!(matches_for(&mut filter, "  "), vec![0, 1]);
    }

    #[test]
    fn sort_by_score_is_stable() {
        let scored = [(0, 5), (1, 9), (2, 5), (3, 9), (4, 1)];
        assert_eq!(sort_by_score(&scored), vec![1, 3, 0, 2, 4]);
        assert!(sort_by_score(&[]).is_empty());
    }

    #[test]
    fn sort_by_score_handles_large_scores() {
        let big = COUNTING_SORT_MAX_SCORE + 1;
        let scored = [(0, 3), (1, big), (2, 3)];
        assert_eq!(sort_by_score(&scored), vec![1, 0, 2]);
    }
}
