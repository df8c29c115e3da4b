//! Settings shared by the Ops tab and `estante ops`: building the [`OpsConfig`],
//! the restore audit log path, and splitting errors into a message and advice.

use std::path::PathBuf;

use estante_ops::operations::{self, Tier};
use estante_ops::{AwsError, ErrorKind, OpsConfig, OpsError};

use crate::paths::Paths;
use crate::settings::OpsSettings;
use crate::t;

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

/// Words an ops error in the interface language. AWS's own code and message stay
/// as AWS wrote them; the advice and the errors of the ops library itself come
/// from the catalogue.
impl From<&OpsError> for Failure {
    fn from(error: &OpsError) -> Self {
        match error {
            OpsError::Aws(aws) => {
                // The ops library's own messages come as sentences to word here;
                // AWS's messages stay as AWS wrote them.
                let message = match &aws.sentence {
                    Some(sentence) => crate::i18n::sentence(sentence),
                    None => aws.message.clone(),
                };
                Failure {
                    message: format!(
                        "{}: {message} ({}, {})",
                        aws.code, aws.operation, aws.region
                    ),
                    advice: advice(aws),
                }
            }
            OpsError::InvalidConfig(reason) => Failure::new(t!(
                "ops-error-config",
                reason = crate::i18n::sentence(reason)
            )),
            OpsError::InvalidInput(reason) => Failure::new(t!(
                "ops-error-input",
                reason = crate::i18n::sentence(reason)
            )),
            OpsError::RestoresDisabled => Failure::new(t!("ops-error-restores-disabled")),
            OpsError::ConfirmationMismatch { expected, typed } => Failure::new(t!(
                "ops-error-confirmation",
                typed = format!("{typed:?}"),
                expected = format!("{expected:?}")
            )),
            OpsError::PreflightFailed(reason) => {
                Failure::new(t!("ops-error-preflight", reason = reason.as_str()))
            }
            OpsError::PlanChanged(reason) => {
                Failure::new(t!("ops-error-plan-changed", reason = reason.as_str()))
            }
            OpsError::UnexpectedResponse(reason) => {
                Failure::new(t!("ops-error-unexpected", reason = reason.as_str()))
            }
            OpsError::TimedOut {
                waiting_for,
                seconds,
            } => Failure::new(t!(
                "ops-error-timed-out",
                seconds = seconds.to_string(),
                waiting_for = crate::i18n::sentence(waiting_for)
            )),
            OpsError::AuditLog { path, source } => Failure::new(t!(
                "ops-error-audit-log",
                path = path.as_str(),
                error = crate::i18n::io_error(source)
            )),
        }
    }
}

/// Returns what to do about an AWS error of this kind: the advice of
/// [`AwsError::hint`], in the interface language.
fn advice(aws: &AwsError) -> Option<String> {
    match aws.kind {
        ErrorKind::ExpiredCredentials if aws.is_undefined_profile() => {
            Some(t!("aws-hint-profile-undefined"))
        }
        ErrorKind::ExpiredCredentials => {
            Some(t!("aws-hint-credentials", profile = aws.profile.as_str()))
        }
        ErrorKind::AccessDenied => {
            let policy = match operations::tier_of(aws.operation) {
                Some(Tier::Restore) => "deploy/iam/ops-restore.json",
                _ => "deploy/iam/ops-read.json",
            };
            Some(t!(
                "aws-hint-access-denied",
                action = aws.operation,
                policy = policy
            ))
        }
        ErrorKind::Throttled => Some(t!("aws-hint-throttled")),
        ErrorKind::Endpoint => Some(t!("aws-hint-endpoint")),
        ErrorKind::NotFound | ErrorKind::Other => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, set_thread_language};

    fn aws(kind: ErrorKind, operation: &'static str) -> OpsError {
        OpsError::from(AwsError {
            kind,
            code: "SomeCode".to_string(),
            message: "as AWS wrote it".to_string(),
            operation,
            region: "eu-west-1".to_string(),
            profile: "estante".to_string(),
            sentence: None,
        })
    }

    #[test]
    fn advice_follows_the_language() {
        set_thread_language(Language::English);
        let english = Failure::from(aws(ErrorKind::Endpoint, "ec2:DescribeInstances"));
        assert_eq!(
            english.advice.as_deref(),
            Some("check the network, --endpoint-url and AWS_ENDPOINT_URL* variables")
        );

        set_thread_language(Language::BrazilianPortuguese);
        let endpoint = Failure::from(aws(ErrorKind::Endpoint, "ec2:DescribeInstances"));
        let denied = Failure::from(aws(ErrorKind::AccessDenied, "ssm:SendCommand"));
        let expired = Failure::from(aws(ErrorKind::ExpiredCredentials, "sts:GetCallerIdentity"));
        let disabled = Failure::from(OpsError::RestoresDisabled);

        assert!(endpoint.message.contains("as AWS wrote it"), "{endpoint}");
        assert_eq!(
            endpoint.advice.as_deref(),
            Some("verifique a rede, o --endpoint-url e as variáveis AWS_ENDPOINT_URL*")
        );
        let denied = denied.advice.unwrap();
        assert!(denied.contains("ssm:SendCommand"), "{denied}");
        assert!(denied.contains("deploy/iam/ops-restore.json"), "{denied}");
        assert!(expired.advice.unwrap().contains("--profile estante"));
        assert!(
            disabled
                .message
                .starts_with("as restaurações estão desligadas")
        );
        assert_eq!(
            Failure::from(aws(ErrorKind::Other, "ec2:DescribeVolumes")).advice,
            None
        );
    }

    #[test]
    fn library_messages_follow_the_language() {
        let refused = OpsError::from(AwsError {
            kind: ErrorKind::Endpoint,
            code: "DispatchFailure".to_string(),
            message: "could not connect to http://127.0.0.1:9: connection refused".to_string(),
            operation: "sts:GetCallerIdentity",
            region: "eu-west-1".to_string(),
            profile: "estante".to_string(),
            sentence: Some(Box::new(estante_ops::restore::Sentence::new(
                "aws-connection-refused",
                [("endpoint", "http://127.0.0.1:9".to_string())],
                "could not connect to http://127.0.0.1:9: connection refused",
            ))),
        });

        set_thread_language(Language::BrazilianPortuguese);
        let portuguese = Failure::from(&refused);
        set_thread_language(Language::English);
        let english = Failure::from(&refused);

        assert_eq!(
            portuguese.message,
            "DispatchFailure: não foi possível conectar a http://127.0.0.1:9: conexão \
             recusada (sts:GetCallerIdentity, eu-west-1)"
        );
        assert_eq!(
            english.message,
            "DispatchFailure: could not connect to http://127.0.0.1:9: connection refused \
             (sts:GetCallerIdentity, eu-west-1)"
        );
    }
}
