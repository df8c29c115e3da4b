//! The AWS operations this crate calls, by IAM action and policy tier.
//!
//! Each module declares the actions it calls next to the calls. The policies in
//! deploy/iam/ are checked against this list by a test, and [`crate::Fleet`]
//! checks every call against it in debug builds, so neither can drift.

use serde::Serialize;

/// IAM policy tier that grants an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Tier {
    /// deploy/iam/ops-read.json: everything the pane reads.
    Read,
    /// deploy/iam/ops-restore.json: starting and following restores.
    Restore,
}

/// Returns every IAM action the crate calls, with its tier.
pub fn all() -> Vec<(&'static str, Tier)> {
    [
        crate::identity::OPERATIONS,
        crate::ec2::instances::OPERATIONS,
        crate::ec2::storage::OPERATIONS,
        crate::cloudwatch::alarms::OPERATIONS,
        crate::cloudwatch::metrics::OPERATIONS,
        crate::backup::OPERATIONS,
        crate::ssm::commands::OPERATIONS,
        crate::restore::OPERATIONS,
    ]
    .concat()
}

/// Returns the tier of `action`, or `None` when the crate does not declare it.
pub fn tier_of(action: &str) -> Option<Tier> {
    all()
        .into_iter()
        .find(|(name, _)| *name == action)
        .map(|(_, tier)| tier)
}
