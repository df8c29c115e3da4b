//! Passwords, bearer tokens and the limit on failed logins.
//!
//! Tokens are random 256-bit values shown to the user once; the database keeps only
//! their SHA-256, so a copy of the database does not let anyone log in. Passwords are
//! hashed with argon2id.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A bearer token, with a `Debug` that never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Makes a new random token. The `est_` prefix lets secret scanners recognise it.
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(format!(
            "est_{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        ))
    }

    pub fn from_secret(secret: String) -> Self {
        Self(secret)
    }

    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The form stored in the database.
    pub fn hash(&self) -> String {
        hash_token(&self.0)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(***)")
    }
}

pub fn hash_token(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct PasswordError(String);

pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError(error.to_string()))
}

/// Checks a password against a stored argon2 hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Returns the form in which two user names count as one: compatibility-composed (NFKC) and
/// case-folded, so `ANA`, `Ana` and the full-width `ａｎａ` are all `ana`. Upper
/// case first folds what lower case alone keeps apart: `Straße` and `STRASSE`.
pub fn user_name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.nfkc()
        .collect::<String>()
        .to_uppercase()
        .to_lowercase()
}

/// Maximum length of a user name, in characters, that the server creates or looks
/// up. A login with a longer one is rejected before any other work, so its name is
/// neither hashed nor kept.
pub const MAX_USER_NAME_CHARS: usize = 200;

/// Counts login attempts in a sliding window, so a password cannot be guessed at
/// request speed. Each client gets a few attempts per user name, and a larger number
/// over all names, which bounds a client that tries one password on many names. The
/// count is per client so that no one can keep a user from logging in by failing on
/// purpose: another client, such as the user's own, still gets its attempts. The
/// count lives in memory: each server limits on its own, which still bounds guesses
/// to the limit times the number of servers.
///
/// An attempt counts from the moment it starts, not when its password check fails,
/// so parallel attempts cannot all pass the check before any of them is counted. A
/// success clears the count of its name and gives the client its attempt back. Keys
/// are SHA-256 hashes, and keys with no attempt inside the window are dropped as the
/// maps grow, so a stream of new names costs a bounded amount of memory.
#[derive(Debug)]
pub struct LoginLimiter {
    per_name: usize,
    per_client: usize,
    window: Duration,
    attempts: Mutex<Attempts>,
}

#[derive(Debug, Default)]
struct Attempts {
    /// Attempts of one client on one name.
    by_name: Window,
    /// Attempts of one client on any name.
    by_client: Window,
}

/// Attempt times by key.
#[derive(Debug, Default)]
struct Window {
    times: HashMap<[u8; 32], Vec<Instant>>,
    /// The size at which stale keys are dropped next: twice the size left by the last
    /// sweep, so each sweep is paid for by as many insertions.
    sweep_at: usize,
}

impl Window {
    /// Drops the times of `key` that are older than `window` and returns the seconds
    /// until the oldest one left leaves it, when `limit` of them remain.
    fn wait(&mut self, key: [u8; 32], now: Instant, window: Duration, limit: usize) -> Option<u64> {
        let recent = self.times.entry(key).or_default();
        recent.retain(|at| now.duration_since(*at) < window);
        if recent.len() < limit {
            return None;
        }
        let oldest = recent.first().copied().unwrap_or(now);
        let wait = window.saturating_sub(now.duration_since(oldest));
        Some(wait.as_secs().max(1))
    }

    fn count(&mut self, key: [u8; 32], now: Instant, window: Duration) {
        self.times.entry(key).or_default().push(now);
        if self.times.len() >= self.sweep_at {
            self.times.retain(|_, times| {
                times
                    .last()
                    .is_some_and(|at| now.duration_since(*at) < window)
            });
            self.sweep_at = (self.times.len() * 2).max(1024);
        }
    }
}

/// The address a login came from; `None` when the server could not tell, as for a
/// router driven without a listener. All such logins count as one client.
pub type LoginClient = Option<std::net::IpAddr>;

impl LoginLimiter {
    /// Creates a limiter of `per_name` attempts per client and user name, and `per_client`
    /// attempts per client over all names, within `window`.
    pub fn new(per_name: usize, per_client: usize, window: Duration) -> Self {
        Self {
            per_name,
            per_client,
            window,
            attempts: Mutex::new(Attempts::default()),
        }
    }

    /// Keys a client by its address. An IPv6 client usually has a whole /64 and
    /// may send from any address in it, so IPv6 addresses count by their /64, and an
    /// IPv4 address written as IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 one.
    fn client_key(client: LoginClient) -> [u8; 32] {
        let mut hasher = Sha256::new();
        match client.map(|address| address.to_canonical()) {
            Some(std::net::IpAddr::V4(address)) => hasher.update(address.octets()),
            Some(std::net::IpAddr::V6(address)) => {
                hasher.update([6]);
                hasher.update(&address.octets()[..8]);
            }
            None => {}
        }
        hasher.finalize().into()
    }

    fn name_key(client: LoginClient, name: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(Self::client_key(client));
        hasher.update(name.as_bytes());
        hasher.finalize().into()
    }

    /// Counts an attempt of `client` on `name` and returns `None`, or returns the
    /// seconds to wait when the client has used up its attempts on the name or on
    /// all names, without counting one.
    pub fn begin(&self, client: LoginClient, name: &str) -> Option<u64> {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let (name_key, client_key) = (Self::name_key(client, name), Self::client_key(client));
        let waits = [
            attempts
                .by_name
                .wait(name_key, now, self.window, self.per_name),
            attempts
                .by_client
                .wait(client_key, now, self.window, self.per_client),
        ];
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Some(wait);
        }
        attempts.by_name.count(name_key, now, self.window);
        attempts.by_client.count(client_key, now, self.window);
        None
    }

    /// Forgets the attempts of `client` on `name` and gives back the attempt that
    /// just succeeded, so that the users behind one address, such as an office's
    /// network, can each log in.
    pub fn succeeded(&self, client: LoginClient, name: &str) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.by_name.times.remove(&Self::name_key(client, name));
        if let Some(times) = attempts.by_client.times.get_mut(&Self::client_key(client)) {
            times.pop();
        }
    }

    /// Returns how many client and name pairs the limiter holds, for tests of its
    /// memory bound.
    pub fn tracked_names(&self) -> usize {
        let attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.by_name.times.len()
    }
}

impl Default for LoginLimiter {
    /// Five attempts per client and name and thirty per client, in a minute.
    fn default() -> Self {
        Self::new(5, 30, Duration::from_secs(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_verifies() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn token_debug_hides_secret() {
        let token = Token::generate();
        assert!(token.secret().starts_with("est_"));
        assert_eq!(format!("{token:?}"), "Token(***)");
        assert_eq!(token.hash().len(), 64);
        assert_ne!(token.hash(), token.secret());
    }

    const HOME: LoginClient = Some(std::net::IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    const AWAY: LoginClient = Some(std::net::IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2)));

    #[test]
    fn limiter_blocks_after_failures() {
        let limiter = LoginLimiter::new(2, 100, Duration::from_secs(60));
        assert_eq!(limiter.begin(HOME, "ana"), None);
        assert_eq!(limiter.begin(HOME, "ana"), None);
        assert!(limiter.begin(HOME, "ana").is_some());
        assert_eq!(limiter.begin(HOME, "bia"), None);
        limiter.succeeded(HOME, "ana");
        assert_eq!(limiter.begin(HOME, "ana"), None);
    }

    /// The limit was per name alone, so anyone could keep a user from logging in by
    /// failing five times a minute. Another client still gets its attempts.
    #[test]
    fn limiter_counts_each_client_apart() {
        let limiter = LoginLimiter::new(2, 100, Duration::from_secs(60));
        limiter.begin(AWAY, "ana");
        limiter.begin(AWAY, "ana");
        assert!(limiter.begin(AWAY, "ana").is_some());
        assert_eq!(limiter.begin(HOME, "ana"), None);
        assert_eq!(limiter.begin(None, "ana"), None);
    }

    /// Each IPv6 address counted apart, so a client could take fresh attempts from
    /// every address of its /64, and `::ffff:10.0.0.1` apart from `10.0.0.1`.
    #[test]
    fn limiter_groups_ipv6_by_its_slash_64() {
        let limiter = LoginLimiter::new(2, 100, Duration::from_secs(60));
        let address = |text: &str| Some(text.parse::<std::net::IpAddr>().unwrap());
        limiter.begin(address("2001:db8:1:2::1"), "bob");
        limiter.begin(address("2001:db8:1:2::2"), "bob");
        assert!(
            limiter
                .begin(address("2001:db8:1:2:ffff::8"), "bob")
                .is_some()
        );
        assert_eq!(limiter.begin(address("2001:db8:1:3::1"), "bob"), None);

        limiter.begin(address("10.7.7.7"), "bob");
        limiter.begin(address("10.7.7.7"), "bob");
        assert!(limiter.begin(address("::ffff:10.7.7.7"), "bob").is_some());
    }

    /// A client trying one password on many names is limited over all of them, and a
    /// success gives its attempt back, so the users of one network can all log in.
    #[test]
    fn limiter_bounds_each_client_over_names() {
        let limiter = LoginLimiter::new(5, 3, Duration::from_secs(60));
        for name in ["ana", "bia", "caio"] {
            assert_eq!(limiter.begin(AWAY, name), None);
        }
        assert!(limiter.begin(AWAY, "dora").is_some());
        assert_eq!(limiter.begin(HOME, "dora"), None);

        let office = LoginLimiter::new(5, 2, Duration::from_secs(60));
        for name in ["ana", "bia", "caio", "dora"] {
            assert_eq!(office.begin(HOME, name), None);
            office.succeeded(HOME, name);
        }
    }

    /// Every failed login kept its whole name for good: 900 names of 1.5 MB each
    /// held 1.4 GB. Names are now hashed, and stale ones are dropped as more come.
    #[test]
    fn limiter_forgets_stale_names() {
        let limiter = LoginLimiter::new(5, usize::MAX, Duration::from_millis(20));
        for number in 0..3000 {
            limiter.begin(HOME, &format!("name {number}"));
        }
        std::thread::sleep(Duration::from_millis(30));
        for number in 0..3000 {
            limiter.begin(HOME, &format!("other {number}"));
        }
        assert!(
            limiter.tracked_names() <= 3000 + 1024,
            "{} names held",
            limiter.tracked_names()
        );
    }
}
