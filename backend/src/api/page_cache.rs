//! First pages of book lists, kept as the JSON bodies that were sent.
//!
//! A page is keyed by its user, the revision of the user's library and the query
//! string. Every committed write to a library moves its revision on, in the write's
//! own transaction. Each request reads the revision with its token, so a page is
//! served again only while the library is as it was when the page was made.
//! This is true across servers that share one database, without any message between
//! them. Pages of older revisions are never asked for again; they leave as new pages
//! push them out.
//!
//! Only first pages are kept: a search typed again, a list opened again or reloaded
//! requests them, while the later pages of a long list are read once each.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;

/// The default budget, for pages and their keys. A 100-book page of generated books is
/// about 23 KiB, so this keeps about 1,400 such pages.
pub const DEFAULT_PAGE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Maximum length of a query string whose page is kept. Longer ones are rare and would
/// let one client fill the budget with keys.
const MAX_QUERY_BYTES: usize = 1024;

/// Bytes that a kept page costs besides its body and the two copies of its query
/// string: the map's and the queue's slots and the allocations' headers. An estimate:
/// a flood of distinct searches measured about 300 bytes a page.
const ENTRY_OVERHEAD: usize = 320;

/// Returns what a page costs the budget. Counting the body alone let pages of empty
/// searches under long query strings take about forty times the budget.
fn entry_cost(query: &str, body: &Bytes) -> usize {
    body.len() + 2 * query.len() + ENTRY_OVERHEAD
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    user: i64,
    revision: i64,
    query: Box<str>,
}

#[derive(Debug, Default)]
struct Pages {
    bodies: HashMap<Key, Bytes>,
    /// Keys in the order they came in, the oldest first, for eviction.
    order: VecDeque<Key>,
    bytes: usize,
}

/// Rendered list pages under a byte budget, the oldest evicted first. A budget of 0
/// keeps nothing.
#[derive(Debug)]
pub struct PageCache {
    budget: usize,
    pages: Mutex<Pages>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new(DEFAULT_PAGE_CACHE_BYTES)
    }
}

impl PageCache {
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            pages: Mutex::new(Pages::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Returns whether a page of this query string may be kept at all.
    pub fn takes(&self, query: &str) -> bool {
        self.budget > 0 && query.len() <= MAX_QUERY_BYTES
    }

    /// Returns the body kept for this page, counting a hit or a miss.
    pub fn get(&self, user: i64, revision: i64, query: &str) -> Option<Bytes> {
        let key = Key {
            user,
            revision,
            query: query.into(),
        };
        let found = self.lock().bodies.get(&key).cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps `body` as this page, evicting the oldest pages until it fits. A page
    /// that costs more than the whole budget is not kept.
    pub fn put(&self, user: i64, revision: i64, query: &str, body: Bytes) {
        let cost = entry_cost(query, &body);
        if cost > self.budget || !self.takes(query) {
            return;
        }
        let key = Key {
            user,
            revision,
            query: query.into(),
        };
        let mut pages = self.lock();
        // Two requests that missed at once both put the same page.
        if pages.bodies.contains_key(&key) {
            return;
        }
        while pages.bytes + cost > self.budget {
            let Some(oldest) = pages.order.pop_front() else {
                break;
            };
            if let Some(evicted) = pages.bodies.remove(&oldest) {
                pages.bytes -= entry_cost(&oldest.query, &evicted);
            }
        }
        pages.bytes += cost;
        pages.order.push_back(key.clone());
        pages.bodies.insert(key, body);
    }

    /// Pages served from the cache since the server started.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Cacheable pages that had to be made since the server started.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }

    /// Bytes that the kept pages cost now, by [`entry_cost`].
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Renders the cache's counters in the Prometheus text format, for `/metrics`.
    pub fn render_metrics(&self) -> String {
        format!(
            "# HELP estante_list_cache_requests_total First list pages asked for, by whether \
             the cache had them.\n\
             # TYPE estante_list_cache_requests_total counter\n\
             estante_list_cache_requests_total{{result=\"hit\"}} {}\n\
             estante_list_cache_requests_total{{result=\"miss\"}} {}\n\
             # HELP estante_list_cache_bytes Bytes of the list pages kept, keys included.\n\
             # TYPE estante_list_cache_bytes gauge\n\
             estante_list_cache_bytes {}\n",
            self.hits(),
            self.misses(),
            self.bytes()
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        // The map is consistent after every statement, so a panic elsewhere while the
        // lock was held leaves nothing half done.
        self.pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(size: usize) -> Bytes {
        Bytes::from(vec![b'x'; size])
    }

    #[test]
    fn get_needs_user_revision_and_query() {
        let cache = PageCache::new(1024);
        cache.put(1, 7, "q=dune", body(10));

        assert_eq!(cache.get(1, 7, "q=dune"), Some(body(10)));
        assert_eq!(cache.get(1, 8, "q=dune"), None);
        assert_eq!(cache.get(2, 7, "q=dune"), None);
        assert_eq!(cache.get(1, 7, "q=dun"), None);
        assert_eq!((cache.hits(), cache.misses()), (1, 3));
    }

    #[test]
    fn put_evicts_oldest_pages() {
        let cost = entry_cost("page=0", &body(30));
        let cache = PageCache::new(3 * cost + cost / 2);
        for page in 0..5 {
            cache.put(1, 1, &format!("page={page}"), body(30));
        }

        assert_eq!(cache.bytes(), 3 * cost);
        assert_eq!(cache.get(1, 1, "page=1"), None);
        assert!(cache.get(1, 1, "page=2").is_some());
        assert!(cache.get(1, 1, "page=4").is_some());
    }

    #[test]
    fn put_twice_counts_once() {
        let cache = PageCache::new(1000);
        cache.put(1, 1, "", body(40));
        cache.put(1, 1, "", body(40));

        assert_eq!(cache.bytes(), entry_cost("", &body(40)));
    }

    /// Empty searches under the longest query strings kept have small bodies, and
    /// their keys cost the most.
    #[test]
    fn put_counts_keys_in_budget() {
        let budget = 64 * 1024;
        let cache = PageCache::new(budget);
        for number in 0..10_000 {
            let query = format!("q={number:0>1020}");
            cache.put(1, 1, &query, body(60));
        }

        assert!(cache.bytes() <= budget, "{}", cache.bytes());
        let page_count = cache.lock().bodies.len();
        assert!(
            page_count <= budget / (60 + 2 * 1022),
            "{page_count} pages kept"
        );
        assert_eq!(cache.lock().order.len(), page_count);
    }

    #[test]
    fn put_keeps_nothing_over_budget() {
        let off = PageCache::new(0);
        off.put(1, 1, "", body(1));
        assert_eq!(off.get(1, 1, ""), None);
        assert!(!off.takes(""));

        let small = PageCache::new(ENTRY_OVERHEAD + 10);
        small.put(1, 1, "", body(11));
        assert_eq!(small.bytes(), 0);
        assert!(!small.takes(&"q".repeat(MAX_QUERY_BYTES + 1)));
    }
}
