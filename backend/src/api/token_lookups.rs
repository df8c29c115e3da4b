//! Bearer token lookups, with the lookups of concurrent requests sent to the database
//! together.
//!
//! Every API request reads its caller's token row before anything else, so under load
//! that one-row statement sets the rate of every endpoint. With SQLite, most of its
//! cost is handing the statement to the connection's thread and the row back. While
//! one lookup runs, the requests that arrive queue up, and the next statement reads
//! all of their tokens at once.
//!
//! A batch never replies to a request with a row read before the request arrived: each
//! statement starts after every request in it was queued. So a request sent after a
//! write's response reads that write's revision, as a lookup of its own would.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use tokio::sync::oneshot;

use crate::storage::{Storage, StoreError, StoreResult, TokenOwner, User};

/// Maximum tokens read by one statement. Requests beyond it wait for the next one.
const MAX_BATCH: usize = 256;

/// The destination of the lookups: the store, or a stand-in in unit tests.
#[async_trait]
pub trait OwnerSource: Send + Sync + 'static {
    async fn owner(&self, token_hash: &str) -> StoreResult<(User, i64)>;
    async fn owners(&self, token_hashes: &[String]) -> StoreResult<Vec<TokenOwner>>;
}

struct StoreSource(Arc<dyn Storage>);

#[async_trait]
impl OwnerSource for StoreSource {
    async fn owner(&self, token_hash: &str) -> StoreResult<(User, i64)> {
        self.0.token_owner(token_hash).await
    }

    async fn owners(&self, token_hashes: &[String]) -> StoreResult<Vec<TokenOwner>> {
        self.0.token_owners(token_hashes).await
    }
}

/// The reply to a queued request: the owner, `None` for an unknown token, or
/// `Unreachable` when the database could not be reached for the statement.
type Reply = Result<Option<(User, i64)>, Unreachable>;

/// The database was unreachable for a lookup. A queued request then fails at once,
/// because a lookup of its own would wait out the pool's timeout again. Requests
/// queued behind a lookup stuck on a stopped PostgreSQL got their 503 after three
/// timeouts in a row, 30 s instead of 10.
#[derive(Debug)]
struct Unreachable;

struct Waiter {
    token_hash: String,
    /// Dropped without a reply when the batch failed for another reason than an
    /// unreachable database, so that the request looks its token up alone and
    /// reports its own error.
    reply: oneshot::Sender<Reply>,
}

#[derive(Default)]
struct Queue {
    /// A lookup is running. A request that finds it so queues for the next statement.
    busy: bool,
    waiting: Vec<Waiter>,
}

/// The server's token lookups. A request that finds none running looks its token up
/// at once, with the one-row statement. Requests that arrive meanwhile queue, and when
/// that lookup ends a task reads their tokens in one statement, and again for those
/// that queued during that one, until none wait.
pub struct TokenLookups {
    source: Arc<dyn OwnerSource>,
    queue: Mutex<Queue>,
    alone: AtomicU64,
    queued: AtomicU64,
    statements: AtomicU64,
}

impl std::fmt::Debug for TokenLookups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenLookups")
            .field("waiting", &self.lock().waiting.len())
            .finish_non_exhaustive()
    }
}

impl TokenLookups {
    pub fn new(store: Arc<dyn Storage>) -> Self {
        Self::with_source(Arc::new(StoreSource(store)))
    }

    pub fn with_source(source: Arc<dyn OwnerSource>) -> Self {
        Self {
            source,
            queue: Mutex::new(Queue::default()),
            alone: AtomicU64::new(0),
            queued: AtomicU64::new(0),
            statements: AtomicU64::new(0),
        }
    }

    /// Returns the owner of the token with this hash and the revision of the owner's
    /// library. An unknown token is `StoreError::NotFound`.
    pub async fn owner(self: &Arc<Self>, token_hash: &str) -> StoreResult<(User, i64)> {
        let receiver = {
            let mut queue = self.lock();
            if queue.busy {
                let (reply, receiver) = oneshot::channel();
                queue.waiting.push(Waiter {
                    token_hash: token_hash.to_string(),
                    reply,
                });
                Some(receiver)
            } else {
                queue.busy = true;
                None
            }
        };

        let Some(receiver) = receiver else {
            // Passes the queue on when the lookup ends, also when the request is
            // dropped halfway, as when its client hangs up.
            let _hand_off = HandOff(self);
            self.alone.fetch_add(1, Ordering::Relaxed);
            let owner = self.source.owner(token_hash).await;
            if owner.as_ref().is_err_and(StoreError::is_connection_failure) {
                self.fail_waiting();
            }
            return owner;
        };

        self.queued.fetch_add(1, Ordering::Relaxed);
        match receiver.await {
            Ok(Ok(Some(owner))) => Ok(owner),
            Ok(Ok(None)) => Err(StoreError::NotFound("token")),
            Ok(Err(Unreachable)) => Err(StoreError::Database(sqlx::Error::PoolTimedOut)),
            // The statement failed, or its task ended: a lookup of this token alone
            // gets the error to report, or the owner if the fault has passed.
            Err(_) => self.source.owner(token_hash).await,
        }
    }

    /// Reads the tokens of queued requests, a statement at a time, until none wait.
    async fn drain(self: Arc<Self>) {
        let mut reset = ResetOnUnwind {
            lookups: &self,
            armed: true,
        };
        loop {
            let batch: Vec<Waiter> = {
                let mut queue = self.lock();
                if queue.waiting.is_empty() {
                    queue.busy = false;
                    reset.armed = false;
                    return;
                }
                let count = queue.waiting.len().min(MAX_BATCH);
                queue.waiting.drain(..count).collect()
            };

            let mut hashes: Vec<String> = batch.iter().map(|w| w.token_hash.clone()).collect();
            hashes.sort_unstable();
            hashes.dedup();
            self.statements.fetch_add(1, Ordering::Relaxed);
            match self.source.owners(&hashes).await {
                Ok(owners) => {
                    let found: HashMap<&str, &TokenOwner> = owners
                        .iter()
                        .map(|owner| (owner.token_hash.as_str(), owner))
                        .collect();
                    for waiter in batch {
                        let reply = found
                            .get(waiter.token_hash.as_str())
                            .map(|owner| (owner.user.clone(), owner.revision));
                        // A closed receiver belongs to a request that has ended.
                        let _ = waiter.reply.send(Ok(reply));
                    }
                }
                Err(error) if error.is_connection_failure() => {
                    tracing::warn!(%error, tokens = hashes.len(), "token lookup failed");
                    for waiter in batch {
                        let _ = waiter.reply.send(Err(Unreachable));
                    }
                    self.fail_waiting();
                }
                Err(error) => {
                    tracing::warn!(%error, tokens = hashes.len(), "token lookup failed");
                    drop(batch);
                }
            }
        }
    }

    /// Fails the requests that queued while a lookup found the database unreachable.
    /// A client retries a 503, and a new request starts a new lookup.
    fn fail_waiting(&self) {
        let waiting = std::mem::take(&mut self.lock().waiting);
        for waiter in waiting {
            let _ = waiter.reply.send(Err(Unreachable));
        }
    }

    /// Renders the lookup counters in the Prometheus text format, for `/metrics`.
    pub fn render_metrics(&self) -> String {
        format!(
            "# HELP estante_token_lookups_total Bearer token lookups, by whether the request \
             found none running and read its token alone, or queued for a shared statement.\n\
             # TYPE estante_token_lookups_total counter\n\
             estante_token_lookups_total{{path=\"alone\"}} {}\n\
             estante_token_lookups_total{{path=\"queued\"}} {}\n\
             # HELP estante_token_lookup_batches_total Statements that read the tokens of \
             queued requests.\n\
             # TYPE estante_token_lookup_batches_total counter\n\
             estante_token_lookup_batches_total {}\n",
            self.alone.load(Ordering::Relaxed),
            self.queued.load(Ordering::Relaxed),
            self.statements.load(Ordering::Relaxed),
        )
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Every change to the queue is complete when the lock is released, so a
        // panic while it was held leaves nothing half done.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Ends a lookup that ran alone: queued requests get a task that reads their tokens,
/// and with none queued the next request runs alone again.
struct HandOff<'a>(&'a Arc<TokenLookups>);

impl Drop for HandOff<'_> {
    fn drop(&mut self) {
        let mut queue = self.0.lock();
        if queue.waiting.is_empty() {
            queue.busy = false;
            return;
        }
        drop(queue);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(Arc::clone(self.0).drain());
            }
            // Only a runtime that is shutting down gets here. Dropping the queue
            // sends each request to a lookup of its own.
            Err(_) => {
                let mut queue = self.0.lock();
                queue.waiting.clear();
                queue.busy = false;
            }
        }
    }
}

/// Empties the queue if the task that drains it panics or is dropped, so that later
/// requests do not wait behind a task that has gone.
struct ResetOnUnwind<'a> {
    lookups: &'a TokenLookups,
    armed: bool,
}

impl Drop for ResetOnUnwind<'_> {
    fn drop(&mut self) {
        if self.armed {
            let mut queue = self.lookups.lock();
            queue.waiting.clear();
            queue.busy = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::Duration;

    use tokio::sync::Semaphore;

    /// A source with owners for the tokens "a" and "b" only. It records each call and
    /// holds every lookup until the test adds a permit.
    struct Gated {
        gate: Semaphore,
        calls: Mutex<Vec<Vec<String>>>,
        fail_batches: bool,
        unreachable: bool,
    }

    impl Default for Gated {
        fn default() -> Self {
            Self {
                gate: Semaphore::new(0),
                calls: Mutex::default(),
                fail_batches: false,
                unreachable: false,
            }
        }
    }

    impl Gated {
        fn known(hash: &str) -> Option<(User, i64)> {
            let id = match hash {
                "a" => 1,
                "b" => 2,
                _ => return None,
            };
            let user = User {
                id,
                name: hash.to_string(),
            };
            Some((user, 10 * id))
        }

        fn calls(&self) -> Vec<Vec<String>> {
            self.calls.lock().unwrap().clone()
        }
    }

    #[async_trait]
    impl OwnerSource for Gated {
        async fn owner(&self, token_hash: &str) -> StoreResult<(User, i64)> {
            self.calls
                .lock()
                .unwrap()
                .push(vec![token_hash.to_string()]);
            self.gate.acquire().await.unwrap().forget();
            if self.unreachable {
                return Err(StoreError::Database(sqlx::Error::PoolTimedOut));
            }
            Self::known(token_hash).ok_or(StoreError::NotFound("token"))
        }

        async fn owners(&self, token_hashes: &[String]) -> StoreResult<Vec<TokenOwner>> {
            self.calls.lock().unwrap().push(token_hashes.to_vec());
            self.gate.acquire().await.unwrap().forget();
            if self.fail_batches {
                return Err(StoreError::NotFound("database"));
            }
            Ok(token_hashes
                .iter()
                .filter_map(|hash| {
                    Self::known(hash).map(|(user, revision)| TokenOwner {
                        token_hash: hash.clone(),
                        user,
                        revision,
                    })
                })
                .collect())
        }
    }

    /// Waits until the source has seen `count` calls.
    async fn calls_reach(source: &Gated, count: usize) {
        for _ in 0..500 {
            if source.calls().len() >= count {
                return;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        panic!("the source saw {:?}", source.calls());
    }

    fn spawn_lookup(
        lookups: &Arc<TokenLookups>,
        hash: &str,
    ) -> tokio::task::JoinHandle<StoreResult<(User, i64)>> {
        let lookups = Arc::clone(lookups);
        let hash = hash.to_string();
        tokio::spawn(async move { lookups.owner(&hash).await })
    }

    type Lookup = tokio::task::JoinHandle<StoreResult<(User, i64)>>;

    /// Starts a lookup of "a", which the source holds, and then one of "b", which
    /// queues behind it.
    async fn lead_and_queue(source: &Arc<Gated>) -> (Arc<TokenLookups>, Lookup, Lookup) {
        let lookups = Arc::new(TokenLookups::with_source(source.clone()));
        let first = spawn_lookup(&lookups, "a");
        calls_reach(source, 1).await;
        let queued = spawn_lookup(&lookups, "b");
        tokio::time::sleep(Duration::from_millis(20)).await;
        (lookups, first, queued)
    }

    #[tokio::test]
    async fn lookups_queued_share_one_statement() {
        let source = Arc::new(Gated::default());
        let lookups = Arc::new(TokenLookups::with_source(source.clone()));

        let first = spawn_lookup(&lookups, "a");
        calls_reach(&source, 1).await;
        let queued: Vec<_> = ["b", "a", "unknown", "b"]
            .iter()
            .map(|hash| spawn_lookup(&lookups, hash))
            .collect();
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(source.calls(), [vec!["a".to_string()]]);

        source.gate.add_permits(2);
        assert_eq!(first.await.unwrap().unwrap().0.name, "a");
        let mut answers = Vec::new();
        for task in queued {
            answers.push(
                task.await
                    .unwrap()
                    .map(|(user, revision)| (user.name, revision)),
            );
        }

        assert_eq!(
            source.calls(),
            [
                vec!["a".to_string()],
                vec!["a".into(), "b".into(), "unknown".into()]
            ]
        );
        assert_eq!(answers[0].as_ref().unwrap(), &("b".to_string(), 20));
        assert_eq!(answers[1].as_ref().unwrap(), &("a".to_string(), 10));
        assert!(matches!(answers[2], Err(StoreError::NotFound("token"))));
        assert_eq!(answers[3].as_ref().unwrap(), &("b".to_string(), 20));
        assert!(lookups.render_metrics().contains("path=\"queued\"} 4"));
        assert!(lookups.render_metrics().contains("batches_total 1"));
    }

    #[tokio::test]
    async fn lookups_after_failed_batch_go_alone() {
        let source = Arc::new(Gated {
            fail_batches: true,
            ..Gated::default()
        });
        let (_lookups, first, queued) = lead_and_queue(&source).await;
        source.gate.add_permits(3);

        assert_eq!(first.await.unwrap().unwrap().0.name, "a");
        assert_eq!(queued.await.unwrap().unwrap().0.name, "b");
        assert_eq!(
            source.calls(),
            [vec!["a".to_string()], vec!["b".into()], vec!["b".into()]]
        );
    }

    #[tokio::test]
    async fn lookups_behind_unreachable_database_fail_at_once() {
        let source = Arc::new(Gated {
            unreachable: true,
            ..Gated::default()
        });
        let (_lookups, first, queued) = lead_and_queue(&source).await;
        source.gate.add_permits(1);

        let first = first.await.unwrap().unwrap_err();
        assert!(first.is_connection_failure(), "{first}");
        let queued = queued.await.unwrap().unwrap_err();
        assert!(queued.is_connection_failure(), "{queued}");
        assert_eq!(source.calls(), [vec!["a".to_string()]]);
    }

    #[tokio::test]
    async fn lookups_outlive_dropped_first_request() {
        let source = Arc::new(Gated::default());
        let (lookups, first, queued) = lead_and_queue(&source).await;
        first.abort();
        assert!(first.await.unwrap_err().is_cancelled());

        source.gate.add_permits(1);
        assert_eq!(queued.await.unwrap().unwrap().0.name, "b");

        // With nothing running, the next request reads its token alone.
        source.gate.add_permits(1);
        assert_eq!(lookups.owner("a").await.unwrap().0.name, "a");
        assert_eq!(
            source.calls(),
            [vec!["a".to_string()], vec!["b".into()], vec!["a".into()]]
        );
    }
}
