//! End to end: the real binary in tmux, driven with send-keys and read with
//! capture-pane. Starts on an empty data folder, imports the Goodreads export when
//! ESTANTE_CORPUS_DIR is set (adds one book by hand otherwise), filters, opens a
//! book, rates it, quits, restarts and checks that the rating was kept. A second
//! test uploads a cover with `estante books cover` and finds its half-blocks in the
//! book view.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_estante");

/// A tmux server of its own (`-L`), so the test never touches the user's sessions.
struct Tmux {
    socket: String,
    root: PathBuf,
    /// Whether colour (and so half-block covers) is on; NO_COLOR is set otherwise.
    color: bool,
    /// The `LANG` of the app; `LC_ALL` and `LC_MESSAGES` are unset, so it alone
    /// picks the interface language.
    lang: &'static str,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn env(&self) -> Vec<(String, String)> {
        let dir = |name: &str| self.root.join(name).display().to_string();
        let mut env = vec![
            ("ESTANTE_DATA_DIR".into(), dir("data")),
            ("ESTANTE_CONFIG_DIR".into(), dir("config")),
            ("XDG_STATE_HOME".into(), dir("state")),
            ("XDG_CONFIG_HOME".into(), dir("xdg-config")),
            ("XDG_DATA_HOME".into(), dir("xdg-data")),
            ("TERM".into(), "xterm-256color".into()),
            ("LANG".into(), self.lang.into()),
        ];
        if !self.color {
            env.push(("NO_COLOR".into(), "1".into()));
        }
        env
    }

    fn start(&self) {
        let mut command = String::from("env -u LC_ALL -u LC_MESSAGES");
        for (name, value) in self.env() {
            command.push_str(&format!(" {name}='{value}'"));
        }
        command.push_str(&format!(" '{BINARY}'"));
        let output = self.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
            &command,
        ]);
        assert!(
            output.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Waits until the screen shows `needle`, or fails with the last screen.
    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {needle:?}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_for_exit(&self, timeout: Duration) {
        let start = Instant::now();
        while self.run(&["has-session", "-t", "e2e"]).status.success() {
            assert!(
                start.elapsed() < timeout,
                "estante did not exit; the screen was:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn cli(&self, args: &[&str]) -> Output {
        Command::new(BINARY)
            .args(args)
            .envs(self.env())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .expect("estante runs")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn corpus_file() -> Option<PathBuf> {
    let dir = std::env::var_os("ESTANTE_CORPUS_DIR")?;
    let file = Path::new(&dir).join("goodreads_library_export.csv");
    file.exists().then_some(file)
}

/// Reads the title of the first book in the library through the CLI.
fn first_title(tmux: &Tmux) -> String {
    let output = tmux.cli(&["books", "list", "--limit", "1", "--output", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let books: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    books[0]["title"].as_str().unwrap().to_string()
}

#[test]
fn rate_survives_restart() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("estante-e2e-{}", std::process::id()),
        root: root.path().to_path_buf(),
        color: false,
        lang: "C",
    };
    let long = Duration::from_secs(30);

    tmux.start();
    tmux.wait_for("Your library is empty", long);

    match corpus_file() {
        Some(file) => {
            tmux.keys(&["6"]);
            tmux.keys(&["i"]);
            tmux.text(&file.display().to_string());
            tmux.keys(&["Enter"]);
            tmux.wait_for("rejected", Duration::from_secs(120));
            tmux.keys(&["1"]);
        }
        None => {
            eprintln!(
                "NOTE: ESTANTE_CORPUS_DIR is not set; adding one book by hand instead of importing the Goodreads export"
            );
            tmux.keys(&["3"]);
            tmux.keys(&["j"]);
            tmux.keys(&["Enter"]);
            tmux.text("The Left Hand of Darkness");
            tmux.keys(&["Enter"]);
            tmux.keys(&["C-s"]);
            tmux.wait_for("Added", long);
            tmux.keys(&["Escape"]);
        }
    }
    let title = first_title(&tmux);
    let short: String = title.chars().take(20).collect();

    tmux.keys(&["1"]);
    tmux.keys(&["/"]);
    tmux.text(&short);
    tmux.keys(&["Enter"]);
    tmux.wait_for("shown", long);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Readings", long);
    tmux.keys(&["R"]);
    tmux.keys(&["C-u"]);
    tmux.text("4");
    tmux.keys(&["Enter"]);
    tmux.keys(&["+"]);
    let screen = tmux.wait_for("4.25", long);
    assert!(screen.contains("★★★★¼"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit(long);

    tmux.start();
    // The library count: "1 book" or "N books".
    tmux.wait_for(" book", long);
    tmux.keys(&["/"]);
    tmux.text(&short);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("★★★★¼", long);
    assert!(screen.contains(&short), "{screen}");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Readings", long);
    assert!(
        screen.contains("4.25"),
        "the rating was not kept:\n{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for_exit(long);

    let output = tmux.cli(&["books", "search", &short, "--output", "json"]);
    let books: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rated = books
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["title"] == title && b["rating"] == 4.25);
    assert!(rated, "{books}");
}

#[test]
fn cover_shows_as_half_blocks() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("estante-e2e-cover-{}", std::process::id()),
        root: root.path().to_path_buf(),
        color: true,
        lang: "C",
    };
    let long = Duration::from_secs(30);

    let output = tmux.cli(&[
        "books",
        "add",
        "--title",
        "The Dispossessed",
        "--output",
        "json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let id = book["id"].as_i64().unwrap().to_string();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cover.png");
    let fixture = fixture.display().to_string();
    let output = tmux.cli(&[
        "books", "cover", &id, "--file", &fixture, "--output", "json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let upload: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(upload["content_type"], "image/png", "{upload}");
    assert_eq!(upload["bytes"], std::fs::metadata(&fixture).unwrap().len());

    tmux.start();
    tmux.wait_for("The Dispossessed", long);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Readings", long);
    let start = Instant::now();
    let screen = loop {
        let screen = tmux.screen();
        if screen.chars().filter(|c| matches!(c, '▀' | '▄')).count() > 20 {
            break screen;
        }
        assert!(
            start.elapsed() < long,
            "no half-block cover; the screen was:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(screen.contains("The Dispossessed"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit(long);
}

/// With `LANG=pt_BR.UTF-8` the app opens in Brazilian Portuguese: tab names, the
/// empty library, a book added by hand and its Portuguese status line, and the
/// rating with a decimal comma.
#[test]
fn portuguese_interface_from_lang() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end test cannot run");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("estante-e2e-pt-{}", std::process::id()),
        root: root.path().to_path_buf(),
        color: false,
        lang: "pt_BR.UTF-8",
    };
    let long = Duration::from_secs(30);

    tmux.start();
    let screen = tmux.wait_for("Sua biblioteca está vazia", long);
    for tab in [
        "1 Biblioteca",
        "2 Livro",
        "3 Novo",
        "4 Estantes",
        "5 Estatísticas",
        "6 Imp./Exp.",
    ] {
        assert!(screen.contains(tab), "{tab}:\n{screen}");
    }
    assert!(screen.contains("servidor embutido"), "{screen}");
    assert!(screen.contains("sair"), "status bar hints:\n{screen}");

    tmux.keys(&["3"]);
    tmux.wait_for("Adicionar um livro", long);
    tmux.keys(&["j"]);
    tmux.keys(&["Enter"]);
    tmux.text("Memórias Póstumas de Brás Cubas");
    tmux.keys(&["Enter"]);
    tmux.keys(&["C-s"]);
    tmux.wait_for("Adicionado “Memórias Póstumas", long);
    tmux.keys(&["Escape"]);
    tmux.keys(&["2"]);
    tmux.wait_for("Leituras", long);
    tmux.keys(&["R"]);
    tmux.keys(&["C-u"]);
    tmux.text("3,5");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("3,5", long);
    assert!(screen.contains("★★★½☆"), "{screen}");
    assert!(screen.contains("Avaliação"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit(long);
}
