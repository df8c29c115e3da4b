//! EBS volumes, snapshots with a staleness check per instance, and AMIs.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ec2::instances::Instance;
use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::restore::{Sentence, sentence};
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

/// Attachments of EBS volumes to instances, read from the instance listing's block
/// device mappings or from a volume listing, for the snapshot report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VolumeAttachments {
    instance_of_volume: HashMap<String, String>,
    /// Instances with at least one attached EBS volume, the ones the report checks.
    instances: BTreeSet<String>,
    /// Reason the attachments are incomplete, copied from the listing they came from.
    partial: Option<Sentence>,
}

impl VolumeAttachments {
    /// Reads the attachments from the block device mappings of `instances`.
    ///
    /// The listing must be unfiltered, because the report does not check the
    /// instances left out of it. Its partial reason must come from the
    /// DescribeInstances pages alone, as [`Fleet::instance_pages`] returns it,
    /// because the report copies that reason.
    pub fn from_instances(instances: &Listing<Instance>) -> Self {
        let mut attachments = Self {
            partial: instances.partial.clone(),
            ..Self::default()
        };
        for instance in &instances.items {
            for volume in &instance.volumes {
                attachments
                    .instance_of_volume
                    .insert(volume.volume_id.clone(), instance.id.clone());
                attachments.instances.insert(instance.id.clone());
            }
        }
        attachments
    }

    /// Reads the attachments from a volume listing, such as [`Fleet::volumes`] with
    /// no instance.
    pub fn from_volumes(volumes: &Listing<Volume>) -> Self {
        let mut attachments = Self {
            partial: volumes.partial.clone(),
            ..Self::default()
        };
        for volume in &volumes.items {
            if let Some(instance) = &volume.instance_id {
                attachments
                    .instance_of_volume
                    .insert(volume.id.clone(), instance.clone());
                attachments.instances.insert(instance.clone());
            }
        }
        attachments
    }

    /// Returns why the attachments are incomplete, if they are.
    pub fn partial(&self) -> Option<&Sentence> {
        self.partial.as_ref()
    }

    /// Returns the instance `volume_id` is attached to.
    pub fn instance_of(&self, volume_id: &str) -> Option<&str> {
        self.instance_of_volume.get(volume_id).map(String::as_str)
    }
}

/// An EBS snapshot owned by the caller's account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub id: String,
    pub volume_id: Option<String>,
    /// Instance the source volume is attached to now, if any. Always `None` in rows
    /// from [`Fleet::snapshot_listing`], which does not read the attachments.
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

impl SnapshotReport {
    /// Sets the instance of each snapshot from `attachments` and flags the attached
    /// instances whose newest completed snapshot started before `now - max_age`.
    ///
    /// The report is marked partial when the snapshots or the attachments are: an
    /// instance missing from incomplete attachments is not checked at all.
    pub fn new(
        mut snapshots: Listing<Snapshot>,
        attachments: &VolumeAttachments,
        max_age: Duration,
        now: DateTime<Utc>,
    ) -> Self {
        for snapshot in &mut snapshots.items {
            snapshot.instance_id = snapshot
                .volume_id
                .as_deref()
                .and_then(|volume| attachments.instance_of(volume))
                .map(str::to_string);
        }
        if let Some(reason) = attachments.partial() {
            snapshots.mark_partial(
                sentence!(
                    "partial-attachments",
                    "volume attachments incomplete, so instances after the failure were not \
                     checked for snapshots: {reason}",
                    reason = reason
                )
                .with_part("reason", reason.clone()),
            );
        }
        let stale_instances =
            stale_instances(&attachments.instances, &snapshots.items, now, max_age);
        Self {
            snapshots,
            stale_instances,
            max_age_hours: max_age.as_secs() / 3600,
        }
    }
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
    /// The attachments come from a listing of every volume, made at the same time
    /// as the snapshot listing. A caller that already lists the instances can use
    /// [`Fleet::snapshot_listing`] and [`Fleet::snapshot_report`] instead and save
    /// that listing. A failed volume listing fails the report.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn snapshots(&self) -> Result<SnapshotReport, OpsError> {
        let (snapshots, volumes) = tokio::join!(self.snapshot_listing(), self.volumes(None));
        let attachments = VolumeAttachments::from_volumes(&volumes?);
        Ok(self.snapshot_report(snapshots?, &attachments))
    }

    /// Lists the account's snapshots, newest first, without the instance of each
    /// one's volume: [`Fleet::snapshot_report`] adds that.
    ///
    /// Ownership is selected with the `owner-id` filter and the caller's account,
    /// rather than `OwnerIds=self`, which moto ignores.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn snapshot_listing(&self) -> Result<Listing<Snapshot>, OpsError> {
        let account = self.whoami().await?.account;
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
                .map(|s| snapshot_row(s, now))
                .collect()
        })?;
        snapshots
            .items
            .sort_by_key(|snapshot| std::cmp::Reverse(snapshot.start_time));
        Ok(snapshots)
    }

    /// Builds the snapshot report from `snapshots` and `attachments` with the
    /// configured maximum age (default 24 hours). No request is sent.
    pub fn snapshot_report(
        &self,
        snapshots: Listing<Snapshot>,
        attachments: &VolumeAttachments,
    ) -> SnapshotReport {
        SnapshotReport::new(snapshots, attachments, self.snapshot_max_age(), Utc::now())
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

fn snapshot_row(snapshot: aws_sdk_ec2::types::Snapshot, now: DateTime<Utc>) -> Snapshot {
    let start_time = opt_utc(snapshot.start_time());
    let volume_id = snapshot.volume_id().map(str::to_string);
    Snapshot {
        id: snapshot.snapshot_id().unwrap_or_default().to_string(),
        instance_id: None,
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

/// Finds the `attached` instances, and the instances of `snapshots`, whose newest
/// completed snapshot over all attached volumes started before `now - max_age`.
fn stale_instances(
    attached: &BTreeSet<String>,
    snapshots: &[Snapshot],
    now: DateTime<Utc>,
    max_age: Duration,
) -> Vec<StaleInstance> {
    let mut newest: HashMap<&str, Option<&Snapshot>> = HashMap::new();
    for instance in attached {
        newest.entry(instance).or_insert(None);
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
    // An age beyond the calendar's range leaves no snapshot too old.
    let cutoff = chrono::Duration::from_std(max_age)
        .ok()
        .and_then(|age| now.checked_sub_signed(age))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
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
    use crate::ec2::instances::{AttachedVolume, Lifecycle};

    const DAY: Duration = Duration::from_secs(24 * 3600);

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

    fn instance(id: &str, volume_ids: &[&str]) -> Instance {
        Instance {
            id: id.to_string(),
            name: None,
            state: "running".to_string(),
            instance_type: "t3.small".to_string(),
            availability_zone: None,
            lifecycle: Lifecycle::OnDemand,
            launch_time: None,
            private_ip: None,
            tags: Default::default(),
            volumes: volume_ids
                .iter()
                .map(|volume_id| AttachedVolume {
                    volume_id: volume_id.to_string(),
                    device: None,
                })
                .collect(),
            status_checks: None,
            ssm: None,
        }
    }

    /// Returns a snapshot of `volume_id` as DescribeSnapshots lists it, with no
    /// instance.
    fn snapshot(id: &str, volume_id: &str, hours_ago: i64, state: &str) -> Snapshot {
        let now = Utc::now();
        Snapshot {
            id: id.to_string(),
            volume_id: Some(volume_id.to_string()),
            instance_id: None,
            state: state.to_string(),
            progress: None,
            start_time: Some(now - chrono::Duration::hours(hours_ago)),
            age_hours: Some(hours_ago),
            size_gib: None,
            description: None,
            name: None,
        }
    }

    fn snapshots() -> Listing<Snapshot> {
        Listing::complete(vec![
            snapshot("snap-1", "vol-a", 30, "completed"),
            snapshot("snap-2", "vol-a", 2, "completed"),
            snapshot("snap-3", "vol-b", 48, "completed"),
            // A pending snapshot does not count as a backup yet.
            snapshot("snap-4", "vol-b", 1, "pending"),
            snapshot("snap-5", "vol-gone", 1, "completed"),
        ])
    }

    fn stale_ids(report: &SnapshotReport) -> Vec<&str> {
        report
            .stale_instances
            .iter()
            .map(|s| s.instance_id.as_str())
            .collect()
    }

    #[test]
    fn stale_uses_newest_completed_snapshot() {
        let volumes = Listing::complete(vec![
            volume("vol-a", "i-fresh"),
            volume("vol-b", "i-old"),
            volume("vol-c", "i-none"),
        ]);
        let attachments = VolumeAttachments::from_volumes(&volumes);

        let report = SnapshotReport::new(snapshots(), &attachments, DAY, Utc::now());

        assert_eq!(stale_ids(&report), vec!["i-none", "i-old"]);
        assert_eq!(
            report.stale_instances[1].newest_snapshot_id.as_deref(),
            Some("snap-3")
        );
        assert!(report.stale_instances[0].newest_snapshot_id.is_none());
        assert_eq!(report.max_age_hours, 24);
        assert_eq!(report.snapshots.partial, None);
    }

    /// An age past the calendar's range once panicked while the cut-off date was
    /// computed. Nothing is too old then, except instances without any snapshot.
    #[test]
    fn huge_max_age_leaves_only_instances_without_snapshots() {
        let volumes = Listing::complete(vec![
            volume("vol-a", "i-fresh"),
            volume("vol-b", "i-old"),
            volume("vol-c", "i-none"),
        ]);
        let attachments = VolumeAttachments::from_volumes(&volumes);

        for max_age in [Duration::MAX, Duration::from_secs(100_000_000 * 86_400)] {
            let report = SnapshotReport::new(snapshots(), &attachments, max_age, Utc::now());
            assert_eq!(stale_ids(&report), vec!["i-none"]);
        }
    }

    #[test]
    fn report_from_block_device_mappings() {
        let instances = Listing::complete(vec![
            instance("i-fresh", &["vol-a"]),
            instance("i-old", &["vol-b"]),
            instance("i-none", &["vol-c", "vol-d"]),
            // Terminated instances keep no EBS mapping, so they are not checked.
            instance("i-terminated", &[]),
        ]);
        let attachments = VolumeAttachments::from_instances(&instances);

        let report = SnapshotReport::new(snapshots(), &attachments, DAY, Utc::now());

        assert_eq!(stale_ids(&report), vec!["i-none", "i-old"]);
        let instance_of = |id: &str| {
            report
                .snapshots
                .items
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.instance_id.clone())
        };
        assert_eq!(instance_of("snap-2").as_deref(), Some("i-fresh"));
        assert_eq!(instance_of("snap-3").as_deref(), Some("i-old"));
        assert_eq!(instance_of("snap-5"), None);
    }

    #[test]
    fn report_partial_with_partial_attachments() {
        let mut instances = Listing::complete(vec![instance("i-none", &["vol-c"])]);
        instances.mark_partial(Sentence::new(
            "partial-page",
            [],
            "page 2 of ec2:DescribeInstances failed after 1 rows",
        ));
        let attachments = VolumeAttachments::from_instances(&instances);

        let report = SnapshotReport::new(snapshots(), &attachments, DAY, Utc::now());

        assert_eq!(stale_ids(&report), vec!["i-none"]);
        let reason = report.snapshots.partial.expect("the report is partial");
        assert_eq!(reason.id, "partial-attachments");
        assert!(reason.text.contains("not checked"), "{reason}");
        assert_eq!(reason.parts["reason"].id, "partial-page");
    }
}
