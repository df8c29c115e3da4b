//! `estante books …`.

use anyhow::{Context, Result, anyhow, bail};
use estante_backend::model::{BookFields, Contributor, EntryFields, Rating, ReadingStatus};
use estante_backend::storage::{
    Book, BookQuery, BookSummary, EntryPatch, NewBook, SortKey, SortOrder,
};

use super::output::{format_rating, print_json, print_table};
use crate::cli::{AddArgs, BooksCommand, ListArgs, Output};
use crate::client::Client;
use crate::status;

pub async fn run(client: &Client, command: BooksCommand) -> Result<()> {
    match command {
        BooksCommand::List(args) => list(client, None, args).await,
        BooksCommand::Search { query, list: args } => list(client, Some(query), args).await,
        BooksCommand::Show { id, output } => {
            let book = client
                .book(id)
                .await
                .with_context(|| format!("failed to load book {id}"))?;
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

fn parse_sort(text: &str) -> Result<SortKey> {
    Ok(match text {
        "title" => SortKey::Title,
        "author" => SortKey::Author,
        "added" => SortKey::Added,
        "rating" => SortKey::Rating,
        "read" => SortKey::Read,
        "pages" => SortKey::Pages,
        other => {
            bail!("{other:?} is not a sort key; use title, author, added, rating, read or pages")
        }
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
        .context("failed to list the books")?;
    if let Some(limit) = args.limit {
        books.truncate(limit);
    }
    match args.output {
        Output::Json => print_json(&books),
        Output::Table => print_summaries(&books),
    }
}

fn print_summaries(books: &[BookSummary]) -> Result<()> {
    let rows: Vec<Vec<String>> = books
        .iter()
        .map(|book| {
            vec![
                book.id.to_string(),
                book.title.clone(),
                book.authors.join(", "),
                status::label(book.status).to_string(),
                format_rating(book.rating),
                book.last_read.clone().unwrap_or_default(),
            ]
        })
        .collect();
    print_table(
        &["ID", "TITLE", "AUTHORS", "STATUS", "RATING", "READ"],
        &rows,
    )
}

fn print_book(book: &Book, output: Output) -> Result<()> {
    if output == Output::Json {
        return print_json(book);
    }
    let authors: Vec<&str> = book
        .fields
        .contributors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let mut rows = vec![
        vec!["id".to_string(), book.id.to_string()],
        vec!["title".to_string(), book.fields.title.clone()],
        vec!["authors".to_string(), authors.join(", ")],
        vec![
            "status".to_string(),
            status::label(book.entry.fields.status).to_string(),
        ],
        vec![
            "rating".to_string(),
            format_rating(book.entry.fields.rating),
        ],
        vec![
            "isbn13".to_string(),
            book.fields.isbn13.clone().unwrap_or_default(),
        ],
        vec![
            "pages".to_string(),
            book.fields.pages.map(|p| p.to_string()).unwrap_or_default(),
        ],
        vec!["shelves".to_string(), book.shelves.join(", ")],
        vec!["tags".to_string(), book.tags.join(", ")],
    ];
    for reading in &book.readings {
        let dates = format!(
            "{} → {}",
            reading
                .fields
                .started
                .map(|d| d.to_string())
                .unwrap_or_else(|| "?".into()),
            reading
                .fields
                .finished
                .or(reading.fields.stopped)
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
        rows.push(vec!["reading".to_string(), dates]);
    }
    print_table(&["FIELD", "VALUE"], &rows)
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
        .context("failed to add the book")?;
    print_book(&book, args.output)
}

/// Applies a patch against the entry's current version, read just before.
async fn update_entry(client: &Client, id: i64, patch: &EntryPatch, output: Output) -> Result<()> {
    let book = client
        .book(id)
        .await
        .with_context(|| format!("failed to load book {id}"))?;
    client
        .update_entry(id, book.entry.version, patch)
        .await
        .with_context(|| format!("failed to update book {id}"))?;
    let book = client
        .book(id)
        .await
        .with_context(|| format!("failed to load book {id}"))?;
    print_book(&book, output)
}
