//! Actions and task results of the Ops tab.

use chrono::Utc;
use estante_ops::ec2::storage::{SnapshotReport, VolumeAttachments};
use estante_ops::restore::{RestoreRequest, Sentence};
use estante_ops::ssm::commands::InvocationOutput;

use super::msg::{OpsMsg, OpsRequest};
use super::{OpsData, OpsState, OpsView, Pending, RestoreFlow};
use crate::app::action::Action;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::overlay::Overlay;
use crate::aws::Failure;
use crate::t;

/// Rows moved by PgUp and PgDn.
const PAGE: usize = 10;

impl OpsState {
    /// Connects on the first visit; later visits keep what was loaded.
    pub fn ensure_connected(&mut self, out: &mut Outbox) {
        if matches!(self.connection, Pending::Idle) {
            self.connect(out);
        }
    }

    /// Drops everything read and builds a new fleet, for a new profile or region.
    pub fn connect(&mut self, out: &mut Outbox) {
        self.generation += 1;
        self.connection = Pending::Loading;
        self.panes = Default::default();
        self.metrics = None;
        self.volumes = Pending::Idle;
        self.instance_attachments = None;
        self.health_loading = false;
        if self.restore.as_ref().is_some_and(RestoreFlow::can_close) {
            self.restore = None;
        }
        out.request(Request::Ops(OpsRequest::Connect {
            generation: self.generation,
            overrides: self.overrides.clone(),
        }));
    }

    fn load(&mut self, view: OpsView, out: &mut Outbox) {
        if self.connection.ready().is_none() {
            self.connect(out);
            return;
        }
        let pane = self.pane_mut(view);
        pane.data = Pending::Loading;
        pane.arrived = None;
        out.request(Request::Ops(OpsRequest::Load {
            generation: self.generation,
            view,
        }));
        // The volume table is read only while its view is on screen.
        if view == OpsView::Storage && self.view == OpsView::Storage {
            self.load_volumes(out);
        }
    }

    fn load_volumes(&mut self, out: &mut Outbox) {
        self.volumes = Pending::Loading;
        out.request(Request::Ops(OpsRequest::Volumes {
            generation: self.generation,
        }));
    }

    fn show(&mut self, view: OpsView, out: &mut Outbox) {
        self.view = view;
        if self.connection.ready().is_none() {
            return;
        }
        if matches!(self.pane(view).data, Pending::Idle) {
            self.load(view, out);
        }
        if view == OpsView::Storage && matches!(self.volumes, Pending::Idle) {
            self.load_volumes(out);
        }
    }

    /// Returns the attachments to build the snapshot report from: a complete
    /// source first, the instance listing before the volumes, else an incomplete
    /// one, whose gap the report then shows as partial.
    fn report_attachments(&self) -> Option<VolumeAttachments> {
        let from_volumes = self.volumes.ready().map(VolumeAttachments::from_volumes);
        match (&self.instance_attachments, from_volumes) {
            (Some(instances), _) if instances.partial().is_none() => Some(instances.clone()),
            (_, Some(volumes)) if volumes.partial().is_none() => Some(volumes),
            (Some(instances), _) => Some(instances.clone()),
            (None, volumes) => volumes,
        }
    }

    /// Builds the snapshot report again from the listed snapshots and the current
    /// attachments. Without attachments, it keeps the report it has.
    fn refresh_snapshot_report(&mut self) {
        let Some(max_age) = self.connection.ready().map(|h| h.snapshot_max_age) else {
            return;
        };
        let Some(attachments) = self.report_attachments() else {
            return;
        };
        if let Pending::Ready(OpsData::Storage(data)) = &mut self.pane_mut(OpsView::Storage).data {
            data.report = Some(SnapshotReport::new(
                data.snapshots.clone(),
                &attachments,
                max_age,
                Utc::now(),
            ));
        }
    }

    /// Applies an action; returns false for the global ones.
    pub fn on_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        if action == Action::Back
            && let Some(flow) = &self.restore
        {
            if flow.can_close() {
                self.restore = None;
            } else {
                out.info(t!("restore-keeps-running"));
            }
            return true;
        }
        // Esc closes the metrics panel, which only the Instances view shows, before
        // it may leave the tab, and then the instance filter.
        if action == Action::Back && self.view == OpsView::Instances && self.metrics.is_some() {
            self.metrics = None;
            return true;
        }
        if action == Action::Back
            && self.view == OpsView::Instances
            && !self.instance_filter.is_empty()
        {
            self.set_instance_filter(String::new());
            return true;
        }
        if action == Action::Filter {
            if self.view != OpsView::Instances {
                out.info(t!("ops-filter-instances-only"));
            } else {
                self.filtering = true;
            }
            return true;
        }
        let rows = if self.view == OpsView::Instances {
            self.visible_instances().len()
        } else {
            self.pane(self.view)
                .data
                .ready()
                .map(OpsData::rows)
                .unwrap_or(0)
        };
        let view = self.view;
        let selected = &mut self.pane_mut(view).selected;
        let last = rows.saturating_sub(1);
        match action {
            Action::Down => *selected = (*selected + 1).min(last),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::PageDown => *selected = (*selected + PAGE).min(last),
            Action::PageUp => *selected = selected.saturating_sub(PAGE),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = last,
            Action::Left | Action::Right => {
                let step = if action == Action::Right { 1 } else { 4 };
                self.show(OpsView::ALL[(view.index() + step) % 5], out);
            }
            Action::ShowOpsView(view) => self.show(view, out),
            // The snapshot report names instances from the instance listing, so a
            // reload of the snapshots reads the instances again too. The old listing
            // would name instances that are gone and miss new ones.
            Action::Reload if view == OpsView::Storage => {
                self.instance_attachments = None;
                self.load(OpsView::Instances, out);
                self.load(view, out);
            }
            Action::Reload => self.load(view, out),
            Action::Open => self.open(out),
            Action::Restore => self.plan_restore(out),
            _ => return false,
        }
        true
    }

    /// Enter: metrics for an instance, the instance of an alarm, or the output of a
    /// Run Command command.
    fn open(&mut self, out: &mut Outbox) {
        let pane = self.pane(self.view);
        match pane.data.ready() {
            Some(OpsData::Instances(_)) => {
                if let Some(instance) = self.selected_instance() {
                    let instance_id = instance.id.clone();
                    self.metrics = Some((instance_id.clone(), Pending::Loading));
                    out.request(Request::Ops(OpsRequest::Metrics {
                        generation: self.generation,
                        instance_id,
                    }));
                }
            }
            Some(OpsData::Alarms(listing)) => {
                let Some(alarm) = listing.items.get(pane.selected) else {
                    return;
                };
                let Some(instance_id) = alarm.instance_id.clone() else {
                    out.error(t!("ops-alarm-no-instance", alarm = alarm.name.as_str()));
                    return;
                };
                self.pivot_to_instance(&instance_id, out);
            }
            Some(OpsData::Commands(listing)) => {
                if let Some(command) = listing.items.get(pane.selected) {
                    out.info(t!(
                        "ops-command-output-loading",
                        command = command.id.as_str()
                    ));
                    // A command sent to many instances shows the first few; the
                    // popup has room for no more.
                    out.request(Request::Ops(OpsRequest::CommandOutput {
                        generation: self.generation,
                        command_id: command.id.clone(),
                        instance_ids: command
                            .instance_ids
                            .iter()
                            .take(OUTPUT_INSTANCES)
                            .cloned()
                            .collect(),
                    }));
                }
            }
            _ => {}
        }
    }

    /// Sets the instance filter and moves the selection to the first row shown.
    fn set_instance_filter(&mut self, text: String) {
        self.instance_filter = text;
        self.pane_mut(OpsView::Instances).selected = 0;
    }

    /// Handles a key while the filter line takes them: Enter keeps the filter, Esc
    /// drops it.
    pub fn on_filter_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};

        match key.code {
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                self.set_instance_filter(String::new());
            }
            KeyCode::Backspace => {
                let mut text = self.instance_filter.clone();
                text.pop();
                self.set_instance_filter(text);
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.set_instance_filter(String::new());
            }
            KeyCode::Char(character)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !character.is_control() =>
            {
                let mut text = self.instance_filter.clone();
                text.push(character);
                self.set_instance_filter(text);
            }
            _ => {}
        }
    }

    fn pivot_to_instance(&mut self, instance_id: &str, out: &mut Outbox) {
        self.show(OpsView::Instances, out);
        // The filter could hide the instance, and the selection is a place among
        // the rows shown, so the pivot shows every row.
        self.instance_filter.clear();
        let pane = self.pane_mut(OpsView::Instances);
        let position = match pane.data.ready() {
            Some(OpsData::Instances(listing)) => {
                listing.items.iter().position(|i| i.id == instance_id)
            }
            _ => None,
        };
        match position {
            Some(index) => {
                pane.selected = index;
                self.open(out);
            }
            None => out.info(t!("ops-instance-not-loaded", instance = instance_id)),
        }
    }

    /// R: runs the preflight for the selected snapshot or recovery point.
    fn plan_restore(&mut self, out: &mut Outbox) {
        let target = self.selected_instance().map(|i| i.id.clone());
        let pane = self.pane(self.view);
        let request = match pane.data.ready() {
            Some(OpsData::Storage(data)) => {
                let Some(snapshot) = data.snapshot_rows().items.get(pane.selected) else {
                    return;
                };
                // Until the report is built, a snapshot of an attached volume has
                // no instance yet, and the fallback below would pick a wrong one.
                if data.report.is_none() {
                    out.info(t!("restore-snapshot-instance-pending"));
                    return;
                }
                // A snapshot whose volume is attached to no listed instance has no
                // target of its own. The instance selected in another view would be one the
                // reader cannot see here, so the command line, which names the
                // target, is the way to restore it.
                let Some(instance_id) = snapshot.instance_id.clone() else {
                    out.error(t!(
                        "restore-snapshot-no-instance",
                        snapshot = snapshot.id.as_str()
                    ));
                    return;
                };
                RestoreRequest::Snapshot {
                    snapshot_id: snapshot.id.clone(),
                    instance_id,
                    restore_role_arn: None,
                }
            }
            Some(OpsData::Backups(data)) => {
                let Some(point) = data.recovery_points.items.get(pane.selected) else {
                    return;
                };
                let Some(instance_id) = target else {
                    out.error(t!("restore-select-instance"));
                    return;
                };
                RestoreRequest::RecoveryPoint {
                    vault: point.vault.clone(),
                    recovery_point_arn: point.arn.clone(),
                    instance_id,
                    restore_role_arn: None,
                }
            }
            _ => {
                out.info(t!("restore-where"));
                return;
            }
        };
        let target = match &request {
            RestoreRequest::Snapshot {
                snapshot_id,
                instance_id,
                ..
            } => t!(
                "restore-target-snapshot",
                snapshot = snapshot_id.as_str(),
                instance = instance_id.as_str()
            ),
            RestoreRequest::RecoveryPoint {
                recovery_point_arn,
                instance_id,
                ..
            } => t!(
                "restore-target-recovery-point",
                point = recovery_point_arn.as_str(),
                instance = instance_id.as_str()
            ),
            RestoreRequest::Database {
                instance_id,
                backup_key,
            } => t!(
                "restore-target-database",
                backup = backup_key.as_str(),
                instance = instance_id.as_str()
            ),
        };
        self.restore = Some(RestoreFlow::Planning { target });
        out.request(Request::Ops(OpsRequest::PlanRestore {
            generation: self.generation,
            request,
        }));
    }

    /// Applies a task's result.
    pub fn on_msg(&mut self, msg: OpsMsg, out: &mut Outbox) {
        match msg {
            OpsMsg::Connected { generation, result } if generation == self.generation => {
                match result {
                    Ok(header) => {
                        self.connection = Pending::Ready(header);
                        self.load(self.view, out);
                        for view in OpsView::OVERVIEW {
                            if view != self.view {
                                self.load(view, out);
                            }
                        }
                    }
                    Err(failure) => self.connection = Pending::Failed(failure),
                }
            }
            OpsMsg::Page {
                generation,
                view,
                rows,
            } if generation == self.generation => {
                let pane = self.pane_mut(view);
                if !matches!(pane.data, Pending::Loading) {
                    return;
                }
                pane.arrived = Some(match (pane.arrived.take(), rows) {
                    (Some(OpsData::Instances(mut so_far)), OpsData::Instances(page)) => {
                        so_far.items.extend(page.items);
                        OpsData::Instances(so_far)
                    }
                    (_, rows) => rows,
                });
            }
            OpsMsg::Loaded {
                generation,
                view,
                result,
            } if generation == self.generation => {
                if let Ok(OpsData::Instances(listing)) = &result {
                    self.instance_attachments = Some(VolumeAttachments::from_instances(listing));
                    self.health_loading = true;
                    out.request(Request::Ops(OpsRequest::Health {
                        generation: self.generation,
                    }));
                }
                let pane = self.pane_mut(view);
                pane.arrived = None;
                pane.data = match result {
                    Ok(data) => {
                        pane.selected = pane.selected.min(data.rows().saturating_sub(1));
                        Pending::Ready(data)
                    }
                    Err(failure) => Pending::Failed(failure),
                };
                if view == OpsView::Instances {
                    let shown = self.visible_instances().len();
                    let pane = self.pane_mut(view);
                    pane.selected = pane.selected.min(shown.saturating_sub(1));
                }
                self.refresh_snapshot_report();
            }
            OpsMsg::Volumes { generation, result } if generation == self.generation => {
                self.volumes = match result {
                    Ok(volumes) => Pending::Ready(volumes),
                    Err(failure) => Pending::Failed(failure),
                };
                self.refresh_snapshot_report();
            }
            OpsMsg::Health { generation, result } if generation == self.generation => {
                self.health_loading = false;
                // A listing that is loading again requests its own health when in.
                let Pending::Ready(OpsData::Instances(listing)) =
                    &mut self.pane_mut(OpsView::Instances).data
                else {
                    return;
                };
                match result {
                    Ok(health) => health.apply_to(listing),
                    Err(failure) => listing.mark_partial(Sentence::plain(t!(
                        "ops-health-unavailable",
                        error = failure.to_string()
                    ))),
                }
            }
            OpsMsg::Metrics {
                generation,
                instance_id,
                result,
            } if generation == self.generation => {
                if self
                    .metrics
                    .as_ref()
                    .is_some_and(|(id, _)| *id == instance_id)
                {
                    let pending = match result {
                        Ok(metrics) => Pending::Ready(metrics),
                        Err(failure) => Pending::Failed(failure),
                    };
                    self.metrics = Some((instance_id, pending));
                }
            }
            OpsMsg::CommandOutput {
                generation,
                command_id,
                runs,
            } if generation == self.generation => out.overlay(Overlay::Message {
                title: t!("ops-command-output-title", command = command_id.as_str()),
                body: command_output_text(&runs),
                error: runs.iter().all(|(_, run)| run.is_err()),
            }),
            OpsMsg::Planned { generation, result } if generation == self.generation => {
                if !matches!(self.restore, Some(RestoreFlow::Planning { .. })) {
                    return;
                }
                self.restore_scroll = 0;
                self.restore = Some(match result {
                    Ok(plan) => RestoreFlow::Confirm {
                        plan,
                        typed: String::new(),
                        error: None,
                    },
                    Err(failure) => RestoreFlow::Failed(failure),
                });
            }
            OpsMsg::RestoreStarted(handle) => {
                if let Some(RestoreFlow::Running { execution_id, .. }) = &mut self.restore {
                    *execution_id = Some(handle.execution_id.clone());
                }
                match &handle.unlogged {
                    Some(error) => out.error(t!("restore-unlogged", error = error.as_str())),
                    None => out.info(t!(
                        "restore-started",
                        execution = handle.execution_id.as_str()
                    )),
                }
            }
            OpsMsg::RestoreStatus(new) => {
                if let Some(RestoreFlow::Running { status, .. }) = &mut self.restore {
                    *status = Some(new);
                }
            }
            OpsMsg::RestoreFinished(result) => {
                match &result {
                    Ok(outcome) if let Some(error) = &outcome.unlogged => {
                        out.error(t!("restore-outcome-unlogged", error = error.as_str()))
                    }
                    Ok(outcome) if outcome.succeeded => out.info(t!("restore-finished")),
                    Ok(outcome) => {
                        out.error(t!("restore-ended-as", status = outcome.status.to_string()))
                    }
                    // Before an execution id arrives nothing was sent, so "failed"
                    // would wrongly report that a restore ran.
                    Err(failure) => {
                        let started = matches!(
                            &self.restore,
                            Some(RestoreFlow::Running {
                                execution_id: Some(_),
                                ..
                            })
                        );
                        let error = failure.to_string();
                        out.error(if started {
                            t!("restore-failed", error = error)
                        } else {
                            t!("restore-not-started", error = error)
                        });
                    }
                }
                if let Some(RestoreFlow::Running { outcome, .. }) = &mut self.restore {
                    *outcome = Some(result);
                }
            }
            OpsMsg::Declined(Err(failure)) => out.error(t!(
                "restore-decline-not-logged",
                error = failure.to_string()
            )),
            OpsMsg::Declined(Ok(())) => {}
            stale => tracing::debug!(?stale, "dropped a result of an older AWS connection"),
        }
    }

    /// Sets the profile (`None` for the default chain) and reconnects.
    pub fn set_profile(&mut self, profile: Option<String>, out: &mut Outbox) {
        self.overrides.profile = profile;
        self.connect(out);
    }

    /// Sets the region (`None` for the default chain) and reconnects.
    pub fn set_region(&mut self, region: Option<String>, out: &mut Outbox) {
        self.overrides.region = region;
        self.connect(out);
    }

    /// Failure shown when a request found no fleet to run on.
    pub fn not_connected() -> Failure {
        Failure::new(t!("ops-not-connected"))
    }
}

/// Instances whose runs the output popup reads, at most.
const OUTPUT_INSTANCES: usize = 5;

/// Lines of each output stream that the output popup shows: the last ones, because
/// a failing script prints its error there.
const OUTPUT_TAIL_LINES: usize = 12;

/// Words each instance's run for the output popup: its status and exit code, then
/// the end of its standard output and standard error.
fn command_output_text(runs: &[(String, Result<InvocationOutput, Failure>)]) -> String {
    let mut text = String::new();
    if runs.is_empty() {
        text.push_str(&t!("ops-command-output-none"));
    }
    for (instance_id, run) in runs {
        let run = match run {
            Ok(run) => run,
            Err(failure) => {
                text.push_str(&t!(
                    "ops-command-output-failed",
                    instance = instance_id.as_str(),
                    error = failure.to_string()
                ));
                text.push_str("\n\n");
                continue;
            }
        };
        text.push_str(&t!(
            "ops-command-output-run",
            instance = instance_id.as_str(),
            status = run.status.as_str(),
            code = run.response_code
        ));
        text.push('\n');
        for (stream, output) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            let lines: Vec<&str> = output.trim_end().lines().collect();
            if lines.is_empty() {
                continue;
            }
            let tail = &lines[lines.len().saturating_sub(OUTPUT_TAIL_LINES)..];
            text.push_str(&format!("{stream}:\n"));
            if tail.len() < lines.len() {
                text.push_str(&t!(
                    "ops-command-output-cut",
                    count = lines.len() - tail.len()
                ));
                text.push('\n');
            }
            for line in tail {
                text.push_str(&format!("  {line}\n"));
            }
        }
        text.push('\n');
    }
    text.trim_end().to_string()
}
