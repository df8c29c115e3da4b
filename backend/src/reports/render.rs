//! The four report formats. Each is a pure function of the [`Report`], so the bytes
//! depend on nothing else: no clock, no locale, no host.

use std::fmt::Write;

use super::build::BookRef;
use super::{Report, ReportFormat};

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
        Some(year) => format!("Reading report for {year}"),
        None => format!("Reading report from {} to {}", report.from, report.to),
    }
}

fn stars(value: f64) -> String {
    format!("{value}")
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

fn md_book(book: &Option<BookRef>, with_pages: bool) -> String {
    match book {
        Some(book) if with_pages => format!(
            "{} ({} pages, {})",
            md(&book.title),
            book.pages.unwrap_or(0),
            book.finished
        ),
        Some(book) => format!("{} ({})", md(&book.title), book.finished),
        None => "none".to_string(),
    }
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(report));
    let _ = writeln!(out, "- Books finished: {}", report.books_finished);
    let _ = writeln!(out, "- Pages read: {}", report.pages_read);
    match report.average_rating {
        Some(average) => {
            let _ = writeln!(
                out,
                "- Average rating: {average} stars ({} rated)",
                report.rated_books
            );
        }
        None => out.push_str("- Average rating: no rated books\n"),
    }
    let _ = writeln!(out, "- Longest: {}", md_book(&report.longest, true));
    let _ = writeln!(out, "- Shortest: {}", md_book(&report.shortest, true));
    let _ = writeln!(out, "- First: {}", md_book(&report.first, false));
    let _ = writeln!(out, "- Last: {}", md_book(&report.last, false));

    out.push_str("\n## Books per month\n\n| month | books | pages |\n|---|---:|---:|\n");
    for month in &report.months {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            month.month, month.books, month.pages
        );
    }
    if let Some(line) = without_month(report) {
        let _ = writeln!(out, "\n{line}");
    }

    out.push_str("\n## Most-read authors\n\n| author | books |\n|---|---:|\n");
    for author in &report.top_authors {
        let _ = writeln!(out, "| {} | {} |", md(&author.name), author.books);
    }

    out.push_str("\n## Ratings\n\n| stars | books |\n|---:|---:|\n");
    for rating in &report.ratings {
        let _ = writeln!(out, "| {} | {} |", stars(rating.stars), rating.books);
    }

    out.push_str(
        "\n## Books\n\n| finished | title | authors | pages | rating |\n|---|---|---|---:|---:|\n",
    );
    for book in &report.books {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            book.finished,
            md(&book.title),
            md(&book.authors.join(", ")),
            book.pages
                .map(|pages| pages.to_string())
                .unwrap_or_default(),
            book.rating.map(stars).unwrap_or_default()
        );
    }
    out
}

/// Says how many books have a finish date with no month, when any do.
fn without_month(report: &Report) -> Option<String> {
    match report.books_without_month {
        0 => None,
        1 => Some("1 book has a finish date without a month.".to_string()),
        n => Some(format!("{n} books have a finish date without a month.")),
    }
}

fn h(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

fn html_book(book: &Option<BookRef>, with_pages: bool) -> String {
    match book {
        Some(book) if with_pages => format!(
            "{} ({} pages, {})",
            h(&book.title),
            book.pages.unwrap_or(0),
            book.finished
        ),
        Some(book) => format!("{} ({})", h(&book.title), book.finished),
        None => "none".to_string(),
    }
}

/// Writes a standalone page with no scripts and no external resources.
fn html(report: &Report) -> String {
    let title = h(&title(report));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<ul>"
    );
    let _ = writeln!(out, "<li>Books finished: {}</li>", report.books_finished);
    let _ = writeln!(out, "<li>Pages read: {}</li>", report.pages_read);
    if let Some(average) = report.average_rating {
        let _ = writeln!(
            out,
            "<li>Average rating: {average} stars ({} rated)</li>",
            report.rated_books
        );
    }
    let _ = writeln!(
        out,
        "<li>Longest: {}</li>",
        html_book(&report.longest, true)
    );
    let _ = writeln!(
        out,
        "<li>Shortest: {}</li>",
        html_book(&report.shortest, true)
    );
    let _ = writeln!(out, "<li>First: {}</li>", html_book(&report.first, false));
    let _ = writeln!(
        out,
        "<li>Last: {}</li>\n</ul>",
        html_book(&report.last, false)
    );
    if let Some(line) = without_month(report) {
        let _ = writeln!(out, "<p>{line}</p>");
    }

    out.push_str(
        "<h2>Books per month</h2>\n<table>\n<tr><th>month</th><th>books</th><th>pages</th></tr>\n",
    );
    for month in &report.months {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            month.month, month.books, month.pages
        );
    }
    out.push_str(
        "</table>\n<h2>Most-read authors</h2>\n<table>\n<tr><th>author</th><th>books</th></tr>\n",
    );
    for author in &report.top_authors {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            h(&author.name),
            author.books
        );
    }
    out.push_str("</table>\n<h2>Books</h2>\n<table>\n<tr><th>finished</th><th>title</th><th>authors</th><th>pages</th><th>rating</th></tr>\n");
    for book in &report.books {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            book.finished,
            h(&book.title),
            h(&book.authors.join(", ")),
            book.pages
                .map(|pages| pages.to_string())
                .unwrap_or_default(),
            book.rating.map(stars).unwrap_or_default()
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
