//! The Ops tab rendered with fake AWS data, fed in as the runner's messages, so no
//! test here opens a socket.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use estante::app::Tab;
use estante::app::msg::{Msg, Request};
use estante::aws::Failure;
use estante::screens::ops::msg::{OpsMsg, OpsRequest};
use estante::screens::ops::{Header, OpsData, OpsView, RestoreFlow, StorageData};
use estante_ops::Listing;
use estante_ops::cloudwatch::alarms::{Alarm, AlarmKind};
use estante_ops::cloudwatch::metrics::{AgentMetrics, InstanceMetrics, MetricPoint, MetricSeries};
use estante_ops::ec2::instances::{
    AttachedVolume, Instance, InstanceHealth, Lifecycle, SsmAgent, StatusChecks,
};
use estante_ops::ec2::storage::{Snapshot, Volume};
use estante_ops::restore::{
    Mechanism, PreflightCheck, RestorePlan, RestoreRequest, RestoreStatus, Sentence,
};
use support::{press, type_text};

fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 15, hour, 0, 0).unwrap()
}

/// Returns an instance row with `volume_id` as its one EBS volume.
fn instance(id: &str, name: &str, state: &str, volume_id: &str) -> Instance {
    Instance {
        id: id.to_string(),
        name: Some(name.to_string()),
        state: state.to_string(),
        instance_type: "t3.small".to_string(),
        availability_zone: Some("eu-west-1a".to_string()),
        lifecycle: Lifecycle::OnDemand,
        launch_time: Some(at(8)),
        private_ip: Some("10.0.1.12".to_string()),
        tags: BTreeMap::new(),
        volumes: vec![AttachedVolume {
            volume_id: volume_id.to_string(),
            device: Some("/dev/xvda".to_string()),
        }],
        status_checks: None,
        ssm: Some(SsmAgent {
            ping_status: "Online".to_string(),
            agent_version: Some("3.3.1".to_string()),
            last_ping: Some(at(11)),
        }),
    }
}

fn instances() -> Listing<Instance> {
    // A failing status check must show in the list, not only in the JSON output.
    let mut web = instance("i-0a1b2c3d4e5f60001", "estante-web", "running", "vol-0aa");
    web.status_checks = Some(StatusChecks {
        system: "ok".to_string(),
        instance: "impaired".to_string(),
        attached_ebs: Some("ok".to_string()),
    });
    Listing::complete(vec![
        web,
        instance(
            "i-0a1b2c3d4e5f60002",
            "estante-worker",
            "stopped",
            "vol-0bb",
        ),
    ])
}

fn header(restores_enabled: bool) -> Header {
    Header {
        account: "111122223333".to_string(),
        arn: "arn:aws:sts::111122223333:assumed-role/EstanteOps/alice".to_string(),
        profile: "estante".to_string(),
        region: "eu-west-1".to_string(),
        restores_enabled,
        snapshot_max_age: Duration::from_secs(24 * 3600),
    }
}

/// Opens the Ops tab and replies to its connect request, then returns the load
/// request that the reply queues.
fn connected(restores_enabled: bool) -> (estante::app::App, Vec<Request>) {
    let mut app = support::app();
    press(&mut app, KeyCode::Char('7'));
    let requests = app.take_requests();
    assert!(matches!(
        requests.as_slice(),
        [Request::Ops(OpsRequest::Connect { generation: 1, .. })]
    ));
    app.handle_msg(Msg::Ops(OpsMsg::Connected {
        generation: 1,
        result: Ok(header(restores_enabled)),
    }));
    let requests = app.take_requests();
    (app, requests)
}

/// Replies to the load of `data`'s view. For instances it also takes the health
/// request that the load queues, and replies with the rows' own status checks and
/// SSM state, so the rows are drawn as given.
fn loaded(app: &mut estante::app::App, data: OpsData) {
    let view = data.view();
    let health = match &data {
        OpsData::Instances(listing) => Some(health_of(listing)),
        _ => None,
    };
    app.handle_msg(Msg::Ops(OpsMsg::Loaded {
        generation: 1,
        view,
        result: Ok(data),
    }));
    if let Some(health) = health {
        let requests = app.take_requests();
        let request = Request::Ops(OpsRequest::Health { generation: 1 });
        assert!(requests.contains(&request), "{requests:?}");
        app.handle_msg(Msg::Ops(OpsMsg::Health {
            generation: 1,
            result: Ok(Box::new(health)),
        }));
    }
}

fn health_of(listing: &Listing<Instance>) -> InstanceHealth {
    let mut health = InstanceHealth::default();
    for row in &listing.items {
        if let Some(checks) = &row.status_checks {
            health.checks.insert(row.id.clone(), checks.clone());
        }
        if let Some(agent) = &row.ssm {
            health.agents.insert(row.id.clone(), agent.clone());
        }
    }
    health
}

fn metrics(instance_id: &str) -> InstanceMetrics {
    let series = |name: &str, values: &[f64]| MetricSeries {
        namespace: "AWS/EC2".to_string(),
        metric_name: name.to_string(),
        dimensions: Vec::new(),
        stat: "Average".to_string(),
        points: values
            .iter()
            .enumerate()
            .map(|(i, value)| MetricPoint {
                timestamp: at(9) + chrono::Duration::minutes(5 * i as i64),
                value: *value,
            })
            .collect(),
    };
    InstanceMetrics {
        instance_id: instance_id.to_string(),
        start: at(9),
        end: at(12),
        period_seconds: 300,
        series: vec![
            series("CPUUtilization", &[3.0, 5.5, 12.0, 40.0, 38.5, 9.0, 4.0]),
            series("NetworkIn", &[1200.0, 900.0, 15000.0, 800.0]),
        ],
        agent: AgentMetrics::Absent,
        partial: None,
    }
}

/// Connecting loads the three listings of the fleet overview at once, the view on
/// screen first.
#[test]
fn ops_connect_then_load() {
    let (app, requests) = connected(false);
    let load = |view| {
        Request::Ops(OpsRequest::Load {
            generation: 1,
            view,
        })
    };
    assert_eq!(
        requests,
        vec![
            load(OpsView::Instances),
            load(OpsView::Alarms),
            load(OpsView::Storage),
        ]
    );
    assert_eq!(app.tab, Tab::Ops);
    snap!("ops_loading", app);
}

/// Pages of instances are drawn as they arrive, under a note that the listing is
/// still loading, and the final listing replaces them.
#[test]
fn ops_pages_drawn_as_they_arrive() {
    let (mut app, _) = connected(false);
    let page = |rows: &[Instance]| {
        Msg::Ops(OpsMsg::Page {
            generation: 1,
            view: OpsView::Instances,
            rows: OpsData::Instances(Listing::complete(rows.to_vec())),
        })
    };
    let all = instances().items;

    app.handle_msg(page(&all[..1]));
    let first = support::render(&app, 120, 40);
    assert!(first.contains("Loading instances: 1 so far"), "{first}");
    assert!(first.contains("estante-web"), "{first}");
    assert!(!first.contains("estante-worker"), "{first}");

    app.handle_msg(page(&all[1..]));
    let second = support::render(&app, 120, 40);
    assert!(second.contains("Loading instances: 2 so far"), "{second}");
    assert!(second.contains("estante-worker"), "{second}");

    loaded(&mut app, OpsData::Instances(instances()));
    let done = support::render(&app, 120, 40);
    assert!(!done.contains("so far"), "{done}");
    assert!(done.contains("estante-worker"), "{done}");

    // A page that comes after its listing is complete changes nothing.
    app.handle_msg(page(&all[..1]));
    assert_eq!(support::render(&app, 120, 40), done);
}

#[test]
fn ops_instances_with_metrics() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    assert_eq!(
        requests,
        vec![Request::Ops(OpsRequest::Metrics {
            generation: 1,
            instance_id: "i-0a1b2c3d4e5f60001".to_string(),
        })]
    );
    app.handle_msg(Msg::Ops(OpsMsg::Metrics {
        generation: 1,
        instance_id: "i-0a1b2c3d4e5f60001".to_string(),
        result: Ok(metrics("i-0a1b2c3d4e5f60001")),
    }));
    snap!("ops_loaded", app);
}

#[test]
fn ops_esc_closes_metrics_first() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Enter);
    assert!(app.ops.metrics.is_some());

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Ops, "Esc left the tab");
    assert!(app.ops.metrics.is_none(), "Esc kept the metrics panel open");

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Library, "Esc with nothing open goes back");
}

#[test]
fn ops_empty() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(Listing::complete(Vec::new())));
    snap!("ops_empty", app);
}

#[test]
fn ops_partial() {
    let (mut app, _) = connected(false);
    let mut listing = instances();
    listing.mark_partial(estante_ops::restore::Sentence::new(
        "partial-page",
        [
            ("page", "2".to_string()),
            ("operation", "ec2:DescribeInstances".to_string()),
            ("rows", "2".to_string()),
            ("error", "Throttling: Rate exceeded".to_string()),
        ],
        "page 2 of ec2:DescribeInstances failed, with 2 rows read before it: Throttling: \
         Rate exceeded",
    ));
    loaded(&mut app, OpsData::Instances(listing));
    snap!("ops_partial", app);

    let portuguese = render_in_portuguese(&app);
    assert!(
        portuguese.contains("a página 2 de ec2:DescribeInstances falhou"),
        "{portuguese}"
    );
}

/// A note with several failed calls is shown whole, however many lines it wraps to.
#[test]
fn ops_long_partial_note_shown_whole() {
    let (mut app, _) = connected(false);
    let mut listing = instances();
    let reason = |operation: &str| {
        estante_ops::restore::Sentence::new(
            "partial-page",
            [
                ("page", "2".to_string()),
                ("operation", operation.to_string()),
                ("rows", "2".to_string()),
                (
                    "error",
                    "HTTP404: the endpoint does not offer this operation".to_string(),
                ),
            ],
            "English",
        )
    };
    listing.mark_partial(reason("backup:ListRecoveryPointsByBackupVault"));
    listing.mark_partial(reason("backup:ListBackupJobs"));
    listing.mark_partial(reason("backup:ListRestoreJobs"));
    loaded(&mut app, OpsData::Instances(listing));

    let screen = support::render(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let header = lines
        .iter()
        .position(|line| line.starts_with("\"INSTANCE"))
        .unwrap();
    // The note's last words sit just above the table.
    let last = lines[header - 1].trim_end_matches('"').trim_end();
    assert!(last.ends_with("does not offer this operation"), "{screen}");
}

#[test]
fn ops_error_with_advice() {
    let (mut app, _) = connected(false);
    app.handle_msg(Msg::Ops(OpsMsg::Loaded {
        generation: 1,
        view: OpsView::Instances,
        result: Err(Failure {
            message: "UnauthorizedOperation: You are not authorized to perform this operation. \
                      (ec2:DescribeInstances, eu-west-1)"
                .to_string(),
            advice: Some(
                "the caller is missing the IAM action ec2:DescribeInstances (granted by \
                 deploy/iam/ops-read.json)"
                    .to_string(),
            ),
        }),
    }));
    snap!("ops_error", app);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(
        app.take_requests(),
        vec![Request::Ops(OpsRequest::Load {
            generation: 1,
            view: OpsView::Instances,
        })]
    );
}

#[test]
fn ops_stale_results_dropped() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(instances()));
    type_text(&mut app, ":region eu-central-1");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    let Some(Request::Ops(OpsRequest::Connect {
        generation,
        overrides,
    })) = requests.first()
    else {
        panic!("expected a connect request, got {requests:?}");
    };
    assert_eq!(*generation, 2);
    assert_eq!(overrides.region.as_deref(), Some("eu-central-1"));
    app.handle_msg(Msg::Ops(OpsMsg::Loaded {
        generation: 1,
        view: OpsView::Instances,
        result: Ok(OpsData::Instances(instances())),
    }));
    assert!(app.ops.pane(OpsView::Instances).data.ready().is_none());
    assert_eq!(app.take_requests(), Vec::new());
}

fn alarm(name: &str, state: &str, instance_id: &str) -> Alarm {
    Alarm {
        name: name.to_string(),
        kind: AlarmKind::Metric,
        state: state.to_string(),
        state_reason: None,
        state_updated: Some(at(10)),
        namespace: Some("AWS/EC2".to_string()),
        metric_name: Some("CPUUtilization".to_string()),
        dimensions: Vec::new(),
        instance_id: Some(instance_id.to_string()),
        rule: None,
        actions_enabled: true,
        alarm_actions: Vec::new(),
        ok_actions: Vec::new(),
        insufficient_data_actions: Vec::new(),
    }
}

/// A fleet of thousands was a long scroll. `/` filters the Instances view by any of
/// its fields; the selection, Enter and the restore target follow the rows shown,
/// and Esc drops the filter.
#[test]
fn ops_instances_filter() {
    let (mut app, _) = connected(true);
    loaded(&mut app, OpsData::Instances(instances()));

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "WORKER");
    press(&mut app, KeyCode::Enter);

    let screen = support::render(&app, 120, 40);
    assert!(!screen.contains("i-0a1b2c3d4e5f60001"), "{screen}");
    assert!(screen.contains("i-0a1b2c3d4e5f60002"), "{screen}");
    assert!(screen.contains("1 of 2 instances"), "{screen}");
    let target = app.ops.selected_instance().map(|i| i.id.clone());
    assert_eq!(target.as_deref(), Some("i-0a1b2c3d4e5f60002"));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_requests(),
        vec![Request::Ops(OpsRequest::Metrics {
            generation: 1,
            instance_id: "i-0a1b2c3d4e5f60002".to_string(),
        })]
    );

    // Esc closes the metrics, then drops the filter, and every row is back.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(app.ops.instance_filter.is_empty());
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("i-0a1b2c3d4e5f60001"), "{screen}");
    let target = app.ops.selected_instance().map(|i| i.id.clone());
    assert_eq!(target.as_deref(), Some("i-0a1b2c3d4e5f60001"));

    // A filter that matches nothing leaves no instance to target.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "no such host");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ops.selected_instance(), None);
}

#[test]
fn ops_alarm_pivots_to_instance() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Char('a'));
    app.take_requests();
    loaded(
        &mut app,
        OpsData::Alarms(Listing::complete(vec![
            Alarm {
                state_reason: Some("Threshold Crossed: 1 datapoint [97.5] > 90.0".to_string()),
                ..alarm("worker-cpu-high", "ALARM", "i-0a1b2c3d4e5f60002")
            },
            alarm("web-cpu-high", "OK", "i-0a1b2c3d4e5f60001"),
        ])),
    );
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Threshold Crossed"), "{screen}");
    snap!("ops_alarms", app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ops.view, OpsView::Instances);
    assert_eq!(app.ops.pane(OpsView::Instances).selected, 1);
    assert_eq!(
        app.take_requests(),
        vec![Request::Ops(OpsRequest::Metrics {
            generation: 1,
            instance_id: "i-0a1b2c3d4e5f60002".to_string(),
        })]
    );
}

/// Enter on a Run Command command showed nothing, although the footer offered it.
/// It now reads the command's run on each of its instances and shows the end of
/// each output.
#[test]
fn ops_command_output_shown() {
    use estante_ops::ssm::commands::{Command, InvocationOutput};

    let (mut app, _) = connected(true);
    press(&mut app, KeyCode::Char('c'));
    app.take_requests();
    let instances = ["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"];
    let command = Command {
        id: "cmd-0a1b".to_string(),
        document_name: Some("estante-RestoreVolume".to_string()),
        comment: None,
        requested: Some(at(9)),
        status: "Failed".to_string(),
        status_details: None,
        instance_ids: instances.map(str::to_string).to_vec(),
        target_count: 2,
        completed_count: 2,
        error_count: 1,
    };
    loaded(
        &mut app,
        OpsData::Commands(Listing::complete(vec![command])),
    );

    press(&mut app, KeyCode::Enter);

    assert_eq!(
        app.take_requests(),
        vec![Request::Ops(OpsRequest::CommandOutput {
            generation: 1,
            command_id: "cmd-0a1b".to_string(),
            instance_ids: instances.map(str::to_string).to_vec(),
        })]
    );
    let stdout: Vec<String> = (1..=20).map(|n| format!("step {n}")).collect();
    let run = InvocationOutput {
        command_id: "cmd-0a1b".to_string(),
        instance_id: instances[0].to_string(),
        status: "Failed".to_string(),
        status_details: None,
        response_code: 1,
        stdout: stdout.join("\n"),
        stderr: "umount: /var/lib/estante: target is busy".to_string(),
    };
    app.handle_msg(Msg::Ops(OpsMsg::CommandOutput {
        generation: 1,
        command_id: "cmd-0a1b".to_string(),
        runs: vec![
            (instances[0].to_string(), Ok(run)),
            (
                instances[1].to_string(),
                Err(Failure::new("InvocationDoesNotExist")),
            ),
        ],
    }));

    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Output of cmd-0a1b"), "{screen}");
    assert!(
        screen.contains("i-0a1b2c3d4e5f60001: Failed, exit code 1"),
        "{screen}"
    );
    assert!(screen.contains("step 20"), "{screen}");
    assert!(!screen.contains("step 8 "), "{screen}");
    assert!(screen.contains("8 earlier lines not shown"), "{screen}");
    assert!(screen.contains("target is busy"), "{screen}");
    assert!(
        screen.contains("i-0a1b2c3d4e5f60002: its output could not be read"),
        "{screen}"
    );
}

/// Returns the Storage view's data as the tab loads it: a fresh snapshot of the
/// web instance's volume and a two-day-old one of the worker's, without instances.
fn storage() -> StorageData {
    let snapshot = |id: &str, volume_id: &str, age: i64| Snapshot {
        id: id.to_string(),
        volume_id: Some(volume_id.to_string()),
        instance_id: None,
        state: "completed".to_string(),
        progress: Some("100%".to_string()),
        start_time: Some(Utc::now() - chrono::Duration::hours(age)),
        age_hours: Some(age),
        size_gib: Some(20),
        description: None,
        name: None,
    };
    StorageData {
        snapshots: Listing::complete(vec![
            snapshot("snap-0f00000000000001", "vol-0aa", 11),
            snapshot("snap-0f00000000000002", "vol-0bb", 52),
        ]),
        report: None,
    }
}

fn volumes() -> Listing<Volume> {
    Listing::complete(vec![Volume {
        id: "vol-0aa".to_string(),
        instance_id: Some("i-0a1b2c3d4e5f60001".to_string()),
        device: Some("/dev/xvda".to_string()),
        volume_type: "gp3".to_string(),
        size_gib: 20,
        iops: Some(3000),
        state: "in-use".to_string(),
        availability_zone: Some("eu-west-1a".to_string()),
        encrypted: true,
    }])
}

/// Opens Snapshots & volumes and replies to the instance, snapshot and volume
/// listings, so the report is built.
fn storage_open() -> (estante::app::App, Vec<Request>) {
    let (mut app, _) = connected(false);
    press(&mut app, KeyCode::Char('s'));
    let requests = app.take_requests();
    loaded(&mut app, OpsData::Instances(instances()));
    loaded(&mut app, OpsData::Storage(Box::new(storage())));
    app.handle_msg(Msg::Ops(OpsMsg::Volumes {
        generation: 1,
        result: Ok(volumes()),
    }));
    app.take_requests();
    (app, requests)
}

const ROLE: &str = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";

fn plan() -> RestorePlan {
    RestorePlan {
        request: RestoreRequest::Snapshot {
            snapshot_id: "snap-0f00000000000001".to_string(),
            instance_id: "i-0a1b2c3d4e5f60001".to_string(),
            restore_role_arn: None,
        },
        mechanism: Mechanism::Automation,
        document: "estante-RestoreFromRecoveryPoint".to_string(),
        parameters: BTreeMap::new(),
        instance_id: "i-0a1b2c3d4e5f60001".to_string(),
        availability_zone: Some("eu-west-1a".to_string()),
        recovery_point_arn: Some("arn:aws:ec2:eu-west-1::snapshot/snap-0f00000000000001".into()),
        confirmation: "i-0a1b2c3d4e5f60001".to_string(),
        description: vec![
            Sentence::new(
                "plan-creates-volume",
                [
                    ("role", ROLE.to_string()),
                    ("zone", "eu-west-1a".to_string()),
                    ("instance", "i-0a1b2c3d4e5f60001".to_string()),
                ],
                format!(
                    "AWS Backup assumes {ROLE} and creates a new EBS volume in eu-west-1a, \
                     the zone of i-0a1b2c3d4e5f60001."
                ),
            ),
            Sentence::new(
                "plan-nothing-changed",
                [],
                "No existing volume, instance or database is changed, stopped or attached to.",
            ),
        ],
        checks: vec![PreflightCheck {
            name: Sentence::new("check-instance-exists", [], "instance exists"),
            passed: true,
            detail: Sentence::new(
                "check-instance-found",
                [
                    ("instance", "i-0a1b2c3d4e5f60001".to_string()),
                    ("state", "running".to_string()),
                    ("zone", "eu-west-1a".to_string()),
                ],
                "i-0a1b2c3d4e5f60001 is running in eu-west-1a",
            ),
        }],
    }
}

/// Opens Snapshots & volumes, presses R on the first snapshot and replies with a
/// passing preflight.
fn confirm_dialog(restores_enabled: bool) -> estante::app::App {
    confirm_dialog_for(restores_enabled, plan())
}

/// Opens the restore dialog as [`confirm_dialog`] does, replying with `plan`.
fn confirm_dialog_for(restores_enabled: bool, plan: RestorePlan) -> estante::app::App {
    let (mut app, _) = connected(restores_enabled);
    press(&mut app, KeyCode::Char('s'));
    loaded(&mut app, OpsData::Instances(instances()));
    loaded(&mut app, OpsData::Storage(Box::new(storage())));
    app.handle_msg(Msg::Ops(OpsMsg::Volumes {
        generation: 1,
        result: Ok(volumes()),
    }));
    app.take_requests();
    press(&mut app, KeyCode::Char('R'));
    let requests = app.take_requests();
    assert!(matches!(
        requests.as_slice(),
        [Request::Ops(OpsRequest::PlanRestore {
            request: RestoreRequest::Snapshot { .. },
            ..
        })]
    ));
    app.handle_msg(Msg::Ops(OpsMsg::Planned {
        generation: 1,
        result: Ok(Box::new(plan)),
    }));
    app
}

/// Closing a ready confirmation left no trace in the audit log. Esc now sends the
/// runner a request to record it as declined, unless restores are read-only here.
#[test]
fn ops_closed_confirmation_is_audited() {
    for enabled in [true, false] {
        let mut app = confirm_dialog(enabled);
        type_text(&mut app, "i-0a1b");

        press(&mut app, KeyCode::Esc);

        let requests = app.take_requests();
        let declined = requests
            .iter()
            .any(|r| matches!(r, Request::Ops(OpsRequest::Declined { .. })));
        assert_eq!(declined, enabled, "{requests:?}");
        assert!(app.ops.restore.is_none());
    }

    let mut app = confirm_dialog(true);
    app.handle_msg(Msg::Ops(OpsMsg::Declined(Err(Failure::new(
        "permission denied",
    )))));
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("could not be written to the audit log"),
        "{screen}"
    );
}

/// A plan with a failed check shows why it cannot start and takes no typing.
#[test]
fn ops_failed_preflight_asks_nothing() {
    let mut failing = plan();
    failing.checks.push(PreflightCheck {
        name: Sentence::new("check-snapshot-completed", [], "snapshot completed"),
        passed: false,
        detail: Sentence::new(
            "check-snapshot-not-completed",
            [
                ("snapshot", "snap-0f00000000000001".to_string()),
                ("state", "pending".to_string()),
            ],
            "snap-0f00000000000001 is pending, not completed",
        ),
    });
    // The library's description ends with the confirmation to type, as a real plan's.
    failing.description.push(Sentence::new(
        "plan-type-to-confirm",
        [("confirmation", "i-0a1b2c3d4e5f60001".to_string())],
        "Type i-0a1b2c3d4e5f60001 to confirm.",
    ));
    let mut app = confirm_dialog_for(true, failing);

    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Restore: preflight failed"), "{screen}");
    assert!(screen.contains("cannot start"), "{screen}");
    assert!(!screen.contains("Type i-0a1b2c3d4e5f60001"), "{screen}");
    let status_bar = screen.lines().last().unwrap();
    assert!(status_bar.contains("Esc close"), "{status_bar}");
    assert!(!status_bar.contains("Enter"), "{status_bar}");

    type_text(&mut app, "i-0a1b2c3d4e5f60001");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_requests().is_empty());
    assert!(matches!(
        app.ops.restore,
        Some(RestoreFlow::Confirm { ref typed, .. }) if typed.is_empty()
    ));
    snap!("ops_restore_preflight_failed", app);

    press(&mut app, KeyCode::Esc);
    assert!(app.ops.restore.is_none());
    assert!(
        app.message.is_none(),
        "nothing was cancelled: {:?}",
        app.message
    );
}

#[test]
fn ops_storage_stale_flag() {
    let (app, _) = storage_open();
    snap!("ops_storage", app);
}

/// Connecting lists no volumes. The Storage view requests them when first shown,
/// and again on reload only.
#[test]
fn ops_volumes_listed_when_shown() {
    let (mut app, requests) = connected(false);
    let volumes = Request::Ops(OpsRequest::Volumes { generation: 1 });
    assert!(!requests.contains(&volumes), "{requests:?}");

    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.take_requests(), vec![volumes.clone()]);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.take_requests(), Vec::new());

    // A reload reads the instances too: the snapshot report names instances from
    // that listing, and the old one named instances that were gone.
    press(&mut app, KeyCode::Char('r'));
    let load = |view| {
        Request::Ops(OpsRequest::Load {
            generation: 1,
            view,
        })
    };
    assert_eq!(
        app.take_requests(),
        vec![load(OpsView::Instances), load(OpsView::Storage), volumes]
    );
}

/// The report waits for the instance listing. A restore from a snapshot whose
/// instance is not known yet starts no preflight, rather than picking an instance.
#[test]
fn ops_storage_report_waits_for_instances() {
    let (mut app, _) = connected(true);
    press(&mut app, KeyCode::Char('s'));
    loaded(&mut app, OpsData::Storage(Box::new(storage())));
    app.take_requests();

    let waiting = support::render(&app, 120, 40);
    assert!(
        waiting.contains("waiting for the instance listing"),
        "{waiting}"
    );
    assert!(waiting.contains("Loading volumes"), "{waiting}");
    // The column header is the only STALE until the report is built.
    assert_eq!(waiting.matches("STALE").count(), 1, "{waiting}");
    press(&mut app, KeyCode::Char('R'));
    assert_eq!(app.take_requests(), Vec::new());
    assert!(app.ops.restore.is_none());

    loaded(&mut app, OpsData::Instances(instances()));
    let built = support::render(&app, 120, 40);
    assert!(
        built.contains("1 instance without a snapshot in 24 h: i-0a1b2c3d4e5f60002"),
        "{built}"
    );
    assert_eq!(built.matches("STALE").count(), 2, "{built}");
    assert!(built.contains("Loading volumes"), "{built}");
    let Some(OpsData::Storage(data)) = app.ops.pane(OpsView::Storage).data.ready() else {
        panic!("the Storage view is not loaded");
    };
    let instances: Vec<Option<&str>> = data
        .snapshot_rows()
        .items
        .iter()
        .map(|s| s.instance_id.as_deref())
        .collect();
    assert_eq!(
        instances,
        vec![Some("i-0a1b2c3d4e5f60001"), Some("i-0a1b2c3d4e5f60002")]
    );
}

/// A snapshot of a volume attached to no listed instance has no target of its own.
/// R once sent it to the instance selected in the Instances view, which this view
/// does not show. It now starts nothing and names the command that takes a target.
#[test]
fn ops_snapshot_without_instance_borrows_no_target() {
    let (mut app, _) = connected(true);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('s'));
    let mut data = storage();
    data.snapshots.items.push(Snapshot {
        id: "snap-0f00000000000003".to_string(),
        volume_id: Some("vol-0gone".to_string()),
        ..data.snapshots.items[0].clone()
    });
    loaded(&mut app, OpsData::Storage(Box::new(data)));
    app.take_requests();
    let Some(OpsData::Storage(data)) = app.ops.pane(OpsView::Storage).data.ready() else {
        panic!("the Storage view is not loaded");
    };
    let row = data
        .snapshot_rows()
        .items
        .iter()
        .position(|s| s.id == "snap-0f00000000000003")
        .unwrap();
    assert_eq!(data.snapshot_rows().items[row].instance_id, None);
    for _ in 0..row {
        press(&mut app, KeyCode::Char('j'));
    }

    press(&mut app, KeyCode::Char('R'));

    assert_eq!(app.take_requests(), Vec::new());
    assert!(app.ops.restore.is_none());
    let screen = support::render(&app, 160, 40);
    assert!(screen.contains("no listed instance holds"), "{screen}");
}

/// The line of instances without a recent snapshot was cut mid-id with no `…`, so
/// a cut id passed for a whole one.
#[test]
fn ops_stale_list_ends_in_ellipsis() {
    let (mut app, _) = connected(false);
    press(&mut app, KeyCode::Char('s'));
    let many: Vec<Instance> = (0..12)
        .map(|n| {
            instance(
                &format!("i-0a1b2c3d4e5f6{n:04}"),
                "web",
                "running",
                &format!("vol-0{n:04}"),
            )
        })
        .collect();
    loaded(&mut app, OpsData::Instances(Listing::complete(many)));
    loaded(&mut app, OpsData::Storage(Box::new(storage())));

    let screen = support::render(&app, 80, 24);
    let line = screen
        .lines()
        .find(|line| line.contains("without a snapshot"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.trim_end_matches([' ', '"']).ends_with('…'), "{line}");
}

/// When the instance listing failed, the report is built from the volumes.
#[test]
fn ops_storage_report_from_volumes() {
    let (mut app, _) = connected(false);
    press(&mut app, KeyCode::Char('s'));
    app.handle_msg(Msg::Ops(OpsMsg::Loaded {
        generation: 1,
        view: OpsView::Instances,
        result: Err(Failure::new("Throttling: Rate exceeded")),
    }));
    loaded(&mut app, OpsData::Storage(Box::new(storage())));
    assert!(support::render(&app, 120, 40).contains("waiting for the instance listing"));

    app.handle_msg(Msg::Ops(OpsMsg::Volumes {
        generation: 1,
        result: Ok(volumes()),
    }));
    let screen = support::render(&app, 120, 40);
    // Only the web instance's volume is listed, and its snapshot is fresh.
    assert!(screen.contains("Every instance has a snapshot"), "{screen}");
    assert!(screen.contains("vol-0aa"), "{screen}");
}

/// A failed volume listing fails the volume table alone.
#[test]
fn ops_volumes_failed() {
    let (mut app, _) = storage_open();
    app.handle_msg(Msg::Ops(OpsMsg::Volumes {
        generation: 1,
        result: Err(Failure::new("Throttling: Rate exceeded")),
    }));
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("Failed to list volumes"), "{screen}");
    assert!(screen.contains("snap-0f00000000000002"), "{screen}");
    assert!(screen.contains("without a snapshot in 24 h"), "{screen}");
}

/// The status checks and SSM state are requested once the instance pages are in,
/// and the rows show that they are loading until they arrive.
#[test]
fn ops_health_after_pages() {
    let (mut app, _) = connected(false);
    let mut listing = instances();
    for row in &mut listing.items {
        row.ssm = None;
    }
    app.handle_msg(Msg::Ops(OpsMsg::Loaded {
        generation: 1,
        view: OpsView::Instances,
        result: Ok(OpsData::Instances(listing.clone())),
    }));
    assert_eq!(
        app.take_requests(),
        vec![Request::Ops(OpsRequest::Health { generation: 1 })]
    );
    let loading = support::render(&app, 120, 40);
    assert!(
        loading.contains("Reading status checks and SSM state"),
        "{loading}"
    );
    assert!(loading.contains('…'), "{loading}");

    let mut health = health_of(&instances());
    health.partial = Some(estante_ops::restore::Sentence::new(
        "partial-ssm-agents",
        [("error", "InternalFailure".to_string())],
        "SSM agent state unavailable: InternalFailure",
    ));
    app.handle_msg(Msg::Ops(OpsMsg::Health {
        generation: 1,
        result: Ok(Box::new(health)),
    }));
    let joined = support::render(&app, 120, 40);
    assert!(!joined.contains("Reading status checks"), "{joined}");
    assert!(joined.contains("Online"), "{joined}");
    assert!(joined.contains("SSM agent state unavailable"), "{joined}");
}

/// At 80x24 a long plan pushed the line to type into below the dialog, and at 60x15
/// the checks too, while typing and Enter still worked unseen. The dialog keeps its
/// last lines in sight and states how many lines above are hidden.
#[test]
fn ops_confirm_keeps_the_input_in_sight() {
    let mut long = plan();
    for number in 0..12 {
        long.description.push(Sentence::new(
            "plan-nothing-changed",
            [],
            format!("Step {number} of a long plan that takes one line of its own."),
        ));
    }
    let mut app = confirm_dialog_for(true, long);
    type_text(&mut app, "i-0a1b2c3d");

    for (width, height) in [(80, 24), (60, 15)] {
        let screen = support::render(&app, width, height);
        assert!(
            screen.contains("> i-0a1b2c3d"),
            "{width}x{height}:\n{screen}"
        );
        assert!(
            screen.contains("instance exists"),
            "{width}x{height}:\n{screen}"
        );
        assert!(
            screen.contains("above") && screen.contains("hidden"),
            "{width}x{height}:\n{screen}"
        );
    }
    let screen = support::render(&app, 120, 40);
    assert!(!screen.contains("hidden"), "{screen}");

    // The lines above could not be reached at all; the arrows scroll to them, and
    // typing brings the line to type into back.
    for _ in 0..30 {
        press(&mut app, KeyCode::Up);
    }
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("AWS Backup assumes"), "{screen}");
    assert!(
        screen.contains("below") && screen.contains("hidden"),
        "{screen}"
    );
    type_text(&mut app, "0");
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("> i-0a1b2c3d0"), "{screen}");
}

/// A tag value with a line break showed only its first line, and a right-to-left
/// override reached the terminal and reordered the row. Cells are cleaned as the
/// command line's tables clean them.
#[test]
fn ops_cells_clean_line_breaks_and_overrides() {
    let (mut app, _) = connected(true);
    let odd = instance(
        "i-0a1b2c3d4e5f60003",
        "line1\nline2\u{202e}RTL",
        "running",
        "vol-0cc",
    );
    loaded(&mut app, OpsData::Instances(Listing::complete(vec![odd])));

    let screen = support::render(&app, 160, 30);
    assert!(screen.contains("line1 line2\\u{202e}RTL"), "{screen}");
    assert!(!screen.contains('\u{202e}'), "{screen}");
}

#[test]
fn ops_confirm_requires_exact_id() {
    let mut app = confirm_dialog(true);
    type_text(&mut app, "i-0a1b2c3d4e5f6000");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_requests().is_empty());
    snap!("ops_confirm_dialog", app);
}

/// Control chords edit the confirmation as they edit other fields, and type nothing
/// else: Ctrl-a once put an `a` into the typed id.
#[test]
fn ops_confirm_control_keys_edit() {
    let mut app = confirm_dialog(true);
    let typed = |app: &estante::app::App| match &app.ops.restore {
        Some(RestoreFlow::Confirm { typed, .. }) => typed.clone(),
        other => panic!("no confirmation open: {other:?}"),
    };
    let chord = |app: &mut estante::app::App, c: char, modifiers: KeyModifiers| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), modifiers));
    };
    type_text(&mut app, "i-0a1b two");
    for c in ['a', 'k', 'e'] {
        chord(&mut app, c, KeyModifiers::CONTROL);
    }
    chord(&mut app, 'b', KeyModifiers::ALT);
    assert_eq!(typed(&app), "i-0a1b two");
    chord(&mut app, 'w', KeyModifiers::CONTROL);
    assert_eq!(typed(&app), "i-0a1b ");
    chord(&mut app, 'h', KeyModifiers::CONTROL);
    assert_eq!(typed(&app), "i-0a1b");
    chord(&mut app, 'u', KeyModifiers::CONTROL);
    assert_eq!(typed(&app), "");
    type_text(&mut app, "i-0a1b2c3d4e5f60001");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.take_requests().as_slice(),
        [Request::Ops(OpsRequest::StartRestore { typed, .. })] if typed == "i-0a1b2c3d4e5f60001"
    ));
}

#[test]
fn ops_read_only_never_starts() {
    let mut app = confirm_dialog(false);
    type_text(&mut app, "i-0a1b2c3d4e5f60001");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_requests().is_empty());
    snap!("ops_confirm_read_only", app);
    press(&mut app, KeyCode::Esc);
    assert!(app.ops.restore.is_none());
}

#[test]
fn ops_restore_in_progress() {
    let mut app = confirm_dialog(true);
    type_text(&mut app, "i-0a1b2c3d4e5f60001");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    assert!(matches!(
        requests.as_slice(),
        [Request::Ops(OpsRequest::StartRestore { typed, .. })] if typed == "i-0a1b2c3d4e5f60001"
    ));
    app.handle_msg(Msg::Ops(OpsMsg::RestoreStatus(Box::new(RestoreStatus {
        time: at(12),
        status: "InProgress".to_string(),
        detail: Some(Sentence::plain("restore job 7c1e… is RUNNING (40%)")),
        restore_job: None,
        terminal: false,
    }))));
    snap!("ops_restore_in_progress", app);

    // The library's own progress lines are worded in the interface language.
    app.handle_msg(Msg::Ops(OpsMsg::RestoreStatus(Box::new(RestoreStatus {
        time: at(13),
        status: "Pending".to_string(),
        detail: Some(Sentence::new(
            "progress-not-registered",
            [],
            "SSM has not registered the restore yet",
        )),
        restore_job: None,
        terminal: false,
    }))));
    let portuguese = render_in_portuguese(&app);
    assert!(
        portuguese.contains("o SSM ainda não registrou a restauração"),
        "{portuguese}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.ops.restore, Some(RestoreFlow::Running { .. })),
        "Esc keeps a running restore on screen"
    );
    assert_eq!(app.tab, Tab::Ops);
}

#[test]
fn ops_help_lists_keys() {
    let (mut app, _) = connected(false);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Char('?'));
    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("restore the selected snapshot"), "{screen}");
    assert!(screen.contains("snapshots and volumes"), "{screen}");
}

/// The AWS call is a future that takes ten seconds. While it is pending, the app
/// draws a loading frame and Esc leaves the tab at once.
#[tokio::test]
async fn ops_esc_while_request_pending() {
    let (mut app, requests) = connected(false);
    assert_eq!(requests.len(), OpsView::OVERVIEW.len());
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let slow = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let _ = sender.send(Msg::Ops(OpsMsg::Loaded {
            generation: 1,
            view: OpsView::Instances,
            result: Ok(OpsData::Instances(instances())),
        }));
    });

    let started = std::time::Instant::now();
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Loading instances"), "{screen}");
    assert!(app.is_busy());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Library);
    let screen = support::render(&app, 80, 24);
    assert!(!screen.contains("Loading instances"), "{screen}");
    assert!(
        receiver.try_recv().is_err(),
        "the slow request is still pending"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    slow.abort();
}

#[test]
fn ops_backups_with_restore_jobs() {
    use estante::screens::ops::BackupsData;
    use estante_ops::backup::BackupVault;
    use estante_ops::backup::jobs::{BackupJob, RestoreJob};

    let (mut app, _) = connected(true);
    press(&mut app, KeyCode::Char('b'));
    app.take_requests();
    let failed = BackupJob {
        id: "job-1".to_string(),
        vault: Some("estante-daily".to_string()),
        resource_arn: None,
        resource_type: Some("EBS".to_string()),
        resource_name: Some("estante-db data".to_string()),
        state: "FAILED".to_string(),
        status_message: Some("the volume was deleted".to_string()),
        percent_done: None,
        recovery_point_arn: None,
        creation_date: Some(at(3)),
        completion_date: None,
    };
    let running = RestoreJob {
        id: "restore-1".to_string(),
        recovery_point_arn: None,
        resource_type: Some("EBS".to_string()),
        status: "RUNNING".to_string(),
        status_message: None,
        percent_done: Some("40".to_string()),
        created_resource_arn: None,
        creation_date: Some(at(11)),
        completion_date: None,
    };
    // A job of a resource without a name showed an empty cell; it shows the ARN.
    let unnamed = BackupJob {
        id: "job-2".to_string(),
        resource_arn: Some("arn:aws:ec2:eu-west-1:1:volume/vol-0unnamed".to_string()),
        resource_name: None,
        state: "COMPLETED".to_string(),
        status_message: None,
        ..failed.clone()
    };
    loaded(
        &mut app,
        OpsData::Backups(Box::new(BackupsData {
            vaults: Listing::complete(vec![BackupVault {
                name: "estante-daily".to_string(),
                arn: None,
                recovery_points: 0,
                locked: false,
                creation_date: Some(at(1)),
            }]),
            recovery_points: Listing::complete(Vec::new()),
            jobs: Listing::complete(vec![failed, unnamed]),
            restore_jobs: Listing::complete(vec![running]),
        })),
    );

    let screen = support::render(&app, 120, 40);
    assert!(screen.contains("vol-0unnamed"), "{screen}");
    assert!(screen.contains("FAILED"), "{screen}");
    assert!(screen.contains("RUNNING"), "{screen}");
    assert!(screen.contains("40%"), "{screen}");
    snap!("ops_backups_restore_jobs", app);
}

/// A recovery point is restored onto the instance selected in the Instances view,
/// which the Backups view does not list. The view names that instance, and the
/// restore it plans goes to the same one.
#[test]
fn ops_backups_name_the_restore_target() {
    use estante::screens::ops::BackupsData;
    use estante_ops::backup::recovery_points::{RecoveryPoint, RecoveryPointLifecycle};

    let (mut app, _) = connected(true);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('b'));
    app.take_requests();
    let point = RecoveryPoint {
        arn: "arn:aws:ec2:eu-west-1::snapshot/snap-0f1".to_string(),
        vault: "estante-daily".to_string(),
        resource_arn: None,
        resource_type: Some("EBS".to_string()),
        resource_name: Some("estante-db data".to_string()),
        status: "COMPLETED".to_string(),
        status_message: None,
        creation_date: Some(at(2)),
        completion_date: None,
        size_bytes: None,
        lifecycle: RecoveryPointLifecycle::default(),
    };
    loaded(
        &mut app,
        OpsData::Backups(Box::new(BackupsData {
            vaults: Listing::complete(Vec::new()),
            recovery_points: Listing::complete(vec![point]),
            jobs: Listing::complete(Vec::new()),
            restore_jobs: Listing::complete(Vec::new()),
        })),
    );

    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("Restores go to i-0a1b2c3d4e5f60002 (estante-worker)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('R'));
    let requests = app.take_requests();
    assert!(
        matches!(
            requests.as_slice(),
            [Request::Ops(OpsRequest::PlanRestore {
                request: RestoreRequest::RecoveryPoint { instance_id, .. },
                ..
            })] if instance_id == "i-0a1b2c3d4e5f60002"
        ),
        "{requests:?}"
    );
}

/// The Ops tab in Brazilian Portuguese at 80×24: headings, view names and the
/// metrics panel are translated, AWS's own values (states, metric names) are not.
#[test]
fn ops_loaded_in_portuguese() {
    let (mut app, _) = connected(false);
    estante::i18n::set_thread_language(estante::i18n::Language::BrazilianPortuguese);
    loaded(&mut app, OpsData::Instances(instances()));
    press(&mut app, KeyCode::Enter);
    app.take_requests();
    app.handle_msg(Msg::Ops(OpsMsg::Metrics {
        generation: 1,
        instance_id: "i-0a1b2c3d4e5f60001".to_string(),
        result: Ok(metrics("i-0a1b2c3d4e5f60001")),
    }));
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Conta AWS 111122223333"), "{screen}");
    assert!(screen.contains("i Instâncias"), "{screen}");
    insta::assert_snapshot!("ops_loaded_pt_BR_80x24", screen);
}

/// The restore dialog in Portuguese, read-only, after a wrong confirmation.
#[test]
fn ops_confirm_in_portuguese() {
    let mut app = confirm_dialog(false);
    estante::i18n::set_thread_language(estante::i18n::Language::BrazilianPortuguese);
    type_text(&mut app, "i-0a1b2c3d4e5f60001");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_requests().is_empty());
    let screen = support::render(&app, 80, 24);
    assert!(screen.contains("Somente leitura"), "{screen}");
    insta::assert_snapshot!("ops_confirm_read_only_pt_BR_80x24", screen);
}

/// The plan's sentences and check lines come from the catalogue, with the values
/// the ops library gave, so they read in Portuguese too.
#[test]
fn ops_plan_sentences_in_portuguese() {
    let app = confirm_dialog(true);
    estante::i18n::set_thread_language(estante::i18n::Language::BrazilianPortuguese);
    let screen = support::render(&app, 120, 40);
    assert!(
        screen.contains("um novo volume EBS em eu-west-1a"),
        "{screen}"
    );
    assert!(
        screen.contains("Nenhum volume, instância ou banco"),
        "{screen}"
    );
    assert!(
        screen.contains("a instância existe: i-0a1b2c3d4e5f60001 está em execução em eu-west-1a"),
        "{screen}"
    );
    assert!(screen.contains("Digite i-0a1b2c3d4e5f60001"), "{screen}");
    assert!(!screen.contains("instance exists"), "{screen}");
}

/// Renders `app` at 120×40 with the Portuguese catalogue, on this thread only.
fn render_in_portuguese(app: &estante::app::App) -> String {
    estante::i18n::with_language(estante::i18n::Language::BrazilianPortuguese, || {
        support::render(app, 120, 40)
    })
}
