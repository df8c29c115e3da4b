//! `estante import`, `estante export` and `estante stats`.

use std::io::Write;

use anyhow::{Context, Result};
use estante_backend::import::ImportFormat;
use estante_backend::storage::RowOutcome;
use estante_backend::transfer::ExportFormat;

use super::output::{print_json, print_table};
use crate::app::runner::write_new_file;
use crate::cli::{ExportArgs, ExportFormatArg, ImportArgs, ImportFormatArg, Output, StatsArgs};
use crate::client::Client;
use crate::t;

pub async fn import(client: &Client, args: ImportArgs) -> Result<()> {
    let bytes = crate::paths::read_capped(&args.file, crate::client::MAX_IMPORT_BYTES)
        .with_context(|| t!("cli-read-failed", path = args.file.display().to_string()))?;
    let format = match args.format {
        ImportFormatArg::Auto => None,
        ImportFormatArg::Goodreads => Some(ImportFormat::Goodreads),
        ImportFormatArg::Storygraph => Some(ImportFormat::Storygraph),
        ImportFormatArg::Librarything => Some(ImportFormat::Librarything),
        ImportFormatArg::Archive => Some(ImportFormat::Archive),
    };
    let name = args
        .file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".to_string());
    let report = client
        .import(&name, bytes, format)
        .await
        .with_context(|| t!("cli-import-failed", path = args.file.display().to_string()))?;
    if args.output == Output::Json {
        return print_json(&report);
    }
    println!(
        "{}",
        t!(
            "cli-import-summary",
            rows = report.rows.len(),
            imported = report.imported,
            merged = report.merged,
            flagged = report.flagged,
            rejected = report.rejected
        )
    );
    for note in &report.notes {
        let note = super::output::clean_cell(note);
        println!("{}", t!("transfer-note", note = note.as_str()));
    }
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .filter(|row| matches!(row.outcome, RowOutcome::Flagged | RowOutcome::Rejected))
        .map(|row| {
            vec![
                row.row.to_string(),
                crate::screens::transfer::outcome_label(row.outcome),
                row.title.clone().unwrap_or_default(),
                row.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let header = [
            t!("cli-col-row"),
            t!("cli-col-outcome"),
            t!("cli-col-title"),
            t!("cli-col-reason"),
        ];
        print_table(&header, &rows)?;
    }
    Ok(())
}

pub async fn export(client: &Client, args: ExportArgs) -> Result<()> {
    let format = match args.format {
        ExportFormatArg::Goodreads => ExportFormat::Goodreads,
        ExportFormatArg::Archive => ExportFormat::Archive,
    };
    let bytes = client
        .export(format)
        .await
        .with_context(|| t!("cli-export-failed"))?;
    // `-o -` means standard output, as for other command-line tools; it wrote a file
    // called `-`. A file of that name can still be given as `./-`.
    let Some(path) = args.file.filter(|path| path.as_os_str() != "-") else {
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(());
    };
    // A trailing slash names a folder, which is created when missing.
    let names_folder = path.as_os_str().as_encoded_bytes().ends_with(b"/");
    let path = if path.is_dir() || names_folder {
        // As in the app, a folder gets the format's file name inside it, and an
        // earlier export there is kept beside a numbered new one.
        let inside = path.join(format.file_name());
        write_new_file(&inside, &bytes)
            .await
            .map_err(anyhow::Error::msg)?
    } else {
        // A named file is replaced, as other command-line tools do with `-o`. The
        // app's export creates a missing folder, and so does the command line.
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            // A file where a folder of the path should be fails as "already
            // exists", which reads as if the folder were there.
            std::fs::create_dir_all(parent).map_err(|error| {
                anyhow::anyhow!(t!(
                    "folder-create-failed",
                    path = parent.display().to_string(),
                    error = crate::i18n::folder_error(&error, parent)
                ))
            })?;
        }
        std::fs::write(&path, &bytes)
            .with_context(|| t!("cli-write-failed", path = path.display().to_string()))?;
        path
    };
    match args.output {
        Output::Json => print_json(&serde_json::json!({
            "path": path.display().to_string(),
            "bytes": bytes.len(),
        })),
        Output::Table => {
            println!(
                "{}",
                t!(
                    "cli-export-done",
                    bytes = bytes.len(),
                    path = path.display().to_string()
                )
            );
            Ok(())
        }
    }
}

pub async fn stats(client: &Client, args: StatsArgs) -> Result<()> {
    let stats = client
        .stats(args.year)
        .await
        .with_context(|| t!("cli-stats-failed"))?;
    if args.output == Output::Json {
        return print_json(&stats);
    }
    let period = stats
        .year
        .map_or_else(|| t!("stats-all-time"), |year| year.to_string());
    let integer = crate::i18n::format::integer;
    let mut rows = vec![
        vec![t!("cli-stat-period"), period],
        vec![t!("cli-stat-books-read"), integer(stats.books_read)],
    ];
    // Books marked read without a finish date count in no period, so the figure
    // above leaves them out. This row gives their number, as the Stats tab does.
    if stats.missing_dates > 0 {
        rows.push(vec![
            t!("cli-stat-missing-dates"),
            integer(stats.missing_dates),
        ]);
    }
    rows.extend([
        vec![t!("cli-stat-pages-read"), integer(stats.pages_read)],
        vec![
            t!("cli-stat-average-rating"),
            stats
                .average_rating
                .map(|r| crate::i18n::format::decimal(r, 2))
                .unwrap_or_default(),
        ],
    ]);
    // Only the first author's row has the label, as a heading for the list.
    for (rank, author) in stats.top_authors.iter().enumerate() {
        let label = if rank == 0 {
            t!("cli-stat-top-authors")
        } else {
            String::new()
        };
        rows.push(vec![
            label,
            format!("{} ({})", author.name, integer(author.count)),
        ]);
    }
    for status in &stats.status_counts {
        // The API names the status by its wire value; the table shows its label.
        let name = crate::status::parse(&status.name)
            .map_or_else(|_| status.name.clone(), crate::status::label);
        rows.push(vec![
            t!("cli-stat-status", status = name),
            integer(status.count),
        ]);
    }
    let header = [t!("cli-col-statistic"), t!("cli-col-value")];
    print_table(&header, &rows)
}
