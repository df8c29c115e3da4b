//! The names of reading statuses, in one place for every screen and command.
//!
//! Each status has a label, a short label for narrow table columns, both in the
//! language in force, and the API name (`want_to_read`), which never changes. [`parse`]
//! accepts the API name, the labels of both languages and common aliases, so any name
//! the app shows can be typed back whatever the language.

use estante_backend::model::ReadingStatus;

use crate::i18n::{Language, message_in};
use crate::{msgid, t};

/// Lists the API names of every status, for help text and error messages. The names stay
/// as the API spells them; only the list's "or" follows the interface language.
pub fn api_names() -> String {
    t!("status-api-names")
}

/// Names accepted for each status besides its API name and labels, compared after
/// [`normalize`]: English, then Portuguese.
const ALIASES: [(ReadingStatus, &[&str]); 5] = [
    (
        ReadingStatus::WantToRead,
        &["want", "to-read", "toread", "tbr", "quero", "para-ler"],
    ),
    (
        ReadingStatus::Reading,
        &["currently-reading", "current", "started", "lendo-agora"],
    ),
    (
        ReadingStatus::Read,
        &["finished", "done", "terminado", "lidos"],
    ),
    (
        ReadingStatus::DidNotFinish,
        &["dnf", "abandoned", "abandonei", "desisti"],
    ),
    (ReadingStatus::Paused, &["on-hold", "em-pausa", "parado"]),
];

/// A status name that [`parse`] does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus {
    pub input: String,
}

impl std::fmt::Display for UnknownStatus {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = t!(
            "status-unknown",
            input = format!("{:?}", self.input),
            names = api_names()
        );
        formatter.write_str(&text)
    }
}

impl std::error::Error for UnknownStatus {}

/// Returns the message ids of a status: its label, then its short label.
fn message_ids(status: ReadingStatus) -> (&'static str, &'static str) {
    match status {
        ReadingStatus::WantToRead => (
            msgid!("status-want-to-read"),
            msgid!("status-short-want-to-read"),
        ),
        ReadingStatus::Reading => (msgid!("status-reading"), msgid!("status-short-reading")),
        ReadingStatus::Read => (msgid!("status-read"), msgid!("status-short-read")),
        ReadingStatus::DidNotFinish => (
            msgid!("status-did-not-finish"),
            msgid!("status-short-did-not-finish"),
        ),
        ReadingStatus::Paused => (msgid!("status-paused"), msgid!("status-short-paused")),
    }
}

/// Returns the words shown for `status` on screens and in CLI tables.
pub fn label(status: ReadingStatus) -> String {
    crate::i18n::message(message_ids(status).0, None)
}

/// Returns the label for narrow columns, such as the Library's seven-column one.
pub fn short_label(status: ReadingStatus) -> String {
    crate::i18n::message(message_ids(status).1, None)
}

/// Returns the labels of every status, for help text in the app.
pub fn labels() -> String {
    t!("status-labels")
}

/// Lists every name of `status` that [`parse`] accepts.
fn names(status: ReadingStatus) -> Vec<String> {
    let (label_id, short_id) = message_ids(status);
    let mut names = vec![status.as_str().to_string()];
    for language in Language::ALL {
        names.push(message_in(language, label_id, None));
        names.push(message_in(language, short_id, None));
    }
    let aliases = ALIASES
        .iter()
        .find(|(aliased, _)| *aliased == status)
        .map_or(&[][..], |(_, aliases)| aliases);
    names.extend(aliases.iter().map(|alias| (*alias).to_string()));
    names
}

/// Parses a status by its API name, label, short label or an alias, ignoring case
/// and treating spaces, `_` and `-` alike.
pub fn parse(text: &str) -> Result<ReadingStatus, UnknownStatus> {
    let normalized = normalize(text);
    let found = ReadingStatus::ALL.into_iter().find(|status| {
        names(*status)
            .iter()
            .any(|name| normalize(name) == normalized)
    });
    found.ok_or_else(|| UnknownStatus {
        input: text.to_string(),
    })
}

/// Lowercases `text` and joins its words with `-`, so `Did_Not Finish` and
/// `did-not-finish` compare equal.
fn normalize(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_aliases_in_any_case() {
        let cases = [
            ("dnf", ReadingStatus::DidNotFinish),
            ("DNF", ReadingStatus::DidNotFinish),
            ("did-not-finish", ReadingStatus::DidNotFinish),
            ("did_not_finish", ReadingStatus::DidNotFinish),
            ("Did Not Finish", ReadingStatus::DidNotFinish),
            ("reading", ReadingStatus::Reading),
            ("Currently-Reading", ReadingStatus::Reading),
            ("to-read", ReadingStatus::WantToRead),
            ("to read", ReadingStatus::WantToRead),
            ("want", ReadingStatus::WantToRead),
            ("want_to_read", ReadingStatus::WantToRead),
            ("read", ReadingStatus::Read),
            ("finished", ReadingStatus::Read),
            (" READ ", ReadingStatus::Read),
            ("paused", ReadingStatus::Paused),
            ("on hold", ReadingStatus::Paused),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn every_shown_name_parses_back() {
        for language in Language::ALL {
            crate::i18n::set_thread_language(language);
            for status in ReadingStatus::ALL {
                assert_eq!(parse(&label(status)), Ok(status), "{language:?}");
                assert_eq!(parse(&short_label(status)), Ok(status), "{language:?}");
                assert_eq!(parse(status.as_str()), Ok(status));
            }
        }
    }

    #[test]
    fn portuguese_names_parse_in_english() {
        crate::i18n::set_thread_language(Language::English);
        let cases = [
            ("Quero ler", ReadingStatus::WantToRead),
            ("lendo", ReadingStatus::Reading),
            ("LIDO", ReadingStatus::Read),
            ("abandonado", ReadingStatus::DidNotFinish),
            ("pausado", ReadingStatus::Paused),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn parse_error_lists_valid_names() {
        crate::i18n::set_thread_language(Language::English);
        for text in ["", "dnff", "reed", "want-to"] {
            let error = parse(text).unwrap_err().to_string();
            assert!(error.contains(&format!("{text:?}")), "{error}");
            assert!(error.contains(&api_names()), "{error}");
        }
    }

    #[test]
    fn aliases_name_one_status_each() {
        let mut seen = Vec::new();
        for status in ReadingStatus::ALL {
            for name in names(status) {
                seen.push((normalize(&name), status));
            }
        }

        for (name, status) in &seen {
            for (other_name, other_status) in &seen {
                if name == other_name {
                    assert_eq!(status, other_status, "{name} names two statuses");
                }
            }
        }
    }
}
