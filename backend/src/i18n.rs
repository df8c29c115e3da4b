//! The server's messages in the language of the request.
//!
//! Problem details and import reports are text that people read in the app, so the
//! server words them in the language of the request's `Accept-Language` header:
//! English, the default, or Brazilian Portuguese. The English wording is written
//! where each message is made, with [`msg!`](crate::msg). The Portuguese wording
//! comes from `backend/i18n/pt-BR/server.ftl` by the message's id. The catalogue test
//! checks that every id in the sources has a Portuguese message with the same
//! variables.
//!
//! The language of a request is a task-local value that the API's middleware sets,
//! so code anywhere under a handler reads it with [`current`]. Work moved to a
//! blocking thread takes it along with [`with_language`].

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The Brazilian Portuguese catalogue. English needs none: it is in the sources.
pub const PORTUGUESE_CATALOGUE: &str = include_str!("../i18n/pt-BR/server.ftl");

/// A language the server words its messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    BrazilianPortuguese,
}

impl Language {
    /// Returns the BCP 47 tag, as sent in `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::BrazilianPortuguese => "pt-BR",
        }
    }

    /// Reads a tag written by [`Language::tag`]; anything else is English.
    pub fn from_tag(tag: &str) -> Self {
        if tag == "pt-BR" {
            Self::BrazilianPortuguese
        } else {
            Self::English
        }
    }

    /// Picks the language of an `Accept-Language` value (RFC 9110, section 12.5.4):
    /// the supported range with the highest weight, the first one on a tie. Any
    /// Portuguese range counts as Brazilian Portuguese. English is the result when
    /// nothing listed is supported.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Self)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|parameter| parameter.trim().strip_prefix("q="))
                .find_map(|value| value.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let language = match tag.split('-').next() {
                Some("pt") => Self::BrazilianPortuguese,
                Some("en") => Self::English,
                _ => continue,
            };
            if weight > 0.0 && best.is_none_or(|(top, _)| weight > top) {
                best = Some((weight, language));
            }
        }
        best.map_or(Self::English, |(_, language)| language)
    }
}

tokio::task_local! {
    static REQUEST_LANGUAGE: Language;
}

thread_local! {
    static THREAD_LANGUAGE: Cell<Option<Language>> = const { Cell::new(None) };
}

/// Runs `future` with `language` as the language of every message made inside it.
pub async fn scope<F: Future>(language: Language, future: F) -> F::Output {
    REQUEST_LANGUAGE.scope(language, future).await
}

/// Runs `f` on this thread with `language` as the language of its messages, for
/// work that [`scope`] does not reach, such as a `spawn_blocking` closure.
pub fn with_language<T>(language: Language, f: impl FnOnce() -> T) -> T {
    let previous = THREAD_LANGUAGE.with(|cell| cell.replace(Some(language)));
    let result = f();
    THREAD_LANGUAGE.with(|cell| cell.set(previous));
    result
}

/// The language of messages made outside any request, such as the validation that
/// the terminal app runs itself: English (0) until a program sets it.
static PROCESS_LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language of messages made outside a request in this process. The
/// terminal app sets its interface language here; the server leaves English.
pub fn set_process_language(language: Language) {
    let index = match language {
        Language::English => 0,
        Language::BrazilianPortuguese => 1,
    };
    PROCESS_LANGUAGE.store(index, Ordering::Relaxed);
}

/// Pins this thread's language until it is changed again, for tests that must not
/// depend on each other.
pub fn set_thread_language(language: Language) {
    THREAD_LANGUAGE.with(|cell| cell.set(Some(language)));
}

/// Returns the language of the message being made: this thread's, else the
/// request's, else the process's ([`set_process_language`]), else English.
pub fn current() -> Language {
    THREAD_LANGUAGE
        .with(Cell::get)
        .or_else(|| REQUEST_LANGUAGE.try_with(|language| *language).ok())
        .unwrap_or_else(|| match PROCESS_LANGUAGE.load(Ordering::Relaxed) {
            1 => Language::BrazilianPortuguese,
            _ => Language::English,
        })
}

/// Writes an ISO date (`2024-03-18`, `2024-03` or `2024`) for a message in the
/// language in force: as it is in English, day first in Portuguese (`18/03/2024`,
/// `03/2024`), as the app shows dates. Text that is not such a date is returned
/// unchanged.
pub fn date_text(iso: &str) -> String {
    if current() == Language::English {
        return iso.to_string();
    }
    let parts: Vec<&str> = iso.split('-').collect();
    let digits = |part: &str, length: usize| {
        part.len() == length && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    match parts.as_slice() {
        [year, month, day] if digits(year, 4) && digits(month, 2) && digits(day, 2) => {
            format!("{day}/{month}/{year}")
        }
        [year, month] if digits(year, 4) && digits(month, 2) => format!("{month}/{year}"),
        _ => iso.to_string(),
    }
}

/// Writes a number for a message in the language in force: `4.3` in English and
/// `4,3` in Portuguese, with no digits beyond those the number needs.
pub fn decimal_text(number: f64) -> String {
    // A number far from 1 is written with an exponent, as `1e-300`: written out, a
    // rating of 1e-300 made a message of three hundred digits.
    let magnitude = number.abs();
    let text = if magnitude != 0.0 && !(1e-6..1e15).contains(&magnitude) {
        format!("{number:e}")
    } else {
        number.to_string()
    };
    match current() {
        Language::English => text,
        Language::BrazilianPortuguese => text.replace('.', ","),
    }
}

/// Writes a whole number for a message in the language in force, its thousands
/// grouped: `100,000` in English and `100.000` in Portuguese.
pub fn integer_text(number: i64) -> String {
    let separator = match current() {
        Language::English => ',',
        Language::BrazilianPortuguese => '.',
    };
    group_thousands(number, separator)
}

/// Writes `number` with `separator` between each group of three digits, such as
/// `-1,234,567`. The app's number formatting uses it too.
pub fn group_thousands(number: i64, separator: char) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::new();
    if number < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

fn portuguese() -> &'static FluentBundle<FluentResource> {
    static BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let locale = "pt-BR".parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Isolation marks around values are for bidirectional text in GUIs. In
        // JSON and terminals they are stray characters.
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(PORTUGUESE_CATALOGUE.to_string()).unwrap_or_else(
            |(resource, errors)| {
                tracing::error!(?errors, "the Portuguese catalogue has syntax errors");
                resource
            },
        );
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(?errors, "the Portuguese catalogue has duplicate ids");
        }
        bundle
    })
}

/// Words message `id` in the current language. `english` makes the English text,
/// which is also the fallback when the catalogue lacks the id. Called by
/// [`msg!`](crate::msg).
pub fn word(id: &str, args: &[(&'static str, String)], english: impl FnOnce() -> String) -> String {
    if current() == Language::English {
        return english();
    }
    let bundle = portuguese();
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        tracing::warn!(id, "message missing from the Portuguese catalogue");
        return english();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.as_str()));
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "message formatted with errors");
    }
    text.into_owned()
}

/// Makes a message in the current language from a literal id, the English wording as
/// a `format!` string, and the named values the wording uses:
/// `msg!(ID, "{pages} is not between 0 and {max}", pages = pages, max = MAX)`. Every
/// value is turned into text with `to_string` once, in order, into a variable of its
/// name, so a later value that uses an earlier name gets the text.
#[macro_export]
macro_rules! msg {
    ($id:literal, $english:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        $(let $name: String = ($value).to_string();)*
        $crate::i18n::word(
            $id,
            &[$((stringify!($name), $name.clone())),*],
            || format!($english $(, $name = $name)*),
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_weights() {
        let cases = [
            ("pt-BR", Language::BrazilianPortuguese),
            ("pt-BR,pt;q=0.9,en;q=0.8", Language::BrazilianPortuguese),
            ("en-US,en;q=0.9,pt;q=0.5", Language::English),
            ("fr, pt;q=0.4", Language::BrazilianPortuguese),
            ("en;q=0.2, pt-PT;q=0.7", Language::BrazilianPortuguese),
            ("pt;q=0, en", Language::English),
            ("de, fr", Language::English),
            ("", Language::English),
            ("*", Language::English),
        ];
        for (header, expected) in cases {
            assert_eq!(Language::from_accept_language(header), expected, "{header}");
        }
    }

    #[test]
    fn thread_language_wins() {
        let english = msg!("title-empty", "must not be empty");
        let portuguese = with_language(Language::BrazilianPortuguese, || {
            msg!("title-empty", "must not be empty")
        });

        assert_eq!(english, "must not be empty");
        assert_eq!(portuguese, "não pode ficar vazio");
        assert_eq!(current(), Language::English);
    }

    #[test]
    fn rating_errors_write_decimals_for_the_language() {
        let portuguese = with_language(Language::BrazilianPortuguese, || {
            crate::model::Rating::from_stars(4.3).unwrap_err()
        });
        let english = crate::model::Rating::from_stars(4.3).unwrap_err();

        assert!(
            portuguese.starts_with("a nota 4,3 não é múltiplo"),
            "{portuguese}"
        );
        assert!(english.starts_with("4.3 stars"), "{english}");
    }

    /// A rating of 1e-300 was written out in three hundred digits.
    #[test]
    fn decimals_far_from_one_take_an_exponent() {
        assert_eq!(decimal_text(1e-300), "1e-300");
        assert_eq!(decimal_text(2.5e20), "2.5e20");
        assert_eq!(decimal_text(0.0), "0");
        assert_eq!(decimal_text(4.25), "4.25");
        let portuguese = with_language(Language::BrazilianPortuguese, || decimal_text(1.5e-9));
        assert_eq!(portuguese, "1,5e-9");
    }

    #[test]
    fn integers_grouped_for_the_language() {
        assert_eq!(integer_text(100_000), "100,000");
        assert_eq!(integer_text(-1234), "-1,234");
        assert_eq!(integer_text(999), "999");
        let portuguese = with_language(Language::BrazilianPortuguese, || integer_text(100_000));
        assert_eq!(portuguese, "100.000");
    }

    #[test]
    fn dates_day_first_in_portuguese() {
        let dates = ["2024-03-18", "2024-03", "2024", "soon"];

        let english = dates.map(date_text);
        let portuguese = with_language(Language::BrazilianPortuguese, || dates.map(date_text));

        assert_eq!(english, dates.map(str::to_string));
        assert_eq!(portuguese, ["18/03/2024", "03/2024", "2024", "soon"]);
    }
}

/// The Portuguese catalogue against the sources: every `msg!` id has a message with
/// the variables its English wording uses, and every message is used.
#[cfg(test)]
mod catalogue {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use fluent_syntax::ast;

    /// Lists each `msg!` call of the sources: its id, and the `{name}` variables of
    /// its English wording.
    fn calls_in_sources() -> BTreeMap<String, BTreeSet<String>> {
        let mut calls = BTreeMap::new();
        let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|extension| extension == "rs")
                    && !path.ends_with("src/i18n.rs")
                {
                    // This file defines the macro, and its tests call it on sample ids.
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (id, variables) in calls_in_text(&text) {
                        let previous = calls.insert(id.clone(), variables.clone());
                        assert!(
                            previous.is_none_or(|previous| previous == variables),
                            "{id} has different variables in two places"
                        );
                    }
                }
            }
        }
        calls
    }

    fn calls_in_text(text: &str) -> Vec<(String, BTreeSet<String>)> {
        let mut calls = Vec::new();
        for (start, _) in text.match_indices("msg!(") {
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[start + "msg!(".len()..].trim_start();
            let Some((id, rest)) = string_literal(rest) else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix(',') else {
                continue;
            };
            let Some((english, _)) = string_literal(rest.trim_start()) else {
                continue;
            };
            calls.push((id, placeholders(&english)));
        }
        calls
    }

    /// Reads a Rust string literal at the start of `text`, with its escapes and line
    /// continuations left as written, and returns it with the text after it.
    fn string_literal(text: &str) -> Option<(String, &str)> {
        let body = text.strip_prefix('"')?;
        let mut escaped = false;
        for (index, character) in body.char_indices() {
            match character {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return Some((body[..index].to_string(), &body[index + 1..])),
                _ => escaped = false,
            }
        }
        None
    }

    fn placeholders(english: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut rest = english;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let name = after[..close].split(':').next().unwrap_or_default();
            if !name.is_empty() {
                names.insert(name.to_string());
            }
            rest = &after[close + 1..];
        }
        names
    }

    /// Lists each message of the catalogue with the variables it references.
    fn catalogue() -> BTreeMap<String, BTreeSet<String>> {
        let resource = match fluent_syntax::parser::parse(super::PORTUGUESE_CATALOGUE) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("server.ftl does not parse: {errors:#?}"),
        };
        let mut messages = BTreeMap::new();
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let mut variables = BTreeSet::new();
                    if let Some(pattern) = &message.value {
                        collect(pattern, &mut variables);
                    }
                    let previous = messages.insert(message.id.name.to_string(), variables);
                    assert!(previous.is_none(), "{} is defined twice", message.id.name);
                }
                ast::Entry::Junk { content } => panic!("server.ftl has junk: {content}"),
                _ => {}
            }
        }
        messages
    }

    fn collect(pattern: &ast::Pattern<&str>, variables: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, variables);
            }
        }
    }

    fn expression_variables(expression: &ast::Expression<&str>, variables: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, variables);
                for variant in variants {
                    collect(&variant.value, variables);
                }
            }
            ast::Expression::Inline(inline) => inline_variables(inline, variables),
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, variables: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                variables.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, variables);
            }
            _ => {}
        }
    }

    #[test]
    fn scan_reads_ids_and_variables() {
        let text = r#"let a = msg!("one", "{count} of {total}", count = 1, total = 2);
            crate::msg!(
                "two",
                "say \"{name}\" \
                 twice",
                name = x
            ); format!("no");"#;
        let calls = calls_in_text(text);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].0, "one");
        assert_eq!(calls[0].1, BTreeSet::from(["count".into(), "total".into()]));
        assert_eq!(calls[1].0, "two");
        assert_eq!(calls[1].1, BTreeSet::from(["name".into()]));
    }

    #[test]
    fn every_message_is_translated() {
        let calls = calls_in_sources();
        assert!(
            calls.len() > 80,
            "the scan found only {} calls",
            calls.len()
        );
        let messages = catalogue();
        for (id, variables) in &calls {
            let Some(translated) = messages.get(id) else {
                panic!("{id} is missing from backend/i18n/pt-BR/server.ftl");
            };
            assert_eq!(translated, variables, "variables of {id}");
        }
        let unused: Vec<&String> = messages
            .keys()
            .filter(|id| !calls.contains_key(*id))
            .collect();
        assert!(unused.is_empty(), "messages no source uses: {unused:?}");
    }
}
