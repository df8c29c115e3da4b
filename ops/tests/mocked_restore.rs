//! Restore preflight, confirmation, start, follow and audit log, with
//! aws-smithy-mocks (moto has no Automation, recovery points or
//! DescribeInstanceInformation).

mod common;

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_backup::operation::describe_recovery_point::DescribeRecoveryPointOutput;
use aws_sdk_backup::operation::describe_restore_job::DescribeRestoreJobOutput;
use aws_sdk_backup::operation::get_recovery_point_restore_metadata::GetRecoveryPointRestoreMetadataOutput;
use aws_sdk_backup::types::{RecoveryPointStatus, RestoreJobStatus};
use aws_sdk_ec2::operation::create_volume::CreateVolumeError;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::types::{Instance, Placement, Reservation, Tag};
use aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput;
use aws_sdk_ssm::operation::get_automation_execution::{
    GetAutomationExecutionError, GetAutomationExecutionOutput,
};
use aws_sdk_ssm::operation::get_command_invocation::{
    GetCommandInvocationError, GetCommandInvocationOutput,
};
use aws_sdk_ssm::types::{
    AutomationExecution, AutomationExecutionStatus, CommandInvocationStatus, InstanceInformation,
    PingStatus,
};
use aws_smithy_mocks::{Rule, mock};
use common::{Mocks, caller_identity_rule, meta, mocked_fleet};
use estante_ops::restore::{FollowOptions, Mechanism, RestoreRequest, RestoreStatus};
use estante_ops::{OpsConfig, OpsError};

const INSTANCE: &str = "i-0db000000000000a1";
const VAULT: &str = "estante-daily";
const POINT: &str = "arn:aws:ec2:eu-west-1::snapshot/snap-0abc0000000000000";
const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";

fn enabled() -> OpsConfig {
    OpsConfig {
        restores_enabled: true,
        ..OpsConfig::default()
    }
}

fn fast() -> FollowOptions {
    FollowOptions {
        poll_interval: Duration::from_millis(1),
        deadline: Duration::from_secs(5),
        visibility_timeout: Duration::from_secs(5),
    }
}

fn instance_rule() -> Rule {
    mock!(aws_sdk_ec2::Client::describe_instances).then_output(|| {
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .instances(
                        Instance::builder()
                            .instance_id(INSTANCE)
                            .tags(Tag::builder().key("Name").value("estante-db").build())
                            .placement(Placement::builder().availability_zone("eu-west-1b").build())
                            .build(),
                    )
                    .build(),
            )
            .build()
    })
}

fn agent_rule(ping: PingStatus) -> Rule {
    mock!(aws_sdk_ssm::Client::describe_instance_information).then_output(move || {
        DescribeInstanceInformationOutput::builder()
            .instance_information_list(
                InstanceInformation::builder()
                    .instance_id(INSTANCE)
                    .ping_status(ping.clone())
                    .agent_version("3.3.1142.0")
                    .build(),
            )
            .build()
    })
}

/// Backup and EC2 rules for an EBS recovery point whose metadata names another
/// zone than the instance's.
/// ListCommands with no command on the instance: no restore is running.
fn no_commands_rule() -> Rule {
    mock!(aws_sdk_ssm::Client::list_commands).then_output(|| {
        aws_sdk_ssm::operation::list_commands::ListCommandsOutput::builder().build()
    })
}

fn recovery_point_rules() -> (Vec<Rule>, Vec<Rule>) {
    let describe = mock!(aws_sdk_backup::Client::describe_recovery_point).then_output(|| {
        DescribeRecoveryPointOutput::builder()
            .status(RecoveryPointStatus::Completed)
            .resource_type("EBS")
            .build()
    });
    let metadata =
        mock!(aws_sdk_backup::Client::get_recovery_point_restore_metadata).then_output(|| {
            GetRecoveryPointRestoreMetadataOutput::builder()
                .restore_metadata("availabilityZone", "eu-west-1a")
                .restore_metadata("volumeType", "gp3")
                .build()
        });
    let dry_run = mock!(aws_sdk_ec2::Client::create_volume)
        .match_requests(|r| {
            r.dry_run() == Some(true)
                && r.snapshot_id() == Some("snap-0abc0000000000000")
                && r.availability_zone() == Some("eu-west-1b")
        })
        .then_error(|| {
            CreateVolumeError::generic(meta(
                "DryRunOperation",
                "Request would have succeeded, but DryRun flag is set.",
            ))
        });
    (vec![describe, metadata], vec![instance_rule(), dry_run])
}

fn recovery_point_request() -> RestoreRequest {
    RestoreRequest::RecoveryPoint {
        vault: VAULT.to_string(),
        recovery_point_arn: POINT.to_string(),
        instance_id: INSTANCE.to_string(),
        restore_role_arn: None,
    }
}

fn execution(status: AutomationExecutionStatus, job: Option<&str>) -> GetAutomationExecutionOutput {
    let mut outputs = HashMap::new();
    if let Some(job) = job {
        outputs.insert(
            "StartRestoreJob.RestoreJobId".to_string(),
            vec![job.to_string()],
        );
    }
    GetAutomationExecutionOutput::builder()
        .automation_execution(
            AutomationExecution::builder()
                .automation_execution_status(status)
                .set_outputs(Some(outputs))
                .build(),
        )
        .build()
}

fn read_audit(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("audit log exists")
        .lines()
        .map(|line| serde_json::from_str(line).expect("audit line is JSON"))
        .collect()
}

#[tokio::test]
async fn recovery_point_restore_walk() {
    let (mut backup, ec2) = recovery_point_rules();
    backup.push(
        mock!(aws_sdk_backup::Client::describe_restore_job)
            .sequence()
            .output(|| {
                DescribeRestoreJobOutput::builder()
                    .restore_job_id("job-7")
                    .status(RestoreJobStatus::Running)
                    .percent_done("40.0")
                    .build()
            })
            .output(|| {
                DescribeRestoreJobOutput::builder()
                    .restore_job_id("job-7")
                    .status(RestoreJobStatus::Completed)
                    .percent_done("100.0")
                    .created_resource_arn("arn:aws:ec2:eu-west-1:111122223333:volume/vol-0new")
                    .build()
            })
            .repeatedly()
            .build(),
    );
    let start = mock!(aws_sdk_ssm::Client::start_automation_execution)
        .match_requests(|r| {
            let parameters = r.parameters().unwrap();
            r.document_name() == Some("estante-RestoreFromRecoveryPoint")
                && parameters["RecoveryPointArn"] == [POINT]
                && parameters["IamRoleArn"] == [ROLE]
                && parameters["ResourceType"] == ["EBS"]
                && parameters["Metadata"][0].contains("\"availabilityZone\":\"eu-west-1b\"")
        })
        .then_output(|| {
            aws_sdk_ssm::operation::start_automation_execution::StartAutomationExecutionOutput::builder()
                .automation_execution_id("exec-1")
                .build()
        });
    let follow = mock!(aws_sdk_ssm::Client::get_automation_execution)
        .sequence()
        .error(|| {
            GetAutomationExecutionError::generic(meta(
                "AutomationExecutionNotFoundException",
                "exec-1 not found",
            ))
        })
        .output(|| execution(AutomationExecutionStatus::Inprogress, None))
        .output(|| execution(AutomationExecutionStatus::Inprogress, Some("job-7")))
        .output(|| execution(AutomationExecutionStatus::Success, Some("job-7")))
        .repeatedly()
        .build();
    let mocks = Mocks {
        ec2,
        backup,
        ssm: vec![
            agent_rule(PingStatus::Online),
            no_commands_rule(),
            start,
            follow,
        ],
        sts: vec![caller_identity_rule()],
        ..Mocks::default()
    };
    let fleet = mocked_fleet(&mocks, &enabled());
    let audit_dir = tempfile::tempdir().unwrap();
    let audit_log = audit_dir.path().join("restores.jsonl");

    let plan = fleet.plan_restore(recovery_point_request()).await.unwrap();
    assert!(plan.is_ready(), "{:?}", plan.checks);
    assert_eq!(plan.mechanism, Mechanism::Automation);
    assert_eq!(plan.confirmation, INSTANCE);
    let description = description_text(&plan);
    assert!(
        description.contains("a new EBS volume in eu-west-1b"),
        "{description}"
    );
    assert!(description.contains(POINT), "{description}");
    let check_names: Vec<&str> = plan.checks.iter().map(|c| c.name.as_str()).collect();
    assert!(check_names.contains(&"EC2 DryRun CreateVolume"));
    assert!(check_names.contains(&"SSM agent online"));

    let mismatch = plan.clone().confirm(&INSTANCE.to_uppercase()).unwrap_err();
    assert!(matches!(mismatch, OpsError::ConfirmationMismatch { .. }));
    // A pasted id often brings a space.
    assert!(plan.clone().confirm(&format!(" {INSTANCE}\t")).is_ok());
    let confirmed = plan.confirm(INSTANCE).unwrap();
    let handle = fleet.start_restore(confirmed, &audit_log).await.unwrap();
    assert_eq!(handle.execution_id, "exec-1");

    let mut seen: Vec<RestoreStatus> = Vec::new();
    let outcome = fleet
        .follow_restore(&handle, &fast(), &audit_log, |s| seen.push(s.clone()))
        .await
        .unwrap();

    assert!(outcome.succeeded);
    assert_eq!(
        outcome.created_resource_arn.as_deref(),
        Some("arn:aws:ec2:eu-west-1:111122223333:volume/vol-0new")
    );
    let statuses: Vec<&str> = seen.iter().map(|s| s.status.as_str()).collect();
    assert_eq!(
        statuses,
        vec!["Pending", "InProgress", "InProgress", "Success"]
    );
    let percent = seen[2]
        .restore_job
        .as_ref()
        .unwrap()
        .percent_done
        .as_deref();
    assert_eq!(percent, Some("40.0"));
    assert!(seen[3].terminal);

    let entries = read_audit(&audit_log);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["result"], "sending");
    assert_eq!(entries[1]["result"], "started");
    assert_eq!(entries[2]["result"], "succeeded");
    assert_eq!(
        entries[0]["who"],
        "arn:aws:sts::111122223333:assumed-role/EstanteOps/alice"
    );
    assert_eq!(entries[2]["execution_id"], "exec-1");
    assert!(entries[2]["detail"].as_str().unwrap().contains("vol-0new"));
}

fn invocation(status: CommandInvocationStatus, stdout: &str) -> GetCommandInvocationOutput {
    GetCommandInvocationOutput::builder()
        .status(status)
        .response_code(0)
        .standard_output_content(stdout)
        .build()
}

fn invisible() -> GetCommandInvocationError {
    GetCommandInvocationError::generic(meta("InvocationDoesNotExist", "not yet"))
}

fn database_mocks(follow: Rule) -> Mocks {
    let send = mock!(aws_sdk_ssm::Client::send_command)
        .match_requests(|r| {
            r.document_name() == Some("estante-RestoreDatabase")
                && r.instance_ids() == [INSTANCE]
                && r.parameters()
                    .is_some_and(|p| p["BackupKey"] == ["backups/2026-05-01.tar.zst"])
        })
        .then_output(|| {
            aws_sdk_ssm::operation::send_command::SendCommandOutput::builder()
                .command(
                    aws_sdk_ssm::types::Command::builder()
                        .command_id("cmd-9")
                        .build(),
                )
                .build()
        });
    Mocks {
        ec2: vec![instance_rule()],
        ssm: vec![
            agent_rule(PingStatus::Online),
            no_commands_rule(),
            send,
            follow,
        ],
        sts: vec![caller_identity_rule()],
        ..Mocks::default()
    }
}

/// Plans, confirms and starts a database restore on the mocks, with `follow` as the
/// rule that replies to its polls. The folder of the audit log lives as long as the
/// returned guard.
async fn started_database_restore(
    follow: Rule,
) -> (
    estante_ops::Fleet,
    tempfile::TempDir,
    std::path::PathBuf,
    estante_ops::restore::RestoreHandle,
) {
    let fleet = mocked_fleet(&database_mocks(follow), &enabled());
    let audit_dir = tempfile::tempdir().expect("a temporary folder");
    let audit_log = audit_dir.path().join("restores.jsonl");
    let plan = fleet
        .plan_restore(database_request())
        .await
        .expect("the preflight runs");
    let confirmed = plan.confirm(INSTANCE).expect("the plan is ready");
    let handle = fleet
        .start_restore(confirmed, &audit_log)
        .await
        .expect("the restore starts");
    (fleet, audit_dir, audit_log, handle)
}

fn database_request() -> RestoreRequest {
    RestoreRequest::Database {
        instance_id: INSTANCE.to_string(),
        backup_key: "backups/2026-05-01.tar.zst".to_string(),
    }
}

#[tokio::test]
async fn database_restore_waits_for_invocation() {
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation)
        .sequence()
        .error(invisible)
        .times(2)
        .output(|| invocation(CommandInvocationStatus::InProgress, ""))
        .output(|| invocation(CommandInvocationStatus::Success, "restored 1,204 books"))
        .build();
    let fleet = mocked_fleet(&database_mocks(follow.clone()), &enabled());
    let audit_dir = tempfile::tempdir().unwrap();
    let audit_log = audit_dir.path().join("restores.jsonl");

    let plan = fleet.plan_restore(database_request()).await.unwrap();
    assert!(plan.is_ready(), "{:?}", plan.checks);
    assert_eq!(plan.mechanism, Mechanism::RunCommand);
    let description = description_text(&plan);
    assert!(
        description.contains("estante-server restore --from backups/2026-05-01.tar.zst"),
        "{description}"
    );
    assert!(
        description.contains(&format!("{INSTANCE} (estante-db)")),
        "{description}"
    );
    let handle = fleet
        .start_restore(plan.confirm(INSTANCE).unwrap(), &audit_log)
        .await
        .unwrap();
    let mut seen = Vec::new();
    let outcome = fleet
        .follow_restore(&handle, &fast(), &audit_log, |s| {
            seen.push(s.status.clone())
        })
        .await
        .unwrap();

    assert!(outcome.succeeded);
    assert_eq!(outcome.output.unwrap().stdout, "restored 1,204 books");
    assert_eq!(seen, vec!["Pending", "InProgress", "Success"]);
    assert_eq!(follow.num_calls(), 4);
    let results: Vec<String> = read_audit(&audit_log)
        .iter()
        .map(|e| e["result"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(results, vec!["sending", "started", "succeeded"]);
}

/// A poll that failed showed the restore as Pending again, after it had been seen
/// running, and a time-out then reported Pending as its last status. A failed poll
/// keeps the last status read.
#[tokio::test]
async fn failed_poll_keeps_the_last_status() {
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation)
        .sequence()
        .output(|| invocation(CommandInvocationStatus::InProgress, ""))
        // The SDK tries a throttled call three times before the error comes back.
        .error(|| GetCommandInvocationError::generic(meta("ThrottlingException", "slow down")))
        .times(3)
        .output(|| invocation(CommandInvocationStatus::Success, "restored"))
        .build();
    let (fleet, _audit_dir, audit_log, handle) = started_database_restore(follow).await;

    let mut seen = Vec::new();
    let outcome = fleet
        .follow_restore(&handle, &fast(), &audit_log, |s| {
            seen.push((s.status.clone(), s.detail.as_ref().map(|d| d.text.clone())))
        })
        .await
        .unwrap();

    assert!(outcome.succeeded);
    let statuses: Vec<&str> = seen.iter().map(|(status, _)| status.as_str()).collect();
    assert_eq!(
        statuses,
        ["InProgress", "InProgress", "Success"],
        "{seen:?}"
    );
    let retry = seen[1].1.as_deref().unwrap_or_default();
    assert!(retry.starts_with("poll failed, retrying"), "{retry}");
}

#[tokio::test]
async fn invisible_invocation_times_out() {
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation)
        .sequence()
        .error(invisible)
        .repeatedly()
        .build();
    let (fleet, _audit_dir, audit_log, handle) = started_database_restore(follow).await;
    let options = FollowOptions {
        visibility_timeout: Duration::from_millis(30),
        ..fast()
    };

    let err = fleet
        .follow_restore(&handle, &options, &audit_log, |_| {})
        .await
        .unwrap_err();

    assert_eq!(err.kind(), Some(estante_ops::ErrorKind::NotFound), "{err}");
    let entries = read_audit(&audit_log);
    assert_eq!(entries[2]["result"], "follow-failed");
}

#[tokio::test]
async fn disabled_restores_are_refused() {
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation).then_error(invisible);
    let mocks = database_mocks(follow);
    let disabled = mocked_fleet(&mocks, &OpsConfig::default());
    let audit_dir = tempfile::tempdir().unwrap();
    let audit_log = audit_dir.path().join("restores.jsonl");

    let plan = disabled.plan_restore(database_request()).await.unwrap();
    let failed: Vec<&str> = plan
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed, vec!["restores enabled"]);
    let rejected = plan.confirm(INSTANCE).unwrap_err();
    assert!(
        matches!(rejected, OpsError::PreflightFailed(_)),
        "{rejected}"
    );

    // A plan confirmed under another configuration is still refused at start.
    let enabled_fleet = mocked_fleet(&mocks, &enabled());
    let plan = enabled_fleet
        .plan_restore(database_request())
        .await
        .unwrap();
    let err = disabled
        .start_restore(plan.confirm(INSTANCE).unwrap(), &audit_log)
        .await
        .unwrap_err();
    assert!(matches!(err, OpsError::RestoresDisabled));
    let entries = read_audit(&audit_log);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["result"], "refused");
}

/// ListCommands output with one estante restore command on the instance.
fn running_restore(
    status: aws_sdk_ssm::types::CommandStatus,
) -> aws_sdk_ssm::operation::list_commands::ListCommandsOutput {
    aws_sdk_ssm::operation::list_commands::ListCommandsOutput::builder()
        .commands(
            aws_sdk_ssm::types::Command::builder()
                .command_id("cmd-first")
                .document_name("estante-RestoreVolume")
                .instance_ids(INSTANCE)
                .status(status)
                .build(),
        )
        .build()
}

/// A second restore on an instance whose first one still runs would swap the volume
/// under it, so the preflight fails it and names the running command.
#[tokio::test]
async fn running_restore_blocks_another() {
    use aws_sdk_ssm::types::CommandStatus;

    for (status, blocks) in [
        (CommandStatus::InProgress, true),
        (CommandStatus::Pending, true),
        (CommandStatus::Success, false),
        (CommandStatus::Failed, false),
    ] {
        let listed = status.clone();
        let mocks = Mocks {
            ec2: vec![instance_rule()],
            ssm: vec![
                agent_rule(PingStatus::Online),
                mock!(aws_sdk_ssm::Client::list_commands)
                    .then_output(move || running_restore(listed.clone())),
            ],
            sts: vec![caller_identity_rule()],
            ..Mocks::default()
        };
        let fleet = mocked_fleet(&mocks, &enabled());

        let plan = fleet.plan_restore(database_request()).await.unwrap();

        let check = plan
            .checks
            .iter()
            .find(|c| c.name.id == "check-no-restore-running")
            .unwrap();
        assert_eq!(check.passed, !blocks, "{status:?}: {}", check.detail);
        if blocks {
            assert!(
                check.detail.text.contains("cmd-first")
                    && check.detail.text.contains(status.as_str()),
                "{}",
                check.detail
            );
        }
    }
}

/// The caller check read the identity cached when the pane connected, so it passed
/// after the credentials expired. It calls STS each time now, and so does the start.
#[tokio::test]
async fn expired_credentials_fail_the_caller_check() {
    use aws_sdk_sts::operation::get_caller_identity::{
        GetCallerIdentityError, GetCallerIdentityOutput,
    };

    let identity = mock!(aws_sdk_sts::Client::get_caller_identity)
        .sequence()
        .output(|| {
            GetCallerIdentityOutput::builder()
                .account("111122223333")
                .arn("arn:aws:sts::111122223333:assumed-role/EstanteOps/alice")
                .build()
        })
        .error(|| GetCallerIdentityError::generic(meta("ExpiredToken", "token expired")))
        .build();
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation).then_error(invisible);
    let mut mocks = database_mocks(follow);
    mocks.sts = vec![identity.clone()];
    let fleet = mocked_fleet(&mocks, &enabled());
    fleet.whoami().await.unwrap();

    let plan = fleet.plan_restore(database_request()).await.unwrap();

    let caller = plan
        .checks
        .iter()
        .find(|c| c.name.id == "check-caller")
        .unwrap();
    assert!(!caller.passed, "{}", caller.detail);
    assert!(
        caller.detail.text.contains("ExpiredToken"),
        "{}",
        caller.detail
    );
    assert_eq!(identity.num_calls(), 2);
}

/// The checks run again when a confirmed plan starts: a restore that another
/// operator started between the plan and the confirmation stops this one, and
/// nothing is sent.
#[tokio::test]
async fn start_checks_again() {
    use aws_sdk_ssm::types::CommandStatus;

    let send = mock!(aws_sdk_ssm::Client::send_command).then_output(|| {
        aws_sdk_ssm::operation::send_command::SendCommandOutput::builder()
            .command(
                aws_sdk_ssm::types::Command::builder()
                    .command_id("cmd-9")
                    .build(),
            )
            .build()
    });
    let listed = mock!(aws_sdk_ssm::Client::list_commands)
        .sequence()
        .output(|| aws_sdk_ssm::operation::list_commands::ListCommandsOutput::builder().build())
        .output(|| running_restore(CommandStatus::InProgress))
        .build();
    let mocks = Mocks {
        ec2: vec![instance_rule()],
        ssm: vec![agent_rule(PingStatus::Online), listed.clone(), send.clone()],
        sts: vec![caller_identity_rule()],
        ..Mocks::default()
    };
    let fleet = mocked_fleet(&mocks, &enabled());
    let audit_dir = tempfile::tempdir().unwrap();
    let audit_log = audit_dir.path().join("restores.jsonl");
    let plan = fleet.plan_restore(database_request()).await.unwrap();
    assert!(plan.is_ready(), "{:?}", plan.checks);

    let err = fleet
        .start_restore(plan.confirm(INSTANCE).unwrap(), &audit_log)
        .await
        .unwrap_err();

    assert!(matches!(&err, OpsError::PlanChanged(_)), "{err}");
    assert!(err.to_string().contains("cmd-first"), "{err}");
    assert_eq!(send.num_calls(), 0, "nothing may be sent");
    assert_eq!(listed.num_calls(), 2);
    let entries = read_audit(&audit_log);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["result"], "refused");
}

#[tokio::test]
async fn offline_agent_and_bad_key_rejected() {
    let mocks = Mocks {
        ec2: vec![instance_rule()],
        ssm: vec![agent_rule(PingStatus::ConnectionLost), no_commands_rule()],
        sts: vec![caller_identity_rule()],
        ..Mocks::default()
    };
    let fleet = mocked_fleet(&mocks, &enabled());

    let plan = fleet.plan_restore(database_request()).await.unwrap();
    let agent = plan
        .checks
        .iter()
        .find(|c| c.name.id == "check-ssm-online")
        .unwrap();
    assert!(!agent.passed);
    assert!(
        agent.detail.text.contains("ConnectionLost"),
        "{}",
        agent.detail
    );
    assert_eq!(agent.detail.id, "check-ssm-ping");
    assert_eq!(agent.detail.args["ping"], "ConnectionLost");

    let bad_key = RestoreRequest::Database {
        instance_id: INSTANCE.to_string(),
        backup_key: "x; rm -rf /".to_string(),
    };
    let err = fleet.plan_restore(bad_key).await.unwrap_err();
    assert!(matches!(err, OpsError::InvalidInput(_)), "{err}");

    // An empty or malformed instance id once made a plan that "sends … to .".
    for instance in ["", "i-0DB00000000000A1", "web-1", "i-0db000000000000a1 "] {
        let request = RestoreRequest::Database {
            instance_id: instance.to_string(),
            backup_key: "backups/2026-05-01.tar.zst".to_string(),
        };
        let err = fleet.plan_restore(request).await.unwrap_err();
        assert!(
            matches!(&err, OpsError::InvalidInput(reason) if reason.id == "input-instance-id"),
            "{instance:?}: {err}"
        );
    }
}

/// The audit log records who started each restore. A caller that STS cannot name
/// fails the preflight, and a restore confirmed before the credentials stopped
/// working is refused at start, with the refusal audited.
#[tokio::test]
async fn unknown_caller_blocks_restore() {
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
    let follow = mock!(aws_sdk_ssm::Client::get_command_invocation).then_error(invisible);
    let mut mocks = database_mocks(follow);
    mocks.sts = vec![
        mock!(aws_sdk_sts::Client::get_caller_identity)
            .then_error(|| GetCallerIdentityError::generic(meta("AccessDenied", "denied"))),
    ];
    let fleet = mocked_fleet(&mocks, &enabled());
    let audit_dir = tempfile::tempdir().unwrap();
    let audit_log = audit_dir.path().join("restores.jsonl");

    let plan = fleet.plan_restore(database_request()).await.unwrap();
    let failed: Vec<&str> = plan
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.id)
        .collect();
    assert_eq!(failed, vec!["check-caller"]);
    assert!(plan.clone().confirm(INSTANCE).is_err());

    // The same plan from a fleet whose caller was known, started by this one.
    let known = mocked_fleet(
        &database_mocks(mock!(aws_sdk_ssm::Client::get_command_invocation).then_error(invisible)),
        &enabled(),
    );
    let ready = known.plan_restore(database_request()).await.unwrap();
    let err = fleet
        .start_restore(ready.confirm(INSTANCE).unwrap(), &audit_log)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("AccessDenied"), "{err}");
    let entries = read_audit(&audit_log);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["result"], "refused");
    assert_eq!(entries[0]["who"], "unknown");

    // The log names callers and accounts, so only its owner may read it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&audit_log).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
}

#[tokio::test]
async fn snapshot_resolves_to_recovery_point() {
    use aws_sdk_backup::operation::list_recovery_points_by_resource::ListRecoveryPointsByResourceOutput;
    use aws_sdk_backup::types::RecoveryPointByResource;
    use aws_sdk_ec2::operation::describe_snapshots::DescribeSnapshotsOutput;
    let (mut backup, mut ec2) = recovery_point_rules();
    ec2.push(
        mock!(aws_sdk_ec2::Client::describe_snapshots).then_output(|| {
            DescribeSnapshotsOutput::builder()
                .snapshots(
                    aws_sdk_ec2::types::Snapshot::builder()
                        .snapshot_id("snap-0abc0000000000000")
                        .volume_id("vol-0data")
                        // AWS Backup tags the snapshots it makes with their source.
                        .tags(
                            aws_sdk_ec2::types::Tag::builder()
                                .key("aws:backup:source-resource")
                                .value("vol-0data")
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
    );
    backup.push(
        mock!(aws_sdk_backup::Client::list_recovery_points_by_resource)
            .match_requests(|r| {
                r.resource_arn() == Some("arn:aws:ec2:eu-west-1:111122223333:volume/vol-0data")
            })
            .then_output(|| {
                ListRecoveryPointsByResourceOutput::builder()
                    .recovery_points(
                        RecoveryPointByResource::builder()
                            .recovery_point_arn(POINT)
                            .backup_vault_name(VAULT)
                            .build(),
                    )
                    .build()
            }),
    );
    let mocks = Mocks {
        ec2,
        backup,
        ssm: vec![agent_rule(PingStatus::Online), no_commands_rule()],
        sts: vec![caller_identity_rule()],
        ..Mocks::default()
    };
    let fleet = mocked_fleet(&mocks, &enabled());

    let plan = fleet
        .plan_restore(RestoreRequest::Snapshot {
            snapshot_id: "snap-0abc0000000000000".to_string(),
            instance_id: INSTANCE.to_string(),
            restore_role_arn: None,
        })
        .await
        .unwrap();

    assert!(plan.is_ready(), "{:?}", plan.checks);
    assert_eq!(plan.recovery_point_arn.as_deref(), Some(POINT));
    assert_eq!(plan.parameters["IamRoleArn"], [ROLE]);
}

/// Joins the English description of a plan, a sentence per line.
fn description_text(plan: &estante_ops::restore::RestorePlan) -> String {
    let lines: Vec<&str> = plan.description.iter().map(|s| s.as_str()).collect();
    lines.join("\n")
}
