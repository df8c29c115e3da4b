//! The update step: input and task results in, new state and requests out.

use std::time::Instant;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use estante_backend::storage::LabelKind;

use super::action::Action;
use super::msg::{Msg, Request};
use super::outbox::{Effect, Outbox};
use super::overlay::{self, Answer, Overlay};
use super::palette::{Command, Palette, PaletteOutcome};
use super::{App, Level, Tab};
use crate::widgets::contains;

impl App {
    /// Applies one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::Paste(text) => self.handle_paste(&text),
            _ => {}
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        let mut out = Outbox::default();
        // A quit held back by unsaved changes counts only when the very next key
        // quits again.
        let quit_armed = std::mem::take(&mut self.quit_armed);
        // Ctrl-c quits from anywhere, text fields included, but like `q` it needs a
        // second press before it throws away an edit.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit_armed = quit_armed;
            self.quit(&mut out);
            self.apply(out);
            return;
        }
        if matches!(self.message, Some((Level::Error, _))) {
            // The key shows the error was seen; the full text stays behind `!`.
            self.message = None;
            // Esc closes the innermost thing shown. With no popup over it that is
            // the error, so Esc must not also leave a screen or drop an edit.
            if key.code == KeyCode::Esc && self.overlay.is_none() {
                return;
            }
        }
        if self.overlay.is_some() {
            self.overlay_key(key, &mut out);
        } else if self.is_typing() {
            self.typing_key(key, &mut out);
        } else if let Some(action) = self.context.keys.lookup(self.tab, self.in_form(), &key) {
            if action == Action::Quit {
                self.quit_armed = quit_armed;
            }
            self.act(action, &mut out);
        }
        self.apply(out);
    }

    /// Returns whether the current screen has a text field taking the keys.
    pub fn is_typing(&self) -> bool {
        match self.tab {
            Tab::Library => self.library.is_typing(),
            Tab::Book => self.book.is_typing(),
            Tab::Add => self.add.is_typing(),
            Tab::Transfer => self.transfer.is_typing(),
            Tab::Ops => self.ops.is_typing(),
            _ => false,
        }
    }

    /// Returns whether the current screen shows a form, which has its own key map.
    pub fn in_form(&self) -> bool {
        self.tab == Tab::Book && self.book.form.is_some()
    }

    fn typing_key(&mut self, key: KeyEvent, out: &mut Outbox) {
        match self.tab {
            Tab::Library => self.library.on_typing(key, out),
            Tab::Book => self.book.on_typing(key, out),
            Tab::Add => self.add.on_typing(key, out),
            Tab::Transfer => self.transfer.on_typing(key, out),
            Tab::Ops => self.ops.on_typing(key, out),
            _ => {}
        }
    }

    fn overlay_key(&mut self, key: KeyEvent, out: &mut Outbox) {
        let Some(mut current) = self.overlay.take() else {
            return;
        };
        if let Overlay::Palette(palette) = &mut current {
            let (shelves, tags) = (
                self.labels.names(LabelKind::Shelf),
                self.labels.names(LabelKind::Tag),
            );
            match palette.handle_key(key, &shelves, &tags) {
                PaletteOutcome::Open => self.overlay = Some(current),
                PaletteOutcome::Close => {}
                PaletteOutcome::Run(command) => self.run_command(command, out),
            }
            return;
        }
        if overlay::handle_key(&mut current, key, out) == Answer::Open {
            if let Overlay::Help { scroll } = &mut current {
                *scroll = (*scroll).min(self.help_scroll_max.get());
            }
            self.overlay = Some(current);
        }
    }

    /// Quits, unless the Book screen's form or the Add tab has changes not saved yet:
    /// then it shows a message, and only a second quit right after throws them away. The
    /// review editor takes every key but Ctrl-c, so the quit key cannot reach here.
    fn quit(&mut self, out: &mut Outbox) {
        let unsaved = self
            .book
            .form
            .as_ref()
            .is_some_and(|form| form.is_changed())
            || self.book.review_is_changed()
            || self.add.form.is_changed();
        if !unsaved || self.quit_armed {
            self.should_quit = true;
            return;
        }
        self.quit_armed = true;
        out.info(crate::t!("quit-unsaved"));
    }

    /// Applies an action: the screen's meaning first, then the global one.
    pub fn act(&mut self, action: Action, out: &mut Outbox) {
        let context = &self.context;
        let handled = match self.tab {
            Tab::Library => self.library.on_action(action, out),
            Tab::Book => self.book.on_action(action, context, &self.labels, out),
            Tab::Add => self.add.on_action(action, out),
            Tab::Labels => self.labels.on_action(action, out),
            Tab::Stats => self.stats.on_action(action, context, out),
            Tab::Transfer => self.transfer.on_action(action, out),
            Tab::Ops => self.ops.on_action(action, out),
        };
        if handled {
            return;
        }
        match action {
            Action::Quit => self.quit(out),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Palette => self.overlay = Some(Overlay::Palette(Palette::new())),
            Action::LastMessage => match &self.last_message {
                Some((level, text)) => {
                    let (title, error) = match level {
                        Level::Info => (crate::t!("last-message-title"), false),
                        Level::Error => (crate::t!("last-error-title"), true),
                    };
                    self.overlay = Some(Overlay::Message {
                        title,
                        body: text.clone(),
                        error,
                    });
                }
                None => out.info(crate::t!("no-message-yet")),
            },
            Action::GoTo(tab) => self.go_to(tab, out),
            Action::NextTab | Action::PreviousTab => {
                let index = self.tab.number() - 1;
                let step = if action == Action::NextTab {
                    1
                } else {
                    Tab::ALL.len() - 1
                };
                self.go_to(Tab::ALL[(index + step) % Tab::ALL.len()], out);
            }
            Action::Back if self.tab != Tab::Library => self.go_to(Tab::Library, out),
            _ => {}
        }
    }

    /// Switches to `tab` and queues what it loads first.
    pub fn open_tab(&mut self, tab: Tab) {
        let mut out = Outbox::default();
        self.go_to(tab, &mut out);
        self.apply(out);
    }

    /// Rebuilds an open shelf or tag picker of a book from the labels just loaded,
    /// which another client may have added to or renamed since the picker opened.
    /// Items that were listed keep their check marks, which follow the reader's
    /// toggles, and the selection stays on its label.
    fn refresh_label_picker(&mut self) {
        let Some(Overlay::Pick(picker)) = self.overlay.as_mut() else {
            return;
        };
        let overlay::PickPurpose::BookLabels { kind, book_id } = picker.purpose else {
            return;
        };
        let attached = match self.book.book.as_ref().filter(|book| book.id == book_id) {
            Some(book) if kind == LabelKind::Shelf => book.shelves.clone(),
            Some(book) => book.tags.clone(),
            None => Vec::new(),
        };
        let selected_id = picker.items.get(picker.selected).map(|item| item.id);
        let items: Vec<overlay::PickItem> = self
            .labels
            .of(kind)
            .iter()
            .map(|label| {
                let checked = picker
                    .items
                    .iter()
                    .find(|item| item.id == label.id)
                    .and_then(|item| item.checked)
                    .unwrap_or_else(|| attached.contains(&label.name));
                overlay::PickItem {
                    label: label.name.clone(),
                    checked: Some(checked),
                    id: label.id,
                }
            })
            .collect();
        picker.selected = items
            .iter()
            .position(|item| Some(item.id) == selected_id)
            .unwrap_or_else(|| picker.selected.min(items.len().saturating_sub(1)));
        picker.items = items;
    }

    fn go_to(&mut self, tab: Tab, out: &mut Outbox) {
        self.tab = tab;
        if tab == Tab::Stats {
            self.stats.ensure_loaded(out);
        }
        // Another client, or an import from the command line, may have added or
        // renamed labels since the list was read, and creating a name that the list
        // does not show yet failed as already taken. A label list is small.
        if tab == Tab::Labels {
            out.request(Request::LoadLabels);
        }
        if tab == Tab::Ops {
            self.ops.ensure_connected(out);
        }
        if tab == Tab::Book && self.book.id.is_none() {
            out.info(crate::t!("no-book-open"));
        }
    }

    fn run_command(&mut self, command: Command, out: &mut Outbox) {
        let library = &mut self.library;
        match command {
            Command::GoTo(tab) => self.go_to(tab, out),
            Command::Import(path) => {
                self.go_to(Tab::Transfer, out);
                self.transfer.start_import(&path, out);
            }
            Command::Export(path) => {
                self.go_to(Tab::Transfer, out);
                self.transfer.start_export(&path, out);
            }
            Command::Filter(text) => {
                library.set_filter(&text, out);
                self.tab = Tab::Library;
            }
            Command::Search(text) => {
                library.search = text;
                library.reload(out);
                self.tab = Tab::Library;
            }
            Command::Status(status) => {
                library.status = status;
                library.reload(out);
                self.tab = Tab::Library;
            }
            Command::Shelf(name) => {
                let Some(name) = known_label(&self.labels, LabelKind::Shelf, name, out) else {
                    return;
                };
                library.shelf = name;
                library.reload(out);
                self.tab = Tab::Library;
            }
            Command::Tag(name) => {
                let Some(name) = known_label(&self.labels, LabelKind::Tag, name, out) else {
                    return;
                };
                library.tag = name;
                library.reload(out);
                self.tab = Tab::Library;
            }
            Command::Sort(column, order) => {
                library.sort = column;
                library.order = order;
                library.reload(out);
                self.tab = Tab::Library;
            }
            Command::Clear => {
                self.tab = Tab::Library;
                self.act(Action::ClearFilters, out);
            }
            Command::Reload => self.act(Action::Reload, out),
            Command::Year(year) => {
                self.go_to(Tab::Stats, out);
                self.stats.show_year(year, out);
            }
            Command::Goal(unit, amount) => out.request(Request::SaveGoal {
                year: self
                    .stats
                    .year
                    .unwrap_or_else(|| chrono::Datelike::year(&self.context.today)),
                unit,
                amount,
            }),
            Command::Profile(profile) => {
                self.tab = Tab::Ops;
                self.ops.set_profile(profile, out);
            }
            Command::Region(region) => {
                self.tab = Tab::Ops;
                self.ops.set_region(region, out);
            }
            Command::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Command::Quit => self.quit(out),
        }
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        let mut out = Outbox::default();
        if self.overlay.is_some() {
            if matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
                // A click outside a popup closes the ones that only show something.
                if matches!(
                    self.overlay,
                    Some(Overlay::Help { .. } | Overlay::Message { .. })
                ) {
                    self.overlay = None;
                }
            }
            return;
        }
        if let MouseEventKind::Down(MouseButton::Left) = mouse.kind
            && let Some(index) = self
                .tab_areas
                .get()
                .iter()
                .position(|area| contains(*area, mouse.column, mouse.row))
        {
            self.go_to(Tab::ALL[index], &mut out);
            self.apply(out);
            return;
        }
        match self.tab {
            Tab::Library => self.library.on_mouse(mouse, &mut out),
            Tab::Book => self.book.on_mouse(mouse, &mut out),
            Tab::Labels => self.labels.on_mouse(mouse, &mut out),
            Tab::Transfer => self.transfer.on_mouse(mouse, &mut out),
            _ => {}
        }
        self.apply(out);
    }

    fn handle_paste(&mut self, text: &str) {
        if let Some(Overlay::Palette(palette)) = &mut self.overlay {
            palette.editor.paste(text);
            return;
        }
        if let Some(Overlay::Input(prompt)) = &mut self.overlay {
            prompt.editor.paste(text);
            return;
        }
        match self.tab {
            Tab::Library if self.library.is_typing() => {
                self.library.editor.paste(text);
                if self.library.prompt == Some(crate::screens::library::Prompt::Filter) {
                    let typed = self.library.editor.text();
                    let mut out = Outbox::default();
                    self.library.set_filter(&typed, &mut out);
                    self.apply(out);
                }
            }
            Tab::Book => self.book.paste(text),
            Tab::Add => self.add.paste(text),
            Tab::Transfer => self.transfer.paste(text),
            Tab::Ops if self.ops.filtering && !self.ops.is_confirming() => {
                let pasted: String = text.chars().filter(|c| !c.is_control()).collect();
                self.ops.instance_filter.push_str(&pasted);
                self.ops
                    .pane_mut(crate::screens::ops::OpsView::Instances)
                    .selected = 0;
            }
            _ => {}
        }
    }

    /// Applies a task's result.
    pub fn handle_msg(&mut self, msg: Msg) {
        if msg.is_final() {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        let mut out = Outbox::default();
        match msg {
            Msg::LibraryPage {
                generation,
                result,
                done,
            } => {
                self.library.on_page(generation, result, done, &mut out);
            }
            // The newer load that replaced it brings the rows.
            Msg::LibraryLoadSuperseded { .. } => {}
            Msg::FilterMatched(matches) => self.library.on_filter_matched(matches, &mut out),
            Msg::BookLoaded { id, result } => {
                let loaded = result.is_ok();
                self.book.on_loaded(id, result, &self.context, &mut out);
                if let Some(kind) = self.book.reopen_labels.take()
                    && loaded
                    && self.book.id == Some(id)
                    && self.overlay.is_none()
                    && out.effects.iter().all(|e| !matches!(e, Effect::Overlay(_)))
                {
                    let action = match kind {
                        LabelKind::Shelf => Action::Shelves,
                        LabelKind::Tag => Action::Tags,
                    };
                    self.book
                        .on_action(action, &self.context, &self.labels, &mut out);
                }
            }
            Msg::Wrote { request, result } => {
                let is_label_write = matches!(
                    request,
                    Request::CreateLabel { .. }
                        | Request::RenameLabel { .. }
                        | Request::DeleteLabel { .. }
                        | Request::SetLabel { .. }
                        | Request::MoveBook { .. }
                );
                if is_label_write {
                    self.labels.on_wrote(&request, &result, &mut out);
                }
                if matches!(request, Request::CreateBook { .. }) {
                    self.add.on_wrote(result, &mut out);
                } else if request.book_id().is_some() && request.book_id() == self.book.id {
                    self.book
                        .on_wrote(&request, result, &self.context, &mut out);
                } else if let Err(error) = result
                    && !is_label_write
                {
                    // The Labels screen has reported its own writes' errors, and its
                    // conflict dialog would be hidden behind the server's advice.
                    out.error(crate::t!("failed", error = error.to_string()));
                }
            }
            Msg::LabelsLoaded { result } => {
                self.labels.on_loaded(result, &mut out);
                self.refresh_label_picker();
            }
            Msg::LabelBooksLoaded { kind, name, result } => {
                self.labels.on_books(kind, &name, result, &mut out);
            }
            Msg::StatsLoaded { year, result } => self.stats.on_loaded(year, result, &mut out),
            Msg::ReviewLoaded { year, result } => {
                self.stats.on_review_loaded(year, result, &mut out)
            }
            Msg::ReviewExported { path, result } => match result {
                Ok(bytes) => out.info(crate::t!(
                    "review-exported",
                    path = path.display().to_string(),
                    bytes = bytes as f64
                )),
                Err(error) => out.error(crate::t!(
                    "review-export-failed",
                    path = path.display().to_string(),
                    error = error.to_string()
                )),
            },
            Msg::ImportProgress(stage) => self.transfer.on_progress(stage),
            Msg::Imported { path, result } => self.transfer.on_imported(path, result, &mut out),
            Msg::Exported { path, result } => self.transfer.on_exported(path, result, &mut out),
            Msg::LookedUp { isbn, result } => self.add.on_lookup(&isbn, result, &mut out),
            Msg::GoalSaved { year, result } => match result {
                Ok(goal) => {
                    if goal.is_empty() {
                        self.context.goals.remove(&year.to_string());
                        out.info(crate::t!("goal-removed", year = year.to_string()));
                    } else {
                        self.context.goals.insert(year.to_string(), goal);
                        out.info(crate::t!("goal-saved", year = year.to_string()));
                    }
                }
                Err(error) => out.error(crate::t!("goal-save-failed", error = error.to_string())),
            },
            Msg::CoverLoaded { book_id, result } => self.book.cover.on_loaded(book_id, result),
            Msg::CoverEncoded {
                book_id,
                area,
                result,
            } => self.book.cover.on_encoded(book_id, area, result),
            Msg::CoverUploaded {
                book_id,
                path,
                result,
            } => self
                .book
                .on_cover_uploaded(book_id, &path, result, &self.context, &mut out),
            Msg::Ops(msg) => self.ops.on_msg(msg, &mut out),
        }
        self.apply(out);
    }

    /// Queues the cover encoding that the last frame needs. Drawing records the size
    /// of the cover area, and the resize runs in a task, not in the draw.
    pub fn after_draw(&mut self) {
        if self.tab != Tab::Book {
            return;
        }
        if let Some(request) = self.book.cover.encode_request() {
            let mut out = Outbox::default();
            out.request(request);
            self.apply(out);
        }
    }

    /// Queues the requests of an update step and applies its effects, which may
    /// queue more.
    pub(super) fn apply(&mut self, mut out: Outbox) {
        while !out.effects.is_empty() || !out.requests.is_empty() {
            self.in_flight += out.requests.len();
            self.requests.append(&mut out.requests);
            for effect in std::mem::take(&mut out.effects) {
                self.apply_effect(effect, &mut out);
            }
        }
    }

    fn apply_effect(&mut self, effect: Effect, out: &mut Outbox) {
        match effect {
            Effect::OpenBook(id) => {
                self.book.open(id, out);
                self.tab = Tab::Book;
            }
            Effect::GoTo(tab) => self.go_to(tab, out),
            Effect::Info(text) => self.show_message(Level::Info, text, Instant::now()),
            Effect::Error(text) => {
                tracing::warn!(message = %text, "error shown");
                self.show_message(Level::Error, text, Instant::now());
            }
            Effect::Overlay(overlay) => self.overlay = Some(*overlay),
            Effect::ReloadLibrary => self.library.reload(out),
            Effect::ReloadLabels => out.request(Request::LoadLabels),
            Effect::ReloadStats => self.stats.mark_stale(),
            Effect::BookChanged(book) => self.library.apply_book(&book),
            Effect::EntryChanged { book_id, entry } => {
                self.library.apply_entry(book_id, &entry);
                self.stats.mark_stale();
            }
            Effect::BookDeleted(id) => {
                self.library.remove_book(id, out);
                if self.book.id == Some(id) {
                    // Fetches already requested stay requested for this session.
                    let fetch_tried = std::mem::take(&mut self.book.cover.fetch_tried);
                    self.book = Default::default();
                    self.book.cover.fetch_tried = fetch_tried;
                }
                self.tab = Tab::Library;
                out.push(Effect::ReloadLabels);
            }
            Effect::SetRating { book_id, rating } => self.book.set_rating(book_id, rating, out),
            Effect::EditReading {
                book_id,
                reading_id,
            } => self.book.edit_reading(book_id, reading_id, out),
            Effect::DeleteReading {
                book_id,
                reading_id,
            } => self.book.confirm_delete_reading(book_id, reading_id, out),
            Effect::ShowLabelInLibrary { kind, name } => {
                self.library.show_label(kind, name, out);
                self.tab = Tab::Library;
            }
        }
    }
}

/// Checks a shelf or tag typed in the palette against the loaded labels, and
/// returns the name to filter by: `None` inside for "all", the label's own
/// spelling when only the letter case differs. A name with no label gets an error
/// and `None`, instead of a list that is empty for no visible reason. Before the
/// labels have loaded every name is taken.
fn known_label(
    labels: &crate::screens::labels::LabelsState,
    kind: LabelKind,
    name: Option<String>,
    out: &mut Outbox,
) -> Option<Option<String>> {
    let Some(name) = name else {
        return Some(None);
    };
    if !matches!(labels.load, crate::screens::Load::Loaded) {
        return Some(Some(name));
    }
    let folded = crate::i18n::fold(&name);
    let names = labels.names(kind);
    if let Some(found) = names
        .iter()
        .find(|label| crate::i18n::fold(label) == folded)
    {
        return Some(Some(found.clone()));
    }
    let id = match kind {
        LabelKind::Shelf => crate::msgid!("palette-no-such-shelf"),
        LabelKind::Tag => crate::msgid!("palette-no-such-tag"),
    };
    let mut args = crate::i18n::Args::new();
    args.set("name", crate::i18n::Value::from(name));
    out.error(crate::i18n::message(id, Some(&args)));
    None
}
