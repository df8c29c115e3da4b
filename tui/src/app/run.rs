//! The run loop: terminal events and task results in, frames out.

use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::msg::Msg;
use super::ops_runner::OpsRunner;
use super::runner::Runner;
use super::theme::Theme;
use super::{App, Context, Level, keyfile};
use crate::cli::Cli;
use crate::connect;
use crate::covers::Renderer;
use crate::openlibrary::OpenLibrary;
use crate::paths::Paths;
use crate::settings::Settings;
use crate::terminal::{self, Tui};

/// How long quitting waits for writes in flight (a rating, an import) to finish
/// before the embedded server stops under them.
const QUIT_GRACE: Duration = Duration::from_secs(5);

/// Frame interval while a request is in flight, for the spinner.
const TICK: Duration = Duration::from_millis(100);

/// Connects, opens the app on `start` and runs it until the user quits.
pub async fn run(cli: &Cli, paths: &Paths, settings: Settings, start: super::Tab) -> Result<()> {
    let target = connect::target(cli.server.as_deref(), cli.token.as_deref(), &settings)?;
    let cover_source = connect::cover_source(&settings);
    let connection = connect::connect(target, paths, cover_source.as_deref())
        .await
        .with_context(|| crate::t!("cli-connect-failed"))?;
    let server_label = match &connection.embedded {
        Some(_) => crate::t!("server-embedded"),
        None => connection.client.base_url().to_string(),
    };
    let lookup_url = std::env::var("ESTANTE_OPENLIBRARY_URL")
        .ok()
        .or(settings.openlibrary_url.clone());
    let openlibrary = OpenLibrary::new(lookup_url.as_deref());
    let (keys, key_errors) = keyfile::load(&paths.keys_file());
    let theme = Theme::from_env();

    // The graphics query reads the terminal's reply, so it runs once the terminal
    // is in raw mode and before the event stream starts reading.
    let mut tui = terminal::enter().with_context(|| crate::t!("terminal-setup-failed"))?;
    let covers = Renderer::detect(theme.color);
    let context = Context {
        today: chrono::Local::now().date_naive(),
        server_label,
        lookup_enabled: openlibrary.is_configured(),
        goals: settings.goals.clone(),
        theme,
        keys,
        covers: covers.clone(),
        // A remote server fetches with its own settings; the embedded one only
        // when a covers service is configured, as with the ISBN lookup.
        cover_fetch: connection.embedded.is_none() || cover_source.is_some(),
    };

    let (sender, mut receiver) = mpsc::unbounded_channel();
    let runner = Runner::new(
        connection.client.clone(),
        openlibrary,
        paths.config_file(),
        sender,
    )
    .with_ops(OpsRunner::new(
        settings.ops.clone(),
        crate::aws::OpsOverrides::from_cli(cli),
        crate::aws::audit_log(paths),
    ))
    .with_covers(covers);
    let mut app = App::new(context);
    app.open_tab(start);
    if !key_errors.is_empty() {
        let path = paths.keys_file();
        for error in &key_errors {
            tracing::warn!(path = %path.display(), %error, "invalid key binding");
        }
        let details: Vec<String> = key_errors.iter().map(ToString::to_string).collect();
        let text = crate::t!(
            "keys-file-ignored",
            path = path.display().to_string(),
            errors = details.join("; ")
        );
        app.show_message(Level::Error, text, std::time::Instant::now());
    }
    tracing::info!(server = %connection.client.base_url(), "app started");

    let result = event_loop(&mut tui, &mut app, &runner, &mut receiver).await;
    terminal::restore();

    if runner.writes_in_flight() > 0 {
        eprintln!("{}", crate::t!("waiting-for-writes"));
        let _ = tokio::time::timeout(QUIT_GRACE, runner.wait_for_writes()).await;
    }
    connection.close().await;
    tracing::info!("app stopped");
    result
}

async fn event_loop(
    tui: &mut Tui,
    app: &mut App,
    runner: &Runner,
    receiver: &mut mpsc::UnboundedReceiver<Msg>,
) -> Result<()> {
    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(TICK);
    let mut dirty = true;
    loop {
        for request in app.take_requests() {
            runner.spawn(request);
        }
        if dirty {
            tui.draw(|frame| app.draw(frame))
                .context("failed to draw")?;
            dirty = false;
            app.after_draw();
            for request in app.take_requests() {
                runner.spawn(request);
            }
        }
        if app.should_quit {
            return Ok(());
        }
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => {
                    apply_events(app, event, ready_event)
                        .context("failed to read the terminal")?;
                    dirty = true;
                }
                Some(Err(error)) => return Err(error).context("failed to read the terminal"),
                None => return Ok(()),
            },
            Some(msg) = receiver.recv() => {
                app.handle_msg(msg);
                dirty = true;
            }
            _ = ticker.tick() => {
                if app.expire_message(std::time::Instant::now()) {
                    dirty = true;
                }
                if app.is_busy() {
                    app.tick = app.tick.wrapping_add(1);
                    dirty = true;
                }
            }
        }
    }
}

/// Applies `first` and then every event that `next_ready` returns until it returns
/// `None`, so a long paste or a burst of keys costs one frame, not one per key.
/// Stops early once the app wants to quit.
pub fn apply_events(
    app: &mut App,
    first: Event,
    mut next_ready: impl FnMut() -> std::io::Result<Option<Event>>,
) -> std::io::Result<()> {
    app.handle_event(first);
    while !app.should_quit {
        match next_ready()? {
            Some(event) => app.handle_event(event),
            None => break,
        }
    }
    Ok(())
}

/// Reads the next terminal event if one is already queued, without waiting.
///
/// A zero timeout makes crossterm return `false` instead of blocking when the
/// `EventStream` wake thread holds its reader, so this never stalls the loop.
fn ready_event() -> std::io::Result<Option<Event>> {
    if crossterm::event::poll(Duration::ZERO)? {
        crossterm::event::read().map(Some)
    } else {
        Ok(None)
    }
}
