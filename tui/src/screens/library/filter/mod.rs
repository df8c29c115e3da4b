//! Fuzzy filtering of the loaded list with nucleo.
//!
//! A keystroke waits for at most [`INLINE_LIMIT`] books to be scored. When at most
//! that many books have to be scored, the match runs on the UI thread and the
//! next frame shows its result. Otherwise [`Filter::refresh`] returns a
//! [`FilterJob`] for worker threads; the screen keeps the rows it has, marked as
//! matching, until [`Filter::finish`] takes the job's result. A newer text cancels
//! an older job.
//!
//! Typing more characters only narrows a fuzzy pattern, so the matches of a prefix
//! of the text are the only candidates for the text, plus the books loaded since
//! that prefix was matched.

mod haystacks;
mod job;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use estante_backend::storage::BookSummary;
use nucleo::Matcher;

use haystacks::{Haystacks, fold_accents};
use job::{Candidates, Ranked, new_matcher, parse_pattern, score};
pub use job::{FilterJob, FilterMatches};

/// Maximum candidates scored on the UI thread. Before matching moved off it, a
/// keystroke over 100,000 books took 24 to 86 ms at the median on the benchmark
/// machine under load (BENCHMARKS.md, Library screen). That is about 0.2 to 0.9 µs
/// a book, so this limit keeps a match on the UI thread to about 1 to 4 ms.
pub const INLINE_LIMIT: usize = 4096;

/// Maximum earlier matches kept for narrowing.
const EARLIER_ENTRIES: usize = 8;

/// The matches of one filter text, in list order, for narrowing longer texts.
struct Earlier {
    /// The folded text.
    text: String,
    list_order: Arc<[u32]>,
    /// Books from this index on were not loaded when the text was matched.
    end: usize,
}

/// The job in flight.
struct Pending {
    seq: u64,
    text: String,
    /// The haystack revision when the job started.
    revision: u64,
}

/// The outcome of [`Filter::refresh`].
#[derive(Debug)]
pub enum Refresh {
    /// The matches, best first, computed at once.
    Ready(Vec<usize>),
    /// A job to run off the UI thread; its result goes to [`Filter::finish`].
    Started(FilterJob),
    /// A job for the same text is in flight already. When it finishes, the books
    /// loaded meanwhile still need a refresh.
    Waiting,
}

/// The filter text and the matcher, with one haystack per loaded book (title,
/// authors and series) converted once when the book arrives.
pub struct Filter {
    pub text: String,
    haystacks: Haystacks,
    matcher: Matcher,
    /// Matches of prefixes of the last matched text, shortest first.
    earlier: Vec<Earlier>,
    pending: Option<Pending>,
    /// The sequence number of the newest job; an older job stops when it reads a
    /// different number.
    latest: Arc<AtomicU64>,
    /// Counts edits of existing haystacks, which make older matches stale.
    revision: u64,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            text: String::new(),
            haystacks: Haystacks::default(),
            matcher: new_matcher(),
            earlier: Vec::new(),
            pending: None,
            latest: Arc::new(AtomicU64::new(0)),
            revision: 0,
        }
    }
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter")
            .field("text", &self.text)
            .field("haystacks", &self.haystacks.len())
            .field("pending", &self.pending.as_ref().map(|pending| pending.seq))
            .finish()
    }
}

impl Filter {
    /// Drops every haystack and cancels the job in flight, whose indices would
    /// point at the wrong books.
    pub fn clear_books(&mut self) {
        self.cancel();
        self.earlier.clear();
        self.revision += 1;
        self.haystacks.clear();
    }

    /// Appends the haystacks of a page. Earlier matches stay valid, because they
    /// cover only the books before the page.
    pub fn add_books(&mut self, books: &[BookSummary]) {
        for book in books {
            self.haystacks.push(book);
        }
    }

    /// Replaces a book's haystack after an edit. A job in flight keeps running on
    /// the old text, and its result is shown but not kept for narrowing.
    pub fn replace_book(
        &mut self,
        index: usize,
        title: &str,
        authors: &[String],
        series: Option<&str>,
    ) {
        self.earlier.clear();
        self.revision += 1;
        self.haystacks.replace(index, title, authors, series);
    }

    /// Removes a book's haystack and cancels the job in flight, whose indices
    /// would point at the wrong books.
    pub fn remove_book(&mut self, index: usize) {
        self.cancel();
        self.earlier.clear();
        self.revision += 1;
        self.haystacks.remove(index);
    }

    fn cancel(&mut self) {
        if self.pending.take().is_some() {
            self.latest.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Returns whether a job for the current text is in flight, so the rows shown
    /// are those of an older text.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Matches the current text, on this thread when that is quick, else through a
    /// job. Matching ignores accents, and ignores case unless the text has capitals
    /// (nucleo's smart case). An empty text matches every book in list order.
    pub fn refresh(&mut self) -> Refresh {
        let text = fold_accents(self.text.trim());
        let len = self.haystacks.len();
        if text.is_empty() {
            self.cancel();
            return Refresh::Ready((0..len).collect());
        }
        if self
            .pending
            .as_ref()
            .is_some_and(|pending| pending.text == text && pending.revision == self.revision)
        {
            return Refresh::Waiting;
        }
        self.cancel();

        let candidates = self.candidates(&text, len);
        if candidates.count() <= INLINE_LIMIT {
            let pattern = parse_pattern(&text);
            let never = || false;
            let scored = score(
                &self.haystacks,
                candidates.iter(),
                &pattern,
                &mut self.matcher,
                &never,
            )
            .unwrap_or_default();
            let ranked = Ranked::from_scored(&scored);
            self.remember(text, Arc::clone(&ranked.list_order), len);
            return Refresh::Ready(ranked.best_first);
        }

        let seq = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        self.pending = Some(Pending {
            seq,
            text: text.clone(),
            revision: self.revision,
        });
        Refresh::Started(FilterJob {
            seq,
            text,
            haystacks: self.haystacks.clone(),
            candidates,
            latest: Arc::clone(&self.latest),
        })
    }

    /// Takes a job's result. Returns the matches, best first, when the job is the
    /// one in flight, and `None` for a job that a newer text or a removal replaced.
    ///
    /// The result covers the books loaded when the job started. When more were
    /// loaded since, [`Filter::needs_refresh`] is true and a call to
    /// [`Filter::refresh`] scores them.
    pub fn finish(&mut self, matches: FilterMatches) -> Option<Vec<usize>> {
        let pending = self.pending.take_if(|pending| pending.seq == matches.seq)?;
        if matches.text != fold_accents(self.text.trim()) {
            // The text changed without a refresh, as clearing every filter does
            // before it reloads the list.
            return None;
        }
        let Some(ranked) = matches.ranked else {
            tracing::warn!(seq = matches.seq, "a filter job stopped without a result");
            return None;
        };
        if pending.revision == self.revision {
            self.remember(matches.text, Arc::clone(&ranked.list_order), matches.end);
        }
        Some(ranked.best_first)
    }

    /// Returns whether the last result left books unscored: books loaded while its
    /// job ran, or books edited meanwhile.
    pub fn needs_refresh(&self) -> bool {
        if !self.is_active() || self.pending.is_some() {
            return false;
        }
        let text = fold_accents(self.text.trim());
        !self
            .earlier
            .iter()
            .any(|earlier| earlier.text == text && earlier.end == self.haystacks.len())
    }

    /// Picks the smallest set of books that can match `text`: the matches of the
    /// longest earlier text that `text` extends, plus the books loaded after it.
    fn candidates(&self, text: &str, len: usize) -> Candidates {
        // Pattern syntax (negation, anchors, exact) can widen a longer text's matches.
        if text.contains(['!', '^', '$', '\'', '\\']) {
            return Candidates::all(len);
        }
        let longest = self
            .earlier
            .iter()
            .filter(|earlier| text.starts_with(earlier.text.as_str()))
            .max_by_key(|earlier| earlier.text.len());
        match longest {
            Some(earlier) => Candidates {
                earlier: Some(Arc::clone(&earlier.list_order)),
                new_from: earlier.end,
                end: len,
            },
            None => Candidates::all(len),
        }
    }

    /// Keeps the matches of `text` for narrowing, with those of its prefixes.
    fn remember(&mut self, text: String, list_order: Arc<[u32]>, end: usize) {
        self.earlier
            .retain(|earlier| text.starts_with(earlier.text.as_str()) && earlier.text != text);
        self.earlier.push(Earlier {
            text,
            list_order,
            end,
        });
        self.earlier.sort_by_key(|earlier| earlier.text.len());
        if self.earlier.len() > EARLIER_ENTRIES {
            // The shortest text stays: it has the most matches, so it saves the most
            // work when the text is cut back to its first character.
            self.earlier.remove(1);
        }
    }

    /// Matches the current text to the end on this thread, running a job here when
    /// one is needed.
    #[cfg(test)]
    pub fn matches(&mut self) -> Vec<usize> {
        loop {
            let view = match self.refresh() {
                Refresh::Ready(view) => view,
                Refresh::Started(job) => {
                    let result = job.run();
                    self.finish(result).unwrap_or_default()
                }
                Refresh::Waiting => unreachable!("no job runs outside this loop"),
            };
            if !self.needs_refresh() {
                return view;
            }
        }
    }
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

    /// Books whose titles and authors combine a few words pseudo-randomly, more
    /// than [`INLINE_LIMIT`] of them so that matches go through jobs.
    fn generated_books(count: usize) -> Vec<BookSummary> {
        const WORDS: [&str; 12] = [
            "left", "hand", "darkness", "light", "lathe", "heaven", "winter", "garden", "leftover",
            "handle", "harbour", "lantern",
        ];
        const NAMES: [&str; 6] = ["Le Guin", "Lefèvre", "Handke", "Smith", "Herbert", "Lem"];
        let mut state: u64 = 42;
        let mut next = |modulus: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % modulus
        };
        (0..count)
            .map(|_| {
                let title = format!(
                    "{} {} {}",
                    WORDS[next(WORDS.len())],
                    WORDS[next(WORDS.len())],
                    WORDS[next(WORDS.len())]
                );
                book(&title, NAMES[next(NAMES.len())])
            })
            .collect()
    }

    fn started_job(filter: &mut Filter, text: &str) -> FilterJob {
        filter.text = text.to_string();
        match filter.refresh() {
            Refresh::Started(job) => job,
            Refresh::Ready(_) => panic!("{text:?} matched on the UI thread, expected a job"),
            Refresh::Waiting => panic!("{text:?} waits for a job, expected a new one"),
        }
    }

    #[test]
    fn typed_text_through_jobs_equals_fresh() {
        let books = generated_books(3 * INLINE_LIMIT + 123);
        let mut typed = filter_of(&books);
        for text in ["l", "le", "lef", "left", "left h", "left ha", "left han"] {
            matches_for(&mut typed, text);
        }
        let mut fresh = filter_of(&books);
        let expected = matches_for(&mut fresh, "left han");
        assert!(!expected.is_empty());
        assert!(expected.len() < books.len());
        assert_eq!(typed.matches(), expected);
    }

    #[test]
    fn deleted_characters_equal_fresh() {
        let books = generated_books(3 * INLINE_LIMIT + 7);
        let mut typed = filter_of(&books);
        for text in ["h", "ha", "han", "hand", "handl", "hand", "han"] {
            matches_for(&mut typed, text);
        }
        let mut fresh = filter_of(&books);
        assert_eq!(typed.matches(), matches_for(&mut fresh, "han"));
    }

    #[test]
    fn page_loaded_during_job_is_scored() {
        let books = generated_books(4 * INLINE_LIMIT);
        let (first, second) = books.split_at(3 * INLINE_LIMIT);
        let mut filter = filter_of(first);
        let job = started_job(&mut filter, "lant");
        filter.add_books(second);
        assert!(matches!(filter.refresh(), Refresh::Waiting));

        let partial = filter
            .finish(job.run())
            .expect("the job in flight finishes");
        assert!(partial.iter().all(|&index| index < first.len()));
        assert!(filter.needs_refresh());

        let mut fresh = filter_of(&books);
        let expected = matches_for(&mut fresh, "lant");
        assert!(expected.iter().any(|&index| index >= first.len()));
        assert_eq!(filter.matches(), expected);
    }

    #[test]
    fn newer_text_cancels_older_job() {
        let books = generated_books(3 * INLINE_LIMIT);
        let mut filter = filter_of(&books);
        let older = started_job(&mut filter, "ha");
        let newer = started_job(&mut filter, "he");

        let stopped = older.run();
        assert_eq!(stopped.ranked, None);
        assert_eq!(filter.finish(stopped), None);
        assert!(filter.is_pending());

        let view = filter
            .finish(newer.run())
            .expect("the newer job is in flight");
        assert!(!filter.is_pending());
        let mut fresh = filter_of(&books);
        assert_eq!(view, matches_for(&mut fresh, "he"));
    }

    #[test]
    fn removal_discards_job_in_flight() {
        let mut books = generated_books(3 * INLINE_LIMIT);
        let mut filter = filter_of(&books);
        let job = started_job(&mut filter, "garden");
        filter.remove_book(0);
        books.remove(0);
        assert_eq!(filter.finish(job.run()), None);

        let mut fresh = filter_of(&books);
        assert_eq!(filter.matches(), matches_for(&mut fresh, "garden"));
    }
}
