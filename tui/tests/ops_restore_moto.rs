//! The Ops tab against the moto server that ./scripts/test starts, through the
//! app's own runner. Connecting loads the fleet overview without a volume listing.
//! In the restore test, the app's keys pick a snapshot, the typed instance id
//! confirms it, and the runner walks the restore through the SSM command to Success.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_ec2::types::{IamInstanceProfileSpecification, InstanceType};
use crossterm::event::KeyCode;
use estante::app::App;
use estante::app::msg::Msg;
use estante::app::ops_runner::OpsRunner;
use estante::app::runner::Runner;
use estante::aws::OpsOverrides;
use estante::client::Client;
use estante::openlibrary::OpenLibrary;
use estante::screens::ops::msg::OpsMsg;
use estante::screens::ops::{OpsData, OpsView, Pending, RestoreFlow};
use estante::settings::OpsSettings;
use support::{press, type_text};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// A region no other test uses, so the Snapshots pane lists this test's snapshot
/// alone when the suite runs once against a fresh server.
const REGION: &str = "ap-southeast-2";

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

async fn sdk_config(region: &str) -> aws_config::SdkConfig {
    let credentials =
        aws_credential_types::Credentials::new("testing", "testing", None, None, "estante-tests");
    aws_config::defaults(BehaviorVersion::latest())
        .region(aws_sdk_ec2::config::Region::new(region.to_string()))
        .endpoint_url(moto_url())
        .credentials_provider(credentials)
        .load()
        .await
}

/// Seeds an SSM-managed instance with a data volume and a snapshot of it, and the
/// Run Command document the restore sends. Returns the instance and snapshot ids.
async fn seed() -> (String, String) {
    let config = sdk_config(REGION).await;
    let profile = format!("estante-tui-{}", std::process::id());
    let created = reqwest::Client::new()
        .post(moto_url())
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20261204/us-east-1/iam/aws4_request, \
             SignedHeaders=host, Signature=0",
        )
        .form(&[
            ("Action", "CreateInstanceProfile"),
            ("InstanceProfileName", profile.as_str()),
            ("Version", "2010-05-08"),
        ])
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success());

    let ec2 = aws_sdk_ec2::Client::new(&config);
    let started = ec2
        .run_instances()
        .image_id("ami-12c6146b")
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
        .unwrap();
    let instance = &started.instances()[0];
    let instance_id = instance.instance_id().unwrap().to_string();
    let zone = instance.placement().unwrap().availability_zone().unwrap();
    let volume = ec2
        .create_volume()
        .availability_zone(zone)
        .size(20)
        .send()
        .await
        .unwrap();
    let volume_id = volume.volume_id().unwrap();
    ec2.attach_volume()
        .volume_id(volume_id)
        .instance_id(&instance_id)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let snapshot = ec2
        .create_snapshot()
        .volume_id(volume_id)
        .send()
        .await
        .unwrap();

    let ssm = aws_sdk_ssm::Client::new(&config);
    let document = ssm
        .create_document()
        .name("estante-RestoreVolume")
        .content(include_str!("../../deploy/ssm/estante-RestoreVolume.yaml"))
        .document_type(aws_sdk_ssm::types::DocumentType::Command)
        .document_format(aws_sdk_ssm::types::DocumentFormat::Yaml)
        .send()
        .await;
    if let Err(error) = document {
        let text = aws_sdk_ssm::error::DisplayErrorContext(&error).to_string();
        assert!(text.contains("DocumentAlreadyExists"), "{text}");
    }
    (instance_id, snapshot.snapshot_id().unwrap().to_string())
}

/// Hands the app's requests to the runner and its messages back to the app until
/// `done` holds, as the app's event loop does. Panics after `limit`.
async fn pump(
    app: &mut App,
    runner: &Runner,
    messages: &mut UnboundedReceiver<Msg>,
    limit: Duration,
    done: impl Fn(&App) -> bool,
) {
    let deadline = tokio::time::Instant::now() + limit;
    while !done(app) {
        for request in app.take_requests() {
            runner.spawn(request);
        }
        let message = tokio::time::timeout_at(deadline, messages.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "timed out; the restore flow is {:?}, and the screen:\n{}",
                    app.ops.restore,
                    support::render(app, 120, 40)
                )
            })
            .unwrap();
        app.handle_msg(message);
    }
}

/// Builds a runner whose Ops tab connects to moto in `region`, with its state in
/// `state`, and the receiver of its messages.
fn moto_runner(
    region: &str,
    state: &std::path::Path,
    restores_enabled: bool,
) -> (Runner, UnboundedReceiver<Msg>) {
    let (sender, messages) = unbounded_channel();
    let settings = OpsSettings {
        profile: None,
        region: Some(region.to_string()),
        endpoint_url: Some(moto_url()),
        restores_enabled,
    };
    // The library client is never called here: only the Ops tab is used.
    let client = Client::new("http://127.0.0.1:9", "unused").unwrap();
    let runner = Runner::new(
        client,
        OpenLibrary::new(Some("http://127.0.0.1:9")),
        state.join("config.toml"),
        sender,
    )
    .with_ops(OpsRunner::new(
        settings,
        OpsOverrides::default(),
        state.join("restores.jsonl"),
    ));
    (runner, messages)
}

/// Connecting loads instances, alarms and snapshots and builds the snapshot report
/// from the instances' block device mappings without listing volumes. The status
/// checks follow the instance pages, and the volumes come when their view opens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ops_overview_without_volume_listing() {
    let region = "sa-east-1";
    let ec2 = aws_sdk_ec2::Client::new(&sdk_config(region).await);
    let started = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(InstanceType::T3Small)
        .min_count(2)
        .max_count(2)
        .send()
        .await
        .unwrap();
    let ids: Vec<String> = started
        .instances()
        .iter()
        .map(|i| i.instance_id().unwrap().to_string())
        .collect();
    let (backed_up, never_backed_up) = (&ids[0], &ids[1]);
    let zone = started.instances()[0]
        .placement()
        .unwrap()
        .availability_zone()
        .unwrap();
    let volume = ec2
        .create_volume()
        .availability_zone(zone)
        .size(10)
        .send()
        .await
        .unwrap();
    let volume_id = volume.volume_id().unwrap().to_string();
    ec2.attach_volume()
        .volume_id(&volume_id)
        .instance_id(backed_up)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let snapshot = ec2
        .create_snapshot()
        .volume_id(&volume_id)
        .send()
        .await
        .unwrap();
    let snapshot_id = snapshot.snapshot_id().unwrap().to_string();

    let state = tempfile::tempdir().unwrap();
    let (runner, mut messages) = moto_runner(region, state.path(), false);
    let mut app = support::app();
    let limit = Duration::from_secs(60);
    press(&mut app, KeyCode::Char('7'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        let ready = |view| matches!(app.ops.pane(view).data, Pending::Ready(_));
        OpsView::OVERVIEW.into_iter().all(ready) && !app.ops.health_loading
    })
    .await;

    assert!(matches!(app.ops.volumes, Pending::Idle));
    let Some(OpsData::Instances(instances)) = app.ops.pane(OpsView::Instances).data.ready() else {
        panic!("the Instances view did not load");
    };
    for id in &ids {
        let row = instances.items.iter().find(|i| i.id == *id).unwrap();
        assert!(row.status_checks.is_some(), "{row:?}");
    }
    let Some(OpsData::Storage(storage)) = app.ops.pane(OpsView::Storage).data.ready() else {
        panic!("the Storage view did not load");
    };
    let report = storage.report.as_ref().expect("the report is built");
    let row = report
        .snapshots
        .items
        .iter()
        .find(|s| s.id == snapshot_id)
        .unwrap();
    assert_eq!(row.instance_id.as_deref(), Some(backed_up.as_str()));
    let flagged = |id: &str| report.stale_instances.iter().any(|s| s.instance_id == id);
    assert!(flagged(never_backed_up));
    assert!(!flagged(backed_up));

    press(&mut app, KeyCode::Char('s'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.volumes, Pending::Ready(_))
    })
    .await;
    let Pending::Ready(volumes) = &app.ops.volumes else {
        unreachable!();
    };
    let row = volumes.items.iter().find(|v| v.id == volume_id).unwrap();
    assert_eq!(row.instance_id.as_deref(), Some(backed_up.as_str()));
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains(&volume_id), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ops_tab_restores_snapshot() {
    let (instance_id, snapshot_id) = seed().await;
    let state = tempfile::tempdir().unwrap();
    let (runner, mut messages) = moto_runner(REGION, state.path(), true);
    let audit_log = state.path().join("restores.jsonl");
    let mut app = support::app();
    let limit = Duration::from_secs(60);

    press(&mut app, KeyCode::Char('7'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.pane(OpsView::Instances).data, Pending::Ready(_))
    })
    .await;
    press(&mut app, KeyCode::Char('s'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.pane(OpsView::Storage).data, Pending::Ready(_))
    })
    .await;
    let Pending::Ready(OpsData::Storage(storage)) = &app.ops.pane(OpsView::Storage).data else {
        panic!("the Snapshots pane did not load");
    };
    let row = storage
        .snapshot_rows()
        .items
        .iter()
        .position(|snapshot| snapshot.id == snapshot_id)
        .expect("the seeded snapshot is listed");
    for _ in 0..row {
        press(&mut app, KeyCode::Char('j'));
    }

    // A confirmation closed with Esc is recorded as declined, and nothing is sent.
    press(&mut app, KeyCode::Char('R'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.restore, Some(RestoreFlow::Confirm { .. }))
    })
    .await;
    press(&mut app, KeyCode::Esc);
    for request in app.take_requests() {
        runner.spawn(request);
    }
    let declined = tokio::time::timeout(limit, messages.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(declined, Msg::Ops(OpsMsg::Declined(Ok(())))),
        "{declined:?}"
    );
    let audit = std::fs::read_to_string(&audit_log).unwrap();
    assert!(audit.contains("\"declined\""), "{audit}");

    press(&mut app, KeyCode::Char('R'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.restore, Some(RestoreFlow::Confirm { .. }))
    })
    .await;
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("estante-RestoreVolume"), "{screen}");
    type_text(&mut app, &instance_id);
    press(&mut app, KeyCode::Enter);
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(
            app.ops.restore,
            Some(RestoreFlow::Running {
                outcome: Some(_),
                ..
            })
        )
    })
    .await;

    let Some(RestoreFlow::Running {
        plan,
        outcome: Some(outcome),
        ..
    }) = &app.ops.restore
    else {
        unreachable!();
    };
    assert_eq!(plan.instance_id, instance_id);
    assert_eq!(
        plan.parameters["SnapshotId"],
        std::slice::from_ref(&snapshot_id)
    );
    let outcome = outcome.as_ref().unwrap();
    assert!(outcome.succeeded, "{outcome:?}");
    assert_eq!(outcome.status, "Success");
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Success"), "{screen}");
    let audit = std::fs::read_to_string(&audit_log).unwrap();
    assert!(audit.contains(&snapshot_id), "{audit}");

    // The command the restore sent is listed, and Enter shows each instance's run.
    let Some(RestoreFlow::Running {
        execution_id: Some(command_id),
        ..
    }) = app.ops.restore.clone()
    else {
        unreachable!();
    };
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('c'));
    pump(&mut app, &runner, &mut messages, limit, |app| {
        matches!(app.ops.pane(OpsView::Commands).data, Pending::Ready(_))
    })
    .await;
    let Pending::Ready(OpsData::Commands(commands)) = &app.ops.pane(OpsView::Commands).data else {
        panic!("the Commands pane did not load");
    };
    let row = commands
        .items
        .iter()
        .position(|command| command.id == command_id)
        .expect("the restore's command is listed");
    for _ in 0..row {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Enter);
    pump(&mut app, &runner, &mut messages, limit, |app| {
        app.overlay.is_some()
    })
    .await;
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains(&format!("Output of {command_id}")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{instance_id}: Success")),
        "{screen}"
    );
}
