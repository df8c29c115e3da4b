//! Drawing the whole app: tab bar, the current screen, status bar and popups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::msg::Request;
use super::overlay::{Overlay, PickPurpose, Picker};
use super::palette::Palette;
use super::{App, Level, Tab, keymap};
use crate::widgets::text::truncate;
use crate::widgets::{centered, fitted_width};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

impl App {
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        let [tabs, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_tabs(frame, tabs);
        let theme = &self.context.theme;
        match self.tab {
            Tab::Library => self.library.draw(frame, body, theme),
            Tab::Book => self.book.draw(frame, body, theme),
            Tab::Add => self.add.draw(frame, body, theme),
            Tab::Labels => self.labels.draw(frame, body, theme),
            Tab::Stats => self.stats.draw(frame, body, &self.context),
            Tab::Transfer => self.transfer.draw(frame, body, theme, self.tick),
            Tab::Ops => crate::screens::ops::draw(frame, body, &self.ops, theme),
        }
        self.draw_status(frame, status);
        if let Some(overlay) = &self.overlay {
            self.draw_overlay(frame, body, overlay);
        }
    }

    fn draw_tabs(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.context.theme;
        let mut areas = [Rect::default(); 7];
        let mut spans = Vec::new();
        let mut x = area.x;
        let width = usize::from(area.width);
        // When every title does not fit, the other tabs show their numbers alone, so
        // the current tab's title stays in sight on a narrow terminal. When even the
        // numbers do not fit, the tabs farthest from the current one go first, and
        // its own title is cut last.
        let full = |tab: &Tab| format!(" {} {} ", tab.number(), tab.title());
        let all_fit = Tab::ALL.iter().map(|tab| full(tab).width()).sum::<usize>() <= width;
        let open = Tab::ALL
            .iter()
            .position(|tab| *tab == self.tab)
            .unwrap_or(0);
        let mut texts: Vec<(usize, String)> = Tab::ALL
            .iter()
            .enumerate()
            .map(|(index, tab)| {
                let text = if all_fit || index == open {
                    full(tab)
                } else {
                    format!(" {} ", tab.number())
                };
                (index, text)
            })
            .collect();
        while texts.len() > 1 && texts.iter().map(|(_, text)| text.width()).sum::<usize>() > width {
            let farthest = texts
                .iter()
                .map(|(index, _)| *index)
                .max_by_key(|index| index.abs_diff(open))
                .unwrap_or(open);
            texts.retain(|(index, _)| *index != farthest);
        }
        for (index, text) in texts {
            let text = truncate(&text, width.saturating_sub(usize::from(x - area.x)));
            let text_width = text.width() as u16;
            if text_width == 0 {
                break;
            }
            areas[index] = Rect::new(x, area.y, text_width, 1);
            x += text_width;
            let style = if index == open {
                theme.active_tab()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(text, style));
        }
        self.tab_areas.set(areas);
        let label = &self.context.server_label;
        let room = (area.x + area.width).saturating_sub(x) as usize;
        if label.width() + 2 <= room {
            spans.push(Span::raw(" ".repeat(room - label.width() - 1)));
            spans.push(Span::styled(label.clone(), theme.dim()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_status(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.context.theme;
        let mut spans = Vec::new();
        if self.is_busy() {
            spans.push(Span::styled(
                format!("{} ", SPINNER[self.tick % SPINNER.len()]),
                theme.accent(),
            ));
        }
        let mut used: usize = spans.iter().map(|s| s.content.width()).sum();
        if let Some((level, text)) = &self.message {
            let style = match level {
                Level::Info => theme.ok(),
                Level::Error => theme.error(),
            };
            let room = usize::from(area.width).saturating_sub(used);
            if text.width() <= room {
                used += text.width() + 2;
                spans.push(Span::styled(text.clone(), style));
                spans.push(Span::raw("  "));
            } else {
                // A cut message leaves no room for hints, so name the key that shows
                // it whole instead.
                let full_text = crate::t!("status-full-text");
                let text = truncate(text, room.saturating_sub(full_text.width()));
                used = usize::from(area.width);
                spans.push(Span::styled(text, style));
                spans.push(Span::styled(full_text, theme.accent()));
            }
        }
        for (keys, hint) in self.hints() {
            let width = keys.width() + hint.width() + 3;
            if used + width > usize::from(area.width) {
                break;
            }
            used += width;
            spans.push(Span::styled(keys, theme.accent()));
            spans.push(Span::raw(format!(" {hint}  ")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// The key hints of the status bar: the screen's, then the global ones.
    fn hints(&self) -> Vec<(String, String)> {
        if self.tab == Tab::Book && self.book.review.is_some() {
            return vec![
                ("Ctrl-s".to_string(), crate::t!("hint-save")),
                ("Enter".to_string(), crate::t!("hint-new-line")),
                ("Esc".to_string(), crate::t!("hint-cancel")),
            ];
        }
        // A restore that failed its preflight takes no confirmation, only Esc.
        let blocked_restore = matches!(
            &self.ops.restore,
            Some(crate::screens::ops::RestoreFlow::Confirm { plan, .. }) if !plan.is_ready()
        );
        if self.tab == Tab::Ops && blocked_restore {
            return vec![("Esc".to_string(), crate::t!("hint-close"))];
        }
        if self.is_typing() {
            return vec![
                ("Enter".to_string(), crate::t!("hint-confirm")),
                ("Esc".to_string(), crate::t!("hint-cancel")),
            ];
        }
        let screen = keymap::Scope::of(self.tab, self.in_form());
        let screen_bindings = screen.table().iter().map(|binding| (screen, binding));
        let global_bindings = keymap::GLOBAL
            .iter()
            .map(|binding| (keymap::Scope::Global, binding));
        screen_bindings
            .chain(global_bindings)
            .filter(|(_, binding)| !binding.hint.is_empty())
            .filter_map(|(scope, binding)| {
                let first = self.context.keys.keys(scope, binding).first()?;
                Some((first.label(), crate::i18n::message(binding.hint, None)))
            })
            .collect()
    }

    fn draw_overlay(&self, frame: &mut Frame, area: Rect, overlay: &Overlay) {
        let theme = &self.context.theme;
        match overlay {
            Overlay::Help { scroll } => self.draw_help(frame, area, *scroll),
            Overlay::Palette(palette) => self.draw_palette(frame, area, palette),
            Overlay::Message { title, body, error } => {
                let style = if *error { theme.error() } else { theme.title() };
                let text = format!("{body}\n\n{}", crate::t!("popup-any-key-closes"));
                popup(frame, area, title, &text, style, 60);
            }
            Overlay::Confirm { prompt, .. } => {
                let text = format!("{prompt}\n\n{}", crate::t!("confirm-keys"));
                popup(
                    frame,
                    area,
                    &crate::t!("confirm-title"),
                    &text,
                    theme.error(),
                    50,
                );
            }
            Overlay::Conflict {
                detail, request, ..
            } => {
                let keys = match request {
                    Request::PatchEntry { .. } => crate::t!("conflict-keys-entry"),
                    Request::DeleteBook { .. } | Request::DeleteLabel { .. } => {
                        crate::t!("conflict-keys-delete")
                    }
                    _ => crate::t!("conflict-keys"),
                };
                let text = format!("{detail}\n\n{keys}");
                popup(
                    frame,
                    area,
                    &crate::t!("conflict-title"),
                    &text,
                    theme.error(),
                    60,
                );
            }
            Overlay::Pick(picker) => draw_picker(frame, area, picker, theme),
            Overlay::Input(prompt) => {
                let height = if prompt.error.is_some() { 6 } else { 4 };
                let width = fitted_width(60, [prompt.title.as_str()]);
                let rect = centered(area, width, height);
                frame.render_widget(Clear, rect);
                let block = Block::bordered()
                    .title(prompt.title.as_str())
                    .border_style(theme.title());
                let inner = block.inner(rect);
                frame.render_widget(block, rect);
                let [field, help] =
                    Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
                prompt
                    .editor
                    .draw(frame, field, ratatui::style::Style::new(), true);
                let text = match &prompt.error {
                    Some(error) => Line::styled(error.clone(), theme.error()),
                    None => Line::styled(crate::t!("input-keys"), theme.dim()),
                };
                frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), help);
            }
        }
    }

    fn draw_palette(&self, frame: &mut Frame, area: Rect, palette: &Palette) {
        let theme = &self.context.theme;
        let shelves = self
            .labels
            .names(estante_backend::storage::LabelKind::Shelf);
        let tags = self.labels.names(estante_backend::storage::LabelKind::Tag);
        let candidates = palette.candidates(&shelves, &tags);
        // An error replaces the list, which may be empty for a mistyped command, so
        // it gets rows of its own.
        let rows = match &palette.error {
            Some(error) => error.width().div_ceil(66).clamp(1, 4),
            None => candidates.len().min(14),
        };
        let height = (rows + 3) as u16;
        let rect = Rect {
            height: height.min(area.height),
            ..centered(area, 70, height)
        };
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(crate::t!("palette-title"))
            .border_style(theme.title());
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        let [colon, field] =
            Layout::horizontal([Constraint::Length(1), Constraint::Fill(1)]).areas(line);
        frame.render_widget(Paragraph::new(":").style(theme.accent()), colon);
        palette
            .editor
            .draw(frame, field, ratatui::style::Style::new(), true);
        if let Some(error) = &palette.error {
            frame.render_widget(
                Paragraph::new(error.as_str())
                    .style(theme.error())
                    .wrap(Wrap { trim: true }),
                rest,
            );
            return;
        }
        // The list scrolls to keep the selected candidate in view.
        let visible = usize::from(rest.height).max(1);
        let offset = palette.selected.saturating_sub(visible - 1);
        let help_width = usize::from(rest.width).saturating_sub(24);
        let items: Vec<ListItem> = candidates
            .iter()
            .enumerate()
            .skip(offset)
            .take(visible)
            .map(|(index, candidate)| {
                let is_argument = candidate.trim_end().contains(' ');
                let name = candidate.split(' ').next().unwrap_or_default();
                let spec = super::palette::spec(name).filter(|_| !is_argument);
                let usage = match spec {
                    Some(spec) if !spec.argument.is_empty() => {
                        let argument = crate::i18n::message(spec.argument, None);
                        format!("{} {argument}", candidate.trim_end())
                    }
                    _ => candidate.clone(),
                };
                // A long usage pushes its help right, rather than run into it.
                let room = help_width.saturating_sub(usage.width().saturating_sub(23));
                let help = spec
                    .map(|spec| truncate(&crate::i18n::message(spec.help, None), room))
                    .unwrap_or_default();
                let style = if index == palette.selected {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{usage:<23} "), style),
                    Span::styled(help, theme.dim()),
                ]))
            })
            .collect();
        frame.render_widget(List::new(items), rest);
    }
}

/// A bordered box of text centred in `area`, `width` columns wide at most.
pub fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: &str,
    style: ratatui::style::Style,
    width: u16,
) {
    let width = fitted_width(width, [title]).min(area.width);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let lines: usize = text
        .lines()
        .map(|line| line.width().div_ceil(inner_width).max(1))
        .sum();
    let rect = centered(area, width, lines as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(style);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, theme: &super::theme::Theme) {
    let height = (picker.items.len() + 3).min(usize::from(area.height)) as u16;
    // A book's shelves or tags take `n` even while there are none to toggle yet.
    let toggles = matches!(picker.purpose, PickPurpose::BookLabels { .. })
        || picker.items.iter().any(|item| item.checked.is_some());
    let hint = if toggles {
        crate::t!("picker-keys-toggle")
    } else if matches!(picker.purpose, PickPurpose::Reading { .. }) {
        crate::t!("picker-keys-reading")
    } else {
        crate::t!("picker-keys-choose")
    };
    // A checked item's label follows a four-column box.
    let labels: Vec<String> = picker
        .items
        .iter()
        .map(|item| format!("[x] {}", item.label))
        .collect();
    let texts = labels.iter().map(String::as_str);
    let width = fitted_width(44, texts.chain([picker.title.as_str(), hint.as_str()]));
    let rect = centered(area, width, height.max(4));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(picker.title.as_str())
        .border_style(theme.title());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [list, help] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let visible = usize::from(list.height).max(1);
    let offset = picker.selected.saturating_sub(visible - 1);
    let items: Vec<ListItem> = picker
        .items
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(index, item)| {
            let mark = match item.checked {
                Some(true) => "[x] ",
                Some(false) => "[ ] ",
                None => "",
            };
            let style = if index == picker.selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            ListItem::new(Line::styled(format!("{mark}{}", item.label), style))
        })
        .collect();
    frame.render_widget(List::new(items), list);
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), help);
}
