//! Performs the Ops tab's AWS calls for the [`Runner`], one task per request.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use estante_ops::restore::{FollowOptions, Sentence};
use estante_ops::{Fleet, Listing, OpsError};
use tokio::sync::RwLock;

use super::msg::Msg;
use super::runner::Runner;
use crate::aws::{self, Failure, OpsOverrides};
use crate::screens::ops::msg::{OpsMsg, OpsRequest};
use crate::screens::ops::{BackupsData, Header, OpsData, OpsState, OpsView, StorageData};
use crate::settings::OpsSettings;

/// Metrics window and period of the metrics panel.
const METRICS_WINDOW: Duration = Duration::from_secs(3 * 60 * 60);
const METRICS_PERIOD_SECONDS: i32 = 300;

/// How far back the Backups view lists backup jobs.
const JOBS_SINCE_HOURS: i64 = 72;

/// AWS settings of the runner: config.toml, the command-line choices, the audit
/// log, and the current fleet, which every connect replaces.
#[derive(Debug, Clone, Default)]
pub struct OpsRunner {
    pub settings: OpsSettings,
    /// Choices from the command line, below those made in the palette.
    pub overrides: OpsOverrides,
    pub audit_log: PathBuf,
    fleet: Arc<RwLock<Option<Fleet>>>,
}

impl OpsRunner {
    pub fn new(settings: OpsSettings, overrides: OpsOverrides, audit_log: PathBuf) -> Self {
        Self {
            settings,
            overrides,
            audit_log,
            fleet: Arc::default(),
        }
    }
}

/// Turns a failed list into an empty one whose partial reason is the error.
fn or_partial<T>(result: Result<Listing<T>, OpsError>) -> Listing<T> {
    result.unwrap_or_else(|error| {
        let mut listing = Listing::complete(Vec::new());
        // The reason is shown in the Ops tab, so it is worded in the interface language.
        listing.mark_partial(Sentence::plain(Failure::from(&error).to_string()));
        listing
    })
}

fn failure(error: OpsError) -> Failure {
    Failure::from(error)
}

impl Runner {
    pub(super) async fn perform_ops(&self, request: OpsRequest) {
        let msg = match request {
            OpsRequest::Connect {
                generation,
                overrides,
            } => OpsMsg::Connected {
                generation,
                result: self.connect_fleet(overrides).await,
            },
            OpsRequest::Load { generation, view } => OpsMsg::Loaded {
                generation,
                view,
                result: self.load_view(generation, view).await,
            },
            OpsRequest::Volumes { generation } => OpsMsg::Volumes {
                generation,
                result: match self.fleet().await {
                    Ok(fleet) => fleet.volumes(None).await.map_err(failure),
                    Err(failure) => Err(failure),
                },
            },
            OpsRequest::Health { generation } => OpsMsg::Health {
                generation,
                result: match self.fleet().await {
                    Ok(fleet) => Ok(Box::new(fleet.instance_health().await)),
                    Err(failure) => Err(failure),
                },
            },
            OpsRequest::Metrics {
                generation,
                instance_id,
            } => {
                let result = match self.fleet().await {
                    Ok(fleet) => fleet
                        .instance_metrics(&instance_id, METRICS_WINDOW, METRICS_PERIOD_SECONDS)
                        .await
                        .map_err(failure),
                    Err(failure) => Err(failure),
                };
                OpsMsg::Metrics {
                    generation,
                    instance_id,
                    result,
                }
            }
            OpsRequest::CommandOutput {
                generation,
                command_id,
                instance_ids,
            } => {
                let mut runs = Vec::new();
                match self.fleet().await {
                    Ok(fleet) => {
                        for instance_id in instance_ids {
                            let run = fleet
                                .command_output(&command_id, &instance_id)
                                .await
                                .map_err(failure);
                            runs.push((instance_id, run));
                        }
                    }
                    Err(failed) => {
                        runs.extend(instance_ids.into_iter().map(|id| (id, Err(failed.clone()))));
                    }
                }
                OpsMsg::CommandOutput {
                    generation,
                    command_id,
                    runs,
                }
            }
            OpsRequest::PlanRestore {
                generation,
                request,
            } => {
                let result = match self.fleet().await {
                    Ok(fleet) => fleet
                        .plan_restore(request)
                        .await
                        .map(Box::new)
                        .map_err(failure),
                    Err(failure) => Err(failure),
                };
                OpsMsg::Planned { generation, result }
            }
            OpsRequest::Declined { plan, .. } => {
                OpsMsg::Declined(self.record_declined(&plan).await)
            }
            OpsRequest::StartRestore { plan, typed, .. } => {
                OpsMsg::RestoreFinished(self.restore(*plan, &typed).await)
            }
        };
        self.send(Msg::Ops(msg));
    }

    async fn fleet(&self) -> Result<Fleet, Failure> {
        self.ops
            .fleet
            .read()
            .await
            .clone()
            .ok_or_else(OpsState::not_connected)
    }

    async fn connect_fleet(&self, chosen: OpsOverrides) -> Result<Header, Failure> {
        let base = &self.ops.overrides;
        let overrides = OpsOverrides {
            profile: chosen.profile.or(base.profile.clone()),
            region: chosen.region.or(base.region.clone()),
            endpoint_url: chosen.endpoint_url.or(base.endpoint_url.clone()),
            enable_restores: base.enable_restores,
        };
        let config = aws::ops_config(&self.ops.settings, &overrides);
        let fleet = Fleet::connect(&config).await.map_err(failure)?;
        *self.ops.fleet.write().await = Some(fleet.clone());
        let identity = fleet.whoami().await.map_err(failure)?;
        tracing::info!(
            profile = fleet.profile(),
            region = fleet.region(),
            "connected to AWS"
        );
        Ok(Header {
            account: identity.account,
            arn: identity.arn,
            profile: fleet.profile().to_string(),
            region: fleet.region().to_string(),
            restores_enabled: fleet.restores_enabled(),
            snapshot_max_age: fleet.snapshot_max_age(),
        })
    }

    async fn load_view(&self, generation: u64, view: OpsView) -> Result<OpsData, Failure> {
        let fleet = self.fleet().await?;
        let data = match view {
            OpsView::Instances => {
                let send_page = |rows: &[estante_ops::ec2::instances::Instance]| {
                    self.send(Msg::Ops(OpsMsg::Page {
                        generation,
                        view,
                        rows: OpsData::Instances(Listing::complete(rows.to_vec())),
                    }));
                };
                // The status checks and SSM state are a separate request that the
                // tab sends once these pages are in, so they do not slow the pages.
                let listing = fleet.instance_pages(&Default::default(), send_page).await?;
                OpsData::Instances(listing)
            }
            OpsView::Alarms => {
                let mut listing = fleet.alarms().await?;
                listing.items.sort_by_key(|alarm| alarm.state != "ALARM");
                OpsData::Alarms(listing)
            }
            // The tab builds the report when the instance or volume listing is in.
            OpsView::Storage => OpsData::Storage(Box::new(StorageData {
                snapshots: fleet.snapshot_listing().await?,
                report: None,
            })),
            OpsView::Backups => {
                // The vaults are the view's subject, so their failure fails it. A
                // failure of the points or jobs leaves that list empty and partial.
                let vaults = fleet.backup_vaults().await?;
                let recovery_points = or_partial(fleet.recovery_points(None, None).await);
                let since = Utc::now() - chrono::Duration::hours(JOBS_SINCE_HOURS);
                let mut jobs = or_partial(fleet.backup_jobs(since).await);
                jobs.items.sort_by_key(|job| !job.is_failed());
                let restore_jobs = or_partial(fleet.restore_jobs(since).await);
                OpsData::Backups(Box::new(BackupsData {
                    vaults,
                    recovery_points,
                    jobs,
                    restore_jobs,
                }))
            }
            OpsView::Commands => OpsData::Commands(fleet.commands(None).await?),
        };
        Ok(data)
    }

    /// Returns the audit log's path, after creating its folder.
    fn audit_log(&self) -> Result<std::path::PathBuf, Failure> {
        let audit_log = self.ops.audit_log.clone();
        if let Some(parent) = audit_log.parent() {
            std::fs::create_dir_all(parent).map_err(|error| {
                Failure::new(crate::t!(
                    "folder-create-failed",
                    path = parent.display().to_string(),
                    error = crate::i18n::io_error(&error)
                ))
            })?;
        }
        Ok(audit_log)
    }

    /// Records in the audit log that the reader closed the confirmation of `plan`.
    async fn record_declined(
        &self,
        plan: &estante_ops::restore::RestorePlan,
    ) -> Result<(), Failure> {
        let fleet = self.fleet().await?;
        let audit_log = self.audit_log()?;
        fleet
            .record_declined(
                plan,
                &audit_log,
                "the confirmation was closed in the Ops tab",
            )
            .await?;
        Ok(())
    }

    async fn restore(
        &self,
        plan: estante_ops::restore::RestorePlan,
        typed: &str,
    ) -> Result<Box<estante_ops::restore::RestoreOutcome>, Failure> {
        let fleet = self.fleet().await?;
        let audit_log = self.audit_log()?;
        let confirmed = fleet.confirm_restore(plan, typed, &audit_log).await?;
        let handle = fleet.start_restore(confirmed, &audit_log).await?;
        tracing::info!(execution_id = %handle.execution_id, "restore started");
        self.send(Msg::Ops(OpsMsg::RestoreStarted(Box::new(handle.clone()))));
        let outcome = fleet
            .follow_restore(&handle, &FollowOptions::default(), &audit_log, |status| {
                self.send(Msg::Ops(OpsMsg::RestoreStatus(Box::new(status.clone()))));
            })
            .await?;
        tracing::info!(status = %outcome.status, "restore finished");
        Ok(Box::new(outcome))
    }
}
