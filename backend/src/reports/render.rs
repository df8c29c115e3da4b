//! The four report formats. Each is a pure function of the [`Report`] and the
//! language of the job ([`crate::i18n::current`]), so the bytes depend on nothing
//! else: no clock, no host. JSON and CSV are for programs and stay in English.

use std::fmt::Write;

use super::build::BookRef;
use super::{Report, ReportFormat};
use crate::msg;

pub fn render(report: &Report, format: ReportFormat) -> Vec<u8> {
    match format {
        ReportFormat::Json => {
            // A report holds only strings, numbers and lists, which always serialize.
            let mut bytes = serde_json::to_vec_pretty(report).unwrap_or_default();
            bytes.push(b'\n');
            bytes
        }
        ReportFormat::Csv => csv(report),
        ReportFormat::Markdown => markdown(report).into_bytes(),
        ReportFormat::Html => html(report).into_bytes(),
    }
}

fn title(report: &Report) -> String {
    match report.calendar_year() {
        Some(year) => msg!(
            "report-title-year",
            "Reading report for {year}",
            year = year
        ),
        None => msg!(
            "report-title-range",
            "Reading report from {from} to {to}",
            from = report.from,
            to = report.to
        ),
    }
}

/// The labels of the Markdown and HTML reports, in the language of the job. The
/// first two items of the summary list are always the books finished and the pages
/// read, each ending in its number, so a client may add lines after them whatever
/// the language.
struct Words {
    books_finished: String,
    pages_read: String,
    average: String,
    longest: String,
    shortest: String,
    first: String,
    last: String,
    none: String,
    per_month: String,
    top_authors: String,
    ratings: String,
    books: String,
    month: String,
    books_column: String,
    pages_column: String,
    author: String,
    stars_column: String,
    finished: String,
    title: String,
    authors: String,
    rating: String,
}

impl Words {
    fn new() -> Self {
        Self {
            books_finished: msg!("report-books-finished", "Books finished"),
            pages_read: msg!("report-pages-read", "Pages read"),
            average: msg!("report-average", "Average rating"),
            longest: msg!("report-longest", "Longest"),
            shortest: msg!("report-shortest", "Shortest"),
            first: msg!("report-first", "First"),
            last: msg!("report-last", "Last"),
            none: msg!("report-none", "none"),
            per_month: msg!("report-per-month", "Books per month"),
            top_authors: msg!("report-top-authors", "Most-read authors"),
            ratings: msg!("report-ratings", "Ratings"),
            books: msg!("report-books", "Books"),
            month: msg!("report-column-month", "month"),
            books_column: msg!("report-column-books", "books"),
            pages_column: msg!("report-column-pages", "pages"),
            author: msg!("report-column-author", "author"),
            stars_column: msg!("report-column-stars", "stars"),
            finished: msg!("report-column-finished", "finished"),
            title: msg!("report-column-title", "title"),
            authors: msg!("report-column-authors", "authors"),
            rating: msg!("report-column-rating", "rating"),
        }
    }

    /// Words the average rating, or that no book is rated.
    fn average_value(report: &Report) -> String {
        match report.average_rating {
            Some(average) => msg!(
                "report-average-value",
                "{average} stars ({rated} rated)",
                average = shown(average),
                rated = report.rated_books
            ),
            None => msg!("report-no-ratings", "no rated books"),
        }
    }

    /// Words a book of the summary: its title, with the page count when asked, and the
    /// finish date. `escape` makes the title safe for the format.
    fn book(&self, book: &Option<BookRef>, with_pages: bool, escape: fn(&str) -> String) -> String {
        match book {
            Some(book) if with_pages => msg!(
                "report-book-pages",
                "{title} ({pages} pages, {finished})",
                title = escape(&book.title),
                pages = count(book.pages.unwrap_or(0)),
                finished = crate::i18n::date_text(&book.finished)
            ),
            Some(book) => format!(
                "{} ({})",
                escape(&book.title),
                crate::i18n::date_text(&book.finished)
            ),
            None => self.none.clone(),
        }
    }
}

/// Writes a rating for the CSV, which programs read: always with a decimal point.
fn stars(value: f64) -> String {
    format!("{value}")
}

/// Writes a number for a person in the language of the job: Portuguese uses a
/// decimal comma.
fn shown(value: f64) -> String {
    let text = format!("{value}");
    match crate::i18n::current() {
        crate::i18n::Language::BrazilianPortuguese => text.replace('.', ","),
        crate::i18n::Language::English => text,
    }
}

/// Writes a count for a person in the language of the job, its thousands grouped
/// as the app groups them: `1,152` in English and `1.152` in Portuguese.
fn count(value: i64) -> String {
    crate::i18n::integer_text(value)
}

/// Makes a cell safe to open in a spreadsheet: text starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would run as a formula, so it gets a leading `'`,
/// which spreadsheets show as text and hide.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Writes one row per finished book, for spreadsheets. Authors are joined with `; ` as in
/// the Goodreads export's additional authors.
fn csv(report: &Report) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["finished", "title", "authors", "pages", "rating", "series"];
    // csv::Writer fails only when its inner writer does, and writing to a Vec
    // cannot fail.
    let _ = writer.write_record(header);
    for book in &report.books {
        let _ = writer.write_record([
            book.finished.as_str(),
            &cell(&book.title),
            &cell(&book.authors.join("; ")),
            &book
                .pages
                .map(|pages| pages.to_string())
                .unwrap_or_default(),
            &book.rating.map(stars).unwrap_or_default(),
            &cell(book.series.as_deref().unwrap_or("")),
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

/// Escapes text for a Markdown table cell: the pipe ends a cell, a newline ends the
/// row, and the other characters would start emphasis, code, links or HTML.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    let words = Words::new();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(report));
    let _ = writeln!(
        out,
        "- {}: {}",
        words.books_finished,
        count(report.books_finished as i64)
    );
    let _ = writeln!(out, "- {}: {}", words.pages_read, count(report.pages_read));
    let _ = writeln!(out, "- {}: {}", words.average, Words::average_value(report));
    let summary = [
        (&words.longest, &report.longest, true),
        (&words.shortest, &report.shortest, true),
        (&words.first, &report.first, false),
        (&words.last, &report.last, false),
    ];
    for (label, book, with_pages) in summary {
        let _ = writeln!(out, "- {label}: {}", words.book(book, with_pages, md));
    }

    let _ = write!(
        out,
        "\n## {}\n\n| {} | {} | {} |\n|---|---:|---:|\n",
        words.per_month, words.month, words.books_column, words.pages_column
    );
    for month in &report.months {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            crate::i18n::date_text(&month.month),
            count(month.books as i64),
            count(month.pages)
        );
    }
    if let Some(line) = without_month(report) {
        let _ = writeln!(out, "\n{line}");
    }

    let _ = write!(
        out,
        "\n## {}\n\n| {} | {} |\n|---|---:|\n",
        words.top_authors, words.author, words.books_column
    );
    for author in &report.top_authors {
        let _ = writeln!(
            out,
            "| {} | {} |",
            md(&author.name),
            count(author.books as i64)
        );
    }

    let _ = write!(
        out,
        "\n## {}\n\n| {} | {} |\n|---:|---:|\n",
        words.ratings, words.stars_column, words.books_column
    );
    for rating in &report.ratings {
        let _ = writeln!(
            out,
            "| {} | {} |",
            shown(rating.stars),
            count(rating.books as i64)
        );
    }

    let _ = write!(
        out,
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|\n",
        words.books, words.finished, words.title, words.authors, words.pages_column, words.rating
    );
    for book in &report.books {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            crate::i18n::date_text(&book.finished),
            md(&book.title),
            md(&book.authors.join(", ")),
            book.pages.map(count).unwrap_or_default(),
            book.rating.map(shown).unwrap_or_default()
        );
    }
    out
}

/// Says how many books have a finish date with no month, when any do.
fn without_month(report: &Report) -> Option<String> {
    match report.books_without_month {
        0 => None,
        1 => Some(msg!(
            "report-one-without-month",
            "1 book has a finish date without a month."
        )),
        count => Some(msg!(
            "report-without-month",
            "{count} books have a finish date without a month.",
            count = count
        )),
    }
}

fn h(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// Writes a standalone page with no scripts and no external resources.
fn html(report: &Report) -> String {
    let words = Words::new();
    let title = h(&title(report));
    let language = crate::i18n::current().tag();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<ul>"
    );
    let _ = writeln!(
        out,
        "<li>{}: {}</li>",
        h(&words.books_finished),
        count(report.books_finished as i64)
    );
    let _ = writeln!(
        out,
        "<li>{}: {}</li>",
        h(&words.pages_read),
        count(report.pages_read)
    );
    if report.average_rating.is_some() {
        let _ = writeln!(
            out,
            "<li>{}: {}</li>",
            h(&words.average),
            h(&Words::average_value(report))
        );
    }
    let summary = [
        (&words.longest, &report.longest, true),
        (&words.shortest, &report.shortest, true),
        (&words.first, &report.first, false),
        (&words.last, &report.last, false),
    ];
    for (label, book, with_pages) in summary {
        let _ = writeln!(
            out,
            "<li>{}: {}</li>",
            h(label),
            words.book(book, with_pages, h)
        );
    }
    out.push_str("</ul>\n");
    if let Some(line) = without_month(report) {
        let _ = writeln!(out, "<p>{}</p>", h(&line));
    }

    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        h(&words.per_month),
        h(&words.month),
        h(&words.books_column),
        h(&words.pages_column)
    );
    for month in &report.months {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            crate::i18n::date_text(&month.month),
            count(month.books as i64),
            count(month.pages)
        );
    }
    let _ = writeln!(
        out,
        "</table>\n<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th></tr>",
        h(&words.top_authors),
        h(&words.author),
        h(&words.books_column)
    );
    for author in &report.top_authors {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            h(&author.name),
            count(author.books as i64)
        );
    }
    let _ = writeln!(
        out,
        "</table>\n<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th></tr>",
        h(&words.books),
        h(&words.finished),
        h(&words.title),
        h(&words.authors),
        h(&words.pages_column),
        h(&words.rating)
    );
    for book in &report.books {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            book.finished,
            h(&book.title),
            h(&book.authors.join(", ")),
            book.pages.map(count).unwrap_or_default(),
            book.rating.map(shown).unwrap_or_default()
        );
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BookFields, Contributor, LibraryRecord, ReadingFields};

    fn report_of(title: &str) -> Report {
        let record = LibraryRecord {
            book: BookFields {
                title: title.to_string(),
                pages: Some(10),
                contributors: vec![Contributor::author("A | B")],
                ..Default::default()
            },
            readings: vec![ReadingFields {
                finished: Some("2024-05-01".parse().unwrap()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let from = "2024-01-01".parse().unwrap();
        let to = "2024-12-31".parse().unwrap();
        Report::build(&[record], from, to)
    }

    #[test]
    fn numbers_follow_the_language() {
        use crate::i18n::{Language, with_language};

        let portuguese = with_language(Language::BrazilianPortuguese, || {
            [
                count(4515),
                count(1_234_567),
                count(-1234),
                count(612),
                shown(4.25),
            ]
        });

        assert_eq!(portuguese, ["4.515", "1.234.567", "-1.234", "612", "4,25"]);
        assert_eq!(count(4515), "4,515");
        assert_eq!(shown(4.25), "4.25");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        let report = report_of("=HYPERLINK(\"http://127.0.0.1/x\",\"click\")");
        let csv = String::from_utf8(render(&report, ReportFormat::Csv)).unwrap();
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("2024-05-01,\"'=HYPERLINK("), "{row}");
        assert_eq!(cell("-5 degrees"), "'-5 degrees");
        assert_eq!(cell("@home"), "'@home");
        assert_eq!(cell("Dune"), "Dune");
    }

    #[test]
    fn markup_in_titles_is_escaped_in_every_format() {
        let report = report_of("<script>x</script> | *bold*\nnext");

        let markdown = String::from_utf8(render(&report, ReportFormat::Markdown)).unwrap();
        assert!(markdown.starts_with("# Reading report for 2024\n"));
        assert!(markdown.contains(
            "| 2024-05-01 | \\<script\\>x\\</script\\> \\| \\*bold\\* next | A \\| B | 10 |  |"
        ));

        let html = String::from_utf8(render(&report, ReportFormat::Html)).unwrap();
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!html.contains("<script>"));

        let csv = String::from_utf8(render(&report, ReportFormat::Csv)).unwrap();
        assert!(csv.starts_with("finished,title,authors,pages,rating,series\n"));
        assert!(html.contains("<li>Longest: &lt;script&gt;"));
        assert!(html.contains("(10 pages, 2024-05-01)</li>"));
        assert!(csv.contains("\"<script>x</script> | *bold*\nnext\""));

        let json: serde_json::Value =
            serde_json::from_slice(&render(&report, ReportFormat::Json)).unwrap();
        assert_eq!(
            json["books"][0]["title"],
            "<script>x</script> | *bold*\nnext"
        );
        assert_eq!(json["months"].as_array().unwrap().len(), 12);
    }
}
