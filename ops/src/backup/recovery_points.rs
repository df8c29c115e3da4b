//! Recovery points in AWS Backup vaults.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::restore::{failure_sentence, sentence};
use crate::time::opt_utc;

/// A recovery point: an EBS snapshot, EC2 AMI, RDS snapshot or other backup
/// that AWS Backup can restore.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryPoint {
    pub arn: String,
    pub vault: String,
    /// ARN of the backed-up resource.
    pub resource_arn: Option<String>,
    /// AWS Backup's resource type: `EBS`, `EC2`, `RDS`, `Aurora`, ...
    pub resource_type: Option<String>,
    pub resource_name: Option<String>,
    /// `COMPLETED`, `PARTIAL`, `DELETING` or `EXPIRED`.
    pub status: String,
    pub status_message: Option<String>,
    pub creation_date: Option<DateTime<Utc>>,
    pub completion_date: Option<DateTime<Utc>>,
    pub size_bytes: Option<i64>,
    pub lifecycle: RecoveryPointLifecycle,
}

/// When a recovery point moves to cold storage and is deleted.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RecoveryPointLifecycle {
    pub move_to_cold_after_days: Option<i64>,
    pub delete_after_days: Option<i64>,
    pub move_to_cold_at: Option<DateTime<Utc>>,
    pub delete_at: Option<DateTime<Utc>>,
}

impl Fleet {
    /// Lists recovery points, newest first, in `vault` or in every vault when it
    /// is `None`, keeping only `resource_type` (such as `EBS`) when given.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn recovery_points(
        &self,
        vault: Option<&str>,
        resource_type: Option<&str>,
    ) -> Result<Listing<RecoveryPoint>, OpsError> {
        let mut listing = Listing::complete(Vec::new());
        let vaults = match vault {
            Some(name) => vec![name.to_string()],
            None => {
                let vaults = self.backup_vaults().await?;
                if let Some(reason) = vaults.partial {
                    listing.mark_partial(
                        sentence!(
                            "partial-vaults",
                            "vault list incomplete: {reason}",
                            reason = reason
                        )
                        .with_part("reason", reason),
                    );
                }
                vaults.items.into_iter().map(|v| v.name).collect()
            }
        };
        let mut first_error = None;
        let mut failures = 0;
        let vault_count = vaults.len();
        for vault in vaults {
            match self.vault_recovery_points(&vault, resource_type).await {
                Ok(points) => {
                    listing.items.extend(points.items);
                    if let Some(reason) = points.partial {
                        listing.mark_partial(reason);
                    }
                }
                // One vault failing must not hide the other vaults' points.
                Err(err) => {
                    listing.mark_partial(
                        sentence!(
                            "partial-vault",
                            "vault {vault}: {error}",
                            vault = vault,
                            error = err
                        )
                        .with_part("error", failure_sentence(&err)),
                    );
                    failures += 1;
                    first_error.get_or_insert(err);
                }
            }
        }
        // Only when every vault failed is there nothing to show.
        if let Some(err) = first_error
            && failures == vault_count
        {
            return Err(err);
        }
        listing
            .items
            .sort_by_key(|point| std::cmp::Reverse(point.creation_date));
        Ok(listing)
    }

    async fn vault_recovery_points(
        &self,
        vault: &str,
        resource_type: Option<&str>,
    ) -> Result<Listing<RecoveryPoint>, OpsError> {
        let request = self
            .clients
            .backup
            .list_recovery_points_by_backup_vault()
            .backup_vault_name(vault)
            .set_by_resource_type(resource_type.map(str::to_string))
            .set_max_results(self.page_size());
        let operation = "backup:ListRecoveryPointsByBackupVault";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.recovery_points
                .unwrap_or_default()
                .into_iter()
                .map(recovery_point_row)
                .collect()
        })
    }
}

fn recovery_point_row(point: aws_sdk_backup::types::RecoveryPointByBackupVault) -> RecoveryPoint {
    let lifecycle = point.lifecycle();
    let calculated = point.calculated_lifecycle();
    RecoveryPoint {
        arn: point.recovery_point_arn().unwrap_or_default().to_string(),
        vault: point.backup_vault_name().unwrap_or_default().to_string(),
        resource_arn: point.resource_arn().map(str::to_string),
        resource_type: point.resource_type().map(str::to_string),
        resource_name: point.resource_name().map(str::to_string),
        status: point
            .status()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        status_message: point.status_message().map(str::to_string),
        creation_date: opt_utc(point.creation_date()),
        completion_date: opt_utc(point.completion_date()),
        size_bytes: point.backup_size_in_bytes(),
        lifecycle: RecoveryPointLifecycle {
            move_to_cold_after_days: lifecycle.and_then(|l| l.move_to_cold_storage_after_days()),
            delete_after_days: lifecycle.and_then(|l| l.delete_after_days()),
            move_to_cold_at: opt_utc(calculated.and_then(|c| c.move_to_cold_storage_at())),
            delete_at: opt_utc(calculated.and_then(|c| c.delete_at())),
        },
    }
}
