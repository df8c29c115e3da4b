//! The TOML configuration file (`config.toml` in the config folder).
//!
//! Keys: `server` and `token` select a remote server (written by `estante login`),
//! `language` sets the interface language (`en` or `pt-BR`),
//! `openlibrary_url` turns on ISBN lookups, and `[goals]` maps a year to the number of

//! books the reader means to finish in it. `[ops]` sets the AWS profile, region,
//! endpoint and `restores_enabled` for the Ops tab and `estante ops`. Updates edit the document in place, so
//! comments and keys written by hand survive.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml_edit::{DocumentMut, Item, Table, value};

use crate::paths::write_private;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Base URL of a remote server, such as `https://books.example.org`.
    pub server: Option<String>,
    pub token: Option<String>,
    /// Base URL of an Open Library compatible service; ISBN lookups are off without it.
    pub openlibrary_url: Option<String>,
    /// Yearly reading goals in books, keyed by the year.
    pub goals: BTreeMap<String, u32>,
    /// The `[ops]` table for the Ops tab and `estante ops`.
    pub ops: OpsSettings,
    /// The interface language, such as `pt-BR` or `en`; it wins over `LC_ALL`,
    /// `LC_MESSAGES` and `LANG`. See [`crate::i18n::Language::detect`].
    pub language: Option<String>,
}

/// Defaults for the AWS connection; command-line flags override each one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OpsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Whether restores may start; read-only when false.
    pub restores_enabled: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{}", crate::t!("file-read-failed", path = .path.as_str(), error = .source.to_string()))]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", crate::t!("settings-invalid-toml", path = .path.as_str(), error = .message.as_str()))]
    Parse { path: String, message: String },
    #[error("{}", crate::t!("file-write-failed", path = .path.as_str(), error = .source.to_string()))]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl Settings {
    /// Reads the file; a missing file is the empty configuration.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        toml_edit::de::from_str(&text).map_err(|error| SettingsError::Parse {
            path: path.display().to_string(),
            message: error.to_string(),
        })
    }

    pub fn goal(&self, year: i32) -> Option<u32> {
        self.goals.get(&year.to_string()).copied()
    }
}

/// Stores the server and token that `estante login` obtained.
pub fn save_login(path: &Path, server: &str, token: &str) -> Result<(), SettingsError> {
    edit(path, |document| {
        document["server"] = value(server);
        document["token"] = value(token);
    })
}

/// Stores a yearly goal; zero removes it.
pub fn save_goal(path: &Path, year: i32, books: u32) -> Result<(), SettingsError> {
    edit(path, |document| {
        if !document.contains_table("goals") {
            document["goals"] = Item::Table(Table::new());
        }
        let goals = &mut document["goals"];
        if books == 0 {
            if let Some(table) = goals.as_table_mut() {
                table.remove(&year.to_string());
            }
        } else {
            goals[&year.to_string()] = value(i64::from(books));
        }
    })
}

/// Applies `change` to the document and writes it back with mode 0600, because the
/// file may hold a token.
fn edit(path: &Path, change: impl FnOnce(&mut DocumentMut)) -> Result<(), SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(SettingsError::Read {
                path: path.display().to_string(),
                source,
            });
        }
    };
    let mut document: DocumentMut =
        text.parse()
            .map_err(|error: toml_edit::TomlError| SettingsError::Parse {
                path: path.display().to_string(),
                message: error.to_string(),
            })?;
    change(&mut document);
    write_private(path, &document.to_string()).map_err(|source| SettingsError::Write {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::load(&dir.path().join("config.toml")).unwrap();
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn edits_keep_comments_and_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\nopenlibrary_url = \"http://127.0.0.1:9\"\n").unwrap();
        save_login(&path, "http://127.0.0.1:8080", "est_abc").unwrap();
        save_goal(&path, 2025, 40).unwrap();
        save_goal(&path, 2024, 12).unwrap();
        save_goal(&path, 2024, 0).unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# mine"), "{text}");
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.server.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(settings.token.as_deref(), Some("est_abc"));
        assert_eq!(
            settings.openlibrary_url.as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(settings.goal(2025), Some(40));
        assert_eq!(settings.goal(2024), None);
    }

    #[test]
    fn invalid_toml_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "server = \n").unwrap();
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(error.contains("config.toml"), "{error}");
    }
}
