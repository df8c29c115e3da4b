//! The restore preflight: every check that can run before anything changes.

use std::collections::HashMap;

use super::describe::{database_plan, recovery_point_plan, volume_plan};
use super::{PreflightCheck, RestorePlan, RestoreRequest};
use crate::error::OpsError;
use crate::fleet::Fleet;

/// Instance facts the plan needs.
pub(super) struct Target {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) availability_zone: Option<String>,
}

/// Recovery point facts the plan needs.
pub(super) struct Point {
    pub(super) vault: String,
    pub(super) arn: String,
    pub(super) resource_type: String,
    pub(super) created: Option<String>,
    pub(super) metadata: HashMap<String, String>,
}

impl PreflightCheck {
    pub(super) fn pass(name: &str, detail: impl Into<String>) -> Self {
        Self {
            name: name.to_string(),
            passed: true,
            detail: detail.into(),
        }
    }

    pub(super) fn fail(name: &str, detail: impl Into<String>) -> Self {
        Self {
            name: name.to_string(),
            passed: false,
            detail: detail.into(),
        }
    }
}

impl Fleet {
    /// Runs the preflight for `request` and describes what the restore will do.
    ///
    /// Failed checks are recorded in the plan rather than returned as errors, so
    /// the pane can show all of them; [`RestorePlan::confirm`] rejects a plan with
    /// a failed check. Errors are returned only for invalid input.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn plan_restore(&self, request: RestoreRequest) -> Result<RestorePlan, OpsError> {
        let mut checks = vec![if self.restores_enabled() {
            PreflightCheck::pass("restores enabled", "this configuration allows restores")
        } else {
            PreflightCheck::fail(
                "restores enabled",
                "restores are disabled in this configuration (restores_enabled is false)",
            )
        }];
        let target = self.check_target(request.instance_id(), &mut checks).await;

        let mut plan = match &request {
            RestoreRequest::Database { backup_key, .. } => {
                validate_backup_key(backup_key)?;
                database_plan(&request, backup_key, &target)
            }
            RestoreRequest::RecoveryPoint {
                vault,
                recovery_point_arn,
                restore_role_arn,
                ..
            } => {
                let point = self
                    .check_recovery_point(vault, recovery_point_arn, &target, &mut checks)
                    .await;
                let role = self.restore_role(restore_role_arn.as_deref()).await;
                recovery_point_plan(&request, point, role, &target, &mut checks)
            }
            RestoreRequest::Snapshot { snapshot_id, .. }
                if !self.made_by_backup(snapshot_id, &mut checks).await? =>
            {
                checks.push(self.dry_run_create_volume(snapshot_id, &target).await);
                volume_plan(&request, snapshot_id, &target)
            }
            RestoreRequest::Snapshot {
                snapshot_id,
                restore_role_arn,
                ..
            } => {
                let point = match self.find_snapshot_point(snapshot_id, &mut checks).await {
                    Some((vault, arn)) => {
                        self.check_recovery_point(&vault, &arn, &target, &mut checks)
                            .await
                    }
                    None => None,
                };
                let role = self.restore_role(restore_role_arn.as_deref()).await;
                recovery_point_plan(&request, point, role, &target, &mut checks)
            }
        };
        checks.append(&mut plan.checks);
        plan.checks = checks;
        Ok(plan)
    }

    /// Reports whether AWS Backup made the snapshot, from the tag it puts on its
    /// snapshots, after checking that the snapshot exists and is complete. A snapshot
    /// that is missing or cannot be read fails the check.
    async fn made_by_backup(
        &self,
        snapshot_id: &str,
        checks: &mut Vec<PreflightCheck>,
    ) -> Result<bool, OpsError> {
        const NAME: &str = "snapshot completed";
        if !snapshot_id.starts_with("snap-")
            || !snapshot_id[5..].chars().all(|c| c.is_ascii_hexdigit())
        {
            return Err(OpsError::InvalidInput(format!(
                "snapshot id {snapshot_id:?} is invalid: expected snap- and hex digits"
            )));
        }
        let described = self
            .call(
                "ec2:DescribeSnapshots",
                self.clients
                    .ec2
                    .describe_snapshots()
                    .snapshot_ids(snapshot_id)
                    .send(),
            )
            .await;
        let snapshot = match described {
            Ok(output) => output.snapshots().first().cloned(),
            Err(err) if err.code.contains("NotFound") => None,
            Err(err) => {
                checks.push(PreflightCheck::fail(NAME, err.to_string()));
                return Ok(false);
            }
        };
        let Some(snapshot) = snapshot else {
            checks.push(PreflightCheck::fail(
                NAME,
                format!("{snapshot_id} was not found in {}", self.region()),
            ));
            return Ok(false);
        };
        let by_backup = snapshot
            .tags()
            .iter()
            .any(|tag| tag.key() == Some("aws:backup:source-resource"));
        if !by_backup {
            let state = snapshot.state().map(|s| s.as_str()).unwrap_or("unknown");
            checks.push(if state == "completed" {
                PreflightCheck::pass(NAME, format!("{snapshot_id} is completed"))
            } else {
                PreflightCheck::fail(NAME, format!("{snapshot_id} is {state}, not completed"))
            });
        }
        Ok(by_backup)
    }

    /// Checks that the instance exists and that SSM manages it and reports its
    /// agent as Online.
    async fn check_target(&self, instance_id: &str, checks: &mut Vec<PreflightCheck>) -> Target {
        let mut target = Target {
            id: instance_id.to_string(),
            name: None,
            availability_zone: None,
        };
        let found = self
            .call(
                "ec2:DescribeInstances",
                self.clients
                    .ec2
                    .describe_instances()
                    .instance_ids(instance_id)
                    .send(),
            )
            .await;
        match found {
            Ok(output) => {
                let instance = output
                    .reservations()
                    .iter()
                    .flat_map(|r| r.instances())
                    .find(|i| i.instance_id() == Some(instance_id));
                match instance {
                    Some(instance) => {
                        target.name = crate::ec2::name_tag(instance.tags());
                        target.availability_zone = instance
                            .placement()
                            .and_then(|p| p.availability_zone())
                            .map(str::to_string);
                        let state = instance.state().and_then(|s| s.name());
                        checks.push(PreflightCheck::pass(
                            "instance exists",
                            format!(
                                "{instance_id} is {} in {}",
                                state.map(|s| s.as_str()).unwrap_or("in an unknown state"),
                                target
                                    .availability_zone
                                    .as_deref()
                                    .unwrap_or("an unknown zone")
                            ),
                        ));
                    }
                    None => checks.push(PreflightCheck::fail(
                        "instance exists",
                        format!("{instance_id} was not returned by DescribeInstances"),
                    )),
                }
            }
            Err(err) => checks.push(PreflightCheck::fail("instance exists", err.to_string())),
        }
        checks.push(self.check_ssm_online(instance_id).await);
        target
    }

    async fn check_ssm_online(&self, instance_id: &str) -> PreflightCheck {
        const NAME: &str = "SSM agent online";
        let filter = match aws_sdk_ssm::types::InstanceInformationStringFilter::builder()
            .key("InstanceIds")
            .values(instance_id)
            .build()
        {
            Ok(filter) => filter,
            Err(err) => return PreflightCheck::fail(NAME, err.to_string()),
        };
        let found = self
            .call(
                "ssm:DescribeInstanceInformation",
                self.clients
                    .ssm
                    .describe_instance_information()
                    .filters(filter)
                    .send(),
            )
            .await;
        let info = match found {
            Ok(output) => output
                .instance_information_list()
                .iter()
                .find(|i| i.instance_id() == Some(instance_id))
                .cloned(),
            Err(err) => return PreflightCheck::fail(NAME, err.to_string()),
        };
        match info {
            None => PreflightCheck::fail(
                NAME,
                format!(
                    "{instance_id} is not managed by Systems Manager (no SSM agent registered)"
                ),
            ),
            Some(info) => {
                let ping = info.ping_status().map(|p| p.as_str()).unwrap_or("unknown");
                let detail = format!(
                    "agent {} reports {ping}",
                    info.agent_version().unwrap_or("of unknown version")
                );
                if ping == "Online" {
                    PreflightCheck::pass(NAME, detail)
                } else {
                    PreflightCheck::fail(NAME, detail)
                }
            }
        }
    }
}

/// Rejects backup keys that the Run Command document's allowedPattern would
/// reject, so the error comes before anything is sent.
fn validate_backup_key(key: &str) -> Result<(), OpsError> {
    let valid = !key.is_empty()
        && key.len() <= 512
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/:+=@-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(OpsError::InvalidInput(format!(
            "backup key {key:?} is invalid: use 1 to 512 letters, digits or ._/:+=@-"
        )))
    }
}
