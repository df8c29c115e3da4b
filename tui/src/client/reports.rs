//! Reading reports: queued on the server as jobs, polled until done, downloaded.

use std::time::Duration;

use estante_backend::api::ReportJobView;
use estante_backend::reports::worker::JobStatus;
use estante_backend::reports::{Report, ReportFormat};
use reqwest::Method;

use super::{Client, ClientError, TRANSFER_TIMEOUT};

/// How often a queued report is polled. Reports of one year take milliseconds, so
/// the first poll usually finds the job done.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

impl Client {
    /// Queues the report of `year` in `format`, waits for the server's worker to
    /// finish it, and returns the file. Gives up after the transfer timeout.
    pub async fn report(&self, year: i32, format: ReportFormat) -> Result<Vec<u8>, ClientError> {
        let body = serde_json::json!({ "year": year, "format": format });
        let request = self.request(Method::POST, "/reports").json(&body);
        let mut job: ReportJobView = self.send_json(request).await?;
        let started = tokio::time::Instant::now();
        while matches!(job.status, JobStatus::Queued | JobStatus::Running) {
            if started.elapsed() > TRANSFER_TIMEOUT {
                return Err(ClientError::Other(crate::t!(
                    "report-stuck",
                    id = job.id.to_string(),
                    status = job.status.as_str(),
                    seconds = TRANSFER_TIMEOUT.as_secs()
                )));
            }
            tokio::time::sleep(POLL_INTERVAL).await;
            job = self
                .send_json(self.get(&format!("/reports/{}", job.id)))
                .await?;
        }
        if job.status == JobStatus::Failed {
            let reason = job
                .error
                .clone()
                .unwrap_or_else(|| crate::t!("report-no-reason"));
            return Err(ClientError::Other(crate::t!(
                "report-failed",
                reason = reason
            )));
        }
        let response = self
            .send(self.get(&format!("/reports/{}/download", job.id)))
            .await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|error| ClientError::Other(error.to_string()))?;
        Ok(bytes.to_vec())
    }

    /// Returns the report of `year` as data, for the year in review.
    pub async fn year_in_review(&self, year: i32) -> Result<Report, ClientError> {
        let bytes = self.report(year, ReportFormat::Json).await?;
        serde_json::from_slice(&bytes).map_err(|error| ClientError::Decode(error.to_string()))
    }
}
