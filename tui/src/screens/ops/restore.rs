//! The restore flow of the Ops tab: preflight, a confirmation that requires the
//! typed id, then a progress row until the restore reaches a terminal state.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use estante_ops::restore::{RestoreOutcome, RestorePlan, RestoreStatus};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::OpsState;
use super::draw::check_style;
use super::msg::OpsRequest;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::theme::Theme;
use crate::aws::Failure;
use crate::t;
use crate::widgets::centered;

/// State of a restore started from this tab.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreFlow {
    /// The preflight is running, and `target` names the source and the instance.
    Planning { target: String },
    /// The preflight finished, and the user types the confirmation text.
    Confirm {
        plan: Box<RestorePlan>,
        typed: String,
        /// Reason the last Enter was rejected.
        error: Option<String>,
    },
    /// The restore was requested, and statuses arrive until `outcome` is set.
    Running {
        plan: Box<RestorePlan>,
        execution_id: Option<String>,
        status: Option<Box<RestoreStatus>>,
        outcome: Option<Result<Box<RestoreOutcome>, Failure>>,
    },
    /// The preflight itself failed.
    Failed(Failure),
}

impl RestoreFlow {
    /// Returns whether Esc may close the flow: always, except while a restore
    /// runs, because following it is the only view of its progress.
    pub fn can_close(&self) -> bool {
        !matches!(self, Self::Running { outcome: None, .. })
    }
}

impl OpsState {
    /// Handles a key while the confirmation dialog or the instance filter is open.
    pub fn on_typing(&mut self, key: KeyEvent, out: &mut Outbox) {
        if self.filtering && !matches!(self.restore, Some(RestoreFlow::Confirm { .. })) {
            self.on_filter_key(key);
            return;
        }
        let restores_enabled = self.restores_enabled();
        let generation = self.generation;
        // The arrows scroll a dialog taller than the terminal, to read the start of
        // the plan; any other key brings the line to type into back in sight.
        match key.code {
            KeyCode::Up => {
                self.restore_scroll += 1;
                return;
            }
            KeyCode::PageUp => {
                self.restore_scroll += 10;
                return;
            }
            KeyCode::Down => {
                self.restore_scroll = self.restore_scroll.saturating_sub(1);
                return;
            }
            KeyCode::PageDown => {
                self.restore_scroll = self.restore_scroll.saturating_sub(10);
                return;
            }
            _ => self.restore_scroll = 0,
        }
        let Some(RestoreFlow::Confirm { plan, typed, error }) = &mut self.restore else {
            return;
        };
        match key.code {
            // A plan that failed its preflight had nothing to cancel.
            KeyCode::Esc => {
                if plan.is_ready() {
                    out.info(t!("restore-cancelled"));
                    if restores_enabled {
                        out.request(Request::Ops(OpsRequest::Declined {
                            generation,
                            plan: plan.clone(),
                        }));
                    }
                }
                self.restore = None;
            }
            // A plan that failed its preflight cannot start, so it takes no typing.
            _ if !plan.is_ready() => {}
            KeyCode::Backspace => {
                typed.pop();
                *error = None;
            }
            // The editing keys of the other text fields; any other chord types
            // nothing, so Ctrl-a cannot put an `a` into an instance id.
            KeyCode::Char(chord)
                if key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                let control = key.modifiers == KeyModifiers::CONTROL;
                match chord {
                    'u' if control => typed.clear(),
                    'h' if control => {
                        typed.pop();
                    }
                    'w' if control => {
                        let kept = typed
                            .trim_end()
                            .trim_end_matches(|c: char| !c.is_whitespace());
                        typed.truncate(kept.len());
                    }
                    _ => return,
                }
                *error = None;
            }
            KeyCode::Char(character) => {
                typed.push(character);
                *error = None;
            }
            KeyCode::Enter if !restores_enabled => {
                *error = Some(t!("restore-read-only"));
            }
            KeyCode::Enter if typed.trim() != plan.confirmation => {
                *error = Some(t!(
                    "restore-type-exactly",
                    confirmation = plan.confirmation.as_str()
                ));
            }
            KeyCode::Enter => {
                let plan = plan.clone();
                out.request(Request::Ops(OpsRequest::StartRestore {
                    generation,
                    plan: plan.clone(),
                    typed: typed.clone(),
                }));
                self.restore = Some(RestoreFlow::Running {
                    plan,
                    execution_id: None,
                    status: None,
                    outcome: None,
                });
            }
            _ => {}
        }
    }
}

/// Draws the restore dialog over the tab.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    flow: &RestoreFlow,
    restores_enabled: bool,
    scroll: usize,
    theme: &Theme,
) {
    let mut lines: Vec<Line> = Vec::new();
    let title = match flow {
        RestoreFlow::Planning { target } => {
            lines.push(Line::raw(t!(
                "restore-preflight-running",
                target = target.as_str()
            )));
            t!("restore-title-preflight")
        }
        RestoreFlow::Failed(failure) => {
            lines.push(Line::styled(t!("restore-preflight-failed"), theme.error()));
            lines.push(Line::raw(failure.message.clone()));
            if let Some(advice) = &failure.advice {
                lines.push(Line::styled(
                    t!("ops-what-to-do", advice = advice.as_str()),
                    theme.accent(),
                ));
            }
            lines.push(Line::styled(t!("esc-closes"), theme.dim()));
            t!("restore-title-preflight")
        }
        RestoreFlow::Confirm { plan, .. } if !plan.is_ready() => {
            push_plan(&mut lines, plan, theme);
            lines.push(Line::raw(""));
            lines.push(Line::styled(t!("restore-preflight-blocked"), theme.error()));
            t!("restore-title-preflight-failed")
        }
        RestoreFlow::Confirm { plan, typed, error } => {
            push_plan(&mut lines, plan, theme);
            lines.push(Line::raw(""));
            if restores_enabled {
                lines.push(Line::raw(t!(
                    "restore-type-to-start",
                    confirmation = plan.confirmation.as_str()
                )));
            } else {
                lines.push(Line::styled(t!("restore-disabled"), theme.error()));
            }
            lines.push(Line::from(vec![
                Span::styled("> ", theme.accent()),
                Span::raw(typed.clone()),
                Span::styled("█", theme.accent()),
            ]));
            if let Some(error) = error {
                lines.push(Line::styled(error.clone(), theme.error()));
            }
            t!("restore-title-confirm")
        }
        RestoreFlow::Running {
            plan,
            execution_id,
            status,
            outcome,
        } => {
            lines.push(Line::raw(t!(
                "restore-document-on",
                document = plan.document.as_str(),
                instance = plan.instance_id.as_str()
            )));
            if let Some(id) = execution_id {
                lines.push(Line::raw(t!("restore-execution", id = id.as_str())));
            }
            let progress = match status {
                Some(status) => {
                    // Run Command's detail often repeats the status ("Success").
                    let mut line =
                        format!("{} UTC {}", status.time.format("%H:%M:%S"), status.status);
                    if let Some(detail) = status.detail.as_ref().filter(|d| d.text != status.status)
                    {
                        line.push(' ');
                        line.push_str(&crate::i18n::sentence(detail));
                    }
                    line
                }
                None => t!("restore-starting"),
            };
            lines.push(Line::styled(progress, theme.accent()));
            match outcome {
                None => lines.push(Line::styled(t!("restore-following"), theme.dim())),
                Some(Ok(outcome)) => {
                    let style = check_style(outcome.succeeded, theme);
                    lines.push(Line::styled(
                        t!("restore-ended", status = outcome.status.to_string()),
                        style,
                    ));
                    if let Some(arn) = &outcome.created_resource_arn {
                        lines.push(Line::raw(t!("restore-created", arn = arn.as_str())));
                    }
                    lines.push(Line::styled(t!("esc-closes"), theme.dim()));
                }
                Some(Err(failure)) => {
                    lines.push(Line::styled(failure.to_string(), theme.error()));
                    lines.push(Line::styled(t!("esc-closes"), theme.dim()));
                }
            }
            match outcome {
                None => t!("restore-title-running"),
                Some(Ok(outcome)) if outcome.succeeded => t!("restore-title-finished"),
                Some(_) => t!("restore-title-failed"),
            }
        }
    };
    let width = area.width.min(100);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let height = paragraph.line_count(width.saturating_sub(2));
    let rect = centered(
        area,
        width,
        u16::try_from(height + 2)
            .unwrap_or(u16::MAX)
            .min(area.height),
    );
    frame.render_widget(Clear, rect);
    // A dialog taller than the terminal keeps its last lines in sight: the checks,
    // the line to type into and its error. At 80x24 the plan pushed the input out
    // of sight, while typing and Enter still worked unseen.
    let room = usize::from(rect.height.saturating_sub(2));
    let overflow = height.saturating_sub(room);
    let above = overflow - scroll.min(overflow);
    let mut block = Block::bordered().title(title).border_style(theme.accent());
    if above > 0 {
        block = block.title_bottom(Line::styled(
            t!("restore-lines-above", count = above),
            theme.dim(),
        ));
    } else if overflow > 0 {
        block = block.title_bottom(Line::styled(
            t!("restore-lines-below", count = overflow),
            theme.dim(),
        ));
    }
    frame.render_widget(
        paragraph
            .scroll((u16::try_from(above).unwrap_or(u16::MAX), 0))
            .block(block),
        rect,
    );
}

fn push_plan(lines: &mut Vec<Line>, plan: &RestorePlan, theme: &Theme) {
    // A plan that cannot start takes no typed confirmation, whatever its
    // description contains.
    let shown = plan
        .description
        .iter()
        .filter(|sentence| plan.is_ready() || sentence.id != "plan-type-to-confirm");
    for sentence in shown {
        lines.push(Line::raw(crate::i18n::sentence(sentence)));
    }
    lines.push(Line::raw(""));
    for check in &plan.checks {
        let mark = if check.passed {
            t!("restore-check-ok")
        } else {
            t!("restore-check-fail")
        };

        lines.push(Line::styled(
            format!(
                "[{mark}] {}: {}",
                crate::i18n::sentence(&check.name),
                crate::i18n::sentence(&check.detail)
            ),
            check_style(check.passed, theme),
        ));
    }
}
