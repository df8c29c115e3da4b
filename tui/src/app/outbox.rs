//! The requests and cross-screen effects an update step returns besides its own
//! state change.

use estante_backend::model::Rating;
use estante_backend::storage::{Book, Entry, LabelKind};

use super::Tab;
use super::msg::Request;
use super::overlay::Overlay;

/// A change that crosses screens, applied by the app after the screen returns.
#[derive(Debug)]
pub enum Effect {
    OpenBook(i64),
    GoTo(Tab),
    Info(String),
    Error(String),
    Overlay(Box<Overlay>),
    ReloadLibrary,
    ReloadLabels,
    ReloadStats,
    BookChanged(Box<Book>),
    EntryChanged {
        book_id: i64,
        entry: Entry,
    },
    BookDeleted(i64),
    /// A reading chosen in the readings picker, to edit on the Book screen.
    EditReading {
        book_id: i64,
        reading_id: i64,
    },
    /// A reading chosen for deletion in the readings picker.
    DeleteReading {
        book_id: i64,
        reading_id: i64,
    },
    /// A rating typed in the rating prompt, for the Book screen to send.
    SetRating {
        book_id: i64,
        rating: Option<Rating>,
    },
    ShowLabelInLibrary {
        kind: LabelKind,
        name: String,
    },
}

/// Collects the requests and effects of one update step.
#[derive(Debug, Default)]
pub struct Outbox {
    pub requests: Vec<Request>,
    pub effects: Vec<Effect>,
}

impl Outbox {
    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    pub fn push(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Info(text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Error(text.into()));
    }

    pub fn overlay(&mut self, overlay: Overlay) {
        self.effects.push(Effect::Overlay(Box::new(overlay)));
    }
}
