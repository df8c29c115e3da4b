// The report job queue. Each backend defines `SKIP_LOCKED`, written after the
// subquery that picks the job to claim. The SQL built with `format!` joins constants
// only; every value is bound.

const JOB_COLUMNS: &str = "id, user_id, period_from, period_to, format, status, attempts, \
                           blob_key, error, created_at, started_at, finished_at, language";

fn job_from_row(row: &<Db as sqlx::Database>::Row) -> StoreResult<ReportJob> {
    let corrupt = |field: &'static str, value: &str| StoreError::Invalid {
        field,
        reason: format!("stored value {value:?} is not valid"),
    };
    let day = |column: &'static str| -> StoreResult<chrono::NaiveDate> {
        let text: String = row.try_get(column)?;
        text.parse().map_err(|_| corrupt(column, &text))
    };
    let format: String = row.try_get("format")?;
    let status: String = row.try_get("status")?;
    let language: String = row.try_get("language")?;
    Ok(ReportJob {
        id: row.try_get("id")?,
        user: UserId(row.try_get("user_id")?),
        spec: ReportSpec {
            from: day("period_from")?,
            to: day("period_to")?,
            format: ReportFormat::parse(&format).ok_or_else(|| corrupt("format", &format))?,
        },
        status: JobStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        attempts: row.try_get("attempts")?,
        blob_key: row.try_get("blob_key")?,
        error: row.try_get("error")?,
        created_at: row.try_get("created_at")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        language: crate::i18n::Language::from_tag(&language),
    })
}

async fn create_report_job(
    pool: &sqlx::Pool<Db>,
    user: UserId,
    spec: &ReportSpec,
) -> StoreResult<ReportJob> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO report_jobs (user_id, period_from, period_to, format, created_at, \
         language) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {JOB_COLUMNS}"
    )))
    .bind(user.0)
    .bind(spec.from.to_string())
    .bind(spec.to.to_string())
    .bind(spec.format.as_str())
    .bind(now())
    .bind(crate::i18n::current().tag())
    .fetch_one(pool)
    .await?;
    job_from_row(&row)
}

async fn report_job(pool: &sqlx::Pool<Db>, user: UserId, id: i64) -> StoreResult<ReportJob> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {JOB_COLUMNS} FROM report_jobs WHERE id = $1 AND user_id = $2"
    )))
    .bind(id)
    .bind(user.0)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound("report"))?;
    job_from_row(&row)
}

async fn claim_report_job(
    pool: &sqlx::Pool<Db>,
    worker: &str,
    lease: std::time::Duration,
    only: Option<i64>,
) -> StoreResult<Option<ReportJob>> {
    let started = chrono::Utc::now();
    let now = started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
    let lease_until = started
        .checked_add_signed(lease)
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);

    // Jobs whose every attempt ended with a lost lease are given up first, so they
    // are not claimed again.
    sqlx::query(
        "UPDATE report_jobs SET status = 'failed', finished_at = $1, \
         error = 'the worker stopped before finishing, on every attempt' \
         WHERE status = 'running' AND lease_until < $1 AND attempts >= $2",
    )
    .bind(&now)
    .bind(MAX_ATTEMPTS)
    .execute(pool)
    .await?;

    let only_clause = if only.is_some() { "AND id = $5 " } else { "" };
    let sql = format!(
        "UPDATE report_jobs SET status = 'running', attempts = attempts + 1, worker = $1, \
         started_at = $2, lease_until = $3 \
         WHERE id = (SELECT id FROM report_jobs \
                     WHERE (status = 'queued' OR (status = 'running' AND lease_until < $2)) \
                       AND attempts < $4 {only_clause}\
                     ORDER BY id LIMIT 1{SKIP_LOCKED}) \
         RETURNING {JOB_COLUMNS}"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(worker)
        .bind(&now)
        .bind(lease_until)
        .bind(MAX_ATTEMPTS);
    if let Some(id) = only {
        query = query.bind(id);
    }
    let row = query.fetch_optional(pool).await?;
    row.as_ref().map(job_from_row).transpose()
}

/// Stores the outcome of a claimed job, unless someone claimed it again since: the
/// attempt count is the fence. Returns whether the outcome was stored.
async fn finish_report_job(
    pool: &sqlx::Pool<Db>,
    job: &ReportJob,
    outcome: &JobOutcome,
) -> StoreResult<bool> {
    let (status, blob_key, error) = match outcome {
        JobOutcome::Done { blob_key } => (JobStatus::Done, Some(blob_key.as_str()), None),
        JobOutcome::Failed { error } => (JobStatus::Failed, None, Some(error.as_str())),
    };
    let result = sqlx::query(
        "UPDATE report_jobs SET status = $1, blob_key = $2, error = $3, finished_at = $4, \
         lease_until = NULL \
         WHERE id = $5 AND attempts = $6 AND status = 'running'",
    )
    .bind(status.as_str())
    .bind(blob_key)
    .bind(error)
    .bind(now())
    .bind(job.id)
    .bind(job.attempts)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

async fn report_queue_depth(pool: &sqlx::Pool<Db>) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM report_jobs WHERE status IN ('queued', 'running')")
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}
