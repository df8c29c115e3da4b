//! The Ops tab: the AWS fleet behind a shared server, read through estante-ops.
//!
//! Every AWS call runs in a runner task (see [`crate::app::msg::OpsRequest`]), so
//! this state only records what was asked and what came back. Results carry the
//! connection generation they were requested under, and results of an older
//! connection (before a profile or region switch) are dropped.

mod draw;
pub mod msg;
mod restore;
mod update;

use std::time::Duration;

use estante_ops::Listing;
use estante_ops::backup::BackupVault;
use estante_ops::backup::jobs::{BackupJob, RestoreJob};
use estante_ops::backup::recovery_points::RecoveryPoint;
use estante_ops::cloudwatch::alarms::Alarm;
use estante_ops::cloudwatch::metrics::InstanceMetrics;
use estante_ops::ec2::instances::Instance;
use estante_ops::ec2::storage::{Snapshot, SnapshotReport, Volume, VolumeAttachments};
use estante_ops::ssm::commands::Command;

pub use draw::draw;
pub use restore::RestoreFlow;

use crate::aws::{Failure, OpsOverrides};

/// The sub-views of the tab, in the order of the view bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpsView {
    Instances,
    Alarms,
    Storage,
    Backups,
    Commands,
}

impl OpsView {
    pub const ALL: [OpsView; 5] = [
        Self::Instances,
        Self::Alarms,
        Self::Storage,
        Self::Backups,
        Self::Commands,
    ];

    /// The views of the fleet overview, loaded together as soon as the tab connects
    /// so that switching between them shows rows at once. The Storage view's volume
    /// table is the exception, listed when the view is first shown, because a large
    /// fleet has at least as many volumes as instances. The snapshot report takes
    /// the attachments from the instance listing instead.
    pub const OVERVIEW: [OpsView; 3] = [Self::Instances, Self::Alarms, Self::Storage];

    pub fn title(self) -> String {
        match self {
            Self::Instances => crate::t!("ops-view-instances"),
            Self::Alarms => crate::t!("ops-view-alarms"),
            Self::Storage => crate::t!("ops-view-storage"),
            Self::Backups => crate::t!("ops-view-backups"),
            Self::Commands => crate::t!("ops-view-commands"),
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|view| *view == self).unwrap_or(0)
    }
}

/// Account, caller, profile and region of the connection, from STS
/// GetCallerIdentity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub account: String,
    pub arn: String,
    pub profile: String,
    pub region: String,
    pub restores_enabled: bool,
    /// Age past which the snapshot report flags an instance.
    pub snapshot_max_age: Duration,
}

/// Snapshots, and the stale-instance report built from them once the volume
/// attachments are known.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageData {
    /// Snapshots, newest first, as DescribeSnapshots listed them, so without the
    /// instance of each one's volume.
    pub snapshots: Listing<Snapshot>,
    /// `snapshots` with their instances and the stale instances. `None` until the
    /// instance listing or the volume listing is in.
    pub report: Option<SnapshotReport>,
}

impl StorageData {
    /// Returns the snapshots with their instances when the report is built, else
    /// as listed. Both lists have the same rows in the same order.
    pub fn snapshot_rows(&self) -> &Listing<Snapshot> {
        match &self.report {
            Some(report) => &report.snapshots,
            None => &self.snapshots,
        }
    }
}

/// Vaults, their recovery points, recent backup jobs with failed ones first, and
/// recent restore jobs, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupsData {
    pub vaults: Listing<BackupVault>,
    pub recovery_points: Listing<RecoveryPoint>,
    pub jobs: Listing<BackupJob>,
    pub restore_jobs: Listing<RestoreJob>,
}

/// One sub-view's data as read from AWS.
#[derive(Debug, Clone, PartialEq)]
pub enum OpsData {
    Instances(Listing<Instance>),
    Alarms(Listing<Alarm>),
    Storage(Box<StorageData>),
    Backups(Box<BackupsData>),
    Commands(Listing<Command>),
}

impl OpsData {
    pub fn view(&self) -> OpsView {
        match self {
            Self::Instances(_) => OpsView::Instances,
            Self::Alarms(_) => OpsView::Alarms,
            Self::Storage(_) => OpsView::Storage,
            Self::Backups(_) => OpsView::Backups,
            Self::Commands(_) => OpsView::Commands,
        }
    }

    /// Returns the number of selectable rows.
    fn rows(&self) -> usize {
        match self {
            Self::Instances(listing) => listing.items.len(),
            Self::Alarms(listing) => listing.items.len(),
            Self::Storage(data) => data.snapshots.items.len(),
            Self::Backups(data) => data.recovery_points.items.len(),
            Self::Commands(listing) => listing.items.len(),
        }
    }

    /// Returns the reasons the view's lists are incomplete, joined, in the interface
    /// language.
    pub fn partial(&self) -> Option<String> {
        let reasons: Vec<&estante_ops::restore::Sentence> = match self {
            Self::Instances(listing) => listing.partial.iter().collect(),
            Self::Alarms(listing) => listing.partial.iter().collect(),
            Self::Storage(data) => data.snapshot_rows().partial.iter().collect(),
            Self::Backups(data) => data
                .vaults
                .partial
                .iter()
                .chain(&data.recovery_points.partial)
                .chain(&data.jobs.partial)
                .chain(&data.restore_jobs.partial)
                .collect(),
            Self::Commands(listing) => listing.partial.iter().collect(),
        };
        let joined: Vec<String> = reasons.into_iter().map(crate::i18n::sentence).collect();
        (!joined.is_empty()).then(|| joined.join("; "))
    }
}

/// State of one request: not sent, pending, or its result.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Pending<T> {
    #[default]
    Idle,
    Loading,
    Ready(T),
    Failed(Failure),
}

impl<T> Pending<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// Data and selection of one sub-view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pane {
    pub data: Pending<OpsData>,
    pub selected: usize,
    /// Rows of the pages in so far while `data` is loading, drawn until it is ready.
    pub arrived: Option<OpsData>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpsState {
    pub view: OpsView,
    pub connection: Pending<Header>,
    /// Profile, region and endpoint chosen in the palette, over config.toml.
    pub overrides: OpsOverrides,
    /// Counts connections; results requested under an older one are dropped.
    pub generation: u64,
    pub panes: [Pane; 5],
    pub metrics: Option<(String, Pending<InstanceMetrics>)>,
    pub restore: Option<RestoreFlow>,
    /// Volumes of the Storage view, listed when that view is first shown.
    pub volumes: Pending<Listing<Volume>>,
    /// Attachments from the block device mappings of the last complete instance
    /// listing, kept apart because the listing's partial reason later also covers
    /// the status checks and SSM state.
    pub instance_attachments: Option<VolumeAttachments>,
    /// Whether the status checks and SSM state of the listed instances are still
    /// being read.
    pub health_loading: bool,
    /// Text that the Instances view's rows must contain, in any letter case: in the
    /// id, name, state, type, zone, private address or a tag value. A fleet of
    /// thousands is otherwise a long scroll.
    pub instance_filter: String,
    /// Whether the filter line takes the keys.
    pub filtering: bool,
    /// Lines the restore dialog is scrolled up from its end, when it is taller than
    /// the terminal: its end, with the line to type into, shows by default.
    pub restore_scroll: usize,
}

impl Default for OpsState {
    fn default() -> Self {
        Self {
            view: OpsView::Instances,
            connection: Pending::Idle,
            overrides: OpsOverrides::default(),
            generation: 0,
            panes: Default::default(),
            metrics: None,
            restore: None,
            volumes: Pending::Idle,
            instance_attachments: None,
            health_loading: false,
            instance_filter: String::new(),
            filtering: false,
            restore_scroll: 0,
        }
    }
}

impl OpsState {
    pub fn pane(&self, view: OpsView) -> &Pane {
        &self.panes[view.index()]
    }

    pub fn pane_mut(&mut self, view: OpsView) -> &mut Pane {
        &mut self.panes[view.index()]
    }

    /// Returns whether the restore confirmation is open.
    pub fn is_confirming(&self) -> bool {
        matches!(self.restore, Some(RestoreFlow::Confirm { .. }))
    }

    /// Returns whether the restore confirmation or the instance filter takes the keys.
    pub fn is_typing(&self) -> bool {
        matches!(self.restore, Some(RestoreFlow::Confirm { .. })) || self.filtering
    }

    /// Returns the positions in the instance listing of the rows the Instances view
    /// shows: all of them, or those that match the filter. The view's selection is
    /// a place in this list, so every use of it goes through here.
    pub fn visible_instances(&self) -> Vec<usize> {
        let Some(OpsData::Instances(listing)) = self.pane(OpsView::Instances).data.ready() else {
            return Vec::new();
        };
        let needle = self.instance_filter.trim().to_lowercase();
        listing
            .items
            .iter()
            .enumerate()
            .filter(|(_, instance)| needle.is_empty() || instance_matches(instance, &needle))
            .map(|(index, _)| index)
            .collect()
    }

    /// Returns whether restores may start in the current connection.
    pub fn restores_enabled(&self) -> bool {
        self.connection
            .ready()
            .is_some_and(|header| header.restores_enabled)
    }

    /// Returns the instance selected in the Instances view, the default restore
    /// target.
    pub fn selected_instance(&self) -> Option<&Instance> {
        let pane = self.pane(OpsView::Instances);
        let index = *self.visible_instances().get(pane.selected)?;
        match pane.data.ready() {
            Some(OpsData::Instances(listing)) => listing.items.get(index),
            _ => None,
        }
    }
}

/// Reports whether `instance` contains `needle`, already in lower case, in one of
/// the fields the Instances view filters by.
pub(crate) fn instance_matches(instance: &Instance, needle: &str) -> bool {
    let fields = [
        Some(instance.id.as_str()),
        instance.name.as_deref(),
        Some(instance.state.as_str()),
        Some(instance.instance_type.as_str()),
        instance.availability_zone.as_deref(),
        instance.private_ip.as_deref(),
    ];
    fields
        .into_iter()
        .flatten()
        .chain(instance.tags.values().map(String::as_str))
        .any(|field| field.to_lowercase().contains(needle))
}
