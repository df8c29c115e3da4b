//! Restores started through Systems Manager, in four steps:
//!
//! 1. [`Fleet::plan_restore`] runs the preflight and returns a [`RestorePlan`]
//!    with its checks and a description of exactly what will happen.
//! 2. [`RestorePlan::confirm`] takes what the user typed, which must equal
//!    [`RestorePlan::confirmation`] (the instance id, or the RDS database name).
//! 3. [`Fleet::start_restore`] refuses unless restores are enabled, runs the
//!    preflight again, refuses when it fails or describes another restore now,
//!    then sends the Run Command document or starts the Automation runbook.
//! 4. [`Fleet::follow_restore`] polls to a terminal state, reporting each
//!    status change.
//!
//! Every start, refusal and outcome is appended to the caller's JSON-lines
//! audit log.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::OpsError;
use crate::operations::Tier;

mod audit;
mod describe;
mod follow;
mod preflight;
mod recovery_point;
mod sentence;
mod start;

pub use audit::AuditEntry;
pub use follow::{FollowOptions, RestoreOutcome, RestoreStatus};
pub(crate) use preflight::call_failed as failure_sentence;
pub use sentence::Sentence;
pub(crate) use sentence::sentence;
pub use start::RestoreHandle;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("ec2:CreateVolume", Tier::Restore),
    ("ssm:SendCommand", Tier::Restore),
    ("ssm:StartAutomationExecution", Tier::Restore),
    ("ssm:GetAutomationExecution", Tier::Restore),
];

/// IAM actions that the Automation runbook calls on the caller's behalf, unless
/// it runs with an `AutomationAssumeRole`. They belong to the restore tier.
pub const RUNBOOK_OPERATIONS: &[&str] = &[
    "backup:StartRestoreJob",
    "backup:DescribeRestoreJob",
    "iam:PassRole",
];

/// Name of the Run Command document in deploy/ssm/ that restores the estante
/// database on an instance.
pub const DATABASE_DOCUMENT: &str = "estante-RestoreDatabase";
/// Name of the Run Command document in deploy/ssm/ that swaps an instance's data
/// volume for a new one made from an EBS snapshot that AWS Backup does not manage.
pub const VOLUME_DOCUMENT: &str = "estante-RestoreVolume";
/// Name of the Automation runbook in deploy/ssm/ that restores a recovery point
/// with AWS Backup.
pub const RECOVERY_POINT_RUNBOOK: &str = "estante-RestoreFromRecoveryPoint";

/// A restore source and its target instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RestoreRequest {
    /// Runs `estante-server restore --from KEY` on the instance through the
    /// [`DATABASE_DOCUMENT`] Run Command document.
    Database {
        instance_id: String,
        backup_key: String,
    },
    /// Restores an AWS Backup recovery point (EBS, EC2 or RDS) in the instance's
    /// availability zone through the [`RECOVERY_POINT_RUNBOOK`] runbook.
    RecoveryPoint {
        vault: String,
        recovery_point_arn: String,
        instance_id: String,
        /// Role AWS Backup assumes to create the resource; `None` uses
        /// `service-role/AWSBackupDefaultServiceRole` in the caller's account.
        restore_role_arn: Option<String>,
    },
    /// Restores an EBS snapshot. One that AWS Backup made (it carries the
    /// `aws:backup:source-resource` tag) is restored as its recovery point, as
    /// [`RestoreRequest::RecoveryPoint`] does. Any other is swapped in for the
    /// instance's data volume by the [`VOLUME_DOCUMENT`] Run Command document.
    Snapshot {
        snapshot_id: String,
        instance_id: String,
        restore_role_arn: Option<String>,
    },
}

impl RestoreRequest {
    pub fn instance_id(&self) -> &str {
        match self {
            RestoreRequest::Database { instance_id, .. }
            | RestoreRequest::RecoveryPoint { instance_id, .. }
            | RestoreRequest::Snapshot { instance_id, .. } => instance_id,
        }
    }
}

/// Systems Manager feature that starts the restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mechanism {
    RunCommand,
    Automation,
}

/// One preflight check and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreflightCheck {
    pub name: Sentence,
    pub passed: bool,
    pub detail: Sentence,
}

/// A checked restore, ready to be confirmed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestorePlan {
    pub request: RestoreRequest,
    pub mechanism: Mechanism,
    /// SSM document or runbook name.
    pub document: String,
    /// Parameters sent to the document, by name.
    pub parameters: BTreeMap<String, Vec<String>>,
    pub instance_id: String,
    pub availability_zone: Option<String>,
    /// Recovery point restored, for recovery-point and snapshot requests.
    pub recovery_point_arn: Option<String>,
    /// Text the user must type to confirm.
    pub confirmation: String,
    /// Description of the restore, one sentence per line.
    pub description: Vec<Sentence>,
    pub checks: Vec<PreflightCheck>,
}

impl RestorePlan {
    /// Reports whether every preflight check passed.
    pub fn is_ready(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// Returns the failed checks, each as `name: detail`, joined by `; `.
    fn failed_checks(&self) -> String {
        let failed: Vec<String> = self
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect();
        failed.join("; ")
    }

    /// Reports whether `other` would do the same restore: same document, parameters,
    /// target and description. The checks' own words may differ.
    fn does_the_same_as(&self, other: &RestorePlan) -> bool {
        self.document == other.document
            && self.parameters == other.parameters
            && self.instance_id == other.instance_id
            && self.recovery_point_arn == other.recovery_point_arn
            && self.description == other.description
    }

    /// Accepts the plan when `typed` equals [`RestorePlan::confirmation`], case
    /// and all, and every check passed. Spaces around it are dropped: a pasted id
    /// often brings one, and no confirmation has any.
    pub fn confirm(self, typed: &str) -> Result<ConfirmedRestore, OpsError> {
        if !self.is_ready() {
            return Err(OpsError::PreflightFailed(self.failed_checks()));
        }
        if typed.trim() != self.confirmation {
            return Err(OpsError::ConfirmationMismatch {
                expected: self.confirmation,
                typed: typed.to_string(),
            });
        }
        Ok(ConfirmedRestore { plan: self })
    }
}

/// A plan the user confirmed. Only [`RestorePlan::confirm`] creates one.
#[derive(Debug, Clone)]
pub struct ConfirmedRestore {
    plan: RestorePlan,
}

impl ConfirmedRestore {
    pub fn plan(&self) -> &RestorePlan {
        &self.plan
    }
}
