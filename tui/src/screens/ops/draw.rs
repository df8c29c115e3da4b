//! Drawing the Ops tab: the connection header, the view bar, the current view,
//! the metrics panel and the restore dialog.

use chrono::{DateTime, Utc};
use estante_ops::cloudwatch::metrics::{AgentMetrics, InstanceMetrics};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Sparkline, Table, TableState, Wrap};

use super::{BackupsData, OpsData, OpsState, OpsView, Pending, StorageData};
use crate::app::theme::Theme;
use crate::aws::Failure;
use crate::i18n::format;
use crate::t;
use crate::widgets::text::truncate;

pub fn draw(frame: &mut Frame, area: Rect, state: &OpsState, theme: &Theme) {
    let [header, views, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(state, theme)), header);
    frame.render_widget(Paragraph::new(view_bar(state.view, theme)), views);
    match &state.connection {
        Pending::Idle | Pending::Loading => {
            let text = t!("ops-connecting");
            frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), body);
        }
        Pending::Failed(failure) => {
            draw_failure(frame, body, &t!("ops-failed-connect"), failure, theme)
        }
        Pending::Ready(_) => draw_view(frame, body, state, theme),
    }
    if let Some(flow) = &state.restore {
        super::restore::draw(
            frame,
            area,
            flow,
            state.restores_enabled(),
            state.restore_scroll,
            theme,
        );
    }
}

fn header_line<'a>(state: &'a OpsState, theme: &Theme) -> Line<'a> {
    let Some(header) = state.connection.ready() else {
        return Line::styled("AWS", theme.title());
    };
    let mode = if header.restores_enabled {
        Span::styled(t!("ops-restores-enabled"), theme.error())
    } else {
        Span::styled(t!("ops-read-only"), theme.dim())
    };
    // Whether restores may start comes first: on a narrow screen the end of the
    // line is cut, and this is the part that must not be.
    Line::from(vec![
        mode,
        Span::raw(" · "),
        Span::styled(
            t!("ops-account", account = header.account.as_str()),
            theme.title(),
        ),
        Span::raw(format!(
            " · {}",
            t!(
                "ops-profile-region",
                profile = header.profile.as_str(),
                region = header.region.as_str()
            )
        )),
    ])
}

fn view_bar(current: OpsView, theme: &Theme) -> Line<'static> {
    let keys = ["i", "a", "s", "b", "c"];
    let mut spans = Vec::new();
    for (view, key) in OpsView::ALL.iter().zip(keys) {
        let style = if *view == current {
            theme.active_tab()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!("{key} {}", view.title()), style));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

fn draw_failure(frame: &mut Frame, area: Rect, what: &str, failure: &Failure, theme: &Theme) {
    let mut lines = vec![
        Line::styled(what.to_string(), theme.error()),
        Line::raw(failure.message.clone()),
    ];
    if let Some(advice) = &failure.advice {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            t!("ops-what-to-do", advice = advice.as_str()),
            theme.accent(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t!("ops-press-r"), theme.dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn draw_view(frame: &mut Frame, area: Rect, state: &OpsState, theme: &Theme) {
    let pane = state.pane(state.view);
    let (data, loading) = match (&pane.data, &pane.arrived) {
        (Pending::Loading, Some(arrived)) => (arrived, true),
        (Pending::Idle | Pending::Loading, _) => {
            let text = t!("ops-loading-view", view = state.view.title().to_lowercase());
            frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), area);
            return;
        }
        (Pending::Failed(failure), _) => {
            let what = t!("ops-failed-load", view = state.view.title().to_lowercase());
            draw_failure(frame, area, &what, failure, theme);
            return;
        }
        (Pending::Ready(data), _) => (data, false),
    };
    let area = if loading {
        let text = t!(
            "ops-loading-partial",
            view = state.view.title().to_lowercase(),
            rows = data.rows()
        );

        let [note, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), note);
        rest
    } else {
        area
    };
    let area = if state.view == OpsView::Instances && state.health_loading && !loading {
        let [note, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let text = t!("ops-health-loading");
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), note);
        rest
    } else {
        area
    };
    let mut partial = data.partial();
    if state.view == OpsView::Storage
        && let Some(volumes) = state.volumes.ready().and_then(|v| v.partial.as_ref())
    {
        let volumes = crate::i18n::sentence(volumes);
        partial = Some(match partial {
            Some(reason) => format!("{reason}; {volumes}"),
            None => volumes.to_string(),
        });
    }
    let area = match partial {
        Some(reason) => {
            let text = t!("ops-incomplete-list", reason = reason.to_string());
            // Room for the whole note as wrapped, up to half the view, so each
            // failed call's reason can be read and the rows still show.
            let lines = crate::widgets::text::wrap(&text, usize::from(area.width)).len();
            let max_lines = usize::from(area.height / 2).max(4);
            let height = u16::try_from(lines.min(max_lines)).unwrap_or(4);
            let [warning, rest] =
                Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme.error())).wrap(Wrap { trim: true }),
                warning,
            );
            rest
        }
        None => area,
    };
    let selected = pane.selected;
    match data {
        OpsData::Instances(listing) => {
            // The filter line, under the rows, while it is typed or keeps a filter.
            let needle = state.instance_filter.trim().to_lowercase();
            let area = if state.filtering || !needle.is_empty() {
                let [rows, line] =
                    Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
                let shown = listing
                    .items
                    .iter()
                    .filter(|i| needle.is_empty() || super::instance_matches(i, &needle))
                    .count();
                let mut text = format!("/{}", state.instance_filter);
                if state.filtering {
                    text.push('█');
                }
                let count = t!(
                    "ops-filter-count",
                    shown = shown,
                    total = listing.items.len()
                );
                let spans = vec![
                    Span::styled(text, theme.accent()),
                    Span::styled(format!("  {count}"), theme.dim()),
                ];
                frame.render_widget(Paragraph::new(Line::from(spans)), line);
                rows
            } else {
                area
            };
            let rows = listing
                .items
                .iter()
                .filter(|i| needle.is_empty() || super::instance_matches(i, &needle))
                .map(|i| {
                    vec![
                        i.id.clone(),
                        i.name.clone().unwrap_or_default(),
                        i.state.clone(),
                        i.instance_type.clone(),
                        i.availability_zone.clone().unwrap_or_default(),
                        match &i.status_checks {
                            Some(checks) => checks.summary().unwrap_or("-").to_string(),
                            None if state.health_loading => "…".into(),
                            None => "-".into(),
                        },
                        match &i.ssm {
                            Some(agent) => agent.ping_status.clone(),
                            None if state.health_loading => "…".into(),
                            None => "-".into(),
                        },
                    ]
                })
                .collect();
            let header = [
                t!("ops-col-instance"),
                t!("ops-col-name"),
                t!("ops-col-state"),
                t!("ops-col-type"),
                t!("ops-col-zone"),
                t!("ops-col-checks"),
                t!("ops-col-ssm"),
            ];
            let widths = [21, 16, 10, 11, 12, 10, 8];
            match &state.metrics {
                Some((instance_id, metrics)) => {
                    let [list, panel] =
                        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
                    table(
                        frame,
                        list,
                        &header,
                        rows,
                        &widths,
                        selected,
                        &t!("ops-no-instances"),
                        theme,
                    );
                    draw_metrics(frame, panel, instance_id, metrics, theme);
                }
                None => table(
                    frame,
                    area,
                    &header,
                    rows,
                    &widths,
                    selected,
                    &t!("ops-no-instances"),
                    theme,
                ),
            }
        }
        OpsData::Alarms(listing) => {
            // Why an alarm fires is what on-call reads first, but on a narrow screen
            // the column would cut the instance ids, which Enter pivots to.
            let with_reason = area.width >= WIDE_ENOUGH_FOR_REASONS;
            let rows = listing
                .items
                .iter()
                .map(|a| {
                    let mut row = vec![
                        a.state.clone(),
                        a.name.clone(),
                        a.instance_id.clone().unwrap_or_default(),
                        a.metric_name.clone().unwrap_or_default(),
                        a.state_updated
                            .map(|t| format::month_day_time(t.naive_utc()))
                            .unwrap_or_default(),
                    ];
                    if with_reason {
                        row.push(a.state_reason.clone().unwrap_or_default());
                    }
                    row
                })
                .collect();
            let mut header = vec![
                t!("ops-col-state"),
                t!("ops-col-alarm"),
                t!("ops-col-instance"),
                t!("ops-col-metric"),
                utc(t!("ops-col-since")),
            ];
            let mut widths = vec![17, 16, 19, 12, 11];
            if with_reason {
                header.push(t!("ops-col-reason"));
                widths.push(40);
            }
            table(
                frame,
                area,
                &header,
                rows,
                &widths,
                selected,
                &t!("ops-no-alarms"),
                theme,
            );
        }
        OpsData::Storage(data) => draw_storage(frame, area, state, data, selected, theme),
        OpsData::Backups(data) => draw_backups(frame, area, state, data, selected, theme),
        OpsData::Commands(listing) => {
            let rows = listing
                .items
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.document_name.clone().unwrap_or_default(),
                        c.status.clone(),
                        format!("{}/{}", c.completed_count, c.target_count),
                        c.error_count.to_string(),
                        time(c.requested),
                    ]
                })
                .collect();
            let header = [
                t!("ops-col-command"),
                t!("ops-col-document"),
                t!("ops-col-status"),
                t!("ops-col-done"),
                t!("ops-col-errors"),
                utc(t!("ops-col-requested")),
            ];
            let widths = [36, 24, 10, 6, 6, 16];
            table(
                frame,
                area,
                &header,
                rows,
                &widths,
                selected,
                &t!("ops-no-commands"),
                theme,
            );
        }
    }
}

fn draw_storage(
    frame: &mut Frame,
    area: Rect,
    state: &OpsState,
    data: &StorageData,
    selected: usize,
    theme: &Theme,
) {
    let stale: Vec<&str> = data
        .report
        .iter()
        .flat_map(|report| &report.stale_instances)
        .map(|s| s.instance_id.as_str())
        .collect();
    // Until the report is built, the instance of each snapshot is not known yet.
    let unknown = if data.report.is_none() { "…" } else { "" };

    let rows = data
        .snapshot_rows()
        .items
        .iter()
        .map(|s| {
            let is_stale = s
                .instance_id
                .as_deref()
                .is_some_and(|id| stale.contains(&id));
            vec![
                s.id.clone(),
                s.instance_id.clone().unwrap_or_else(|| unknown.to_string()),
                s.state.clone(),
                s.age_hours.map(|h| format!("{h} h")).unwrap_or_default(),
                if is_stale {
                    t!("ops-stale")
                } else {
                    String::new()
                },
            ]
        })
        .collect();

    let [snapshots, summary, volumes] = Layout::vertical([
        Constraint::Fill(2),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let header = [
        t!("ops-col-snapshot"),
        t!("ops-col-instance"),
        t!("ops-col-state"),
        t!("ops-col-age"),
        t!("ops-col-stale"),
    ];
    let widths = [22, 21, 10, 8, 6];
    table(
        frame,
        snapshots,
        &header,
        rows,
        &widths,
        selected,
        &t!("ops-no-snapshots"),
        theme,
    );

    let text = match &data.report {
        None => {
            let hours = state
                .connection
                .ready()
                .map_or(0, |header| header.snapshot_max_age.as_secs() / 3600);
            Line::styled(t!("ops-stale-waiting", hours = hours), theme.dim())
        }
        Some(report) if stale.is_empty() => Line::styled(
            t!("ops-all-fresh", hours = report.max_age_hours),
            theme.ok(),
        ),
        // A long list is cut with `…`, so a cut id does not pass for a whole one.
        Some(report) => Line::styled(
            truncate(
                &t!(
                    "ops-stale-list",
                    count = stale.len(),
                    hours = report.max_age_hours,
                    instances = stale.join(", ")
                ),
                usize::from(summary.width),
            ),
            theme.error(),
        ),
    };

    frame.render_widget(Paragraph::new(text), summary);

    let volume_rows = match &state.volumes {
        Pending::Ready(listing) => listing,
        Pending::Idle | Pending::Loading => {
            let text = t!("ops-loading-volumes");
            frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), volumes);
            return;
        }
        Pending::Failed(failure) => {
            let title = t!("ops-failed-volumes");
            draw_failure(frame, volumes, &title, failure, theme);
            return;
        }
    };
    let rows = volume_rows
        .items
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.instance_id.clone().unwrap_or_default(),
                v.volume_type.clone(),
                format!("{} GiB", v.size_gib),
                v.state.clone(),
            ]
        })
        .collect();
    let header = [
        t!("ops-col-volume"),
        t!("ops-col-instance"),
        t!("ops-col-type"),
        t!("ops-col-size"),
        t!("ops-col-state"),
    ];
    let widths = [22, 21, 6, 9, 10];
    table(
        frame,
        volumes,
        &header,
        rows,
        &widths,
        usize::MAX,
        &empty_text(volume_rows, t!("ops-no-volumes")),
        theme,
    );
}

/// Returns the text of an empty table: `empty`, unless the listing failed, whose
/// error the partial banner above shows.
fn empty_text<T>(listing: &estante_ops::Listing<T>, empty: String) -> String {
    if listing.partial.is_some() {
        t!("ops-not-listed")
    } else {
        empty
    }
}

fn draw_backups(
    frame: &mut Frame,
    area: Rect,
    state: &OpsState,
    data: &BackupsData,
    selected: usize,
    theme: &Theme,
) {
    let vaults: Vec<String> = data
        .vaults
        .items
        .iter()
        .map(|v| {
            if v.locked {
                t!(
                    "ops-vault-locked",
                    name = v.name.as_str(),
                    points = v.recovery_points
                )
            } else {
                t!(
                    "ops-vault",
                    name = v.name.as_str(),
                    points = v.recovery_points
                )
            }
        })
        .collect();

    let [summary, points, jobs, restores] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(area);

    let text = if vaults.is_empty() {
        t!("ops-no-vaults")
    } else {
        t!("ops-vaults", vaults = vaults.join(", "))
    };
    // A recovery point is restored onto the instance selected in the Instances view,
    // which this view does not show, so it names that instance here.
    let target = match state.selected_instance() {
        Some(instance) => t!("ops-backups-target", instance = instance_label(instance)),
        None => t!("ops-backups-no-target"),
    };
    let lines = vec![Line::from(text), Line::styled(target, theme.dim())];
    frame.render_widget(Paragraph::new(lines), summary);

    let rows = data
        .recovery_points
        .items
        .iter()
        .map(|p| {
            vec![
                p.vault.clone(),
                p.resource_name
                    .clone()
                    .or(p.resource_arn.clone())
                    .unwrap_or_default(),
                p.resource_type.clone().unwrap_or_default(),
                p.status.clone(),
                time(p.creation_date),
            ]
        })
        .collect();
    let header = [
        t!("ops-col-vault"),
        t!("ops-col-resource"),
        t!("ops-col-type"),
        t!("ops-col-status"),
        utc(t!("ops-col-created")),
    ];
    let widths = [16, 30, 8, 10, 16];
    table(
        frame,
        points,
        &header,
        rows,
        &widths,
        selected,
        &empty_text(&data.recovery_points, t!("ops-no-recovery-points")),
        theme,
    );

    let rows = data
        .jobs
        .items
        .iter()
        .map(|j| {
            vec![
                j.state.clone(),
                j.resource_name
                    .clone()
                    .or(j.resource_arn.clone())
                    .unwrap_or_default(),
                time(j.creation_date),
                j.status_message.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        t!("ops-col-job-state"),
        t!("ops-col-resource"),
        utc(t!("ops-col-created")),
        t!("ops-col-message"),
    ];
    let widths = [10, 24, 16, 40];
    table(
        frame,
        jobs,
        &header,
        rows,
        &widths,
        usize::MAX,
        &empty_text(&data.jobs, t!("ops-no-backup-jobs")),
        theme,
    );

    let rows = data
        .restore_jobs
        .items
        .iter()
        .map(|j| {
            let done = j.percent_done.as_deref().map(|p| format!("{p}%"));
            vec![
                j.status.clone(),
                done.unwrap_or_default(),
                j.resource_type.clone().unwrap_or_default(),
                time(j.creation_date),
                j.created_resource_arn
                    .clone()
                    .or(j.status_message.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        t!("ops-col-restore"),
        t!("ops-col-done"),
        t!("ops-col-type"),
        utc(t!("ops-col-created")),
        t!("ops-col-created-resource"),
    ];
    let widths = [10, 5, 6, 16, 40];
    table(
        frame,
        restores,
        &header,
        rows,
        &widths,
        usize::MAX,
        &empty_text(&data.restore_jobs, t!("ops-no-restore-jobs")),
        theme,
    );
}

fn draw_metrics(
    frame: &mut Frame,
    area: Rect,
    instance_id: &str,
    metrics: &Pending<InstanceMetrics>,
    theme: &Theme,
) {
    let block = Block::bordered().title(t!("ops-metrics-title", instance = instance_id));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let metrics = match metrics {
        Pending::Idle | Pending::Loading => {
            frame.render_widget(
                Paragraph::new(Line::styled(t!("ops-loading"), theme.dim())),
                inner,
            );
            return;
        }
        Pending::Failed(failure) => {
            draw_failure(frame, inner, &t!("ops-failed-metrics"), failure, theme);
            return;
        }
        Pending::Ready(metrics) => metrics,
    };

    let mut rows: Vec<Constraint> = metrics
        .series
        .iter()
        .map(|_| Constraint::Length(1))
        .collect();
    rows.push(Constraint::Fill(1));
    let areas = Layout::vertical(rows).split(inner);

    for (series, row) in metrics.series.iter().zip(areas.iter()) {
        let [label, line] =
            Layout::horizontal([Constraint::Length(36), Constraint::Fill(1)]).areas(*row);
        let latest = series
            .points
            .last()
            .map(|p| format::decimal(p.value, 1))
            .unwrap_or_else(|| t!("ops-no-data"));
        let text = format!("{:<24} {latest:>10}", truncate(&series.label(), 24));
        frame.render_widget(Paragraph::new(text), label);
        // Sparkline takes integers; hundredths keep two decimals of the value.
        let values: Vec<u64> = series
            .points
            .iter()
            .map(|p| (p.value.max(0.0) * 100.0).round() as u64)
            .collect();
        frame.render_widget(
            Sparkline::default().data(&values).style(theme.accent()),
            line,
        );
    }

    let mut notes = Vec::new();
    if metrics.agent == AgentMetrics::Absent {
        notes.push(Line::styled(t!("ops-no-agent"), theme.dim()));
    }
    if let Some(reason) = &metrics.partial {
        notes.push(Line::styled(
            t!("ops-incomplete", reason = crate::i18n::sentence(reason)),
            theme.error(),
        ));
    }
    if let Some(rest) = areas.last() {
        frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), *rest);
    }
}

/// Draws a table with the `selected` row highlighted (none when out of range).
#[allow(clippy::too_many_arguments)]
fn table(
    frame: &mut Frame,
    area: Rect,
    header: &[String],
    rows: Vec<Vec<String>>,
    widths: &[u16],
    selected: usize,
    empty: &str,
    theme: &Theme,
) {
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(empty.to_string(), theme.dim())),
            area,
        );
        return;
    }
    let selected = (selected < rows.len()).then_some(selected);
    // AWS returns tag values and messages as their owners wrote them. A line break
    // cut a cell to its first line, and a bidirectional override reordered the
    // row on screen; the command line's tables show the same values safely.
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(crate::commands::output::clean_cell_owned)
                .collect()
        })
        .collect();
    let mut natural: Vec<u16> = header.iter().map(|cell| text_width(cell)).collect();
    for row in &rows {
        for (width, cell) in natural.iter_mut().zip(row) {
            *width = (*width).max(text_width(cell));
        }
    }
    let widths = column_widths(&natural, widths, area.width);
    // Cells are cut here, with an ellipsis, rather than by the table.
    // Only cells wider than their column are copied; the rest move as they are,
    // since this runs on every frame for every row.
    let cut = |cells: Vec<String>| -> Vec<String> {
        cells
            .into_iter()
            .zip(&widths)
            .map(|(cell, width)| {
                if text_width(&cell) > *width {
                    truncate(&cell, usize::from(*width))
                } else {
                    cell
                }
            })
            .collect()
    };
    let rows: Vec<Vec<String>> = rows.into_iter().map(cut).collect();
    let header = Row::new(cut(header.to_vec())).style(theme.header());
    let widths: Vec<Constraint> = widths.into_iter().map(Constraint::Length).collect();
    let table = Table::new(rows.into_iter().map(Row::new), widths)
        .header(header)
        .row_highlight_style(theme.selected());
    let mut table_state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut table_state);
}

/// The narrowest Alarms view that shows each alarm's state reason.
const WIDE_ENOUGH_FOR_REASONS: u16 = 110;

fn text_width(text: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;

    u16::try_from(text.width()).unwrap_or(u16::MAX)
}

/// Widths of a table's columns in `available` cells, one cell apart.
///
/// Each column starts at its `natural` width (its widest cell) or its `preferred`
/// width, whichever is less. Spare cells go one at a time, in turn, first to the
/// columns whose cells are wider, so a long alarm name is shown whole when the
/// screen has room. The rest go back to the columns below their preferred width,
/// so a wide screen keeps the usual layout. When even that does not fit, the widest
/// columns narrow, down to six cells.
fn column_widths(natural: &[u16], preferred: &[u16], available: u16) -> Vec<u16> {
    const NARROWEST: u16 = 6;
    let mut widths: Vec<u16> = natural
        .iter()
        .zip(preferred)
        .map(|(natural, preferred)| (*natural).min(*preferred))
        .collect();
    let gaps = u16::try_from(widths.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let used = |widths: &[u16]| {
        widths
            .iter()
            .fold(gaps, |sum, width| sum.saturating_add(*width))
    };
    let mut spare = available.saturating_sub(used(&widths));
    for targets in [natural, preferred] {
        while spare > 0 {
            let mut grew = false;
            for (width, target) in widths.iter_mut().zip(targets) {
                if spare > 0 && *width < *target {
                    *width += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
    }
    while used(&widths) > available {
        let Some(widest) = widths
            .iter_mut()
            .filter(|w| **w > NARROWEST)
            .max_by_key(|w| **w)
        else {
            break;
        };
        *widest -= 1;
    }
    widths
}

/// Formats an instance as a restore target: its id, and its Name tag when it has one.
fn instance_label(instance: &estante_ops::ec2::instances::Instance) -> String {
    match &instance.name {
        Some(name) => format!("{} ({name})", instance.id),
        None => instance.id.clone(),
    }
}

/// Marks a column header of times as UTC, the zone AWS and the table use. An
/// engineer in another zone would otherwise read them as local.
fn utc(header: String) -> String {
    format!("{header} UTC")
}

fn time(value: Option<DateTime<Utc>>) -> String {
    value
        .map(|t| format::date_time(t.naive_utc()))
        .unwrap_or_default()
}

/// Style of a check mark in the restore dialog.
pub(super) fn check_style(passed: bool, theme: &Theme) -> Style {
    if passed { theme.ok() } else { theme.error() }
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn wide_cells_take_the_spare_room_in_turn() {
        // 5 + 16 + 8 with two gaps leave 11 of 42 cells: the two wide columns take
        // them in turn, and none is left to give back to the first column.
        assert_eq!(column_widths(&[5, 30, 20], &[10, 16, 8], 42), [5, 22, 13]);
        // Room to spare goes back to the preferred widths.
        assert_eq!(column_widths(&[5, 18, 8], &[10, 16, 8], 42), [10, 18, 8]);
    }

    #[test]
    fn column_widths_give_up_unused_room() {
        // The state column's cells take 5 of its 10 cells, and the name column
        // takes what that frees.
        assert_eq!(column_widths(&[5, 30], &[10, 16], 25), [5, 19]);
        // Still too wide: the widest column narrows, never below six cells.
        assert_eq!(column_widths(&[5, 30], &[10, 16], 15), [5, 9]);
        assert_eq!(column_widths(&[8, 30], &[10, 16], 5), [6, 6]);
    }
}
