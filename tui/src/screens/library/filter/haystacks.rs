//! The text each loaded book is matched against, shared with matching jobs.

use std::sync::Arc;

use estante_backend::storage::BookSummary;
use nucleo::{Utf32Str, Utf32String};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Haystacks per chunk. A fixed size makes the lookup of a book's haystack two
/// shifts, and an append copies at most one shared chunk.
const CHUNK: usize = 1024;

/// One haystack per loaded book, in list order, in chunks of [`CHUNK`].
///
/// Cloning copies only the chunk pointers, so a matching job on another thread
/// reads the haystacks of the moment it started while new pages are appended here.
/// A chunk that a job still references is copied before it changes (`Arc::make_mut`).
#[derive(Clone, Default)]
pub struct Haystacks {
    chunks: Vec<Arc<Vec<Utf32String>>>,
    len: usize,
}

impl std::fmt::Debug for Haystacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Haystacks").field("len", &self.len).finish()
    }
}

impl Haystacks {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }

    /// Returns the haystack of the book at `index` in list order.
    ///
    /// # Panics
    /// When `index` is not below [`Haystacks::len`].
    pub fn get(&self, index: usize) -> Utf32Str<'_> {
        self.chunks[index / CHUNK][index % CHUNK].slice(..)
    }

    pub fn push(&mut self, book: &BookSummary) {
        self.push_haystack(haystack(&book.title, &book.authors, book.series.as_deref()));
    }

    fn push_haystack(&mut self, haystack: Utf32String) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(haystack);
            self.len += 1;
        }
    }

    pub fn replace(&mut self, index: usize, title: &str, authors: &[String], series: Option<&str>) {
        if index < self.len {
            Arc::make_mut(&mut self.chunks[index / CHUNK])[index % CHUNK] =
                haystack(title, authors, series);
        }
    }

    /// Removes the haystack at `index`. Every later haystack moves down one place,
    /// so the chunks from `index` on are rebuilt; a deletion is rare enough for that.
    pub fn remove(&mut self, index: usize) {
        if index >= self.len {
            return;
        }
        let first_chunk = index / CHUNK;
        let tail: Vec<Utf32String> = self.chunks.drain(first_chunk..).fold(
            Vec::with_capacity(self.len - first_chunk * CHUNK),
            |mut tail, chunk| {
                tail.extend(Arc::unwrap_or_clone(chunk));
                tail
            },
        );
        self.len = first_chunk * CHUNK;
        let removed_at = index % CHUNK;
        for (position, haystack) in tail.into_iter().enumerate() {
            if position != removed_at {
                self.push_haystack(haystack);
            }
        }
    }
}

/// Removes accents by Unicode canonical decomposition (NFKD) and dropping the
/// combining marks, keeping case and punctuation. Most Latin-script titles and names
/// become ASCII, which nucleo stores as bytes and matches several times faster than
/// text of `char`s. Letters without a decomposition, such as `ø` or `ł`, stay as
/// they are, and nucleo's own normalization matches them.
pub fn fold_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Builds a book's haystack: title, authors and series in one string.
fn haystack(title: &str, authors: &[String], series: Option<&str>) -> Utf32String {
    // The separator is ASCII so that a book whose words are all ASCII gets an ASCII
    // haystack.
    let mut text = title.to_string();
    for author in authors {
        text.push_str("  ");
        text.push_str(author);
    }
    if let Some(series) = series {
        text.push_str("  ");
        text.push_str(series);
    }
    Utf32String::from(fold_accents(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(haystacks: &Haystacks, index: usize) -> String {
        haystacks.get(index).to_string()
    }

    fn numbered(count: usize) -> Haystacks {
        let mut haystacks = Haystacks::default();
        for i in 0..count {
            haystacks.push_haystack(Utf32String::from(i.to_string()));
        }
        haystacks
    }

    #[test]
    fn push_crosses_chunk_boundaries() {
        let haystacks = numbered(2 * CHUNK + 5);
        assert_eq!(haystacks.len(), 2 * CHUNK + 5);
        assert_eq!(text_of(&haystacks, CHUNK - 1), (CHUNK - 1).to_string());
        assert_eq!(text_of(&haystacks, CHUNK), CHUNK.to_string());
        assert_eq!(
            text_of(&haystacks, 2 * CHUNK + 4),
            (2 * CHUNK + 4).to_string()
        );
    }

    #[test]
    fn remove_shifts_later_haystacks() {
        let mut haystacks = numbered(2 * CHUNK + 5);
        haystacks.remove(CHUNK + 3);
        assert_eq!(haystacks.len(), 2 * CHUNK + 4);
        assert_eq!(text_of(&haystacks, CHUNK + 2), (CHUNK + 2).to_string());
        assert_eq!(text_of(&haystacks, CHUNK + 3), (CHUNK + 4).to_string());
        assert_eq!(
            text_of(&haystacks, 2 * CHUNK + 3),
            (2 * CHUNK + 4).to_string()
        );
        assert_eq!(text_of(&haystacks, 5), "5");
    }

    #[test]
    fn shared_copy_keeps_old_text() {
        let mut haystacks = numbered(10);
        let copy = haystacks.clone();
        haystacks.replace(3, "Changed", &[], None);
        let book = BookSummary {
            id: 1,
            title: "Appended".to_string(),
            authors: Vec::new(),
            series: None,
            series_index: None,
            isbn13: None,
            pages: None,
            status: estante_backend::model::ReadingStatus::Read,
            rating: None,
            last_read: None,
            date_added: None,
        };
        haystacks.push(&book);
        assert_eq!(text_of(&haystacks, 3), "Changed");
        assert_eq!(text_of(&copy, 3), "3");
        assert_eq!(copy.len(), 10);
        assert_eq!(text_of(&haystacks, 10), "Appended");
    }
}
