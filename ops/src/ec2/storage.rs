//! EBS volumes, snapshots with a staleness check per instance, and AMIs.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::time::opt_utc;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("ec2:DescribeVolumes", Tier::Read),
    ("ec2:DescribeSnapshots", Tier::Read),
    ("ec2:DescribeImages", Tier::Read),
];

/// An EBS volume and where it is attached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volume {
    pub id: String,
    /// Instance the volume is attached to, if any.
    pub instance_id: Option<String>,
    /// Device name on that instance, such as `/dev/xvda`.
    pub device: Option<String>,
    /// `gp3`, `gp2`, `io2`, ...
    pub volume_type: String,
    pub size_gib: i32,
    /// Provisioned IOPS, where the volume type has them.
    pub iops: Option<i32>,
    pub state: String,
    pub availability_zone: Option<String>,
    pub encrypted: bool,
}

/// An EBS snapshot owned by the caller's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub id: String,
    pub volume_id: Option<String>,
    /// Instance the source volume is attached to now, if any.
    pub instance_id: Option<String>,
    /// `pending`, `completed`, `error`, ...
    pub state: String,
    pub progress: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    /// Hours since `start_time`, rounded down.
    pub age_hours: Option<i64>,
    pub size_gib: Option<i32>,
    pub description: Option<String>,
    pub name: Option<String>,
}

/// An instance whose newest completed snapshot is older than the allowed age, or
/// that has none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleInstance {
    pub instance_id: String,
    pub newest_snapshot_id: Option<String>,
    pub newest_snapshot_time: Option<DateTime<Utc>>,
}

/// Snapshots and the instances whose snapshots are stale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotReport {
    /// Snapshots, newest first.
    pub snapshots: Listing<Snapshot>,
    /// Instances with attached volumes whose newest completed snapshot is older
    /// than the configured maximum age (default 24 hours), or missing.
    pub stale_instances: Vec<StaleInstance>,
    pub max_age_hours: u64,
}

/// An AMI owned by the caller's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    pub id: String,
    pub name: Option<String>,
    pub state: String,
    pub creation_date: Option<String>,
    pub snapshot_ids: Vec<String>,
}

impl Fleet {
    /// Lists EBS volumes, only those attached to `instance_id` when it is given.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn volumes(&self, instance_id: Option<&str>) -> Result<Listing<Volume>, OpsError> {
        let mut request = self
            .clients
            .ec2
            .describe_volumes()
            .set_max_results(self.page_size());
        if let Some(id) = instance_id {
            request = request.filters(super::filter("attachment.instance-id", id));
        }
        let operation = "ec2:DescribeVolumes";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.volumes
                .unwrap_or_default()
                .into_iter()
                .map(volume_row)
                .collect()
        })
    }

    /// Lists the account's snapshots, newest first, and flags instances whose
    /// newest completed snapshot is older than the configured maximum age.
    ///
    /// Ownership is selected with the `owner-id` filter and the caller's account,
    /// rather than `OwnerIds=self`, which moto ignores.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn snapshots(&self) -> Result<SnapshotReport, OpsError> {
        let account = self.whoami().await?.account;
        let volumes = self.volumes(None).await?;
        let attached: HashMap<String, String> = volumes
            .items
            .iter()
            .filter_map(|v| Some((v.id.clone(), v.instance_id.clone()?)))
            .collect();

        let request = self
            .clients
            .ec2
            .describe_snapshots()
            .filters(super::filter("owner-id", account))
            .set_max_results(self.page_size());
        let operation = "ec2:DescribeSnapshots";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let now = Utc::now();
        let mut snapshots = from_pages(self, operation, pages, |page| {
            page.snapshots
                .unwrap_or_default()
                .into_iter()
                .map(|s| snapshot_row(s, &attached, now))
                .collect()
        })?;
        snapshots
            .items
            .sort_by_key(|snapshot| std::cmp::Reverse(snapshot.start_time));
        if let Some(reason) = volumes.partial {
            snapshots.mark_partial(format!("volume list incomplete: {reason}"));
        }

        let max_age = self.snapshot_max_age();
        let stale_instances = stale_instances(&volumes.items, &snapshots.items, now, max_age);
        Ok(SnapshotReport {
            snapshots,
            stale_instances,
            max_age_hours: max_age.as_secs() / 3600,
        })
    }

    /// Lists AMIs owned by the caller's account.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn images(&self) -> Result<Listing<Image>, OpsError> {
        let request = self
            .clients
            .ec2
            .describe_images()
            .owners("self")
            .set_max_results(self.page_size());
        let operation = "ec2:DescribeImages";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.images
                .unwrap_or_default()
                .into_iter()
                .map(|image| Image {
                    id: image.image_id().unwrap_or_default().to_string(),
                    name: image.name().map(str::to_string),
                    state: image
                        .state()
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    creation_date: image.creation_date().map(str::to_string),
                    snapshot_ids: image
                        .block_device_mappings()
                        .iter()
                        .filter_map(|m| m.ebs()?.snapshot_id().map(str::to_string))
                        .collect(),
                })
                .collect()
        })
    }
}

fn volume_row(volume: aws_sdk_ec2::types::Volume) -> Volume {
    let attachment = volume.attachments().first();
    Volume {
        id: volume.volume_id().unwrap_or_default().to_string(),
        instance_id: attachment.and_then(|a| a.instance_id()).map(str::to_string),
        device: attachment.and_then(|a| a.device()).map(str::to_string),
        volume_type: volume
            .volume_type()
            .map(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        size_gib: volume.size().unwrap_or_default(),
        iops: volume.iops(),
        state: volume
            .state()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        availability_zone: volume.availability_zone().map(str::to_string),
        encrypted: volume.encrypted().unwrap_or(false),
    }
}

fn snapshot_row(
    snapshot: aws_sdk_ec2::types::Snapshot,
    attached: &HashMap<String, String>,
    now: DateTime<Utc>,
) -> Snapshot {
    let start_time = opt_utc(snapshot.start_time());
    let volume_id = snapshot.volume_id().map(str::to_string);
    Snapshot {
        id: snapshot.snapshot_id().unwrap_or_default().to_string(),
        instance_id: volume_id.as_ref().and_then(|v| attached.get(v).cloned()),
        volume_id,
        state: snapshot
            .state()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        progress: snapshot.progress().map(str::to_string),
        age_hours: start_time.map(|t| (now - t).num_hours()),
        start_time,
        size_gib: snapshot.volume_size(),
        description: snapshot.description().map(str::to_string),
        name: super::name_tag(snapshot.tags()),
    }
}

/// Finds instances whose newest completed snapshot, over all attached volumes,
/// started before `now - max_age`.
pub(crate) fn stale_instances(
    volumes: &[Volume],
    snapshots: &[Snapshot],
    now: DateTime<Utc>,
    max_age: std::time::Duration,
) -> Vec<StaleInstance> {
    let mut newest: HashMap<&str, Option<&Snapshot>> = HashMap::new();
    for volume in volumes {
        if let Some(instance) = &volume.instance_id {
            newest.entry(instance).or_insert(None);
        }
    }
    for snapshot in snapshots.iter().filter(|s| s.state == "completed") {
        let Some(instance) = snapshot.instance_id.as_deref() else {
            continue;
        };
        let entry = newest.entry(instance).or_insert(None);
        if entry.is_none_or(|current| snapshot.start_time > current.start_time) {
            *entry = Some(snapshot);
        }
    }
    let cutoff = now - chrono::Duration::from_std(max_age).unwrap_or(chrono::Duration::MAX);
    let mut stale: Vec<StaleInstance> = newest
        .into_iter()
        .filter(|(_, snapshot)| snapshot.is_none_or(|s| s.start_time.is_none_or(|t| t < cutoff)))
        .map(|(instance, snapshot)| StaleInstance {
            instance_id: instance.to_string(),
            newest_snapshot_id: snapshot.map(|s| s.id.clone()),
            newest_snapshot_time: snapshot.and_then(|s| s.start_time),
        })
        .collect();
    stale.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volume(id: &str, instance: &str) -> Volume {
        Volume {
            id: id.to_string(),
            instance_id: Some(instance.to_string()),
            device: None,
            volume_type: "gp3".to_string(),
            size_gib: 8,
            iops: None,
            state: "in-use".to_string(),
            availability_zone: None,
            encrypted: false,
        }
    }

    fn snapshot(id: &str, instance: &str, hours_ago: i64, state: &str) -> Snapshot {
        let now = Utc::now();
        Snapshot {
            id: id.to_string(),
            volume_id: None,
            instance_id: Some(instance.to_string()),
            state: state.to_string(),
            progress: None,
            start_time: Some(now - chrono::Duration::hours(hours_ago)),
            age_hours: Some(hours_ago),
            size_gib: None,
            description: None,
            name: None,
        }
    }

    #[test]
    fn stale_uses_newest_completed_snapshot() {
        let volumes = [
            volume("vol-a", "i-fresh"),
            volume("vol-b", "i-old"),
            volume("vol-c", "i-none"),
        ];
        let snapshots = [
            snapshot("snap-1", "i-fresh", 30, "completed"),
            snapshot("snap-2", "i-fresh", 2, "completed"),
            snapshot("snap-3", "i-old", 48, "completed"),
            // A pending snapshot does not count as a backup yet.
            snapshot("snap-4", "i-old", 1, "pending"),
        ];
        let day = std::time::Duration::from_secs(24 * 3600);

        let stale = stale_instances(&volumes, &snapshots, Utc::now(), day);

        let ids: Vec<&str> = stale.iter().map(|s| s.instance_id.as_str()).collect();
        assert_eq!(ids, vec!["i-none", "i-old"]);
        assert_eq!(stale[1].newest_snapshot_id.as_deref(), Some("snap-3"));
        assert!(stale[0].newest_snapshot_id.is_none());
    }
}
