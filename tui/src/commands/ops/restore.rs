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
use crate::t;

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
    bail!(t!("restore-cli-missing-source"))
}

/// Prints a human-readable line: to standard output for a person, to standard error
/// with `--output json`, so that standard output contains only the JSON document.
/// Returns the write error instead of raising it: before a restore starts, a closed
/// output stops it, and once it runs, following it matters more than printing.
fn say(output: Output, line: &str) -> std::io::Result<()> {
    match output {
        Output::Table => writeln!(std::io::stdout(), "{line}"),
        Output::Json => writeln!(std::io::stderr(), "{line}"),
    }
}

/// Words a write that failed before the restore started, such as into a pipe that
/// `head` closed. It is not the I/O error itself: the binary takes that for the
/// reader's choice and exits with success, although nothing was restored.
fn output_closed(error: std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(t!(
        "restore-cli-output-closed",
        error = crate::i18n::io_error(&error)
    ))
}

/// Prints what the restore will do and each preflight check.
fn print_plan(plan: &RestorePlan, output: Output) -> std::io::Result<()> {
    say(
        output,
        &t!(
            "restore-cli-plan",
            document = plan.document.as_str(),
            instance = plan.instance_id.as_str()
        ),
    )?;
    // The prompt after the checks requests the id, and a plan that cannot start
    // takes none, so the plan's own "Type … to confirm." line would only come
    // early, above the checks.
    let shown = plan
        .description
        .iter()
        .filter(|line| line.id != "plan-type-to-confirm");
    for line in shown {
        say(output, &format!("  {}", crate::i18n::sentence(line)))?;
    }
    say(output, &t!("restore-cli-checks"))?;
    for check in &plan.checks {
        let mark = if check.passed {
            t!("restore-check-ok")
        } else {
            t!("restore-check-fail")
        };
        say(
            output,
            &format!(
                "  [{mark}] {}: {}",
                crate::i18n::sentence(&check.name),
                crate::i18n::sentence(&check.detail)
            ),
        )?;
    }
    Ok(())
}

/// Prints the JSON document of `--output json`: the plan, the started restore and
/// its outcome, each `null` when the restore did not get that far.
fn print_json(
    output: Output,
    plan: &RestorePlan,
    handle: Option<&RestoreHandle>,
    outcome: Option<&RestoreOutcome>,
) -> std::io::Result<()> {
    if output == Output::Json {
        let document = serde_json::json!({
            "plan": plan,
            "restore": handle,
            "outcome": outcome,
        });
        writeln!(std::io::stdout(), "{document}")?;
    }
    Ok(())
}

/// Reads the confirmation: `confirm` when given on the command line, else one line
/// from the terminal or standard input, with only the line ending removed. The read
/// blocks on a thread of its own, so that Ctrl-C can be heard meanwhile. It is not
/// one of the runtime's blocking threads, which the runtime waits for at exit: after
/// Ctrl-C the command would hang until a line came.
async fn read_confirmation(confirm: Option<String>, expected: String) -> Result<String> {
    if let Some(typed) = confirm {
        return Ok(typed);
    }
    let (sender, receiver) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = sender.send(read_line_for(&expected));
    });
    receiver.await.context(t!("restore-cli-read-failed"))?
}

/// Reads the typed confirmation of `expected`, prompting on a terminal.
fn read_line_for(expected: &str) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{}", t!("restore-cli-prompt", expected = expected));
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    let read = stdin
        .lock()
        .read_line(&mut line)
        .with_context(|| t!("restore-cli-read-failed"))?;
    if read == 0 {
        bail!(t!("restore-cli-no-confirmation", expected = expected));
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Creates the audit log's folder. A file where a folder of its path should be
/// failed as "it already exists", which reads as if the folder were there.
fn create_log_folder(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|error| {
        anyhow::anyhow!(t!(
            "folder-create-failed",
            path = folder.display().to_string(),
            error = crate::i18n::folder_error(&error, folder)
        ))
    })
}

/// Runs the preflight, checks that restores are enabled, reads the confirmation,
/// then starts the restore and follows it.
pub async fn run(fleet: &Fleet, args: RestoreArgs, audit_log: &Path, output: Output) -> Result<()> {
    let plan = fleet.plan_restore(request(&args)?).await.map_err(|error| {
        anyhow::anyhow!(
            "{}",
            t!(
                "restore-cli-preflight-failed",
                error = Failure::from(error).to_string()
            )
        )
    })?;
    print_plan(&plan, output).map_err(output_closed)?;
    if !plan.is_ready() {
        print_json(output, &plan, None, None).map_err(output_closed)?;
        bail!(t!("restore-cli-check-failed"));
    }
    if !fleet.restores_enabled() {
        print_json(output, &plan, None, None).map_err(output_closed)?;
        bail!(t!("restore-cli-disabled"));
    }
    let expected = plan.confirmation.clone();
    if let Some(parent) = audit_log.parent() {
        create_log_folder(parent)?;
    }
    // Ctrl-C at the prompt declines the restore as surely as a wrong id does, and
    // the audit log records it so.
    let reading = read_confirmation(args.confirm.clone(), expected.clone());
    let typed = tokio::select! {
        typed = reading => typed,
        _ = tokio::signal::ctrl_c() => {
            fleet
                .record_declined(&plan, audit_log, "interrupted with Ctrl-C at the prompt")
                .await
                .map_err(|error| anyhow::anyhow!(Failure::from(&error).to_string()))?;
            eprintln!();
            eprintln!("{}", t!("restore-cli-interrupted-prompt"));
            return Err(super::Interrupted.into());
        }
    };
    let typed = match typed {
        Ok(typed) => typed,
        Err(error) => {
            fleet
                .record_declined(&plan, audit_log, &format!("{error:#}"))
                .await
                .map_err(|error| anyhow::anyhow!(Failure::from(&error).to_string()))?;
            return Err(error);
        }
    };
    let confirmed = fleet
        .confirm_restore(plan.clone(), &typed, audit_log)
        .await
        .map_err(|error| anyhow::anyhow!(Failure::from(&error).to_string()))?;
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
        create_log_folder(parent)?;
    }
    let plan = confirmed.plan().clone();
    let handle = fleet
        .start_restore(confirmed, audit_log)
        .await
        .map_err(|error| {
            anyhow::anyhow!(
                "{}",
                t!(
                    "restore-cli-start-failed",
                    error = Failure::from(error).to_string()
                )
            )
        })?;

    // From here on the restore runs on the instance. Lines that cannot be written,
    // as into a closed pipe, are dropped, and the restore is still followed so that
    // the audit log records its outcome.
    let _ = say(
        output,
        &t!(
            "restore-cli-started",
            document = handle.document.as_str(),
            instance = handle.instance_id.as_str(),
            execution = handle.execution_id.as_str(),
            log = audit_log.display().to_string()
        ),
    );
    if let Some(error) = &handle.unlogged {
        eprintln!("{}", t!("restore-unlogged", error = error.as_str()));
    }
    let options = FollowOptions::default();
    let following = fleet.follow_restore(&handle, &options, audit_log, |status| {
        let mut line = format!("{} UTC {}", status.time.format("%H:%M:%S"), status.status);
        if let Some(detail) = status.detail.as_ref().filter(|d| d.text != status.status) {
            line.push(' ');
            line.push_str(&crate::i18n::sentence(detail));
        }
        let _ = say(output, &line);
    });
    // Ctrl-C stops the following, not the restore: it printed nothing while the restore
    // went on in AWS.
    let followed = tokio::select! {
        followed = following => followed,
        _ = tokio::signal::ctrl_c() => {
            eprintln!();
            eprintln!(
                "{}",
                t!(
                    "restore-cli-interrupted-follow",
                    execution = handle.execution_id.as_str(),
                    instance = handle.instance_id.as_str()
                )
            );
            return Err(super::Interrupted.into());
        }
    };
    let outcome = followed.map_err(|error| {
        anyhow::anyhow!(
            "{}",
            t!(
                "restore-cli-follow-failed",
                error = Failure::from(error).to_string()
            )
        )
    })?;
    if let Some(error) = &outcome.unlogged {
        eprintln!("{}", t!("restore-outcome-unlogged", error = error.as_str()));
    }
    if let Some(arn) = &outcome.created_resource_arn {
        let _ = say(output, &t!("restore-created", arn = arn.as_str()));
    }
    let _ = print_json(output, &plan, Some(&handle), Some(&outcome));
    if !outcome.succeeded {
        let detail = outcome
            .detail
            .as_ref()
            .map(crate::i18n::sentence)
            .unwrap_or_else(|| t!("restore-cli-no-detail"));
        bail!(t!(
            "restore-cli-ended-as",
            status = outcome.status.to_string(),
            detail = detail
        ));
    }
    let _ = say(
        output,
        &t!("restore-cli-finished", status = outcome.status.to_string()),
    );
    Ok(())
}
