//! The estante library service: a personal book library per user, stored in SQLite
//! or PostgreSQL and served as JSON over HTTP.
//!
//! The crate is a library so that the terminal app can embed the server and share its
//! wire types; the `estante-server` binary is a thin command-line front end.

pub mod api;
pub mod auth;
pub mod backup;
pub mod blob;
pub mod config;
pub mod cover_image;
pub mod dates;
pub mod export;
pub mod i18n;
pub mod import;
pub mod isbn;
pub mod json;
mod log_filter;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod reports;
pub mod search;
pub mod series;
pub mod server;
pub mod storage;
pub mod transfer;
pub mod validate;

pub use log_filter::log_filter;

/// Makes every file and folder the process creates from here on its owner's alone:
/// mode 0600 and 0700 whatever the umask was. Both binaries call it first. The
/// database, its backups, covers, reports, exports and logs hold a reader's library
/// and password and token hashes, and a backup taken with the usual umask of 022 was
/// readable by every local user.
pub fn create_files_private() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}
