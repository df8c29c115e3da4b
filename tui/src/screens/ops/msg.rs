//! Requests for AWS calls from the Ops tab, and the messages their tasks send back.

use estante_ops::Listing;
use estante_ops::cloudwatch::metrics::InstanceMetrics;
use estante_ops::ec2::instances::InstanceHealth;
use estante_ops::ec2::storage::Volume;
use estante_ops::restore::{
    RestoreHandle, RestoreOutcome, RestorePlan, RestoreRequest, RestoreStatus,
};
use estante_ops::ssm::commands::InvocationOutput;

use super::{Header, OpsData, OpsView};
use crate::aws::{Failure, OpsOverrides};

#[derive(Debug, Clone, PartialEq)]
pub enum OpsRequest {
    /// Builds a new fleet from config.toml and `overrides`, replacing the old one,
    /// and reads the caller identity.
    Connect {
        generation: u64,
        overrides: OpsOverrides,
    },
    Load {
        generation: u64,
        view: OpsView,
    },
    /// Lists every volume for the Storage view.
    Volumes {
        generation: u64,
    },
    /// Reads the status checks and SSM state of every instance, once the instance
    /// pages are in.
    Health {
        generation: u64,
    },
    /// Reads three hours of metrics at five-minute periods.
    Metrics {
        generation: u64,
        instance_id: String,
    },
    /// Reads the status and output of a Run Command command on each of its
    /// instances.
    CommandOutput {
        generation: u64,
        command_id: String,
        instance_ids: Vec<String>,
    },
    PlanRestore {
        generation: u64,
        request: RestoreRequest,
    },
    /// Writes to the audit log that the reader closed the confirmation of `plan`.
    Declined {
        generation: u64,
        plan: Box<RestorePlan>,
    },
    /// Confirms `plan` with `typed`, starts it and follows it to a terminal state.
    StartRestore {
        generation: u64,
        plan: Box<RestorePlan>,
        typed: String,
    },
}

#[derive(Debug)]
pub enum OpsMsg {
    Connected {
        generation: u64,
        result: Result<Header, Failure>,
    },
    /// Rows of one page of a listing still loading; `Loaded` with every row follows.
    Page {
        generation: u64,
        view: OpsView,
        rows: OpsData,
    },
    Loaded {
        generation: u64,
        view: OpsView,
        result: Result<OpsData, Failure>,
    },
    Volumes {
        generation: u64,
        result: Result<Listing<Volume>, Failure>,
    },
    /// Status checks and SSM state to join into the instance listing. Failed AWS
    /// calls are recorded in the health's partial reason. `Err` means that no fleet
    /// was connected to send them to.
    Health {
        generation: u64,
        result: Result<Box<InstanceHealth>, Failure>,
    },
    Metrics {
        generation: u64,
        instance_id: String,
        result: Result<InstanceMetrics, Failure>,
    },
    /// Each instance's run, in the order of the request's instances.
    CommandOutput {
        generation: u64,
        command_id: String,
        runs: Vec<(String, Result<InvocationOutput, Failure>)>,
    },
    Planned {
        generation: u64,
        result: Result<Box<RestorePlan>, Failure>,
    },
    /// The restore started; status messages and the outcome follow.
    RestoreStarted(Box<RestoreHandle>),
    RestoreStatus(Box<RestoreStatus>),
    RestoreFinished(Result<Box<RestoreOutcome>, Failure>),
    /// The audit log's record of a declined plan, or why it could not be written.
    Declined(Result<(), Failure>),
}

impl OpsMsg {
    /// Returns whether this message ends its request; pages and restore progress do
    /// not.
    pub fn is_final(&self) -> bool {
        !matches!(
            self,
            Self::Page { .. } | Self::RestoreStarted(_) | Self::RestoreStatus(_)
        )
    }
}
