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

/// Maximum length of a user name, in characters, that the server creates or looks
/// up. A login with a longer one is rejected before any other work, so its name is
/// neither hashed nor kept.
pub const MAX_USER_NAME_CHARS: usize = 200;

/// Counts login attempts per user name in a sliding window, so a password cannot be
/// guessed at request speed. The count lives in memory: each server limits on its
/// own, which still bounds guesses to the limit times the number of servers.
///
/// An attempt counts from the moment it starts, not when its password check fails,
/// so parallel attempts cannot all pass the check before any of them is counted. A
/// success clears the name's count. Names are kept as their SHA-256, and names with
/// no attempt inside the window are dropped as the map grows, so a stream of new
/// names costs a bounded amount of memory.
#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    attempts: Mutex<Attempts>,
}

#[derive(Debug, Default)]
struct Attempts {
    by_name: HashMap<[u8; 32], Vec<Instant>>,
    /// The size at which stale names are dropped next: twice the size left by the
    /// last sweep, so each sweep is paid for by as many insertions.
    sweep_at: usize,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            attempts: Mutex::new(Attempts::default()),
        }
    }

    fn key(name: &str) -> [u8; 32] {
        Sha256::digest(name.as_bytes()).into()
    }

    /// Counts an attempt for `name` and returns `None`, or returns the seconds to
    /// wait when the name has used up its attempts, without counting one.
    pub fn begin(&self, name: &str) -> Option<u64> {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let window = self.window;
        let recent = attempts.by_name.entry(Self::key(name)).or_default();
        recent.retain(|at| now.duration_since(*at) < window);
        if recent.len() >= self.max_failures {
            let oldest = recent.first().copied().unwrap_or(now);
            let wait = window.saturating_sub(now.duration_since(oldest));
            return Some(wait.as_secs().max(1));
        }
        recent.push(now);
        if attempts.by_name.len() >= attempts.sweep_at {
            attempts.by_name.retain(|_, times| {
                times
                    .last()
                    .is_some_and(|at| now.duration_since(*at) < window)
            });
            attempts.sweep_at = (attempts.by_name.len() * 2).max(1024);
        }
        None
    }

    /// Forgets the attempts of `name`, after it logged in.
    pub fn clear(&self, name: &str) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.by_name.remove(&Self::key(name));
    }

    /// Returns how many names the limiter holds, for tests of its memory bound.
    pub fn tracked_names(&self) -> usize {
        let attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.by_name.len()
    }
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(5, Duration::from_secs(60))
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

    #[test]
    fn limiter_blocks_after_failures() {
        let limiter = LoginLimiter::new(2, Duration::from_secs(60));
        assert_eq!(limiter.begin("ana"), None);
        assert_eq!(limiter.begin("ana"), None);
        assert!(limiter.begin("ana").is_some());
        assert_eq!(limiter.begin("bia"), None);
        limiter.clear("ana");
        assert_eq!(limiter.begin("ana"), None);
    }

    /// Every failed login kept its whole name for good: 900 names of 1.5 MB each
    /// held 1.4 GB. Names are now hashed, and stale ones are dropped as more come.
    #[test]
    fn limiter_forgets_stale_names() {
        let limiter = LoginLimiter::new(5, Duration::from_millis(20));
        for number in 0..3000 {
            limiter.begin(&format!("name {number}"));
        }
        std::thread::sleep(Duration::from_millis(30));
        for number in 0..3000 {
            limiter.begin(&format!("other {number}"));
        }
        assert!(
            limiter.tracked_names() <= 3000 + 1024,
            "{} names held",
            limiter.tracked_names()
        );
    }
}
