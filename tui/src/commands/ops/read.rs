//! The read-only `estante ops` subcommands: one table or JSON document each.

use std::cell::Cell;
use std::time::Duration;

use anyhow::Result;
use chrono::Utc;
use estante_ops::Fleet;
use estante_ops::ec2::instances::{InstanceFilter, TagFilter};
use serde::Serialize;

use super::{PartialListing, emit, failed, text, time, warn_none, warn_partial};
use crate::cli::{BackupsCommand, OpsCommand, Output};
use crate::commands::output::{print_json, print_table};
use crate::i18n::format;
use crate::{msgid, t};

/// An instance as printed: the library's fields plus `instance_id`, the name
/// scripts look for.
#[derive(Debug, Serialize)]
struct InstanceRow<'a> {
    instance_id: &'a str,
    #[serde(flatten)]
    instance: &'a estante_ops::ec2::instances::Instance,
}

/// Prints one listing. A listing that is partial is still printed whole, and then
/// returns [`PartialListing`], so that the exit status reports it to scripts.
pub(super) async fn read(fleet: &Fleet, command: OpsCommand, output: Output) -> Result<()> {
    let partial = Cell::new(false);
    let printed = match command {
        OpsCommand::Whoami => {
            let identity = fleet
                .whoami()
                .await
                .map_err(failed(t!("ops-cli-failed-identity")))?;
            match output {
                Output::Json => print_json(&identity),
                Output::Table => {
                    println!(
                        "{}",
                        t!(
                            "ops-cli-whoami",
                            account = identity.account.as_str(),
                            arn = identity.arn.as_str(),
                            profile = fleet.profile(),
                            region = fleet.region()
                        )
                    );
                    Ok(())
                }
            }
        }
        OpsCommand::Instances { tag, states } => {
            let filter = InstanceFilter {
                tags: tag
                    .into_iter()
                    .map(|(key, value)| TagFilter { key, value })
                    .collect(),
                states,
            };
            let listing = fleet
                .instances(&filter)
                .await
                .map_err(failed(t!("ops-cli-failed-instances")))?;
            warn_partial(&partial, t!("ops-cli-list-instances"), &listing);
            warn_none(
                &listing,
                t!("ops-cli-instances-none", region = fleet.region()),
            );
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
                &[
                    t!("ops-col-instance"),
                    t!("ops-col-name"),
                    t!("ops-col-state"),
                    t!("ops-col-type"),
                    t!("ops-col-zone"),
                    t!("ops-col-checks"),
                    t!("ops-col-ssm"),
                ],
                |row| {
                    let i = row.instance;
                    vec![
                        i.id.clone(),
                        text(&i.name),
                        i.state.clone(),
                        i.instance_type.clone(),
                        text(&i.availability_zone),
                        i.status_checks
                            .as_ref()
                            .and_then(|checks| checks.summary())
                            .unwrap_or("-")
                            .to_string(),
                        i.ssm
                            .as_ref()
                            .map(|s| s.ping_status.clone())
                            .unwrap_or_else(|| "-".to_string()),
                    ]
                },
            )
        }
        OpsCommand::Alarms => {
            let mut listing = fleet
                .alarms()
                .await
                .map_err(failed(t!("ops-cli-failed-alarms")))?;
            warn_partial(&partial, t!("ops-cli-list-alarms"), &listing);
            warn_none(&listing, t!("ops-cli-alarms-none", region = fleet.region()));
            listing.items.sort_by_key(|alarm| alarm.state != "ALARM");
            emit(
                output,
                &listing.items,
                &[
                    t!("ops-col-state"),
                    t!("ops-col-alarm"),
                    t!("ops-col-instance"),
                    t!("ops-col-metric"),
                    t!("ops-col-since"),
                    t!("ops-col-reason"),
                ],
                |a| {
                    vec![
                        a.state.clone(),
                        a.name.clone(),
                        text(&a.instance_id),
                        text(&a.metric_name),
                        time(a.state_updated),
                        // Why the alarm is in its state, such as the datapoint that
                        // crossed the threshold: the first thing on-call reads.
                        text(&a.state_reason),
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
                .map_err(failed(t!("ops-cli-failed-metrics")))?;
            if let Some(reason) = &metrics.partial {
                partial.set(true);
                eprintln!(
                    "{}",
                    t!(
                        "ops-cli-metrics-missing",
                        reason = crate::i18n::sentence(reason)
                    )
                );
            }
            // CloudWatch returns empty series for a mistyped id, not an error.
            if metrics.series.iter().all(|series| series.points.is_empty()) {
                eprintln!(
                    "{}",
                    t!(
                        "ops-cli-metrics-empty",
                        instance = instance_id.as_str(),
                        hours = hours
                    )
                );
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
                        series.label(),
                        statistic(&series.stat),
                        series.points.len().to_string(),
                        last.map(|p| format::decimal(p.value, 2))
                            .unwrap_or_default(),
                        time(last.map(|p| p.timestamp)),
                    ]
                })
                .collect();
            print_table(
                &[
                    t!("ops-col-metric"),
                    t!("ops-col-stat"),
                    t!("ops-col-points"),
                    t!("ops-col-latest"),
                    t!("ops-col-at"),
                ],
                &rows,
            )?;
            if metrics.agent == estante_ops::cloudwatch::metrics::AgentMetrics::Absent {
                println!(
                    "{}",
                    t!("ops-cli-no-agent", instance = instance_id.as_str())
                );
            }
            Ok(())
        }
        OpsCommand::Volumes { instance } => {
            let listing = fleet
                .volumes(instance.as_deref())
                .await
                .map_err(failed(t!("ops-cli-failed-volumes")))?;
            warn_partial(&partial, t!("ops-cli-list-volumes"), &listing);
            // EC2 returns no volumes for a filter on an unknown instance, not an
            // error, so a mistyped id would look like an instance without disks.
            if let Some(instance) = &instance
                && listing.items.is_empty()
                && listing.partial.is_none()
            {
                eprintln!(
                    "{}",
                    t!("ops-cli-volumes-none", instance = instance.as_str())
                );
            }
            emit(
                output,
                &listing.items,
                &[
                    t!("ops-col-volume"),
                    t!("ops-col-instance"),
                    t!("ops-col-device"),
                    t!("ops-col-type"),
                    t!("ops-col-gib"),
                    t!("ops-col-state"),
                ],
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
                .map_err(failed(t!("ops-cli-failed-snapshots")))?;
            warn_partial(&partial, t!("ops-cli-list-snapshots"), &report.snapshots);
            warn_none(
                &report.snapshots,
                t!("ops-cli-snapshots-none", region = fleet.region()),
            );
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
            print_table(
                &[
                    t!("ops-col-snapshot"),
                    t!("ops-col-instance"),
                    t!("ops-col-volume"),
                    t!("ops-col-state"),
                    t!("ops-col-age"),
                ],
                &rows,
            )?;
            for stale in &report.stale_instances {
                let newest = stale
                    .newest_snapshot_id
                    .clone()
                    .unwrap_or_else(|| t!("none"));
                println!(
                    "{}",
                    t!(
                        "ops-cli-stale",
                        instance = stale.instance_id.as_str(),
                        hours = report.max_age_hours,
                        newest = newest
                    )
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
                .map_err(failed(t!("ops-cli-failed-vaults")))?;
            warn_partial(&partial, t!("ops-cli-list-vaults"), &vaults);
            emit(
                output,
                &vaults.items,
                &[
                    t!("ops-col-vault"),
                    t!("ops-col-points"),
                    t!("ops-col-locked"),
                    t!("ops-col-created"),
                ],
                |v| {
                    vec![
                        v.name.clone(),
                        v.recovery_points.to_string(),
                        if v.locked {
                            t!("answer-yes")
                        } else {
                            t!("answer-no")
                        },
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
                .map_err(failed(t!("ops-cli-failed-plans")))?;
            warn_partial(&partial, t!("ops-cli-list-plans"), &plans);
            emit(
                output,
                &plans.items,
                &[
                    t!("ops-col-plan"),
                    t!("ops-col-id"),
                    t!("ops-col-created"),
                    t!("ops-col-last-run"),
                ],
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
        OpsCommand::Backups { list, vault } => {
            // `--vault` is taken before or after `points`.
            let vault = match list {
                Some(BackupsCommand::Points { vault: Some(vault) }) => Some(vault),
                _ => vault,
            };
            let points = fleet
                .recovery_points(vault.as_deref(), None)
                .await
                .map_err(failed(t!("ops-cli-failed-points")))?;
            warn_partial(&partial, t!("ops-cli-list-points"), &points);
            emit(
                output,
                &points.items,
                &[
                    t!("ops-col-vault"),
                    t!("ops-col-resource"),
                    t!("ops-col-type"),
                    t!("ops-col-status"),
                    t!("ops-col-created"),
                    t!("ops-col-recovery-point"),
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
                .map_err(failed(t!("ops-cli-failed-restore-jobs")))?;
            warn_partial(&partial, t!("ops-cli-list-restore-jobs"), &jobs);
            emit(
                output,
                &jobs.items,
                &[
                    t!("ops-col-job"),
                    t!("ops-col-status"),
                    t!("ops-col-done"),
                    t!("ops-col-type"),
                    t!("ops-col-created"),
                    t!("ops-col-created-resource"),
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
                .map_err(failed(t!("ops-cli-failed-backup-jobs")))?;
            warn_partial(&partial, t!("ops-cli-list-backup-jobs"), &jobs);
            jobs.items.sort_by_key(|job| !job.is_failed());
            emit(
                output,
                &jobs.items,
                &[
                    t!("ops-col-job"),
                    t!("ops-col-state"),
                    t!("ops-col-resource"),
                    t!("ops-col-vault"),
                    t!("ops-col-created"),
                    t!("ops-col-message"),
                ],
                |j| {
                    vec![
                        j.id.clone(),
                        j.state.clone(),
                        // A job without a resource name, such as one of a volume
                        // without a Name tag, still names its resource.
                        text(&j.resource_name.clone().or(j.resource_arn.clone())),
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
                .map_err(failed(t!("ops-cli-failed-commands")))?;
            warn_partial(&partial, t!("ops-cli-list-commands"), &listing);
            let none = match instance.as_deref() {
                Some(id) => t!(
                    "ops-cli-commands-none-instance",
                    region = fleet.region(),
                    instance = id
                ),
                None => t!("ops-cli-commands-none", region = fleet.region()),
            };
            warn_none(&listing, none);
            emit(
                output,
                &listing.items,
                &[
                    t!("ops-col-command"),
                    t!("ops-col-document"),
                    t!("ops-col-status"),
                    t!("ops-col-targets"),
                    t!("ops-col-errors"),
                    t!("ops-col-requested"),
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
    };
    printed?;
    if partial.get() {
        return Err(PartialListing.into());
    }
    Ok(())
}

/// Words a CloudWatch statistic, such as `Average`; one the catalogue lacks, such
/// as a percentile (`p99`), stays as CloudWatch names it.
fn statistic(name: &str) -> String {
    let id = match name {
        "Average" => msgid!("ops-stat-average"),
        "Sum" => msgid!("ops-stat-sum"),
        "Maximum" => msgid!("ops-stat-maximum"),
        "Minimum" => msgid!("ops-stat-minimum"),
        "SampleCount" => msgid!("ops-stat-sample-count"),
        _ => return name.to_string(),
    };
    crate::i18n::message(id, None)
}

#[cfg(test)]
mod tests {
    use super::statistic;
    use crate::i18n::{Language, with_language};

    #[test]
    fn statistics_in_the_interface_language() {
        let words = with_language(Language::BrazilianPortuguese, || {
            ["Average", "Sum", "Maximum", "p99"].map(statistic)
        });
        assert_eq!(words, ["média", "soma", "máximo", "p99"]);
        assert_eq!(statistic("Average"), "average");
    }
}
