//! The `estante` binary run as a process: exit codes and what reaches the terminal
//! on errors and closed pipes.

#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_estante");

#[test]
fn user_error_prints_no_backtrace() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "not = [valid toml").unwrap();

    let output = Command::new(BINARY)
        .args(["books", "list"])
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("ESTANTE_DATA_DIR", home.path().join("data"))
        .env("ESTANTE_CONFIG_DIR", &config)
        .env("RUST_BACKTRACE", "1")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn completions_into_closed_pipe_succeed() {
    let mut child = Command::new(BINARY)
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the read end before the script is written makes every write fail
    // with a broken pipe, as `| head -3` does once it has its lines.
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();

    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// JSON output reports a closed pipe inside a `serde_json::Error`, not an
/// `io::Error`, and `estante import FILE --output json | head` must still exit 0
/// without an error message.
#[test]
fn json_import_into_closed_pipe_succeeds() {
    let home = tempfile::tempdir().unwrap();
    let mut file = String::from("Book Id,Title,Author,Date Added,Exclusive Shelf\n");
    // Enough rows that the report overflows the standard output buffer.
    for number in 1..=100 {
        file.push_str(&format!(
            "{number},Pipe Book {number},Author {number},2024/01/05,to-read\n"
        ));
    }
    let path = home.path().join("goodreads_library_export.csv");
    std::fs::write(&path, file).unwrap();

    let mut child = Command::new(BINARY)
        .args(["import", path.to_str().unwrap(), "--output", "json"])
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("ESTANTE_DATA_DIR", home.path().join("data"))
        .env("ESTANTE_CONFIG_DIR", home.path().join("config"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();

    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs the binary on an embedded server whose folders live under `home`, in
/// English: the `C` locale, whatever the developer's own locale variables contain.
fn estante(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    estante_in(home, "C", args)
}

/// Runs the binary as [`estante`] does, with `LANG` set to `lang` and `LC_ALL` and
/// `LC_MESSAGES` unset, so `LANG` alone picks the language.
fn estante_in(home: &std::path::Path, lang: &str, args: &[&str]) -> std::process::Output {
    Command::new(BINARY)
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("ESTANTE_DATA_DIR", home.join("data"))
        .env("ESTANTE_CONFIG_DIR", home.join("config"))
        .env("COLUMNS", "70")
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

/// A title with terminal escapes is refused by name, and one with a bidirectional
/// override, which a line may hold, is escaped in tables and kept whole in JSON.
#[test]
fn table_output_escapes_hostile_titles() {
    let home = tempfile::tempdir().unwrap();
    let escapes = "Clear\x1b[2J\x1b]0;owned\x07 screen\nRow two";
    let refused = estante(
        home.path(),
        &["books", "add", "--title", escapes, "--author", "Mallory"],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("U+001B at character 6"), "{stderr}");

    let hostile = "Clear screen \u{202e}desrever";
    let long = format!("A {} title", "very ".repeat(30));
    for title in [hostile, long.as_str()] {
        let added = estante(
            home.path(),
            &["books", "add", "--title", title, "--author", "Mallory"],
        );
        let stderr = String::from_utf8_lossy(&added.stderr);
        assert!(added.status.success(), "{stderr}");
    }

    let listed = estante(home.path(), &["books", "list", "--output", "table"]);
    let stdout = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(!stdout.contains('\u{202e}'), "{stdout:?}");
    assert!(stdout.contains("\\u{202e}"), "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        3,
        "one header and two rows:\n{stdout}"
    );
    for line in stdout.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= 70, "{width} columns: {line}");
    }
    assert!(
        stdout.contains('…'),
        "the long title must be cut:\n{stdout}"
    );

    let json = estante(home.path(), &["books", "list", "--output", "json"]);
    let books: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let titles: Vec<&str> = books
        .as_array()
        .unwrap()
        .iter()
        .map(|book| book["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&hostile),
        "JSON keeps the title whole: {titles:?}"
    );
}

#[test]
fn books_status_accepts_aliases() {
    let home = tempfile::tempdir().unwrap();
    let added = estante(
        home.path(),
        &["books", "add", "--title", "Kindred", "--output", "json"],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let id = book["id"].to_string();

    for (alias, expected) in [
        ("DNF", "did_not_finish"),
        ("to-read", "want_to_read"),
        ("Finished", "read"),
        ("did-not-finish", "did_not_finish"),
    ] {
        let output = estante(
            home.path(),
            &["books", "status", &id, alias, "--output", "json"],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{alias}: {stderr}");
        let book: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(book["entry"]["status"], expected, "{alias}");
    }

    let table = estante(home.path(), &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&table.stdout);
    assert!(stdout.contains("did not finish"), "{stdout}");

    let rejected = estante(home.path(), &["books", "status", &id, "dnff"]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("\"dnff\" is not a reading status"),
        "{stderr}"
    );
    assert!(stderr.contains("did_not_finish"), "{stderr}");
}

#[test]
fn empty_search_and_missing_book_rejected() {
    let home = tempfile::tempdir().unwrap();

    let empty = estante(home.path(), &["books", "search", "  "]);
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert_eq!(empty.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the search text is empty"), "{stderr}");
    assert!(empty.stdout.is_empty());

    let nothing = estante(home.path(), &["books", "search", "zanzibar"]);
    let stderr = String::from_utf8_lossy(&nothing.stderr);
    assert!(nothing.status.success(), "{stderr}");
    assert_eq!(stderr.trim(), "No books match.");
    assert!(nothing.stdout.is_empty(), "no header without rows");

    // An empty library with no filter printed "No books match" too, which gave a new
    // reader no hint of how to fill it.
    let empty = estante(home.path(), &["books", "list"]);
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert!(empty.status.success(), "{stderr}");
    assert!(stderr.starts_with("The library is empty."), "{stderr}");
    assert!(stderr.contains("estante import FILE"), "{stderr}");

    let missing = estante(home.path(), &["books", "rate", "999", "4"]);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("failed to update book 999"), "{stderr}");
    assert!(stderr.contains("not found"), "{stderr}");
}

#[test]
fn broken_data_folder_worded_once() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("data").join("estante.db"), [7u8; 4096]).unwrap();

    let corrupt = estante_in(home.path(), "pt_BR.UTF-8", &["books", "list"]);
    let stderr = String::from_utf8_lossy(&corrupt.stderr);
    assert_eq!(corrupt.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("não é um banco de dados do estante"),
        "{stderr}"
    );
    assert!(!stderr.contains("file is not a database"), "{stderr}");

    let file = home.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let blocked = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &["--data-dir", file.to_str().unwrap(), "books", "list"],
    );
    let stderr = String::from_utf8_lossy(&blocked.stderr);
    assert_eq!(blocked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("não é uma pasta"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
    assert_eq!(stderr.matches("pasta").count(), 2, "{stderr}");
}

#[test]
fn sort_keys_accept_portuguese() {
    let home = tempfile::tempdir().unwrap();

    for key in ["nota", "Avaliação", "titulo", "rating", "autores"] {
        let listed = estante_in(
            home.path(),
            "pt_BR.UTF-8",
            &["books", "list", "--sort", key],
        );
        let stderr = String::from_utf8_lossy(&listed.stderr);
        assert!(listed.status.success(), "{key}: {stderr}");
    }

    let rejected = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &["books", "list", "--sort", "cor"],
    );
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("use título, autor"), "{stderr}");
}

/// Adds a rated, finished book and returns its id, for the language tests.
fn add_rated_book(home: &std::path::Path) -> String {
    let added = estante_in(
        home,
        "C",
        &[
            "books",
            "add",
            "--title",
            "Dom Casmurro",
            "--author",
            "Machado de Assis",
            "--pages",
            "1234",
            "--status",
            "read",
            "--rating",
            "4.25",
            "--output",
            "json",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    book["id"].to_string()
}

/// Numbers as people type them: a decimal comma in a rating, a year before the
/// common era, and a negative limit that must get a range message, not "unexpected
/// argument".
#[test]
fn numeric_options_accept_comma_and_negatives() {
    let home = tempfile::tempdir().unwrap();
    let id = add_rated_book(home.path());

    let rated = estante_in(home.path(), "pt_BR.UTF-8", &["books", "rate", &id, "3,75"]);
    assert!(
        rated.status.success(),
        "{}",
        String::from_utf8_lossy(&rated.stderr)
    );
    let shown = estante(home.path(), &["books", "show", &id, "--output", "json"]);
    let book: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(book["entry"]["rating"], 3.75, "{book}");

    let added = estante(
        home.path(),
        &[
            "books", "add", "--title", "Anabasis", "--year", "-370", "--rating", "4,5", "--output",
            "json",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    assert_eq!(book["published_year"], -370, "{book}");
    assert_eq!(book["entry"]["rating"], 4.5, "{book}");

    // Pages typed with the Portuguese thousands dot, and a rating error with a comma.
    let long = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &[
            "books",
            "add",
            "--title",
            "Os Sertões",
            "--pages",
            "1.234",
            "--output",
            "json",
        ],
    );
    assert!(
        long.status.success(),
        "{}",
        String::from_utf8_lossy(&long.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&long.stdout).unwrap();
    assert_eq!(book["pages"], 1234, "{book}");
    let long_id = book["id"].as_i64().unwrap().to_string();
    let shown = estante_in(home.path(), "pt_BR.UTF-8", &["books", "show", &long_id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(stdout.contains("1.234"), "{stdout}");
    let off_grid = estante_in(home.path(), "pt_BR.UTF-8", &["books", "rate", &id, "4,3"]);
    let stderr = String::from_utf8_lossy(&off_grid.stderr);
    assert_eq!(off_grid.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a nota 4,3 não é múltiplo"), "{stderr}");

    let limit = estante(home.path(), &["books", "list", "--limit", "-1"]);
    let stderr = String::from_utf8_lossy(&limit.stderr);
    assert_eq!(limit.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert!(
        stderr.contains("-1 is not a valid value for --limit"),
        "{stderr}"
    );
    assert!(stderr.contains("must be 1 or more"), "{stderr}");

    let empty = estante(home.path(), &["export", "--format", "goodreads", "-o", ""]);
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert_eq!(empty.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--out <FILE> was given an empty value"),
        "{stderr}"
    );

    let below = estante(home.path(), &["books", "rate", &id, "-1"]);
    let stderr = String::from_utf8_lossy(&below.stderr);
    assert_eq!(below.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert!(stderr.contains("-1 stars"), "{stderr}");

    let words = estante(home.path(), &["books", "rate", &id, "four"]);
    let stderr = String::from_utf8_lossy(&words.stderr);
    assert_eq!(words.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a number of stars"), "{stderr}");

    // Twenty digits were called "not a whole number".
    let huge = estante(home.path(), &["books", "rate", "99999999999999999999", "3"]);
    let stderr = String::from_utf8_lossy(&huge.stderr);
    assert_eq!(huge.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the number is too large"), "{stderr}");
}

/// `books show` in table form prints every field a person set, such as the series,
/// publisher and review, and leaves out the fields that are not set.
#[test]
fn book_show_table_prints_set_fields() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("goodreads_library_export.csv");
    std::fs::write(
        &file,
        "Book Id,Title,Author,Additional Authors,ISBN,ISBN13,My Rating,Publisher,Binding,\
         Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,\
         Bookshelves,Exclusive Shelf,My Review,Read Count\n\
         1,\"Salt Roads (The Tidewater Saga, #2)\",Owen Achterberg,,,,4,Fernhill Press,\
         Paperback,288,2019,-450,2024/02/11,2023/12/30,,read,\"Slow start.<br/>Worth it.\",2\n",
    )
    .unwrap();
    let imported = estante(home.path(), &["import", file.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let listed = estante(home.path(), &["books", "list", "--output", "json"]);
    let books: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let id = books[0]["id"].to_string();

    let shown = estante(home.path(), &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(stdout.contains("The Tidewater Saga #2"), "{stdout}");
    assert!(stdout.contains("Fernhill Press"), "{stdout}");
    assert!(stdout.contains("Paperback"), "{stdout}");
    assert!(stdout.contains("-450"), "{stdout}");
    assert!(stdout.contains("2019"), "{stdout}");
    assert!(stdout.contains("Review:"), "{stdout}");
    assert!(stdout.contains("  Slow start.\n  Worth it."), "{stdout}");
    // Read Count 2 with one date: one finished read and one undated past read.
    assert!(stdout.contains("finished 2024-02-11"), "{stdout}");
    assert!(stdout.contains("no dates"), "{stdout}");
    assert!(
        !stdout.contains("subtitle"),
        "unset fields stay out:\n{stdout}"
    );

    let portuguese = estante_in(home.path(), "pt_BR.UTF-8", &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&portuguese.stdout);
    assert!(stdout.contains("editora"), "{stdout}");
    assert!(stdout.contains("Resenha:"), "{stdout}");
}

#[test]
fn lang_pt_br_prints_portuguese() {
    let home = tempfile::tempdir().unwrap();
    let id = add_rated_book(home.path());

    let shown = estante_in(home.path(), "pt_BR.UTF-8", &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(stdout.starts_with("CAMPO"), "{stdout}");
    assert!(stdout.contains("título"), "{stdout}");
    assert!(stdout.contains("lido"), "{stdout}");
    assert!(stdout.contains("4,25"), "{stdout}");

    let listed = estante_in(home.path(), "pt_BR.UTF-8", &["books", "list"]);
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.starts_with("ID"), "{stdout}");
    assert!(stdout.contains("TÍTULO"), "{stdout}");
    assert!(stdout.contains("AUTORES"), "{stdout}");

    // A Portuguese status name works in every language, and errors are in Portuguese.
    let status = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &["books", "status", &id, "abandonado"],
    );
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let rejected = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &["books", "status", &id, "dnff"],
    );
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("erro: "), "{stderr}");
    assert!(
        stderr.contains("não é um status de leitura; use quero ler, lendo, lido"),
        "{stderr}"
    );
}

#[test]
fn lang_c_prints_english() {
    let home = tempfile::tempdir().unwrap();
    let id = add_rated_book(home.path());

    let shown = estante_in(home.path(), "C", &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(stdout.starts_with("FIELD"), "{stdout}");
    assert!(stdout.contains("title"), "{stdout}");
    assert!(stdout.contains("4.25"), "{stdout}");

    let rejected = estante_in(home.path(), "C", &["books", "status", &id, "dnff"]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("is not a reading status"), "{stderr}");
}

/// The `language` key of config.toml wins over LANG.
#[test]
fn language_setting_wins_over_lang() {
    let home = tempfile::tempdir().unwrap();
    let id = add_rated_book(home.path());
    std::fs::write(
        home.path().join("config").join("config.toml"),
        "language = \"pt-BR\"\n",
    )
    .unwrap();
    let shown = estante_in(home.path(), "en_US.UTF-8", &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(stdout.starts_with("CAMPO"), "{stdout}");

    std::fs::write(
        home.path().join("config").join("config.toml"),
        "language = \"en\"\n",
    )
    .unwrap();
    let shown = estante_in(home.path(), "pt_BR.UTF-8", &["books", "show", &id]);
    let stdout = String::from_utf8_lossy(&shown.stdout);
    assert!(stdout.starts_with("FIELD"), "{stdout}");

    // A language the app lacks is named, in the language of LANG, not taken as English.
    std::fs::write(
        home.path().join("config").join("config.toml"),
        "language = \"xx\"\n",
    )
    .unwrap();
    let refused = estante_in(home.path(), "pt_BR.UTF-8", &["books", "show", &id]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("language = \"xx\" não é um idioma do estante"),
        "{stderr}"
    );
}

#[test]
fn books_cover_uploads_and_rejects() {
    let home = tempfile::tempdir().unwrap();
    let added = estante(
        home.path(),
        &["books", "add", "--title", "Kindred", "--output", "json"],
    );
    assert!(added.status.success(), "{added:?}");
    let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let id = book["id"].as_i64().unwrap().to_string();

    let jpeg = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cover.jpg");
    let table = estante(home.path(), &["books", "cover", &id, "--file", jpeg]);
    let stdout = String::from_utf8_lossy(&table.stdout);
    assert!(table.status.success(), "{table:?}");
    assert!(stdout.contains("image/jpeg"), "{stdout}");
    assert!(stdout.contains("type"), "{stdout}");
    assert!(stdout.contains("bytes"), "{stdout}");

    let text = home.path().join("notes.txt");
    std::fs::write(&text, "not an image").unwrap();
    let path = text.display().to_string();
    let rejected = estante(home.path(), &["books", "cover", &id, "--file", &path]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not a JPEG or PNG image"), "{stderr}");

    // A real PNG cut to a third starts like a good one; it must not replace the cover.
    let png = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cover.png");
    let whole = std::fs::read(png).unwrap();
    let cut = home.path().join("cut.png");
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    let path = cut.display().to_string();
    let damaged = estante(home.path(), &["books", "cover", &id, "--file", &path]);
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert_eq!(damaged.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cut.png is damaged or cut short"),
        "{stderr}"
    );

    // A JPEG decoder fills a cut scan with grey, so a cut JPEG needs its own check.
    let whole = std::fs::read(jpeg).unwrap();
    let cut = home.path().join("cut.jpg");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let path = cut.display().to_string();
    let damaged = estante(home.path(), &["books", "cover", &id, "--file", &path]);
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert_eq!(damaged.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("before its end-of-image marker"),
        "{stderr}"
    );

    // One byte over the server's limit: the message names the sizes, not a broken pipe.
    let big = home.path().join("big.png");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.resize(2 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, png).unwrap();
    let path = big.display().to_string();
    let too_large = estante(home.path(), &["books", "cover", &id, "--file", &path]);
    let stderr = String::from_utf8_lossy(&too_large.stderr);
    assert_eq!(too_large.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2,097,153 bytes"), "{stderr}");
    assert!(stderr.contains("at most 2,097,152 bytes"), "{stderr}");

    let missing = estante(home.path(), &["books", "cover", "999", "--file", jpeg]);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("book 999"), "{stderr}");
}

/// Positional arguments were listed alphabetically under the localized heading,
/// so `books merge` showed FROM before ID, against its usage line.
#[test]
fn help_lists_arguments_in_usage_order() {
    let home = tempfile::tempdir().unwrap();

    let merge = estante(home.path(), &["books", "merge", "--help"]);

    let stdout = String::from_utf8_lossy(&merge.stdout);
    assert!(stdout.contains("<ID> <FROM>"), "{stdout}");
    let id = stdout.find("  <ID>").unwrap();
    let from = stdout.find("  <FROM>").unwrap();
    assert!(id < from, "{stdout}");
}

#[test]
fn help_follows_the_language() {
    let home = tempfile::tempdir().unwrap();

    let portuguese = estante_in(home.path(), "pt_BR.UTF-8", &["books", "list", "--help"]);
    let stdout = String::from_utf8_lossy(&portuguese.stdout);
    assert!(portuguese.status.success(), "{portuguese:?}");
    assert!(
        stdout.contains("Uso: estante books list [OPÇÕES]"),
        "{stdout}"
    );
    assert!(stdout.contains("Lista os livros"), "{stdout}");
    assert!(stdout.contains("--sort <CHAVE>"), "{stdout}");
    assert!(stdout.contains("[padrão: title]"), "{stdout}");
    assert!(
        stdout.contains("[valores possíveis: table, json]"),
        "{stdout}"
    );
    assert!(stdout.contains("Opções globais:"), "{stdout}");
    for english in ["Usage:", "Options:", "Print help", "[default:"] {
        assert!(!stdout.contains(english), "{english} in {stdout}");
    }

    let english = estante(home.path(), &["books", "list", "--help"]);
    let stdout = String::from_utf8_lossy(&english.stdout);
    assert!(
        stdout.contains("Usage: estante books list [OPTIONS]"),
        "{stdout}"
    );
    assert!(stdout.contains("--sort <KEY>"), "{stdout}");
    assert!(stdout.contains("Global options:"), "{stdout}");

    // The setting in config.toml wins over LANG for the help, as for the rest.
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config").join("config.toml"),
        "language = \"pt-BR\"\n",
    )
    .unwrap();
    let set = estante(home.path(), &["stats", "--help"]);
    let stdout = String::from_utf8_lossy(&set.stdout);
    assert!(stdout.contains("Estatísticas de leitura"), "{stdout}");
}

#[test]
fn man_page_follows_the_language() {
    let home = tempfile::tempdir().unwrap();

    let portuguese = estante_in(home.path(), "pt_BR.UTF-8", &["man"]);
    let page = String::from_utf8_lossy(&portuguese.stdout);
    assert!(portuguese.status.success(), "{portuguese:?}");
    let headings = [
        ".SH NOME",
        ".SH SINOPSE",
        ".SH DESCRIÇÃO",
        ".SH OPÇÕES",
        ".SH COMANDOS",
        ".SH VERSÃO",
    ];
    for heading in headings {
        assert!(page.contains(heading), "{heading} missing from {page}");
    }
    for english in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(
            !page.contains(&format!(".SH {english}")),
            "{english} in {page}"
        );
    }

    let english = estante(home.path(), &["man"]);
    let page = String::from_utf8_lossy(&english.stdout);
    assert!(page.contains(".SH NAME"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"), "{page}");
    assert!(page.contains(".SH COMMANDS"), "{page}");
}

#[test]
fn usage_errors_follow_the_language() {
    let home = tempfile::tempdir().unwrap();

    let wrong = estante_in(home.path(), "pt_BR.UTF-8", &["books", "rate", "1", "abc"]);
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("erro: abc não é um valor válido para <ESTRELAS>: não é um número"),
        "{stderr}"
    );
    assert!(stderr.contains("Uso: estante books rate"), "{stderr}");

    let typo = estante_in(home.path(), "pt_BR.UTF-8", &["books", "lst"]);
    let stderr = String::from_utf8_lossy(&typo.stderr);
    assert_eq!(typo.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("subcomando desconhecido lst"), "{stderr}");
    assert!(stderr.contains("você quis dizer list?"), "{stderr}");

    let english = estante(home.path(), &["ops", "snapshots", "--max-age", "3x"]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert_eq!(english.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("3x is not an age: give a number with m, h or d"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage: estante ops snapshots"), "{stderr}");
}

#[test]
fn file_errors_follow_the_language() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("missing.csv").display().to_string();

    let portuguese = estante_in(home.path(), "pt_BR.UTF-8", &["import", &missing]);
    let stderr = String::from_utf8_lossy(&portuguese.stderr);
    assert_eq!(portuguese.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("arquivo ou pasta inexistente"), "{stderr}");
    assert!(!stderr.contains("No such file"), "{stderr}");

    let english = estante(home.path(), &["import", &missing]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(stderr.contains("no such file or folder"), "{stderr}");
}

#[test]
fn rating_errors_follow_the_language() {
    let home = tempfile::tempdir().unwrap();

    let out_of_range = estante_in(home.path(), "pt_BR.UTF-8", &["books", "rate", "1", "7"]);
    let stderr = String::from_utf8_lossy(&out_of_range.stderr);
    assert_eq!(out_of_range.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("a nota 7 não está entre 0,25 e 5 estrelas"),
        "{stderr}"
    );

    let english = estante(home.path(), &["books", "rate", "1", "7"]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(
        stderr.contains("7 stars is not between 0.25 and 5"),
        "{stderr}"
    );
}

#[test]
fn server_errors_name_the_address() {
    let home = tempfile::tempdir().unwrap();

    let not_url = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &["--server", "nota-url", "--token", "abc", "books", "list"],
    );
    let stderr = String::from_utf8_lossy(&not_url.stderr);
    assert_eq!(not_url.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("\"nota-url\" não é um endereço de servidor"),
        "{stderr}"
    );

    // Port 9 on loopback has no listener.
    let refused = estante_in(
        home.path(),
        "pt_BR.UTF-8",
        &[
            "--server",
            "http://127.0.0.1:9",
            "--token",
            "abc",
            "books",
            "list",
        ],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("conexão recusada"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn server_given_as_its_api_url() {
    let home = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let paths = estante::paths::Paths::under(&home.path().join("server"));
    let server = runtime
        .block_on(estante::embedded::EmbeddedServer::start(&paths))
        .unwrap();
    let api = format!("{}/api/v1/", server.base_url);
    let remote = |args: &[&str]| {
        let mut all = vec!["--server", api.as_str(), "--token", server.token.as_str()];
        all.extend_from_slice(args);
        estante(home.path(), &all)
    };

    let added = remote(&["books", "add", "--title", "Kindred"]);
    let stderr = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{stderr}");
    let listed = remote(&["books", "list"]);
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(stdout.contains("Kindred"), "{stdout}");

    runtime.block_on(server.stop());
}

#[test]
fn export_creates_missing_folders() {
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("new").join("folder").join("library.csv");
    let path = target.display().to_string();

    let exported = estante(
        home.path(),
        &["export", "--format", "goodreads", "-o", &path],
    );

    assert!(exported.status.success(), "{exported:?}");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("Book Id,Title,"), "{text}");
}

/// A usage error with standard error closed, as `2>&1 | head -1` leaves it, exited
/// with 101, a panic's status, because printing the message failed. It exits with
/// 2, as any usage error does.
#[test]
fn usage_error_with_closed_stderr_exits_two() {
    let home = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);

    let status = Command::new(BINARY)
        .args(["books", "show", "not-a-number"])
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("ESTANTE_DATA_DIR", home.path().join("data"))
        .env("ESTANTE_CONFIG_DIR", home.path().join("config"))
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();

    assert_eq!(status.code(), Some(2));
}

/// `-o -` wrote a file called `-`; it means standard output, as for other tools.
#[test]
fn export_to_dash_writes_standard_output() {
    let home = tempfile::tempdir().unwrap();

    let exported = estante(home.path(), &["export", "--format", "goodreads", "-o", "-"]);

    assert!(exported.status.success(), "{exported:?}");
    let text = String::from_utf8(exported.stdout).unwrap();
    assert!(text.starts_with("Book Id,Title,"), "{text}");
    assert!(
        !home.path().join("-").exists(),
        "a file called - was written"
    );
}

#[test]
fn export_into_folder_keeps_earlier_file() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("exports");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.display().to_string();
    let export = || {
        estante(
            home.path(),
            &[
                "export",
                "--format",
                "goodreads",
                "-o",
                &path,
                "--output",
                "json",
            ],
        )
    };

    let first = export();
    assert!(first.status.success(), "{first:?}");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let written = std::path::PathBuf::from(report["path"].as_str().unwrap());
    assert_eq!(written.parent(), Some(folder.as_path()));
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.starts_with("Book Id,Title,"), "{text}");

    let second = export();
    assert!(second.status.success(), "{second:?}");
    let report: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let renamed = std::path::PathBuf::from(report["path"].as_str().unwrap());
    assert_ne!(
        renamed, written,
        "the second export must not replace the first"
    );
    assert!(written.exists());
    assert!(renamed.exists());

    // A trailing slash names a folder that does not exist yet.
    let missing = home.path().join("new").join("folder");
    let path = format!("{}/", missing.display());
    let created = estante(
        home.path(),
        &["export", "--format", "goodreads", "-o", &path],
    );
    assert!(created.status.success(), "{created:?}");
    let files: Vec<_> = std::fs::read_dir(&missing).unwrap().collect();
    assert_eq!(files.len(), 1, "one export inside {}", missing.display());

    // A file where a folder of the path should be was called "already exists".
    let blocked = format!("{}/inside.csv", written.display());
    let refused = estante(
        home.path(),
        &["export", "--format", "goodreads", "-o", &blocked],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a folder"), "{stderr}");
    assert!(!stderr.contains("already exists"), "{stderr}");
}

#[test]
fn config_errors_worded_once() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();

    std::fs::write(config.join("config.toml"), b"language = \"\xff\"\n").unwrap();
    let output = estante(home.path(), &["books", "list"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("not valid text").count(), 1, "{stderr}");

    std::fs::write(config.join("config.toml"), "server = \"\"\n").unwrap();
    let output = estante(home.path(), &["books", "list"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"\" is not a server address"), "{stderr}");
}

/// `books merge` joins a flagged duplicate into the book to keep, shows the copy's
/// values that the kept book had otherwise, and refuses a copy that is not there.
#[test]
fn books_merge_joins_copies() {
    let home = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    for pages in ["320", "352"] {
        let added = estante(
            home.path(),
            &[
                "books",
                "add",
                "--title",
                "Kindred",
                "--author",
                "Octavia E. Butler",
                "--pages",
                pages,
                "--output",
                "json",
            ],
        );
        let stderr = String::from_utf8_lossy(&added.stderr);
        assert!(added.status.success(), "{stderr}");
        let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
        ids.push(book["id"].to_string());
    }

    let merged = estante(home.path(), &["books", "merge", &ids[0], &ids[1]]);
    let stdout = String::from_utf8_lossy(&merged.stdout);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(
        stdout.contains("were not kept") && stdout.contains("352"),
        "{stdout}"
    );

    let listed = estante(home.path(), &["books", "list", "--output", "json"]);
    let books: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(books.as_array().map(Vec::len), Some(1), "{books}");

    let again = estante(home.path(), &["books", "merge", &ids[0], &ids[1]]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not in this library"), "{stderr}");
}

/// The command line could not delete a book; a script had to merge it into
/// another. `books delete` prompts on a terminal, rejects a run without one unless
/// --yes is given, and deletes with it.
#[test]
fn books_delete_asks_or_takes_yes() {
    let home = tempfile::tempdir().unwrap();
    let added = estante(
        home.path(),
        &["books", "add", "--title", "Kindred", "--output", "json"],
    );
    assert!(added.status.success());
    let book: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let id = book["id"].to_string();

    let unasked = estante(home.path(), &["books", "delete", &id]);
    let stderr = String::from_utf8_lossy(&unasked.stderr);
    assert_eq!(unasked.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pass --yes"), "{stderr}");
    let shown = estante(home.path(), &["books", "show", &id]);
    assert!(shown.status.success(), "the book is still there");

    let deleted = estante(home.path(), &["books", "delete", &id, "--yes"]);
    let stdout = String::from_utf8_lossy(&deleted.stdout);
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    assert!(
        stdout.contains("Deleted book") && stdout.contains("Kindred"),
        "{stdout}"
    );
    let gone = estante(home.path(), &["books", "show", &id]);
    assert_eq!(gone.status.code(), Some(1));
}

/// An empty list for a shelf or tag that does not exist names the ones there are:
/// "No books match" read as an empty shelf.
#[test]
fn missing_shelf_is_named() {
    let home = tempfile::tempdir().unwrap();
    let added = estante(home.path(), &["books", "add", "--title", "Kindred"]);
    assert!(added.status.success());
    // The log contains titles and errors, so only its owner may read it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let log = home.path().join("state/estante/estante.log");
        let mode = std::fs::metadata(&log).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let missing = estante(home.path(), &["books", "list", "--shelf", "owned"]);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("there is no shelf named “owned”; the shelves are: none yet"),
        "{stderr}"
    );
}
