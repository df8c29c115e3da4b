//! The event handling of the report Lambda function, kept apart from the Lambda
//! runtime so tests can call it with a sample event.
//!
//! The function takes two kinds of event: `{"job_id": N}` runs that job, and any other
//! event (the scheduled EventBridge event of the deployment) drains the queue, up to
//! [`MAX_JOBS_PER_EVENT`] jobs so that one invocation stays inside its time limit.

use serde::Serialize;
use serde_json::Value;

use super::ReportError;
use super::worker::ReportWorker;

pub const MAX_JOBS_PER_EVENT: usize = 50;

/// The outcome of one invocation, returned as the function's result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Invocation {
    /// Ids of the jobs this invocation ran, whatever their outcome.
    pub jobs: Vec<i64>,
}

/// Runs the jobs an event requests.
pub async fn handle(worker: &ReportWorker, event: &Value) -> Result<Invocation, ReportError> {
    let mut invocation = Invocation::default();
    if let Some(id) = event.get("job_id") {
        let id = id.as_i64().ok_or_else(|| ReportError::Invalid {
            field: "job_id",
            reason: format!("{id} is not a job id; send {{\"job_id\": 12}}"),
        })?;
        if let Some(job) = worker.run_once(Some(id)).await? {
            invocation.jobs.push(job.id);
        }
        return Ok(invocation);
    }
    while invocation.jobs.len() < MAX_JOBS_PER_EVENT {
        match worker.run_once(None).await? {
            Some(job) => invocation.jobs.push(job.id),
            None => break,
        }
    }
    Ok(invocation)
}
