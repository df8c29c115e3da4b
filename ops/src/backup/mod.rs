//! AWS Backup reads: vaults, plans, recovery points, and backup and restore jobs.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::time::opt_utc;

pub mod jobs;
pub mod recovery_points;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("backup:ListBackupVaults", Tier::Read),
    ("backup:ListBackupPlans", Tier::Read),
    ("backup:ListRecoveryPointsByBackupVault", Tier::Read),
    ("backup:ListRecoveryPointsByResource", Tier::Read),
    ("backup:DescribeRecoveryPoint", Tier::Read),
    ("backup:GetRecoveryPointRestoreMetadata", Tier::Read),
    ("backup:ListBackupJobs", Tier::Read),
    ("backup:ListRestoreJobs", Tier::Read),
    ("backup:DescribeRestoreJob", Tier::Read),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupVault {
    pub name: String,
    pub arn: Option<String>,
    pub recovery_points: i64,
    /// Whether AWS Backup Vault Lock protects the vault.
    pub locked: bool,
    pub creation_date: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupPlan {
    pub id: String,
    pub name: String,
    pub arn: Option<String>,
    pub creation_date: Option<DateTime<Utc>>,
    pub last_execution_date: Option<DateTime<Utc>>,
}

impl Fleet {
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn backup_vaults(&self) -> Result<Listing<BackupVault>, OpsError> {
        let request = self
            .clients
            .backup
            .list_backup_vaults()
            .set_max_results(self.page_size());
        let operation = "backup:ListBackupVaults";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.backup_vault_list
                .unwrap_or_default()
                .into_iter()
                .map(|vault| BackupVault {
                    name: vault.backup_vault_name().unwrap_or_default().to_string(),
                    arn: vault.backup_vault_arn().map(str::to_string),
                    recovery_points: vault.number_of_recovery_points(),
                    locked: vault.locked().unwrap_or(false),
                    creation_date: opt_utc(vault.creation_date()),
                })
                .collect()
        })
    }

    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn backup_plans(&self) -> Result<Listing<BackupPlan>, OpsError> {
        let request = self
            .clients
            .backup
            .list_backup_plans()
            .set_max_results(self.page_size());
        let operation = "backup:ListBackupPlans";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.backup_plans_list
                .unwrap_or_default()
                .into_iter()
                .map(|plan| BackupPlan {
                    id: plan.backup_plan_id().unwrap_or_default().to_string(),
                    name: plan.backup_plan_name().unwrap_or_default().to_string(),
                    arn: plan.backup_plan_arn().map(str::to_string),
                    creation_date: opt_utc(plan.creation_date()),
                    last_execution_date: opt_utc(plan.last_execution_date()),
                })
                .collect()
        })
    }
}
