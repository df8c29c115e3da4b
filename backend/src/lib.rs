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

/// Joins an error's message and its causes' with ": ", as `{:#}` does, leaving out a
/// cause whose text the message already holds. Many errors quote their cause in
/// their own text and also return it as their source, so `{:#}` wrote a failed
/// migration's cause four times on one line.
pub fn join_causes(parts: impl IntoIterator<Item = String>) -> String {
    let mut text = String::new();
    for part in parts {
        if text.is_empty() {
            text = part;
        } else if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::join_causes;

    #[test]
    fn causes_quoted_by_their_errors_are_written_once() {
        let timeout = "pool timed out while waiting for an open connection";
        let parts = [
            "failed to migrate the database postgres://nobody@127.0.0.1:1/x".to_string(),
            format!("database migration failed: while executing migrations: {timeout}"),
            format!("while executing migrations: {timeout}"),
            timeout.to_string(),
        ];

        assert_eq!(
            join_causes(parts),
            format!(
                "failed to migrate the database postgres://nobody@127.0.0.1:1/x: database \
                 migration failed: while executing migrations: {timeout}"
            )
        );
        let separate = ["failed to read book.csv", "No such file or directory"];
        assert_eq!(
            join_causes(separate.map(String::from)),
            "failed to read book.csv: No such file or directory"
        );
    }
}
