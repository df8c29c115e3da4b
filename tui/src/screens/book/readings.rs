//! Book: editing a reading's dates and deleting a reading.
//!
//! `d` opens a picker of the book's readings. Enter opens a form of the chosen
//! reading's dates in the Book screen's form slot, and `D` deletes it after a
//! confirmation.

use estante_backend::dates::PartialDate;
use estante_backend::model::{ReadingFields, ReadingStatus};
use estante_backend::storage::{Book, Reading};

use super::BookState;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::overlay::{Overlay, PickItem, PickPurpose, Picker};
use crate::i18n::format;
use crate::screens::book::fields::parse_past_date;
use crate::screens::form::{FieldName, Form, line};
use crate::t;

/// The reading whose dates the form in [`BookState::form`] edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingEdit {
    pub id: i64,
    pub version: i64,
}

/// Reports whether `reading` of `book` is its read in progress: it has not ended,
/// and it has a start date, or it is the book's newest reading and the book is
/// being read or paused. The server decides the same way, since an undated
/// reading may also be a past read that an import recorded.
pub fn is_open(reading: &Reading, book: &Book) -> bool {
    let fields = &reading.fields;
    let newest = book.readings.iter().map(|r| r.id).max() == Some(reading.id);
    let in_progress = matches!(
        book.entry.fields.status,
        ReadingStatus::Reading | ReadingStatus::Paused
    );
    fields.finished.is_none()
        && fields.stopped.is_none()
        && (fields.started.is_some() || (newest && in_progress))
}

/// Describes a reading of `book` in one line, such as
/// `started 2024-11 · finished 2024-11-30`.
///
/// A reading without any date that is not the book's read in progress is a past
/// read: imports record each read of a Goodreads `Read Count` that way when the
/// export has one date for several reads.
pub fn describe(reading: &Reading, book: &Book) -> String {
    let fields = &reading.fields;
    let undated = fields.started.is_none() && fields.finished.is_none() && fields.stopped.is_none();
    if undated && !is_open(reading, book) {
        return t!("reading-undated");
    }
    let started = fields
        .started
        .map_or("?".to_string(), |date| format::partial_date(&date));
    let end = match (fields.finished, fields.stopped) {
        (Some(date), _) => t!("reading-finished-on", date = format::partial_date(&date)),
        (None, Some(date)) => t!("reading-stopped-on", date = format::partial_date(&date)),
        (None, None) => t!("reading-in-progress"),
    };
    format!("{} · {end}", t!("reading-started-on", date = started))
}

/// Builds the picker of a book's readings, newest last as on the screen.
pub fn reading_picker(book: &Book) -> Overlay {
    let items = book
        .readings
        .iter()
        .map(|reading| PickItem {
            label: describe(reading, book),
            checked: None,
            id: reading.id,
        })
        .collect();
    Overlay::Pick(Picker {
        title: t!("readings-title"),
        items,
        selected: book.readings.len().saturating_sub(1),
        purpose: PickPurpose::Reading { book_id: book.id },
    })
}

/// Builds the form of a reading's start, finish and stop dates.
pub fn reading_form(reading: &Reading) -> Form {
    let text = |date: Option<PartialDate>| {
        date.map(|date| format::partial_date(&date))
            .unwrap_or_default()
    };
    let fields = &reading.fields;
    Form::new(vec![
        line(
            FieldName::Started,
            t!("field-started"),
            t!("reading-date-hint"),
            &text(fields.started),
        ),
        line(
            FieldName::Finished,
            t!("field-finished"),
            t!("reading-date-hint"),
            &text(fields.finished),
        ),
        line(
            FieldName::Stopped,
            t!("field-stopped"),
            t!("field-stopped-hint"),
            &text(fields.stopped),
        ),
    ])
}

/// Reads the dates of a reading form over `current`, keeping its progress.
pub fn read_reading_form(
    form: &Form,
    current: &ReadingFields,
) -> Result<ReadingFields, (FieldName, String)> {
    let date = |name: FieldName| -> Result<Option<PartialDate>, (FieldName, String)> {
        let text = form.value(name);
        if text.is_empty() {
            return Ok(None);
        }
        parse_past_date(&text)
            .map(Some)
            .map_err(|error| (name, error))
    };
    let fields = ReadingFields {
        started: date(FieldName::Started)?,
        finished: date(FieldName::Finished)?,
        stopped: date(FieldName::Stopped)?,
        ..current.clone()
    };
    if fields.finished.is_some() && fields.stopped.is_some() {
        return Err((FieldName::Stopped, t!("reading-finished-and-stopped")));
    }
    Ok(fields)
}

/// A status that a saved reading implies, with the date the reading gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpliedStatus {
    pub status: ReadingStatus,
    /// The finish date of a finished reading or the start of an opened one. The
    /// status change carries it, so the server finds the reading that ended on it;
    /// with today's date it took the change for a second read that ended today.
    pub date: Option<PartialDate>,
}

/// Returns the status a saved reading implies: read when the write finished a
/// reading that was open or new, did-not-finish when it stopped the open one,
/// reading when it started a new one or opened a closed one again (its end
/// cleared). Editing the dates of a reading that stays
/// closed implies nothing, so fixing an old reading never changes the status of a
/// re-read in progress.
pub fn implied_status(request: &Request, before: Option<&Book>) -> Option<ImpliedStatus> {
    let is_open = |fields: &ReadingFields| fields.finished.is_none() && fields.stopped.is_none();
    let was_open = |id: i64| {
        before
            .and_then(|book| book.readings.iter().find(|r| r.id == id))
            .is_some_and(|reading| is_open(&reading.fields))
    };
    let read = |date| ImpliedStatus {
        status: ReadingStatus::Read,
        date,
    };
    let reading = |date| ImpliedStatus {
        status: ReadingStatus::Reading,
        date,
    };
    match request {
        Request::AddReading { fields, .. } if fields.finished.is_some() => {
            Some(read(fields.finished))
        }
        Request::AddReading { fields, .. } if is_open(fields) => Some(reading(fields.started)),
        Request::FinishReading { date, .. } => Some(read(Some(*date))),
        Request::UpdateReading { id, fields, .. } if fields.finished.is_some() => {
            was_open(*id).then_some(read(fields.finished))
        }
        // Stopping the open reading is giving the book up; the status stayed
        // "reading" with no reading open.
        Request::UpdateReading { id, fields, .. } if fields.stopped.is_some() => was_open(*id)
            .then_some(ImpliedStatus {
                status: ReadingStatus::DidNotFinish,
                date: fields.stopped,
            }),
        Request::UpdateReading { id, fields, .. }
            if is_open(fields) && fields.started.is_some() =>
        {
            (!was_open(*id)).then_some(reading(fields.started))
        }
        _ => None,
    }
}

impl BookState {
    /// Opens the date form of the reading `reading_id` of the book on screen.
    pub fn edit_reading(&mut self, book_id: i64, reading_id: i64, out: &mut Outbox) {
        let Some(reading) = self.reading(book_id, reading_id) else {
            out.error(t!("reading-gone"));
            return;
        };
        let edit = ReadingEdit {
            id: reading.id,
            version: reading.version,
        };
        self.form = Some(reading_form(reading));
        self.reading_edit = Some(edit);
    }

    /// Shows a confirmation before deleting the reading `reading_id` of the book on screen.
    pub fn confirm_delete_reading(&mut self, book_id: i64, reading_id: i64, out: &mut Outbox) {
        let Some(reading) = self.reading(book_id, reading_id) else {
            out.error(t!("reading-gone"));
            return;
        };
        let described = match &self.book {
            Some(book) => describe(reading, book),
            None => String::new(),
        };
        out.overlay(Overlay::Confirm {
            prompt: t!("reading-delete-confirm", reading = described),
            request: Request::DeleteReading {
                book_id,
                id: reading.id,
                version: reading.version,
            },
        });
    }

    fn reading(&self, book_id: i64, reading_id: i64) -> Option<&Reading> {
        self.book
            .as_ref()
            .filter(|book| book.id == book_id)?
            .readings
            .iter()
            .find(|reading| reading.id == reading_id)
    }

    /// Sends the reading form's dates, or shows what is wrong with them.
    pub(super) fn save_reading_form(&mut self, edit: ReadingEdit, out: &mut Outbox) {
        let Some(book) = self.book.as_ref() else {
            return;
        };
        let Some(reading) = book.readings.iter().find(|r| r.id == edit.id) else {
            // A reload after a failed save found the reading deleted elsewhere. Saving
            // then did nothing and showed no message.
            self.form = None;
            self.reading_edit = None;
            out.error(t!("reading-gone-unsaved"));
            return;
        };
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match read_reading_form(form, &reading.fields) {
            Ok(fields) if fields == reading.fields => {
                self.form = None;
                self.reading_edit = None;
                out.info(t!("nothing-changed"));
            }
            Ok(fields) => out.request(Request::UpdateReading {
                book_id: book.id,
                id: edit.id,
                version: edit.version,
                fields,
                base: reading.fields.clone(),
                overwrite: false,
            }),
            Err((name, error)) => {
                form.focus_on(name);
                form.error = Some((name, error));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(started: Option<&str>, finished: Option<&str>) -> Reading {
        Reading {
            id: 9,
            book_id: 3,
            fields: ReadingFields {
                started: started.map(|text| text.parse().unwrap()),
                finished: finished.map(|text| text.parse().unwrap()),
                ..ReadingFields::default()
            },
            version: 1,
        }
    }

    fn book_with(reading: Reading) -> Book {
        Book {
            id: 3,
            fields: Default::default(),
            version: 1,
            entry: estante_backend::storage::Entry {
                fields: Default::default(),
                version: 1,
            },
            readings: vec![reading],
            shelves: Vec::new(),
            tags: Vec::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// A failed save reloads the book; when the reading was deleted elsewhere meanwhile,
    /// the next save did nothing and showed nothing.
    #[test]
    fn save_of_deleted_reading_closes_form() {
        use crate::app::outbox::Effect;

        let mut state = BookState {
            id: Some(3),
            book: Some(book_with(reading(Some("2024-01-02"), None))),
            ..BookState::default()
        };
        let mut out = Outbox::default();
        state.edit_reading(3, 9, &mut out);
        assert!(state.form.is_some());

        if let Some(book) = state.book.as_mut() {
            book.readings.clear();
        }
        state.save_reading_form(ReadingEdit { id: 9, version: 1 }, &mut out);

        assert!(state.form.is_none());
        assert!(state.reading_edit.is_none());
        assert!(out.requests.is_empty());
        assert!(
            out.effects
                .iter()
                .any(|effect| matches!(effect, Effect::Error(text) if text.contains("deleted"))),
            "{:?}",
            out.effects
        );
    }

    fn update(finished: Option<&str>) -> Request {
        Request::UpdateReading {
            book_id: 3,
            id: 9,
            version: 1,
            fields: reading(Some("2024-11"), finished).fields,
            base: reading(Some("2024-11"), None).fields,
            overwrite: false,
        }
    }

    #[test]
    fn finishing_open_reading_implies_read() {
        let open = book_with(reading(Some("2024-11"), None));
        let status = implied_status(&update(Some("2024-11-30")), Some(&open));
        assert_eq!(status.map(|s| s.status), Some(ReadingStatus::Read));
        // The change carries the finish date, not today's.
        assert_eq!(
            status.and_then(|s| s.date),
            Some("2024-11-30".parse().unwrap())
        );
    }

    #[test]
    fn stopping_open_reading_implies_did_not_finish() {
        let open = book_with(reading(Some("2024-11"), None));
        let mut stop = update(None);
        if let Request::UpdateReading { fields, .. } = &mut stop {
            fields.stopped = Some("2024-12-02".parse().unwrap());
        }
        let status = implied_status(&stop, Some(&open));
        assert_eq!(
            status.map(|s| (s.status, s.date)),
            Some((ReadingStatus::DidNotFinish, "2024-12-02".parse().ok()))
        );
    }

    #[test]
    fn editing_closed_reading_implies_nothing() {
        let closed = book_with(reading(Some("2024-11"), Some("2024-11-30")));
        let status = implied_status(&update(Some("2024-12-01")), Some(&closed));
        assert_eq!(status, None);
    }

    #[test]
    fn reopening_a_reading_implies_reading() {
        let closed = book_with(reading(Some("2024-11"), Some("2024-11-30")));
        let status = implied_status(&update(None), Some(&closed));
        assert_eq!(status.map(|s| s.status), Some(ReadingStatus::Reading));

        let open = book_with(reading(Some("2024-10"), None));
        assert_eq!(implied_status(&update(None), Some(&open)), None);
    }

    #[test]
    fn new_readings_imply_status() {
        let started = Request::AddReading {
            book_id: 3,
            fields: reading(Some("2025-06-15"), None).fields,
        };
        let finished = Request::AddReading {
            book_id: 3,
            fields: reading(None, Some("2025-06-15")).fields,
        };
        let status = |request| implied_status(request, None).map(|s| (s.status, s.date));
        let day = "2025-06-15".parse().ok();
        assert_eq!(status(&started), Some((ReadingStatus::Reading, day)));
        assert_eq!(status(&finished), Some((ReadingStatus::Read, day)));
    }

    #[test]
    fn reading_form_rejects_finished_and_stopped() {
        let current = reading(Some("2024-11"), Some("2024-11-30"));
        let mut form = reading_form(&current);
        form.set(FieldName::Stopped, "2024-11-20");
        let (field, _) = read_reading_form(&form, &current.fields).unwrap_err();
        assert_eq!(field, FieldName::Stopped);
    }

    #[test]
    fn reading_form_clears_empty_dates() {
        let current = reading(Some("2024-11"), Some("2024-11-30"));
        let mut form = reading_form(&current);
        form.set(FieldName::Started, "");
        let fields = read_reading_form(&form, &current.fields).unwrap();
        assert_eq!(fields.started, None);
        assert_eq!(fields.finished, current.fields.finished);
    }
}
