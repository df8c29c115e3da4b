//! CloudWatch, SSM, Backup and STS reads against a moto server, plus connection
//! behaviour. Each test uses its own region.

mod common;

use aws_sdk_cloudwatch::primitives::DateTime as AwsDateTime;
use aws_sdk_cloudwatch::types::{
    ComparisonOperator, Dimension, MetricDatum, StateValue, Statistic,
};
use common::{moto_config, moto_fleet, moto_sdk_config, unique};
use estante_ops::cloudwatch::alarms::AlarmKind;
use estante_ops::cloudwatch::metrics::AgentMetrics;
use estante_ops::{ErrorKind, Fleet, OpsConfig};

fn dimension(name: &str, value: &str) -> Dimension {
    Dimension::builder().name(name).value(value).build()
}

async fn put_alarm(cloudwatch: &aws_sdk_cloudwatch::Client, name: &str, instance_id: &str) {
    cloudwatch
        .put_metric_alarm()
        .alarm_name(name)
        .namespace("AWS/EC2")
        .metric_name("CPUUtilization")
        .dimensions(dimension("InstanceId", instance_id))
        .statistic(Statistic::Average)
        .period(300)
        .evaluation_periods(1)
        .threshold(90.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .alarm_actions("arn:aws:sns:ap-southeast-2:123456789012:estante-oncall")
        .send()
        .await
        .expect("PutMetricAlarm on moto");
}

#[tokio::test]
async fn alarms_put_alarm_state_first() {
    let region = "ap-southeast-2";
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&moto_sdk_config(region).await);
    let prefix = unique("alarm");
    let quiet = format!("{prefix}-quiet");
    let firing = format!("{prefix}-cpu");
    put_alarm(&cloudwatch, &quiet, "i-0000000000000quiet").await;
    put_alarm(&cloudwatch, &firing, "i-00000000000000hot").await;
    // moto never evaluates alarms, so the state is set by hand. moto has no
    // PutCompositeAlarm; composite alarms are covered by the mocked tests.
    cloudwatch
        .set_alarm_state()
        .alarm_name(&firing)
        .state_value(StateValue::Alarm)
        .state_reason("CPU above 90% for 5 minutes")
        .send()
        .await
        .unwrap();

    let fleet = moto_fleet(region).await;
    let listing = fleet.alarms().await.unwrap();

    assert!(listing.partial.is_none());
    let first = &listing.items[0];
    assert_eq!(first.name, firing);
    assert_eq!(first.state, "ALARM");
    assert_eq!(
        first.state_reason.as_deref(),
        Some("CPU above 90% for 5 minutes")
    );
    assert_eq!(first.instance_id.as_deref(), Some("i-00000000000000hot"));
    assert_eq!(first.metric_name.as_deref(), Some("CPUUtilization"));
    assert_eq!(first.alarm_actions.len(), 1);
    assert!(first.state_updated.is_some());
    assert_eq!(first.kind, AlarmKind::Metric);
    let quiet_row = listing.items.iter().find(|a| a.name == quiet).unwrap();
    assert_eq!(quiet_row.state, "OK");
}

#[tokio::test]
async fn metrics_ec2_and_agent() {
    let region = "ap-northeast-1";
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&moto_sdk_config(region).await);
    let with_agent = unique("i-agent");
    let without_agent = unique("i-bare");
    let recent = AwsDateTime::from_secs(chrono::Utc::now().timestamp() - 600);
    let datum = |name: &str, value: f64, dims: Vec<Dimension>| {
        MetricDatum::builder()
            .metric_name(name)
            .value(value)
            .timestamp(recent)
            .set_dimensions(Some(dims))
            .build()
    };
    for instance in [&with_agent, &without_agent] {
        cloudwatch
            .put_metric_data()
            .namespace("AWS/EC2")
            .metric_data(datum(
                "CPUUtilization",
                42.0,
                vec![dimension("InstanceId", instance)],
            ))
            .send()
            .await
            .unwrap();
    }
    let disk_dims = vec![
        dimension("InstanceId", &with_agent),
        dimension("path", "/"),
        dimension("device", "nvme0n1p1"),
        dimension("fstype", "xfs"),
    ];
    cloudwatch
        .put_metric_data()
        .namespace("CWAgent")
        .metric_data(datum(
            "mem_used_percent",
            63.5,
            vec![dimension("InstanceId", &with_agent)],
        ))
        .metric_data(datum("disk_used_percent", 71.0, disk_dims.clone()))
        .send()
        .await
        .unwrap();
    // Each put of a metric makes moto's ListMetrics list it once more, and each copy
    // once became a series of its own.
    for _ in 0..2 {
        let mut reordered = disk_dims.clone();
        reordered.reverse();
        cloudwatch
            .put_metric_data()
            .namespace("CWAgent")
            .metric_data(datum("disk_used_percent", 71.0, reordered))
            .send()
            .await
            .unwrap();
    }

    let fleet = moto_fleet(region).await;
    let window = std::time::Duration::from_secs(3600);
    let metrics = fleet
        .instance_metrics(&with_agent, window, 60)
        .await
        .unwrap();

    assert_eq!(metrics.agent, AgentMetrics::Found);
    let cpu = metrics
        .series
        .iter()
        .find(|s| s.metric_name == "CPUUtilization")
        .unwrap();
    assert_eq!(cpu.points.len(), 1);
    assert_eq!(cpu.points[0].value, 42.0);
    let disk = metrics
        .series
        .iter()
        .find(|s| s.metric_name == "disk_used_percent")
        .unwrap();
    assert_eq!(
        disk.dimensions.len(),
        4,
        "dimension set from ListMetrics: {disk:?}"
    );
    assert_eq!(disk.points[0].value, 71.0);
    assert_eq!(disk.label(), "disk_used_percent /");
    let disks = metrics
        .series
        .iter()
        .filter(|s| s.metric_name == "disk_used_percent")
        .count();
    assert_eq!(disks, 1, "{:?}", metrics.series);
    let memory = metrics
        .series
        .iter()
        .find(|s| s.metric_name == "mem_used_percent")
        .unwrap();
    assert_eq!(memory.points[0].value, 63.5);
    let credits = metrics
        .series
        .iter()
        .find(|s| s.metric_name == "CPUCreditBalance")
        .unwrap();
    assert!(credits.points.is_empty());

    let bare = fleet
        .instance_metrics(&without_agent, window, 60)
        .await
        .unwrap();
    assert_eq!(bare.agent, AgentMetrics::Absent);
    assert!(bare.series.iter().all(|s| s.namespace == "AWS/EC2"));

    let invalid = fleet.instance_metrics(&with_agent, window, 90).await;
    assert!(invalid.unwrap_err().to_string().contains("multiple of 60"));

    // A window longer than CloudWatch keeps data, or one so long that the start
    // would fall before the first representable date, panicked.
    for hours in [u64::from(u32::MAX), 456 * 24, 0] {
        let window = std::time::Duration::from_secs(hours * 3600);
        let invalid = fleet.instance_metrics(&with_agent, window, 60).await;
        let message = invalid.unwrap_err().to_string();
        assert!(message.contains("at most 455 days"), "{hours} h: {message}");
    }
}

#[tokio::test]
async fn run_command_history_and_output() {
    let region = "ca-central-1";
    let sdk_config = moto_sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config);
    let ssm = aws_sdk_ssm::Client::new(&sdk_config);
    let launched = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    let instance_id = launched.instances()[0].instance_id().unwrap().to_string();
    let sent = ssm
        .send_command()
        .document_name("AWS-RunShellScript")
        .instance_ids(&instance_id)
        .parameters("commands", vec!["uptime".to_string()])
        .comment("estante-ops test")
        .send()
        .await
        .unwrap();
    let command_id = sent.command().unwrap().command_id().unwrap().to_string();

    let fleet = moto_fleet(region).await;
    let commands = fleet.commands(Some(&instance_id)).await.unwrap();
    let command = commands.items.iter().find(|c| c.id == command_id).unwrap();
    assert_eq!(command.document_name.as_deref(), Some("AWS-RunShellScript"));
    // moto may list more instances of the region here on a rerun.
    assert!(command.instance_ids.contains(&instance_id));
    assert_eq!(command.comment.as_deref(), Some("estante-ops test"));

    let output = fleet
        .command_output(&command_id, &instance_id)
        .await
        .unwrap();
    assert_eq!(output.status, "Success");
    assert_eq!(output.response_code, 0);

    let missing = fleet
        .command_output("00000000-0000-0000-0000-000000000000", &instance_id)
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), Some(ErrorKind::NotFound), "{missing}");
}

#[tokio::test]
async fn backup_vaults_and_plans() {
    let region = "eu-north-1";
    let backup = aws_sdk_backup::Client::new(&moto_sdk_config(region).await);
    let vault = unique("vault");
    backup
        .create_backup_vault()
        .backup_vault_name(&vault)
        .send()
        .await
        .unwrap();
    let rule = aws_sdk_backup::types::BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name(&vault)
        .schedule_expression("cron(0 3 * * ? *)")
        .build()
        .unwrap();
    let plan_name = unique("plan");
    let plan = aws_sdk_backup::types::BackupPlanInput::builder()
        .backup_plan_name(&plan_name)
        .rules(rule)
        .build()
        .unwrap();
    backup
        .create_backup_plan()
        .backup_plan(plan)
        .send()
        .await
        .unwrap();

    let fleet = moto_fleet(region).await;
    let vaults = fleet.backup_vaults().await.unwrap();
    let row = vaults.items.iter().find(|v| v.name == vault).unwrap();
    assert_eq!(row.recovery_points, 0);
    assert!(row.arn.as_deref().unwrap().ends_with(&vault));
    let plans = fleet.backup_plans().await.unwrap();
    assert!(plans.items.iter().any(|p| p.name == plan_name));
}

#[tokio::test]
async fn whoami_and_fresh_clients_per_region() {
    let tokyo = moto_fleet("ap-northeast-3").await;
    let identity = tokyo.whoami().await.unwrap();
    assert_eq!(identity.account, "123456789012");
    assert!(identity.arn.starts_with("arn:aws:"), "{}", identity.arn);

    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config("ap-northeast-3").await);
    let run_id = unique("region");
    ec2.run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .tag_specifications(
            aws_sdk_ec2::types::TagSpecification::builder()
                .resource_type(aws_sdk_ec2::types::ResourceType::Instance)
                .tags(
                    aws_sdk_ec2::types::Tag::builder()
                        .key("run")
                        .value(&run_id)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let filter = estante_ops::ec2::instances::InstanceFilter {
        tags: vec![estante_ops::ec2::instances::TagFilter {
            key: "run".to_string(),
            value: run_id.clone(),
        }],
        states: Vec::new(),
    };
    assert_eq!(tokyo.instances(&filter).await.unwrap().items.len(), 1);

    // Rebuilding with another region gives clients that see only that region.
    let seoul = Fleet::connect(&moto_config("ap-northeast-2"))
        .await
        .unwrap();
    assert_eq!(seoul.region(), "ap-northeast-2");
    assert!(seoul.instances(&filter).await.unwrap().items.is_empty());
}

#[tokio::test]
async fn unreachable_endpoint_is_endpoint_error() {
    // A port that was free a moment ago; nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = OpsConfig {
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        ..moto_config("eu-west-3")
    };
    let fleet = Fleet::connect(&config).await.unwrap();
    let err = fleet.alarms().await.unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::Endpoint));
    let message = err.to_string();
    assert!(message.starts_with("DispatchFailure: "), "{message}");
    assert!(
        message.contains("(cloudwatch:DescribeAlarms, eu-west-3)"),
        "{message}"
    );
    let endpoint = format!("could not connect to http://127.0.0.1:{port}: connection refused");
    assert!(message.contains(&endpoint), "{message}");
    // The SDK's own text ends with a Debug dump of the connector's error chain.
    assert!(!message.contains("ConnectorError"), "{message}");
    assert!(!message.contains("hyper_util"), "{message}");
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
}

#[tokio::test]
async fn silent_endpoint_times_out() {
    // A server on 127.0.0.1 that accepts connections and never responds.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            connections.push(socket);
        }
    });
    let config = OpsConfig {
        region: Some("eu-west-3".to_string()),
        endpoint_url: Some(format!("http://{address}")),
        credentials: Some(common::fake_credentials()),
        attempt_timeout: std::time::Duration::from_millis(500),
        ..OpsConfig::default()
    };
    let fleet = Fleet::connect(&config).await.unwrap();

    let started = std::time::Instant::now();
    let call = tokio::time::timeout(std::time::Duration::from_secs(30), fleet.whoami());
    let err = call.await.expect("the call never ended").unwrap_err();
    assert_eq!(err.kind(), Some(ErrorKind::Endpoint));
    let message = err.to_string();
    assert!(message.starts_with("TimeoutError: "), "{message}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
}

/// Starts a server on 127.0.0.1 that reads each request and writes `response`,
/// whatever was asked, and returns a fleet with fake keys that calls it, and its
/// URL.
#[allow(clippy::unwrap_used)]
async fn fleet_answered_by(response: String) -> (Fleet, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    let endpoint = format!("http://{address}");
    let config = OpsConfig {
        region: Some("eu-west-3".to_string()),
        endpoint_url: Some(endpoint.clone()),
        credentials: Some(common::fake_credentials()),
        ..OpsConfig::default()
    };
    (Fleet::connect(&config).await.unwrap(), endpoint)
}

#[tokio::test]
async fn truncated_response_is_worded() {
    // A server that promises a body and hangs up before sending it.
    let (fleet, endpoint) = fleet_answered_by(
        "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 5000\r\n\r\n<Descr"
            .to_string(),
    )
    .await;

    let err = fleet.alarms().await.unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::Endpoint));
    let message = err.to_string();
    assert!(message.starts_with("ResponseError: "), "{message}");
    let estante_ops::OpsError::Aws(aws) = &err else {
        panic!("not an AWS error: {err:?}");
    };
    let sentence = aws.sentence.as_deref().expect("no sentence");
    assert_eq!(sentence.id, "aws-response-unreadable");
    assert_eq!(sentence.args["endpoint"], endpoint);
}

#[tokio::test]
async fn operation_missing_at_endpoint_is_worded() {
    // A server that responds as a web server does to a path it does not know, as
    // moto does for the Backup jobs it lacks.
    let body = "<!doctype html><title>404 Not Found</title>";
    let (fleet, endpoint) = fleet_answered_by(format!(
        "HTTP/1.1 404 NOT FOUND\r\ncontent-type: text/html\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ))
    .await;

    let err = fleet
        .backup_jobs(chrono::Utc::now() - chrono::Duration::days(1))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), Some(ErrorKind::NotFound));
    let estante_ops::OpsError::Aws(aws) = &err else {
        panic!("not an AWS error: {err:?}");
    };
    let sentence = aws.sentence.as_deref().expect("no sentence");
    assert_eq!(sentence.id, "aws-http-no-operation");
    assert_eq!(sentence.args["endpoint"], endpoint);
    assert!(
        err.to_string().contains("does not offer this operation"),
        "{err}"
    );
}

#[tokio::test]
async fn endpoint_without_scheme_rejected() {
    for url in ["notaurl", "http://", "ftp://127.0.0.1:9"] {
        let config = OpsConfig {
            endpoint_url: Some(url.to_string()),
            ..moto_config("eu-west-3")
        };

        let err = Fleet::connect(&config).await.unwrap_err();

        let estante_ops::OpsError::InvalidConfig(reason) = &err else {
            panic!("{url}: not a configuration error: {err:?}");
        };
        assert_eq!(reason.id, "config-endpoint-url");
        assert!(err.to_string().contains(&format!("{url:?}")), "{err}");
    }

    // A port out of range read as a refused connection, and a password in the URL
    // was repeated in messages and written to the restore audit log.
    for (url, id) in [
        ("http://127.0.0.1:99999", "config-endpoint-port"),
        ("http://127.0.0.1:5x", "config-endpoint-port"),
        ("http://127.0.0.1:0", "config-endpoint-port"),
        ("http://127.0.0.1:5999?pw=s3cretpw", "config-endpoint-query"),
        ("http://127.0.0.1:5999/#s3cretpw", "config-endpoint-query"),
        (
            "http://u:s3cretpw@127.0.0.1:5999?a=b",
            "config-endpoint-credentials",
        ),
        (
            "http://admin:s3cretpw@127.0.0.1:5999",
            "config-endpoint-credentials",
        ),
        (
            "https://token@127.0.0.1/path",
            "config-endpoint-credentials",
        ),
    ] {
        let config = OpsConfig {
            endpoint_url: Some(url.to_string()),
            ..moto_config("eu-west-3")
        };

        let err = Fleet::connect(&config).await.unwrap_err();

        let estante_ops::OpsError::InvalidConfig(reason) = &err else {
            panic!("{url}: not a configuration error: {err:?}");
        };
        assert_eq!(reason.id, id, "{url}: {err}");
        let text = err.to_string();
        assert!(
            !text.contains("s3cretpw") && !text.contains("token@"),
            "{text}"
        );
    }
    for url in [
        "http://[::1]:5000",
        "http://[::1]",
        "http://127.0.0.1:5000/base",
    ] {
        assert!(check_accepts(url).await, "{url}");
    }
}

/// Reports whether the configuration accepts `url` as an endpoint: connecting may
/// still fail, but not as an invalid configuration.
async fn check_accepts(url: &str) -> bool {
    let config = OpsConfig {
        endpoint_url: Some(url.to_string()),
        ..moto_config("eu-west-3")
    };
    !matches!(
        Fleet::connect(&config).await,
        Err(estante_ops::OpsError::InvalidConfig(_))
    )
}

#[tokio::test]
async fn missing_region_is_rejected() {
    let config = OpsConfig {
        region: None,
        // A profile name no config file defines, so no region can come from one.
        profile: Some(unique("no-such-profile")),
        ..moto_config("unused")
    };
    // The region chain may still find AWS_REGION in the environment.
    if std::env::var_os("AWS_REGION").is_some() || std::env::var_os("AWS_DEFAULT_REGION").is_some()
    {
        return;
    }
    let err = Fleet::connect(&config).await.unwrap_err();
    assert!(err.to_string().contains("no AWS region"), "{err}");
}

/// A region that cannot name an endpoint once failed every call with the SDK's
/// construction error, which named neither the value nor where it came from.
#[tokio::test]
async fn malformed_region_is_rejected() {
    for region in ["", "eu west 1", "EU-WEST-1", "eu--west-1"] {
        let err = Fleet::connect(&moto_config(region)).await.unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(&format!("{region:?} is invalid")) && text.contains("eu-west-1"),
            "{region:?}: {text}"
        );
    }
}
