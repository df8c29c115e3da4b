//! `estante import`, `estante export` and `estante stats`.

use std::io::Write;

use anyhow::{Context, Result};
use estante_backend::import::ImportFormat;
use estante_backend::storage::RowOutcome;
use estante_backend::transfer::ExportFormat;

use super::output::{print_json, print_table};
use crate::cli::{ExportArgs, ExportFormatArg, ImportArgs, ImportFormatArg, Output, StatsArgs};
use crate::client::Client;

pub async fn import(client: &Client, args: ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("failed to read {}", args.file.display()))?;
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
        .with_context(|| format!("failed to import {}", args.file.display()))?;
    if args.output == Output::Json {
        return print_json(&report);
    }
    println!(
        "{} rows: {} imported, {} merged, {} flagged, {} rejected",
        report.rows.len(),
        report.imported,
        report.merged,
        report.flagged,
        report.rejected
    );
    for note in &report.notes {
        println!("note: {note}");
    }
    let rows: Vec<Vec<String>> = report
        .rows
        .iter()
        .filter(|row| matches!(row.outcome, RowOutcome::Flagged | RowOutcome::Rejected))
        .map(|row| {
            vec![
                row.row.to_string(),
                format!("{:?}", row.outcome).to_lowercase(),
                row.title.clone().unwrap_or_default(),
                row.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        print_table(&["ROW", "OUTCOME", "TITLE", "REASON"], &rows)?;
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
        .context("failed to export the library")?;
    let Some(path) = args.file else {
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(());
    };
    std::fs::write(&path, &bytes).with_context(|| format!("failed to write {}", path.display()))?;
    match args.output {
        Output::Json => print_json(&serde_json::json!({
            "path": path.display().to_string(),
            "bytes": bytes.len(),
        })),
        Output::Table => {
            println!("Wrote {} bytes to {}", bytes.len(), path.display());
            Ok(())
        }
    }
}

pub async fn stats(client: &Client, args: StatsArgs) -> Result<()> {
    let stats = client
        .stats(args.year)
        .await
        .context("failed to load the statistics")?;
    if args.output == Output::Json {
        return print_json(&stats);
    }
    let period = stats
        .year
        .map_or_else(|| "all time".to_string(), |year| year.to_string());
    let mut rows = vec![
        vec!["period".to_string(), period],
        vec!["books read".to_string(), stats.books_read.to_string()],
        vec!["pages read".to_string(), stats.pages_read.to_string()],
        vec![
            "average rating".to_string(),
            stats
                .average_rating
                .map(|r| format!("{r:.2}"))
                .unwrap_or_default(),
        ],
    ];
    for author in &stats.top_authors {
        rows.push(vec![
            "top author".to_string(),
            format!("{} ({})", author.name, author.count),
        ]);
    }
    for status in &stats.status_counts {
        rows.push(vec![
            format!("status {}", status.name),
            status.count.to_string(),
        ]);
    }
    print_table(&["STATISTIC", "VALUE"], &rows)
}
