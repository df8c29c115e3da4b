//! Searches served from memory.
//!
//! Through the database, a search page made anew reads each book it lists from four
//! tables. On 100,000 generated books that cost about eight times a page served from
//! the page cache, and the page cache helps only with a search sent before. This
//! index contains a whole library as its list rows, already in JSON, and an inverted
//! index of the words of its search documents, read at one revision of the library.
//! A search whose token lookup reads that same revision is served from memory.
//! Any other search goes to the database, and the library is read again
//! in the background.
//!
//! The index serves only searches in the default order of a search, by book id,
//! without filters or another sort. For those it gives what the database gives:
//! every word of the query matches the start of a word of the document, as SQLite's
//! FTS5 prefix queries and PostgreSQL's `:*` do on the same folded documents, with
//! the same books, cursors and counts, byte for byte.
//!
//! Reading a library costs the server about as much as a few hundred searches, so a
//! library is read again at most once in five times the last reading took, and one
//! library at a time. A reader who writes and searches in turn gets the database's
//! pages, as before the index, until the writes pause.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::search;
use crate::storage::cursor::{
    Cursor, cursor_scope, decode_cursor, encode_cursor, page_totals, search_first_page_totals,
};
use crate::storage::{BookQuery, SearchableBook, SortKey, SortOrder, Storage, UserId};

/// The default budget for indexes. The index of the search benchmark's 100,000
/// generated books takes 29 MiB.
pub const DEFAULT_SEARCH_INDEX_BYTES: usize = 64 * 1024 * 1024;

/// A word whose completions have more posting lists than this is matched through a
/// bitmap of the library, built once per search, instead of list by list.
const MAX_MERGED_LISTS: usize = 8;

/// List rows kept in one string of a [`LibraryIndex`].
const ROWS_PER_SEGMENT: usize = 1024;

/// A library is read again no sooner than this many times the last reading took
/// after that reading ended, so rebuilding takes at most a fifth of a core.
const REBUILD_SPACING: u32 = 4;

/// How long a library that did not fit the budget, or could not be read, waits at
/// least before it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(60);

/// One library, read at one revision.
#[derive(Debug)]
struct LibraryIndex {
    revision: i64,
    /// Book ids, ascending. A book's position in this list names it below.
    ids: Vec<i64>,
    /// The list rows as the API writes them, [`ROWS_PER_SEGMENT`] to a string, one
    /// after the other. `row_ends[p]` is where the row of position `p` ends in its
    /// segment. One string for all rows would double its capacity as it grows, and it
    /// would hold the old and the new buffer while it copies. Segments copy little.
    rows: Vec<String>,
    row_ends: Vec<u32>,
    /// The distinct words of the documents in byte order, one after the other, with
    /// `term_ends` marking where each ends.
    terms: String,
    term_ends: Vec<usize>,
    /// `postings[posting_ends[t - 1]..posting_ends[t]]`: the ascending positions of
    /// the books whose documents contain term `t`.
    postings: Vec<u32>,
    posting_ends: Vec<usize>,
}

fn slice<'a, T>(items: &'a [T], ends: &[usize], index: usize) -> &'a [T] {
    let start = if index == 0 { 0 } else { ends[index - 1] };
    &items[start..ends[index]]
}

/// The reason a library has no index.
#[derive(Debug, PartialEq)]
enum BuildError {
    /// The index would take more than the whole budget. Its reading stopped as soon
    /// as the books read so far passed the budget.
    OverBudget,
    Failed(String),
}

impl From<String> for BuildError {
    fn from(reason: String) -> Self {
        BuildError::Failed(reason)
    }
}

impl From<&str> for BuildError {
    fn from(reason: &str) -> Self {
        BuildError::Failed(reason.to_string())
    }
}

/// Collects a library's books, chunk by chunk, into a [`LibraryIndex`].
#[derive(Debug)]
struct IndexBuilder {
    ids: Vec<i64>,
    rows: Vec<String>,
    row_ends: Vec<u32>,
    lists: HashMap<Box<str>, Vec<u32>>,
    /// The bytes that the index would take if the reading stopped now, as
    /// [`LibraryIndex::bytes`] counts them.
    bytes: usize,
    budget: usize,
    /// The first thing that went wrong. The books after it are not read.
    error: Option<BuildError>,
}

impl IndexBuilder {
    fn new(budget: usize) -> Self {
        Self {
            ids: Vec::new(),
            rows: Vec::new(),
            row_ends: Vec::new(),
            lists: HashMap::new(),
            bytes: std::mem::size_of::<LibraryIndex>(),
            budget,
            error: None,
        }
    }

    /// Adds books in id order. Breaks once the index cannot be built, so the reading
    /// can stop: a library over the budget is not read to its end.
    fn add(&mut self, books: Vec<SearchableBook>) -> ControlFlow<()> {
        for book in books {
            if let Err(error) = self.add_book(book) {
                self.error = Some(error);
            }
            if self.error.is_some() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    fn add_book(&mut self, book: SearchableBook) -> Result<(), BuildError> {
        use std::mem::size_of;
        let id = book.summary.id;
        if self.ids.last().is_some_and(|last| *last >= id) {
            return Err(format!("book {id} came after a book with a higher id").into());
        }
        let position = u32::try_from(self.ids.len())
            .map_err(|_| "the library has more books than a u32 position can count")?;

        let row = serde_json::to_string(&book.summary)
            .map_err(|error| format!("failed to write book {id} as JSON: {error}"))?;
        if self.ids.len().is_multiple_of(ROWS_PER_SEGMENT) {
            if let Some(full) = self.rows.last_mut() {
                full.shrink_to_fit();
            }
            self.rows.push(String::new());
        }
        let segment = self.rows.last_mut().ok_or("no segment for the row")?;
        segment.push_str(&row);
        let end = u32::try_from(segment.len()).map_err(|_| "a segment over 4 GiB")?;
        self.ids.push(id);
        self.row_ends.push(end);
        self.bytes += row.len() + size_of::<i64>() + size_of::<u32>();

        for word in book.document.split(' ').filter(|word| !word.is_empty()) {
            match self.lists.get_mut(word) {
                // A word repeated in one document is one posting.
                Some(list) if list.last() == Some(&position) => {}
                Some(list) => {
                    list.push(position);
                    self.bytes += size_of::<u32>();
                }
                None => {
                    self.lists.insert(word.into(), vec![position]);
                    self.bytes += word.len() + 2 * size_of::<usize>() + size_of::<u32>();
                }
            }
        }

        if self.bytes > self.budget {
            return Err(BuildError::OverBudget);
        }
        Ok(())
    }

    fn finish(self, revision: i64) -> Result<LibraryIndex, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }

        let mut words: Vec<(Box<str>, Vec<u32>)> = self.lists.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut terms = String::new();
        let mut term_ends = Vec::with_capacity(words.len());
        let mut postings = Vec::with_capacity(words.iter().map(|(_, list)| list.len()).sum());
        let mut posting_ends = Vec::with_capacity(words.len());
        for (word, list) in words {
            terms.push_str(&word);
            term_ends.push(terms.len());
            postings.extend_from_slice(&list);
            posting_ends.push(postings.len());
        }

        let mut rows = self.rows;
        if let Some(last) = rows.last_mut() {
            last.shrink_to_fit();
        }
        terms.shrink_to_fit();
        Ok(LibraryIndex {
            revision,
            ids: self.ids,
            rows,
            row_ends: self.row_ends,
            terms,
            term_ends,
            postings,
            posting_ends,
        })
    }
}

impl LibraryIndex {
    /// Returns the bytes that the index takes, as the budget counts them.
    fn bytes(&self) -> usize {
        use std::mem::size_of;
        size_of::<Self>()
            + self.ids.len() * size_of::<i64>()
            + self.rows.iter().map(String::capacity).sum::<usize>()
            + self.rows.len() * size_of::<String>()
            + self.row_ends.len() * size_of::<u32>()
            + self.terms.len()
            + self.term_ends.len() * size_of::<usize>()
            + self.postings.len() * size_of::<u32>()
            + self.posting_ends.len() * size_of::<usize>()
    }

    fn term(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.term_ends[index - 1]
        };
        &self.terms[start..self.term_ends[index]]
    }

    fn row(&self, position: u32) -> &str {
        let position = position as usize;
        let start = if position.is_multiple_of(ROWS_PER_SEGMENT) {
            0
        } else {
            self.row_ends[position - 1] as usize
        };
        &self.rows[position / ROWS_PER_SEGMENT][start..self.row_ends[position] as usize]
    }

    /// Finds the books whose documents have a word that starts with `prefix`.
    fn matches(&self, prefix: &str) -> Matches<'_> {
        let count = self.term_ends.len();
        let first = partition(count, |t| self.term(t) < prefix);
        // Past `first`, the terms that start with the prefix come before the rest.
        let end = first + partition(count - first, |t| self.term(first + t).starts_with(prefix));
        let lists: Vec<&[u32]> = (first..end)
            .map(|t| slice(&self.postings, &self.posting_ends, t))
            .collect();
        if lists.len() <= MAX_MERGED_LISTS {
            return Matches::Lists(lists);
        }
        let mut bits = vec![0u64; self.ids.len().div_ceil(64)];
        for position in lists.iter().flat_map(|list| list.iter()) {
            bits[*position as usize / 64] |= 1 << (position % 64);
        }
        Matches::Bits(bits)
    }

    /// Returns the positions of up to `want` books that match every word, in `order`
    /// of id, after the book `after` when it is given.
    fn search(
        &self,
        words: &[String],
        order: SortOrder,
        after: Option<i64>,
        want: usize,
    ) -> Vec<u32> {
        let mut matches: Vec<Matches<'_>> = words.iter().map(|word| self.matches(word)).collect();
        // The word with the fewest postings drives; the others only confirm.
        let Some(driver) = (0..matches.len()).min_by_key(|index| matches[*index].size()) else {
            return Vec::new();
        };
        let driver = matches.swap_remove(driver);
        let others = matches;
        // Positions in `low..high` follow the cursor.
        let (low, high) = match (order, after) {
            (_, None) => (0, self.ids.len()),
            (SortOrder::Asc, Some(id)) => (
                self.ids.partition_point(|other| *other <= id),
                self.ids.len(),
            ),
            (SortOrder::Desc, Some(id)) => (0, self.ids.partition_point(|other| *other < id)),
        };
        let mut found = Vec::with_capacity(want.min(1024));
        driver.walk(low as u32, high as u32, order, |position| {
            if others.iter().all(|other| other.contains(position)) {
                found.push(position);
            }
            found.len() < want
        });
        found
    }
}

/// Returns how many of `0..count` satisfy `before`, which must hold for a prefix of
/// them and not after.
fn partition(count: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, count);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// The books that one query word matches.
enum Matches<'a> {
    /// The posting lists of the word's completions, merged as they are read.
    Lists(Vec<&'a [u32]>),
    /// One bit per position.
    Bits(Vec<u64>),
}

impl Matches<'_> {
    fn size(&self) -> usize {
        match self {
            Matches::Lists(lists) => lists.iter().map(|list| list.len()).sum(),
            Matches::Bits(bits) => bits.iter().map(|word| word.count_ones() as usize).sum(),
        }
    }

    fn contains(&self, position: u32) -> bool {
        match self {
            Matches::Lists(lists) => lists
                .iter()
                .any(|list| list.binary_search(&position).is_ok()),
            Matches::Bits(bits) => bits[position as usize / 64] & (1 << (position % 64)) != 0,
        }
    }

    /// Calls `visit` with each matching position in `low..high`, in `order`, once
    /// each, until it returns false.
    fn walk(&self, low: u32, high: u32, order: SortOrder, mut visit: impl FnMut(u32) -> bool) {
        match self {
            Matches::Lists(lists) => {
                // Ascending, each head is the next position to read from its list;
                // descending, the end of what is left to read.
                let mut heads: Vec<usize> = lists
                    .iter()
                    .map(|list| match order {
                        SortOrder::Asc => list.partition_point(|p| *p < low),
                        SortOrder::Desc => list.partition_point(|p| *p < high),
                    })
                    .collect();
                loop {
                    let next = lists
                        .iter()
                        .zip(&heads)
                        .filter_map(|(list, head)| match order {
                            SortOrder::Asc => list.get(*head).filter(|p| **p < high),
                            SortOrder::Desc => head
                                .checked_sub(1)
                                .map(|at| &list[at])
                                .filter(|p| **p >= low),
                        })
                        .copied()
                        .reduce(|a, b| match order {
                            SortOrder::Asc => a.min(b),
                            SortOrder::Desc => a.max(b),
                        });
                    let Some(position) = next else {
                        return;
                    };
                    for (list, head) in lists.iter().zip(heads.iter_mut()) {
                        match order {
                            SortOrder::Asc if list.get(*head) == Some(&position) => *head += 1,
                            SortOrder::Desc if *head > 0 && list[*head - 1] == position => {
                                *head -= 1
                            }
                            _ => {}
                        }
                    }
                    if !visit(position) {
                        return;
                    }
                }
            }
            Matches::Bits(_) => {
                let mut step = |position: u32| !self.contains(position) || visit(position);
                match order {
                    SortOrder::Asc => {
                        for position in low..high {
                            if !step(position) {
                                return;
                            }
                        }
                    }
                    SortOrder::Desc => {
                        for position in (low..high).rev() {
                            if !step(position) {
                                return;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The words and cursor of a search that the index can serve.
struct Plan {
    words: Vec<String>,
    order: SortOrder,
    limit: u32,
    cursor: Option<Cursor>,
    scope: String,
}

/// Returns the plan of `query` when the index serves it as the database would, and
/// None for every other query, including those the database rejects, so that their
/// errors come from one place.
fn plan(user: UserId, query: &BookQuery) -> Option<Plan> {
    // Every field is named, so a new filter cannot be ignored here by mistake.
    let BookQuery {
        q,
        status,
        shelf,
        tag,
        min_rating,
        year_read,
        sort,
        order,
        cursor,
        limit,
    } = query;
    let filtered = status.is_some()
        || shelf.is_some()
        || tag.is_some()
        || min_rating.is_some()
        || year_read.is_some();
    if filtered || !matches!(sort, None | Some(SortKey::Id)) {
        return None;
    }
    let words = search::query_words(q.as_deref()?);
    let limit = limit.unwrap_or(BookQuery::DEFAULT_LIMIT);
    let words_taken = (1..=search::MAX_WORDS).contains(&words.len());
    if !words_taken || !(1..=BookQuery::MAX_LIMIT).contains(&limit) {
        return None;
    }
    let scope = cursor_scope(user, query, &words);
    let cursor = match cursor {
        Some(text) => Some(decode_cursor(text, SortKey::Id, *order, &scope).ok()?),
        None => None,
    };
    Some(Plan {
        words,
        order: *order,
        limit,
        cursor,
        scope,
    })
}

impl LibraryIndex {
    /// Writes the page of `plan` as the API's JSON body of a `Page<BookSummary>`.
    fn page(&self, plan: &Plan) -> Bytes {
        let limit = plan.limit as usize;
        let after = plan.cursor.as_ref().map(|cursor| cursor.id);
        let mut positions = self.search(&plan.words, plan.order, after, limit + 1);
        let has_more = positions.len() > limit;
        positions.truncate(limit);

        let seen = plan.cursor.as_ref().map_or(0, |cursor| cursor.seen);
        let listed = seen + positions.len() as i64;
        let (total, exact) = page_totals(plan.cursor.as_ref(), listed, has_more)
            .unwrap_or_else(|| search_first_page_totals(listed));
        let next_cursor = match positions.last() {
            Some(last) if has_more => {
                let id = self.ids[*last as usize];
                Some(encode_cursor(&Cursor {
                    sort: SortKey::Id,
                    order: plan.order,
                    text: None,
                    number: Some(id),
                    id,
                    seen: listed,
                    total,
                    exact,
                    scope: Some(plan.scope.clone()),
                }))
            }
            _ => None,
        };

        let size: usize = positions.iter().map(|p| self.row(*p).len() + 1).sum();
        let mut body = String::with_capacity(size + 160);
        body.push_str("{\"items\":[");
        for (index, position) in positions.iter().enumerate() {
            if index > 0 {
                body.push(',');
            }
            body.push_str(self.row(*position));
        }
        body.push_str("],\"next_cursor\":");
        match next_cursor {
            // A cursor is URL-safe base64, which JSON takes as it is.
            Some(cursor) => {
                let _ = write!(body, "\"{cursor}\"");
            }
            None => body.push_str("null"),
        }
        let _ = write!(body, ",\"total\":{total},\"total_exact\":{exact}}}");
        Bytes::from(body)
    }
}

#[derive(Debug, Default)]
struct Slot {
    index: Option<Arc<LibraryIndex>>,
    /// When the index last served a page, on the clock of [`Libraries::clock`].
    last_used: u64,
    building: bool,
    /// No build starts before this.
    not_before: Option<Instant>,
}

#[derive(Debug, Default)]
struct Libraries {
    slots: HashMap<i64, Slot>,
    /// No reading of any library starts before this. After each reading the server
    /// waits as long as it took, so readings take at most half of one core when many
    /// libraries are searched and evict each other.
    next_build: Option<Instant>,
    bytes: usize,
    /// Counts the pages served, to order the indexes by their last use.
    clock: u64,
}

/// The search indexes of the libraries that were searched, under a byte budget.
/// A budget of 0 keeps none, and every search goes to the database.
#[derive(Debug)]
pub struct SearchIndex {
    budget: usize,
    libraries: Mutex<Libraries>,
    /// Set while a library is read, so that one is read at a time.
    building: AtomicBool,
    hits: AtomicU64,
    misses: AtomicU64,
    builds: AtomicU64,
    failed_builds: AtomicU64,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::new(DEFAULT_SEARCH_INDEX_BYTES)
    }
}

impl SearchIndex {
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            libraries: Mutex::new(Libraries::default()),
            building: AtomicBool::new(false),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            builds: AtomicU64::new(0),
            failed_builds: AtomicU64::new(0),
        }
    }

    /// Returns the body of the page that the database would give for `query` now,
    /// when the library's index is at `revision`, the revision the caller's token
    /// lookup read. Otherwise returns None, and starts reading the library when no
    /// reading is running or due to wait.
    pub fn page(
        self: &Arc<Self>,
        store: &Arc<dyn Storage>,
        user: UserId,
        revision: i64,
        query: &BookQuery,
    ) -> Option<Bytes> {
        if self.budget == 0 {
            return None;
        }
        let plan = plan(user, query)?;
        let index = {
            let mut libraries = self.lock();
            libraries.clock += 1;
            let clock = libraries.clock;
            let pausing = libraries
                .next_build
                .is_some_and(|time| Instant::now() < time);
            let slot = libraries.slots.entry(user.0).or_default();
            match &slot.index {
                Some(index) if index.revision == revision => {
                    slot.last_used = clock;
                    Some(Arc::clone(index))
                }
                _ if pausing => None,
                _ => {
                    self.start_build(slot, store, user);
                    None
                }
            }
        };
        let Some(index) = index else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(index.page(&plan))
    }

    /// Starts reading the library of `slot` in the background, unless it is being
    /// read, must wait, or another library is being read.
    fn start_build(self: &Arc<Self>, slot: &mut Slot, store: &Arc<dyn Storage>, user: UserId) {
        let waiting = slot.not_before.is_some_and(|time| Instant::now() < time);
        if slot.building || waiting || self.building.swap(true, Ordering::AcqRel) {
            return;
        }
        slot.building = true;
        let build = Build {
            index: Arc::clone(self),
            user,
            started: Instant::now(),
            done: false,
        };
        let store = Arc::clone(store);
        tokio::spawn(build.run(store));
    }

    /// Records the end of a reading of `user`'s library: keeps the index when it
    /// fits the budget, sets when the next readings may start, and lets them start.
    fn finish(&self, user: UserId, built: Result<LibraryIndex, BuildError>, took: Duration) {
        let mut libraries = self.lock();
        let now = Instant::now();
        libraries.next_build = Some(now + took);

        let stored = match built {
            Ok(index) if index.bytes() <= self.budget => {
                self.keep(&mut libraries, user, index);
                true
            }
            Ok(_) | Err(BuildError::OverBudget) => {
                tracing::info!(
                    user_id = user.0,
                    budget = self.budget,
                    "the search index of the library would take more than the budget, so its \
                     searches read the database; raise --search-index-mib to index it"
                );
                false
            }
            Err(BuildError::Failed(error)) => {
                tracing::warn!(
                    user_id = user.0,
                    %error,
                    "failed to build the search index, so searches of this library read the database"
                );
                false
            }
        };
        if !stored {
            self.failed_builds.fetch_add(1, Ordering::Relaxed);
        }

        let spacing = took * REBUILD_SPACING;
        let slot = libraries.slots.entry(user.0).or_default();
        slot.building = false;
        slot.not_before = Some(if stored {
            now + spacing
        } else {
            now + spacing.max(RETRY_AFTER)
        });
        // Slots that hold nothing and wait for nothing would pile up, one per user.
        libraries.slots.retain(|_, slot| {
            slot.index.is_some() || slot.building || slot.not_before.is_some_and(|t| t > now)
        });
        self.building.store(false, Ordering::Release);
    }

    /// Keeps `index` as `user`'s, evicting the indexes used longest ago until it fits.
    fn keep(&self, libraries: &mut Libraries, user: UserId, index: LibraryIndex) {
        let cost = index.bytes();
        // The library's older index leaves first, so it does not count twice.
        if let Some(old) = libraries
            .slots
            .get_mut(&user.0)
            .and_then(|slot| slot.index.take())
        {
            libraries.bytes -= old.bytes();
        }
        while libraries.bytes + cost > self.budget {
            let oldest = libraries
                .slots
                .iter()
                .filter(|(_, slot)| slot.index.is_some())
                .min_by_key(|(_, slot)| slot.last_used)
                .map(|(user, _)| *user);
            let Some(oldest) = oldest else { break };
            if let Some(old) = libraries
                .slots
                .get_mut(&oldest)
                .and_then(|slot| slot.index.take())
            {
                libraries.bytes -= old.bytes();
            }
        }

        libraries.bytes += cost;
        let clock = libraries.clock;
        let slot = libraries.slots.entry(user.0).or_default();
        slot.index = Some(Arc::new(index));
        slot.last_used = clock;
        self.builds.fetch_add(1, Ordering::Relaxed);
    }

    /// Returns the number of searches served from an index.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Returns the bytes that the indexes take.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Renders the index's counters in the Prometheus text format, for `/metrics`.
    pub fn render_metrics(&self) -> String {
        format!(
            "# HELP estante_search_index_requests_total Searches the index could take, by \
             whether it held the library at the caller's revision.\n\
             # TYPE estante_search_index_requests_total counter\n\
             estante_search_index_requests_total{{result=\"hit\"}} {}\n\
             estante_search_index_requests_total{{result=\"miss\"}} {}\n\
             # HELP estante_search_index_builds_total Libraries read into the index, by \
             whether the index kept them.\n\
             # TYPE estante_search_index_builds_total counter\n\
             estante_search_index_builds_total{{result=\"kept\"}} {}\n\
             estante_search_index_builds_total{{result=\"failed\"}} {}\n\
             # HELP estante_search_index_bytes Bytes held by the indexes of libraries.\n\
             # TYPE estante_search_index_bytes gauge\n\
             estante_search_index_bytes {}\n",
            self.hits(),
            self.misses.load(Ordering::Relaxed),
            self.builds.load(Ordering::Relaxed),
            self.failed_builds.load(Ordering::Relaxed),
            self.bytes()
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Libraries> {
        // Every statement under the lock leaves the map whole, so a panic elsewhere
        // while it was held leaves nothing half done.
        self.libraries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A reading of one library. Dropped without finishing, as when its task panics, it
/// still clears the flags, so the library can be read again later.
struct Build {
    index: Arc<SearchIndex>,
    user: UserId,
    started: Instant,
    done: bool,
}

impl Build {
    async fn run(mut self, store: Arc<dyn Storage>) {
        let mut builder = IndexBuilder::new(self.index.budget);
        let read = store
            .search_library(self.user, &mut |books| builder.add(books))
            .await;
        let built = match read {
            // Sorting the words of a large library takes tens of milliseconds.
            Ok(revision) => tokio::task::spawn_blocking(move || builder.finish(revision))
                .await
                .unwrap_or_else(|error| Err(format!("the build stopped: {error}").into())),
            Err(error) => Err(format!("reading the library: {error}").into()),
        };
        self.done = true;
        self.index.finish(self.user, built, self.started.elapsed());
    }
}

impl Drop for Build {
    fn drop(&mut self) {
        if !self.done {
            self.index.finish(
                self.user,
                Err("the build stopped".into()),
                self.started.elapsed(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReadingStatus;
    use crate::storage::{BookSummary, Page};

    /// A library read in one piece.
    #[derive(Clone)]
    struct SearchLibrary {
        revision: i64,
        books: Vec<SearchableBook>,
    }

    impl LibraryIndex {
        fn build(library: SearchLibrary) -> Result<Self, BuildError> {
            let mut builder = IndexBuilder::new(usize::MAX);
            let _ = builder.add(library.books);
            builder.finish(library.revision)
        }
    }

    fn summary(id: i64) -> BookSummary {
        BookSummary {
            id,
            title: format!("Book \"{id}\""),
            authors: vec![format!("Author {id}")],
            series: None,
            series_index: None,
            isbn13: None,
            pages: Some(id),
            status: ReadingStatus::WantToRead,
            rating: None,
            last_read: None,
            date_added: None,
        }
    }

    /// Makes a library of `count` books with ids 3, 6, 9, ... whose documents draw
    /// from a small vocabulary with a fixed seed, so that words share prefixes.
    fn library(count: usize) -> SearchLibrary {
        const VOCABULARY: &[&str] = &[
            "a", "ab", "abc", "abcd", "abd", "b", "ba", "bad", "badge", "c", "ca", "cab", "cabin",
            "d", "da", "dab", "e", "ea", "eb", "ec", "ed", "ee", "ef", "eg", "eh", "ei", "ej",
            "ek", "el", "em",
        ];
        let mut state = 42u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let books = (1..=count)
            .map(|n| {
                let words: Vec<&str> = (0..next() % 6)
                    .map(|_| VOCABULARY[next() % VOCABULARY.len()])
                    .collect();
                SearchableBook {
                    summary: summary(3 * n as i64),
                    document: words.join(" "),
                }
            })
            .collect();
        SearchLibrary { revision: 7, books }
    }

    /// Returns the ids that a brute-force scan finds, in order.
    fn expected(
        library: &SearchLibrary,
        words: &[&str],
        order: SortOrder,
        after: Option<i64>,
    ) -> Vec<i64> {
        let mut ids: Vec<i64> = library
            .books
            .iter()
            .filter(|book| {
                words.iter().all(|word| {
                    book.document
                        .split(' ')
                        .any(|term| !term.is_empty() && term.starts_with(word))
                })
            })
            .map(|book| book.summary.id)
            .filter(|id| match (order, after) {
                (_, None) => true,
                (SortOrder::Asc, Some(after)) => *id > after,
                (SortOrder::Desc, Some(after)) => *id < after,
            })
            .collect();
        if order == SortOrder::Desc {
            ids.reverse();
        }
        ids
    }

    #[test]
    fn searches_match_a_scan_of_the_documents() {
        let library = library(600);
        let index = LibraryIndex::build(library.clone()).unwrap();
        let queries: &[&[&str]] = &[
            &["a"],
            &["ab"],
            &["abc"],
            &["abcd"],
            &["abx"],
            &["e"],
            &["b", "c"],
            &["e", "a"],
            &["ba", "ca", "da"],
            &["z"],
            &["badge", "e"],
            &["ab", "ab"],
        ];
        for words in queries {
            let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            for order in [SortOrder::Asc, SortOrder::Desc] {
                for after in [None, Some(1), Some(300), Some(301), Some(1800), Some(5000)] {
                    for want in [1, 7, 10_000] {
                        let found: Vec<i64> = index
                            .search(&owned, order, after, want)
                            .into_iter()
                            .map(|p| index.ids[p as usize])
                            .collect();
                        let mut all = expected(&library, words, order, after);
                        all.truncate(want);
                        assert_eq!(found, all, "{words:?} {order:?} after {after:?}, {want}");
                    }
                }
            }
        }
    }

    #[test]
    fn chunks_build_the_index_of_the_whole() {
        let whole = LibraryIndex::build(library(300)).unwrap();
        let mut builder = IndexBuilder::new(usize::MAX);
        let books = library(300).books;
        for chunk in books.chunks(7) {
            assert!(builder.add(chunk.to_vec()).is_continue());
        }
        let chunked = builder.finish(7).unwrap();
        assert_eq!(format!("{chunked:?}"), format!("{whole:?}"));
    }

    #[test]
    fn rows_across_segments_are_whole() {
        let library = library(2 * ROWS_PER_SEGMENT + 5);
        let index = LibraryIndex::build(library.clone()).unwrap();
        assert_eq!(index.rows.len(), 3);
        for (position, book) in library.books.iter().enumerate() {
            let row = serde_json::to_string(&book.summary).unwrap();
            assert_eq!(index.row(position as u32), row, "position {position}");
        }
    }

    #[test]
    fn books_out_of_order_fail_the_build() {
        let mut books = library(10).books;
        books.swap(3, 4);
        let mut builder = IndexBuilder::new(usize::MAX);
        assert!(builder.add(books).is_break());
        let error = builder.finish(1).unwrap_err();
        assert_eq!(
            error,
            BuildError::Failed("book 12 came after a book with a higher id".to_string())
        );
    }

    #[test]
    fn reading_over_budget_stops_early() {
        let whole = LibraryIndex::build(library(2000)).unwrap().bytes();
        let mut builder = IndexBuilder::new(whole / 4);
        let mut chunks = 0;
        for chunk in library(2000).books.chunks(100) {
            chunks += 1;
            if builder.add(chunk.to_vec()).is_break() {
                break;
            }
        }
        assert!(chunks < 20, "all {chunks} chunks were read");
        assert_eq!(builder.finish(1).unwrap_err(), BuildError::OverBudget);
    }

    #[test]
    fn builder_counts_what_index_takes() {
        let mut builder = IndexBuilder::new(usize::MAX);
        let _ = builder.add(library(3000).books);
        let counted = builder.bytes;
        let index = builder.finish(1).unwrap();
        // The builder counts row segments by length and the index by capacity.
        let slack = index
            .rows
            .iter()
            .map(|row| row.capacity() - row.len())
            .sum::<usize>()
            + index.rows.len() * std::mem::size_of::<String>();
        assert_eq!(counted + slack, index.bytes());
    }

    #[test]
    fn matches_of_many_completions_use_bitmap() {
        let index = LibraryIndex::build(library(100)).unwrap();
        assert!(matches!(index.matches("e"), Matches::Bits(_)));
        assert!(matches!(index.matches("ab"), Matches::Lists(ref lists) if lists.len() == 4));
    }

    #[test]
    fn pages_are_the_json_the_api_writes() {
        let library = library(50);
        let index = LibraryIndex::build(library.clone()).unwrap();
        let user = UserId(1);
        let query = BookQuery {
            q: Some("ab".to_string()),
            limit: Some(3),
            ..BookQuery::default()
        };
        let plan = plan(user, &query).unwrap();
        let body = index.page(&plan);
        let page: Page<BookSummary> = serde_json::from_slice(&body).unwrap();
        let ids = expected(&library, &["ab"], SortOrder::Asc, None);
        assert!(ids.len() > 3, "the test needs a second page");
        let items: Vec<BookSummary> = ids[..3].iter().map(|id| summary(*id)).collect();
        assert_eq!(page.items, items);
        assert_eq!((page.total, page.total_exact), (4, false));
        // The same value, written by serde, is the same bytes.
        assert_eq!(body, serde_json::to_vec(&page).unwrap());

        let next = BookQuery {
            cursor: page.next_cursor.clone(),
            ..query
        };
        let plan = super::plan(user, &next).unwrap();
        let page: Page<BookSummary> = serde_json::from_slice(&index.page(&plan)).unwrap();
        assert_eq!(page.items[0].id, ids[3]);
    }

    #[test]
    fn plan_leaves_filters_to_database() {
        let user = UserId(1);
        let search = BookQuery {
            q: Some("dune".to_string()),
            ..BookQuery::default()
        };
        assert!(plan(user, &search).is_some());
        for other in [
            BookQuery {
                q: None,
                ..search.clone()
            },
            BookQuery {
                q: Some("!!".to_string()),
                ..search.clone()
            },
            BookQuery {
                status: Some(ReadingStatus::Read),
                ..search.clone()
            },
            BookQuery {
                shelf: Some("x".to_string()),
                ..search.clone()
            },
            BookQuery {
                tag: Some("x".to_string()),
                ..search.clone()
            },
            BookQuery {
                min_rating: Some(3.0),
                ..search.clone()
            },
            BookQuery {
                year_read: Some(2020),
                ..search.clone()
            },
            BookQuery {
                sort: Some(SortKey::Title),
                ..search.clone()
            },
            BookQuery {
                limit: Some(0),
                ..search.clone()
            },
            BookQuery {
                limit: Some(BookQuery::MAX_LIMIT + 1),
                ..search.clone()
            },
            BookQuery {
                cursor: Some("junk".to_string()),
                ..search.clone()
            },
        ] {
            assert!(plan(user, &other).is_none(), "{other:?}");
        }
    }

    #[test]
    fn index_over_budget_not_kept() {
        let index = LibraryIndex::build(library(200)).unwrap();
        let cost = index.bytes();
        let indexes = SearchIndex::new(cost - 1);
        indexes.building.store(true, Ordering::Release);
        indexes.finish(UserId(1), Ok(index), Duration::from_millis(1));
        assert_eq!(indexes.bytes(), 0);
        assert!(!indexes.building.load(Ordering::Acquire));
        let slot = &indexes.lock().slots[&1];
        assert!(slot.index.is_none());
        assert!(slot.not_before.is_some());
    }

    #[tokio::test]
    async fn readings_pause_between_libraries() {
        let folder = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", folder.path().join("estante.db").display());
        let store = crate::storage::open(&url).await.unwrap();
        let ana = store.create_user("ana", None).await.unwrap();
        let bia = store.create_user("bia", None).await.unwrap();
        let indexes = Arc::new(SearchIndex::new(1024 * 1024));
        let query = BookQuery {
            q: Some("dune".to_string()),
            ..BookQuery::default()
        };

        assert!(indexes.page(&store, UserId(ana.id), 0, &query).is_none());
        for _ in 0..500 {
            if indexes.builds.load(Ordering::Relaxed) == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(indexes.builds.load(Ordering::Relaxed), 1);

        // As after a reading that took an hour: no other library is read meanwhile.
        indexes.lock().next_build = Some(Instant::now() + Duration::from_secs(3600));
        assert!(indexes.page(&store, UserId(bia.id), 0, &query).is_none());
        assert!(!indexes.building.load(Ordering::Acquire));
        assert!(!indexes.lock().slots[&bia.id].building);
    }

    #[test]
    fn eviction_takes_least_recent_index() {
        let cost = LibraryIndex::build(library(200)).unwrap().bytes();
        let indexes = SearchIndex::new(2 * cost + cost / 2);
        for user in 1..=2 {
            indexes.finish(
                UserId(user),
                LibraryIndex::build(library(200)),
                Duration::ZERO,
            );
        }
        // The first library served a page most recently, so the second one leaves.
        indexes.lock().clock = 10;
        indexes.lock().slots.get_mut(&1).unwrap().last_used = 10;
        indexes.finish(UserId(3), LibraryIndex::build(library(200)), Duration::ZERO);
        let libraries = indexes.lock();
        let kept: Vec<i64> = {
            let mut kept: Vec<i64> = libraries
                .slots
                .iter()
                .filter(|(_, slot)| slot.index.is_some())
                .map(|(user, _)| *user)
                .collect();
            kept.sort_unstable();
            kept
        };
        assert_eq!(kept, [1, 3]);
        assert_eq!(libraries.bytes, 2 * cost);
    }
}
