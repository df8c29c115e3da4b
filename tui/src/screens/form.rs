//! A form of labelled text fields, used to edit a book and to add one.
//!
//! Navigation keys come through the key map (`j`/`k`, Enter to edit); while a field
//! is being edited the keys go to its editor. A multi-line field opens in a larger
//! box over the form.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::theme::Theme;
use crate::widgets::centered;
use crate::widgets::editor::{Edit, TextEditor};
use crate::widgets::text::truncate;

/// Every field a form can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Isbn,
    Title,
    Subtitle,
    Authors,
    Series,
    Isbn13,
    Isbn10,
    Asin,
    GoodreadsId,
    LibrarythingId,
    Publisher,
    Format,
    Pages,
    PublishedYear,
    OriginalYear,
    Language,
    Description,
    Status,
    Rating,
    Spoiler,
    Notes,
    OwnedCopies,
    DateAdded,
    /// A reading's dates.
    Started,
    Finished,
    Stopped,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: FieldName,
    pub label: String,
    /// The accepted input, shown while the field is focused.
    pub hint: String,
    pub editor: TextEditor,
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub editing: bool,
    /// A field that failed to parse, with the reason.
    pub error: Option<(FieldName, String)>,
    /// Set by a first Esc over changed fields; the next one throws them away.
    pub discard_armed: bool,
    /// The fields' texts when the form opened, to tell whether anything changed.
    initial: Vec<String>,
    offset: Cell<usize>,
    area: Cell<Rect>,
}

/// The result of a key while a field is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Handled,
    Save,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        Self {
            initial: fields.iter().map(|field| field.editor.text()).collect(),
            fields,
            ..Self::default()
        }
    }

    /// Reports whether any field's text differs from the form's opening texts.
    pub fn is_changed(&self) -> bool {
        self.fields
            .iter()
            .map(|field| field.editor.text())
            .ne(self.initial.iter().cloned())
    }

    pub fn value(&self, name: FieldName) -> String {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .map(|field| field.editor.text().trim().to_string())
            .unwrap_or_default()
    }

    pub fn set(&mut self, name: FieldName, text: &str) {
        if let Some(field) = self.fields.iter_mut().find(|field| field.name == name) {
            field.editor.set_text(text);
        }
    }

    /// Moves the focus to a field, for showing a parse error.
    pub fn focus_on(&mut self, name: FieldName) {
        if let Some(index) = self.fields.iter().position(|field| field.name == name) {
            self.focus = index;
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1).min(self.fields.len().saturating_sub(1));
    }

    pub fn previous(&mut self) {
        self.focus = self.focus.saturating_sub(1);
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// Handles a key while a field is being edited: Enter (in a one-line field) or Esc
    /// stops editing, Tab and Shift-Tab move on, and Ctrl-S requests a save.
    pub fn on_typing(&mut self, key: KeyEvent) -> FormKey {
        self.discard_armed = false;
        if key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.editing = false;
            return FormKey::Save;
        }
        match key.code {
            KeyCode::Esc => self.editing = false,
            KeyCode::Tab => self.next(),
            KeyCode::BackTab => self.previous(),
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormKey::Handled;
                };
                let edit = field.editor.handle_key(key);
                if edit == Edit::Changed {
                    self.error = None;
                }
                if edit == Edit::Ignored && matches!(key.code, KeyCode::Enter) {
                    self.editing = false;
                }
                if edit == Edit::Ignored && matches!(key.code, KeyCode::Down | KeyCode::Up) {
                    if key.code == KeyCode::Down {
                        self.next();
                    } else {
                        self.previous();
                    }
                }
            }
        }
        FormKey::Handled
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.editor.paste(text);
        }
    }

    /// Returns the field under a click, by its row on screen.
    pub fn field_at(&self, row: u16) -> Option<usize> {
        let area = self.area.get();
        if row < area.y || row >= area.y + area.height {
            return None;
        }
        let index = self.offset.get() + usize::from(row - area.y);
        (index < self.fields.len()).then_some(index)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let [rows, hint] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        self.area.set(rows);
        let height = usize::from(rows.height).max(1);
        let mut offset = self.offset.get();
        if self.focus < offset {
            offset = self.focus;
        } else if self.focus >= offset + height {
            offset = self.focus + 1 - height;
        }
        self.offset.set(offset);

        let label_width = 17;
        for (line, (index, field)) in self
            .fields
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .enumerate()
        {
            let row = Rect {
                y: rows.y + line as u16,
                height: 1,
                ..rows
            };
            let [label, value] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)])
                    .areas(row);
            let focused = index == self.focus;
            let label_style = if focused {
                theme.selected()
            } else {
                theme.dim()
            };
            frame.render_widget(
                Paragraph::new(truncate(&field.label, 16)).style(label_style),
                label,
            );
            let inline_edit = focused && self.editing && !field.editor.is_multiline();
            if inline_edit {
                field.editor.draw(frame, value, theme.accent(), true);
            } else {
                let text = field.editor.text();
                let first = text.lines().next().unwrap_or_default();
                let more = if text.lines().count() > 1 { " …" } else { "" };
                let shown = truncate(&format!("{first}{more}"), usize::from(value.width));
                frame.render_widget(Paragraph::new(shown), value);
            }
        }

        let hint_line = match (&self.error, self.focused()) {
            (Some((name, error)), _) => {
                let label = self
                    .fields
                    .iter()
                    .find(|f| f.name == *name)
                    .map_or("", |f| f.label.as_str());
                Line::styled(format!("{label}: {error}"), theme.error())
            }
            (None, Some(field)) if self.editing => Line::from(vec![
                Span::styled(field.hint.as_str(), theme.dim()),
                Span::styled(format!("  {}", crate::t!("form-editing-keys")), theme.dim()),
            ]),
            (None, Some(field)) => Line::styled(field.hint.as_str(), theme.dim()),
            _ => Line::raw(""),
        };
        frame.render_widget(Paragraph::new(hint_line), hint);

        if let Some(field) = self
            .focused()
            .filter(|f| self.editing && f.editor.is_multiline())
        {
            let rect = centered(
                area,
                area.width.saturating_sub(6).max(20),
                area.height.saturating_sub(4).max(5),
            );
            frame.render_widget(Clear, rect);
            let title = crate::t!("form-text-title", label = field.label.as_str());
            let block = Block::bordered().title(title).border_style(theme.title());
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            field
                .editor
                .draw(frame, inner, ratatui::style::Style::new(), true);
        }
    }
}

/// Makes a one-line field.
pub fn line(name: FieldName, label: String, hint: String, text: &str) -> Field {
    Field {
        name,
        label,
        hint,
        editor: TextEditor::single_line(text),
    }
}

/// Makes a multi-line field.
pub fn text(name: FieldName, label: String, hint: String, text: &str) -> Field {
    Field {
        name,
        label,
        hint,
        editor: TextEditor::multi_line(text),
    }
}
