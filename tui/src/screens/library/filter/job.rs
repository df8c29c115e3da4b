//! Scoring and ranking, on the UI thread for few candidates and on worker threads
//! for many.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher};

use super::haystacks::Haystacks;

/// Candidates scored between two checks of whether a newer job replaced this one.
const CANCEL_CHECK_INTERVAL: usize = 1024;

/// Minimum candidates per worker thread, because below this a second thread costs
/// more to start than it saves.
const MIN_CANDIDATES_PER_THREAD: usize = 8192;

/// The books a match has to score: the matches of a shorter text typed before, in
/// list order, plus every book appended after that match ran.
#[derive(Debug, Clone)]
pub struct Candidates {
    /// Matches of a prefix of the text, or `None` to score every book.
    pub earlier: Option<Arc<[u32]>>,
    /// Books from this index on were not loaded when `earlier` was computed.
    pub new_from: usize,
    /// Books from this index on are not scored: they were loaded after the job
    /// started.
    pub end: usize,
}

impl Candidates {
    pub fn all(end: usize) -> Self {
        Self {
            earlier: None,
            new_from: 0,
            end,
        }
    }

    pub fn count(&self) -> usize {
        self.earlier.as_ref().map_or(0, |earlier| earlier.len()) + (self.end - self.new_from)
    }

    /// Returns the candidate indices in list order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let earlier = self.earlier.as_deref().unwrap_or_default();
        earlier
            .iter()
            .copied()
            .chain(self.new_from as u32..self.end as u32)
    }

    fn to_vec(&self) -> Vec<u32> {
        let mut indices = Vec::with_capacity(self.count());
        indices.extend(self.iter());
        indices
    }
}

/// Parses a folded filter text into nucleo's pattern: words are ANDed, smart case,
/// and fzf's syntax (`!`, `^`, `$`, `'`) applies.
pub fn parse_pattern(text: &str) -> Pattern {
    Pattern::parse(text, CaseMatching::Smart, Normalization::Smart)
}

pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

/// Scores `candidates` (indices in list order) and returns the matches as
/// `(index, score)` in list order, or `None` when `is_cancelled` returned true.
pub fn score(
    haystacks: &Haystacks,
    candidates: impl IntoIterator<Item = u32>,
    pattern: &Pattern,
    matcher: &mut Matcher,
    is_cancelled: &dyn Fn() -> bool,
) -> Option<Vec<(u32, u32)>> {
    let mut scored = Vec::new();
    for (position, index) in candidates.into_iter().enumerate() {
        if position.is_multiple_of(CANCEL_CHECK_INTERVAL) && is_cancelled() {
            return None;
        }
        if let Some(score) = pattern.score(haystacks.get(index as usize), matcher) {
            scored.push((index, score));
        }
    }
    Some(scored)
}

/// Matches ranked for display and the same matches in list order for the next,
/// longer text.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Indices of the matching books, best match first, ties in list order.
    pub best_first: Vec<usize>,
    /// The same indices in list order.
    pub list_order: Arc<[u32]>,
}

impl Ranked {
    pub fn from_scored(scored: &[(u32, u32)]) -> Self {
        Self {
            best_first: sort_by_score(scored),
            list_order: scored.iter().map(|(index, _)| *index).collect(),
        }
    }
}

/// A filter match too large for the UI thread: the text, a snapshot of the
/// haystacks and the candidates. [`FilterJob::run`] performs it on any thread.
#[derive(Clone)]
pub struct FilterJob {
    /// Sequence number of this job. A job stops early once `latest` contains a
    /// different number, because a newer text or a changed list replaced it.
    pub seq: u64,
    /// The folded text.
    pub text: String,
    pub haystacks: Haystacks,
    pub candidates: Candidates,
    pub latest: Arc<AtomicU64>,
}

impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("seq", &self.seq)
            .field("text", &self.text)
            .field("candidates", &self.candidates.count())
            .finish()
    }
}

impl PartialEq for FilterJob {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq && self.text == other.text
    }
}

/// The outcome of a [`FilterJob`].
#[derive(Debug, Clone, PartialEq)]
pub struct FilterMatches {
    pub seq: u64,
    pub text: String,
    /// Books from this index on were not scored.
    pub end: usize,
    /// The matches, or `None` when a newer job replaced this one first.
    pub ranked: Option<Ranked>,
}

impl FilterJob {
    /// Scores the candidates, split over the available cores, and ranks them.
    /// Blocks for the whole match, so async callers run it with `spawn_blocking`.
    pub fn run(self) -> FilterMatches {
        let pattern = parse_pattern(&self.text);
        let candidates = self.candidates.to_vec();
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        let threads = (candidates.len() / MIN_CANDIDATES_PER_THREAD).clamp(1, cores);
        let part_len = candidates.len().div_ceil(threads).max(1);
        let is_cancelled = || self.latest.load(Ordering::Relaxed) != self.seq;

        let parts: Vec<Option<Vec<(u32, u32)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = candidates
                .chunks(part_len)
                .map(|part| {
                    let (haystacks, pattern) = (&self.haystacks, &pattern);
                    scope.spawn(move || {
                        let mut matcher = new_matcher();
                        score(
                            haystacks,
                            part.iter().copied(),
                            pattern,
                            &mut matcher,
                            &is_cancelled,
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or(None))
                .collect()
        });

        // The parts are in list order, so their concatenation is too.
        let ranked = parts
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(|parts| Ranked::from_scored(&parts.concat()));
        FilterMatches {
            seq: self.seq,
            text: self.text,
            end: self.candidates.end,
            ranked,
        }
    }
}

/// Highest score for which [`sort_by_score`] counts instead of comparing. In
/// nucleo-matcher 0.3 a matched character scores 16 plus bonuses of a few dozen at
/// most, so filter texts of a few dozen characters stay well below it.
const COUNTING_SORT_MAX_SCORE: u32 = 1 << 16;

/// Orders rows that are in list order by score, highest first, keeping list order
/// within a score. It is a counting sort, because scores are small integers and
/// counting avoids the O(n log n) comparisons of a sort over 100,000 rows.
fn sort_by_score(scored: &[(u32, u32)]) -> Vec<usize> {
    let Some(max) = scored.iter().map(|(_, score)| *score).max() else {
        return Vec::new();
    };
    if max > COUNTING_SORT_MAX_SCORE {
        let mut sorted = scored.to_vec();
        sorted.sort_by_key(|(index, score)| (std::cmp::Reverse(*score), *index));
        return sorted
            .into_iter()
            .map(|(index, _)| index as usize)
            .collect();
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
        sorted[*slot] = *index as usize;
        *slot += 1;
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn candidates_list_earlier_then_new() {
        let candidates = Candidates {
            earlier: Some(Arc::from(vec![1, 4])),
            new_from: 6,
            end: 8,
        };
        assert_eq!(candidates.count(), 4);
        assert_eq!(candidates.to_vec(), vec![1, 4, 6, 7]);
    }
}
