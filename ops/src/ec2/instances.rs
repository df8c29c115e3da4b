//! Instances with EC2 status checks and SSM agent state.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::time::opt_utc;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("ec2:DescribeInstances", Tier::Read),
    ("ec2:DescribeInstanceStatus", Tier::Read),
    ("ssm:DescribeInstanceInformation", Tier::Read),
];

/// Selection of instances to list. The default selects every instance in the
/// region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceFilter {
    /// Only instances carrying this tag with this value.
    pub tag: Option<TagFilter>,
    /// Only instances in these states (`pending`, `running`, `stopping`,
    /// `stopped`, `shutting-down`, `terminated`); empty means all.
    pub states: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    pub key: String,
    pub value: String,
}

/// Billing model of an instance, from EC2's `InstanceLifecycle`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Lifecycle {
    OnDemand,
    Spot,
    /// Scheduled or capacity-block instances, by EC2's name for them.
    Other(String),
}

/// One EC2 instance row of the ops pane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    pub id: String,
    /// Value of the `Name` tag.
    pub name: Option<String>,
    pub state: String,
    pub instance_type: String,
    pub availability_zone: Option<String>,
    pub lifecycle: Lifecycle,
    pub launch_time: Option<DateTime<Utc>>,
    pub private_ip: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// `None` when DescribeInstanceStatus returned nothing for the instance or
    /// failed (then the listing is marked partial).
    pub status_checks: Option<StatusChecks>,
    /// `None` when the instance is not registered with Systems Manager, or the
    /// SSM call failed (then the listing is marked partial).
    pub ssm: Option<SsmAgent>,
}

/// EC2 status checks, each `ok`, `impaired`, `initializing`,
/// `insufficient-data` or `not-applicable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChecks {
    pub system: String,
    pub instance: String,
    pub attached_ebs: Option<String>,
}

/// Systems Manager agent state for a managed instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SsmAgent {
    /// `Online`, `ConnectionLost` or `Inactive`.
    pub ping_status: String,
    pub agent_version: Option<String>,
    pub last_ping: Option<DateTime<Utc>>,
}

/// Rows keyed by instance id, with the partial marker of the listing they came
/// from.
pub(crate) struct ById<T> {
    pub items: HashMap<String, T>,
    pub partial: Option<String>,
}

impl SsmAgent {
    pub fn is_online(&self) -> bool {
        self.ping_status == "Online"
    }
}

impl Fleet {
    /// Lists instances matching `filter`, joined with their status checks and
    /// SSM agent state.
    ///
    /// When the status or SSM call fails, the rows are still returned with those
    /// fields empty and the failure recorded in [`Listing::partial`].
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn instances(&self, filter: &InstanceFilter) -> Result<Listing<Instance>, OpsError> {
        let mut listing = self.describe_instances(filter).await?;

        match self.instance_status_checks().await {
            Ok(checks) => {
                for instance in &mut listing.items {
                    instance.status_checks = checks.items.get(&instance.id).cloned();
                }
                if let Some(reason) = checks.partial {
                    listing.mark_partial(reason);
                }
            }
            Err(err) => listing.mark_partial(format!("status checks unavailable: {err}")),
        }

        match self.ssm_agents().await {
            Ok(agents) => {
                for instance in &mut listing.items {
                    instance.ssm = agents.items.get(&instance.id).cloned();
                }
                if let Some(reason) = agents.partial {
                    listing.mark_partial(reason);
                }
            }
            Err(err) => listing.mark_partial(format!("SSM agent state unavailable: {err}")),
        }
        Ok(listing)
    }

    async fn describe_instances(
        &self,
        filter: &InstanceFilter,
    ) -> Result<Listing<Instance>, OpsError> {
        let mut request = self
            .clients
            .ec2
            .describe_instances()
            .set_max_results(self.page_size());
        if let Some(tag) = &filter.tag {
            request = request.filters(super::filter(format!("tag:{}", tag.key), &tag.value));
        }
        if !filter.states.is_empty() {
            request = request.filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("instance-state-name")
                    .set_values(Some(filter.states.clone()))
                    .build(),
            );
        }
        let operation = "ec2:DescribeInstances";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.reservations
                .unwrap_or_default()
                .into_iter()
                .flat_map(|reservation| reservation.instances.unwrap_or_default())
                .map(instance_row)
                .collect()
        })
    }

    /// Reads status checks for every instance in the region, keyed by instance id.
    pub(crate) async fn instance_status_checks(&self) -> Result<ById<StatusChecks>, OpsError> {
        let operation = "ec2:DescribeInstanceStatus";
        let request = self
            .clients
            .ec2
            .describe_instance_status()
            .include_all_instances(true)
            .set_max_results(self.page_size());
        let pages = collect_pages!(self, operation, request.into_paginator());
        let rows = from_pages(self, operation, pages, |page| {
            page.instance_statuses.unwrap_or_default()
        })?;
        let map = rows
            .items
            .into_iter()
            .filter_map(|status| {
                let id = status.instance_id?;
                let summary = |s: Option<&aws_sdk_ec2::types::InstanceStatusSummary>| {
                    s.and_then(|s| s.status())
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default()
                };
                let checks = StatusChecks {
                    system: summary(status.system_status.as_ref()),
                    instance: summary(status.instance_status.as_ref()),
                    attached_ebs: status
                        .attached_ebs_status
                        .as_ref()
                        .and_then(|s| s.status())
                        .map(|s| s.as_str().to_string()),
                };
                Some((id, checks))
            })
            .collect();
        Ok(ById {
            items: map,
            partial: rows.partial,
        })
    }

    /// Reads the SSM agent state of every managed instance, keyed by instance id.
    pub(crate) async fn ssm_agents(&self) -> Result<ById<SsmAgent>, OpsError> {
        let operation = "ssm:DescribeInstanceInformation";
        // DescribeInstanceInformation accepts 5 to 50 rows per page.
        let page_size = self.page_size().map(|n| n.clamp(5, 50));
        let request = self
            .clients
            .ssm
            .describe_instance_information()
            .set_max_results(page_size);
        let pages = collect_pages!(self, operation, request.into_paginator());
        let rows = from_pages(self, operation, pages, |page| {
            page.instance_information_list.unwrap_or_default()
        })?;
        let map = rows
            .items
            .into_iter()
            .filter_map(|info| {
                let agent = SsmAgent {
                    ping_status: info
                        .ping_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    agent_version: info.agent_version().map(str::to_string),
                    last_ping: opt_utc(info.last_ping_date_time()),
                };
                Some((info.instance_id?, agent))
            })
            .collect();
        Ok(ById {
            items: map,
            partial: rows.partial,
        })
    }
}

fn instance_row(instance: aws_sdk_ec2::types::Instance) -> Instance {
    let lifecycle = match instance.instance_lifecycle() {
        None => Lifecycle::OnDemand,
        Some(aws_sdk_ec2::types::InstanceLifecycleType::Spot) => Lifecycle::Spot,
        Some(other) => Lifecycle::Other(other.as_str().to_string()),
    };
    let tags = instance
        .tags()
        .iter()
        .filter_map(|tag| Some((tag.key()?.to_string(), tag.value()?.to_string())))
        .collect();
    Instance {
        id: instance.instance_id().unwrap_or_default().to_string(),
        name: super::name_tag(instance.tags()),
        state: instance
            .state()
            .and_then(|s| s.name())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        instance_type: instance
            .instance_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        availability_zone: instance
            .placement()
            .and_then(|p| p.availability_zone())
            .map(str::to_string),
        lifecycle,
        launch_time: opt_utc(instance.launch_time()),
        private_ip: instance.private_ip_address().map(str::to_string),
        tags,
        status_checks: None,
        ssm: None,
    }
}
