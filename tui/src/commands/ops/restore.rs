//! `estante ops restore`: preflight, typed confirmation, start, and the live status
//! until the restore reaches a terminal state.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use estante_ops::Fleet;
use estante_ops::restore::{
    ConfirmedRestore, FollowOptions, RestoreHandle, RestoreOutcome, RestorePlan, RestoreRequest,
};

use crate::aws::Failure;
use crate::cli::{Output, RestoreArgs};

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

/// Prints a human-readable line: to standard output for a person, to standard error
/// with `--output json`, so that standard output contains only the JSON document.
fn say(output: Output, line: &str) {
    match output {
        Output::Table => println!("{line}"),
        Output::Json => eprintln!("{line}"),
    }
}

/// Prints what the restore will do and each preflight check.
fn print_plan(plan: &RestorePlan, output: Output) {
    say(
        output,
        &format!("Restore plan ({} {}):", plan.document, plan.instance_id),
    );
    for line in &plan.description {
        say(output, &format!("  {line}"));
    }
    say(output, "Preflight checks:");
    for check in &plan.checks {
        let mark = if check.passed { "ok  " } else { "FAIL" };
        say(
            output,
            &format!("  [{mark}] {}: {}", check.name, check.detail),
        );
    }
}

/// Prints the JSON document of `--output json`: the plan, the started restore and
/// its outcome, each `null` when the restore did not get that far.
fn print_json(
    output: Output,
    plan: &RestorePlan,
    handle: Option<&RestoreHandle>,
    outcome: Option<&RestoreOutcome>,
) {
    if output == Output::Json {
        let document = serde_json::json!({
            "plan": plan,
            "restore": handle,
            "outcome": outcome,
        });
        println!("{document}");
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
pub async fn run(fleet: &Fleet, args: RestoreArgs, audit_log: &Path, output: Output) -> Result<()> {
    let plan = fleet
        .plan_restore(request(&args)?)
        .await
        .map_err(|error| anyhow::anyhow!("restore preflight failed: {}", Failure::from(error)))?;
    print_plan(&plan, output);
    if !plan.is_ready() {
        print_json(output, &plan, None, None);
        bail!("a preflight check failed, so the restore was not started");
    }
    if !fleet.restores_enabled() {
        print_json(output, &plan, None, None);
        bail!(
            "restores are disabled, so nothing was started: pass --enable-restores or set \
             restores_enabled = true under [ops] in config.toml"
        );
    }
    let expected = plan.confirmation.clone();
    let typed = read_confirmation(&args, &expected)?;
    let confirmed = plan
        .clone()
        .confirm(&typed)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    start_and_follow(fleet, confirmed, audit_log, output).await
}

/// Starts a confirmed restore and prints each status until a terminal one.
async fn start_and_follow(
    fleet: &Fleet,
    confirmed: ConfirmedRestore,
    audit_log: &Path,
    output: Output,
) -> Result<()> {
    if let Some(parent) = audit_log.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    let plan = confirmed.plan().clone();
    let handle = fleet
        .start_restore(confirmed, audit_log)
        .await
        .map_err(|error| {
            anyhow::anyhow!("failed to start the restore: {}", Failure::from(error))
        })?;
    say(
        output,
        &format!(
            "Started {} on {} (execution {}); audit log: {}",
            handle.document,
            handle.instance_id,
            handle.execution_id,
            audit_log.display()
        ),
    );
    let outcome = fleet
        .follow_restore(&handle, &FollowOptions::default(), audit_log, |status| {
            let mut line = format!("{} {}", status.time.format("%H:%M:%S"), status.status);
            if let Some(detail) = status.detail.as_deref().filter(|d| *d != status.status) {
                line.push(' ');
                line.push_str(detail);
            }
            say(output, &line);
        })
        .await
        .map_err(|error| {
            anyhow::anyhow!("failed to follow the restore: {}", Failure::from(error))
        })?;
    if let Some(arn) = &outcome.created_resource_arn {
        say(output, &format!("Created {arn}"));
    }
    print_json(output, &plan, Some(&handle), Some(&outcome));
    if !outcome.succeeded {
        bail!(
            "the restore ended as {}: {}",
            outcome.status,
            outcome.detail.as_deref().unwrap_or("no detail")
        );
    }
    say(output, &format!("Restore finished: {}", outcome.status));
    Ok(())
}
