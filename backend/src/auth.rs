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

/// Counts failed logins per user name in a sliding window, so a password cannot be
/// guessed at request speed. The count lives in memory: each server limits on its
/// own, which still bounds guesses to the limit times the number of servers.
#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the seconds to wait when `name` has used up its attempts.
    pub fn check(&self, name: &str) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let recent = failures.entry(name.to_string()).or_default();
        recent.retain(|at| now.duration_since(*at) < self.window);
        if recent.len() < self.max_failures {
            return None;
        }
        let oldest = recent.first().copied().unwrap_or(now);
        let wait = self.window.saturating_sub(now.duration_since(oldest));
        Some(wait.as_secs().max(1))
    }

    pub fn record_failure(&self, name: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .entry(name.to_string())
            .or_default()
            .push(Instant::now());
    }

    pub fn clear(&self, name: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(name);
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
        assert_eq!(limiter.check("ana"), None);
        limiter.record_failure("ana");
        limiter.record_failure("ana");
        assert!(limiter.check("ana").is_some());
        assert_eq!(limiter.check("bia"), None);
        limiter.clear("ana");
        assert_eq!(limiter.check("ana"), None);
    }
}
