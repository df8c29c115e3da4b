//! Recent metrics for one instance: EC2's own and the CloudWatch agent's.

use std::collections::HashMap;

use aws_sdk_cloudwatch::types::{DimensionFilter, Metric, MetricDataQuery, MetricStat};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Dimension;
use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{collect_pages, from_pages};
use crate::operations::Tier;
use crate::restore::{Sentence, sentence};
use crate::time::{opt_utc, to_aws};

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("cloudwatch:ListMetrics", Tier::Read),
    ("cloudwatch:GetMetricData", Tier::Read),
];

/// EC2 metrics read for every instance, with the statistic used for each.
/// The CPU credit metrics exist only for burstable (T-family) types.
pub const EC2_METRICS: &[(&str, &str)] = &[
    ("CPUUtilization", "Average"),
    ("CPUCreditBalance", "Average"),
    ("CPUCreditUsage", "Sum"),
    ("CPUSurplusCreditBalance", "Average"),
    ("StatusCheckFailed", "Maximum"),
];

/// CloudWatch agent metrics looked up with ListMetrics in the `CWAgent`
/// namespace, because their dimension sets (path, device, fstype, ...) depend on
/// the agent configuration.
pub const AGENT_METRICS: &[&str] = &["mem_used_percent", "disk_used_percent"];

/// Whether the CloudWatch agent publishes memory and disk metrics for the
/// instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AgentMetrics {
    /// At least one of [`AGENT_METRICS`] exists for the instance.
    Found,
    /// None of [`AGENT_METRICS`] exist: the agent is not installed, not running,
    /// or not configured to publish them.
    Absent,
}

/// Data points of one metric over the requested window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSeries {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<Dimension>,
    pub stat: String,
    /// Points in time order; empty when the metric has no data in the window.
    pub points: Vec<MetricPoint>,
}

impl MetricSeries {
    /// Names the series for a person: the metric, then the mount point or device
    /// when the agent reports one series per disk (`disk_used_percent /data`), so
    /// two disks do not show as two rows of the same name.
    pub fn label(&self) -> String {
        let part = ["path", "device", "interface"].iter().find_map(|name| {
            self.dimensions
                .iter()
                .find(|dimension| dimension.name == *name)
                .map(|dimension| dimension.value.as_str())
        });
        match part {
            Some(part) => format!("{} {part}", self.metric_name),
            None => self.metric_name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricPoint {
    pub timestamp: DateTime<Utc>,
    pub value: f64,
}

/// Metrics of one instance between `start` and `end`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstanceMetrics {
    pub instance_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub period_seconds: i32,
    /// EC2 series first, in [`EC2_METRICS`] order, then agent series.
    pub series: Vec<MetricSeries>,
    pub agent: AgentMetrics,
    /// Why the series are incomplete, as in [`crate::Listing::partial`].
    pub partial: Option<Sentence>,
}

/// The maximum window CloudWatch can return, because it keeps data points for 455
/// days.
const MAX_WINDOW: chrono::Duration = chrono::Duration::days(455);

impl Fleet {
    /// Reads EC2 and CloudWatch agent metrics of `instance_id` for the window
    /// ending now, at `period_seconds` resolution (a multiple of 60).
    #[tracing::instrument(skip_all, fields(region = %self.region(), instance_id))]
    pub async fn instance_metrics(
        &self,
        instance_id: &str,
        window: std::time::Duration,
        period_seconds: i32,
    ) -> Result<InstanceMetrics, OpsError> {
        if period_seconds <= 0 || period_seconds % 60 != 0 {
            return Err(OpsError::InvalidInput(Box::new(sentence!(
                "input-metric-period",
                "metric period {seconds} s is invalid: use a positive multiple of 60",
                seconds = period_seconds
            ))));
        }
        let end = Utc::now();
        let start = chrono::Duration::from_std(window)
            .ok()
            .filter(|length| *length > chrono::Duration::zero() && *length <= MAX_WINDOW)
            .and_then(|length| end.checked_sub_signed(length))
            .ok_or_else(|| {
                OpsError::InvalidInput(Box::new(sentence!(
                    "input-metric-window",
                    "metric window of {seconds} s is invalid: use more than 0 and at most \
                     455 days, as long as CloudWatch keeps data points",
                    seconds = window.as_secs()
                )))
            })?;
        let instance_dimension = Dimension {
            name: "InstanceId".to_string(),
            value: instance_id.to_string(),
        };

        let mut series: Vec<MetricSeries> = EC2_METRICS
            .iter()
            .map(|(name, stat)| MetricSeries {
                namespace: "AWS/EC2".to_string(),
                metric_name: name.to_string(),
                dimensions: vec![instance_dimension.clone()],
                stat: stat.to_string(),
                points: Vec::new(),
            })
            .collect();
        let agent_series = self.agent_series(instance_id).await?;
        let agent = if agent_series.items.is_empty() {
            AgentMetrics::Absent
        } else {
            AgentMetrics::Found
        };
        let mut partial = agent_series.partial;
        series.extend(agent_series.items);

        if let Some(reason) = self
            .fill_points(&mut series, start, end, period_seconds)
            .await?
        {
            partial = Some(crate::listing::join_reasons(partial, reason));
        }
        Ok(InstanceMetrics {
            instance_id: instance_id.to_string(),
            start,
            end,
            period_seconds,
            series,
            agent,
            partial,
        })
    }

    /// Discovers the agent metrics of an instance with their full dimension sets.
    async fn agent_series(
        &self,
        instance_id: &str,
    ) -> Result<crate::Listing<MetricSeries>, OpsError> {
        let request = self
            .clients
            .cloudwatch
            .list_metrics()
            .namespace("CWAgent")
            .dimensions(
                DimensionFilter::builder()
                    .name("InstanceId")
                    .value(instance_id)
                    .build(),
            );
        let operation = "cloudwatch:ListMetrics";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let mut listing = from_pages(self, operation, pages, |page| {
            page.metrics
                .unwrap_or_default()
                .into_iter()
                .filter(|m| m.metric_name().is_some_and(|n| AGENT_METRICS.contains(&n)))
                .map(|m| MetricSeries {
                    namespace: "CWAgent".to_string(),
                    metric_name: m.metric_name().unwrap_or_default().to_string(),
                    dimensions: m
                        .dimensions()
                        .iter()
                        .filter_map(Dimension::from_sdk)
                        .collect(),
                    stat: "Average".to_string(),
                    points: Vec::new(),
                })
                .collect()
        })?;
        listing.items.sort_by(|a, b| {
            (&a.metric_name, &a.dimensions.len()).cmp(&(&b.metric_name, &b.dimensions.len()))
        });
        dedup_series(&mut listing.items);
        Ok(listing)
    }

    /// Fills each series' points with one GetMetricData request (paginated),
    /// returning why the points are incomplete, if they are.
    async fn fill_points(
        &self,
        series: &mut [MetricSeries],
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        period_seconds: i32,
    ) -> Result<Option<Sentence>, OpsError> {
        let queries: Vec<MetricDataQuery> = series
            .iter()
            .enumerate()
            .map(|(index, s)| {
                let metric = Metric::builder()
                    .namespace(&s.namespace)
                    .metric_name(&s.metric_name)
                    .set_dimensions(Some(s.dimensions.iter().map(Dimension::to_sdk).collect()))
                    .build();
                MetricDataQuery::builder()
                    .id(format!("m{index}"))
                    .metric_stat(
                        MetricStat::builder()
                            .metric(metric)
                            .period(period_seconds)
                            .stat(&s.stat)
                            .build(),
                    )
                    .return_data(true)
                    .build()
            })
            .collect();
        let request = self
            .clients
            .cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(queries))
            .start_time(to_aws(start))
            .end_time(to_aws(end));
        let operation = "cloudwatch:GetMetricData";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let results = from_pages(self, operation, pages, |page| {
            page.metric_data_results.unwrap_or_default()
        })?;

        let mut points: HashMap<String, Vec<MetricPoint>> = HashMap::new();
        for result in results.items {
            let id = result.id().unwrap_or_default().to_string();
            let entry = points.entry(id).or_default();
            for (time, value) in result.timestamps().iter().zip(result.values()) {
                if let Some(timestamp) = opt_utc(Some(time)) {
                    entry.push(MetricPoint {
                        timestamp,
                        value: *value,
                    });
                }
            }
        }
        for (index, s) in series.iter_mut().enumerate() {
            let mut found = points.remove(&format!("m{index}")).unwrap_or_default();
            found.sort_by_key(|p| p.timestamp);
            s.points = found;
        }
        Ok(results.partial)
    }
}

/// Keeps the first of series that name one metric with the same dimensions, in any
/// order. ListMetrics may list a metric more than once (moto does), and each copy
/// would become a row and a query of its own.
fn dedup_series(series: &mut Vec<MetricSeries>) {
    let mut seen = std::collections::HashSet::new();
    series.retain(|s| {
        let mut dimensions: Vec<(&str, &str)> = s
            .dimensions
            .iter()
            .map(|d| (d.name.as_str(), d.value.as_str()))
            .collect();
        dimensions.sort_unstable();
        seen.insert(format!("{}\u{1}{dimensions:?}", s.metric_name))
    });
}

#[cfg(test)]
mod tests {
    use super::{Dimension, MetricSeries};

    fn series(name: &str, dimensions: &[(&str, &str)]) -> MetricSeries {
        MetricSeries {
            namespace: "CWAgent".to_string(),
            metric_name: name.to_string(),
            dimensions: dimensions
                .iter()
                .map(|(name, value)| Dimension {
                    name: name.to_string(),
                    value: value.to_string(),
                })
                .collect(),
            stat: "Average".to_string(),
            points: Vec::new(),
        }
    }

    #[test]
    fn disks_are_told_apart() {
        let root = series(
            "disk_used_percent",
            &[("InstanceId", "i-1"), ("path", "/"), ("fstype", "xfs")],
        );
        let data = series(
            "disk_used_percent",
            &[("InstanceId", "i-1"), ("path", "/data")],
        );
        let memory = series("mem_used_percent", &[("InstanceId", "i-1")]);

        assert_eq!(root.label(), "disk_used_percent /");
        assert_eq!(data.label(), "disk_used_percent /data");
        assert_eq!(memory.label(), "mem_used_percent");
    }
}
