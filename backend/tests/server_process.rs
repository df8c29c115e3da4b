//! The real `estante-server` binary: its log never contains the passwords and tokens
//! it handles, even at the most verbose level, and it stops cleanly on SIGTERM.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const SERVER: &str = env!("CARGO_BIN_EXE_estante-server");

/// Polls `/readyz`: the server listens before its migrations finish and returns 503
/// until they have.
async fn wait_until_ready(http: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        let ready = http.get(format!("{base}/readyz")).send().await;
        if ready.is_ok_and(|response| response.status() == 200) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{base} did not become ready within 10 s");
}

#[tokio::test]
async fn secrets_stay_out_of_log() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("estante.db").display());
    let password = "correct-horse-battery-staple";

    let mut add = Command::new(SERVER)
        .args([
            "--database",
            &database,
            "user",
            "add",
            "ana",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{password}").unwrap();
    let added = add.wait_with_output().unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let token = String::from_utf8(added.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("est_"));

    let mut server = Command::new(SERVER)
        .args(["--database", &database, "serve", "--listen", "127.0.0.1:0"])
        .arg("--blob-store")
        .arg(dir.path().join("blobs"))
        .env("RUST_LOG", "trace")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(server.stderr.take().unwrap());
    let mut captured = String::new();
    let address = loop {
        let mut line = String::new();
        assert!(
            log.read_line(&mut line).unwrap() > 0,
            "server exited: {captured}"
        );
        captured.push_str(&line);
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let base = format!("http://{address}");
    let http = reqwest::Client::new();
    wait_until_ready(&http, &base).await;

    let books = http
        .get(format!("{base}/api/v1/books"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(books.status(), 200);
    let login = http
        .post(format!("{base}/api/v1/tokens"))
        .json(&serde_json::json!({"name": "ana", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 201);
    let issued: serde_json::Value = login.json().await.unwrap();
    let issued = issued["token"].as_str().unwrap().to_string();
    let wrong = http
        .post(format!("{base}/api/v1/tokens"))
        .json(&serde_json::json!({"name": "ana", "password": format!("{password}-wrong")}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    server.kill().unwrap();
    server.wait().unwrap();
    let rest: Vec<String> = log.lines().map_while(Result::ok).collect();
    captured.push_str(&rest.join("\n"));

    assert!(
        captured.contains("/api/v1/tokens"),
        "the log has the requests: {captured}"
    );
    assert!(!captured.contains(password), "password in log");
    assert!(!captured.contains(&token), "token in log");
    assert!(!captured.contains(&issued), "issued token in log");
    assert!(!captured.contains(&token[4..20]), "part of a token in log");
}

/// Starts `estante-server serve` on a SQLite file in `dir`, logging at info, and
/// reads its log up to the line that reports the listening address. Returns the process, the rest
/// of its log and that line.
fn serve_sqlite(
    dir: &std::path::Path,
) -> (
    std::process::Child,
    BufReader<std::process::ChildStderr>,
    String,
) {
    let database = format!("sqlite://{}", dir.join("estante.db").display());
    let mut server = Command::new(SERVER)
        .args(["--database", &database, "serve", "--listen", "127.0.0.1:0"])
        .arg("--blob-store")
        .arg(dir.join("blobs"))
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("server listening") {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "server exited early");
    }
    (server, log, line)
}

#[test]
fn sigterm_stops_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, log, _) = serve_sqlite(dir.path());

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();

    assert!(killed.success());
    assert!(status.success(), "exit status {status:?}");
    let rest: String = log
        .lines()
        .map_while(Result::ok)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(rest.contains("SIGTERM received"), "{rest}");
    assert!(rest.contains("server stopped"), "{rest}");
    assert!(
        !rest.contains('\u{1b}'),
        "no colour codes when stderr is not a terminal"
    );
}

/// The first SIGTERM waits for open connections, up to the grace period. A second one
/// ends the process at once, with a failing status because the stop was not clean.
#[test]
fn second_sigterm_exits_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, mut log, mut line) = serve_sqlite(dir.path());
    let address = line
        .split_whitespace()
        .find_map(|word| word.strip_prefix("address=").or(word.strip_prefix("addr=")))
        .map(|address| address.trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    // Half a request keeps the server stopping for the whole grace period, 125 s.
    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\n")
        .unwrap();
    let mut probe = std::net::TcpStream::connect(&address).unwrap();
    probe
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: estante\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut probe, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let term = || {
        let killed = Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    };
    term();
    while !line.contains("SIGTERM received") {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "server exited early");
    }
    let second = std::time::Instant::now();
    term();
    let status = server.wait().unwrap();

    assert!(
        second.elapsed() < std::time::Duration::from_secs(10),
        "the server took {:?} to exit after the second SIGTERM",
        second.elapsed()
    );
    assert_eq!(status.code(), Some(1), "exit status {status:?}");
    let rest: String = log
        .lines()
        .map_while(Result::ok)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(rest.contains("second signal received"), "{rest}");
    drop(slow);
}

/// `backup` with a newer build upgraded the live SQLite library before copying it,
/// so neither the library nor the backup opened in the older build any more. A
/// migration still pending stays pending in both, and a restore applies it.
#[tokio::test]
async fn sqlite_backup_leaves_the_schema_alone() {
    use sqlx::Connection as _;

    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("estante.db").display());
    let run = |args: &[&str]| {
        let output = Command::new(SERVER)
            .args(["--database", &database])
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    run(&["migrate"]);
    let applied = |url: String| async move {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let versions: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        versions.len()
    };
    let all = applied(database.clone()).await;
    // The newest migration is made pending again, as in a library of an older build.
    {
        let mut conn = sqlx::SqliteConnection::connect(&database).await.unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(&mut conn)
            .await
            .unwrap();
    }

    let backups = dir.path().join("backups");
    let key = run(&["backup", "--to", backups.to_str().unwrap()]);

    assert_eq!(
        applied(database.clone()).await,
        all - 1,
        "the library was migrated"
    );
    let copy = format!("sqlite://{}", backups.join(key.trim()).display());
    assert_eq!(applied(copy).await, all - 1, "the backup was migrated");

    // A backup copies password and token hashes. Into a folder that existed, it was
    // written readable by every local user.
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(backups.join(key.trim()))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    let key = run(&["backup", "--to", shared.to_str().unwrap()]);
    let mode = std::fs::metadata(shared.join(key.trim()))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// `user add` took names that look like another user's: `ana` with a zero-width
/// space or a soft hyphen, a bidirectional override, and `Straße` beside
/// `STRASSE`, which lower case alone keeps apart.
#[test]
fn user_add_refuses_look_alike_names() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("estante.db").display());
    let add = |name: &str| {
        Command::new(SERVER)
            .args(["--database", &database, "user", "add", name])
            .output()
            .unwrap()
    };

    assert!(add("ana").status.success());
    assert!(add("STRASSE").status.success());
    for name in ["ana\u{200b}", "ana\u{ad}", "a\u{202e}b", "Straße"] {
        let output = add(name);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name:?} was created");
        assert!(
            stderr.contains("invisible") || stderr.contains("differs from the existing user"),
            "{name:?}: {stderr}"
        );
    }
}

/// A migration against a PostgreSQL that refuses connections reported only that the
/// pool timed out, with no word of why. It now tries one connection for the cause.
#[test]
fn unreachable_database_names_the_cause() {
    // Port 1 on loopback refuses connections.
    let output = Command::new(SERVER)
        .args(["--database", "postgres://nobody@127.0.0.1:1/x", "migrate"])
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert_eq!(stderr.matches("pool timed out").count(), 1, "{stderr}");
}
