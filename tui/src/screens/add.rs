//! The Add screen: a new book by hand, or by ISBN with an Open Library lookup that
//! fills the form. When the lookup is off or fails, the form is still there.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use estante_backend::model::BookFields;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::book::fields::{add_form, fill_form, read_new_book};
use super::form::{FieldName, Form, FormKey};
use crate::app::action::Action;
use crate::app::msg::{Request, Written};
use crate::app::outbox::{Effect, Outbox};
use crate::app::theme::Theme;
use crate::client::ClientError;
use crate::widgets::text::truncate;

#[derive(Debug)]
pub struct AddState {
    pub form: Form,
    pub lookup_enabled: bool,
    pub looking_up: bool,
    pub saving: bool,
}

impl AddState {
    pub fn new(lookup_enabled: bool) -> Self {
        Self {
            form: add_form(lookup_enabled),
            lookup_enabled,
            looking_up: false,
            saving: false,
        }
    }

    pub fn is_typing(&self) -> bool {
        self.form.editing
    }

    pub fn paste(&mut self, text: &str) {
        if self.form.editing {
            self.form.paste(text);
        }
    }

    fn lookup(&mut self, out: &mut Outbox) {
        let isbn = self.form.value(FieldName::Isbn);
        if isbn.is_empty() {
            self.form.focus_on(FieldName::Isbn);
            out.error(crate::t!("isbn-missing"));
            return;
        }
        if !self.lookup_enabled {
            out.error(crate::t!("isbn-lookup-off"));
            return;
        }
        self.looking_up = true;
        out.request(Request::Lookup { isbn });
    }

    fn save(&mut self, out: &mut Outbox) {
        match read_new_book(&self.form) {
            Ok(new) => {
                self.saving = true;
                out.request(Request::CreateBook { new });
            }
            Err((name, error)) => {
                self.form.focus_on(name);
                self.form.error = Some((name, error));
            }
        }
    }

    pub fn on_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        match action {
            Action::Down => self.form.next(),
            Action::Up => self.form.previous(),
            Action::Open => self.form.editing = true,
            Action::Save => self.save(out),
            Action::Lookup => self.lookup(out),
            Action::ClearFilters => self.form = add_form(self.lookup_enabled),
            _ => return false,
        }
        true
    }

    pub fn on_typing(&mut self, key: KeyEvent, out: &mut Outbox) {
        if key.code == KeyCode::Char('l') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.form.editing = false;
            self.lookup(out);
            return;
        }
        if self.form.on_typing(key) == FormKey::Save {
            self.save(out);
        }
    }

    pub fn on_lookup(
        &mut self,
        isbn: &str,
        result: Result<Option<BookFields>, String>,
        out: &mut Outbox,
    ) {
        self.looking_up = false;
        match result {
            Ok(Some(fields)) => {
                fill_form(&mut self.form, &fields);
                out.info(crate::t!("isbn-found", title = fields.title.as_str()));
            }
            Ok(None) => out.info(crate::t!("isbn-not-found", isbn = isbn)),
            Err(error) => out.error(crate::t!("isbn-lookup-failed", error = error.to_string())),
        }
    }

    pub fn on_wrote(&mut self, result: Result<Written, ClientError>, out: &mut Outbox) {
        self.saving = false;
        match result {
            Ok(Written::Book(book)) => {
                self.form = add_form(self.lookup_enabled);
                out.info(crate::t!(
                    "book-added-message",
                    title = book.fields.title.as_str()
                ));
                out.push(Effect::ReloadLibrary);
                out.push(Effect::OpenBook(book.id));
            }
            Ok(_) => {}
            Err(error) => out.error(crate::t!("book-add-failed", error = error.to_string())),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let [title, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let lookup = if self.looking_up {
            crate::t!("add-looking-up")
        } else if self.lookup_enabled {
            crate::t!("add-lookup-key")
        } else {
            crate::t!("add-lookup-off")
        };
        let keys = crate::t!("add-keys", lookup = lookup);
        let lines = vec![
            Line::styled(crate::t!("add-title"), theme.title()),
            Line::styled(truncate(&keys, usize::from(area.width)), theme.dim()),
        ];
        frame.render_widget(Paragraph::new(lines), title);
        self.form.draw(frame, body, theme);
    }
}
