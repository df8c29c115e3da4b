//! Starting a confirmed restore through Systems Manager.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{self, AuditEntry};
use super::{ConfirmedRestore, Mechanism, RestorePlan, RestoreRequest};
use crate::error::OpsError;
use crate::fleet::Fleet;

/// A started restore, to pass to [`Fleet::follow_restore`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreHandle {
    pub mechanism: Mechanism,
    /// Run Command id, or Automation execution id.
    pub execution_id: String,
    pub instance_id: String,
    pub document: String,
    pub request: RestoreRequest,
    /// Caller ARN recorded in the audit log.
    pub caller_arn: String,
    pub started: DateTime<Utc>,
    /// The audit log's error when it could not record the start. The restore
    /// runs all the same, and the reader must hear that it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlogged: Option<String>,
}

impl Fleet {
    /// Starts a confirmed restore and appends `started` (or the refusal or
    /// failure) to the audit log at `audit_log`.
    ///
    /// Rejects with [`OpsError::RestoresDisabled`] unless the configuration
    /// enables restores. A `sending` entry is written before the restore is sent,
    /// and a log that cannot take it rejects the restore with
    /// [`OpsError::AuditLog`]. When the log fails only after the restore was sent,
    /// the handle comes back with [`RestoreHandle::unlogged`] set, because an error
    /// would read as a restore that never started and invite a second one.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn start_restore(
        &self,
        restore: ConfirmedRestore,
        audit_log: &Path,
    ) -> Result<RestoreHandle, OpsError> {
        let plan = restore.plan();
        audit::check_writable(audit_log)?;
        let caller = self.current_identity().await;
        let who = match &caller {
            Ok(identity) => identity.arn.clone(),
            Err(_) => "unknown".to_string(),
        };
        let mut entry = self.audit_entry(plan, &who);
        if !self.restores_enabled() {
            entry.result = "refused".to_string();
            entry.detail = Some(OpsError::RestoresDisabled.to_string());
            audit::append(audit_log, &entry)?;
            return Err(OpsError::RestoresDisabled);
        }
        // The preflight checked the caller; the credentials may have expired since.
        if let Err(err) = caller {
            entry.result = "refused".to_string();
            entry.detail = Some(err.to_string());
            audit::append(audit_log, &entry)?;
            return Err(err);
        }
        // The plan may be minutes old by the time it is confirmed: another restore
        // may have started, the instance stopped or the data volume changed. The
        // checks run again, and a start they would now refuse, or that would do
        // something else than what the reader confirmed, is not sent.
        let again = self.plan_restore(plan.request.clone()).await?;
        let changed = if !again.is_ready() {
            Some(again.failed_checks())
        } else if !again.does_the_same_as(plan) {
            Some("the restore that the plan describes is different now".to_string())
        } else {
            None
        };
        if let Some(reason) = changed {
            let err = OpsError::PlanChanged(reason);
            entry.result = "refused".to_string();
            entry.detail = Some(err.to_string());
            audit::append(audit_log, &entry)?;
            return Err(err);
        }

        // The log records the restore before it is sent, so a log that takes no more
        // lines, as on a full disk, stops it here. Opening the log at the start
        // caught only a log that cannot be opened.
        entry.result = "sending".to_string();
        audit::append(audit_log, &entry)?;

        let parameters: HashMap<String, Vec<String>> = plan
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let started = match plan.mechanism {
            Mechanism::RunCommand => self.send_restore_command(plan, parameters, &who).await,
            Mechanism::Automation => self.start_restore_automation(plan, parameters).await,
        };
        let execution_id = match started {
            Ok(id) => id,
            Err(err) => {
                entry.result = "start-failed".to_string();
                entry.detail = Some(err.to_string());
                audit::append(audit_log, &entry)?;
                return Err(err);
            }
        };
        tracing::info!(%execution_id, document = %plan.document, "restore started");
        entry.result = "started".to_string();
        entry.execution_id = Some(execution_id.clone());
        let unlogged = audit::append(audit_log, &entry).err().map(|err| {
            tracing::error!(error = %err, %execution_id, "the audit log missed a started restore");
            err.to_string()
        });
        Ok(RestoreHandle {
            mechanism: plan.mechanism,
            execution_id,
            instance_id: plan.instance_id.clone(),
            document: plan.document.clone(),
            request: plan.request.clone(),
            caller_arn: who,
            started: entry.time,
            unlogged,
        })
    }

    /// Confirms `plan` with what the user typed, as [`RestorePlan::confirm`] does,
    /// and records a refused confirmation in the audit log as `declined`: the log
    /// then shows who planned a restore and did not confirm it.
    pub async fn confirm_restore(
        &self,
        plan: RestorePlan,
        typed: &str,
        audit_log: &Path,
    ) -> Result<ConfirmedRestore, OpsError> {
        let declined = plan.clone();
        match plan.confirm(typed) {
            Ok(confirmed) => Ok(confirmed),
            Err(err) => {
                self.record_declined(&declined, audit_log, &err.to_string())
                    .await?;
                Err(err)
            }
        }
    }

    /// Appends a `declined` entry for `plan` to the audit log, with `detail` saying
    /// why, such as a confirmation that did not match or was never typed.
    pub async fn record_declined(
        &self,
        plan: &RestorePlan,
        audit_log: &Path,
        detail: &str,
    ) -> Result<(), OpsError> {
        let who = match self.whoami().await {
            Ok(identity) => identity.arn,
            Err(_) => "unknown".to_string(),
        };
        let mut entry = self.audit_entry(plan, &who);
        entry.result = "declined".to_string();
        entry.detail = Some(detail.to_string());
        audit::append(audit_log, &entry)
    }

    /// Builds the audit entry of `plan` by `who`, with no result yet.
    fn audit_entry(&self, plan: &RestorePlan, who: &str) -> AuditEntry {
        AuditEntry {
            time: Utc::now(),
            who: who.to_string(),
            profile: self.profile().to_string(),
            region: self.region().to_string(),
            endpoint: self.endpoint().map(str::to_string),
            request: plan.request.clone(),
            document: plan.document.clone(),
            execution_id: None,
            result: String::new(),
            detail: None,
        }
    }

    async fn send_restore_command(
        &self,
        plan: &super::RestorePlan,
        parameters: HashMap<String, Vec<String>>,
        who: &str,
    ) -> Result<String, OpsError> {
        // SendCommand limits the comment to 100 characters.
        let comment: String = format!("estante ops restore by {who}")
            .chars()
            .take(100)
            .collect();
        let output = self
            .call(
                "ssm:SendCommand",
                self.clients
                    .ssm
                    .send_command()
                    .document_name(&plan.document)
                    .instance_ids(&plan.instance_id)
                    .set_parameters(Some(parameters))
                    .comment(comment)
                    .send(),
            )
            .await?;
        output
            .command()
            .and_then(|c| c.command_id())
            .map(str::to_string)
            .ok_or_else(|| {
                OpsError::UnexpectedResponse("SendCommand returned no command id".into())
            })
    }

    async fn start_restore_automation(
        &self,
        plan: &super::RestorePlan,
        parameters: HashMap<String, Vec<String>>,
    ) -> Result<String, OpsError> {
        let output = self
            .call(
                "ssm:StartAutomationExecution",
                self.clients
                    .ssm
                    .start_automation_execution()
                    .document_name(&plan.document)
                    .set_parameters(Some(parameters))
                    .send(),
            )
            .await?;
        output
            .automation_execution_id()
            .map(str::to_string)
            .ok_or_else(|| {
                OpsError::UnexpectedResponse(
                    "StartAutomationExecution returned no execution id".into(),
                )
            })
    }
}
