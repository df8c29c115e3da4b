//! LibraryThing's JSON export: an object keyed by book id (or, in some tools' output,
//! an array), each book with fields such as `title`, `authors` (objects with `lf`,
//! `fl` and `role`), `isbn`, `tags`, `collections`, `rating`, `review`,
//! `datestarted` and `dateread`. Fields are strings, numbers, lists or objects of
//! strings, depending on the field and the export's age, so every value is read
//! leniently as text or as a list of texts.

use crate::msg;
use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::Value;

use super::ParsedImport;
use super::librarything::{LtBook, first_last, into_import};
use super::text::decode_lines;
use super::{FileKind, ImportError};

/// Returns true when a JSON document has the shape of a LibraryThing export: books
/// with a `title` and at least one LibraryThing field.
pub fn looks_like_librarything_json(document: &Value) -> bool {
    let first = match document {
        Value::Object(map) => map.values().next(),
        Value::Array(items) => items.first(),
        _ => None,
    };
    first.and_then(Value::as_object).is_some_and(|book| {
        book.contains_key("title")
            && [
                "books_id",
                "authors",
                "collections",
                "primaryauthor",
                "entrydate",
            ]
            .iter()
            .any(|key| book.contains_key(*key))
    })
}

pub fn parse_json(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    let decoded = decode_lines(bytes);
    let entries = read_entries(&decoded.text)?;
    let books = entries
        .into_iter()
        .map(|(key, value)| match value {
            Value::Object(_) => Ok(book_from_json(&key, &value)),
            other => Err(msg!(
                "row-json-not-object",
                "book {key} is a JSON {kind} instead of an object",
                key = format!("{key:?}"),
                kind = kind(&other)
            )),
        })
        .collect();
    let mut parsed = into_import(books);
    if !decoded.windows_1252_lines.is_empty() {
        parsed.notes.push(msg!(
            "note-lines-windows-1252",
            "{count} line(s) were not valid UTF-8 and were read as Windows-1252: {lines}",
            count = decoded.windows_1252_lines.len(),
            lines = format!("{:?}", decoded.windows_1252_lines)
        ));
    }
    Ok(parsed)
}

/// Reads the top-level entries in file order as (book id, book) pairs.
fn read_entries(text: &str) -> Result<Vec<(String, Value)>, ImportError> {
    let malformed =
        |error: serde_json::Error| ImportError::malformed(FileKind::LibraryThingJson, error);
    if text.trim_start().starts_with('[') {
        let items: Vec<Value> = serde_json::from_str(text).map_err(malformed)?;
        return Ok(items
            .into_iter()
            .enumerate()
            .map(|(index, item)| (format!("#{}", index + 1), item))
            .collect());
    }
    let OrderedEntries(entries) = serde_json::from_str(text).map_err(malformed)?;
    Ok(entries)
}

fn book_from_json(key: &str, book: &Value) -> LtBook {
    let field = |name: &str| book.get(name).map(text).unwrap_or_default();
    let list = |name: &str| book.get(name).map(list).unwrap_or_default();

    let mut authors: Vec<(String, String)> = Vec::new();
    if let Some(Value::Array(items)) = book.get("authors") {
        for author in items.iter().filter_map(Value::as_object) {
            let part = |name: &str| author.get(name).map(text).unwrap_or_default();
            let name = match part("fl") {
                fl if !fl.trim().is_empty() => fl,
                _ => first_last(&part("lf")),
            };
            authors.push((name, part("role")));
        }
    }
    if authors.is_empty() {
        authors.push((field("primaryauthor"), field("primaryauthorrole")));
    }

    let mut isbns = Vec::new();
    for name in ["isbn", "originalisbn", "ean"] {
        isbns.extend(list(name));
    }
    let id = match field("books_id") {
        id if !id.is_empty() => id,
        _ if key.starts_with('#') => String::new(),
        _ => key.to_string(),
    };
    let format = match book.get("format") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.get("text").map_or_else(|| text(item), text))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => text(other),
        None => String::new(),
    };
    let date_read = match field("dateread") {
        read if !read.is_empty() => read,
        _ => field("datefinished"),
    };

    LtBook {
        id,
        title: field("title"),
        authors,
        isbns,
        tags: list("tags"),
        collections: list("collections"),
        series: list("series"),
        rating: field("rating"),
        review: field("review"),
        comment: field("comment"),
        private_comment: field("privatecomment"),
        media: format,
        publication: field("publication"),
        date: field("date"),
        pages: field("pages"),
        language: list("language").join(", "),
        copies: field("copies"),
        date_started: field("datestarted"),
        date_read,
        entry_date: field("entrydate"),
        acquired: field("dateacquired"),
        notes: Vec::new(),
    }
}

/// Reads a scalar, list or object of scalars as one text, lists joined by `, `.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Array(_) | Value::Object(_) => list(value).join(", "),
        Value::Null | Value::Bool(_) => String::new(),
    }
}

/// Reads a list, an object's values, or a comma-separated string as texts.
fn list(value: &Value) -> Vec<String> {
    let items: Vec<String> = match value {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::Object(map) => map.values().map(text).collect(),
        Value::String(joined) => joined.split(',').map(str::to_string).collect(),
        other => vec![text(other)],
    };
    items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A JSON object's entries in file order. `serde_json::Map` sorts keys unless the
/// `preserve_order` feature is on, and row numbers must follow the file.
struct OrderedEntries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedEntries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;

        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = OrderedEntries;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object of books keyed by book id")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(OrderedEntries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor)
    }
}
