//! Following a started restore to a terminal state.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::time::Instant;

use super::audit::{self, AuditEntry};
use super::{Mechanism, RestoreHandle, Sentence, failure_sentence, sentence};
use crate::backup::jobs::RestoreJob;
use crate::error::{ErrorKind, OpsError};
use crate::fleet::Fleet;
use crate::ssm::commands::{InvocationOutput, is_terminal_invocation_status};

/// Polling limits for [`Fleet::follow_restore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowOptions {
    /// Pause between polls.
    pub poll_interval: Duration,
    /// Time after which following stops with [`OpsError::TimedOut`]; the restore
    /// itself keeps running in AWS.
    pub deadline: Duration,
    /// How long the command invocation or Automation execution may stay
    /// invisible (`InvocationDoesNotExist`, not found) after the start, because
    /// SSM registers it asynchronously.
    pub visibility_timeout: Duration,
}

impl Default for FollowOptions {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(5),
            deadline: Duration::from_secs(2 * 60 * 60),
            visibility_timeout: Duration::from_secs(60),
        }
    }
}

/// One observed state of a restore, reported when it changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreStatus {
    pub time: DateTime<Utc>,
    /// Run Command or Automation status, such as `Pending`, `InProgress` or
    /// `Success`.
    pub status: String,
    /// The meaning of the status, as SSM or this library words it.
    pub detail: Option<Sentence>,
    /// AWS Backup restore job started by the runbook, once it is known.
    pub restore_job: Option<RestoreJob>,
    pub terminal: bool,
}

/// Final state of a restore.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreOutcome {
    pub succeeded: bool,
    pub status: String,
    pub detail: Option<Sentence>,
    /// Volume, instance or database created by an AWS Backup restore.
    pub created_resource_arn: Option<String>,
    pub restore_job: Option<RestoreJob>,
    /// Script output of a Run Command restore.
    pub output: Option<InvocationOutput>,
    /// The audit log's error when it could not record the outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlogged: Option<String>,
}

/// Automation statuses after which the execution does not change.
fn is_terminal_automation_status(status: &str) -> bool {
    matches!(
        status,
        "Success"
            | "TimedOut"
            | "Cancelled"
            | "Failed"
            | "CompletedWithSuccess"
            | "CompletedWithFailure"
            | "Rejected"
            | "Exited"
    )
}

/// Errors after which polling goes on: the SDK's own retries already ran, and
/// the next poll may succeed.
fn is_transient(err: &OpsError) -> bool {
    matches!(
        err.kind(),
        Some(ErrorKind::Throttled) | Some(ErrorKind::Endpoint)
    )
}

impl Fleet {
    /// Polls a started restore until it reaches a terminal state or
    /// `options.deadline` passes, calling `on_status` whenever the observed
    /// state changes, and appends the result to the audit log at `audit_log`.
    #[tracing::instrument(skip_all, fields(region = %self.region(), execution_id = %handle.execution_id))]
    pub async fn follow_restore(
        &self,
        handle: &RestoreHandle,
        options: &FollowOptions,
        audit_log: &Path,
        mut on_status: impl FnMut(&RestoreStatus),
    ) -> Result<RestoreOutcome, OpsError> {
        let started = Instant::now();
        let mut last: Option<RestoreStatus> = None;
        let result = loop {
            let polled = match handle.mechanism {
                Mechanism::RunCommand => self.poll_command(handle).await,
                Mechanism::Automation => self.poll_automation(handle).await,
            };
            let (status, outcome) = match polled {
                Ok(polled) => polled,
                Err(err)
                    if err.kind() == Some(ErrorKind::NotFound)
                        && started.elapsed() < options.visibility_timeout =>
                {
                    let status = waiting_status(
                        last.as_ref(),
                        sentence!(
                            "progress-not-registered",
                            "SSM has not registered the restore yet"
                        ),
                    );
                    (status, None)
                }
                Err(err) if is_transient(&err) && started.elapsed() < options.deadline => {
                    tracing::warn!(error = %err, "restore poll failed; polling again");
                    let detail = sentence!(
                        "progress-poll-retrying",
                        "poll failed, retrying: {error}",
                        error = err
                    )
                    .with_part("error", failure_sentence(&err));
                    (waiting_status(last.as_ref(), detail), None)
                }
                Err(err) => break Err(err),
            };
            let changed = last.as_ref().is_none_or(|previous| {
                (&previous.status, &previous.detail, &previous.restore_job)
                    != (&status.status, &status.detail, &status.restore_job)
            });
            if changed {
                on_status(&status);
                last = Some(status);
            }
            if let Some(outcome) = outcome {
                break Ok(outcome);
            }
            if started.elapsed() >= options.deadline {
                break Err(OpsError::TimedOut {
                    waiting_for: Box::new(sentence!(
                        "progress-timed-out",
                        "restore {execution} to finish (it keeps running in AWS; last status \
                         {status})",
                        execution = handle.execution_id,
                        status = last.as_ref().map_or("unknown", |s| s.status.as_str())
                    )),
                    seconds: options.deadline.as_secs(),
                });
            }
            tokio::time::sleep(options.poll_interval).await;
        };
        // The restore has ended or is out of sight either way; a log that cannot
        // record it must not hide what happened to it.
        match (self.audit_outcome(handle, &result, audit_log), result) {
            (Ok(()), result) => result,
            (Err(err), Ok(mut outcome)) => {
                tracing::error!(error = %err, "the audit log missed a restore's outcome");
                outcome.unlogged = Some(err.to_string());
                Ok(outcome)
            }
            (Err(err), Err(followed)) => {
                tracing::error!(error = %err, "the audit log missed a restore's outcome");
                Err(followed)
            }
        }
    }

    /// Reads the Run Command invocation once.
    async fn poll_command(
        &self,
        handle: &RestoreHandle,
    ) -> Result<(RestoreStatus, Option<RestoreOutcome>), OpsError> {
        let output = self
            .command_output(&handle.execution_id, &handle.instance_id)
            .await?;
        let terminal = is_terminal_invocation_status(&output.status);
        let status = RestoreStatus {
            time: Utc::now(),
            status: output.status.clone(),
            detail: output.status_details.clone().map(Sentence::plain),
            restore_job: None,
            terminal,
        };
        let outcome = terminal.then(|| RestoreOutcome {
            succeeded: output.status == "Success",
            status: output.status.clone(),
            detail: output.status_details.clone().map(Sentence::plain),
            created_resource_arn: None,
            restore_job: None,
            output: Some(output),
            unlogged: None,
        });
        Ok((status, outcome))
    }

    /// Reads the Automation execution once, and the restore job it started.
    async fn poll_automation(
        &self,
        handle: &RestoreHandle,
    ) -> Result<(RestoreStatus, Option<RestoreOutcome>), OpsError> {
        let output = self
            .call(
                "ssm:GetAutomationExecution",
                self.clients
                    .ssm
                    .get_automation_execution()
                    .automation_execution_id(&handle.execution_id)
                    .send(),
            )
            .await?;
        let execution = output.automation_execution.ok_or_else(|| {
            OpsError::UnexpectedResponse("GetAutomationExecution returned no execution".into())
        })?;
        let status = execution
            .automation_execution_status()
            .map(|s| s.as_str())
            .unwrap_or("Pending")
            .to_string();

        let outputs = execution.outputs.clone().unwrap_or_default();
        let first = |key: &str| outputs.get(key).and_then(|v| v.first()).cloned();
        let restore_job = match first("StartRestoreJob.RestoreJobId") {
            Some(job_id) => Some(self.restore_job(&job_id).await?),
            None => None,
        };

        let detail = execution
            .failure_message()
            .map(Sentence::plain)
            .or_else(|| {
                execution
                    .current_step_name()
                    .map(|step| sentence!("progress-step", "step {step}", step = step))
            });
        let terminal = is_terminal_automation_status(&status);
        let created_resource_arn = restore_job
            .as_ref()
            .and_then(|job| job.created_resource_arn.clone())
            .or_else(|| first("DescribeRestoreJob.CreatedResourceArn"));
        let outcome = terminal.then(|| RestoreOutcome {
            succeeded: matches!(status.as_str(), "Success" | "CompletedWithSuccess"),
            status: status.clone(),
            detail: detail.clone(),
            created_resource_arn,
            restore_job: restore_job.clone(),
            output: None,
            unlogged: None,
        });
        let status = RestoreStatus {
            time: Utc::now(),
            status,
            detail,
            restore_job,
            terminal,
        };
        Ok((status, outcome))
    }

    fn audit_outcome(
        &self,
        handle: &RestoreHandle,
        result: &Result<RestoreOutcome, OpsError>,
        audit_log: &Path,
    ) -> Result<(), OpsError> {
        let (label, detail) = match result {
            Ok(outcome) => (
                if outcome.succeeded {
                    "succeeded"
                } else {
                    "failed"
                },
                Some(format!(
                    "status {}{}",
                    outcome.status,
                    outcome
                        .created_resource_arn
                        .as_ref()
                        .map(|arn| format!(", created {arn}"))
                        .unwrap_or_default()
                )),
            ),
            Err(err @ OpsError::TimedOut { .. }) => ("timed-out", Some(err.to_string())),
            Err(err) => ("follow-failed", Some(err.to_string())),
        };
        let entry = AuditEntry {
            time: Utc::now(),
            who: handle.caller_arn.clone(),
            profile: self.profile().to_string(),
            region: self.region().to_string(),
            endpoint: self.endpoint().map(str::to_string),
            request: handle.request.clone(),
            document: handle.document.clone(),
            execution_id: Some(handle.execution_id.clone()),
            result: label.to_string(),
            detail,
        };
        audit::append(audit_log, &entry)
    }
}

/// The status shown while a poll brings none: the last one read, because a failed poll
/// reveals nothing about the restore, or `Pending` before the first.
fn waiting_status(last: Option<&RestoreStatus>, detail: Sentence) -> RestoreStatus {
    RestoreStatus {
        time: Utc::now(),
        status: last.map_or_else(|| "Pending".to_string(), |last| last.status.clone()),
        detail: Some(detail),
        restore_job: None,
        terminal: false,
    }
}
