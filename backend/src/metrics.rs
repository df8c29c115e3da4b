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

    /// Renders every metric in the Prometheus text format.
    pub fn render(&self) -> String {
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
