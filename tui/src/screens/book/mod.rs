//! The Book screen: one book's details, rating, status, readings, review, shelves
//! and tags, and a form to edit every field.

pub mod cover;
pub(crate) mod draw;
pub mod fields;
pub mod readings;
mod update;

use std::cell::Cell;

use estante_backend::storage::{Book, Entry, EntryPatch};
use ratatui::layout::Rect;

use super::Load;
use super::form::Form;
use crate::widgets::editor::TextEditor;

#[derive(Debug, Default)]
pub struct BookState {
    pub id: Option<i64>,
    pub book: Option<Book>,
    pub load: Load,
    /// First line of the details shown.
    pub scroll: u16,
    pub form: Option<Form>,
    /// Set when `form` edits a reading's dates instead of the book.
    pub reading_edit: Option<readings::ReadingEdit>,
    /// The review being written, with its spoiler flag.
    pub review: Option<TextEditor>,
    /// Set by an Esc over a changed review: the next Esc throws the text away, any
    /// other key keeps writing.
    pub review_discard_armed: bool,
    /// Set while an entry patch is in flight; later changes wait in `queued`.
    pub entry_in_flight: bool,
    /// Entry changes made while another was in flight, sent when it returns with
    /// the new version. Without this, two quick key presses would conflict.
    pub queued: Option<EntryPatch>,
    /// The picker of shelves or tags to open again once the book has been reloaded,
    /// after a label made from that picker was created and put on the book.
    pub reopen_labels: Option<estante_backend::storage::LabelKind>,
    /// A status to set once the book has been reloaded after a reading changed.
    pub status_after_reload: Option<readings::ImpliedStatus>,
    /// The open book's entry as the server last confirmed it. Entry changes show
    /// before they are saved, and a save that fails puts this copy back on screen.
    pub saved_entry: Option<Entry>,
    /// Set when a write to the open book failed and the book is being reloaded, so
    /// that a reload finding it deleted reports that the change was lost with it.
    pub save_failed: bool,
    /// Where the quarter-star bar was last drawn: one cell per quarter star.
    pub rating_area: Cell<Rect>,
    pub cover: cover::CoverState,
}

impl BookState {
    /// Whether a text field takes the keys.
    pub fn is_typing(&self) -> bool {
        self.review.is_some() || self.form.as_ref().is_some_and(|form| form.editing)
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(review) = &mut self.review {
            review.paste(text);
        } else if let Some(form) = self.form.as_mut().filter(|form| form.editing) {
            form.paste(text);
        }
    }
}

/// Merges two entry patches; fields set in `later` win.
pub fn merge_patch(earlier: EntryPatch, later: EntryPatch) -> EntryPatch {
    EntryPatch {
        status: later.status.or(earlier.status),
        rating: later.rating.or(earlier.rating),
        review: later.review.or(earlier.review),
        review_spoiler: later.review_spoiler.or(earlier.review_spoiler),
        private_notes: later.private_notes.or(earlier.private_notes),
        owned_copies: later.owned_copies.or(earlier.owned_copies),
        date_added: later.date_added.or(earlier.date_added),
        status_date: later.status_date.or(earlier.status_date),
    }
}

/// Applies a patch to entry fields, for showing a change before the server confirms.
pub fn apply_patch(fields: &mut estante_backend::model::EntryFields, patch: &EntryPatch) {
    patch.apply_to(fields);
}
