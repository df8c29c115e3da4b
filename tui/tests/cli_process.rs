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
