//! The read-only `estante ops` subcommands: one table or JSON document each.

use std::time::Duration;

use anyhow::Result;
use chrono::Utc;
use estante_ops::Fleet;
use estante_ops::ec2::instances::{InstanceFilter, TagFilter};
use serde::Serialize;

use super::{emit, failed, text, time, warn_partial};
use crate::cli::{BackupsCommand, OpsCommand, Output};
use crate::commands::output::{print_json, print_table};

/// An instance as printed: the library's fields plus `instance_id`, the name
/// scripts look for.
#[derive(Debug, Serialize)]
struct InstanceRow<'a> {
    instance_id: &'a str,
    #[serde(flatten)]
    instance: &'a estante_ops::ec2::instances::Instance,
}

pub(super) async fn read(fleet: &Fleet, command: OpsCommand, output: Output) -> Result<()> {
    match command {
        OpsCommand::Whoami => {
            let identity = fleet
                .whoami()
                .await
                .map_err(failed("read the caller identity"))?;
            match output {
                Output::Json => print_json(&identity),
                Output::Table => {
                    println!(
                        "account {} · {} · profile {} · region {}",
                        identity.account,
                        identity.arn,
                        fleet.profile(),
                        fleet.region()
                    );
                    Ok(())
                }
            }
        }
        OpsCommand::Instances { tag, states } => {
            let filter = InstanceFilter {
                tag: tag.map(|(key, value)| TagFilter { key, value }),
                states,
            };
            let listing = fleet
                .instances(&filter)
                .await
                .map_err(failed("list EC2 instances"))?;
            warn_partial("instance", &listing);
            let rows: Vec<InstanceRow> = listing
                .items
                .iter()
                .map(|instance| InstanceRow {
                    instance_id: &instance.id,
                    instance,
                })
                .collect();
            emit(
                output,
                &rows,
                &["INSTANCE", "NAME", "STATE", "TYPE", "ZONE", "SSM"],
                |row| {
                    let i = row.instance;
                    vec![
                        i.id.clone(),
                        text(&i.name),
                        i.state.clone(),
                        i.instance_type.clone(),
                        text(&i.availability_zone),
                        i.ssm
                            .as_ref()
                            .map(|s| s.ping_status.clone())
                            .unwrap_or_else(|| "-".to_string()),
                    ]
                },
            )
        }
        OpsCommand::Alarms => {
            let mut listing = fleet.alarms().await.map_err(failed("list alarms"))?;
            warn_partial("alarm", &listing);
            listing.items.sort_by_key(|alarm| alarm.state != "ALARM");
            emit(
                output,
                &listing.items,
                &["STATE", "ALARM", "INSTANCE", "METRIC", "SINCE"],
                |a| {
                    vec![
                        a.state.clone(),
                        a.name.clone(),
                        text(&a.instance_id),
                        text(&a.metric_name),
                        time(a.state_updated),
                    ]
                },
            )
        }
        OpsCommand::Metrics {
            instance_id,
            hours,
            period,
        } => {
            let window = Duration::from_secs(u64::from(hours) * 3600);
            let metrics = fleet
                .instance_metrics(&instance_id, window, period)
                .await
                .map_err(failed("read instance metrics"))?;
            if let Some(reason) = &metrics.partial {
                eprintln!("warning: some metrics are missing: {reason}");
            }
            if output == Output::Json {
                return print_json(&metrics);
            }
            let rows: Vec<Vec<String>> = metrics
                .series
                .iter()
                .map(|series| {
                    let last = series.points.last();
                    vec![
                        series.metric_name.clone(),
                        series.stat.clone(),
                        series.points.len().to_string(),
                        last.map(|p| format!("{:.2}", p.value)).unwrap_or_default(),
                        time(last.map(|p| p.timestamp)),
                    ]
                })
                .collect();
            print_table(&["METRIC", "STAT", "POINTS", "LATEST", "AT"], &rows)?;
            if metrics.agent == estante_ops::cloudwatch::metrics::AgentMetrics::Absent {
                println!(
                    "No CloudWatch agent metrics (memory, disk) for {instance_id}: the agent is \
                     not installed or not publishing them."
                );
            }
            Ok(())
        }
        OpsCommand::Volumes { instance } => {
            let listing = fleet
                .volumes(instance.as_deref())
                .await
                .map_err(failed("list EBS volumes"))?;
            warn_partial("volume", &listing);
            emit(
                output,
                &listing.items,
                &["VOLUME", "INSTANCE", "DEVICE", "TYPE", "GIB", "STATE"],
                |v| {
                    vec![
                        v.id.clone(),
                        text(&v.instance_id),
                        text(&v.device),
                        v.volume_type.clone(),
                        v.size_gib.to_string(),
                        v.state.clone(),
                    ]
                },
            )
        }
        OpsCommand::Snapshots { .. } => {
            let report = fleet
                .snapshots()
                .await
                .map_err(failed("list EBS snapshots"))?;
            warn_partial("snapshot", &report.snapshots);
            if output == Output::Json {
                return print_json(&report);
            }
            let rows: Vec<Vec<String>> = report
                .snapshots
                .items
                .iter()
                .map(|s| {
                    vec![
                        s.id.clone(),
                        text(&s.instance_id),
                        text(&s.volume_id),
                        s.state.clone(),
                        s.age_hours.map(|h| format!("{h} h")).unwrap_or_default(),
                    ]
                })
                .collect();
            print_table(&["SNAPSHOT", "INSTANCE", "VOLUME", "STATE", "AGE"], &rows)?;
            for stale in &report.stale_instances {
                println!(
                    "stale: {} has no snapshot newer than {} h (newest: {})",
                    stale.instance_id,
                    report.max_age_hours,
                    stale.newest_snapshot_id.as_deref().unwrap_or("none")
                );
            }
            Ok(())
        }
        OpsCommand::Backups {
            list: Some(BackupsCommand::Vaults),
            ..
        } => {
            let vaults = fleet
                .backup_vaults()
                .await
                .map_err(failed("list backup vaults"))?;
            warn_partial("vault", &vaults);
            emit(
                output,
                &vaults.items,
                &["VAULT", "POINTS", "LOCKED", "CREATED"],
                |v| {
                    vec![
                        v.name.clone(),
                        v.recovery_points.to_string(),
                        v.locked.to_string(),
                        time(v.creation_date),
                    ]
                },
            )
        }
        OpsCommand::Backups {
            list: Some(BackupsCommand::Plans),
            ..
        } => {
            let plans = fleet
                .backup_plans()
                .await
                .map_err(failed("list backup plans"))?;
            warn_partial("plan", &plans);
            emit(
                output,
                &plans.items,
                &["PLAN", "ID", "CREATED", "LAST RUN"],
                |p| {
                    vec![
                        p.name.clone(),
                        p.id.clone(),
                        time(p.creation_date),
                        time(p.last_execution_date),
                    ]
                },
            )
        }
        OpsCommand::Backups { vault, .. } => {
            let points = fleet
                .recovery_points(vault.as_deref(), None)
                .await
                .map_err(failed("list recovery points"))?;
            warn_partial("recovery point", &points);
            emit(
                output,
                &points.items,
                &[
                    "VAULT",
                    "RESOURCE",
                    "TYPE",
                    "STATUS",
                    "CREATED",
                    "RECOVERY POINT",
                ],
                |p| {
                    vec![
                        p.vault.clone(),
                        p.resource_name
                            .clone()
                            .or(p.resource_arn.clone())
                            .unwrap_or_default(),
                        text(&p.resource_type),
                        p.status.clone(),
                        time(p.creation_date),
                        p.arn.clone(),
                    ]
                },
            )
        }
        OpsCommand::Jobs {
            hours,
            restores: true,
        } => {
            let since = Utc::now() - chrono::Duration::hours(i64::from(hours));
            let jobs = fleet
                .restore_jobs(since)
                .await
                .map_err(failed("list restore jobs"))?;
            warn_partial("restore job", &jobs);
            emit(
                output,
                &jobs.items,
                &[
                    "JOB",
                    "STATUS",
                    "DONE",
                    "TYPE",
                    "CREATED",
                    "CREATED RESOURCE",
                ],
                |j| {
                    vec![
                        j.id.clone(),
                        j.status.clone(),
                        j.percent_done
                            .as_deref()
                            .map(|p| format!("{p}%"))
                            .unwrap_or_default(),
                        text(&j.resource_type),
                        time(j.creation_date),
                        j.created_resource_arn
                            .clone()
                            .or(j.status_message.clone())
                            .unwrap_or_default(),
                    ]
                },
            )
        }
        OpsCommand::Jobs { hours, .. } => {
            let since = Utc::now() - chrono::Duration::hours(i64::from(hours));
            let mut jobs = fleet
                .backup_jobs(since)
                .await
                .map_err(failed("list backup jobs"))?;
            warn_partial("backup job", &jobs);
            jobs.items.sort_by_key(|job| !job.is_failed());
            emit(
                output,
                &jobs.items,
                &["JOB", "STATE", "RESOURCE", "VAULT", "CREATED", "MESSAGE"],
                |j| {
                    vec![
                        j.id.clone(),
                        j.state.clone(),
                        text(&j.resource_name),
                        text(&j.vault),
                        time(j.creation_date),
                        text(&j.status_message),
                    ]
                },
            )
        }
        OpsCommand::Commands { instance } => {
            let listing = fleet
                .commands(instance.as_deref())
                .await
                .map_err(failed("list SSM commands"))?;
            warn_partial("command", &listing);
            emit(
                output,
                &listing.items,
                &[
                    "COMMAND",
                    "DOCUMENT",
                    "STATUS",
                    "TARGETS",
                    "ERRORS",
                    "REQUESTED",
                ],
                |c| {
                    vec![
                        c.id.clone(),
                        text(&c.document_name),
                        c.status.clone(),
                        c.target_count.to_string(),
                        c.error_count.to_string(),
                        time(c.requested),
                    ]
                },
            )
        }
        OpsCommand::Restore(_) => Ok(()),
    }
}
