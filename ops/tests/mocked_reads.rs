//! Reads that moto does not implement, with aws-smithy-mocks: recovery points,
//! backup and restore jobs, command invocations, alarm history and composite
//! alarms.

mod common;

use aws_sdk_backup::operation::list_backup_jobs::ListBackupJobsOutput;
use aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput;
use aws_sdk_backup::operation::list_recovery_points_by_backup_vault::{
    ListRecoveryPointsByBackupVaultError, ListRecoveryPointsByBackupVaultOutput,
};
use aws_sdk_backup::operation::list_restore_jobs::ListRestoreJobsOutput;
use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{
    BackupJob, BackupJobState, BackupVaultListMember, CalculatedLifecycle, Lifecycle,
    RecoveryPointByBackupVault, RecoveryPointStatus, RestoreJobStatus, RestoreJobsListMember,
};
use aws_smithy_mocks::mock;
use chrono::{TimeZone, Utc};
use common::{Mocks, meta, mocked_fleet};
use estante_ops::OpsConfig;

fn vault(name: &str) -> BackupVaultListMember {
    BackupVaultListMember::builder()
        .backup_vault_name(name)
        .number_of_recovery_points(1)
        .build()
}

fn point(vault: &str, arn: &str, kind: &str, created: i64) -> RecoveryPointByBackupVault {
    RecoveryPointByBackupVault::builder()
        .backup_vault_name(vault)
        .recovery_point_arn(arn)
        .resource_type(kind)
        .status(RecoveryPointStatus::Completed)
        .creation_date(DateTime::from_secs(created))
        .lifecycle(Lifecycle::builder().delete_after_days(35).build())
        .calculated_lifecycle(
            CalculatedLifecycle::builder()
                .delete_at(DateTime::from_secs(created + 35 * 86_400))
                .build(),
        )
        .build()
}

#[tokio::test]
async fn recovery_points_across_vaults() {
    let vaults = mock!(aws_sdk_backup::Client::list_backup_vaults).then_output(|| {
        ListBackupVaultsOutput::builder()
            .backup_vault_list(vault("estante-daily"))
            .backup_vault_list(vault("estante-weekly"))
            .backup_vault_list(vault("locked-away"))
            .build()
    });
    let daily = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.backup_vault_name() == Some("estante-daily"))
        .then_output(|| {
            ListRecoveryPointsByBackupVaultOutput::builder()
                .recovery_points(point(
                    "estante-daily",
                    "arn:aws:ec2:eu-west-1::snapshot/snap-0new",
                    "EBS",
                    1_800_000_000,
                ))
                .recovery_points(point(
                    "estante-daily",
                    "arn:aws:rds:eu-west-1:111122223333:snapshot:awsbackup:job-1",
                    "RDS",
                    1_700_000_000,
                ))
                .build()
        });
    let weekly = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.backup_vault_name() == Some("estante-weekly"))
        .then_output(|| {
            ListRecoveryPointsByBackupVaultOutput::builder()
                .recovery_points(point(
                    "estante-weekly",
                    "arn:aws:ec2:eu-west-1::image/ami-0weekly",
                    "EC2",
                    1_750_000_000,
                ))
                .build()
        });
    let locked = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .match_requests(|r| r.backup_vault_name() == Some("locked-away"))
        .then_error(|| {
            ListRecoveryPointsByBackupVaultError::generic(meta(
                "AccessDeniedException",
                "not authorized on this vault",
            ))
        });
    let fleet = mocked_fleet(
        &Mocks {
            backup: vec![vaults, daily, weekly, locked],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.recovery_points(None, None).await.unwrap();

    let kinds: Vec<&str> = listing
        .items
        .iter()
        .map(|p| p.resource_type.as_deref().unwrap())
        .collect();
    assert_eq!(kinds, vec!["EBS", "EC2", "RDS"], "newest first");
    let newest = &listing.items[0];
    assert_eq!(newest.status, "COMPLETED");
    assert_eq!(newest.lifecycle.delete_after_days, Some(35));
    assert_eq!(
        newest.lifecycle.delete_at,
        Some(Utc.timestamp_opt(1_800_000_000 + 35 * 86_400, 0).unwrap())
    );
    let partial = listing.partial.as_ref().unwrap().as_str();
    assert!(partial.contains("vault locked-away"), "{partial}");
    assert!(
        partial.contains("backup:ListRecoveryPointsByBackupVault"),
        "{partial}"
    );
}

#[tokio::test]
async fn backup_jobs_failed_first() {
    let job = |id: &str, state: BackupJobState, created: i64| {
        BackupJob::builder()
            .backup_job_id(id)
            .state(state)
            .resource_type("EBS")
            .creation_date(DateTime::from_secs(created))
            .status_message("snapshot quota exceeded")
            .build()
    };
    let jobs = mock!(aws_sdk_backup::Client::list_backup_jobs).then_output(move || {
        ListBackupJobsOutput::builder()
            .backup_jobs(job("ok-new", BackupJobState::Completed, 300))
            .backup_jobs(job("failed-old", BackupJobState::Failed, 100))
            .backup_jobs(job("ok-old", BackupJobState::Completed, 200))
            .backup_jobs(job("aborted", BackupJobState::Aborted, 150))
            .build()
    });
    let fleet = mocked_fleet(
        &Mocks {
            backup: vec![jobs],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.backup_jobs(Utc::now()).await.unwrap();

    let ids: Vec<&str> = listing.items.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, vec!["aborted", "failed-old", "ok-new", "ok-old"]);
    assert!(listing.items[0].is_failed());
}

#[tokio::test]
async fn restore_jobs_newest_first() {
    let jobs = mock!(aws_sdk_backup::Client::list_restore_jobs).then_output(|| {
        ListRestoreJobsOutput::builder()
            .restore_jobs(
                RestoreJobsListMember::builder()
                    .restore_job_id("old")
                    .status(RestoreJobStatus::Completed)
                    .created_resource_arn("arn:aws:ec2:eu-west-1:111122223333:volume/vol-1")
                    .creation_date(DateTime::from_secs(100))
                    .build(),
            )
            .restore_jobs(
                RestoreJobsListMember::builder()
                    .restore_job_id("new")
                    .status(RestoreJobStatus::Running)
                    .percent_done("40.0")
                    .creation_date(DateTime::from_secs(200))
                    .build(),
            )
            .build()
    });
    let fleet = mocked_fleet(
        &Mocks {
            backup: vec![jobs],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.restore_jobs(Utc::now()).await.unwrap();

    assert_eq!(listing.items[0].id, "new");
    assert_eq!(listing.items[0].percent_done.as_deref(), Some("40.0"));
    assert!(!listing.items[0].is_terminal());
    assert!(listing.items[1].is_terminal());
    assert!(listing.items[1].created_resource_arn.is_some());
}

#[tokio::test]
async fn command_invocations_with_output() {
    use aws_sdk_ssm::operation::list_command_invocations::ListCommandInvocationsOutput;
    use aws_sdk_ssm::types::{CommandInvocation, CommandInvocationStatus, CommandPlugin};
    let invocations = mock!(aws_sdk_ssm::Client::list_command_invocations)
        .match_requests(|r| r.command_id() == Some("cmd-1") && r.details() == Some(true))
        .then_output(|| {
            ListCommandInvocationsOutput::builder()
                .command_invocations(
                    CommandInvocation::builder()
                        .command_id("cmd-1")
                        .instance_id("i-0aaa")
                        .instance_name("web-1")
                        .status(CommandInvocationStatus::Failed)
                        .command_plugins(
                            CommandPlugin::builder()
                                .name("RestoreDatabase")
                                .status(aws_sdk_ssm::types::CommandPluginStatus::Failed)
                                .response_code(2)
                                .output("estante-server: backup not found")
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
    let fleet = mocked_fleet(
        &Mocks {
            ssm: vec![invocations],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.command_invocations("cmd-1").await.unwrap();

    let invocation = &listing.items[0];
    assert_eq!(invocation.status, "Failed");
    assert_eq!(invocation.instance_name.as_deref(), Some("web-1"));
    assert_eq!(invocation.plugins[0].response_code, 2);
    assert_eq!(
        invocation.plugins[0].output.as_deref(),
        Some("estante-server: backup not found")
    );
}

#[tokio::test]
async fn alarm_history_and_composite_alarms() {
    use aws_sdk_cloudwatch::operation::describe_alarm_history::DescribeAlarmHistoryOutput;
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::{
        AlarmHistoryItem, CompositeAlarm, HistoryItemType, StateValue,
    };
    let history = mock!(aws_sdk_cloudwatch::Client::describe_alarm_history)
        .match_requests(|r| r.alarm_name() == Some("estante-down"))
        .then_output(|| {
            DescribeAlarmHistoryOutput::builder()
                .alarm_history_items(
                    AlarmHistoryItem::builder()
                        .alarm_name("estante-down")
                        .history_item_type(HistoryItemType::StateUpdate)
                        .history_summary("Alarm updated from OK to ALARM")
                        .timestamp(aws_sdk_cloudwatch::primitives::DateTime::from_secs(100))
                        .build(),
                )
                .build()
        });
    let alarms = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .match_requests(|r| r.alarm_types().len() == 2)
        .then_output(|| {
            DescribeAlarmsOutput::builder()
                .composite_alarms(
                    CompositeAlarm::builder()
                        .alarm_name("estante-down")
                        .alarm_rule("ALARM(cpu-high) OR ALARM(status-check)")
                        .state_value(StateValue::Alarm)
                        .build(),
                )
                .build()
        });
    let fleet = mocked_fleet(
        &Mocks {
            cloudwatch: vec![history, alarms],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let items = fleet
        .alarm_history(Some("estante-down"), Utc::now() - chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(items.items[0].item_type, "StateUpdate");
    assert_eq!(
        items.items[0].summary.as_deref(),
        Some("Alarm updated from OK to ALARM")
    );

    let listing = fleet.alarms().await.unwrap();
    let composite = &listing.items[0];
    assert_eq!(
        composite.kind,
        estante_ops::cloudwatch::alarms::AlarmKind::Composite
    );
    assert_eq!(composite.state, "ALARM");
    assert!(composite.rule.as_deref().unwrap().contains("status-check"));
}
