//! The user's key bindings from `keys.toml` in the config folder, layered over the
//! default key map.
//!
//! Each table is a scope and each entry replaces every key of one action there:
//!
//! ```toml
//! [global]
//! quit = ["q", "ctrl-c"]
//!
//! [book]
//! type_rating = "*"
//! ```
//!
//! Any error leaves the whole file unused, so a typo never half-applies a layout.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crossterm::event::KeyCode;

use super::keymap::{Key, KeyMap, Scope};
use crate::t;

/// One problem in the key file, with the line it is on when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFileError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for KeyFileError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => {
                let text = t!(
                    "keys-line",
                    line = line.to_string(),
                    message = self.message.as_str()
                );
                formatter.write_str(&text)
            }
            None => formatter.write_str(&self.message),
        }
    }
}

impl std::error::Error for KeyFileError {}

/// Loads the key map from `path`. A missing file gives the defaults with no errors.
/// Any error gives the defaults and every error found, for the app to show.
pub fn load(path: &Path) -> (KeyMap, Vec<KeyFileError>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text) {
            Ok(keys) => (keys, Vec::new()),
            Err(errors) => (KeyMap::default(), errors),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            (KeyMap::default(), Vec::new())
        }
        Err(error) => (
            KeyMap::default(),
            vec![KeyFileError {
                line: None,
                message: t!(
                    "keys-read-failed",
                    path = path.display().to_string(),
                    error = crate::i18n::io_error(&error)
                ),
            }],
        ),
    }
}

/// Parses a key file into a key map, or returns every error in it.
pub fn parse(text: &str) -> Result<KeyMap, Vec<KeyFileError>> {
    let line_of = |span: Option<Range<usize>>| {
        span.map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
    };
    let document = toml_edit::Document::parse(text).map_err(|error| {
        vec![KeyFileError {
            line: line_of(error.span()),
            message: t!("keys-invalid-toml", error = error.message()),
        }]
    })?;
    let mut errors = Vec::new();
    let mut overrides = HashMap::new();
    let mut lines = HashMap::new();
    for (scope_name, item) in document.as_table().iter() {
        let scope_line = line_of(document.as_table().key(scope_name).and_then(|k| k.span()));
        let Some(scope) = Scope::ALL.into_iter().find(|s| s.name() == scope_name) else {
            let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
            errors.push(KeyFileError {
                line: scope_line,
                message: t!(
                    "keys-unknown-table",
                    table = scope_name,
                    names = names.join(", ")
                ),
            });
            continue;
        };
        let Some(table) = item.as_table_like() else {
            errors.push(KeyFileError {
                line: scope_line,
                message: t!("keys-not-a-table", table = scope_name),
            });
            continue;
        };
        for (action_name, value) in table.iter() {
            let line = line_of(table.key(action_name).and_then(|k| k.span()));
            let error = |message: String| KeyFileError { line, message };
            let Some(action) = scope.action_named(action_name) else {
                let names: Vec<String> = scope.table().iter().map(|b| b.action.name()).collect();
                errors.push(error(t!(
                    "keys-unknown-action",
                    table = scope_name,
                    action = format!("{action_name:?}"),
                    names = names.join(", ")
                )));
                continue;
            };
            match parse_keys(value) {
                Ok(keys) => {
                    overrides.insert((scope, action), keys);
                    lines.insert((scope, action), line);
                }
                Err(message) => errors.push(error(format!("{action_name}: {message}"))),
            }
        }
    }
    let keys = KeyMap::with_overrides(overrides);
    for (involved, message) in keys.conflicts() {
        let line = involved
            .iter()
            .find_map(|id| lines.get(id).copied().flatten());
        errors.push(KeyFileError { line, message });
    }
    if errors.is_empty() {
        Ok(keys)
    } else {
        errors.sort_by_key(|error| error.line);
        Err(errors)
    }
}

/// Parses one key (`"x"`) or a list of them (`["x", "ctrl-x"]`).
fn parse_keys(value: &toml_edit::Item) -> Result<Vec<Key>, String> {
    let texts: Vec<&str> = if let Some(text) = value.as_str() {
        vec![text]
    } else if let Some(array) = value.as_array() {
        array
            .iter()
            .map(|item| item.as_str().ok_or_else(|| t!("keys-not-a-string")))
            .collect::<Result<_, _>>()?
    } else {
        return Err(t!("keys-wrong-type"));
    };
    if texts.is_empty() {
        return Err(t!("keys-empty-list"));
    }
    texts.into_iter().map(parse_key).collect()
}

/// Parses a key as help shows it (`x`, `G`, `Ctrl-s`, `Enter`, `PgDn`, `F2`, `↑`)
/// or by a common name (`escape`, `up`, `pagedown`, `space`). Named keys and the
/// `ctrl-` prefix ignore case; a single character keeps its case.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let invalid = || t!("keys-not-a-key", text = format!("{text:?}"));
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("ctrl-") {
        let original = &text[text.len() - rest.len()..];
        let mut characters = original.chars();
        return match (characters.next(), characters.next()) {
            (Some(character), None) => Ok(Key::ctrl(character.to_ascii_lowercase())),
            _ => Err(invalid()),
        };
    }
    let mut characters = text.chars();
    if let (Some(character), None) = (characters.next(), characters.next())
        && !character.is_whitespace()
        && !character.is_control()
    {
        let named = ['↑', '↓', '←', '→'];
        if !named.contains(&character) {
            return Ok(Key::char(character));
        }
    }
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        function => {
            let number = function
                .strip_prefix('f')
                .and_then(|number| number.parse::<u8>().ok())
                .filter(|number| (1..=12).contains(number))
                .ok_or_else(invalid)?;
            KeyCode::F(number)
        }
    };
    Ok(Key::plain(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Tab;
    use crate::app::action::Action;
    use crate::app::keymap::GLOBAL;
    use crossterm::event::{KeyEvent, KeyModifiers};

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn override_replaces_keys() {
        let keys = parse("[book]\ntype_rating = [\"*\", \"F9\"]\n").unwrap();
        let star = press(KeyCode::Char('*'));
        let f9 = press(KeyCode::F(9));
        let old = press(KeyCode::Char('R'));
        assert_eq!(
            keys.lookup(Tab::Book, false, &star),
            Some(Action::TypeRating)
        );
        assert_eq!(keys.lookup(Tab::Book, false, &f9), Some(Action::TypeRating));
        assert_eq!(keys.lookup(Tab::Book, false, &old), None);
    }

    #[test]
    fn global_override_reaches_every_screen() {
        let keys = parse("[global]\nquit = \"Q\"\n").unwrap();
        let event = press(KeyCode::Char('Q'));
        for tab in Tab::ALL {
            assert_eq!(
                keys.lookup(tab, false, &event),
                Some(Action::Quit),
                "{tab:?}"
            );
        }
        assert_eq!(
            keys.lookup(Tab::Stats, false, &press(KeyCode::Char('q'))),
            None
        );
    }

    #[test]
    fn unknown_action_names_line() {
        let errors = parse("[book]\nedit = \"e\"\nrat = \"*\"\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(3));
        assert!(errors[0].message.contains("\"rat\""), "{}", errors[0]);
        assert!(errors[0].message.contains("type_rating"), "{}", errors[0]);
    }

    #[test]
    fn unknown_table_names_line() {
        let errors = parse("\n[bok]\nedit = \"e\"\n").unwrap_err();
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("[bok]"), "{}", errors[0]);
    }

    #[test]
    fn bad_key_names_line_and_key() {
        let errors = parse("[library]\nfilter = \"ctrl-\"\nsort = \"F13\"\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("\"ctrl-\""), "{}", errors[0]);
        assert_eq!(errors[1].line, Some(3));
        assert!(errors[1].message.contains("\"F13\""), "{}", errors[1]);
    }

    #[test]
    fn invalid_toml_names_line() {
        let errors = parse("[book]\nedit = \n").unwrap_err();
        assert_eq!(errors[0].line, Some(2), "{errors:?}");
        assert!(errors[0].message.contains("invalid TOML"), "{}", errors[0]);
    }

    #[test]
    fn clash_within_screen_rejected() {
        let errors = parse("[book]\nedit = \"s\"\n").unwrap_err();
        assert_eq!(errors[0].line, Some(2), "{errors:?}");
        assert!(errors[0].message.contains("s"), "{}", errors[0]);
    }

    #[test]
    fn clash_with_global_rejected() {
        let errors = parse("[shelves]\nrename = \"F2\"\n").unwrap_err();
        assert_eq!(errors[0].line, Some(2), "{errors:?}");
        assert!(errors[0].message.contains("F2"), "{}", errors[0]);
    }

    #[test]
    fn empty_key_list_rejected() {
        let errors = parse("[global]\nquit = []\n").unwrap_err();
        assert!(errors[0].message.contains("no keys"), "{}", errors[0]);
    }

    #[test]
    fn missing_file_gives_defaults() {
        let folder = tempfile::tempdir().unwrap();
        let (keys, errors) = load(&folder.path().join("keys.toml"));
        assert!(errors.is_empty(), "{errors:?}");
        let event = press(KeyCode::Char('q'));
        assert_eq!(keys.lookup(Tab::Library, false, &event), Some(Action::Quit));
    }

    #[test]
    fn bad_file_falls_back_to_defaults() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("keys.toml");
        std::fs::write(&path, "[global]\nquit = \"Q\"\nhelp = \"nope\"\n").unwrap();
        let (keys, errors) = load(&path);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let event = press(KeyCode::Char('q'));
        assert_eq!(keys.lookup(Tab::Library, false, &event), Some(Action::Quit));
    }

    #[test]
    fn parse_key_reads_help_labels() {
        for binding in GLOBAL.iter().chain(Scope::Library.table()) {
            for key in binding.keys {
                assert_eq!(parse_key(&key.label()), Ok(*key), "{}", key.label());
            }
        }
        assert_eq!(parse_key("CTRL-S"), Ok(Key::ctrl('s')));
        assert_eq!(parse_key("escape"), Ok(Key::plain(KeyCode::Esc)));
        assert_eq!(parse_key("G"), Ok(Key::char('G')));
    }

    #[test]
    fn every_action_name_is_unique_in_scope() {
        for scope in Scope::ALL {
            let mut names: Vec<String> = scope.table().iter().map(|b| b.action.name()).collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{scope:?}");
        }
    }
}
