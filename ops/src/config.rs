//! The one place that turns an [`OpsConfig`] into AWS clients.

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::Credentials;
use aws_sdk_ec2::config::Region;

use crate::error::OpsError;
use crate::restore::sentence;

/// Age after which an instance's newest snapshot counts as stale, unless the
/// configuration sets another.
pub const DEFAULT_SNAPSHOT_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Time one attempt of an AWS call may take, from connecting to the last byte of
/// the response, unless the configuration sets another. Without such a limit a
/// call to an endpoint that accepts the connection and never responds waits
/// forever.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);

/// Time to open a connection: 3.1 s, the default of aws-smithy-runtime 1.11.3 for
/// the latest behavior version. It is set here too, so the limit does not depend
/// on how the SDK merges its default timeouts with ours.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Settings for one connection to an AWS account and region.
///
/// Every field left empty falls back to the standard AWS chain: `AWS_PROFILE`,
/// `AWS_REGION`, `AWS_CONFIG_FILE` and the shared config and credentials files,
/// IAM Identity Center (SSO) profiles, `credential_process`, environment keys,
/// web identity, and on EC2 the instance metadata service.
#[derive(Debug, Clone)]
pub struct OpsConfig {
    /// Named profile from the shared config files.
    pub profile: Option<String>,
    /// Region such as `eu-west-1`.
    pub region: Option<String>,
    /// Endpoint for every service, for emulators such as moto. Without it,
    /// `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_<SERVICE>`
    /// variables apply, as aws-config reads them.
    pub endpoint_url: Option<String>,
    /// Static keys that replace the credential chain, for emulators and tests.
    pub credentials: Option<Credentials>,
    /// Whether [`crate::Fleet::start_restore`] may start restores at all.
    pub restores_enabled: bool,
    /// Rows per page requested from paginated calls; `None` keeps each API's
    /// default.
    pub page_size: Option<i32>,
    /// Age after which an instance's newest snapshot is reported as stale.
    pub snapshot_max_age: Duration,
    /// Time one attempt of a call may take before it fails with `TimeoutError`.
    /// Each call makes up to 3 attempts, so it fails after about three times this.
    pub attempt_timeout: Duration,
}

impl Default for OpsConfig {
    fn default() -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            credentials: None,
            restores_enabled: false,
            page_size: None,
            snapshot_max_age: DEFAULT_SNAPSHOT_MAX_AGE,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
        }
    }
}

/// Rejects a region that cannot name an endpoint, such as an empty one or one with
/// spaces. The SDK would fail each call with a construction error that names no
/// value; this names the region and its source.
fn check_region(region: &str) -> Result<(), OpsError> {
    let valid = !region.is_empty()
        && region.len() <= 63
        && region.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if valid {
        return Ok(());
    }
    Err(OpsError::InvalidConfig(Box::new(sentence!(
        "config-bad-region",
        "AWS region {region} is invalid: expected lowercase letters, digits and hyphens, \
         such as eu-west-1; check --region, AWS_REGION and `region` in the profile",
        region = format!("{region:?}")
    ))))
}

/// Rejects, before any call, an endpoint URL without an http or https scheme and a
/// host, with a port that is not a port number, or with a user name or password. The
/// SDK would take the first two and fail each call with a message about the scheme
/// or a refused connection.
fn check_endpoint_url(url: &str) -> Result<(), OpsError> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    let authority = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    // A password in the URL would reach error messages and the restore audit log,
    // and the URL is repeated without it. Credentials come from the AWS chain.
    if let (Some(rest), Some(authority)) = (rest, authority)
        && let Some((_, host)) = authority.rsplit_once('@')
    {
        let scheme = &url[..url.len() - rest.len()];
        return Err(OpsError::InvalidConfig(Box::new(sentence!(
            "config-endpoint-credentials",
            "endpoint URL {url} carries a user name or password, which would be written to \
             messages and the audit log; remove them: AWS credentials come from the profile \
             or the environment",
            url = format!("{scheme}…@{host}")
        ))));
    }
    // The SDK logs a query it finds in the endpoint, so a token passed there would
    // reach the log. An AWS endpoint takes neither a query nor a fragment.
    if rest.is_some_and(|rest| rest.contains(['?', '#'])) {
        let base = url.split(['?', '#']).next().unwrap_or_default();
        return Err(OpsError::InvalidConfig(Box::new(sentence!(
            "config-endpoint-query",
            "endpoint URL {url} has a query or a fragment, which the AWS SDK would write \
             to its log; give the URL without them",
            url = format!("{base}?…")
        ))));
    }
    let port = match authority {
        Some(bracketed) if bracketed.starts_with('[') => {
            bracketed.split_once("]:").map(|(_, port)| port)
        }
        Some(authority) => authority.rsplit_once(':').map(|(_, port)| port),
        None => None,
    };
    if let Some(port) = port
        && !port.parse::<u16>().is_ok_and(|number| number > 0)
    {
        return Err(OpsError::InvalidConfig(Box::new(sentence!(
            "config-endpoint-port",
            "endpoint URL {url} is invalid: port {port} is not a number from 1 to 65535",
            url = format!("{url:?}"),
            port = format!("{port:?}")
        ))));
    }
    match authority {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(OpsError::InvalidConfig(Box::new(sentence!(
            "config-endpoint-url",
            "endpoint URL {url} is invalid: give http:// or https:// and a host, such as \
             http://127.0.0.1:5000",
            url = format!("{url:?}")
        )))),
    }
}

impl OpsConfig {
    /// Loads the shared SDK configuration through aws-config.
    ///
    /// Retries are the SDK's standard retry mode (3 attempts with exponential
    /// back-off and jitter on throttling, transient and timeout errors); this crate
    /// adds no retry loop of its own.
    pub(crate) async fn load_sdk_config(&self) -> Result<aws_config::SdkConfig, OpsError> {
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .operation_attempt_timeout(self.attempt_timeout)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard())
            .timeout_config(timeouts);
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
            // A named profile wins over AWS_ACCESS_KEY_ID, as with the aws CLI. The
            // default chain reads the environment first, so it used other keys than
            // the profile that the header and the audit log named.
            if self.credentials.is_none() {
                loader = loader.credentials_provider(
                    aws_config::profile::ProfileFileCredentialsProvider::builder()
                        .profile_name(profile)
                        .build(),
                );
            }
        }
        // Without a region the loader's own chain runs, which reads the region of the
        // profile named above; a separate default chain would read AWS_PROFILE's.
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &self.endpoint_url {
            check_endpoint_url(url)?;
            loader = loader.endpoint_url(url);
        }
        if let Some(credentials) = &self.credentials {
            loader = loader.credentials_provider(credentials.clone());
        }
        let sdk_config = loader.load().await;
        let Some(region) = sdk_config.region() else {
            return Err(OpsError::InvalidConfig(Box::new(sentence!(
                "config-no-region",
                "no AWS region: pass --region, set AWS_REGION, or set `region` in the profile"
            ))));
        };
        check_region(region.as_ref())?;
        Ok(sdk_config)
    }

    /// Returns the profile that credential errors should name: the configured one,
    /// else `AWS_PROFILE`, else `default`, which is the order aws-config uses.
    pub(crate) fn effective_profile(&self) -> String {
        self.profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
            .unwrap_or_else(|| "default".to_string())
    }
}
