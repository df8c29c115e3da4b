//! Report jobs: queued in the database, claimed by one worker at a time, written to
//! the blob store.
//!
//! A claim is a lease. A worker that dies mid-job leaves the job `running` until the
//! lease runs out. The next claim after that takes the job again, up to
//! [`MAX_ATTEMPTS`] times, so jobs survive restarts and crashes. Several workers may
//! share one PostgreSQL database: claims skip rows another worker has locked, so each
//! job runs once while its lease holds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use utoipa::ToSchema;

use super::{ReportError, ReportSpec, generate};
use crate::blob::BlobStore;
use crate::metrics::Metrics;
use crate::storage::{Storage, UserId};

/// How often a job may be claimed before it is marked failed: a report that crashes
/// its worker each time must not crash every worker in turn forever.
pub const MAX_ATTEMPTS: i64 = 3;

/// How long a claim lasts by default. Reports of very large libraries take seconds.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(300);

/// How often an idle worker looks for jobs queued by other servers.
pub const DEFAULT_POLL: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Queued, Self::Running, Self::Done, Self::Failed]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// A report job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportJob {
    pub id: i64,
    pub user: UserId,
    pub spec: ReportSpec,
    pub status: JobStatus,
    /// Claims so far, counting the current one. A worker's result is stored only while
    /// this is still the number it claimed with.
    pub attempts: i64,
    /// Key of the file in the reports blob store, once done.
    pub blob_key: Option<String>,
    pub error: Option<String>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The language of the request that queued the job, which the Markdown and HTML
    /// reports are worded in.
    pub language: crate::i18n::Language,
}

/// The result a worker stores for a claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Done { blob_key: String },
    Failed { error: String },
}

/// Generates claimed reports into a blob store.
#[derive(Debug, Clone)]
pub struct ReportWorker {
    store: Arc<dyn Storage>,
    blobs: BlobStore,
    name: String,
    lease: Duration,
    metrics: Option<Arc<Metrics>>,
}

impl ReportWorker {
    /// Creates a worker writing into `blobs`, the reports prefix of the blob store. `name`
    /// identifies it in the job rows and logs.
    pub fn new(store: Arc<dyn Storage>, blobs: BlobStore, name: impl Into<String>) -> Self {
        Self {
            store,
            blobs,
            name: name.into(),
            lease: DEFAULT_LEASE,
            metrics: None,
        }
    }

    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Returns the blob key of a job's file: the user's folder, then the job id.
    pub fn blob_key(job: &ReportJob) -> String {
        format!("{}/{}.{}", job.user.0, job.id, job.spec.format.extension())
    }

    /// Claims one job (`only` that job, when given) and runs it. Returns the job as
    /// claimed, or `None` when nothing was waiting.
    ///
    /// A failure to generate the report is stored in the job, not returned. An error
    /// here means the queue itself could not be read or written.
    pub async fn run_once(&self, only: Option<i64>) -> Result<Option<ReportJob>, ReportError> {
        let Some(job) = self
            .store
            .claim_report_job(&self.name, self.lease, only)
            .await?
        else {
            return Ok(None);
        };
        let started = Instant::now();
        tracing::info!(job_id = job.id, attempt = job.attempts, worker = %self.name, "report started");

        let outcome = match self.write(&job).await {
            Ok(blob_key) => JobOutcome::Done { blob_key },
            Err(error) => {
                tracing::warn!(job_id = job.id, %error, "report failed");
                JobOutcome::Failed {
                    error: error.to_string(),
                }
            }
        };
        let stored = self.store.finish_report_job(&job, &outcome).await?;
        if !stored {
            tracing::warn!(
                job_id = job.id,
                "report finished after its lease ran out; another worker owns it now"
            );
        }
        if let Some(metrics) = &self.metrics {
            let label = match outcome {
                JobOutcome::Done { .. } => "done",
                JobOutcome::Failed { .. } => "failed",
            };
            metrics.record_report(label, started.elapsed());
        }
        tracing::info!(
            job_id = job.id,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "report finished"
        );
        Ok(Some(job))
    }

    async fn write(&self, job: &ReportJob) -> Result<String, ReportError> {
        let bytes = generate(self.store.as_ref(), job.user, &job.spec, job.language).await?;
        let key = Self::blob_key(job);
        self.blobs.put(&key, bytes).await?;
        Ok(key)
    }

    /// Runs jobs until the task is dropped: every job waiting, then a nap until
    /// `wakeup` fires (a job queued by this server) or `poll` passes (one queued by
    /// another). Errors of the queue are logged and retried after `poll`.
    pub async fn run(self, wakeup: Arc<Notify>, poll: Duration) {
        loop {
            match self.run_once(None).await {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "cannot read the report queue"),
            }
            tokio::select! {
                _ = wakeup.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }
}
