//! `estante ops`: the AWS fleet read from the command line, and restores.
//!
//! Every subcommand builds one [`Fleet`] from the flags and `[ops]` in config.toml,
//! prints a table or JSON, and exits non-zero on an error. A partial list is still
//! printed, with its reason on standard error, and the exit status is then 3.

mod read;
mod restore;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use estante_ops::{Fleet, Listing};
use serde::Serialize;

use super::output::{print_json, print_table};
use crate::aws::{self, Failure, OpsOverrides};
use crate::cli::{OpsArgs, OpsCommand, Output};
use crate::paths::Paths;
use crate::settings::Settings;

/// Runs one `estante ops` subcommand.
pub async fn run(
    overrides: &OpsOverrides,
    args: OpsArgs,
    paths: &Paths,
    settings: &Settings,
) -> Result<()> {
    let mut config = aws::ops_config(&settings.ops, overrides);
    if let Some(OpsCommand::Snapshots {
        max_age: Some(max_age),
    }) = &args.command
    {
        config.snapshot_max_age = *max_age;
    }
    let fleet = Fleet::connect(&config)
        .await
        .map_err(|error| anyhow::anyhow!(Failure::from(error).to_string()))
        .with_context(|| crate::t!("ops-cli-setup-failed"))?;
    let output = args.output;
    match args.command {
        // Boxed: the restore's future nests the preflight, start and follow calls of
        // four SDK clients, deep enough to pass the compiler's layout depth limit
        // when it is inlined into `main`'s future.
        Some(OpsCommand::Restore(restore_args)) => {
            Box::pin(restore::run(
                &fleet,
                restore_args,
                &aws::audit_log(paths),
                output,
            ))
            .await
        }
        Some(command) => read::read(&fleet, command, output).await,
        None => Ok(()),
    }
}

/// Converts an ops error into one that names the call and gives the advice.
/// `what` is the message for the call that failed, such as "failed to list alarms".
fn failed(what: String) -> impl FnOnce(estante_ops::OpsError) -> anyhow::Error {
    move |error| anyhow::anyhow!("{what}: {}", Failure::from(error))
}

/// Error of a command that printed a partial list. Its reason is already on
/// standard error, so `main` prints nothing more and exits with status 3. A script
/// that reads the JSON can then tell a short list from a complete one, as `ls`
/// exits non-zero after a listing with unreadable entries.
#[derive(Debug, thiserror::Error)]
#[error("the list is incomplete")]
pub struct PartialListing;

/// A command stopped by Ctrl-C after it printed why on standard error, so `main` prints
/// nothing more and exits with status 130, as a shell does for SIGINT.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// Prints the reason a listing is incomplete, on standard error, and records in
/// `seen` that one was. `list` names the list, such as "alarm list".
fn warn_partial<T>(seen: &std::cell::Cell<bool>, list: String, listing: &Listing<T>) {
    if let Some(reason) = &listing.partial {
        seen.set(true);
        eprintln!(
            "{}",
            crate::t!(
                "ops-cli-partial",
                list = list,
                reason = crate::i18n::sentence(reason)
            )
        );
    }
}

/// Warns on standard error when a complete listing is empty. AWS returns an empty
/// list and no error for a region with nothing in it, or a filter that matches
/// nothing, so an empty table alone looks the same as a mistyped region.
fn warn_none<T>(listing: &Listing<T>, warning: String) {
    if listing.items.is_empty() && listing.partial.is_none() {
        eprintln!("{warning}");
    }
}

/// Formats an AWS time in UTC, as AWS gives it, and marks it so. An engineer in
/// another zone would otherwise read it as local time.
fn time(value: Option<DateTime<Utc>>) -> String {
    value
        .map(|t| format!("{} UTC", crate::i18n::format::date_time(t.naive_utc())))
        .unwrap_or_default()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn emit<T: Serialize>(
    output: Output,
    rows: &[T],
    header: &[impl AsRef<str>],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<()> {
    match output {
        Output::Json => print_json(&rows),
        Output::Table => {
            let table: Vec<Vec<String>> = rows.iter().map(cells).collect();
            print_table(header, &table)
        }
    }
}
