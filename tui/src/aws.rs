//! Settings shared by the Ops tab and `estante ops`: building the [`OpsConfig`],
//! the restore audit log path, and splitting errors into a message and advice.

use std::path::PathBuf;

use estante_ops::{OpsConfig, OpsError};

use crate::paths::Paths;
use crate::settings::OpsSettings;

/// Connection choices that override `[ops]` in config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpsOverrides {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub enable_restores: bool,
}

impl OpsOverrides {
    pub fn from_cli(cli: &crate::cli::Cli) -> Self {
        Self {
            profile: cli.profile.clone(),
            region: cli.region.clone(),
            endpoint_url: cli.endpoint_url.clone(),
            enable_restores: cli.enable_restores,
        }
    }
}

/// Builds the configuration from the overrides, else config.toml, else the standard
/// AWS chain (which reads `AWS_PROFILE`, `AWS_REGION` and `AWS_ENDPOINT_URL` itself).
pub fn ops_config(settings: &OpsSettings, overrides: &OpsOverrides) -> OpsConfig {
    OpsConfig {
        profile: overrides.profile.clone().or(settings.profile.clone()),
        region: overrides.region.clone().or(settings.region.clone()),
        endpoint_url: overrides
            .endpoint_url
            .clone()
            .or(settings.endpoint_url.clone()),
        restores_enabled: overrides.enable_restores || settings.restores_enabled,
        ..OpsConfig::default()
    }
}

/// Returns the restore audit log: `restores.jsonl` in the XDG state folder.
pub fn audit_log(paths: &Paths) -> PathBuf {
    paths.state_dir.join("restores.jsonl")
}

/// An error to show: what failed, and what to do about it when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub advice: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            advice: None,
        }
    }
}

impl From<&OpsError> for Failure {
    fn from(error: &OpsError) -> Self {
        match error {
            OpsError::Aws(aws) => Failure {
                message: format!(
                    "{}: {} ({}, {})",
                    aws.code, aws.message, aws.operation, aws.region
                ),
                advice: aws.hint(),
            },
            other => Failure::new(other.to_string()),
        }
    }
}

impl From<OpsError> for Failure {
    fn from(error: OpsError) -> Self {
        Failure::from(&error)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(advice) = &self.advice {
            write!(f, "; {advice}")?;
        }
        Ok(())
    }
}
