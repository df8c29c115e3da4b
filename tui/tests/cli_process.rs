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
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("Error: "), "{stderr}");
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

/// Runs the binary on an embedded server whose folders live under `home`.
fn estante(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(BINARY)
        .args(args)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("ESTANTE_DATA_DIR", home.join("data"))
        .env("ESTANTE_CONFIG_DIR", home.join("config"))
        .env("COLUMNS", "70")
        .output()
        .unwrap()
}

#[test]
fn table_output_escapes_hostile_titles() {
    let home = tempfile::tempdir().unwrap();
    let hostile = "Clear\x1b[2J\x1b]0;owned\x07 screen\nRow two \u{202e}desrever";
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
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    assert!(!stdout.contains('\x07'), "{stdout:?}");
    assert!(!stdout.contains('\u{202e}'), "{stdout:?}");
    assert!(stdout.contains("\\u{1b}"), "{stdout}");
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
    assert!(stdout.contains("content_type"), "{stdout}");

    let text = home.path().join("notes.txt");
    std::fs::write(&text, "not an image").unwrap();
    let path = text.display().to_string();
    let rejected = estante(home.path(), &["books", "cover", &id, "--file", &path]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not a JPEG or PNG image"), "{stderr}");

    let missing = estante(home.path(), &["books", "cover", "999", "--file", jpeg]);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("book 999"), "{stderr}");
}
