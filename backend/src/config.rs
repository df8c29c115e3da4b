//! Default locations of the server's data when no flag or variable sets them.

use std::path::PathBuf;

/// Address `serve` listens on by default: loopback only, so a fresh install is not
/// reachable from the network until someone decides it should be.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The SQLite file in the XDG data folder (`$XDG_DATA_HOME/estante/estante.db`,
/// usually `~/.local/share/estante/estante.db`).
pub fn default_database_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "estante").map(|dirs| dirs.data_dir().join("estante.db"))
}

/// The blob store folder in the XDG data folder (`$XDG_DATA_HOME/estante/blobs`).
pub fn default_blob_store_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "estante").map(|dirs| dirs.data_dir().join("blobs"))
}

/// Key prefix of backups inside the blob store.
pub const BACKUP_PREFIX: &str = "backups";

/// Key prefix of book covers inside the blob store.
pub const COVER_PREFIX: &str = "covers";

/// Key prefix of reading report files.
pub const REPORT_PREFIX: &str = "reports";

/// Key prefix of exports written with `estante-server export --blob-key`.
pub const EXPORT_PREFIX: &str = "exports";

/// Turns a file path into a `sqlite://` URL, creating its folder.
pub fn sqlite_url(path: &std::path::Path) -> std::io::Result<String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    Ok(format!("sqlite://{}", path.display()))
}
