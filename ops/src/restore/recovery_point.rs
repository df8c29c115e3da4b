//! Preflight checks of AWS Backup recovery points and EBS snapshots.

use super::preflight::{Point, Target, call_failed};
use super::{PreflightCheck, Sentence, sentence};
use crate::error::OpsError;
use crate::fleet::Fleet;

impl Fleet {
    /// Checks the recovery point and reads its restore metadata with the
    /// availability zone set to the instance's.
    pub(super) async fn check_recovery_point(
        &self,
        vault: &str,
        arn: &str,
        target: &Target,
        checks: &mut Vec<PreflightCheck>,
    ) -> Option<Point> {
        fn metadata_name() -> Sentence {
            sentence!("check-metadata", "restore metadata")
        }
        fn name() -> Sentence {
            sentence!("check-point-completed", "recovery point completed")
        }
        let described = self
            .call(
                "backup:DescribeRecoveryPoint",
                self.clients
                    .backup
                    .describe_recovery_point()
                    .backup_vault_name(vault)
                    .recovery_point_arn(arn)
                    .send(),
            )
            .await;
        let described = match described {
            Ok(described) => described,
            Err(err) => {
                checks.push(PreflightCheck::fail(name(), call_failed(&err)));
                return None;
            }
        };
        let status = described.status().map(|s| s.as_str()).unwrap_or("unknown");
        let resource_type = described.resource_type().unwrap_or_default().to_string();
        if status != "COMPLETED" {
            checks.push(PreflightCheck::fail(
                name(),
                sentence!("check-point-status", "status is {status}", status = status),
            ));
            return None;
        }
        if !matches!(resource_type.as_str(), "EBS" | "EC2" | "RDS") {
            checks.push(PreflightCheck::fail(
                name(),
                sentence!(
                    "check-point-type",
                    "resource type {kind} is not supported: use EBS, EC2 or RDS",
                    kind = format!("{resource_type:?}")
                ),
            ));
            return None;
        }
        checks.push(PreflightCheck::pass(
            name(),
            sentence!(
                "check-point-found",
                "{kind} recovery point in vault {vault}",
                kind = resource_type,
                vault = vault
            ),
        ));

        let metadata = self
            .call(
                "backup:GetRecoveryPointRestoreMetadata",
                self.clients
                    .backup
                    .get_recovery_point_restore_metadata()
                    .backup_vault_name(vault)
                    .recovery_point_arn(arn)
                    .send(),
            )
            .await;
        let mut metadata = match metadata {
            Ok(output) => output.restore_metadata.unwrap_or_default(),
            Err(err) => {
                checks.push(PreflightCheck::fail(metadata_name(), call_failed(&err)));
                return None;
            }
        };
        if let Some(zone) = &target.availability_zone {
            match resource_type.as_str() {
                "EBS" => {
                    metadata.insert("availabilityZone".to_string(), zone.clone());
                }
                "RDS" => {
                    metadata.insert("AvailabilityZone".to_string(), zone.clone());
                }
                // EC2 restores take their zone from the SubnetId in the metadata.
                _ => {}
            }
        }
        checks.push(PreflightCheck::pass(
            metadata_name(),
            sentence!(
                "check-metadata-read",
                "keys read: {count}",
                count = metadata.len()
            ),
        ));
        if resource_type == "EBS" {
            checks.push(self.dry_run_create_volume(arn, target).await);
        }
        Some(Point {
            vault: vault.to_string(),
            arn: arn.to_string(),
            resource_type,
            created: described.creation_date().map(|d| d.to_string()),
            metadata,
        })
    }

    /// Asks EC2 whether a volume could be created from the snapshot in the
    /// instance's zone, with DryRun so nothing is created. `arn` is the snapshot's
    /// id or an ARN that ends in it.
    pub(super) async fn dry_run_create_volume(&self, arn: &str, target: &Target) -> PreflightCheck {
        fn name() -> Sentence {
            sentence!("check-dry-run", "EC2 DryRun CreateVolume")
        }
        let Some(snapshot_id) = arn.rsplit('/').next().filter(|s| s.starts_with("snap-")) else {
            return PreflightCheck::fail(
                name(),
                sentence!(
                    "check-dry-run-not-snapshot",
                    "{arn} does not name an EBS snapshot",
                    arn = arn
                ),
            );
        };
        let Some(zone) = &target.availability_zone else {
            return PreflightCheck::fail(
                name(),
                sentence!(
                    "check-dry-run-no-zone",
                    "the instance's availability zone is unknown"
                ),
            );
        };
        let result = self
            .call(
                "ec2:CreateVolume",
                self.clients
                    .ec2
                    .create_volume()
                    .snapshot_id(snapshot_id)
                    .availability_zone(zone)
                    .dry_run(true)
                    .send(),
            )
            .await;
        match result {
            // A DryRun that would succeed is reported as the DryRunOperation error.
            Err(err) if err.code == "DryRunOperation" => PreflightCheck::pass(
                name(),
                sentence!(
                    "check-dry-run-ok",
                    "a volume from {snapshot} can be created in {zone}",
                    snapshot = snapshot_id,
                    zone = zone
                ),
            ),
            Err(err) => PreflightCheck::fail(name(), call_failed(&err)),
            Ok(_) => PreflightCheck::fail(
                name(),
                sentence!(
                    "check-dry-run-created",
                    "EC2 created a volume although DryRun was set; delete it by hand"
                ),
            ),
        }
    }

    /// Finds the vault and recovery point ARN under which AWS Backup stores an
    /// EBS snapshot.
    pub(super) async fn find_snapshot_point(
        &self,
        snapshot_id: &str,
        checks: &mut Vec<PreflightCheck>,
    ) -> Option<(String, String)> {
        fn name() -> Sentence {
            sentence!("check-snapshot-point", "snapshot is a recovery point")
        }
        let volume_id = match self.describe_snapshot(snapshot_id).await {
            Ok(snapshot) => snapshot.and_then(|snapshot| snapshot.volume_id),
            Err(err) => {
                checks.push(PreflightCheck::fail(name(), call_failed(&err)));
                return None;
            }
        };
        let Some(volume_id) = volume_id else {
            checks.push(PreflightCheck::fail(
                name(),
                sentence!(
                    "check-snapshot-no-volume",
                    "{snapshot} has no source volume",
                    snapshot = snapshot_id
                ),
            ));
            return None;
        };
        let account = match self.whoami().await {
            Ok(identity) => identity.account,
            Err(err) => {
                checks.push(PreflightCheck::fail(name(), call_failed(&err)));
                return None;
            }
        };
        let volume_arn = format!("arn:aws:ec2:{}:{account}:volume/{volume_id}", self.region());
        let points = self
            .call(
                "backup:ListRecoveryPointsByResource",
                self.clients
                    .backup
                    .list_recovery_points_by_resource()
                    .resource_arn(&volume_arn)
                    .send(),
            )
            .await;
        let suffix = format!("snapshot/{snapshot_id}");
        let point = match points {
            Ok(output) => output
                .recovery_points()
                .iter()
                .find(|p| p.recovery_point_arn().is_some_and(|a| a.ends_with(&suffix)))
                .cloned(),
            Err(err) => {
                checks.push(PreflightCheck::fail(name(), call_failed(&err)));
                return None;
            }
        };
        match point.and_then(|p| Some((p.backup_vault_name?, p.recovery_point_arn?))) {
            Some((vault, arn)) => {
                checks.push(PreflightCheck::pass(
                    name(),
                    sentence!(
                        "check-snapshot-point-found",
                        "{arn} in vault {vault}",
                        arn = arn,
                        vault = vault
                    ),
                ));
                Some((vault, arn))
            }
            None => {
                checks.push(PreflightCheck::fail(
                    name(),
                    sentence!(
                        "check-snapshot-point-missing",
                        "AWS Backup holds no recovery point for {snapshot} of {volume}",
                        snapshot = snapshot_id,
                        volume = volume_id
                    ),
                ));
                None
            }
        }
    }

    /// Returns the role AWS Backup assumes for the restore.
    pub(super) async fn restore_role(&self, explicit: Option<&str>) -> Result<String, OpsError> {
        if let Some(role) = explicit {
            return Ok(role.to_string());
        }
        let identity = self.whoami().await?;
        let partition = identity.arn.split(':').nth(1).unwrap_or("aws").to_string();
        Ok(format!(
            "arn:{partition}:iam::{}:role/service-role/AWSBackupDefaultServiceRole",
            identity.account
        ))
    }
}
