//! Request and import metrics, served at `/metrics` in the Prometheus text format
//! (version 0.0.4). Hand-rolled because the server needs a few counters and two
//! histograms, which fit in this file.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use crate::storage::ImportReport;

/// Upper bounds of the request latency buckets, in seconds.
const REQUEST_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Upper bounds of the import duration buckets, in seconds: imports of large
/// libraries take much longer than requests.
const IMPORT_BUCKETS: [f64; 8] = [0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0];

#[derive(Debug, Clone, Default)]
struct Histogram {
    /// Observations per bucket, not cumulative. [`Histogram::write`] sums them.
    buckets: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, bounds: &[f64], seconds: f64) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; bounds.len()];
        }
        if let Some(index) = bounds.iter().position(|bound| seconds <= *bound) {
            self.buckets[index] += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str, bounds: &[f64]) {
        let mut cumulative = 0;
        for (bound, count) in bounds.iter().zip(&self.buckets) {
            cumulative += count;
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {}", self.count);
        let _ = writeln!(out, "{name}_sum{{{labels}}} {}", self.sum);
        let _ = writeln!(out, "{name}_count{{{labels}}} {}", self.count);
    }
}

#[derive(Debug, Default)]
struct Values {
    /// Keyed by (method, route template, status).
    requests: BTreeMap<(String, String, u16), u64>,
    /// Keyed by route template.
    latency: BTreeMap<String, Histogram>,
    /// Keyed by import format.
    imports: BTreeMap<String, Histogram>,
    /// Keyed by row outcome.
    import_rows: BTreeMap<&'static str, u64>,
    /// Keyed by job outcome (`done` or `failed`).
    reports: BTreeMap<&'static str, Histogram>,
}

/// The metrics of one server. Route labels are route templates such as
/// `/api/v1/books/{id}`, never raw paths, so the number of series stays bounded.
#[derive(Debug, Default)]
pub struct Metrics {
    values: Mutex<Values>,
}

impl Metrics {
    pub fn record_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut values = self.lock();
        let key = (method.to_string(), route.to_string(), status);
        *values.requests.entry(key).or_default() += 1;
        values
            .latency
            .entry(route.to_string())
            .or_default()
            .observe(&REQUEST_BUCKETS, elapsed.as_secs_f64());
    }

    pub fn record_import(&self, report: &ImportReport, elapsed: Duration) {
        let format = serde_json::to_value(report.format)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut values = self.lock();
        values
            .imports
            .entry(format)
            .or_default()
            .observe(&IMPORT_BUCKETS, elapsed.as_secs_f64());
        let outcomes = [
            ("imported", report.imported),
            ("merged", report.merged),
            ("flagged", report.flagged),
            ("rejected", report.rejected),
        ];
        for (outcome, rows) in outcomes {
            *values.import_rows.entry(outcome).or_default() += rows as u64;
        }
    }

    /// Records a report job that ended with `outcome` (`done` or `failed`).
    pub fn record_report(&self, outcome: &'static str, elapsed: Duration) {
        self.lock()
            .reports
            .entry(outcome)
            .or_default()
            .observe(&IMPORT_BUCKETS, elapsed.as_secs_f64());
    }

    /// Renders every metric in the Prometheus text format. `queue_depth` is the number
    /// of report jobs waiting or running, when the database could be asked.
    pub fn render(&self, queue_depth: Option<i64>) -> String {
        let values = self.lock();
        let mut out = String::new();
        out.push_str(
            "# HELP estante_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE estante_http_requests_total counter\n");
        for ((method, route, status), count) in &values.requests {
            let _ = writeln!(
                out,
                "estante_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(method),
                escape(route)
            );
        }
        out.push_str(
            "# HELP estante_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE estante_http_request_duration_seconds histogram\n");
        for (route, histogram) in &values.latency {
            let labels = format!("route=\"{}\"", escape(route));
            histogram.write(
                &mut out,
                "estante_http_request_duration_seconds",
                &labels,
                &REQUEST_BUCKETS,
            );
        }

        out.push_str("# HELP estante_import_duration_seconds Time to parse and store an import, by format.\n");
        out.push_str("# TYPE estante_import_duration_seconds histogram\n");
        for (format, histogram) in &values.imports {
            let labels = format!("format=\"{}\"", escape(format));
            histogram.write(
                &mut out,
                "estante_import_duration_seconds",
                &labels,
                &IMPORT_BUCKETS,
            );
        }

        out.push_str("# HELP estante_import_rows_total Imported rows by outcome.\n");
        out.push_str("# TYPE estante_import_rows_total counter\n");
        for (outcome, rows) in &values.import_rows {
            let _ = writeln!(
                out,
                "estante_import_rows_total{{outcome=\"{outcome}\"}} {rows}"
            );
        }

        out.push_str(
            "# HELP estante_report_duration_seconds Time to generate a report job, by outcome.\n",
        );
        out.push_str("# TYPE estante_report_duration_seconds histogram\n");
        for (outcome, histogram) in &values.reports {
            let labels = format!("outcome=\"{outcome}\"");
            histogram.write(
                &mut out,
                "estante_report_duration_seconds",
                &labels,
                &IMPORT_BUCKETS,
            );
        }

        if let Some(depth) = queue_depth {
            out.push_str("# HELP estante_report_queue_depth Report jobs queued or running.\n");
            out.push_str("# TYPE estante_report_queue_depth gauge\n");
            let _ = writeln!(out, "estante_report_queue_depth {depth}");
        }
        out
    }

    /// Locks the values. A panic while they were locked leaves them usable, because
    /// every update is a plain counter increment.
    fn lock(&self) -> std::sync::MutexGuard<'_, Values> {
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Escapes a label value as the text format requires.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// How often the server writes an embedded metric format record.
pub const EMF_INTERVAL: Duration = Duration::from_secs(60);

/// Running totals read from [`Metrics`], to turn into per-interval figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Totals {
    requests: u64,
    server_errors: u64,
    latency_sum: f64,
    imports: u64,
    reports: u64,
    report_failures: u64,
    report_seconds: f64,
}

impl Metrics {
    fn totals(&self) -> Totals {
        let values = self.lock();
        let mut totals = Totals::default();
        for ((_, route, status), count) in &values.requests {
            if route == "/healthz" || route == "/readyz" {
                continue;
            }
            totals.requests += count;
            if *status >= 500 {
                totals.server_errors += count;
            }
        }
        for (route, histogram) in &values.latency {
            if route != "/healthz" && route != "/readyz" {
                totals.latency_sum += histogram.sum;
            }
        }
        totals.imports = values.imports.values().map(|h| h.count).sum();
        for (outcome, histogram) in &values.reports {
            totals.reports += histogram.count;
            totals.report_seconds += histogram.sum;
            if *outcome == "failed" {
                totals.report_failures += histogram.count;
            }
        }
        totals
    }
}

/// Writes CloudWatch embedded metric format records: one JSON object per interval
/// with what happened since the previous one. The CloudWatch agent (or Lambda's log
/// pipeline) turns the records into metrics with no API call from the server, so
/// publishing needs no credentials and cannot slow a request.
///
/// Health checks are left out of the request figures: the load balancer's polling
/// would drown the traffic of people.
#[derive(Debug)]
pub struct EmfPublisher {
    namespace: String,
    last: Totals,
}

impl EmfPublisher {
    pub fn new(namespace: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            last: Totals::default(),
        }
    }

    /// Returns the record of the interval ending at `timestamp_ms` (milliseconds since
    /// the Unix epoch) and starts the next interval.
    pub fn record(
        &mut self,
        metrics: &Metrics,
        queue_depth: Option<i64>,
        timestamp_ms: i64,
    ) -> String {
        let now = metrics.totals();
        let last = std::mem::replace(&mut self.last, now);
        let requests = now.requests.saturating_sub(last.requests);
        let reports = now.reports.saturating_sub(last.reports);

        let mut values = serde_json::Map::new();
        let mut definitions = Vec::new();
        let mut put = |name: &str, unit: &str, value: serde_json::Value| {
            definitions.push(serde_json::json!({ "Name": name, "Unit": unit }));
            values.insert(name.to_string(), value);
        };
        put("Requests", "Count", requests.into());
        put(
            "ServerErrors",
            "Count",
            now.server_errors.saturating_sub(last.server_errors).into(),
        );
        if requests > 0 {
            let average = (now.latency_sum - last.latency_sum) / requests as f64 * 1000.0;
            put(
                "RequestLatencyAverage",
                "Milliseconds",
                round3(average).into(),
            );
        }
        put(
            "Imports",
            "Count",
            now.imports.saturating_sub(last.imports).into(),
        );
        put("Reports", "Count", reports.into());
        put(
            "ReportFailures",
            "Count",
            now.report_failures
                .saturating_sub(last.report_failures)
                .into(),
        );
        if reports > 0 {
            let average = (now.report_seconds - last.report_seconds) / reports as f64;
            put("ReportDurationAverage", "Seconds", round3(average).into());
        }
        if let Some(depth) = queue_depth {
            put("ReportQueueDepth", "Count", depth.into());
        }

        let mut record = serde_json::Map::new();
        record.insert(
            "_aws".to_string(),
            serde_json::json!({
                "Timestamp": timestamp_ms,
                "CloudWatchMetrics": [{
                    "Namespace": self.namespace,
                    "Dimensions": [["Service"]],
                    "Metrics": definitions,
                }],
            }),
        );
        record.insert("Service".to_string(), "estante-server".into());
        record.extend(values);
        serde_json::Value::Object(record).to_string()
    }
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emf_record_counts_interval_without_health() {
        let metrics = Metrics::default();
        let mut publisher = EmfPublisher::new("Estante");
        metrics.record_request("GET", "/api/v1/books", 200, Duration::from_millis(4));
        metrics.record_request("GET", "/api/v1/books", 500, Duration::from_millis(8));
        metrics.record_request("GET", "/healthz", 200, Duration::from_millis(1));
        metrics.record_report("done", Duration::from_millis(1500));

        let first: serde_json::Value =
            serde_json::from_str(&publisher.record(&metrics, Some(3), 1_700_000_000_000)).unwrap();
        let definition = &first["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(first["_aws"]["Timestamp"], 1_700_000_000_000_i64);
        assert_eq!(definition["Namespace"], "Estante");
        assert_eq!(definition["Dimensions"], serde_json::json!([["Service"]]));
        for metric in definition["Metrics"].as_array().unwrap() {
            let name = metric["Name"].as_str().unwrap();
            assert!(
                first.get(name).is_some(),
                "{name} is declared but has no value"
            );
        }
        assert_eq!(first["Requests"], 2);
        assert_eq!(first["ServerErrors"], 1);
        assert_eq!(first["RequestLatencyAverage"], 6.0);
        assert_eq!(first["Reports"], 1);
        assert_eq!(first["ReportDurationAverage"], 1.5);
        assert_eq!(first["ReportQueueDepth"], 3);

        metrics.record_request("GET", "/api/v1/books", 200, Duration::from_millis(2));
        let second: serde_json::Value =
            serde_json::from_str(&publisher.record(&metrics, None, 1_700_000_060_000)).unwrap();
        assert_eq!(second["Requests"], 1);
        assert_eq!(second["ServerErrors"], 0);
        assert_eq!(second["Reports"], 0);
        assert!(second.get("ReportDurationAverage").is_none());
        assert!(second.get("ReportQueueDepth").is_none());
    }
}
