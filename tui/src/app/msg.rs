//! Requests for slow work, and the messages their tasks send back.
//!
//! The app never awaits: it queues a [`Request`], the runner performs it in a tokio
//! task, and the task reports with one or more [`Msg`]s over a channel. Tests play
//! the runner's part by reading the queued requests and feeding messages back.

use std::path::PathBuf;

use estante_backend::dates::PartialDate;
use estante_backend::import::ImportFormat;
use estante_backend::model::{BookFields, ReadingFields};
use estante_backend::reports::Report;
use estante_backend::storage::{
    Book, BookQuery, BookSummary, Entry, EntryPatch, ImportReport, Label, LabelKind, NewBook, Page,
    Reading, Stats,
};
use estante_backend::transfer::ExportFormat;

use crate::client::ClientError;
use crate::covers::{CoverError, CoverImage, Encoded};
use crate::screens::library::{FilterJob, FilterMatches};
use crate::screens::ops::msg::{OpsMsg, OpsRequest};
use crate::settings::{GoalUnit, YearGoal};

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Loads every page of the list; a later generation cancels an earlier one.
    LoadLibrary {
        generation: u64,
        query: BookQuery,
    },
    /// Matches the Library filter on worker threads; the result comes back as
    /// [`Msg::FilterMatched`].
    MatchFilter(FilterJob),
    LoadBook {
        id: i64,
    },
    CreateBook {
        new: NewBook,
    },
    UpdateBook {
        id: i64,
        version: i64,
        fields: BookFields,
        /// The book's fields as the form showed them before the change, boxed because
        /// requests travel by value and most are small.
        base: Box<BookFields>,
        /// Set when the reader chose to overwrite another client's change: only the
        /// fields that the reader changed from `base` are written over the server's.
        overwrite: bool,
    },
    PatchEntry {
        book_id: i64,
        version: i64,
        patch: EntryPatch,
    },
    DeleteBook {
        id: i64,
        version: i64,
        /// The entry's version as shown, so that a rating, review or reading
        /// written elsewhere since stops the delete.
        entry_version: i64,
        /// Set by "overwrite" after a conflict: the book is deleted at the versions
        /// the server has now.
        overwrite: bool,
    },
    AddReading {
        book_id: i64,
        fields: ReadingFields,
    },
    /// Finishes the book's open reading on `date`, as stored on the server when the
    /// request runs, or adds a reading finished that day when none is open. The
    /// screen that asked may be stale: another client may have started a reading
    /// since, and adding a second one would count one read twice.
    FinishReading {
        book_id: i64,
        date: PartialDate,
    },
    UpdateReading {
        book_id: i64,
        id: i64,
        version: i64,
        fields: ReadingFields,
        /// The reading's dates as the screen showed them before the change.
        base: ReadingFields,
        /// Set when the reader chose to overwrite another client's change: only the
        /// dates that the reader changed from `base` are written over the server's.
        overwrite: bool,
    },
    DeleteReading {
        book_id: i64,
        id: i64,
        version: i64,
    },
    LoadLabels,
    /// Creates a label, and puts `attach_to` on it when given.
    CreateLabel {
        kind: LabelKind,
        name: String,
        attach_to: Option<i64>,
    },
    RenameLabel {
        kind: LabelKind,
        id: i64,
        version: i64,
        name: String,
    },
    DeleteLabel {
        kind: LabelKind,
        id: i64,
        version: i64,
    },
    SetLabel {
        kind: LabelKind,
        label_id: i64,
        book_id: i64,
        attached: bool,
    },
    /// Takes a book off one label and puts it on another.
    MoveBook {
        kind: LabelKind,
        from: i64,
        to: i64,
        book_id: i64,
    },
    LoadLabelBooks {
        kind: LabelKind,
        name: String,
    },
    LoadStats {
        year: Option<i32>,
    },
    /// The year in review: the year's report as data.
    LoadReview {
        year: i32,
    },
    /// Writes the year's report as Markdown to `path`, with the year's goal. When
    /// `path` exists, the report goes to the first free numbered name beside it
    /// (`estante-report-2026-2.md`, then `-3`, ...), so no file is overwritten.
    ExportReview {
        year: i32,
        path: PathBuf,
        goal: YearGoal,
    },
    Import {
        path: PathBuf,
        format: Option<ImportFormat>,
    },
    Export {
        path: PathBuf,
        format: ExportFormat,
    },
    Lookup {
        isbn: String,
    },
    /// Sets one part of a year's goal; zero removes that part.
    SaveGoal {
        year: i32,
        unit: GoalUnit,
        amount: u32,
    },
    /// Reads and decodes a book's cover; with `fetch`, a missing one is first
    /// fetched from Open Library through the server.
    LoadCover {
        book_id: i64,
        fetch: bool,
    },
    /// Resizes and encodes a decoded cover to fit `area` cells.
    EncodeCover {
        book_id: i64,
        image: CoverImage,
        area: (u16, u16),
    },
    /// Uploads the image file at `path` as the book's cover.
    UploadCover {
        book_id: i64,
        path: PathBuf,
    },
    /// An AWS call for the Ops tab.
    Ops(OpsRequest),
}

impl Request {
    /// The book a write changes, for routing its result.
    pub fn book_id(&self) -> Option<i64> {
        match self {
            Self::UpdateBook { id, .. } | Self::DeleteBook { id, .. } => Some(*id),
            Self::PatchEntry { book_id, .. }
            | Self::AddReading { book_id, .. }
            | Self::FinishReading { book_id, .. }
            | Self::UpdateReading { book_id, .. }
            | Self::DeleteReading { book_id, .. }
            | Self::SetLabel { book_id, .. }
            | Self::MoveBook { book_id, .. } => Some(*book_id),
            Self::CreateLabel { attach_to, .. } => *attach_to,
            _ => None,
        }
    }

    /// The same write against `version`, for overwriting after a conflict.
    pub fn with_version(&self, version: i64) -> Self {
        let mut copy = self.clone();
        match &mut copy {
            // The conflict may be the book's or the entry's, so the runner reads
            // both versions again.
            Self::DeleteBook { overwrite, .. } => *overwrite = true,
            Self::PatchEntry { version: v, .. }
            | Self::DeleteReading { version: v, .. }
            | Self::RenameLabel { version: v, .. }
            | Self::DeleteLabel { version: v, .. } => *v = version,
            Self::UpdateBook {
                version: v,
                overwrite,
                ..
            }
            | Self::UpdateReading {
                version: v,
                overwrite,
                ..
            } => {
                *v = version;
                *overwrite = true;
            }
            _ => {}
        }
        copy
    }
}

/// What a write returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Book(Box<Book>),
    Entry(Entry),
    Reading(Reading),
    Label(Label),
    Done,
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    Reading,
    Uploading {
        format: Option<ImportFormat>,
        bytes: usize,
    },
}

#[derive(Debug)]
pub enum Msg {
    /// One page of the list; `done` is set on the last page and on an error.
    LibraryPage {
        generation: u64,
        result: Result<Page<BookSummary>, ClientError>,
        done: bool,
    },
    /// A library load stopped before its last page because a newer load replaced
    /// it. It carries no rows, but it ends the request, so the load no longer
    /// counts as in flight.
    LibraryLoadSuperseded {
        generation: u64,
    },
    FilterMatched(FilterMatches),
    BookLoaded {
        id: i64,
        result: Result<Book, ClientError>,
    },
    /// The result of a write, with the request so it can be retried or overwritten.
    Wrote {
        request: Request,
        result: Result<Written, ClientError>,
    },
    LabelsLoaded {
        result: Result<(Vec<Label>, Vec<Label>), ClientError>,
    },
    LabelBooksLoaded {
        kind: LabelKind,
        name: String,
        result: Result<Vec<BookSummary>, ClientError>,
    },
    StatsLoaded {
        year: Option<i32>,
        result: Result<Stats, ClientError>,
    },
    ReviewLoaded {
        year: i32,
        result: Result<Box<Report>, ClientError>,
    },
    /// The Markdown report was written: its size in bytes, or why not. The path is
    /// the file written, which may be a numbered name, or on failure the one
    /// requested.
    ReviewExported {
        path: PathBuf,
        result: Result<usize, String>,
    },
    /// Progress of an import; the final result follows as `Imported`.
    ImportProgress(ImportStage),
    Imported {
        path: PathBuf,
        result: Result<ImportReport, String>,
    },
    Exported {
        path: PathBuf,
        result: Result<usize, String>,
    },
    LookedUp {
        isbn: String,
        result: Result<Option<BookFields>, String>,
    },
    /// The goal of `year` as stored after the change.
    GoalSaved {
        year: i32,
        result: Result<YearGoal, String>,
    },
    CoverLoaded {
        book_id: i64,
        result: Result<CoverImage, CoverError>,
    },
    CoverEncoded {
        book_id: i64,
        area: (u16, u16),
        result: Result<Encoded, String>,
    },
    CoverUploaded {
        book_id: i64,
        path: PathBuf,
        result: Result<(), String>,
    },
    Ops(OpsMsg),
}

impl Msg {
    /// Whether this message ends its request; progress messages and all but the
    /// last library page do not.
    pub fn is_final(&self) -> bool {
        match self {
            Self::LibraryPage { done, .. } => *done,
            Self::ImportProgress(_) => false,
            Self::Ops(msg) => msg.is_final(),
            _ => true,
        }
    }
}
