//! Instances with EC2 status checks and SSM agent state.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::SdkError;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesError;
use aws_sdk_ec2::operation::describe_instances::builders::DescribeInstancesFluentBuilder;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages, page_failed};
use crate::operations::Tier;
use crate::restore::{Sentence, failure_sentence, sentence};
use crate::time::opt_utc;

/// `MaxResults` of the first DescribeInstances page: the least EC2 accepts. moto counts
/// it in reservations, not instances.
const FIRST_PAGE: i32 = 5;

/// `MaxResults` of the later pages unless the config sets a page size: EC2's maximum.
const MAX_PAGE: i32 = 1000;

const DESCRIBE_INSTANCES: &str = "ec2:DescribeInstances";

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("ec2:DescribeInstances", Tier::Read),
    ("ec2:DescribeInstanceStatus", Tier::Read),
    ("ssm:DescribeInstanceInformation", Tier::Read),
];

/// Selection of instances to list. The default selects every instance in the
/// region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstanceFilter {
    /// Only instances carrying every one of these tags with its value; empty means
    /// all.
    pub tags: Vec<TagFilter>,
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
    /// EBS volumes attached to the instance, from DescribeInstances' block device
    /// mappings, so the snapshot report can do without DescribeVolumes.
    pub volumes: Vec<AttachedVolume>,
    /// `None` when DescribeInstanceStatus returned nothing for the instance or
    /// failed (then the listing is marked partial), and until
    /// [`InstanceHealth::apply_to`] has run on rows from [`Fleet::instance_pages`].
    pub status_checks: Option<StatusChecks>,
    /// `None` when the instance is not registered with Systems Manager, or the
    /// SSM call failed (then the listing is marked partial), and until
    /// [`InstanceHealth::apply_to`] has run on rows from [`Fleet::instance_pages`].
    pub ssm: Option<SsmAgent>,
}

/// An EBS volume in an instance's block device mappings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachedVolume {
    pub volume_id: String,
    /// Device name on the instance, such as `/dev/xvda`.
    pub device: Option<String>,
}

/// EC2 status checks, each `ok`, `impaired`, `initializing`,
/// `insufficient-data` or `not-applicable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChecks {
    pub system: String,
    pub instance: String,
    pub attached_ebs: Option<String>,
}

impl StatusChecks {
    /// Returns the worst of the checks, for a one-word column: `impaired` when any check
    /// is, else `insufficient-data`, `initializing`, `ok` in that order. A check
    /// that does not apply to the instance is left out, and `None` means that none
    /// applies, as for a terminated instance.
    pub fn summary(&self) -> Option<&str> {
        const WORST_FIRST: [&str; 4] = ["impaired", "insufficient-data", "initializing", "ok"];
        let checks = [
            Some(self.system.as_str()),
            Some(self.instance.as_str()),
            self.attached_ebs.as_deref(),
        ];
        let applying = || {
            checks
                .iter()
                .flatten()
                .copied()
                .filter(|check| *check != "not-applicable")
        };
        WORST_FIRST
            .into_iter()
            .find(|level| applying().any(|check| check == *level))
            .or_else(|| applying().next())
    }
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
    pub partial: Option<Sentence>,
}

/// Status checks and SSM agent state of every instance in the region, read apart
/// from the instance pages so that a view can show the rows first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceHealth {
    /// Status checks by instance id.
    pub checks: HashMap<String, StatusChecks>,
    /// SSM agent state by instance id, for managed instances only.
    pub agents: HashMap<String, SsmAgent>,
    /// Reason the checks or agent states are incomplete, or `None` when both calls
    /// read every page.
    pub partial: Option<Sentence>,
}

impl InstanceHealth {
    /// Sets the status checks and SSM state of each row of `listing`, and marks the
    /// listing partial when either call failed or stopped early.
    ///
    /// A row of an instance that was launched after these calls ran gets `None`
    /// in both fields, as an instance without a status or an SSM registration
    /// does.
    pub fn apply_to(&self, listing: &mut Listing<Instance>) {
        for instance in &mut listing.items {
            instance.status_checks = self.checks.get(&instance.id).cloned();
            instance.ssm = self.agents.get(&instance.id).cloned();
        }
        if let Some(reason) = &self.partial {
            listing.mark_partial(reason.clone());
        }
    }

    fn mark_partial(&mut self, reason: Sentence) {
        self.partial = Some(crate::listing::join_reasons(self.partial.take(), reason));
    }
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
    pub async fn instances(&self, filter: &InstanceFilter) -> Result<Listing<Instance>, OpsError> {
        self.instances_by_page(filter, |_| {}).await
    }

    /// Lists instances as [`Fleet::instances`] does, and hands each page of rows to
    /// `on_page` as it arrives, so a view can draw them before the last page.
    ///
    /// Rows given to `on_page` have no status checks or SSM state yet: those calls
    /// start once the first page is in, run at the same time as the later pages, and
    /// are joined into the returned listing. The first page is small, so the first
    /// rows come after one short call. A failed first page is the error, and then no
    /// other call is made.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn instances_by_page(
        &self,
        filter: &InstanceFilter,
        mut on_page: impl FnMut(&[Instance]) + Send,
    ) -> Result<Listing<Instance>, OpsError> {
        let (mut listing, token) = self.first_instance_page(filter, &mut on_page).await?;
        let request = self.describe_request(filter);
        let (_, health) = tokio::join!(
            self.describe_later_pages(&request, token, &mut listing, on_page),
            self.instance_health(),
        );
        health.apply_to(&mut listing);
        Ok(listing)
    }

    /// Lists instances page by page as [`Fleet::instances_by_page`] does, but makes
    /// no status check or SSM call, so the rows have `None` in those fields.
    ///
    /// The listing is partial only when a DescribeInstances page failed. Call
    /// [`Fleet::instance_health`] afterwards and apply it to join the rest. Against
    /// an endpoint that serves one request at a time, such as moto, this gets the
    /// last page sooner than [`Fleet::instances_by_page`].
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn instance_pages(
        &self,
        filter: &InstanceFilter,
        mut on_page: impl FnMut(&[Instance]) + Send,
    ) -> Result<Listing<Instance>, OpsError> {
        let (mut listing, token) = self.first_instance_page(filter, &mut on_page).await?;
        let request = self.describe_request(filter);
        self.describe_later_pages(&request, token, &mut listing, on_page)
            .await;
        Ok(listing)
    }

    /// Reads the status checks and SSM agent state of every instance in the region.
    ///
    /// The two calls run at the same time. A failed call leaves its field empty in
    /// every row and is recorded in [`InstanceHealth::partial`], so this never fails.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn instance_health(&self) -> InstanceHealth {
        let (checks, agents) = tokio::join!(self.instance_status_checks(), self.ssm_agents());
        let mut health = InstanceHealth::default();
        let unavailable = |error: &OpsError, checks: bool| {
            let sentence = if checks {
                sentence!(
                    "partial-status-checks",
                    "status checks unavailable: {error}",
                    error = error
                )
            } else {
                sentence!(
                    "partial-ssm-agents",
                    "SSM agent state unavailable: {error}",
                    error = error
                )
            };
            sentence.with_part("error", failure_sentence(error))
        };

        match checks {
            Ok(checks) => {
                health.checks = checks.items;
                health.partial = checks.partial;
            }
            Err(err) => health.mark_partial(unavailable(&err, true)),
        }
        match agents {
            Ok(agents) => {
                health.agents = agents.items;
                if let Some(reason) = agents.partial {
                    health.mark_partial(reason);
                }
            }
            Err(err) => health.mark_partial(unavailable(&err, false)),
        }
        health
    }

    /// Reads the small first page of DescribeInstances, hands it to `on_page`, and
    /// returns it as a listing with the token of the next page.
    async fn first_instance_page(
        &self,
        filter: &InstanceFilter,
        on_page: &mut (impl FnMut(&[Instance]) + Send),
    ) -> Result<(Listing<Instance>, Option<String>), OpsError> {
        let request = self.describe_request(filter);
        let later_pages = self.page_size().unwrap_or(MAX_PAGE);
        let (rows, token) = self
            .describe_page(&request, None, later_pages.min(FIRST_PAGE))
            .await
            .map_err(|err| self.error(DESCRIBE_INSTANCES, err))?;
        on_page(&rows);
        Ok((Listing::complete(rows), token))
    }

    /// Builds the DescribeInstances request for `filter`, without paging fields.
    fn describe_request(&self, filter: &InstanceFilter) -> DescribeInstancesFluentBuilder {
        let mut request = self.clients.ec2.describe_instances();
        // EC2 joins separate filters with AND, so an instance must carry every tag.
        for tag in &filter.tags {
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
        request
    }

    /// Reads one page of DescribeInstances and returns its rows and the next token.
    ///
    /// Pages are requested one by one rather than through the SDK paginator, because
    /// the first page requests fewer rows than the others.
    async fn describe_page(
        &self,
        request: &DescribeInstancesFluentBuilder,
        token: Option<String>,
        page_size: i32,
    ) -> Result<(Vec<Instance>, Option<String>), SdkError<DescribeInstancesError, HttpResponse>>
    {
        use tracing::Instrument as _;

        let span =
            tracing::info_span!("aws", operation = DESCRIBE_INSTANCES, region = %self.region());
        let page = request
            .clone()
            .set_next_token(token)
            .max_results(page_size)
            .send()
            .instrument(span)
            .await?;
        let next = page.next_token.filter(|next| !next.is_empty());
        let rows = page
            .reservations
            .unwrap_or_default()
            .into_iter()
            .flat_map(|reservation| reservation.instances.unwrap_or_default())
            .map(instance_row)
            .collect();
        Ok((rows, next))
    }

    /// Reads the pages after the first into `listing`, calling `on_page` with each.
    /// A failed page keeps the rows read so far and marks the listing partial.
    async fn describe_later_pages(
        &self,
        request: &DescribeInstancesFluentBuilder,
        mut token: Option<String>,
        listing: &mut Listing<Instance>,
        mut on_page: impl FnMut(&[Instance]),
    ) {
        let page_size = self.page_size().unwrap_or(MAX_PAGE);
        let mut number = 2;
        while token.is_some() {
            match self.describe_page(request, token.take(), page_size).await {
                Ok((rows, next)) => {
                    on_page(&rows);
                    listing.items.extend(rows);
                    token = next;
                }
                Err(err) => {
                    let err = self.error(DESCRIBE_INSTANCES, err);
                    let rows = listing.items.len();
                    listing.mark_partial(page_failed(number, DESCRIBE_INSTANCES, rows, &err));
                    return;
                }
            }
            number += 1;
        }
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
        volumes: attached_volumes(&instance),
        status_checks: None,
        ssm: None,
    }
}

/// Returns the EBS volumes in the block device mappings of `instance`. Instance
/// store volumes have no `Ebs` entry there, so they are left out.
fn attached_volumes(instance: &aws_sdk_ec2::types::Instance) -> Vec<AttachedVolume> {
    instance
        .block_device_mappings()
        .iter()
        .filter_map(|mapping| {
            Some(AttachedVolume {
                volume_id: mapping.ebs()?.volume_id()?.to_string(),
                device: mapping.device_name().map(str::to_string),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::StatusChecks;

    fn checks(system: &str, instance: &str, ebs: Option<&str>) -> StatusChecks {
        StatusChecks {
            system: system.to_string(),
            instance: instance.to_string(),
            attached_ebs: ebs.map(str::to_string),
        }
    }

    #[test]
    fn summary_names_the_worst_check() {
        let cases = [
            (checks("ok", "ok", None), Some("ok")),
            (checks("ok", "ok", Some("impaired")), Some("impaired")),
            (
                checks("impaired", "initializing", Some("ok")),
                Some("impaired"),
            ),
            (checks("ok", "initializing", None), Some("initializing")),
            (
                checks("insufficient-data", "initializing", None),
                Some("insufficient-data"),
            ),
            (
                checks("ok", "not-applicable", Some("not-applicable")),
                Some("ok"),
            ),
            (checks("not-applicable", "not-applicable", None), None),
            (checks("ok", "some-new-state", None), Some("ok")),
            (
                checks("some-new-state", "not-applicable", None),
                Some("some-new-state"),
            ),
        ];
        for (given, expected) in cases {
            assert_eq!(given.summary(), expected, "{given:?}");
        }
    }
}
