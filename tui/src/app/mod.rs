//! The terminal app: state, the update step that turns input and task results into
//! new state and requests, and drawing.
//!
//! [`App`] never awaits and never touches the network. Keys become actions through
//! the key map; actions change state and queue [`msg::Request`]s; the run loop hands
//! those to the runner and feeds its [`msg::Msg`]s back in. Drawing takes `&self`.

pub mod action;
mod draw;
mod help;
pub mod keyfile;
pub mod keymap;
pub mod msg;
pub mod ops_runner;
pub mod outbox;
pub mod overlay;
pub mod palette;
mod run;
pub mod runner;
pub mod theme;
mod update;

use std::time::{Duration, Instant};

use chrono::NaiveDate;

pub use run::{apply_events, run};

use crate::covers::Renderer;
use crate::screens::add::AddState;
use crate::screens::book::BookState;
use crate::screens::labels::LabelsState;
use crate::screens::library::LibraryState;
use crate::screens::ops::OpsState;
use crate::screens::stats::StatsState;
use crate::screens::transfer::TransferState;
use crate::settings::YearGoal;
use msg::Request;
use overlay::Overlay;
use theme::Theme;

/// The tabs, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Library,
    Book,
    Add,
    Labels,
    Stats,
    Transfer,
    Ops,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Self::Library,
        Self::Book,
        Self::Add,
        Self::Labels,
        Self::Stats,
        Self::Transfer,
        Self::Ops,
    ];

    pub fn title(self) -> String {
        match self {
            Self::Library => crate::t!("tab-library"),
            Self::Book => crate::t!("tab-book"),
            Self::Add => crate::t!("tab-add"),
            Self::Labels => crate::t!("tab-labels"),
            Self::Stats => crate::t!("tab-stats"),
            Self::Transfer => crate::t!("tab-transfer"),
            Self::Ops => crate::t!("tab-ops"),
        }
    }

    pub fn number(self) -> usize {
        Self::ALL.iter().position(|tab| *tab == self).unwrap_or(0) + 1
    }
}

/// How long an info message stays in the status line. Errors stay until the next
/// key press, so they cannot vanish unread.
pub const INFO_MESSAGE_LIFETIME: Duration = Duration::from_secs(5);

/// How serious a status line message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// Facts the app needs from outside that tests fix: today's date and where it runs.
#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    /// Shown in the tab bar, such as `embedded` or the server's URL.
    pub server_label: String,
    pub lookup_enabled: bool,
    /// Yearly goals from the config file.
    pub goals: std::collections::BTreeMap<String, YearGoal>,
    pub theme: Theme,
    /// The key map: the defaults with the user's `keys.toml` over them.
    pub keys: keymap::KeyMap,
    /// Renderer of book covers. `None` turns them off.
    pub covers: Option<Renderer>,
    /// Whether a missing cover is fetched from Open Library through the server.
    pub cover_fetch: bool,
}

impl Context {
    /// Returns the goal of `year`, empty when none is set.
    pub fn goal(&self, year: i32) -> YearGoal {
        self.goals
            .get(&year.to_string())
            .copied()
            .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct App {
    pub tab: Tab,
    pub context: Context,
    pub library: LibraryState,
    pub book: BookState,
    pub add: AddState,
    pub labels: LabelsState,
    pub stats: StatsState,
    pub transfer: TransferState,
    pub ops: OpsState,
    pub overlay: Option<Overlay>,
    /// The status line message.
    pub message: Option<(Level, String)>,
    /// When the info message in `message` leaves the status line. It is `None` for an
    /// error, which stays until a key is pressed.
    pub message_expires_at: Option<Instant>,
    /// The latest message, kept after it leaves the status line so `!` can show it
    /// in full.
    pub last_message: Option<(Level, String)>,
    /// Requests sent whose final message has not arrived.
    pub in_flight: usize,
    /// Animation frame counter, advanced by the run loop's timer.
    pub tick: usize,
    pub should_quit: bool,
    /// Set by a quit that unsaved changes held back, so that the next key quits if it
    /// is the quit key again.
    quit_armed: bool,
    /// Where each tab's title was last drawn, for clicks.
    pub tab_areas: std::cell::Cell<[ratatui::layout::Rect; 7]>,
    /// How far the help overlay could scroll when it was last drawn, so a key that
    /// scrolls past the end does not leave the next k with nothing to undo.
    pub help_scroll_max: std::cell::Cell<usize>,
    requests: Vec<Request>,
}

impl App {
    /// A new app that starts by loading the library and the labels.
    pub fn new(context: Context) -> Self {
        let mut app = Self {
            tab: Tab::Library,
            library: LibraryState::default(),
            book: BookState::default(),
            add: AddState::new(context.lookup_enabled),
            labels: LabelsState::default(),
            stats: StatsState::new(context.today),
            transfer: TransferState::default(),
            ops: OpsState::default(),
            overlay: None,
            message: None,
            message_expires_at: None,
            last_message: None,
            in_flight: 0,
            tick: 0,
            should_quit: false,
            quit_armed: false,
            tab_areas: std::cell::Cell::new([ratatui::layout::Rect::default(); 7]),
            help_scroll_max: std::cell::Cell::new(usize::MAX),
            requests: Vec::new(),
            context,
        };
        let mut out = outbox::Outbox::default();
        app.library.reload(&mut out);
        out.request(Request::LoadLabels);
        app.apply(out);
        app
    }

    /// Takes the requests queued since the last call, counting them as in flight.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    pub fn is_busy(&self) -> bool {
        self.in_flight > 0
    }

    /// Shows `text` in the status line. An info message expires after
    /// [`INFO_MESSAGE_LIFETIME`]; an error stays until the next key press, and an
    /// info message arriving meanwhile is dropped so it cannot hide the error.
    pub fn show_message(&mut self, level: Level, text: String, now: Instant) {
        if level == Level::Info && matches!(self.message, Some((Level::Error, _))) {
            tracing::debug!(message = %text, "info message dropped behind an error");
            return;
        }
        self.message_expires_at = match level {
            Level::Info => Some(now + INFO_MESSAGE_LIFETIME),
            Level::Error => None,
        };
        self.last_message = Some((level, text.clone()));
        self.message = Some((level, text));
    }

    /// Removes an info message whose time is up. Returns whether the status line
    /// changed, so the run loop can redraw.
    pub fn expire_message(&mut self, now: Instant) -> bool {
        match self.message_expires_at {
            Some(expires_at) if now >= expires_at => {
                self.message = None;
                self.message_expires_at = None;
                true
            }
            _ => false,
        }
    }
}
