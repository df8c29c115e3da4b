//! `estante books …`.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use estante_backend::model::{
    BookFields, Contributor, ContributorRole, EntryFields, Rating, ReadingStatus,
};
use estante_backend::storage::{
    Book, BookQuery, BookSummary, EntryPatch, LabelKind, NewBook, SortKey, SortOrder,
};

use super::output::{format_rating, print_json, print_paragraph, print_table};
use crate::cli::{AddArgs, BooksCommand, ListArgs, Output};
use crate::client::Client;
use crate::i18n::format;
use crate::screens::book::draw::role_label;
use crate::status;
use crate::t;

pub async fn run(client: &Client, command: BooksCommand) -> Result<()> {
    match command {
        BooksCommand::List(args) => list(client, None, args).await,
        BooksCommand::Search { query, list: args } => {
            // An empty query would list every book, which `books list` does already.
            if query.trim().is_empty() {
                anyhow::bail!(t!("cli-search-empty"));
            }
            list(client, Some(query), args).await
        }
        BooksCommand::Show { id, output } => {
            let book = client
                .book(id)
                .await
                .with_context(|| t!("cli-book-load-failed", id = id.to_string()))?;
            print_book(&book, output)
        }
        BooksCommand::Add(args) => add(client, args).await,
        BooksCommand::Rate { id, stars, output } => {
            let rating = if stars == 0.0 {
                None
            } else {
                Some(Rating::from_stars(stars).map_err(|reason| anyhow!(reason))?)
            };
            let patch = EntryPatch {
                rating: Some(rating),
                ..EntryPatch::default()
            };
            update_entry(client, id, &patch, output).await
        }
        BooksCommand::Cover { id, file, output } => upload_cover(client, id, &file, output).await,
        BooksCommand::Merge { id, from, output } => merge(client, id, from, output).await,
        BooksCommand::Delete { id, yes, output } => delete(client, id, yes, output).await,
        BooksCommand::Status { id, status, output } => {
            let patch = EntryPatch {
                status: Some(parse_status(&status)?),
                ..EntryPatch::default()
            };
            update_entry(client, id, &patch, output).await
        }
    }
}

/// Parses a status by its API name, label or a common alias such as `dnf`.
pub fn parse_status(text: &str) -> Result<ReadingStatus> {
    Ok(status::parse(text)?)
}

/// Parses a sort key by its API name or its Portuguese name, with or without
/// accents, so a key shown in either language can be typed back. The Library's
/// column headings (`authors`, `autores`) count too.
fn parse_sort(text: &str) -> Result<SortKey> {
    Ok(match crate::i18n::fold(text.trim()).as_str() {
        "title" | "titulo" => SortKey::Title,
        "author" | "authors" | "autor" | "autores" => SortKey::Author,
        "added" | "adicionado" => SortKey::Added,
        "rating" | "nota" | "avaliacao" => SortKey::Rating,
        "read" | "lido" => SortKey::Read,
        "pages" | "paginas" => SortKey::Pages,
        _ => bail!(t!("cli-bad-sort", key = format!("{text:?}"))),
    })
}

async fn list(client: &Client, q: Option<String>, args: ListArgs) -> Result<()> {
    let query = BookQuery {
        q,
        status: args.status.as_deref().map(parse_status).transpose()?,
        shelf: args.shelf,
        tag: args.tag,
        sort: Some(parse_sort(&args.sort)?),
        order: if args.desc {
            SortOrder::Desc
        } else {
            SortOrder::Asc
        },
        ..BookQuery::default()
    };
    let mut books = client
        .list_all_books(&query)
        .await
        .with_context(|| t!("cli-list-failed"))?;
    if books.is_empty() {
        check_labels_exist(client, &query).await?;
    }
    if let Some(limit) = args.limit {
        books.truncate(limit);
    }
    let filtered =
        query.q.is_some() || query.status.is_some() || query.shelf.is_some() || query.tag.is_some();
    match args.output {
        Output::Json => print_json(&books),
        Output::Table => print_summaries(&books, filtered),
    }
}

/// Fails with the names there are when the shelf or tag of an empty list does not
/// exist, since "No books match" would read as an empty shelf.
async fn check_labels_exist(client: &Client, query: &BookQuery) -> Result<()> {
    for (kind, name) in [
        (LabelKind::Shelf, &query.shelf),
        (LabelKind::Tag, &query.tag),
    ] {
        let Some(name) = name else {
            continue;
        };
        let labels = client
            .labels(kind)
            .await
            .with_context(|| t!("cli-list-failed"))?;
        let folded = name.to_lowercase();
        if labels
            .iter()
            .all(|label| label.name.to_lowercase() != folded)
        {
            let mut names: Vec<&str> = labels.iter().map(|label| label.name.as_str()).collect();
            names.sort_unstable();
            let known = if names.is_empty() {
                t!("cli-no-labels")
            } else {
                names.join(", ")
            };
            bail!(match kind {
                LabelKind::Shelf => t!("cli-no-such-shelf", name = name.as_str(), known = known),
                LabelKind::Tag => t!("cli-no-such-tag", name = name.as_str(), known = known),
            });
        }
    }
    Ok(())
}

/// Prints books as a table. `filtered` is true when a search or filter chose them,
/// which decides the message for an empty list.
fn print_summaries(books: &[BookSummary], filtered: bool) -> Result<()> {
    // A bare header reads as a broken listing; the note goes to standard error so
    // standard output stays empty for scripts. "No books match" gave a new reader
    // no hint about an empty library.
    if books.is_empty() {
        let note = if filtered {
            t!("cli-no-books")
        } else {
            t!("cli-library-empty")
        };
        eprintln!("{note}");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = books
        .iter()
        .map(|book| {
            vec![
                book.id.to_string(),
                book.title.clone(),
                book.authors.join(", "),
                status::label(book.status),
                format_rating(book.rating),
                book.last_read
                    .as_deref()
                    .map(crate::i18n::format::iso_date)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        t!("cli-col-id"),
        t!("cli-col-title"),
        t!("cli-col-authors"),
        t!("cli-col-status"),
        t!("cli-col-rating"),
        t!("cli-col-read"),
    ];
    print_table(&header, &rows)
}

fn print_book(book: &Book, output: Output) -> Result<()> {
    if output == Output::Json {
        return print_json(book);
    }
    let header = [t!("cli-col-field"), t!("cli-col-value")];
    print_table(&header, &book_rows(book))?;
    for (label, text) in long_texts(book) {
        print_paragraph(&label, text)?;
    }
    Ok(())
}

/// Builds the table rows of `books show`: the core fields always, every other short
/// field when it is set. Texts that may run to paragraphs are in [`long_texts`] because a
/// table cell is cut to one line.
fn book_rows(book: &Book) -> Vec<Vec<String>> {
    let fields = &book.fields;
    let entry = &book.entry.fields;
    let authors = fields.author_names();
    let others: Vec<String> = fields
        .contributors
        .iter()
        .filter(|c| c.role != ContributorRole::Author)
        .map(|c| format!("{} ({})", c.name, role_label(c.role)))
        .collect();
    let series = fields.series.as_ref().map(|s| match &s.position {
        Some(position) => format!("{} #{position}", s.name),
        None => s.name.clone(),
    });
    let year = |year: Option<i64>| year.map(|year| year.to_string());

    let mut rows = vec![
        vec![t!("cli-field-id"), book.id.to_string()],
        vec![t!("cli-field-title"), fields.title.clone()],
    ];
    let optional = [
        (t!("cli-field-subtitle"), fields.subtitle.clone()),
        (t!("cli-field-series"), series),
    ];
    push_set(&mut rows, optional);
    rows.push(vec![t!("cli-field-authors"), authors.join(", ")]);
    let optional = [(
        t!("cli-field-contributors"),
        (!others.is_empty()).then(|| others.join(", ")),
    )];
    push_set(&mut rows, optional);
    rows.push(vec![t!("cli-field-status"), status::label(entry.status)]);
    rows.push(vec![t!("cli-field-rating"), format_rating(entry.rating)]);
    rows.push(vec![
        t!("cli-field-isbn13"),
        fields.isbn13.clone().unwrap_or_default(),
    ]);
    rows.push(vec![
        t!("cli-field-pages"),
        fields
            .pages
            .map(crate::i18n::format::integer)
            .unwrap_or_default(),
    ]);
    let optional = [
        (t!("cli-field-isbn10"), fields.isbn10.clone()),
        (t!("cli-field-asin"), fields.asin.clone()),
        (t!("cli-field-goodreads-id"), fields.goodreads_id.clone()),
        (
            t!("cli-field-librarything-id"),
            fields.librarything_id.clone(),
        ),
        (t!("cli-field-publisher"), fields.publisher.clone()),
        (t!("cli-field-format"), fields.format.clone()),
        (t!("cli-field-published-year"), year(fields.published_year)),
        (t!("cli-field-original-year"), year(fields.original_year)),
        (t!("cli-field-language"), fields.language.clone()),
        (
            t!("cli-field-added"),
            entry.date_added.map(|date| format::partial_date(&date)),
        ),
        (
            t!("cli-field-copies"),
            (entry.owned_copies != 0).then(|| entry.owned_copies.to_string()),
        ),
    ];
    push_set(&mut rows, optional);
    rows.push(vec![t!("cli-field-shelves"), book.shelves.join(", ")]);
    rows.push(vec![t!("cli-field-tags"), book.tags.join(", ")]);
    // Worded as the book view words them, so finished, stopped, in progress and
    // undated past reads read differently.
    for reading in &book.readings {
        let described = crate::screens::book::readings::describe(reading, book);
        rows.push(vec![t!("cli-field-reading"), described]);
    }
    rows
}

/// Appends a row for each value that is set and not blank.
fn push_set<const N: usize>(rows: &mut Vec<Vec<String>>, values: [(String, Option<String>); N]) {
    for (label, value) in values {
        if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
            rows.push(vec![label, value]);
        }
    }
}

/// Collects the book's texts that are set, with their labels: description, review
/// and private notes. The label of a review marked as a spoiler mentions spoilers.
fn long_texts(book: &Book) -> Vec<(String, &str)> {
    let entry = &book.entry.fields;
    let review_label = if entry.review_spoiler {
        t!("cli-field-review-spoiler")
    } else {
        t!("cli-field-review")
    };
    [
        (
            t!("cli-field-description"),
            book.fields.description.as_deref(),
        ),
        (review_label, entry.review.as_deref()),
        (t!("cli-field-notes"), entry.private_notes.as_deref()),
    ]
    .into_iter()
    .filter_map(|(label, text)| Some((label, text.filter(|text| !text.trim().is_empty())?)))
    .collect()
}

async fn add(client: &Client, args: AddArgs) -> Result<()> {
    let mut fields = BookFields {
        title: args.title,
        contributors: args.authors.into_iter().map(Contributor::author).collect(),
        pages: args.pages,
        published_year: args.year,
        publisher: args.publisher,
        ..BookFields::default()
    };
    if let Some(isbn) = args.isbn {
        let digits: String = isbn.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if digits.len() == 10 {
            fields.isbn10 = Some(digits);
        } else {
            fields.isbn13 = Some(digits);
        }
    }
    let mut entry = EntryFields::default();
    if let Some(status) = args.status.as_deref() {
        entry.status = parse_status(status)?;
    }
    if let Some(stars) = args.rating {
        entry.rating = Some(Rating::from_stars(stars).map_err(|reason| anyhow!(reason))?);
    }
    let new = NewBook {
        fields,
        entry: Some(entry),
    };
    let book = client
        .create_book(&new)
        .await
        .with_context(|| t!("cli-add-failed"))?;
    print_book(&book, args.output)
}

/// Applies a patch against the entry's current version, read just before.
async fn update_entry(client: &Client, id: i64, patch: &EntryPatch, output: Output) -> Result<()> {
    let book = client
        .book(id)
        .await
        .with_context(|| t!("cli-book-update-failed", id = id.to_string()))?;
    client
        .update_entry(id, book.entry.version, patch)
        .await
        .with_context(|| t!("cli-book-update-failed", id = id.to_string()))?;
    let book = client
        .book(id)
        .await
        .with_context(|| t!("cli-book-load-failed", id = id.to_string()))?;
    print_book(&book, output)
}

/// Merges `from` into `id`, then prints the kept book and the copy's values that it
/// did not take, so none goes unseen.
async fn merge(client: &Client, id: i64, from: i64, output: Output) -> Result<()> {
    let failed = || {
        t!(
            "cli-merge-failed",
            from = from.to_string(),
            id = id.to_string()
        )
    };
    let book = client.book(id).await.with_context(failed)?;
    let merged = client
        .merge_books(id, from, book.version)
        .await
        .with_context(failed)?;
    if output == Output::Json {
        return print_json(&merged);
    }
    print_book(&merged.book, output)?;
    if !merged.not_kept.is_empty() {
        use std::io::Write as _;
        let note = t!("cli-merge-not-kept", from = from.to_string());
        writeln!(std::io::stdout(), "\n{note}")?;
        let header = [t!("cli-col-field"), t!("cli-col-value")];
        let rows: Vec<Vec<String>> = merged
            .not_kept
            .iter()
            .map(|lost| vec![lost.field.clone(), lost.value.clone()])
            .collect();
        print_table(&header, &rows)?;
    }
    Ok(())
}

/// The report of `books delete`.
#[derive(Debug, serde::Serialize)]
struct Deleted {
    id: i64,
    title: String,
}

/// Deletes book `id` after the reader confirms on a terminal, or at once with
/// `--yes`. Without a terminal to ask on, it refuses rather than guess.
async fn delete(client: &Client, id: i64, yes: bool, output: Output) -> Result<()> {
    use std::io::{BufRead as _, IsTerminal as _, Write as _};

    let failed = || t!("cli-delete-failed", id = id.to_string());
    let book = client.book(id).await.with_context(failed)?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(t!("cli-delete-needs-yes", id = id.to_string()));
        }
        let prompt = t!(
            "cli-delete-confirm",
            id = id.to_string(),
            title = book.fields.title.as_str()
        );
        eprint!("{prompt} ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(
            answer.trim().to_lowercase().as_str(),
            "y" | "yes" | "s" | "sim"
        ) {
            eprintln!("{}", t!("cancelled"));
            return Ok(());
        }
    }
    let result = client
        .delete_book(id, book.version, Some(book.entry.version))
        .await;
    match result {
        // The server's advice on If-Match and entry_version is for HTTP callers.
        Err(error) if error.status() == Some(412) => bail!(t!(
            "cli-delete-changed",
            id = id.to_string(),
            title = book.fields.title.as_str()
        )),
        other => other.with_context(failed)?,
    }
    let deleted = Deleted {
        id,
        title: book.fields.title,
    };
    if output == Output::Json {
        return print_json(&deleted);
    }
    println!(
        "{}",
        t!(
            "cli-deleted",
            id = id.to_string(),
            title = deleted.title.as_str()
        )
    );
    Ok(())
}

/// The report of `books cover`.
#[derive(Debug, serde::Serialize)]
struct CoverUpload {
    book_id: i64,
    file: String,
    content_type: &'static str,
    bytes: usize,
}

async fn upload_cover(client: &Client, id: i64, file: &Path, output: Output) -> Result<()> {
    let bytes = crate::paths::read_capped(file, crate::covers::MAX_UPLOAD_BYTES)
        .with_context(|| t!("cli-read-failed", path = file.display().to_string()))?;
    let content_type = crate::covers::check_upload(&bytes, file).map_err(anyhow::Error::msg)?;
    let report = CoverUpload {
        book_id: id,
        file: file.display().to_string(),
        content_type,
        bytes: bytes.len(),
    };
    client
        .put_cover(id, bytes, content_type)
        .await
        .with_context(|| t!("cli-cover-upload-failed", id = id.to_string()))?;
    match output {
        Output::Json => print_json(&report),
        Output::Table => print_table(
            &[t!("cli-col-field"), t!("cli-col-value")],
            &[
                vec![t!("cli-cover-book"), report.book_id.to_string()],
                vec![t!("cli-cover-file"), report.file],
                vec![t!("cli-cover-type"), report.content_type.to_string()],
                vec![t!("cli-cover-bytes"), report.bytes.to_string()],
            ],
        ),
    }
}
