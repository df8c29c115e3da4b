-- Reading report jobs. A worker claims a queued job by setting it running with a
-- lease; a running job whose lease has passed may be claimed again. Periods are
-- YYYY-MM-DD text and timestamps RFC 3339 text in UTC, both of which sort in time
-- order.

CREATE TABLE report_jobs (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period_from  TEXT    NOT NULL,
    period_to    TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     BIGINT  NOT NULL DEFAULT 0,
    worker       TEXT,
    lease_until  TEXT,
    blob_key     TEXT,
    error        TEXT,
    created_at   TEXT    NOT NULL,
    started_at   TEXT,
    finished_at  TEXT
);

CREATE INDEX report_jobs_waiting ON report_jobs (status, id);
CREATE INDEX report_jobs_by_user ON report_jobs (user_id, id);
