//! Sentences of a restore plan that an interface can word in its own language.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

/// One sentence of a restore plan or of a preflight check: a message id with the
/// values it names, and its English wording. An interface with a message catalogue
/// words it from `id` and `args`. Scripts and logs use `text`, which is also what
/// the sentence serializes to, so the JSON of a plan reads as plain English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// A stable id, such as `check-instance-exists`.
    pub id: &'static str,
    /// The values the sentence names, by the names its wording uses.
    pub args: BTreeMap<&'static str, String>,
    /// Values that are sentences themselves, such as the connection error inside a
    /// failed check. An interface words each one first and passes it under its name
    /// in place of the English in `args`.
    pub parts: BTreeMap<&'static str, Sentence>,
    /// The English wording.
    pub text: String,
}

impl Sentence {
    /// Builds a sentence from its parts, for plans made outside this library, as in
    /// tests.
    /// `text` should be the English wording of `id` with these `args`.
    pub fn new(
        id: &'static str,
        args: impl IntoIterator<Item = (&'static str, String)>,
        text: impl Into<String>,
    ) -> Self {
        Self {
            id,
            args: args.into_iter().collect(),
            parts: BTreeMap::new(),
            text: text.into(),
        }
    }

    /// Adds `part` as the value `name`, keeping its English in `args` for an
    /// interface without a catalogue.
    pub fn with_part(mut self, name: &'static str, part: Sentence) -> Self {
        self.args.insert(name, part.text.clone());
        self.parts.insert(name, part);
        self
    }

    /// Builds a sentence that its caller has worded already, such as an interface's
    /// own message. It has no id, so an interface shows `text` as it is.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new("", [], text)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// Builds a [`Sentence`] from a literal id, the English wording as a `format!`
/// string, and the named values that wording uses, as in `sentence!(ID, "{snapshot}
/// is {state}", snapshot = id, state = state)`. Each value is turned into text once.
/// The app's catalogue test reads the ids of these calls from the sources.
macro_rules! sentence {
    ($id:literal, $english:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        $(let $name: String = ($value).to_string();)*
        $crate::restore::Sentence {
            id: $id,
            text: format!($english $(, $name = $name)*),
            args: std::collections::BTreeMap::from([$((stringify!($name), $name)),*]),
            parts: std::collections::BTreeMap::new(),
        }
    }};
}
pub(crate) use sentence;
