//! The `?` overlay, generated from the key map of the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{App, keymap};
use crate::widgets::centered;
use unicode_width::UnicodeWidthStr;

impl App {
    pub(super) fn draw_help(&self, frame: &mut Frame, area: Rect, scroll: usize) {
        let theme = &self.context.theme;
        let width = area.width.min(72);
        let inner = usize::from(width.saturating_sub(2));
        let mut lines = vec![Line::styled(
            crate::t!("help-screen-keys", screen = self.tab.title()),
            theme.title(),
        )];
        let scope = keymap::Scope::of(self.tab, self.in_form());
        let screen = scope.table();
        for binding in screen {
            lines.extend(help_lines(
                self.context.keys.keys(scope, binding),
                binding,
                theme,
                inner,
            ));
        }
        if screen.is_empty() {
            lines.push(Line::styled(crate::t!("help-no-keys"), theme.dim()));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(crate::t!("help-everywhere"), theme.title()));
        for binding in keymap::GLOBAL {
            let keys = self.context.keys.keys(keymap::Scope::Global, binding);
            lines.extend(help_lines(keys, binding, theme, inner));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(crate::t!("help-text-fields"), theme.dim()));

        // Long descriptions wrap inside the box, so the rows to show are counted
        // after wrapping; j and k scroll when they do not all fit.
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let rows = paragraph.line_count(width.saturating_sub(2));
        let height = (rows + 2).min(usize::from(area.height)) as u16;
        let rect = centered(area, width, height);
        let visible = usize::from(height.saturating_sub(2));
        let max = rows.saturating_sub(visible);
        self.help_scroll_max.set(max);
        let scroll = scroll.min(max);
        frame.render_widget(Clear, rect);
        let block = Block::bordered()
            .title(crate::t!("help-title"))
            .border_style(theme.title());
        frame.render_widget(paragraph.block(block).scroll((scroll as u16, 0)), rect);
    }
}

/// Width of the keys column of the help.
const KEYS_WIDTH: usize = 18;

/// Builds the help of one binding: its keys, then its description wrapped to the box's
/// `width` with the continuation lines under the description, not under the keys.
fn help_lines(
    keys: &[keymap::Key],
    binding: &keymap::Binding,
    theme: &super::theme::Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let label = format!("{:<KEYS_WIDTH$}", keymap::keys_label(keys));
    let room = width.saturating_sub(label.width()).max(20);
    let help = crate::i18n::message(binding.help, None);
    let mut parts = crate::widgets::text::wrap(&help, room).into_iter();
    let first = parts.next().unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(label.clone(), theme.accent()),
        Span::raw(first),
    ])];
    let indent = " ".repeat(label.width());
    lines.extend(parts.map(|part| Line::raw(format!("{indent}{part}"))));
    lines
}
