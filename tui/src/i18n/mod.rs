//! The message catalogues: every string the app and the CLI show comes from here.
//!
//! The catalogues are Project Fluent files, `tui/i18n/en/estante.ftl` and
//! `tui/i18n/pt-BR/estante.ftl`, compiled into the binary with `include_str!`, so the
//! app needs no files at run time. Code requests a message with [`t!`](crate::t) and
//! a literal id; ids kept in tables for later lookup are written with
//! [`msgid!`](crate::msgid). The catalogue test scans the sources for both macros,
//! so every id used is checked against both catalogues.
//!
//! The language is process-wide: the binary sets it once at start from the settings
//! file and the locale variables ([`Language::detect`]). A thread may pin its own
//! language with [`set_thread_language`], which is what tests do, so parallel tests in
//! English and Portuguese do not disturb each other and never read the developer's
//! `LANG`.

pub mod format;

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use fluent_bundle::FluentArgs as Args;
pub use fluent_bundle::FluentValue as Value;

/// The English catalogue, also the fallback for an id missing from another one.
pub const ENGLISH_CATALOGUE: &str = include_str!("../../i18n/en/estante.ftl");
/// The Brazilian Portuguese catalogue.
pub const PORTUGUESE_CATALOGUE: &str = include_str!("../../i18n/pt-BR/estante.ftl");

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    BrazilianPortuguese,
}

impl Language {
    pub const ALL: [Language; 2] = [Self::English, Self::BrazilianPortuguese];

    /// Returns the BCP 47 tag, as written in the `language` key of `config.toml`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::BrazilianPortuguese => "pt-BR",
        }
    }

    /// Maps a setting or a POSIX locale name to a language. `pt_BR.UTF-8`, `pt_BR`,
    /// `pt-BR` and `pt` (in any case, with any encoding or `@modifier`) are Brazilian
    /// Portuguese, and so are the other Portuguese locales such as `pt_PT`, whose
    /// readers are better served by it than by English. Everything else, `C` and
    /// `POSIX` included, is English.
    pub fn from_locale(name: &str) -> Self {
        if language_code(name) == "pt" {
            Self::BrazilianPortuguese
        } else {
            Self::English
        }
    }

    /// Reads the `language` setting: `en` or `pt` with any region (`en-GB`,
    /// `pt_BR.UTF-8`), or `C`/`POSIX` for English. Anything else is `None`, so the
    /// settings can name the value instead of quietly showing English.
    pub fn from_setting(value: &str) -> Option<Self> {
        match language_code(value).as_str() {
            "pt" => Some(Self::BrazilianPortuguese),
            "en" | "c" | "posix" => Some(Self::English),
            _ => None,
        }
    }

    /// Chooses the language. The `language` setting wins. Without it, the first of
    /// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and non-empty decides, in the
    /// order POSIX gives them, and English is the default. `variable` reads an
    /// environment variable, so tests can pass a fixed environment.
    pub fn detect(setting: Option<&str>, variable: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(setting) = setting.map(str::trim).filter(|value| !value.is_empty()) {
            return Self::from_locale(setting);
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(variable)
            .find(|value| !value.is_empty())
            .map_or(Self::English, |value| Self::from_locale(&value))
    }

    /// [`Language::detect`] over the process environment.
    pub fn from_environment(setting: Option<&str>) -> Self {
        Self::detect(setting, |name| std::env::var(name).ok())
    }

    /// Returns the same language for the messages of the backend's code.
    pub fn backend(self) -> estante_backend::i18n::Language {
        match self {
            Self::English => estante_backend::i18n::Language::English,
            Self::BrazilianPortuguese => estante_backend::i18n::Language::BrazilianPortuguese,
        }
    }

    fn index(self) -> usize {
        match self {
            Self::English => 0,
            Self::BrazilianPortuguese => 1,
        }
    }

    fn from_index(index: u8) -> Self {
        if index == 1 {
            Self::BrazilianPortuguese
        } else {
            Self::English
        }
    }
}

/// The process-wide language, as `Language::index`. English until the binary sets it.
static PROCESS_LANGUAGE: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD_LANGUAGE: Cell<Option<Language>> = const { Cell::new(None) };
}

/// Sets the language of the whole process. The binary calls it once at start.
pub fn set_language(language: Language) {
    PROCESS_LANGUAGE.store(language.index() as u8, Ordering::Relaxed);
    // Validation messages that the app makes with the backend's code, such as a
    // rating out of range, follow the same language.
    estante_backend::i18n::set_process_language(language.backend());
}

/// Pins the language of the calling thread, over the process-wide one. Tests call it
/// first so that they do not depend on the environment or on each other.
pub fn set_thread_language(language: Language) {
    THREAD_LANGUAGE.with(|cell| cell.set(Some(language)));
    estante_backend::i18n::set_thread_language(language.backend());
}

/// Runs `f` with this thread's language pinned to `language`, then restores the
/// thread's previous setting. For text that must stay in one language, such as the
/// lines added to the server's English Markdown report.
pub fn with_language<T>(language: Language, f: impl FnOnce() -> T) -> T {
    let previous = THREAD_LANGUAGE.with(|cell| cell.replace(Some(language)));
    let result = f();
    THREAD_LANGUAGE.with(|cell| cell.set(previous));
    result
}

/// Returns the language in force on this thread.
pub fn current() -> Language {
    THREAD_LANGUAGE
        .with(Cell::get)
        .unwrap_or_else(|| Language::from_index(PROCESS_LANGUAGE.load(Ordering::Relaxed)))
}

type Bundle = FluentBundle<FluentResource>;

/// Builds the bundle of one language. The catalogues are compiled in and checked by
/// the catalogue test, so a parse error here is a build defect: it is logged and the
/// entries that did parse are still used.
fn bundle(language: Language) -> Bundle {
    let (source, tag) = match language {
        Language::English => (ENGLISH_CATALOGUE, "en"),
        Language::BrazilianPortuguese => (PORTUGUESE_CATALOGUE, "pt-BR"),
    };
    let locale = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Isolation marks (U+2068, U+2069) around placeables are for bidirectional text
    // in GUIs; terminals print them as stray characters and they upset column widths.
    bundle.set_use_isolating(false);
    match language {
        Language::English => bundle.set_formatter(Some(format::fluent_english)),
        Language::BrazilianPortuguese => bundle.set_formatter(Some(format::fluent_portuguese)),
    }

    let resource =
        FluentResource::try_new(source.to_string()).unwrap_or_else(|(resource, errors)| {
            tracing::error!(
                language = tag,
                ?errors,
                "message catalogue has syntax errors"
            );
            resource
        });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            language = tag,
            ?errors,
            "message catalogue has duplicate ids"
        );
    }
    bundle
}

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        [
            bundle(Language::English),
            bundle(Language::BrazilianPortuguese),
        ]
    })
}

/// Returns the language part of a locale name or tag, lower case: `pt` for `pt_BR.UTF-8`,
/// `pt-BR` or `PT@euro`, `c` for `C`.
fn language_code(name: &str) -> String {
    let base = name.split(['.', '@']).next().unwrap_or_default().trim();
    base.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Formats message `id` in the current language, falling back to English and then
/// to the id itself, so a missing translation shows up without breaking the screen.
/// An id may name an attribute as `message.attribute`.
pub fn message(id: &str, args: Option<&FluentArgs>) -> String {
    message_in(current(), id, args)
}

/// [`message`] in a given language.
pub fn message_in(language: Language, id: &str, args: Option<&FluentArgs>) -> String {
    let bundles = bundles();
    format_in(&bundles[language.index()], id, args)
        .or_else(|| format_in(&bundles[Language::English.index()], id, args))
        .unwrap_or_else(|| {
            tracing::warn!(id, "message id missing from the catalogues");
            id.to_string()
        })
}

/// Words a sentence of the ops library, such as a restore plan's, in the current
/// language: the catalogue's `restore-ID` with the sentence's values, or the
/// library's English when the catalogue has no such message.
///
/// The library passes every value as text. The values that are counts go to the
/// catalogue as numbers, so a message can choose singular or plural and the count
/// is grouped for the language. Other values, such as ids, stay as written.
pub fn sentence(sentence: &estante_ops::restore::Sentence) -> String {
    let id = format!("restore-{}", sentence.id);
    if !has_message(current(), &id) && !has_message(Language::English, &id) {
        return sentence.text.clone();
    }
    let mut args = Args::new();
    for (name, value) in &sentence.args {
        match sentence.parts.get(name) {
            Some(part) => args.set(*name, Value::from(self::sentence(part))),
            None => match plain_count(name, value) {
                Some(count) => args.set(*name, Value::from(count)),
                None => args.set(*name, Value::from(value.as_str())),
            },
        }
    }
    message(&id, Some(&args))
}

/// Reads the value `name` as a count when the ops library names counts that way
/// and `text` is written plainly: digits only, without leading zeros.
fn plain_count(name: &str, text: &str) -> Option<u32> {
    const COUNTS: [&str; 5] = ["count", "page", "rows", "seconds", "step"];
    if !COUNTS.contains(&name) {
        return None;
    }
    let count: u32 = text.parse().ok()?;
    (count.to_string() == text).then_some(count)
}

/// Words a file system error in the current language. The standard library's text
/// is English (and names the OS error number), so the common kinds get catalogue
/// messages and the rest keep that text.
pub fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => crate::t!("io-not-found"),
        ErrorKind::PermissionDenied => crate::t!("io-permission-denied"),
        ErrorKind::AlreadyExists => crate::t!("io-already-exists"),
        ErrorKind::IsADirectory => crate::t!("io-is-a-directory"),
        ErrorKind::NotADirectory => crate::t!("io-not-a-directory"),
        ErrorKind::StorageFull => crate::t!("io-storage-full"),
        ErrorKind::ReadOnlyFilesystem => crate::t!("io-read-only"),
        ErrorKind::InvalidData => crate::t!("io-invalid-data"),
        ErrorKind::ConnectionRefused => crate::t!("io-connection-refused"),
        ErrorKind::ConnectionReset => crate::t!("io-connection-reset"),
        ErrorKind::TimedOut => crate::t!("io-timed-out"),
        _ => error.to_string(),
    }
}

/// Words an error from creating the folder `path` and its parents. Creating a
/// folder where a file is fails with "already exists", which reads as if the
/// folder were there, so that case reports that the path is not a folder.
pub fn folder_error(error: &std::io::Error, path: &std::path::Path) -> String {
    let blocked_by_file = matches!(
        error.kind(),
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory
    ) && path.ancestors().any(|ancestor| ancestor.is_file());
    if blocked_by_file {
        crate::t!("io-not-a-directory")
    } else {
        io_error(error)
    }
}

/// Folds typed text for comparison with a keyword: lowercase and without accents,
/// so `estatisticas` finds `estatísticas` and `AVALIAÇÃO` finds `avaliação`.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// Reports whether `language`'s own catalogue has message `id`, without falling back.
/// It looks the message up without formatting it: most messages need values, and
/// formatting one without them logged a warning for each lookup.
pub fn has_message(language: Language, id: &str) -> bool {
    let (message_id, attribute) = split_id(id);
    bundles()[language.index()]
        .get_message(message_id)
        .is_some_and(|message| match attribute {
            Some(attribute) => message.get_attribute(attribute).is_some(),
            None => message.value().is_some(),
        })
}

/// Splits `message.attribute` into its two names.
fn split_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once('.') {
        Some((message_id, attribute)) => (message_id, Some(attribute)),
        None => (id, None),
    }
}

fn format_in(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let (message_id, attribute) = split_id(id);
    let message = bundle.get_message(message_id)?;
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "message formatted with errors");
    }
    Some(text.into_owned())
}

/// Formats a message of the current language, given a literal message id and then
/// any `name = value` arguments, where each value converts into a Fluent value
/// (strings and numbers). Numbers are formatted for the language, and select plural
/// variants.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::message($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $crate::i18n::Value::from($value)); )+
        $crate::i18n::message($id, Some(&args))
    }};
}

/// Marks a message id kept for a later [`message`] call, such as the help text in a
/// key binding table. It expands to the literal, and the catalogue test finds it.
#[macro_export]
macro_rules! msgid {
    ($id:literal) => {
        $id
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects what a subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Looking up a message that takes values formatted it without them, and each
    /// lookup logged a warning: ten lines a restore plan.
    #[test]
    fn looking_up_a_message_logs_nothing() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .finish();

        tracing::subscriber::with_default(subscriber, || {
            assert!(has_message(
                Language::English,
                "restore-check-instance-found"
            ));
            assert!(has_message(Language::BrazilianPortuguese, "ops-col-checks"));
            assert!(!has_message(Language::English, "no-such-message"));
        });

        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.is_empty(), "{log}");
    }

    fn check_failed(kind: &str, code: &str, message: &str) -> estante_ops::restore::Sentence {
        estante_ops::restore::Sentence::new(
            "check-aws-failed",
            [
                ("code", code.to_string()),
                ("message", message.to_string()),
                ("kind", kind.to_string()),
                ("action", "sts:GetCallerIdentity".to_string()),
                ("region", "eu-west-1".to_string()),
                ("policy", "deploy/iam/ops-read.json".to_string()),
                ("profile", "estante".to_string()),
            ],
            format!("{code}: {message} (sts:GetCallerIdentity, eu-west-1)"),
        )
    }

    #[test]
    fn ops_sentence_counts_pluralize() {
        let failed = |rows: &str| {
            estante_ops::restore::Sentence::new(
                "partial-page",
                [
                    ("page", "2".to_string()),
                    ("operation", "DescribeInstances".to_string()),
                    ("rows", rows.to_string()),
                    ("error", "Throttling".to_string()),
                ],
                "English",
            )
        };

        let one = with_language(Language::BrazilianPortuguese, || {
            super::sentence(&failed("1"))
        });
        let many = with_language(Language::BrazilianPortuguese, || {
            super::sentence(&failed("1000"))
        });
        let english = with_language(Language::English, || super::sentence(&failed("1")));

        assert_eq!(
            one,
            "a página 2 de DescribeInstances falhou, com 1 linha lida antes dela: Throttling"
        );
        assert_eq!(
            many,
            "a página 2 de DescribeInstances falhou, com 1.000 linhas lidas antes dela: Throttling"
        );
        assert_eq!(
            english,
            "page 2 of DescribeInstances failed, with 1 row read before it: Throttling"
        );
        assert_eq!(plain_count("rows", "0123"), None);
        assert_eq!(plain_count("rows", "-1"), None);
        assert_eq!(plain_count("instance", "7"), None);
        assert_eq!(plain_count("rows", "7"), Some(7));
    }

    #[test]
    fn aws_check_advice_follows_the_language() {
        let connection_refused = estante_ops::restore::Sentence::new(
            "aws-connection-refused",
            [("endpoint", "http://127.0.0.1:9".to_string())],
            "could not connect to http://127.0.0.1:9: connection refused",
        );
        let failed = check_failed("endpoint", "DispatchFailure", "refused")
            .with_part("message", connection_refused);
        let other = check_failed("other", "Oops", "no");

        let portuguese = with_language(Language::BrazilianPortuguese, || super::sentence(&failed));
        let english = with_language(Language::English, || super::sentence(&failed));
        let plain = with_language(Language::BrazilianPortuguese, || super::sentence(&other));

        assert_eq!(
            portuguese,
            "DispatchFailure: não foi possível conectar a http://127.0.0.1:9: conexão recusada \
             (sts:GetCallerIdentity, eu-west-1); verifique a rede, o --endpoint-url e as \
             variáveis AWS_ENDPOINT_URL*"
        );
        assert_eq!(
            english,
            "DispatchFailure: could not connect to http://127.0.0.1:9: connection refused \
             (sts:GetCallerIdentity, eu-west-1); check the network, --endpoint-url and \
             AWS_ENDPOINT_URL* variables"
        );
        assert_eq!(plain, "Oops: no (sts:GetCallerIdentity, eu-west-1)");
    }

    #[test]
    fn year_review_counts_agree() {
        let english = with_language(Language::English, || {
            [1, 2].map(|books| crate::t!("review-finished", books = books, pages = 300))
        });
        let portuguese = with_language(Language::BrazilianPortuguese, || {
            [1, 2].map(|rated| crate::t!("review-average", average = "4", rated = rated))
        });

        assert_eq!(english[0], "1 book finished · 300 pages");
        assert_eq!(english[1], "2 books finished · 300 pages");
        assert_eq!(portuguese[0], "média 4★ (1 avaliado)");
        assert_eq!(portuguese[1], "média 4★ (2 avaliados)");
    }

    #[test]
    fn portuguese_singulars_agree() {
        let [shown, delete, summary] = with_language(Language::BrazilianPortuguese, || {
            [
                crate::t!("library-shown", count = 1),
                crate::t!("label-delete-confirm", kind = "tag", name = "x", count = 1),
                crate::t!(
                    "cli-import-summary",
                    rows = 1,
                    imported = 1,
                    merged = 0,
                    flagged = 0,
                    rejected = 0
                ),
            ]
        });

        assert_eq!(shown, "1 exibido");
        let page = with_language(Language::BrazilianPortuguese, || {
            crate::t!("book-pages", pages = 1)
        });
        assert_eq!(page, "1 página");
        assert!(
            delete.contains("Seu 1 livro continua na biblioteca"),
            "{delete}"
        );
        assert_eq!(
            summary,
            "1 linha: 1 importada, 0 mescladas, 0 marcadas, 0 rejeitadas"
        );
    }

    /// CLDR's Portuguese rule counts 0 as "one", but zero books read "0 livros".
    #[test]
    fn portuguese_zero_is_plural() {
        let counts = with_language(Language::BrazilianPortuguese, || {
            [0, 1, 2].map(|count| crate::t!("library-count", count = count))
        });

        assert_eq!(counts[0], "0 livros");
        assert_eq!(counts[1], "1 livro");
        assert_eq!(counts[2], "2 livros");
    }

    fn environment<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_string())
        }
    }

    #[test]
    fn locale_names_map_to_languages() {
        for name in [
            "pt_BR.UTF-8",
            "pt_BR",
            "pt-BR",
            "pt",
            "PT_br.utf8",
            "pt_BR@euro",
            "pt_PT.UTF-8",
        ] {
            assert_eq!(
                Language::from_locale(name),
                Language::BrazilianPortuguese,
                "{name}"
            );
        }
        for name in ["C", "POSIX", "C.UTF-8", "en_US.UTF-8", "de_DE", "ptx", ""] {
            assert_eq!(Language::from_locale(name), Language::English, "{name}");
        }
    }

    #[test]
    fn setting_wins_over_environment() {
        let env = environment(&[("LANG", "en_US.UTF-8")]);
        assert_eq!(
            Language::detect(Some("pt-BR"), env),
            Language::BrazilianPortuguese
        );
        let env = environment(&[("LC_ALL", "pt_BR.UTF-8")]);
        assert_eq!(Language::detect(Some("en"), env), Language::English);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let env = environment(&[("LC_ALL", "C"), ("LC_MESSAGES", "pt_BR"), ("LANG", "pt_BR")]);
        assert_eq!(Language::detect(None, env), Language::English);
        let env = environment(&[("LC_ALL", ""), ("LC_MESSAGES", "pt_BR"), ("LANG", "C")]);
        assert_eq!(Language::detect(None, env), Language::BrazilianPortuguese);
        let env = environment(&[("LANG", "pt_BR.UTF-8")]);
        assert_eq!(Language::detect(None, env), Language::BrazilianPortuguese);
        let env = environment(&[("LC_MESSAGES", "")]);
        assert_eq!(Language::detect(None, env), Language::English);
        let env = environment(&[("LANG", "pt_BR.UTF-8")]);
        assert_eq!(
            Language::detect(Some("  "), env),
            Language::BrazilianPortuguese
        );
    }

    #[test]
    fn thread_language_overrides_process() {
        set_thread_language(Language::BrazilianPortuguese);
        assert_eq!(current(), Language::BrazilianPortuguese);
        assert_eq!(t!("tab-library"), "Biblioteca");
        set_thread_language(Language::English);
        assert_eq!(t!("tab-library"), "Library");
    }

    #[test]
    fn missing_id_falls_back_to_the_id() {
        set_thread_language(Language::BrazilianPortuguese);
        assert_eq!(message("no-such-message-id", None), "no-such-message-id");
    }

    #[test]
    fn numbers_in_messages_follow_the_language() {
        set_thread_language(Language::BrazilianPortuguese);
        assert_eq!(t!("library-count", count = 1742), "1.742 livros");
        assert_eq!(t!("library-count", count = 1), "1 livro");
        set_thread_language(Language::English);
        assert_eq!(t!("library-count", count = 1742), "1,742 books");
        assert_eq!(t!("library-count", count = 1), "1 book");
    }
}
