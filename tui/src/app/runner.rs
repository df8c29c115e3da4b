//! Performs [`Request`]s in tokio tasks and reports over the app's channel.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use estante_backend::model::{BookFields, ReadingFields};
use estante_backend::storage::{BookQuery, LabelKind};
use tokio::sync::mpsc::UnboundedSender;

use super::msg::{ImportStage, Msg, Request, Written};
use super::ops_runner::OpsRunner;
use crate::client::{Client, ClientError};
use crate::covers::{Encoded, Renderer};
use crate::openlibrary::OpenLibrary;
use crate::screens::library::FilterMatches;

/// Books in the first page of the Library: one screen of rows and some to scroll.
const FIRST_PAGE_LIMIT: u32 = 100;

#[derive(Debug, Clone)]
pub struct Runner {
    client: Client,
    openlibrary: OpenLibrary,
    config_file: PathBuf,
    sender: UnboundedSender<Msg>,
    /// The newest library generation; older loads stop at their next page.
    library_generation: Arc<AtomicU64>,
    /// Requests that change data and have not finished, so quitting can wait.
    writes: Arc<AtomicUsize>,
    finished: Arc<tokio::sync::Notify>,
    pub(super) ops: OpsRunner,
    /// The cover renderer; `None` when covers are off.
    covers: Option<Renderer>,
}

impl Runner {
    pub fn new(
        client: Client,
        openlibrary: OpenLibrary,
        config_file: PathBuf,
        sender: UnboundedSender<Msg>,
    ) -> Self {
        Self {
            client,
            openlibrary,
            config_file,
            sender,
            library_generation: Arc::new(AtomicU64::new(0)),
            writes: Arc::new(AtomicUsize::new(0)),
            finished: Arc::new(tokio::sync::Notify::new()),
            ops: OpsRunner::default(),
            covers: None,
        }
    }

    /// Sets how covers are encoded, which must match the app's context.
    pub fn with_covers(mut self, covers: Option<Renderer>) -> Self {
        self.covers = covers;
        self
    }

    /// Sets what the Ops tab's AWS calls run with.
    pub fn with_ops(mut self, ops: OpsRunner) -> Self {
        self.ops = ops;
        self
    }

    pub fn writes_in_flight(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    /// Waits until no write is in flight.
    pub async fn wait_for_writes(&self) {
        while self.writes_in_flight() > 0 {
            let notified = self.finished.notified();
            if self.writes_in_flight() == 0 {
                return;
            }
            notified.await;
        }
    }

    /// Starts `request` in a task and returns at once.
    pub fn spawn(&self, request: Request) {
        if let Request::LoadLibrary { generation, .. } = &request {
            self.library_generation.store(*generation, Ordering::SeqCst);
        }
        let is_write = !matches!(
            request,
            Request::LoadLibrary { .. }
                | Request::MatchFilter(_)
                | Request::LoadBook { .. }
                | Request::LoadLabels
                | Request::LoadLabelBooks { .. }
                | Request::LoadStats { .. }
                | Request::LoadReview { .. }
                | Request::Lookup { .. }
                | Request::LoadCover { .. }
                | Request::EncodeCover { .. }
                | Request::Ops(_)
        );
        if is_write {
            self.writes.fetch_add(1, Ordering::SeqCst);
        }
        let runner = self.clone();
        tokio::spawn(async move {
            let writes = Arc::clone(&runner.writes);
            let finished = Arc::clone(&runner.finished);
            runner.perform(request).await;
            if is_write {
                writes.fetch_sub(1, Ordering::SeqCst);
                finished.notify_waiters();
            }
        });
    }

    pub(super) fn send(&self, msg: Msg) {
        // The receiver is gone only while the app shuts down; the result is moot then.
        let _ = self.sender.send(msg);
    }

    async fn perform(self, request: Request) {
        let client = &self.client;
        match request {
            Request::LoadLibrary { generation, query } => {
                self.load_library(generation, query).await
            }
            Request::MatchFilter(job) => {
                let seq = job.seq;
                let text = job.text.clone();
                let end = job.candidates.end;
                let matches = tokio::task::spawn_blocking(move || job.run())
                    .await
                    .unwrap_or_else(|error| {
                        tracing::error!(%error, seq, "filter job failed");
                        FilterMatches {
                            seq,
                            text,
                            end,
                            ranked: None,
                        }
                    });
                self.send(Msg::FilterMatched(matches));
            }
            Request::LoadBook { id } => {
                let result = client.book(id).await;
                self.send(Msg::BookLoaded { id, result });
            }
            Request::LoadLabels => {
                let result = async {
                    let shelves = client.labels(LabelKind::Shelf).await?;
                    let tags = client.labels(LabelKind::Tag).await?;
                    Ok((shelves, tags))
                }
                .await;
                self.send(Msg::LabelsLoaded { result });
            }
            Request::LoadLabelBooks { kind, name } => {
                let query = match kind {
                    LabelKind::Shelf => BookQuery {
                        shelf: Some(name.clone()),
                        ..BookQuery::default()
                    },
                    LabelKind::Tag => BookQuery {
                        tag: Some(name.clone()),
                        ..BookQuery::default()
                    },
                };
                let result = client.list_all_books(&query).await;
                self.send(Msg::LabelBooksLoaded { kind, name, result });
            }
            Request::LoadStats { year } => {
                let result = client.stats(year).await;
                self.send(Msg::StatsLoaded { year, result });
            }
            Request::LoadReview { year } => {
                let result = client.year_in_review(year).await.map(Box::new);
                self.send(Msg::ReviewLoaded { year, result });
            }
            Request::ExportReview { year, path, goal } => {
                let markdown = estante_backend::reports::ReportFormat::Markdown;
                let (path, result) = match client.report(year, markdown).await {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes);
                        let text = crate::screens::stats::markdown_with_goal(&text, goal);
                        match write_new_file(&path, text.as_bytes()).await {
                            Ok(written) => (written, Ok(text.len())),
                            Err(error) => (path, Err(error)),
                        }
                    }
                    Err(error) => (path, Err(error.to_string())),
                };
                self.send(Msg::ReviewExported { path, result });
            }
            Request::Import { path, format } => self.import(path, format).await,
            Request::Ops(request) => self.perform_ops(request).await,
            Request::Export { path, format } => {
                // An existing file is kept: the export goes to a numbered name beside
                // it, and the message names the file written. A folder gets the
                // format's file name inside it.
                let path = inside_if_folder(path, format.file_name());
                let (path, result) = match client.export(format).await {
                    Ok(bytes) => match write_new_file(&path, &bytes).await {
                        Ok(written) => (written, Ok(bytes.len())),
                        Err(error) => (path, Err(error)),
                    },
                    Err(error) => (path, Err(error.to_string())),
                };
                self.send(Msg::Exported { path, result });
            }
            Request::Lookup { isbn } => {
                let result = self
                    .openlibrary
                    .lookup(&isbn)
                    .await
                    .map_err(|e| e.to_string());
                self.send(Msg::LookedUp { isbn, result });
            }
            Request::SaveGoal { year, unit, amount } => {
                let file = self.config_file.clone();
                let result = tokio::task::spawn_blocking(move || {
                    crate::settings::save_goal(&file, year, unit, amount).map_err(|e| e.to_string())
                })
                .await
                .unwrap_or_else(|error| Err(error.to_string()));
                self.send(Msg::GoalSaved { year, result });
            }
            Request::LoadCover { book_id, fetch } => {
                let result = crate::covers::load(client, book_id, fetch).await;
                self.send(Msg::CoverLoaded { book_id, result });
            }
            Request::EncodeCover {
                book_id,
                image,
                area,
            } => {
                let renderer = self.covers.clone();
                let result = tokio::task::spawn_blocking(move || {
                    let Some(renderer) = renderer else {
                        return Err(crate::t!("covers-off"));
                    };
                    let size = ratatui::layout::Size::new(area.0, area.1);
                    renderer.encode(&image.0, size).map(Encoded)
                })
                .await
                .unwrap_or_else(|error| Err(error.to_string()));
                if let Err(error) = &result {
                    tracing::warn!(book_id, %error, "cover not encoded");
                }
                self.send(Msg::CoverEncoded {
                    book_id,
                    area,
                    result,
                });
            }
            Request::UploadCover { book_id, path } => {
                let result = upload_cover(client, book_id, &path).await;
                if let Err(error) = &result {
                    tracing::warn!(book_id, path = %path.display(), %error, "cover upload failed");
                }
                self.send(Msg::CoverUploaded {
                    book_id,
                    path,
                    result,
                });
            }
            write => {
                let result = self.write(&write).await;
                self.send(Msg::Wrote {
                    request: write,
                    result,
                });
            }
        }
    }

    /// Loads the list page by page. The first page is small, so that the first rows
    /// are drawn before the server has produced a full page.
    async fn load_library(&self, generation: u64, mut query: BookQuery) {
        query.limit = Some(FIRST_PAGE_LIMIT);
        loop {
            if self.library_generation.load(Ordering::SeqCst) != generation {
                tracing::debug!(generation, "library load superseded");
                self.send(Msg::LibraryLoadSuperseded { generation });
                return;
            }
            let result = self.client.list_books(&query).await;
            let next = result
                .as_ref()
                .ok()
                .and_then(|page| page.next_cursor.clone());
            let done = next.is_none();
            if let Err(error) = &result {
                tracing::warn!(%error, "failed to load a page of the library");
            }
            self.send(Msg::LibraryPage {
                generation,
                result,
                done,
            });
            match next {
                Some(cursor) => query.cursor = Some(cursor),
                None => return,
            }
            query.limit = Some(BookQuery::MAX_LIMIT);
        }
    }

    async fn import(&self, path: PathBuf, format: Option<estante_backend::import::ImportFormat>) {
        self.send(Msg::ImportProgress(ImportStage::Reading));
        let reading = path.clone();
        let read = tokio::task::spawn_blocking(move || {
            crate::paths::read_capped(&reading, crate::client::MAX_IMPORT_BYTES)
        })
        .await
        .unwrap_or_else(|error| Err(std::io::Error::other(error)));
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(error) => {
                let result = Err(crate::t!(
                    "file-read-failed",
                    path = path.display().to_string(),
                    error = crate::i18n::io_error(&error)
                ));
                self.send(Msg::Imported { path, result });
                return;
            }
        };
        let detected = format.or_else(|| estante_backend::import::detect_format(&bytes).ok());
        self.send(Msg::ImportProgress(ImportStage::Uploading {
            format: detected,
            bytes: bytes.len(),
        }));
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "import".to_string());
        let result = self.client.import(&name, bytes, format).await;
        match &result {
            Ok(report) => {
                tracing::info!(path = %path.display(), imported = report.imported, "import finished")
            }
            Err(error) => tracing::warn!(path = %path.display(), %error, "import failed"),
        }
        self.send(Msg::Imported {
            path,
            result: result.map_err(|e| e.to_string()),
        });
    }

    async fn write(&self, request: &Request) -> Result<Written, ClientError> {
        let client = &self.client;
        let result = match request.clone() {
            Request::CreateBook { new } => client
                .create_book(&new)
                .await
                .map(|b| Written::Book(Box::new(b))),
            Request::UpdateBook {
                id,
                version,
                fields,
                base,
                overwrite,
            } => {
                let (version, fields) = if overwrite {
                    // Writing the whole form would also undo the fields that the other
                    // client changed and the reader left alone.
                    let current = client.book(id).await?;
                    (
                        current.version,
                        overwrite_changed_fields(&base, &fields, current.fields),
                    )
                } else {
                    (version, fields)
                };
                client
                    .update_book(id, version, &fields)
                    .await
                    .map(|b| Written::Book(Box::new(b)))
            }
            Request::PatchEntry {
                book_id,
                version,
                patch,
            } => client
                .update_entry(book_id, version, &patch)
                .await
                .map(Written::Entry),
            Request::DeleteBook {
                id,
                version,
                entry_version,
                overwrite,
            } => {
                let (version, entry_version) = if overwrite {
                    let book = client.book(id).await?;
                    (book.version, book.entry.version)
                } else {
                    (version, entry_version)
                };
                client
                    .delete_book(id, version, Some(entry_version))
                    .await
                    .map(|()| Written::Done)
            }
            Request::AddReading { book_id, fields } => client
                .add_reading(book_id, &fields)
                .await
                .map(Written::Reading),
            Request::FinishReading { book_id, date } => {
                let book = client.book(book_id).await?;
                let open = book
                    .readings
                    .iter()
                    .rev()
                    .find(|reading| crate::screens::book::readings::is_open(reading, &book));
                match open {
                    Some(reading) => {
                        let fields = ReadingFields {
                            finished: Some(date),
                            ..reading.fields.clone()
                        };
                        client
                            .update_reading(reading.id, reading.version, &fields)
                            .await
                    }
                    None => {
                        let fields = ReadingFields {
                            finished: Some(date),
                            ..ReadingFields::default()
                        };
                        client.add_reading(book_id, &fields).await
                    }
                }
                .map(Written::Reading)
            }
            Request::UpdateReading {
                id,
                version,
                fields,
                base,
                overwrite,
                ..
            } => {
                let (version, fields) = if overwrite {
                    // Writing the whole form would also undo the dates that the other
                    // client set and the reader left alone, such as a finish date.
                    let current = client.reading(id).await?;
                    (
                        current.version,
                        overwrite_changed(&base, &fields, current.fields),
                    )
                } else {
                    (version, fields)
                };
                client
                    .update_reading(id, version, &fields)
                    .await
                    .map(Written::Reading)
            }
            Request::DeleteReading { id, version, .. } => client
                .delete_reading(id, version)
                .await
                .map(|()| Written::Done),
            Request::CreateLabel {
                kind,
                name,
                attach_to,
            } => {
                let label = client.create_label(kind, &name).await?;
                if let Some(book_id) = attach_to {
                    client.attach_label(kind, label.id, book_id).await?;
                }
                Ok(Written::Label(label))
            }
            Request::RenameLabel {
                kind,
                id,
                version,
                name,
            } => client
                .rename_label(kind, id, version, &name)
                .await
                .map(Written::Label),
            Request::DeleteLabel { kind, id, version } => client
                .delete_label(kind, id, version)
                .await
                .map(|()| Written::Done),
            Request::SetLabel {
                kind,
                label_id,
                book_id,
                attached,
            } => if attached {
                client.attach_label(kind, label_id, book_id).await
            } else {
                client.detach_label(kind, label_id, book_id).await
            }
            .map(|()| Written::Done),
            Request::MoveBook {
                kind,
                from,
                to,
                book_id,
            } => {
                client.attach_label(kind, to, book_id).await?;
                client.detach_label(kind, from, book_id).await?;
                Ok(Written::Done)
            }
            other => Err(ClientError::Other(format!("{other:?} is not a write"))),
        };
        if let Err(error) = &result {
            tracing::warn!(%error, request = ?request_name(request), "write failed");
        }
        result
    }
}

/// Returns `current` with each date that the reader changed from `base` to `mine`.
/// A reading ends once, finished or stopped, so an end that the reader set replaces
/// the other end that another client set meanwhile. The server rejects a reading
/// with both.
fn overwrite_changed(
    base: &ReadingFields,
    mine: &ReadingFields,
    mut current: ReadingFields,
) -> ReadingFields {
    if mine.started != base.started {
        current.started = mine.started;
    }
    if mine.finished != base.finished {
        current.finished = mine.finished;
        if mine.finished.is_some() {
            current.stopped = None;
        }
    }
    if mine.stopped != base.stopped {
        current.stopped = mine.stopped;
        if mine.stopped.is_some() {
            current.finished = None;
        }
    }
    if mine.progress != base.progress || mine.progress_unit != base.progress_unit {
        current.progress = mine.progress;
        current.progress_unit = mine.progress_unit;
    }
    current
}

/// Returns `current` with each field that the reader changed from `base` to `mine`.
/// The pattern names every field, so a field added to the book cannot be left out.
fn overwrite_changed_fields(
    base: &BookFields,
    mine: &BookFields,
    mut current: BookFields,
) -> BookFields {
    let BookFields {
        title,
        subtitle,
        isbn10,
        isbn13,
        asin,
        goodreads_id,
        librarything_id,
        publisher,
        format,
        pages,
        published_year,
        original_year,
        language,
        description,
        contributors,
        series,
    } = mine.clone();
    macro_rules! take_changed {
        ($($field:ident),+) => {
            $(
                if $field != base.$field {
                    current.$field = $field;
                }
            )+
        };
    }
    take_changed!(
        title,
        subtitle,
        isbn10,
        isbn13,
        asin,
        goodreads_id,
        librarything_id,
        publisher,
        format,
        pages,
        published_year,
        original_year,
        language,
        description,
        contributors,
        series
    );
    current
}

fn request_name(request: &Request) -> &'static str {
    match request {
        Request::CreateBook { .. } => "create book",
        Request::UpdateBook { .. } => "update book",
        Request::PatchEntry { .. } => "update entry",
        Request::DeleteBook { .. } => "delete book",
        Request::AddReading { .. } => "add reading",
        Request::FinishReading { .. } => "finish reading",
        Request::UpdateReading { .. } => "update reading",
        Request::DeleteReading { .. } => "delete reading",
        Request::CreateLabel { .. } => "create label",
        Request::RenameLabel { .. } => "rename label",
        Request::DeleteLabel { .. } => "delete label",
        Request::SetLabel { .. } => "set label",
        Request::MoveBook { .. } => "move book",
        _ => "other",
    }
}

/// Reads an image file and stores it as the cover of `book_id`.
async fn upload_cover(client: &Client, book_id: i64, path: &Path) -> Result<(), String> {
    let reading = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || {
        crate::paths::read_capped(&reading, crate::covers::MAX_UPLOAD_BYTES)
    })
    .await
    .unwrap_or_else(|error| Err(std::io::Error::other(error)));
    let bytes = read.map_err(|error| {
        crate::t!(
            "file-read-failed",
            path = path.display().to_string(),
            error = crate::i18n::io_error(&error)
        )
    })?;
    let shown = path.to_path_buf();
    let (bytes, content_type) = tokio::task::spawn_blocking(move || {
        crate::covers::check_upload(&bytes, &shown).map(|content_type| (bytes, content_type))
    })
    .await
    .map_err(|error| error.to_string())??;

    client
        .put_cover(book_id, bytes, content_type)
        .await
        .map_err(|error| error.to_string())
}

/// Returns `name` inside `path` when `path` is an existing folder, and `path`
/// otherwise. A folder typed as an export's destination means "put it there".
fn inside_if_folder(path: PathBuf, name: &str) -> PathBuf {
    if path.is_dir() { path.join(name) } else { path }
}

/// Tries `path`, then numbered names beside it, before giving up.
const MAX_NUMBERED_NAMES: u32 = 1000;

/// Returns `path` with `-number` added to its file stem: `report.md` becomes
/// `report-2.md`.
fn numbered_path(path: &Path, number: u32) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(extension) => format!("{stem}-{number}.{}", extension.to_string_lossy()),
        None => format!("{stem}-{number}"),
    };
    path.with_file_name(name)
}

/// Writes `bytes` to a new file at `path`, or at the first numbered name beside
/// it that does not exist yet (`-2`, `-3`, ...), and returns the path written.
/// Creating with `create_new` makes the check and the creation one step, so a
/// file that appears meanwhile is not overwritten either.
pub(crate) async fn write_new_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    use tokio::io::AsyncWriteExt as _;

    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent).await.map_err(|error| {
            crate::t!(
                "folder-create-failed",
                path = parent.display().to_string(),
                error = crate::i18n::folder_error(&error, parent)
            )
        })?;
    }
    let write_failed = |path: &Path, error: std::io::Error| {
        crate::t!(
            "file-write-failed",
            path = path.display().to_string(),
            error = crate::i18n::io_error(&error)
        )
    };
    for number in 1..=MAX_NUMBERED_NAMES {
        let candidate = match number {
            1 => path.to_path_buf(),
            _ => numbered_path(path, number),
        };
        let opened = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
            .await;
        let mut file = match opened {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(write_failed(&candidate, error)),
        };
        file.write_all(bytes)
            .await
            .map_err(|error| write_failed(&candidate, error))?;
        file.flush()
            .await
            .map_err(|error| write_failed(&candidate, error))?;
        return Ok(candidate);
    }
    let last = numbered_path(path, MAX_NUMBERED_NAMES);
    let error = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
    Err(write_failed(&last, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_path_keeps_extension() {
        let path = Path::new("/home/reader/estante-report-2026.md");
        assert_eq!(
            numbered_path(path, 2),
            Path::new("/home/reader/estante-report-2026-2.md")
        );
        assert_eq!(numbered_path(Path::new("notes"), 3), Path::new("notes-3"));
    }

    #[test]
    fn export_into_a_typed_folder() {
        let dir = tempfile::tempdir().unwrap();
        let name = "estante_archive.json";
        assert_eq!(
            inside_if_folder(dir.path().to_path_buf(), name),
            dir.path().join(name)
        );
        let file = dir.path().join("mine.json");
        assert_eq!(inside_if_folder(file.clone(), name), file);
    }

    #[tokio::test]
    async fn write_new_file_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estante-report-2026.md");
        std::fs::write(&path, "older report").unwrap();

        let second = write_new_file(&path, b"second").await.unwrap();
        assert_eq!(second, dir.path().join("estante-report-2026-2.md"));
        let third = write_new_file(&path, b"third").await.unwrap();
        assert_eq!(third, dir.path().join("estante-report-2026-3.md"));

        assert_eq!(std::fs::read_to_string(&path).unwrap(), "older report");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "second");
        assert_eq!(std::fs::read_to_string(&third).unwrap(), "third");
    }

    #[tokio::test]
    async fn write_new_file_uses_free_path_as_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports").join("estante-report-2026.md");
        assert_eq!(write_new_file(&path, b"first").await.unwrap(), path);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
    }
}
