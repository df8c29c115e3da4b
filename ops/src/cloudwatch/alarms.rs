//! Metric and composite alarms, and alarm history.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Dimension;
use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::time::{opt_utc, to_aws};

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("cloudwatch:DescribeAlarms", Tier::Read),
    ("cloudwatch:DescribeAlarmHistory", Tier::Read),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AlarmKind {
    Metric,
    Composite,
}

/// One alarm row of the ops pane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alarm {
    pub name: String,
    pub kind: AlarmKind,
    /// `ALARM`, `INSUFFICIENT_DATA` or `OK`.
    pub state: String,
    pub state_reason: Option<String>,
    pub state_updated: Option<DateTime<Utc>>,
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    pub dimensions: Vec<Dimension>,
    /// Value of the `InstanceId` dimension, to pivot to the instance.
    pub instance_id: Option<String>,
    /// Rule expression of a composite alarm.
    pub rule: Option<String>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
}

/// One entry of an alarm's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmHistoryItem {
    pub alarm_name: String,
    pub timestamp: Option<DateTime<Utc>>,
    /// `StateUpdate`, `ConfigurationUpdate` or `Action`.
    pub item_type: String,
    pub summary: Option<String>,
}

/// Sort rank of an alarm state: ALARM first, OK last.
fn state_rank(state: &str) -> u8 {
    match state {
        "ALARM" => 0,
        "INSUFFICIENT_DATA" => 1,
        "OK" => 2,
        _ => 3,
    }
}

impl Fleet {
    /// Lists metric and composite alarms, ALARM first, then by most recent state
    /// change.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn alarms(&self) -> Result<Listing<Alarm>, OpsError> {
        use aws_sdk_cloudwatch::types::AlarmType;
        // Without AlarmTypes, DescribeAlarms returns metric alarms only.
        let request = self
            .clients
            .cloudwatch
            .describe_alarms()
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .set_max_records(self.page_size());
        let operation = "cloudwatch:DescribeAlarms";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let mut listing = from_pages(self, operation, pages, |page| {
            let metric = page
                .metric_alarms
                .unwrap_or_default()
                .into_iter()
                .map(metric_alarm);
            let composite = page
                .composite_alarms
                .unwrap_or_default()
                .into_iter()
                .map(composite_alarm);
            metric.chain(composite).collect()
        })?;
        listing.items.sort_by(|a, b| {
            state_rank(&a.state)
                .cmp(&state_rank(&b.state))
                .then(b.state_updated.cmp(&a.state_updated))
                .then(a.name.cmp(&b.name))
        });
        Ok(listing)
    }

    /// Lists alarm history, newest first, for one alarm or for all when
    /// `alarm_name` is `None`, going back to `since`.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn alarm_history(
        &self,
        alarm_name: Option<&str>,
        since: DateTime<Utc>,
    ) -> Result<Listing<AlarmHistoryItem>, OpsError> {
        use aws_sdk_cloudwatch::types::ScanBy;
        let request = self
            .clients
            .cloudwatch
            .describe_alarm_history()
            .set_alarm_name(alarm_name.map(str::to_string))
            .start_date(to_aws(since))
            .end_date(to_aws(Utc::now()))
            .scan_by(ScanBy::TimestampDescending)
            .set_max_records(self.page_size());
        let operation = "cloudwatch:DescribeAlarmHistory";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.alarm_history_items
                .unwrap_or_default()
                .into_iter()
                .map(|item| AlarmHistoryItem {
                    alarm_name: item.alarm_name().unwrap_or_default().to_string(),
                    timestamp: opt_utc(item.timestamp()),
                    item_type: item
                        .history_item_type()
                        .map(|t| t.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    summary: item.history_summary().map(str::to_string),
                })
                .collect()
        })
    }
}

fn metric_alarm(alarm: aws_sdk_cloudwatch::types::MetricAlarm) -> Alarm {
    let dimensions: Vec<Dimension> = alarm
        .dimensions()
        .iter()
        .filter_map(Dimension::from_sdk)
        .collect();
    Alarm {
        name: alarm.alarm_name().unwrap_or_default().to_string(),
        kind: AlarmKind::Metric,
        state: alarm
            .state_value()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        state_reason: alarm.state_reason().map(str::to_string),
        state_updated: opt_utc(alarm.state_updated_timestamp()),
        namespace: alarm.namespace().map(str::to_string),
        metric_name: alarm.metric_name().map(str::to_string),
        instance_id: dimensions
            .iter()
            .find(|d| d.name == "InstanceId")
            .map(|d| d.value.clone()),
        dimensions,
        rule: None,
        actions_enabled: alarm.actions_enabled().unwrap_or(false),
        alarm_actions: alarm.alarm_actions().to_vec(),
        ok_actions: alarm.ok_actions().to_vec(),
        insufficient_data_actions: alarm.insufficient_data_actions().to_vec(),
    }
}

fn composite_alarm(alarm: aws_sdk_cloudwatch::types::CompositeAlarm) -> Alarm {
    Alarm {
        name: alarm.alarm_name().unwrap_or_default().to_string(),
        kind: AlarmKind::Composite,
        state: alarm
            .state_value()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        state_reason: alarm.state_reason().map(str::to_string),
        state_updated: opt_utc(alarm.state_updated_timestamp()),
        namespace: None,
        metric_name: None,
        dimensions: Vec::new(),
        instance_id: None,
        rule: alarm.alarm_rule().map(str::to_string),
        actions_enabled: alarm.actions_enabled().unwrap_or(false),
        alarm_actions: alarm.alarm_actions().to_vec(),
        ok_actions: alarm.ok_actions().to_vec(),
        insufficient_data_actions: alarm.insufficient_data_actions().to_vec(),
    }
}
