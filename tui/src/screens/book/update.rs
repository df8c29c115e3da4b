//! Book: actions, typing, mouse and write results.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use estante_backend::dates::PartialDate;
use estante_backend::model::{Rating, ReadingFields};
use estante_backend::storage::{Book, EntryPatch, LabelKind};

use super::fields::{edit_form, is_empty, read_changes};
use super::readings::{self, implied_status, reading_picker};
use super::{BookState, apply_patch, merge_patch};
use crate::app::Context;
use crate::app::action::Action;
use crate::app::msg::{Request, Written};
use crate::app::outbox::{Effect, Outbox};
use crate::app::overlay::{
    InputPrompt, InputPurpose, Overlay, PickItem, PickPurpose, Picker, status_picker,
};
use crate::client::ClientError;
use crate::screens::Load;
use crate::screens::form::FormKey;
use crate::screens::labels::LabelsState;
use crate::t;
use crate::widgets::contains;
use crate::widgets::editor::TextEditor;

impl BookState {
    /// Shows the book `id`, loading it fresh; any form or review in progress is
    /// dropped.
    pub fn open(&mut self, id: i64, out: &mut Outbox) {
        if self.id != Some(id) {
            self.book = None;
            self.saved_entry = None;
            self.scroll = 0;
            self.cover.reset();
        }
        self.id = Some(id);
        self.form = None;
        self.reading_edit = None;
        self.review = None;
        self.queued = None;
        self.entry_in_flight = false;
        self.load = Load::Loading;
        out.request(Request::LoadBook { id });
    }

    pub fn on_loaded(
        &mut self,
        id: i64,
        result: Result<Book, ClientError>,
        context: &Context,
        out: &mut Outbox,
    ) {
        if self.id != Some(id) {
            return;
        }
        match result {
            Ok(book) => {
                self.save_failed = false;
                out.push(Effect::BookChanged(Box::new(book.clone())));
                self.cover.load(&book, context, out);
                if let Some(implied) = self.status_after_reload.take()
                    && book.entry.fields.status != implied.status
                {
                    self.send_patch(
                        &book,
                        EntryPatch {
                            status: Some(implied.status),
                            status_date: implied.date,
                            ..EntryPatch::default()
                        },
                        out,
                    );
                }
                self.saved_entry = Some(book.entry.clone());
                self.book = Some(book);
                self.load = Load::Loaded;
            }
            // Deleted elsewhere, as by another client: a retry cannot bring it back,
            // and the stale copy on screen must not look like a book that can
            // still take changes.
            Err(error) if error.status() == Some(404) => {
                let text = if std::mem::take(&mut self.save_failed) {
                    // As text, so that an id is not grouped like a count (12,260).
                    t!("book-gone-unsaved", id = id.to_string())
                } else {
                    t!("book-gone", id = id.to_string())
                };
                out.push(Effect::BookDeleted(id));
                out.error(text);
            }
            Err(error) => {
                self.load = Load::Failed(error.to_string());
                // The reload after a failed save fails too when the server is away,
                // and its message alone would hide that the change was not saved.
                if std::mem::take(&mut self.save_failed) {
                    out.error(t!("book-unsaved-load-failed", error = error.to_string()));
                } else {
                    out.error(t!("book-load-failed-status", error = error.to_string()));
                }
            }
        }
    }

    /// Sends an entry change now, or queues it behind the one in flight. The change
    /// shows at once.
    fn change_entry(&mut self, patch: EntryPatch, out: &mut Outbox) {
        let Some(book) = self.book.as_mut() else {
            return;
        };
        apply_patch(&mut book.entry.fields, &patch);
        if self.entry_in_flight {
            let earlier = self.queued.take().unwrap_or_default();
            self.queued = Some(merge_patch(earlier, patch));
        } else {
            let book = book.clone();
            self.send_patch(&book, patch, out);
        }
    }

    fn send_patch(&mut self, book: &Book, patch: EntryPatch, out: &mut Outbox) {
        self.entry_in_flight = true;
        out.request(Request::PatchEntry {
            book_id: book.id,
            version: book.entry.version,
            patch,
        });
    }

    /// Sets the rating typed in the rating prompt, unless another book was opened
    /// while the prompt was up.
    pub fn set_rating(&mut self, book_id: i64, rating: Option<Rating>, out: &mut Outbox) {
        if self.id != Some(book_id) {
            return;
        }
        self.change_entry(
            EntryPatch {
                rating: Some(rating),
                ..EntryPatch::default()
            },
            out,
        );
    }

    fn rate(&mut self, quarters: i64, out: &mut Outbox) {
        let rating = if quarters <= 0 {
            None
        } else {
            Rating::from_quarters(quarters.min(i64::from(Rating::MAX_QUARTERS))).ok()
        };
        self.change_entry(
            EntryPatch {
                rating: Some(rating),
                ..EntryPatch::default()
            },
            out,
        );
    }

    fn current_quarters(&self) -> i64 {
        self.book
            .as_ref()
            .and_then(|book| book.entry.fields.rating)
            .map_or(0, |rating| i64::from(rating.quarters()))
    }

    pub fn on_action(
        &mut self,
        action: Action,
        context: &Context,
        labels: &LabelsState,
        out: &mut Outbox,
    ) -> bool {
        if self.form.is_some() {
            return self.on_form_action(action, out);
        }
        let Some(book) = self.book.clone() else {
            return match action {
                Action::Reload => {
                    if let Some(id) = self.id {
                        self.open(id, out);
                    }
                    true
                }
                _ => false,
            };
        };
        let today = PartialDate::from_naive(context.today);
        match action {
            Action::Edit => self.form = Some(edit_form(&book)),
            Action::RateUp => self.rate(self.current_quarters() + 1, out),
            Action::RateDown => self.rate(self.current_quarters() - 1, out),
            Action::TypeRating => {
                let current = crate::widgets::text::stars_number(book.entry.fields.rating);
                out.overlay(Overlay::Input(InputPrompt::new(
                    t!("rating-prompt"),
                    &current,
                    InputPurpose::Rating { book_id: book.id },
                )));
            }
            Action::SetStatus => out.overlay(status_picker(
                book.id,
                book.entry.version,
                book.entry.fields.status,
            )),
            Action::Review => {
                self.review = Some(TextEditor::multi_line(
                    book.entry.fields.review.as_deref().unwrap_or(""),
                ));
            }
            Action::StartReading => {
                let open = book.readings.iter().any(|r| readings::is_open(r, &book));
                if open {
                    out.error(t!("reading-already-open"));
                    return true;
                }
                out.request(Request::AddReading {
                    book_id: book.id,
                    fields: ReadingFields {
                        started: Some(today),
                        ..ReadingFields::default()
                    },
                });
                out.info(t!("reading-started"));
            }
            Action::FinishReading | Action::StopReading => {
                let finish = action == Action::FinishReading;
                let open = book
                    .readings
                    .iter()
                    .rev()
                    .find(|r| readings::is_open(r, &book));
                match (open, finish) {
                    (Some(reading), _) => {
                        let mut fields = reading.fields.clone();
                        if finish {
                            fields.finished = Some(today);
                        } else {
                            fields.stopped = Some(today);
                        }
                        out.request(Request::UpdateReading {
                            book_id: book.id,
                            id: reading.id,
                            version: reading.version,
                            fields,
                            base: reading.fields.clone(),
                            overwrite: false,
                        });
                    }
                    (None, true) => out.overlay(Overlay::Confirm {
                        prompt: t!(
                            "reading-finish-without-start",
                            today = crate::i18n::format::partial_date(&today)
                        ),
                        request: Request::FinishReading {
                            book_id: book.id,
                            date: today,
                        },
                    }),
                    (None, false) => {
                        out.error(t!("reading-none-open"));
                        return true;
                    }
                }
                // Finishing with no open reading shows a confirmation first, so no message yet.
                match (open.is_some(), finish) {
                    (true, true) => out.info(t!("reading-finished")),
                    (_, false) => out.info(t!("reading-stopped")),
                    (false, true) => {}
                }
            }
            Action::EditReadings => {
                if book.readings.is_empty() {
                    out.error(t!("readings-none"));
                } else {
                    out.overlay(reading_picker(&book));
                }
            }
            Action::Shelves | Action::Tags => {
                let kind = if action == Action::Shelves {
                    LabelKind::Shelf
                } else {
                    LabelKind::Tag
                };
                let current = if kind == LabelKind::Shelf {
                    &book.shelves
                } else {
                    &book.tags
                };
                let items = labels
                    .of(kind)
                    .iter()
                    .map(|label| PickItem {
                        label: label.name.clone(),
                        checked: Some(current.contains(&label.name)),
                        id: label.id,
                    })
                    .collect();
                let title = if kind == LabelKind::Shelf {
                    t!("picker-book-shelves")
                } else {
                    t!("picker-book-tags")
                };
                // The picker opens with the labels at hand and takes the server's
                // list when it arrives.
                out.request(Request::LoadLabels);
                out.overlay(Overlay::Pick(Picker {
                    title,
                    items,
                    selected: 0,
                    purpose: PickPurpose::BookLabels {
                        kind,
                        book_id: book.id,
                    },
                }));
            }
            Action::Delete => out.overlay(Overlay::Confirm {
                prompt: t!("book-delete-confirm", title = book.fields.title.as_str()),
                request: Request::DeleteBook {
                    id: book.id,
                    version: book.version,
                    entry_version: book.entry.version,
                    overwrite: false,
                },
            }),
            Action::UploadCover => out.overlay(Overlay::Input(InputPrompt::new(
                t!("cover-prompt"),
                "",
                InputPurpose::CoverFile { book_id: book.id },
            ))),
            Action::Reload => {
                self.cover.reset();
                self.open(book.id, out);
            }
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            _ => return false,
        }
        true
    }

    fn on_form_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        if action != Action::Back {
            form.discard_armed = false;
        }
        match action {
            Action::Down => form.next(),
            Action::Up => form.previous(),
            Action::Open => form.editing = true,
            Action::Save => self.save_form(out),
            Action::Back if form.is_changed() && !form.discard_armed => {
                form.discard_armed = true;
                out.info(t!("form-esc-again"));
            }
            Action::Back => {
                self.form = None;
                self.reading_edit = None;
                out.info(t!("edit-cancelled"));
            }
            _ => return false,
        }
        true
    }

    fn save_form(&mut self, out: &mut Outbox) {
        if let Some(edit) = self.reading_edit {
            self.save_reading_form(edit, out);
            return;
        }
        let (Some(form), Some(book)) = (self.form.as_mut(), self.book.as_ref()) else {
            return;
        };
        let (fields, patch) = match read_changes(form, book) {
            Ok(changes) => changes,
            Err((name, error)) => {
                form.focus_on(name);
                form.error = Some((name, error));
                return;
            }
        };
        match (fields, is_empty(&patch)) {
            (None, true) => {
                self.form = None;
                out.info(t!("nothing-changed"));
            }
            (Some(fields), _) => {
                out.request(Request::UpdateBook {
                    id: book.id,
                    version: book.version,
                    fields,
                    base: Box::new(book.fields.clone()),
                    overwrite: false,
                });
                self.queued = (!is_empty(&patch)).then_some(patch);
            }
            (None, false) => {
                let book = book.clone();
                self.send_patch(&book, patch, out);
            }
        }
    }

    /// Reports whether the review editor contains text that differs from the saved
    /// review.
    pub fn review_is_changed(&self) -> bool {
        let Some(review) = &self.review else {
            return false;
        };
        let saved = self
            .book
            .as_ref()
            .and_then(|book| book.entry.fields.review.as_deref())
            .unwrap_or("");
        review.text().trim() != saved.trim()
    }

    pub fn on_typing(&mut self, key: KeyEvent, out: &mut Outbox) {
        if let Some(review) = self.review.as_mut() {
            let save =
                key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL);
            if save {
                let text = review.text().trim().to_string();
                self.review = None;
                self.review_discard_armed = false;
                let review = (!text.is_empty()).then_some(text);
                self.change_entry(
                    EntryPatch {
                        review: Some(review),
                        ..EntryPatch::default()
                    },
                    out,
                );
            } else if key.code == KeyCode::Esc {
                let saved = self
                    .book
                    .as_ref()
                    .and_then(|book| book.entry.fields.review.as_deref())
                    .unwrap_or("");
                let changed = review.text().trim() != saved.trim();
                if changed && !self.review_discard_armed {
                    self.review_discard_armed = true;
                    out.info(t!("review-esc-again"));
                } else {
                    self.review = None;
                    self.review_discard_armed = false;
                    if changed {
                        out.info(t!("review-not-saved"));
                    }
                }
            } else {
                self.review_discard_armed = false;
                review.handle_key(key);
            }
            return;
        }
        if let Some(form) = self.form.as_mut()
            && form.on_typing(key) == FormKey::Save
        {
            self.save_form(out);
        }
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent, out: &mut Outbox) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.scroll = self.scroll.saturating_add(1),
            MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(form) = self.form.as_mut() {
                    if let Some(index) = form.field_at(mouse.row) {
                        form.focus = index;
                    }
                    return;
                }
                let bar = self.rating_area.get();
                if contains(bar, mouse.column, mouse.row) {
                    let cell = i64::from(mouse.column - bar.x);
                    // Five groups of four cells with one space between them.
                    let quarters = cell - cell / 5 + 1;
                    if cell % 5 != 4 {
                        self.rate(quarters, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// Reports an upload, and shows the new cover when its book is open.
    pub fn on_cover_uploaded(
        &mut self,
        book_id: i64,
        path: &std::path::Path,
        result: Result<(), String>,
        context: &Context,
        out: &mut Outbox,
    ) {
        match result {
            Ok(()) => {
                out.info(t!("cover-uploaded", path = path.display().to_string()));
                if self.id == Some(book_id)
                    && let Some(book) = &self.book
                {
                    self.cover.reset();
                    self.cover.load(book, context, out);
                }
            }
            Err(error) => out.error(t!("cover-upload-failed", error = error.to_string())),
        }
    }

    /// Applies the result of a write to this book.
    pub fn on_wrote(
        &mut self,
        request: &Request,
        result: Result<Written, ClientError>,
        _context: &Context,
        out: &mut Outbox,
    ) {
        let error = match result {
            Ok(written) => {
                self.on_written(request, written, out);
                return;
            }
            Err(error) => error,
        };
        if matches!(request, Request::PatchEntry { .. }) {
            self.entry_in_flight = false;
        }
        let unsaved_entry = matches!(request, Request::PatchEntry { book_id, .. }
            if self.id == Some(*book_id));
        if let Some(current_version) = error.current_version() {
            out.overlay(Overlay::Conflict {
                // The server's text advises HTTP clients on If-Match; the dialog's
                // keys are the advice here.
                detail: if matches!(request, Request::DeleteBook { .. }) {
                    t!("book-changed-before-delete")
                } else {
                    t!("book-changed-elsewhere")
                },
                request: request.clone(),
                current_version,
            });
            return;
        }
        if matches!(request, Request::UpdateReading { .. }) && error.status() == Some(404) {
            // Another client deleted the reading, which "reading not found" left unsaid.
            self.form = None;
            self.reading_edit = None;
            out.error(t!("reading-gone-unsaved"));
            if let Some(id) = self.id {
                out.request(Request::LoadBook { id });
            }
            return;
        }
        // A name the server refused, as a taken one or one with a comma, closed the
        // name prompt and dropped what was typed. The prompt opens again with it.
        if let Request::CreateLabel {
            kind,
            name,
            attach_to: Some(book_id),
        } = request
            && matches!(error.status(), Some(409 | 422))
        {
            let title = match kind {
                LabelKind::Shelf => t!("prompt-new-shelf-for-book"),
                LabelKind::Tag => t!("prompt-new-tag-for-book"),
            };
            let mut prompt = InputPrompt::new(
                title,
                name,
                InputPurpose::NewLabel {
                    kind: *kind,
                    attach_to: Some(*book_id),
                },
            );
            prompt.error = Some(error.to_string());
            out.overlay(Overlay::Input(prompt));
            return;
        }
        out.error(t!("save-failed", error = error.to_string()));
        if unsaved_entry {
            // The reload below may fail too, as when the server is away, and the
            // screen must not keep showing changes that were not saved: neither
            // the failed one nor those queued behind it.
            self.queued = None;
            if let (Some(book), Some(saved)) = (self.book.as_mut(), &self.saved_entry) {
                book.entry = saved.clone();
            }
        }
        if let Some(id) = self.id {
            self.save_failed = true;
            out.request(Request::LoadBook { id });
        }
    }

    fn on_written(&mut self, request: &Request, written: Written, out: &mut Outbox) {
        match (request, written) {
            (Request::PatchEntry { book_id, patch, .. }, Written::Entry(entry)) => {
                self.entry_in_flight = false;
                // A status change may have started, finished or stopped a reading on
                // the server, so the open book's readings and the stats are reloaded.
                if patch.status.is_some() {
                    if self.id == Some(*book_id) && self.queued.is_none() {
                        out.request(Request::LoadBook { id: *book_id });
                    }
                    out.push(Effect::ReloadStats);
                }
                // The reader may have opened another book while the change was on
                // its way.
                if let Some(book) = self.book.as_mut().filter(|book| book.id == *book_id) {
                    book.entry.version = entry.version;
                    self.saved_entry = Some(entry.clone());
                    if let Some(patch) = self.queued.take() {
                        let book = book.clone();
                        self.send_patch(&book, patch, out);
                    } else {
                        book.entry = entry.clone();
                        if self.form.take().is_some() {
                            // A form that changed only the entry saved nothing of the
                            // book, which another client may have changed since. So
                            // the screen reloads it instead of showing old fields.
                            if patch.status.is_none() && self.id == Some(*book_id) {
                                out.request(Request::LoadBook { id: *book_id });
                            }
                            out.info(t!("saved"));
                        } else if patch.review.is_some() {
                            out.info(t!("review-saved"));
                        }
                    }
                }
                out.push(Effect::EntryChanged {
                    book_id: *book_id,
                    entry,
                });
            }
            (Request::UpdateBook { .. }, Written::Book(book)) => {
                out.push(Effect::BookChanged(book.clone()));
                if self.id != Some(book.id) {
                    return;
                }
                let queued = self.queued.take();
                self.saved_entry = Some(book.entry.clone());
                self.book = Some(*book.clone());
                match queued {
                    Some(patch) => self.send_patch(&book, patch, out),
                    None => {
                        self.form = None;
                        out.info(t!("saved"));
                    }
                }
            }
            (Request::DeleteBook { id, .. }, _) => {
                let title = self
                    .book
                    .as_ref()
                    .filter(|book| book.id == *id)
                    .map_or_else(
                        || format!("#{id}"),
                        |book| format!("“{}”", book.fields.title),
                    );
                out.push(Effect::BookDeleted(*id));
                out.info(t!("book-deleted", title = title));
            }
            (
                Request::AddReading { book_id, .. }
                | Request::FinishReading { book_id, .. }
                | Request::UpdateReading { book_id, .. }
                | Request::DeleteReading { book_id, .. },
                _,
            ) => {
                self.status_after_reload = implied_status(request, self.book.as_ref());
                if let Request::UpdateReading { id, .. } = request
                    && self.reading_edit.is_some_and(|edit| edit.id == *id)
                {
                    self.form = None;
                    self.reading_edit = None;
                    out.info(t!("reading-saved"));
                }
                if matches!(request, Request::DeleteReading { .. }) {
                    out.info(t!("reading-deleted"));
                }
                out.request(Request::LoadBook { id: *book_id });
                out.push(Effect::ReloadStats);
            }
            // The picker closed for the name prompt. It opens again on the reloaded
            // book, with the new label checked, so that the next keys go on choosing
            // labels rather than reach the Book screen.
            (
                Request::CreateLabel {
                    kind,
                    attach_to: Some(book_id),
                    ..
                },
                _,
            ) => {
                self.reopen_labels = Some(*kind);
                out.request(Request::LoadBook { id: *book_id });
            }
            (Request::SetLabel { book_id, .. } | Request::MoveBook { book_id, .. }, _) => {
                out.request(Request::LoadBook { id: *book_id });
            }
            _ => {}
        }
    }
}
