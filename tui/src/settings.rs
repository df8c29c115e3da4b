//! The TOML configuration file (`config.toml` in the config folder).
//!
//! Keys: `server` and `token` select a remote server (written by `estante login`),
//! `language` sets the interface language (`en` or `pt-BR`), and `openlibrary_url`
//! turns on ISBN lookups. `cover_source` lets the embedded server fetch covers.
//! `[goals]` maps a year to a reading goal: a number of books (`2025 = 40`) or a
//! table with books, pages or both (`2026 = { books = 40, pages = 9000 }`). `[ops]` sets the AWS profile, region,
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
    /// Base URL of the Open Library covers service (such as
    /// `https://covers.openlibrary.org`) for the embedded server. The app requests
    /// cover fetches only when this is set. A remote server uses its own.
    pub cover_source: Option<String>,
    /// Yearly reading goals, keyed by the year.
    pub goals: BTreeMap<String, YearGoal>,
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
    // `cause` is worded into the message, so it is not a `source` that error
    // chains would print a second time.
    #[error("{}", crate::t!("file-read-failed", path = .path.as_str(), error = crate::i18n::io_error(.cause)))]
    Read { path: String, cause: std::io::Error },
    #[error("{}", crate::t!("settings-invalid-toml", path = .path.as_str(), error = .message.as_str()))]
    Parse { path: String, message: String },
    /// The file parses, but a value is not one the app takes.
    #[error("{}", crate::t!("settings-invalid", path = .path.as_str(), error = .message.as_str()))]
    Invalid { path: String, message: String },
    #[error("{}", crate::t!("file-write-failed", path = .path.as_str(), error = crate::i18n::io_error(.cause)))]
    Write { path: String, cause: std::io::Error },
}

/// Words a TOML error: its line and column in the interface language, then the
/// parser's short reason, which has no catalogue and stays English. The parser's
/// own text adds an English heading and a copy of the line.
fn toml_message(text: &str, error: &toml_edit::de::Error) -> String {
    let reason = error.message().trim().to_string();
    let Some(start) = error.span().map(|span| span.start) else {
        return reason;
    };
    let before = text.get(..start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    crate::t!(
        "settings-toml-at",
        line = line,
        column = column,
        reason = reason
    )
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
                    cause: source,
                });
            }
        };
        let settings: Self = toml_edit::de::from_str(&text).map_err(|error| {
            let path = path.display().to_string();
            let message = toml_message(&text, &error);
            // A file that parses as TOML has a value the app does not take, which is
            // not a TOML syntax error.
            if text.parse::<DocumentMut>().is_ok() {
                SettingsError::Invalid { path, message }
            } else {
                SettingsError::Parse { path, message }
            }
        })?;

        // A mistyped key would otherwise be ignored without a word.
        if let Some(message) = unknown_key(&text) {
            return Err(SettingsError::Invalid {
                path: path.display().to_string(),
                message,
            });
        }

        // Goals are looked up by year, so another key would never be read.
        if let Some(key) = settings.goals.keys().find(|key| {
            !key.parse::<i32>()
                .is_ok_and(|year| (1..=9999).contains(&year))
        }) {
            return Err(SettingsError::Invalid {
                path: path.display().to_string(),
                message: crate::t!("settings-goal-year", key = format!("{key:?}")),
            });
        }

        // An unknown language would otherwise give English without a word.
        if let Some(value) = settings.language.as_deref()
            && !value.trim().is_empty()
            && crate::i18n::Language::from_setting(value).is_none()
        {
            return Err(SettingsError::Invalid {
                path: path.display().to_string(),
                message: crate::t!("settings-language-unknown", value = value),
            });
        }
        Ok(settings)
    }

    /// Returns the goal of `year`, if one is set.
    pub fn goal(&self, year: i32) -> Option<YearGoal> {
        self.goals
            .get(&year.to_string())
            .copied()
            .filter(|goal| !goal.is_empty())
    }
}

/// The keys config.toml takes at the top level and in `[ops]`.
const KEYS: [&str; 7] = [
    "server",
    "token",
    "openlibrary_url",
    "cover_source",
    "goals",
    "ops",
    "language",
];
const OPS_KEYS: [&str; 4] = ["profile", "region", "endpoint_url", "restores_enabled"];

/// Words the first key of `text` that the app does not know, if any, with the
/// keys of its table. `text` has parsed as TOML already.
fn unknown_key(text: &str) -> Option<String> {
    let document = text.parse::<DocumentMut>().ok()?;
    let unknown = |table: &Table, known: &[&str], prefix: &str| {
        table
            .iter()
            .map(|(key, _)| key)
            .find(|key| !known.contains(key))
            .map(|key| {
                crate::t!(
                    "settings-unknown-key",
                    key = format!("{prefix}{key}"),
                    keys = known.join(", ")
                )
            })
    };
    unknown(document.as_table(), &KEYS, "").or_else(|| {
        document
            .get("ops")
            .and_then(Item::as_table)
            .and_then(|ops| unknown(ops, &OPS_KEYS, "ops."))
    })
}

/// Unit of a yearly goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalUnit {
    Books,
    Pages,
}

impl GoalUnit {
    /// Returns the TOML key, which is also the word the palette accepts.
    pub fn key(self) -> &'static str {
        match self {
            Self::Books => "books",
            Self::Pages => "pages",
        }
    }
}

/// The goal of one year: a number of books, of pages, or both. Zero is stored as
/// absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearGoal {
    pub books: Option<u32>,
    pub pages: Option<u32>,
}

impl YearGoal {
    pub fn is_empty(&self) -> bool {
        self.books.is_none() && self.pages.is_none()
    }

    pub fn get(&self, unit: GoalUnit) -> Option<u32> {
        match unit {
            GoalUnit::Books => self.books,
            GoalUnit::Pages => self.pages,
        }
    }

    /// Returns this goal with `unit` set to `amount`; zero removes that part.
    pub fn with(mut self, unit: GoalUnit, amount: u32) -> Self {
        let amount = (amount > 0).then_some(amount);
        match unit {
            GoalUnit::Books => self.books = amount,
            GoalUnit::Pages => self.pages = amount,
        }
        self
    }

    /// Returns the TOML value: a bare integer for a book goal alone (the form older
    /// versions read and write), else an inline table. `None` when nothing is set.
    fn to_item(self) -> Option<Item> {
        match (self.books, self.pages) {
            (None, None) => None,
            (Some(books), None) => Some(value(i64::from(books))),
            (books, pages) => {
                let mut table = toml_edit::InlineTable::new();
                if let Some(books) = books {
                    table.insert("books", i64::from(books).into());
                }
                if let Some(pages) = pages {
                    table.insert("pages", i64::from(pages).into());
                }
                Some(value(table))
            }
        }
    }
}

/// Reads `2025 = 40` (books, the older form) and `2025 = { books = 40, pages = 9000 }`.
impl<'de> Deserialize<'de> for YearGoal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(GoalVisitor)
    }
}

struct GoalVisitor;

impl<'de> serde::de::Visitor<'de> for GoalVisitor {
    type Value = YearGoal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number of books, or a table with `books` and `pages`")
    }

    fn visit_i64<E: serde::de::Error>(self, books: i64) -> Result<YearGoal, E> {
        let books = u32::try_from(books).map_err(|_| E::custom(invalid_amount(books)))?;
        Ok(YearGoal::default().with(GoalUnit::Books, books))
    }

    fn visit_u64<E: serde::de::Error>(self, books: u64) -> Result<YearGoal, E> {
        let books = i64::try_from(books).unwrap_or(i64::MAX);
        self.visit_i64(books)
    }

    // Text, a fraction or a boolean: serde's own message for these is English.
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<YearGoal, E> {
        Err(E::custom(not_a_goal(&format!("{value:?}"))))
    }

    /// TOML reads `1e3` as a float, whole as it is; a fraction such as 40.5 is
    /// refused, since a goal counts whole books or pages.
    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<YearGoal, E> {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            return self.visit_i64(value as i64);
        }
        Err(E::custom(not_a_goal(&value.to_string())))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<YearGoal, E> {
        Err(E::custom(not_a_goal(&value.to_string())))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<YearGoal, A::Error> {
        use serde::de::Error;
        let mut goal = YearGoal::default();
        while let Some(key) = map.next_key::<String>()? {
            let unit = match key.as_str() {
                "books" => GoalUnit::Books,
                "pages" => GoalUnit::Pages,
                other => {
                    return Err(A::Error::custom(crate::t!(
                        "settings-goal-key",
                        key = other
                    )));
                }
            };
            let amount: i64 = map.next_value()?;
            let amount =
                u32::try_from(amount).map_err(|_| A::Error::custom(invalid_amount(amount)))?;
            goal = goal.with(unit, amount);
        }
        Ok(goal)
    }
}

fn invalid_amount(amount: i64) -> String {
    if amount < 0 {
        return crate::t!(
            "settings-goal-negative",
            amount = crate::i18n::format::integer(amount)
        );
    }
    crate::t!(
        "settings-goal-invalid",
        amount = crate::i18n::format::integer(amount),
        max = crate::i18n::format::integer(i64::from(u32::MAX))
    )
}

fn not_a_goal(value: &str) -> String {
    crate::t!("settings-goal-not-number", value = value)
}

/// Stores the server and token that `estante login` obtained.
pub fn save_login(path: &Path, server: &str, token: &str) -> Result<(), SettingsError> {
    edit(path, |document| {
        document["server"] = value(server);
        document["token"] = value(token);
    })
}

/// Removes the token that `estante login` stored, keeping the server, so the next
/// command requests a login instead of sending a revoked token.
pub fn forget_login(path: &Path) -> Result<(), SettingsError> {
    edit(path, |document| {
        document.remove("token");
    })
}

/// Sets the `unit` part of the goal of `year` to `amount` (zero removes that part)
/// and returns the year's whole goal as stored. The other part is read from the
/// file, so a change made there while the app runs is kept.
pub fn save_goal(
    path: &Path,
    year: i32,
    unit: GoalUnit,
    amount: u32,
) -> Result<YearGoal, SettingsError> {
    let key = year.to_string();
    let mut result = Ok(YearGoal::default());
    edit(path, |document| {
        if !document.contains_table("goals") {
            document["goals"] = Item::Table(Table::new());
        }
        let Some(goals) = document["goals"].as_table_mut() else {
            return;
        };
        // `[goals.2025]` alone makes `goals` implicit, and an implicit table drops
        // its header, which would move the inline value below to the top level.
        goals.set_implicit(false);
        let current = match goals.get(&key) {
            None => Ok(YearGoal::default()),
            Some(item) => read_goal(item).map_err(|message| SettingsError::Parse {
                path: path.display().to_string(),
                message: format!("goals.{key}: {message}"),
            }),
        };
        result = current.map(|goal| goal.with(unit, amount));
        if let Ok(goal) = &result {
            match goal.to_item() {
                Some(item) => goals.insert(&key, item),
                None => goals.remove(&key),
            };
        }
    })?;
    result
}

/// Reads one entry of `[goals]`, whether a value or a `[goals.YEAR]` table.
fn read_goal(item: &Item) -> Result<YearGoal, String> {
    use serde::de::IntoDeserializer;
    let value = item
        .clone()
        .into_value()
        .map_err(|_| "expected a number of books or a table".to_string())?;
    YearGoal::deserialize(value.into_deserializer()).map_err(|error| error.to_string())
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
                cause: source,
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
    write_private(path, &document.to_string()).map_err(|cause| SettingsError::Write {
        path: path.display().to_string(),
        cause,
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
    fn unknown_language_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "language = \"xx\"\n").unwrap();

        let error = crate::i18n::with_language(crate::i18n::Language::English, || {
            Settings::load(&path).unwrap_err().to_string()
        });

        assert!(
            error.contains("language = \"xx\" is not a language"),
            "{error}"
        );
        assert!(error.contains("use en or pt-BR"), "{error}");
        for value in ["pt-BR", "pt_PT.UTF-8", "en", "en-GB", "C", "  "] {
            std::fs::write(&path, format!("language = {value:?}\n")).unwrap();
            assert!(Settings::load(&path).is_ok(), "{value}");
        }
    }

    #[test]
    fn unknown_keys_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let load = |text: &str| {
            std::fs::write(&path, text).unwrap();
            crate::i18n::with_language(crate::i18n::Language::English, || {
                Settings::load(&path).map_err(|error| error.to_string())
            })
        };

        let error = load("idioma = \"pt\"\n").unwrap_err();
        assert!(error.contains("unknown key idioma"), "{error}");
        assert!(error.contains("language"), "{error}");
        let error = load("[goals]\nabc = 3\n").unwrap_err();
        assert!(error.contains("\"abc\" is not a year"), "{error}");
        let error = load("[ops]\nregiao = \"eu-west-1\"\n").unwrap_err();
        assert!(error.contains("unknown key ops.regiao"), "{error}");
        let known = "language = \"en\"\n[ops]\nregion = \"eu-west-1\"\n[goals]\n2026 = 4\n";
        assert!(load(known).is_ok());
    }

    #[test]
    fn goal_errors_in_portuguese() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[goals]\n2026 = -3\n").unwrap();

        let error = crate::i18n::with_language(crate::i18n::Language::BrazilianPortuguese, || {
            Settings::load(&path).unwrap_err().to_string()
        });

        assert!(
            error.contains("linha 2, coluna 8: a meta -3 é negativa"),
            "{error}"
        );
        assert!(
            !error.contains("TOML"),
            "a value error is not a syntax error: {error}"
        );

        std::fs::write(&path, "[goals]\n2026 = \"quarenta\"\n").unwrap();
        let error = crate::i18n::with_language(crate::i18n::Language::BrazilianPortuguese, || {
            Settings::load(&path).unwrap_err().to_string()
        });
        assert!(
            error.contains("a meta \"quarenta\" não é um número"),
            "{error}"
        );
        assert!(!error.contains("invalid type"), "{error}");
    }

    #[test]
    fn invalid_toml_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\nlanguage = \n").unwrap();

        let error = crate::i18n::with_language(crate::i18n::Language::BrazilianPortuguese, || {
            Settings::load(&path).unwrap_err().to_string()
        });

        assert!(
            error.contains("não é um TOML válido: linha 2, coluna"),
            "{error}"
        );
        assert!(!error.contains("TOML parse error"), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn edits_keep_comments_and_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\nopenlibrary_url = \"http://127.0.0.1:9\"\n").unwrap();
        save_login(&path, "http://127.0.0.1:8080", "est_abc").unwrap();
        save_goal(&path, 2025, GoalUnit::Books, 40).unwrap();
        save_goal(&path, 2024, GoalUnit::Books, 12).unwrap();
        save_goal(&path, 2024, GoalUnit::Books, 0).unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# mine"), "{text}");
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.server.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(settings.token.as_deref(), Some("est_abc"));
        assert_eq!(
            settings.openlibrary_url.as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(settings.goal(2025).and_then(|goal| goal.books), Some(40));
        assert_eq!(settings.goal(2024), None);
    }

    #[test]
    fn old_book_goals_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[goals]\n2024 = 30\n2025 = 40\n").unwrap();
        let settings = Settings::load(&path).unwrap();
        let books_only = |books| YearGoal {
            books: Some(books),
            pages: None,
        };
        assert_eq!(settings.goal(2024), Some(books_only(30)));
        assert_eq!(settings.goal(2025), Some(books_only(40)));

        // TOML reads 1e3 as a float, which was rejected as "not a number".
        std::fs::write(&path, "[goals]\n2026 = 1e3\n").unwrap();
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.goal(2026), Some(books_only(1000)));
        std::fs::write(&path, "[goals]\n2026 = 40.5\n").unwrap();
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(error.contains("40.5"), "{error}");
    }

    #[test]
    fn page_goals_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[goals]\n2024 = 30 # last year\n2025 = 40\n").unwrap();

        let saved = save_goal(&path, 2025, GoalUnit::Pages, 9000).unwrap();
        let both = YearGoal {
            books: Some(40),
            pages: Some(9000),
        };
        assert_eq!(saved, both);
        let pages_only = save_goal(&path, 2026, GoalUnit::Pages, 12_000).unwrap();
        assert_eq!(pages_only.books, None);

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("2024 = 30 # last year"), "{text}");
        assert!(
            text.contains("2025 = { books = 40, pages = 9000 }"),
            "{text}"
        );
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.goal(2025), Some(both));
        assert_eq!(settings.goal(2026), Some(pages_only));
        assert_eq!(settings.goal(2024).and_then(|goal| goal.books), Some(30));

        // Removing the page goal goes back to the older, bare form.
        save_goal(&path, 2025, GoalUnit::Pages, 0).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("2025 = 40"), "{text}");
        save_goal(&path, 2026, GoalUnit::Pages, 0).unwrap();
        assert_eq!(Settings::load(&path).unwrap().goal(2026), None);
    }

    #[test]
    fn goal_tables_written_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[goals.2025]\npages = 5000\n").unwrap();
        assert_eq!(
            Settings::load(&path).unwrap().goal(2025),
            Some(YearGoal {
                books: None,
                pages: Some(5000)
            })
        );
        let saved = save_goal(&path, 2025, GoalUnit::Books, 20).unwrap();
        assert_eq!(saved.pages, Some(5000));
        assert_eq!(saved.books, Some(20));
        assert_eq!(Settings::load(&path).unwrap().goal(2025), Some(saved));
    }

    #[test]
    fn invalid_goals_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        for text in [
            "[goals]\n2025 = { pagez = 10 }\n",
            "[goals]\n2025 = -3\n",
            "[goals]\n2025 = \"forty\"\n",
        ] {
            std::fs::write(&path, text).unwrap();
            let error = Settings::load(&path).unwrap_err().to_string();
            assert!(error.contains("config.toml"), "{text}: {error}");
        }
        std::fs::write(&path, "[goals]\n2025 = { pagez = 10 }\n").unwrap();
        let error = save_goal(&path, 2025, GoalUnit::Books, 3).unwrap_err();
        assert!(error.to_string().contains("pagez"), "{error}");
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
