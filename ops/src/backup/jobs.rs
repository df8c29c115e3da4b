//! Backup and restore jobs.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::time::{opt_utc, to_aws};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupJob {
    pub id: String,
    pub vault: Option<String>,
    pub resource_arn: Option<String>,
    pub resource_type: Option<String>,
    pub resource_name: Option<String>,
    /// `CREATED`, `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `ABORTED`,
    /// `EXPIRED`, `PARTIAL`, ...
    pub state: String,
    pub status_message: Option<String>,
    /// How much is done, as a number such as `40.0`, without a `%`.
    pub percent_done: Option<String>,
    pub recovery_point_arn: Option<String>,
    pub creation_date: Option<DateTime<Utc>>,
    pub completion_date: Option<DateTime<Utc>>,
}

impl BackupJob {
    /// Reports whether the job ended without a usable recovery point.
    pub fn is_failed(&self) -> bool {
        matches!(
            self.state.as_str(),
            "FAILED" | "ABORTED" | "EXPIRED" | "PARTIAL"
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreJob {
    pub id: String,
    pub recovery_point_arn: Option<String>,
    pub resource_type: Option<String>,
    /// `PENDING`, `RUNNING`, `COMPLETED`, `ABORTED` or `FAILED`.
    pub status: String,
    pub status_message: Option<String>,
    /// How much is done, as a number such as `40.0`, without a `%`.
    pub percent_done: Option<String>,
    /// ARN of the volume, instance or database the restore created.
    pub created_resource_arn: Option<String>,
    pub creation_date: Option<DateTime<Utc>>,
    pub completion_date: Option<DateTime<Utc>>,
}

impl RestoreJob {
    pub fn is_terminal(&self) -> bool {
        matches!(self.status.as_str(), "COMPLETED" | "ABORTED" | "FAILED")
    }
}

impl Fleet {
    /// Lists backup jobs created since `since`, failed ones first, then newest
    /// first.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn backup_jobs(&self, since: DateTime<Utc>) -> Result<Listing<BackupJob>, OpsError> {
        let request = self
            .clients
            .backup
            .list_backup_jobs()
            .by_created_after(to_aws(since))
            .set_max_results(self.page_size());
        let operation = "backup:ListBackupJobs";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let mut listing = from_pages(self, operation, pages, |page| {
            page.backup_jobs
                .unwrap_or_default()
                .into_iter()
                .map(|job| BackupJob {
                    id: job.backup_job_id().unwrap_or_default().to_string(),
                    vault: job.backup_vault_name().map(str::to_string),
                    resource_arn: job.resource_arn().map(str::to_string),
                    resource_type: job.resource_type().map(str::to_string),
                    resource_name: job.resource_name().map(str::to_string),
                    state: job
                        .state()
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    status_message: job.status_message().map(str::to_string),
                    percent_done: job.percent_done().map(percent_number),
                    recovery_point_arn: job.recovery_point_arn().map(str::to_string),
                    creation_date: opt_utc(job.creation_date()),
                    completion_date: opt_utc(job.completion_date()),
                })
                .collect()
        })?;
        listing.items.sort_by(|a, b| {
            b.is_failed()
                .cmp(&a.is_failed())
                .then(b.creation_date.cmp(&a.creation_date))
        });
        Ok(listing)
    }

    /// Lists restore jobs created since `since`, newest first.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn restore_jobs(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Listing<RestoreJob>, OpsError> {
        let request = self
            .clients
            .backup
            .list_restore_jobs()
            .by_created_after(to_aws(since))
            .set_max_results(self.page_size());
        let operation = "backup:ListRestoreJobs";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let mut listing = from_pages(self, operation, pages, |page| {
            page.restore_jobs
                .unwrap_or_default()
                .into_iter()
                .map(|job| RestoreJob {
                    id: job.restore_job_id().unwrap_or_default().to_string(),
                    recovery_point_arn: job.recovery_point_arn().map(str::to_string),
                    resource_type: job.resource_type().map(str::to_string),
                    status: job
                        .status()
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    status_message: job.status_message().map(str::to_string),
                    percent_done: job.percent_done().map(percent_number),
                    created_resource_arn: job.created_resource_arn().map(str::to_string),
                    creation_date: opt_utc(job.creation_date()),
                    completion_date: opt_utc(job.completion_date()),
                })
                .collect()
        })?;
        listing
            .items
            .sort_by_key(|job| std::cmp::Reverse(job.creation_date));
        Ok(listing)
    }

    /// Reads one restore job.
    #[tracing::instrument(skip_all, fields(region = %self.region(), restore_job_id))]
    pub async fn restore_job(&self, restore_job_id: &str) -> Result<RestoreJob, OpsError> {
        let job = self
            .call(
                "backup:DescribeRestoreJob",
                self.clients
                    .backup
                    .describe_restore_job()
                    .restore_job_id(restore_job_id)
                    .send(),
            )
            .await?;
        Ok(RestoreJob {
            id: job.restore_job_id().unwrap_or(restore_job_id).to_string(),
            recovery_point_arn: job.recovery_point_arn().map(str::to_string),
            resource_type: job.resource_type().map(str::to_string),
            status: job
                .status()
                .map(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            status_message: job.status_message().map(str::to_string),
            percent_done: job.percent_done().map(percent_number),
            created_resource_arn: job.created_resource_arn().map(str::to_string),
            creation_date: opt_utc(job.creation_date()),
            completion_date: opt_utc(job.completion_date()),
        })
    }
}

/// AWS documents `PercentDone` as text and does not say whether it ends in `%`, so a
/// sign is taken off and the views add their own: they showed `10%%`.
fn percent_number(text: &str) -> String {
    text.trim().trim_end_matches('%').trim_end().to_string()
}

#[cfg(test)]
mod percent_tests {
    use super::percent_number;

    #[test]
    fn percent_sign_taken_off() {
        assert_eq!(percent_number("40.0"), "40.0");
        assert_eq!(percent_number("10%"), "10");
        assert_eq!(percent_number(" 99.5 % "), "99.5");
    }
}
