//! `estante ops restore`: preflight, typed confirmation, start, and the live status
//! until the restore reaches a terminal state.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use estante_ops::Fleet;
use estante_ops::restore::{ConfirmedRestore, FollowOptions, RestorePlan, RestoreRequest};

use crate::aws::Failure;
use crate::cli::RestoreArgs;

/// Builds the request from the flags; clap's `source` group guarantees one source.
fn request(args: &RestoreArgs) -> Result<RestoreRequest> {
    let instance_id = args.instance.clone();
    let restore_role_arn = args.role_arn.clone();
    if let Some(snapshot_id) = &args.snapshot {
        return Ok(RestoreRequest::Snapshot {
            snapshot_id: snapshot_id.clone(),
            instance_id,
            restore_role_arn,
        });
    }
    if let (Some(recovery_point_arn), Some(vault)) = (&args.recovery_point, &args.vault) {
        return Ok(RestoreRequest::RecoveryPoint {
            vault: vault.clone(),
            recovery_point_arn: recovery_point_arn.clone(),
            instance_id,
            restore_role_arn,
        });
    }
    if let Some(backup_key) = &args.backup_key {
        return Ok(RestoreRequest::Database {
            instance_id,
            backup_key: backup_key.clone(),
        });
    }
    bail!("missing restore source: pass --snapshot, --recovery-point with --vault, or --backup-key")
}

/// Prints what the restore will do and each preflight check.
fn print_plan(plan: &RestorePlan) {
    println!("Restore plan ({} {}):", plan.document, plan.instance_id);
    for line in &plan.description {
        println!("  {line}");
    }
    println!("Preflight checks:");
    for check in &plan.checks {
        let mark = if check.passed { "ok  " } else { "FAIL" };
        println!("  [{mark}] {}: {}", check.name, check.detail);
    }
}

/// Reads the confirmation: `--confirm`, else one line from the terminal or
/// standard input, with only the line ending removed.
fn read_confirmation(args: &RestoreArgs, expected: &str) -> Result<String> {
    if let Some(typed) = &args.confirm {
        return Ok(typed.clone());
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Type {expected} to start the restore: ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    let read = stdin
        .lock()
        .read_line(&mut line)
        .context("failed to read the confirmation from standard input")?;
    if read == 0 {
        bail!(
            "no confirmation: standard input is empty; type {expected} or pass --confirm {expected}"
        );
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Runs the preflight, checks that restores are enabled, reads the confirmation,
/// then starts the restore and follows it.
pub async fn run(fleet: &Fleet, args: RestoreArgs, audit_log: &Path) -> Result<()> {
    let plan = fleet
        .plan_restore(request(&args)?)
        .await
        .map_err(|error| anyhow::anyhow!("restore preflight failed: {}", Failure::from(error)))?;
    print_plan(&plan);
    if !plan.is_ready() {
        bail!("a preflight check failed, so the restore was not started");
    }
    if !fleet.restores_enabled() {
        bail!(
            "restores are disabled, so nothing was started: pass --enable-restores or set \
             restores_enabled = true under [ops] in config.toml"
        );
    }
    let expected = plan.confirmation.clone();
    let typed = read_confirmation(&args, &expected)?;
    let confirmed = plan
        .confirm(&typed)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    start_and_follow(fleet, confirmed, audit_log).await
}

/// Starts a confirmed restore and prints each status until a terminal one.
async fn start_and_follow(
    fleet: &Fleet,
    confirmed: ConfirmedRestore,
    audit_log: &Path,
) -> Result<()> {
    if let Some(parent) = audit_log.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    let handle = fleet
        .start_restore(confirmed, audit_log)
        .await
        .map_err(|error| {
            anyhow::anyhow!("failed to start the restore: {}", Failure::from(error))
        })?;
    println!(
        "Started {} on {} (execution {}); audit log: {}",
        handle.document,
        handle.instance_id,
        handle.execution_id,
        audit_log.display()
    );
    let outcome = fleet
        .follow_restore(&handle, &FollowOptions::default(), audit_log, |status| {
            let detail = status.detail.as_deref().unwrap_or("");
            println!(
                "{} {} {detail}",
                status.time.format("%H:%M:%S"),
                status.status
            );
        })
        .await
        .map_err(|error| {
            anyhow::anyhow!("failed to follow the restore: {}", Failure::from(error))
        })?;
    if let Some(arn) = &outcome.created_resource_arn {
        println!("Created {arn}");
    }
    if !outcome.succeeded {
        bail!(
            "the restore ended as {}: {}",
            outcome.status,
            outcome.detail.as_deref().unwrap_or("no detail")
        );
    }
    println!("Restore finished: {}", outcome.status);
    Ok(())
}
