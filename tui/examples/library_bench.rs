//! Measures the Library screen the way the terminal app runs it, with ratatui's
//! TestBackend in place of the terminal. The embedded server opens an existing data
//! folder, the app's runner loads the list in pages with a frame after every
//! message, and then each filter keystroke is timed from the key to the first frame
//! after it and to the frame with the final matches.
//!
//! Usage: library_bench --data-dir DIR --config-dir DIR [--width W] [--height H]
//! [--queries N]
//!
//! The data folder needs an `estante.db`; `scripts/bench tui` imports a generated
//! library into one. Output is one `key=value` line per figure, times in
//! milliseconds, for the script to read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use estante::app::runner::Runner;
use estante::app::theme::Theme;
use estante::app::{App, Context};
use estante::connect::{self, Target};
use estante::openlibrary::OpenLibrary;
use estante::paths::Paths;
use estante::screens::Load;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Gives up when the library has not loaded in this time.
const LOAD_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct Options {
    paths: Paths,
    width: u16,
    height: u16,
    queries: usize,
}

fn parse_options() -> Result<Options> {
    let mut data_dir = None;
    let mut config_dir = None;
    let mut width = 120;
    let mut height = 40;
    let mut queries = 20;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value)),
            "--config-dir" => config_dir = Some(PathBuf::from(value)),
            "--width" => width = value.parse().context("invalid --width")?,
            "--height" => height = value.parse().context("invalid --height")?,
            "--queries" => queries = value.parse().context("invalid --queries")?,
            _ => bail!("unknown option {flag}; see the usage at the top of library_bench.rs"),
        }
    }
    let (Some(data_dir), Some(config_dir)) = (data_dir, config_dir) else {
        bail!("--data-dir and --config-dir are required");
    };
    Ok(Options {
        paths: Paths {
            state_dir: data_dir.clone(),
            data_dir,
            config_dir,
        },
        width,
        height,
        queries,
    })
}

/// Milliseconds, with the fraction.
fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The value at `percent` of the sorted samples, by the nearest-rank method.
fn percentile(sorted: &[f64], percent: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Peak resident memory of this process in MiB (`VmHWM`), where /proc has it.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Filter texts taken from the loaded books: a word of letters from a title or an
/// author's last name, from books spread evenly through the list, so they match real
/// rows.
fn queries(app: &App, count: usize) -> Vec<String> {
    let books = &app.library.books;
    let mut texts = Vec::new();
    for i in 0..count {
        let Some(book) = books.get(i * books.len() / count.max(1)) else {
            break;
        };
        let source = if i % 2 == 0 {
            book.title.as_str()
        } else {
            book.authors.split(", ").next().unwrap_or(&book.title)
        };
        let word = source
            .split_whitespace()
            .rev()
            .find(|word| word.chars().count() >= 4 && word.chars().all(char::is_alphabetic))
            .unwrap_or(source);
        let text: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(8)
            .collect::<String>()
            .to_lowercase();
        if !text.is_empty() {
            texts.push(text);
        }
    }
    texts
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[tokio::main]
async fn main() -> Result<()> {
    let started = Instant::now();
    let options = parse_options()?;
    let connection = connect::connect(Target::Embedded, &options.paths, None)
        .await
        .context("failed to start the embedded server")?;
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner::new(
        connection.client.clone(),
        OpenLibrary::new(None),
        options.paths.config_file(),
        sender,
    );
    let context = Context {
        today: chrono::Local::now().date_naive(),
        server_label: "embedded server".to_string(),
        lookup_enabled: false,
        goals: BTreeMap::new(),
        covers: None,
        cover_fetch: false,
        theme: Theme { color: true },
        keys: estante::app::keymap::KeyMap::default(),
    };
    let mut app = App::new(context);
    let mut terminal = Terminal::new(TestBackend::new(options.width, options.height))?;

    // The run loop of the app, minus the terminal: requests out, a frame after each
    // message in.
    terminal.draw(|frame| app.draw(frame))?;
    let first_frame = started.elapsed();
    let mut first_rows = None;
    while app.library.load != Load::Loaded {
        for request in app.take_requests() {
            runner.spawn(request);
        }
        let msg = tokio::time::timeout(LOAD_TIMEOUT, receiver.recv())
            .await
            .context("timed out loading the library")?
            .context("the runner stopped")?;
        app.handle_msg(msg);
        if let Load::Failed(error) = &app.library.load {
            bail!("failed to load the library: {error}");
        }
        terminal.draw(|frame| app.draw(frame))?;
        if first_rows.is_none() && !app.library.view.is_empty() {
            first_rows = Some(started.elapsed());
        }
    }
    let loaded = started.elapsed();
    let books = app.library.books.len();

    // Each query: `/` opens the prompt, then every character is one keystroke, then
    // Esc clears the filter. A keystroke has two times. The first is to the first
    // frame after the key, which shows the typed text with the final matches, or
    // the earlier rows marked as matching while a filter job runs. The second is to
    // the frame that shows the final matches. They are equal when the match ran on
    // the UI thread.
    let mut typed = Vec::new();
    let mut matched = Vec::new();
    let mut first_keys = Vec::new();
    let mut clears = Vec::new();
    let mut jobs = 0;
    let texts = queries(&app, options.queries);
    for text in &texts {
        app.handle_key(key(KeyCode::Char('/')));
        terminal.draw(|frame| app.draw(frame))?;
        for (position, character) in text.chars().enumerate() {
            let start = Instant::now();
            app.handle_key(key(KeyCode::Char(character)));
            for request in app.take_requests() {
                runner.spawn(request);
            }
            terminal.draw(|frame| app.draw(frame))?;
            let key_to_frame = millis(start.elapsed());
            if app.library.filter.is_pending() {
                jobs += 1;
            }
            while app.library.filter.is_pending() {
                let msg = tokio::time::timeout(LOAD_TIMEOUT, receiver.recv())
                    .await
                    .context("timed out waiting for a filter match")?
                    .context("the runner stopped")?;
                app.handle_msg(msg);
                for request in app.take_requests() {
                    runner.spawn(request);
                }
                terminal.draw(|frame| app.draw(frame))?;
            }
            typed.push(key_to_frame);
            matched.push(millis(start.elapsed()));
            if position == 0 {
                first_keys.push(key_to_frame);
            }
        }
        if app.library.filter.text != *text {
            bail!(
                "the filter reads {:?}, expected {text:?}",
                app.library.filter.text
            );
        }
        let start = Instant::now();
        app.handle_key(key(KeyCode::Esc));
        terminal.draw(|frame| app.draw(frame))?;
        clears.push(millis(start.elapsed()));
    }
    for samples in [&mut typed, &mut matched, &mut first_keys, &mut clears] {
        samples.sort_by(f64::total_cmp);
    }

    println!("books={books}");
    println!("terminal={}x{}", options.width, options.height);
    println!("first_frame_ms={:.1}", millis(first_frame));
    println!("first_rows_ms={:.1}", millis(first_rows.unwrap_or(loaded)));
    println!("loaded_ms={:.1}", millis(loaded));
    println!("queries={}", texts.join(","));
    println!("keystrokes={}", typed.len());
    println!("filter_jobs={jobs}");
    println!("keystroke_p50_ms={:.2}", percentile(&typed, 50.0));
    println!("keystroke_p99_ms={:.2}", percentile(&typed, 99.0));
    println!("keystroke_max_ms={:.2}", percentile(&typed, 100.0));
    println!("matched_p50_ms={:.2}", percentile(&matched, 50.0));
    println!("matched_p99_ms={:.2}", percentile(&matched, 99.0));
    println!("matched_max_ms={:.2}", percentile(&matched, 100.0));
    println!(
        "first_keystroke_p50_ms={:.2}",
        percentile(&first_keys, 50.0)
    );
    println!(
        "first_keystroke_max_ms={:.2}",
        percentile(&first_keys, 100.0)
    );
    println!("clear_p50_ms={:.2}", percentile(&clears, 50.0));
    println!("clear_max_ms={:.2}", percentile(&clears, 100.0));
    if let Some(peak) = peak_rss_mib() {
        println!("peak_rss_mib={peak:.1}");
    }
    connection.close().await;
    Ok(())
}
