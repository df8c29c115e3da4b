//! Helpers shared by the estante-ops integration tests.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use estante_ops::{Credentials, Fleet, OpsConfig};

/// Returns the moto server URL that scripts/lib/moto.sh exported, and fails with
/// a message naming ./scripts/test when it is missing.
pub fn moto_url() -> String {
    let url = std::env::var("ESTANTE_TEST_MOTO_URL").unwrap_or_else(|_| {
        panic!(
            "ESTANTE_TEST_MOTO_URL is not set: run the tests with ./scripts/test, \
             which starts a moto server on 127.0.0.1"
        )
    });
    // Parts of these tests use the standard credential chain, as the app does. Without
    // the fake keys and AWS_EC2_METADATA_DISABLED that scripts/lib/moto.sh exports,
    // that chain would look for instance metadata off this machine.
    let metadata_off = std::env::var("AWS_EC2_METADATA_DISABLED").is_ok_and(|v| v == "true");
    let keys_set = std::env::var_os("AWS_ACCESS_KEY_ID").is_some();
    assert!(
        metadata_off && keys_set,
        "AWS_EC2_METADATA_DISABLED=true and AWS_ACCESS_KEY_ID must be set: run the tests \
         with ./scripts/test, or source scripts/lib/moto.sh and call moto_start"
    );
    url
}

/// Fake keys: moto accepts any, and explicit keys keep the default credential
/// chain (profiles, SSO, instance metadata) out of the tests.
pub fn fake_credentials() -> Credentials {
    Credentials::new("testing", "testing", None, None, "estante-ops-tests")
}

/// Configuration aimed at the moto server in `region`.
pub fn moto_config(region: &str) -> OpsConfig {
    OpsConfig {
        profile: None,
        region: Some(region.to_string()),
        endpoint_url: Some(moto_url()),
        credentials: Some(fake_credentials()),
        ..OpsConfig::default()
    }
}

pub async fn moto_fleet(region: &str) -> Fleet {
    Fleet::connect(&moto_config(region))
        .await
        .expect("connect to moto")
}

/// SDK configuration for seeding moto directly, with the same safeguards.
pub async fn moto_sdk_config(region: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(aws_sdk_ec2::config::Region::new(region.to_string()))
        .endpoint_url(moto_url())
        .credentials_provider(fake_credentials())
        .retry_config(RetryConfig::standard())
        .load()
        .await
}

/// Returns a value unique to this test process and call, for tags that keep
/// reruns against the same moto server apart.
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// Retry settings for mocked clients: the SDK's standard mode with a 1 ms
/// initial back-off, so retry tests do not sleep for seconds.
pub fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(std::time::Duration::from_millis(1))
}

/// Mock rules per service for [`mocked_fleet`]. Rules are matched in MatchAny
/// mode, so each service's rules may be listed in any order.
#[derive(Default)]
pub struct Mocks {
    pub ec2: Vec<aws_smithy_mocks::Rule>,
    pub cloudwatch: Vec<aws_smithy_mocks::Rule>,
    pub ssm: Vec<aws_smithy_mocks::Rule>,
    pub backup: Vec<aws_smithy_mocks::Rule>,
    pub sts: Vec<aws_smithy_mocks::Rule>,
}

/// Region of every mocked client.
pub const MOCK_REGION: &str = "eu-west-1";

/// Builds a fleet whose clients return responses from `mocks` and never open
/// a socket.
pub fn mocked_fleet(mocks: &Mocks, config: &OpsConfig) -> Fleet {
    Fleet::from_clients(config, mocked_clients(mocks))
}

/// Builds clients that return responses from `mocks`, with fast standard
/// retries.
pub fn mocked_clients(mocks: &Mocks) -> estante_ops::FleetClients {
    use aws_smithy_mocks::{RuleMode, mock_client};
    let region = aws_sdk_ec2::config::Region::new(MOCK_REGION);
    estante_ops::FleetClients {
        ec2: mock_client!(aws_sdk_ec2, RuleMode::MatchAny, &mocks.ec2, |c| c
            .retry_config(fast_retries())
            .region(region.clone())),
        cloudwatch: mock_client!(
            aws_sdk_cloudwatch,
            RuleMode::MatchAny,
            &mocks.cloudwatch,
            |c| c.retry_config(fast_retries()).region(region.clone())
        ),
        ssm: mock_client!(aws_sdk_ssm, RuleMode::MatchAny, &mocks.ssm, |c| c
            .retry_config(fast_retries())
            .region(region.clone())),
        backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, &mocks.backup, |c| c
            .retry_config(fast_retries())
            .region(region.clone())),
        sts: mock_client!(aws_sdk_sts, RuleMode::MatchAny, &mocks.sts, |c| c
            .retry_config(fast_retries())
            .region(region.clone())),
    }
}

/// STS rule that returns an assumed ops role from GetCallerIdentity.
pub fn caller_identity_rule() -> aws_smithy_mocks::Rule {
    aws_smithy_mocks::mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput::builder()
            .account("111122223333")
            .arn("arn:aws:sts::111122223333:assumed-role/EstanteOps/alice")
            .user_id("AROAEXAMPLE:alice")
            .build()
    })
}

/// Error metadata with a service code and message.
pub fn meta(code: &str, message: &str) -> aws_sdk_ec2::error::ErrorMetadata {
    aws_sdk_ec2::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}
