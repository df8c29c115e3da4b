//! Error classification, retries and partial lists, with aws-smithy-mocks.

mod common;

use aws_sdk_cloudwatch::operation::describe_alarms::{DescribeAlarmsError, DescribeAlarmsOutput};
use aws_sdk_ec2::operation::describe_instance_status::DescribeInstanceStatusOutput;
use aws_sdk_ec2::operation::describe_instances::{DescribeInstancesError, DescribeInstancesOutput};
use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, Placement, Reservation};
use aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput;
use aws_sdk_ssm::types::{InstanceInformation, PingStatus};
use aws_smithy_mocks::mock;
use common::{Mocks, meta, mocked_fleet};
use estante_ops::ec2::instances::InstanceFilter;
use estante_ops::{ErrorKind, OpsConfig};

fn alarms_output() -> DescribeAlarmsOutput {
    DescribeAlarmsOutput::builder()
        .metric_alarms(
            aws_sdk_cloudwatch::types::MetricAlarm::builder()
                .alarm_name("cpu-high")
                .state_value(aws_sdk_cloudwatch::types::StateValue::Ok)
                .build(),
        )
        .build()
}

fn throttled() -> DescribeAlarmsError {
    DescribeAlarmsError::generic(meta("Throttling", "Rate exceeded"))
}

fn instance(id: &str) -> Instance {
    Instance::builder()
        .instance_id(id)
        .state(
            InstanceState::builder()
                .name(InstanceStateName::Running)
                .build(),
        )
        .placement(Placement::builder().availability_zone("eu-west-1a").build())
        .build()
}

fn page(ids: &[&str], next_token: Option<&str>) -> DescribeInstancesOutput {
    let mut reservation = Reservation::builder();
    for id in ids {
        reservation = reservation.instances(instance(id));
    }
    DescribeInstancesOutput::builder()
        .reservations(reservation.build())
        .set_next_token(next_token.map(str::to_string))
        .build()
}

#[tokio::test]
async fn throttling_retried_then_succeeds() {
    let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .sequence()
        .error(throttled)
        .output(alarms_output)
        .build();
    let fleet = mocked_fleet(
        &Mocks {
            cloudwatch: vec![rule.clone()],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.alarms().await.unwrap();

    assert_eq!(listing.items.len(), 1);
    assert_eq!(
        rule.num_calls(),
        2,
        "the SDK's standard retry made the second call"
    );
}

#[tokio::test]
async fn throttling_after_retries_is_throttled() {
    let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .sequence()
        .error(throttled)
        .repeatedly()
        .build();
    let fleet = mocked_fleet(
        &Mocks {
            cloudwatch: vec![rule.clone()],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let err = fleet.alarms().await.unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::Throttled));
    assert_eq!(rule.num_calls(), 3, "standard retry mode makes 3 attempts");
    assert!(
        err.to_string()
            .starts_with("Throttling: Rate exceeded (cloudwatch:DescribeAlarms, eu-west-1)"),
        "{err}"
    );
}

#[tokio::test]
async fn expired_token_names_sso_login() {
    let rule = mock!(aws_sdk_ec2::Client::describe_instances).then_error(|| {
        DescribeInstancesError::generic(meta(
            "ExpiredToken",
            "The security token included in the request is expired",
        ))
    });
    let config = OpsConfig {
        profile: Some("estante-prod".to_string()),
        ..OpsConfig::default()
    };
    let fleet = mocked_fleet(
        &Mocks {
            ec2: vec![rule],
            ..Mocks::default()
        },
        &config,
    );

    let err = fleet
        .instances(&InstanceFilter::default())
        .await
        .unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::ExpiredCredentials));
    let message = err.to_string();
    assert!(
        message.starts_with("ExpiredToken: The security token"),
        "{message}"
    );
    assert!(
        message.contains("aws sso login --profile estante-prod"),
        "{message}"
    );
}

#[tokio::test]
async fn access_denied_names_missing_action() {
    let rule = mock!(aws_sdk_ec2::Client::describe_instances).then_error(|| {
        DescribeInstancesError::generic(meta(
            "UnauthorizedOperation",
            "You are not authorized to perform this operation.",
        ))
    });
    let fleet = mocked_fleet(
        &Mocks {
            ec2: vec![rule],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let err = fleet
        .instances(&InstanceFilter::default())
        .await
        .unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::AccessDenied));
    let message = err.to_string();
    assert!(
        message.contains("missing the IAM action ec2:DescribeInstances"),
        "{message}"
    );
    assert!(message.contains("deploy/iam/ops-read.json"), "{message}");
}

#[tokio::test]
async fn failed_second_page_keeps_rows() {
    let pages = mock!(aws_sdk_ec2::Client::describe_instances)
        .sequence()
        .output(|| page(&["i-0aaa", "i-0bbb"], Some("page-2")))
        .error(|| DescribeInstancesError::generic(meta("InvalidParameterValue", "bad token")))
        .build();
    let statuses = mock!(aws_sdk_ec2::Client::describe_instance_status)
        .then_output(|| DescribeInstanceStatusOutput::builder().build());
    let agents = mock!(aws_sdk_ssm::Client::describe_instance_information).then_output(|| {
        DescribeInstanceInformationOutput::builder()
            .instance_information_list(
                InstanceInformation::builder()
                    .instance_id("i-0aaa")
                    .ping_status(PingStatus::Online)
                    .agent_version("3.3.1142.0")
                    .build(),
            )
            .build()
    });
    let fleet = mocked_fleet(
        &Mocks {
            ec2: vec![pages, statuses],
            ssm: vec![agents],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let listing = fleet.instances(&InstanceFilter::default()).await.unwrap();

    assert_eq!(listing.items.len(), 2);
    let partial = listing.partial.as_ref().unwrap().as_str();
    assert!(
        partial.contains("page 2 of ec2:DescribeInstances failed, with 2 rows read before it"),
        "{partial}"
    );
    assert!(
        partial.contains("InvalidParameterValue: bad token"),
        "{partial}"
    );
    let managed = &listing.items[0];
    let agent = managed.ssm.as_ref().unwrap();
    assert!(agent.is_online());
    assert_eq!(agent.agent_version.as_deref(), Some("3.3.1142.0"));
    assert!(listing.items[1].ssm.is_none());
}

#[tokio::test]
async fn failed_first_page_is_error() {
    let rule = mock!(aws_sdk_ec2::Client::describe_instances).then_error(|| {
        DescribeInstancesError::generic(meta("InvalidInstanceID.NotFound", "no such instance"))
    });
    let fleet = mocked_fleet(
        &Mocks {
            ec2: vec![rule],
            ..Mocks::default()
        },
        &OpsConfig::default(),
    );

    let err = fleet
        .instances(&InstanceFilter::default())
        .await
        .unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::NotFound));
}

#[tokio::test]
async fn credential_provider_failure_is_expired() {
    #[derive(Debug)]
    struct ExpiredSso;
    impl aws_credential_types::provider::ProvideCredentials for ExpiredSso {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                aws_credential_types::provider::error::CredentialsError::not_loaded(
                    "the SSO session has expired",
                ),
            ))
        }
    }
    // The mock interceptor returns its response before identity resolution, so this client
    // is a real one: the failing provider stops the request before dispatch, and
    // the loopback endpoint would refuse it if it did not.
    let sts_config = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new(common::MOCK_REGION))
        .credentials_provider(ExpiredSso)
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let sts = aws_sdk_sts::Client::from_conf(sts_config);
    let config = OpsConfig {
        profile: Some("estante-staging".to_string()),
        ..OpsConfig::default()
    };
    let mut clients = common::mocked_clients(&Mocks::default());
    clients.sts = sts;
    let fleet = estante_ops::Fleet::from_clients(&config, clients);

    let err = fleet.whoami().await.unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::ExpiredCredentials), "{err}");
    assert!(
        err.to_string()
            .contains("aws sso login --profile estante-staging"),
        "{err}"
    );
}
