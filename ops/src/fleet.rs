//! [`Fleet`]: the AWS clients for one profile and region, and the wrapper that
//! every AWS call goes through.

use std::error::Error as StdError;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::OnceCell;
use tracing::Instrument;

use crate::config::OpsConfig;
use crate::error::{AwsError, CallContext, OpsError, classify};
use crate::identity::CallerIdentity;
use crate::operations;

/// Clients for each service the ops pane reads, sharing one configuration.
#[derive(Debug, Clone)]
pub struct FleetClients {
    pub ec2: aws_sdk_ec2::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub backup: aws_sdk_backup::Client,
    pub sts: aws_sdk_sts::Client,
}

/// Connection to one AWS account and region. Cloning is cheap and shares the
/// clients. To switch profile or region, build a new one with [`Fleet::connect`].
#[derive(Debug, Clone)]
pub struct Fleet {
    pub(crate) clients: FleetClients,
    region: String,
    profile: String,
    /// Endpoint URL of every client, when one was configured.
    endpoint: Option<String>,
    restores_enabled: bool,
    page_size: Option<i32>,
    snapshot_max_age: Duration,
    identity: Arc<OnceCell<CallerIdentity>>,
}

impl Fleet {
    /// Builds fresh clients from `config` through aws-config's standard chain.
    ///
    /// No request is sent here, so bad credentials surface on the first call.
    /// Call [`Fleet::whoami`] to check them up front. Every client uses the
    /// SDK's standard retry mode (3 attempts with exponential back-off on
    /// throttling, transient and timeout errors), and this crate adds no retry
    /// loop of its own.
    pub async fn connect(config: &OpsConfig) -> Result<Fleet, OpsError> {
        let sdk_config = config.load_sdk_config().await?;
        let clients = FleetClients {
            ec2: aws_sdk_ec2::Client::new(&sdk_config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&sdk_config),
            ssm: aws_sdk_ssm::Client::new(&sdk_config),
            backup: aws_sdk_backup::Client::new(&sdk_config),
            sts: aws_sdk_sts::Client::new(&sdk_config),
        };
        let mut fleet = Self::from_clients(config, clients);
        // aws-config also reads `AWS_ENDPOINT_URL` into the shared configuration.
        fleet.endpoint = sdk_config.endpoint_url().map(str::to_string);
        Ok(fleet)
    }

    /// Wraps clients built elsewhere, such as mocked clients in tests. The region
    /// is the EC2 client's, else the configured one.
    pub fn from_clients(config: &OpsConfig, clients: FleetClients) -> Fleet {
        let region = clients
            .ec2
            .config()
            .region()
            .map(|r| r.to_string())
            .or_else(|| config.region.clone())
            .unwrap_or_default();
        Fleet {
            clients,
            region,
            profile: config.effective_profile(),
            endpoint: config.endpoint_url.clone(),
            restores_enabled: config.restores_enabled,
            page_size: config.page_size,
            snapshot_max_age: config.snapshot_max_age,
            identity: Arc::new(OnceCell::new()),
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// Returns the endpoint every service is called at, when one was set (an
    /// emulator's).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// Profile that credential errors tell the user to log in with.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    pub fn restores_enabled(&self) -> bool {
        self.restores_enabled
    }

    pub(crate) fn page_size(&self) -> Option<i32> {
        self.page_size
    }

    /// Age past which the snapshot report flags an instance.
    pub fn snapshot_max_age(&self) -> Duration {
        self.snapshot_max_age
    }

    pub(crate) fn identity_cell(&self) -> &OnceCell<CallerIdentity> {
        &self.identity
    }

    pub(crate) fn context(&self, operation: &'static str) -> CallContext<'_> {
        CallContext {
            operation,
            region: &self.region,
            profile: &self.profile,
            endpoint: self.endpoint.as_deref(),
        }
    }

    /// Converts an SDK error from `operation` into an [`AwsError`].
    pub(crate) fn error<E>(
        &self,
        operation: &'static str,
        err: SdkError<E, HttpResponse>,
    ) -> AwsError
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let err = classify(err, self.context(operation));
        tracing::debug!(error = %err, "AWS call failed");
        err
    }

    /// Runs one AWS request inside a tracing span and classifies its error.
    ///
    /// `operation` is the IAM action, and it must be listed in
    /// [`operations::all`] so the IAM policies cover it (checked in debug builds).
    pub(crate) async fn call<T, E, F>(
        &self,
        operation: &'static str,
        request: F,
    ) -> Result<T, AwsError>
    where
        F: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        debug_assert!(
            operations::tier_of(operation).is_some(),
            "{operation} is missing from the declared operations"
        );
        let span = tracing::info_span!("aws", operation, region = %self.region);
        request
            .instrument(span)
            .await
            .map_err(|err| self.error(operation, err))
    }
}
