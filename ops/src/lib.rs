//! AWS fleet inspection and restores behind the estante ops pane and the
//! `estante ops` subcommands.
//!
//! Build a [`Fleet`] from an [`OpsConfig`] once per profile and region, then call
//! its methods. List methods read every page and return a [`Listing`], which
//! keeps the rows read before a failing page and records why in
//! [`Listing::partial`]. Errors are [`OpsError`]s; AWS failures carry the
//! service's code and message and an [`ErrorKind`] that selects the advice shown.

pub mod backup;
pub mod cloudwatch;
mod config;
pub mod ec2;
mod error;
mod fleet;
mod identity;
mod listing;
pub mod operations;
pub mod restore;
pub mod ssm;
mod time;

pub use aws_credential_types::Credentials;
pub use config::{DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_SNAPSHOT_MAX_AGE, OpsConfig};
pub use error::{AwsError, ErrorKind, OpsError};
pub use fleet::{Fleet, FleetClients};
pub use identity::CallerIdentity;
pub use listing::Listing;
