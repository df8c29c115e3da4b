//! `estante ops … --output json` run as a process against the moto server that
//! ./scripts/test starts on 127.0.0.1, after seeding it through the AWS SDK.

#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, StateValue, Statistic};
use aws_sdk_ec2::types::{
    IamInstanceProfileSpecification, InstanceType, ResourceType, Tag, TagSpecification,
};
use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_estante");

/// Region used only by these tests, so other suites sharing the server stay apart.
const REGION: &str = "ca-central-1";

/// Image id for RunInstances; moto accepts any id when default AMIs are off.
const AMI: &str = "ami-12c6146b";

fn moto_url() -> String {
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

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

async fn sdk_config() -> aws_config::SdkConfig {
    let credentials =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "estante-tests");
    aws_config::defaults(BehaviorVersion::latest())
        .region(aws_sdk_ec2::config::Region::new(REGION))
        .endpoint_url(moto_url())
        .credentials_provider(credentials)
        .load()
        .await
}

/// Runs `estante ops ARGS` against moto with fake keys and `home` as the home
/// folder.
fn run_ops(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    ops_command(home, args).output().unwrap()
}

/// Builds `estante ops ARGS` against moto with fake keys and `home` as the home
/// folder.
fn ops_command(home: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .arg("ops")
        .args(args)
        .args(["--region", REGION])
        .args(["--endpoint-url", &moto_url()])
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("ESTANTE_DATA_DIR", home.join("data"))
        .env("ESTANTE_CONFIG_DIR", home.join("config"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    command
}

/// Runs `estante ops ARGS --output json` and returns the parsed standard output.
fn run_json(args: &[&str]) -> Value {
    let home = tempfile::tempdir().unwrap();
    let mut args = args.to_vec();
    args.extend(["--output", "json"]);
    let output = run_ops(home.path(), &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "estante ops {args:?} failed: {stderr}"
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn run_instance(ec2: &aws_sdk_ec2::Client, run_id: &str, count: i32) -> Vec<String> {
    let tags = TagSpecification::builder()
        .resource_type(ResourceType::Instance)
        .tags(Tag::builder().key("run").value(run_id).build())
        .tags(Tag::builder().key("Name").value("web").build())
        .build();
    let started = ec2
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(count)
        .max_count(count)
        .tag_specifications(tags)
        .send()
        .await
        .expect("RunInstances on moto");
    started
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn instances_json_lists_seeded() {
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config().await);
    let run_id = unique("cli");
    let mut expected = run_instance(&ec2, &run_id, 2).await;
    expected.sort();

    let tag = format!("run={run_id}");
    let json = run_json(&["instances", "--tag", &tag]);

    let rows = json.as_array().expect("a JSON array");
    let mut ids: Vec<String> = rows
        .iter()
        .map(|row| row["instance_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, expected);
    for row in rows {
        assert_eq!(row["state"], "running");
        assert_eq!(row["instance_type"], "t3.micro");
        assert_eq!(row["name"], "web");
    }

    // A second --tag was refused as a conflict with the first; both must match.
    let named = run_json(&["instances", "--tag", &tag, "--tag", "Name=web"]);
    assert_eq!(named.as_array().map(Vec::len), Some(2));
    let other = run_json(&["instances", "--tag", &tag, "--tag", "Name=worker"]);
    assert_eq!(other.as_array().map(Vec::len), Some(0));
}

/// The table showed no status checks, although the help promises them: an impaired
/// instance looked like a healthy one. A running instance shows its checks, and a
/// filter that matches nothing warns instead of printing a bare header.
#[tokio::test]
async fn instances_table_shows_checks_and_warns_when_empty() {
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config().await);
    let run_id = unique("checks");
    let ids = run_instance(&ec2, &run_id, 1).await;
    let home = tempfile::tempdir().unwrap();

    let tag = format!("run={run_id}");
    let output = run_ops(home.path(), &["instances", "--tag", &tag]);

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let header = stdout.lines().next().unwrap();
    assert!(header.contains("CHECKS"), "{stdout}");
    let row = stdout.lines().find(|line| line.contains(&ids[0])).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(cells.contains(&"ok"), "{row}");

    let nothing = format!("run={}", unique("nothing"));
    let output = run_ops(home.path(), &["instances", "--tag", &nothing]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("warning: no instances in {REGION} match")),
        "{stderr}"
    );

    let output = run_ops(
        home.path(),
        &["commands", "--instance", "i-0000000000000dead"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("in the last 30 days for i-0000000000000dead"),
        "{stderr}"
    );
}

/// At debug and trace levels the AWS SDK logs the credentials it resolves, and the
/// log file held the access key id. Turning up estante's log must not do that.
#[test]
fn verbose_log_keeps_the_access_key_out() {
    let home = tempfile::tempdir().unwrap();
    let key_id = "AKIAESTANTELOGTEST01";

    for level in ["debug", "trace"] {
        let output = ops_command(home.path(), &["whoami"])
            .env("AWS_ACCESS_KEY_ID", key_id)
            .env("ESTANTE_LOG", level)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        assert!(!stderr.contains(key_id), "{stderr}");
    }

    let log = std::fs::read_to_string(home.path().join("state/estante/estante.log")).unwrap();
    assert!(log.contains("DEBUG"), "the log was not verbose: {log}");
    assert!(!log.contains(key_id), "access key id in the log");
    assert!(!log.contains("testing"), "secret key in the log");
}

/// A window of 2^32 - 1 hours panicked on an overflowing date, and one of a million
/// hours asked CloudWatch for data it does not keep. Both are refused as usage
/// errors before any call.
/// A profile that no file defines was met with the advice to run `aws sso login`
/// for it. The error now states that the profile is not defined and how to list
/// the defined ones.
#[test]
fn undefined_profile_is_named() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("aws-config");
    std::fs::write(&config, "[profile other]\nregion = us-east-1\n").unwrap();

    let output = ops_command(home.path(), &["whoami", "--profile", "nope"])
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("profile nope is not defined in the AWS config"),
        "{stderr}"
    );
    assert!(stderr.contains("aws configure list-profiles"), "{stderr}");
    assert!(!stderr.contains("sso login"), "{stderr}");

    // With no config file at all it spoke of keys in the environment, which a named
    // profile does not read.
    let output = ops_command(home.path(), &["whoami", "--profile", "nope"])
        .env("AWS_CONFIG_FILE", home.path().join("missing-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("profile nope gave no credentials"),
        "{stderr}"
    );
    assert!(stderr.contains("aws configure list-profiles"), "{stderr}");

    // An empty name is a usage error, not a profile called "".
    let output = ops_command(home.path(), &["whoami", "--profile", ""])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn hours_out_of_range_are_refused() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        ["metrics", "i-0000000000000dead", "--hours", "4294967295"],
        ["metrics", "i-0000000000000dead", "--hours", "0"],
        ["jobs", "--restores", "--hours", "4294967295"],
    ] {
        let output = run_ops(home.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("is not in 1..="), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A listing whose SSM agent states could not be read was printed with exit status
/// 0, so a script reading the JSON could not tell it from a complete one. The rows
/// are still printed, and the status is 3. The reason named the shared endpoint
/// instead of the service's own.
#[tokio::test]
async fn partial_instances_exit_three() {
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config().await);
    let run_id = unique("partial");
    let expected = run_instance(&ec2, &run_id, 1).await;
    let home = tempfile::tempdir().unwrap();

    // Every call goes to moto except Systems Manager's, which finds a closed port.
    let tag = format!("run={run_id}");
    let output = Command::new(BINARY)
        .args(["ops", "instances", "--tag", &tag, "--output", "json"])
        .args(["--region", REGION])
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("ESTANTE_DATA_DIR", home.path().join("data"))
        .env("ESTANTE_CONFIG_DIR", home.path().join("config"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", moto_url())
        .env("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:9")
        .env_remove("AWS_PROFILE")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the instance list is incomplete"),
        "{stderr}"
    );
    // The error names the endpoint that refused, not the shared one, which
    // served every other call.
    assert!(
        stderr.contains("could not connect to http://127.0.0.1:9:"),
        "{stderr}"
    );
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["instance_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
}

/// Volumes of a mistyped instance id listed an empty table with no word, as if the
/// instance had no disks: EC2 returns nothing for such a filter, not an error.
#[test]
fn volumes_of_an_unknown_instance_warn() {
    let home = tempfile::tempdir().unwrap();
    let output = run_ops(home.path(), &["volumes", "i-0000000000000dead"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: no volumes are attached to i-0000000000000dead"),
        "{stderr}"
    );
}

/// An id of the wrong form, such as `foo`, warned that nothing was found and exited
/// with success, as for an instance that does not exist. It is a usage error.
#[test]
fn malformed_instance_ids_are_refused() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["volumes", "bad"][..],
        &["metrics", "foo"],
        &["commands", "--instance", "i-12"],
    ] {
        let output = run_ops(home.path(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("is not an instance id"), "{stderr}");
    }
}

#[test]
fn metrics_of_an_unknown_instance_warn() {
    let home = tempfile::tempdir().unwrap();
    let output = run_ops(home.path(), &["metrics", "i-0000000000000dead"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: no data points for i-0000000000000dead in the last 3 h"),
        "{stderr}"
    );
}

#[tokio::test]
async fn alarms_json_firing_first() {
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&sdk_config().await);
    let quiet = unique("quiet");
    let firing = unique("firing");
    for name in [&quiet, &firing] {
        cloudwatch
            .put_metric_alarm()
            .alarm_name(name)
            .namespace("AWS/EC2")
            .metric_name("CPUUtilization")
            .dimensions(
                Dimension::builder()
                    .name("InstanceId")
                    .value("i-0123456789abcdef0")
                    .build(),
            )
            .statistic(Statistic::Average)
            .period(300)
            .evaluation_periods(1)
            .threshold(90.0)
            .comparison_operator(ComparisonOperator::GreaterThanThreshold)
            .send()
            .await
            .expect("PutMetricAlarm on moto");
    }
    cloudwatch
        .set_alarm_state()
        .alarm_name(&firing)
        .state_value(StateValue::Alarm)
        .state_reason("CPU above 90% for 5 minutes")
        .send()
        .await
        .expect("SetAlarmState on moto");

    let json = run_json(&["alarms"]);

    let rows = json.as_array().expect("a JSON array");
    let position = |name: &str| rows.iter().position(|row| row["name"] == name);
    let firing_at = position(&firing).expect("the firing alarm is listed");
    let quiet_at = position(&quiet).expect("the quiet alarm is listed");
    assert_eq!(rows[firing_at]["state"], "ALARM");
    assert_eq!(rows[firing_at]["instance_id"], "i-0123456789abcdef0");
    assert!(firing_at < quiet_at, "ALARM rows come first");

    // The table gives AWS's times in UTC and marks them so. An engineer in another
    // zone once read them as local time.
    let home = tempfile::tempdir().unwrap();
    let table = run_ops(home.path(), &["alarms"]);
    let stdout = String::from_utf8_lossy(&table.stdout);
    let line = stdout
        .lines()
        .find(|line| line.contains(&firing))
        .expect("the firing alarm is listed");
    assert!(line.contains(" UTC"), "{line}");
    // The table left out why an alarm fires, which on-call reads first.
    assert!(line.contains("CPU above 90% for 5 minutes"), "{line}");
}

#[tokio::test]
async fn restore_read_only_starts_nothing() {
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config().await);
    let instance_id = run_instance(&ec2, &unique("restore"), 1).await.remove(0);
    let home = tempfile::tempdir().unwrap();

    let output = run_ops(
        home.path(),
        &[
            "restore",
            "--instance",
            &instance_id,
            "--backup-key",
            "backups/estante.db",
            "--confirm",
            &instance_id,
        ],
    );

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "a read-only restore must fail: {stdout}"
    );
    assert!(stdout.contains("Preflight checks:"), "{stdout}");
    assert!(stdout.contains("restores are disabled"), "{stdout}");
    let state_dir = home.path().join("state/estante");
    assert!(
        state_dir.is_dir(),
        "the state folder is {}",
        state_dir.display()
    );
    let audit_log = state_dir.join("restores.jsonl");
    assert!(
        !audit_log.exists(),
        "nothing was started, so nothing is audited"
    );
}

/// Creates an IAM instance profile in moto. The tests have no IAM client, and moto
/// takes the Query protocol's form without checking the signature.
async fn create_instance_profile(name: &str) {
    let response = reqwest::Client::new()
        .post(moto_url())
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20261204/us-east-1/iam/aws4_request, \
             SignedHeaders=host, Signature=0",
        )
        .form(&[
            ("Action", "CreateInstanceProfile"),
            ("InstanceProfileName", name),
            ("Version", "2010-05-08"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "CreateInstanceProfile on moto: {}",
        response.text().await.unwrap()
    );
}

/// Runs a confirmed, enabled `estante ops restore` of `source` (such as
/// `["--snapshot", ID]`) on `instance_id`, with `extra` arguments after it.
fn run_restore(
    home: &std::path::Path,
    instance_id: &str,
    source: &[&str],
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec!["--enable-restores", "restore", "--instance", instance_id];
    args.extend_from_slice(source);
    args.extend(["--confirm", instance_id]);
    args.extend_from_slice(extra);
    run_ops(home, &args)
}

/// Starts an instance with an instance profile, which the emulator's SSM reports
/// Online, and returns its id and availability zone.
async fn managed_instance(config: &aws_config::SdkConfig) -> (String, String) {
    let profile = unique("estante-ssm");
    create_instance_profile(&profile).await;
    let started = aws_sdk_ec2::Client::new(config)
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Small)
        .min_count(1)
        .max_count(1)
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name(&profile)
                .build(),
        )
        .send()
        .await
        .expect("RunInstances on moto");
    let instance = &started.instances()[0];
    let zone = instance.placement().unwrap().availability_zone().unwrap();
    (
        instance.instance_id().unwrap().to_string(),
        zone.to_string(),
    )
}

/// Starts a managed instance with a data volume at /dev/sdf and a snapshot of that
/// volume, and returns the instance and snapshot ids.
async fn managed_instance_with_snapshot(config: &aws_config::SdkConfig) -> (String, String) {
    let (instance_id, zone) = managed_instance(config).await;
    let ec2 = aws_sdk_ec2::Client::new(config);
    let volume = ec2
        .create_volume()
        .availability_zone(&zone)
        .size(20)
        .send()
        .await
        .unwrap();
    ec2.attach_volume()
        .volume_id(volume.volume_id().unwrap())
        .instance_id(&instance_id)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let snapshot = ec2
        .create_snapshot()
        .volume_id(volume.volume_id().unwrap())
        .send()
        .await
        .unwrap();
    (instance_id, snapshot.snapshot_id().unwrap().to_string())
}

/// Creates the Run Command document `name` from deploy/ssm/, as the deployment does.
async fn create_document(ssm: &aws_sdk_ssm::Client, name: &str, content: &str) {
    let created = ssm
        .create_document()
        .name(name)
        .content(content)
        .document_type(aws_sdk_ssm::types::DocumentType::Command)
        .document_format(aws_sdk_ssm::types::DocumentFormat::Yaml)
        .send()
        .await;
    if let Err(error) = created {
        // Another run of these tests against the same server created it already.
        let text = aws_sdk_ssm::error::DisplayErrorContext(&error).to_string();
        assert!(text.contains("DocumentAlreadyExists"), "{text}");
    }
}

/// Starts a managed instance with a snapshot of its data volume, and gives the
/// emulator's SSM the volume restore document: what a volume restore needs.
async fn volume_restore_fixture() -> (String, String, aws_sdk_ssm::Client) {
    let config = sdk_config().await;
    let (instance_id, snapshot_id) = managed_instance_with_snapshot(&config).await;
    let ssm = aws_sdk_ssm::Client::new(&config);
    create_document(
        &ssm,
        "estante-RestoreVolume",
        include_str!("../../deploy/ssm/estante-RestoreVolume.yaml"),
    )
    .await;
    (instance_id, snapshot_id, ssm)
}

/// Reports whether an `estante-RestoreVolume` command for `snapshot_id` was sent.
/// moto's ListCommands does not filter by instance reliably, so the command is
/// found by its document and parameter.
async fn volume_restore_sent(ssm: &aws_sdk_ssm::Client, snapshot_id: &str) -> bool {
    let commands = ssm.list_commands().send().await.unwrap();
    commands.commands().iter().any(|command| {
        command.document_name() == Some("estante-RestoreVolume")
            && command
                .parameters()
                .and_then(|parameters| parameters.get("SnapshotId"))
                .is_some_and(|values| values.len() == 1 && values[0] == snapshot_id)
    })
}

/// A snapshot that AWS Backup did not make is restored by swapping the instance's
/// data volume through Run Command, walked to Success against the emulator.
#[tokio::test]
async fn snapshot_restore_runs_to_success() {
    let (instance_id, snapshot_id, ssm) = volume_restore_fixture().await;
    let home = tempfile::tempdir().unwrap();

    let output = run_restore(
        home.path(),
        &instance_id,
        &["--snapshot", &snapshot_id],
        &[],
    );

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("EC2 DryRun CreateVolume"), "{stdout}");
    assert!(
        stdout.contains(&format!("{snapshot_id} is completed")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Started estante-RestoreVolume on {instance_id}")),
        "{stdout}"
    );
    assert!(stdout.contains("Restore finished: Success"), "{stdout}");
    // The plan asked for the id above its checks, before the prompt asked again.
    assert!(!stdout.contains("to confirm."), "{stdout}");
    assert!(
        volume_restore_sent(&ssm, &snapshot_id).await,
        "no estante-RestoreVolume command for {snapshot_id}"
    );
}

/// Ctrl-C at the confirmation prompt left no line in the audit log, where a wrong id
/// and an empty answer are recorded as declined. It is recorded so too, nothing is
/// sent, and the exit status is 130, as for any command a shell interrupts.
#[tokio::test]
async fn ctrl_c_at_the_prompt_is_audited() {
    use std::io::BufRead;

    let config = sdk_config().await;
    let (instance_id, snapshot_id) = managed_instance_with_snapshot(&config).await;
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--enable-restores",
        "restore",
        "--instance",
        &instance_id,
        "--snapshot",
        &snapshot_id,
    ];
    let mut child = ops_command(home.path(), &args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The plan's checks come before the prompt waits for a line.
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut printed = Vec::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        let last = line.contains("EC2 DryRun CreateVolume");
        printed.push(line);
        if last {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    // Standard input stays open until the process ends: at its end the read would
    // see an empty line instead of the interruption.
    let stdin = child.stdin.take();
    let output = child.wait_with_output().unwrap();
    drop(stdin);

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{printed:?}\n{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    let log = std::fs::read_to_string(home.path().join("state/estante/restores.jsonl")).unwrap();
    let entry: Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(entry["result"], "declined", "{log}");
    assert!(
        entry["detail"].as_str().unwrap().contains("Ctrl-C"),
        "{log}"
    );
}

/// An audit log that could not be written, such as a folder in its place or a full
/// disk, failed only after the restore was sent, and the command line then reported
/// that the restore had not started, so a reader would run it again. The log now
/// records the restore before it is sent, and a log that cannot refuses it with
/// nothing sent.
#[tokio::test]
async fn unwritable_audit_log_sends_nothing() {
    let (instance_id, snapshot_id, ssm) = volume_restore_fixture().await;
    // A folder in the log's place cannot be opened. A full disk opens but takes no
    // line, which /dev/full plays: the log was opened first and written only after
    // the restore was sent.
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(folder.path().join("state/estante/restores.jsonl")).unwrap();
    let full = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(full.path().join("state/estante")).unwrap();
    std::os::unix::fs::symlink(
        "/dev/full",
        full.path().join("state/estante/restores.jsonl"),
    )
    .unwrap();

    // A file in the state folder's place made the restore fail with "it already
    // exists".
    let blocked = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(blocked.path().join("state")).unwrap();
    std::fs::write(blocked.path().join("state/estante"), "").unwrap();

    for home in [folder, full, blocked] {
        let output = run_restore(
            home.path(),
            &instance_id,
            &["--snapshot", &snapshot_id],
            &[],
        );

        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
        assert!(
            stderr.contains("restores.jsonl") || stderr.contains("is not a folder"),
            "{stderr}"
        );
        assert!(!stderr.contains("already exists"), "{stderr}");
        assert!(
            !volume_restore_sent(&ssm, &snapshot_id).await,
            "a restore was sent with no audit log to record it: {stderr}"
        );
    }
}

/// A restore planned and then not confirmed left no trace in the audit log. A
/// wrong confirmation and one never typed are both recorded as declined, and
/// nothing is sent.
#[tokio::test]
async fn declined_restores_are_audited() {
    let config = sdk_config().await;
    let (instance_id, snapshot_id) = managed_instance_with_snapshot(&config).await;
    let home = tempfile::tempdir().unwrap();
    let restore = [
        "--enable-restores",
        "restore",
        "--instance",
        &instance_id,
        "--snapshot",
        &snapshot_id,
    ];

    let mut wrong = restore.to_vec();
    wrong.extend(["--confirm", "i-0000000000000dead"]);
    let typed_wrong = run_ops(home.path(), &wrong);
    let never_typed = ops_command(home.path(), &restore)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();

    for output in [&typed_wrong, &never_typed] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
    }
    let log = std::fs::read_to_string(home.path().join("state/estante/restores.jsonl")).unwrap();
    let entries: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(entries.len(), 2, "{log}");
    for entry in &entries {
        assert_eq!(entry["result"], "declined", "{entry}");
        assert_eq!(
            entry["request"]["Snapshot"]["snapshot_id"],
            snapshot_id.as_str()
        );
    }
    assert!(
        entries[0]["detail"]
            .as_str()
            .unwrap()
            .contains("i-0000000000000dead")
    );
    let ssm = aws_sdk_ssm::Client::new(&config);
    assert!(
        !volume_restore_sent(&ssm, &snapshot_id).await,
        "a declined restore sent a command"
    );
}

/// A database restore goes the whole way against the AWS-protocol emulator: the
/// preflight passes for an SSM-managed instance, the typed confirmation starts the
/// Run Command document, and the command is followed to Success and audited.
#[tokio::test]
async fn restore_runs_to_success() {
    let config = sdk_config().await;
    let (instance_id, _) = managed_instance(&config).await;
    let ssm = aws_sdk_ssm::Client::new(&config);
    create_document(
        &ssm,
        "estante-RestoreDatabase",
        include_str!("../../deploy/ssm/estante-RestoreDatabase.yaml"),
    )
    .await;
    let home = tempfile::tempdir().unwrap();

    let output = run_restore(
        home.path(),
        &instance_id,
        &["--backup-key", "backups/2026-12-04T00-00-00Z.estante"],
        &[],
    );

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("SSM agent online"), "{stdout}");
    assert!(
        stdout.contains(&format!("Started estante-RestoreDatabase on {instance_id}")),
        "{stdout}"
    );
    assert!(stdout.contains("Restore finished: Success"), "{stdout}");
    let audit = std::fs::read_to_string(home.path().join("state/estante/restores.jsonl")).unwrap();
    assert!(audit.contains(&instance_id), "{audit}");
    // A restore against an emulator reads as one in the log.
    assert!(
        audit.contains(&format!("\"endpoint\":\"{}\"", moto_url())),
        "{audit}"
    );
    assert!(
        audit.lines().count() >= 2,
        "start and end are audited: {audit}"
    );

    let commands = ssm
        .list_commands()
        .instance_id(&instance_id)
        .send()
        .await
        .unwrap();
    let command = commands
        .commands()
        .iter()
        .find(|command| command.document_name() == Some("estante-RestoreDatabase"))
        .expect("the restore command is listed");
    assert_eq!(
        command.parameters().unwrap()["BackupKey"],
        ["backups/2026-12-04T00-00-00Z.estante"]
    );
}

/// A snapshot id that does not exist fails the preflight by name, and nothing starts.
#[tokio::test]
async fn restore_of_missing_snapshot_fails() {
    let config = sdk_config().await;
    let (instance_id, _) = managed_instance(&config).await;
    let home = tempfile::tempdir().unwrap();

    let output = run_restore(
        home.path(),
        &instance_id,
        &["--snapshot", "snap-00000000000000000"],
        &[],
    );

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("snap-00000000000000000 was not found"),
        "{stdout}"
    );
    assert!(!stdout.contains("Started"), "{stdout}");
    assert!(!stdout.contains("to confirm"), "{stdout}");
}

/// Output that its reader closed, as `| head` does. Before the restore starts, the
/// closed output stops it with an error, and nothing is sent. With `--output json`
/// the plan and progress go to standard error, so the restore starts. The JSON
/// document at the end cannot be written, and the restore is still followed to its
/// end and audited.
#[tokio::test]
async fn restore_with_closed_output() {
    let config = sdk_config().await;
    let (instance_id, _) = managed_instance(&config).await;
    let ssm = aws_sdk_ssm::Client::new(&config);
    create_document(
        &ssm,
        "estante-RestoreDatabase",
        include_str!("../../deploy/ssm/estante-RestoreDatabase.yaml"),
    )
    .await;
    let key = "backups/2026-12-05T00-00-00Z.estante";
    for (extra, starts) in [(&[][..], false), (&["--output", "json"][..], true)] {
        let home = tempfile::tempdir().unwrap();
        let mut args = vec!["--enable-restores", "restore", "--instance", &instance_id];
        args.extend(["--backup-key", key, "--confirm", &instance_id]);
        args.extend_from_slice(extra);
        let mut child = ops_command(home.path(), &args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();

        let stderr = String::from_utf8_lossy(&output.stderr);
        let audit_log = home.path().join("state/estante/restores.jsonl");
        if starts {
            assert!(output.status.success(), "{extra:?}: {stderr}");
            let audit = std::fs::read_to_string(&audit_log).unwrap();
            let last = audit.lines().last().unwrap();
            assert!(last.contains("Success"), "the outcome is audited: {audit}");
        } else {
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains("no restore was started"), "{stderr}");
            assert!(!audit_log.exists(), "nothing was sent");
        }
    }
}

/// With `--output json`, a restore prints one JSON document on standard output: the
/// plan, the started restore and its outcome. The progress goes to standard error.
#[tokio::test]
async fn restore_json_output() {
    let config = sdk_config().await;
    let (instance_id, _) = managed_instance(&config).await;
    let home = tempfile::tempdir().unwrap();

    let output = run_restore(
        home.path(),
        &instance_id,
        &["--backup-key", "backups/2026-12-04T00-00-00Z.estante"],
        &["--output", "json"],
    );

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("Preflight checks:"), "{stderr}");
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["plan"]["instance_id"], instance_id.as_str());
    assert_eq!(document["plan"]["document"], "estante-RestoreDatabase");
    assert_eq!(document["restore"]["instance_id"], instance_id.as_str());
    assert_eq!(document["outcome"]["succeeded"], true);
    assert_eq!(document["outcome"]["status"], "Success");
}

/// An endpoint with nothing listening gives one short line naming the endpoint and
/// the cause, not the SDK's dump of its connector errors.
#[test]
fn unreachable_endpoint_message_short() {
    let home = tempfile::tempdir().unwrap();
    // A port that was free a moment ago; nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let run = |lang: &str| {
        Command::new(BINARY)
            .args([
                "ops",
                "alarms",
                "--region",
                REGION,
                "--endpoint-url",
                &endpoint,
            ])
            .env("HOME", home.path())
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("ESTANTE_DATA_DIR", home.path().join("data"))
            .env("ESTANTE_CONFIG_DIR", home.path().join("config"))
            .env("AWS_CONFIG_FILE", home.path().join("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                home.path().join("aws-credentials"),
            )
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap()
    };

    let output = run("C");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected = format!("could not connect to {endpoint}: connection refused");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!stderr.contains("ConnectorError"), "{stderr}");
    assert!(!stderr.contains("hyper_util"), "{stderr}");
    assert!(stderr.len() < 600, "{} bytes: {stderr}", stderr.len());

    let portuguese = run("pt_BR.UTF-8");
    let stderr = String::from_utf8_lossy(&portuguese.stderr);
    let expected = format!("não foi possível conectar a {endpoint}: conexão recusada");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("verifique a rede"), "{stderr}");
}

/// Credential failures in words: the SDK's own text carried the debug form of
/// every layer (`DispatchFailure(DispatchFailure { … })`). A profile named with
/// `--profile` gives its region and its credentials, even when AWS_ACCESS_KEY_ID is
/// set. The environment's keys were used instead, under the profile's name.
#[test]
fn credential_failures_are_worded() {
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        "[profile failing]\ncredential_process = /bin/false\nregion = eu-south-1\n",
    )
    .unwrap();
    let run = |args: &[&str], keys: bool| {
        let mut command = Command::new(BINARY);
        command
            .arg("ops")
            .args(args)
            .args(["--endpoint-url", &moto_url(), "instances"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap())
            .env("HOME", home.path())
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("ESTANTE_DATA_DIR", home.path().join("data"))
            .env("ESTANTE_CONFIG_DIR", home.path().join("config"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("LANG", "C");
        if keys {
            command
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
        }
        let output = command.output().unwrap();
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).to_string()
    };

    for keys in [false, true] {
        let failing = run(&["--profile", "failing"], keys);
        assert!(
            failing.contains("the credentials could not be loaded")
                && failing.contains("eu-south-1")
                && failing.contains("profile failing"),
            "keys in the environment: {keys}: {failing}"
        );
        assert!(!failing.contains("DispatchFailure("), "{failing}");
    }

    let none = run(&["--region", REGION], false);
    assert!(none.contains("no AWS credentials were found"), "{none}");
    assert!(!none.contains("{ source"), "{none}");
}
