//! The names of reading statuses, in one place for every screen and command.
//!
//! Each status has a label (the backend's [`ReadingStatus::label`]), a short label
//! for narrow table columns, and the API name (`want_to_read`). [`parse`] accepts
//! all of them and common aliases, so any name the app shows can be typed back.

use estante_backend::model::ReadingStatus;

/// The API names of every status, for help text and error messages.
pub const API_NAMES: &str = "want_to_read, reading, read, did_not_finish or paused";

/// The labels of every status, for help text in the app.
pub const LABELS: &str = "want to read, reading, read, did not finish or paused";

/// Names accepted for each status besides its API name and labels, compared after
/// [`normalize`].
const ALIASES: [(ReadingStatus, &[&str]); 5] = [
    (
        ReadingStatus::WantToRead,
        &["want", "to-read", "toread", "tbr"],
    ),
    (
        ReadingStatus::Reading,
        &["currently-reading", "current", "started"],
    ),
    (ReadingStatus::Read, &["finished", "done"]),
    (ReadingStatus::DidNotFinish, &["dnf", "abandoned"]),
    (ReadingStatus::Paused, &["on-hold"]),
];

/// A status name that [`parse`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a reading status; use {API_NAMES} (any case; aliases such as \
     want, to-read, finished, dnf and did-not-finish work too)"
)]
pub struct UnknownStatus {
    pub input: String,
}

/// Returns the words shown for `status` on screens and in CLI tables.
pub fn label(status: ReadingStatus) -> &'static str {
    status.label()
}

/// Returns the label for narrow columns, such as the Library's seven-column one.
pub fn short_label(status: ReadingStatus) -> &'static str {
    match status {
        ReadingStatus::WantToRead => "to read",
        ReadingStatus::DidNotFinish => "DNF",
        other => other.label(),
    }
}

/// Parses a status by its API name, label, short label or an alias, ignoring case
/// and treating spaces, `_` and `-` alike.
pub fn parse(text: &str) -> Result<ReadingStatus, UnknownStatus> {
    let normalized = normalize(text);
    let found = ReadingStatus::ALL.into_iter().find(|status| {
        let names = [status.as_str(), status.label(), short_label(*status)];
        let aliases = ALIASES
            .iter()
            .find(|(aliased, _)| aliased == status)
            .map_or(&[][..], |(_, aliases)| aliases);
        names
            .into_iter()
            .chain(aliases.iter().copied())
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
        for status in ReadingStatus::ALL {
            assert_eq!(parse(label(status)), Ok(status));
            assert_eq!(parse(short_label(status)), Ok(status));
            assert_eq!(parse(status.as_str()), Ok(status));
        }
    }

    #[test]
    fn parse_error_lists_valid_names() {
        for text in ["", "dnff", "reed", "want-to"] {
            let error = parse(text).unwrap_err().to_string();
            assert!(error.contains(&format!("{text:?}")), "{error}");
            assert!(error.contains(API_NAMES), "{error}");
        }
    }

    #[test]
    fn aliases_name_one_status_each() {
        let mut seen = Vec::new();
        for status in ReadingStatus::ALL {
            for name in [status.as_str(), status.label(), short_label(status)] {
                seen.push((normalize(name), status));
            }
        }
        for (status, aliases) in ALIASES {
            for alias in aliases {
                seen.push((normalize(alias), status));
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
