//! Shelves and tags: actions, mouse and results.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use estante_backend::storage::{BookSummary, Label, LabelKind};

use super::{LabelsState, Pane, kind_arg};
use crate::app::action::Action;
use crate::app::msg::{Request, Written};
use crate::app::outbox::{Effect, Outbox};
use crate::app::overlay::{InputPrompt, InputPurpose, Overlay, PickItem, PickPurpose, Picker};
use crate::client::ClientError;
use crate::screens::Load;
use crate::t;
use crate::widgets::contains;

impl LabelsState {
    pub fn on_loaded(
        &mut self,
        result: Result<(Vec<Label>, Vec<Label>), ClientError>,
        out: &mut Outbox,
    ) {
        match result {
            Ok((shelves, tags)) => {
                // The selection follows its label by id: a label added or renamed
                // before it moves it to another row, and the row alone would then
                // point at another label than the books listed beside it.
                let kept = |old: &[Label], new: &[Label], selected: usize| {
                    let id = old.get(selected).map(|label| label.id);
                    new.iter()
                        .position(|label| Some(label.id) == id)
                        .unwrap_or(selected.min(new.len().saturating_sub(1)))
                };
                self.selected[0] = kept(&self.shelves, &shelves, self.selected[0]);
                self.selected[1] = kept(&self.tags, &tags, self.selected[1]);
                self.shelves = shelves;
                self.tags = tags;
                self.load = Load::Loaded;
            }
            Err(error) => {
                self.load = Load::Failed(error.to_string());
                out.error(t!("labels-load-failed", error = error.to_string()));
            }
        }
    }

    pub fn on_books(
        &mut self,
        kind: LabelKind,
        name: &str,
        result: Result<Vec<BookSummary>, ClientError>,
        out: &mut Outbox,
    ) {
        if !matches!(&self.books_of, Some((k, _, n)) if *k == kind && n == name) {
            return;
        }
        match result {
            Ok(books) => {
                self.books = books;
                self.selected[2] = self.selected[2].min(self.books.len().saturating_sub(1));
                self.books_load = Load::Loaded;
            }
            Err(error) => {
                self.books_load = Load::Failed(error.to_string());
                out.error(t!(
                    "labels-books-load-failed",
                    name = name,
                    error = error.to_string()
                ));
            }
        }
    }

    fn show_books(&mut self, kind: LabelKind, label: &Label, out: &mut Outbox) {
        self.books_of = Some((kind, label.id, label.name.clone()));
        self.books.clear();
        self.selected[2] = 0;
        self.books_load = Load::Loading;
        out.request(Request::LoadLabelBooks {
            kind,
            name: label.name.clone(),
        });
    }

    fn reload_books(&mut self, out: &mut Outbox) {
        if let Some((kind, _, name)) = &self.books_of {
            self.books_load = Load::Loading;
            out.request(Request::LoadLabelBooks {
                kind: *kind,
                name: name.clone(),
            });
        }
    }

    fn move_selection(&mut self, rows: isize) {
        let pane = self.pane.index();
        let last = self.len(self.pane).saturating_sub(1) as isize;
        self.selected[pane] = (self.selected[pane] as isize + rows).clamp(0, last.max(0)) as usize;
    }

    fn kind_for_new(&self) -> LabelKind {
        match (self.pane, &self.books_of) {
            (Pane::Tags, _) | (Pane::Books, Some((LabelKind::Tag, _, _))) => LabelKind::Tag,
            _ => LabelKind::Shelf,
        }
    }

    pub fn on_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        match action {
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::PageDown => self.move_selection(10),
            Action::PageUp => self.move_selection(-10),
            Action::Left => {
                self.pane = match self.pane {
                    Pane::Books => Pane::Tags,
                    _ => Pane::Shelves,
                }
            }
            Action::Right => {
                self.pane = match self.pane {
                    Pane::Shelves => Pane::Tags,
                    _ => Pane::Books,
                }
            }
            Action::Open => match self.selected_label() {
                Some((kind, label)) => {
                    let label = label.clone();
                    self.show_books(kind, &label, out);
                    self.pane = Pane::Books;
                }
                None => {
                    if let Some(book) = self.books.get(self.selected[2]) {
                        out.push(Effect::OpenBook(book.id));
                    }
                }
            },
            Action::New => {
                let kind = self.kind_for_new();
                out.overlay(Overlay::Input(InputPrompt::new(
                    t!("label-new", kind = kind_arg(kind)),
                    "",
                    InputPurpose::NewLabel {
                        kind,
                        attach_to: None,
                    },
                )));
            }
            Action::Rename => {
                if let Some((kind, label)) = self.selected_label() {
                    out.overlay(Overlay::Input(InputPrompt::new(
                        t!(
                            "label-rename",
                            kind = kind_arg(kind),
                            name = label.name.as_str()
                        ),
                        &label.name,
                        InputPurpose::RenameLabel {
                            kind,
                            id: label.id,
                            version: label.version,
                        },
                    )));
                }
            }
            Action::Delete => {
                if let Some((kind, label)) = self.selected_label() {
                    out.overlay(Overlay::Confirm {
                        prompt: t!(
                            "label-delete-confirm",
                            kind = kind_arg(kind),
                            name = label.name.as_str(),
                            count = label.book_count
                        ),
                        request: Request::DeleteLabel {
                            kind,
                            id: label.id,
                            version: label.version,
                        },
                    });
                }
            }
            Action::Move => self.move_book(out),
            Action::Remove => {
                if let (Some((kind, label_id, _)), Some(book)) =
                    (&self.books_of, self.books.get(self.selected[2]))
                {
                    out.request(Request::SetLabel {
                        kind: *kind,
                        label_id: *label_id,
                        book_id: book.id,
                        attached: false,
                    });
                }
            }
            Action::ShowInLibrary => {
                let target = match self.selected_label() {
                    Some((kind, label)) => Some((kind, label.name.clone())),
                    None => self
                        .books_of
                        .as_ref()
                        .map(|(kind, _, name)| (*kind, name.clone())),
                };
                if let Some((kind, name)) = target {
                    out.push(Effect::ShowLabelInLibrary { kind, name });
                }
            }
            Action::Reload => {
                out.request(Request::LoadLabels);
                self.reload_books(out);
            }
            _ => return false,
        }
        true
    }

    fn move_book(&mut self, out: &mut Outbox) {
        let (Some((kind, from, name)), Some(book)) =
            (&self.books_of, self.books.get(self.selected[2]))
        else {
            out.error(t!("labels-choose-book"));
            return;
        };
        let items: Vec<PickItem> = self
            .of(*kind)
            .iter()
            .filter(|label| label.id != *from)
            .map(|label| PickItem {
                label: label.name.clone(),
                checked: None,
                id: label.id,
            })
            .collect();
        if items.is_empty() {
            out.error(t!("label-no-other", kind = kind_arg(*kind)));
            return;
        }
        out.overlay(Overlay::Pick(Picker {
            title: t!(
                "label-move-title",
                title = book.title.as_str(),
                name = name.as_str()
            ),
            items,
            selected: 0,
            purpose: PickPurpose::MoveTo {
                kind: *kind,
                from: *from,
                book_id: book.id,
            },
        }));
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent, _out: &mut Outbox) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_selection(1),
            MouseEventKind::ScrollUp => self.move_selection(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                let areas = self.areas.get();
                for (pane, area) in [Pane::Shelves, Pane::Tags, Pane::Books]
                    .into_iter()
                    .zip(areas)
                {
                    if contains(area, mouse.column, mouse.row) && mouse.row > area.y {
                        self.pane = pane;
                        let row = usize::from(mouse.row - area.y - 1);
                        if row < self.len(pane) {
                            self.selected[pane.index()] = row;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    pub fn on_wrote(
        &mut self,
        request: &Request,
        result: &Result<Written, ClientError>,
        out: &mut Outbox,
    ) {
        match result {
            Ok(written) => {
                let done = match request {
                    Request::CreateLabel { kind, name, .. } => {
                        t!(
                            "label-created",
                            kind = kind_arg(*kind),
                            name = name.as_str()
                        )
                    }
                    Request::RenameLabel { kind, id, name, .. } => {
                        if let Some((_, books_id, books_name)) = &mut self.books_of
                            && books_id == id
                        {
                            *books_name = name.clone();
                        }
                        t!(
                            "label-renamed",
                            kind = kind_arg(*kind),
                            name = name.as_str()
                        )
                    }
                    Request::DeleteLabel { kind, id, .. } => {
                        if matches!(&self.books_of, Some((_, books_id, _)) if books_id == id) {
                            self.books_of = None;
                            self.books.clear();
                        }
                        t!(
                            "label-deleted",
                            kind = kind_arg(*kind),
                            name = self.name_of(*kind, *id)
                        )
                    }
                    Request::MoveBook {
                        kind, to, book_id, ..
                    } => {
                        t!(
                            "label-moved",
                            title = self.book_title(*book_id),
                            name = self.name_of(*kind, *to)
                        )
                    }
                    _ => String::new(),
                };
                let _ = written;
                if !done.is_empty() {
                    out.info(done);
                }
                out.request(Request::LoadLabels);
                self.reload_books(out);
            }
            Err(error) => match error.current_version() {
                // The server's text advises HTTP clients on If-Match; the dialog's
                // keys are the advice here.
                Some(current_version) => out.overlay(Overlay::Conflict {
                    detail: match request {
                        Request::RenameLabel { kind, id, .. }
                        | Request::DeleteLabel { kind, id, .. } => {
                            t!("label-changed-elsewhere", name = self.name_of(*kind, *id))
                        }
                        _ => t!("labels-changed-elsewhere"),
                    },
                    request: request.clone(),
                    current_version,
                }),
                None => {
                    let text = match request {
                        Request::MoveBook {
                            kind, to, book_id, ..
                        } => t!(
                            "label-move-failed",
                            title = self.book_title(*book_id),
                            name = self.name_of(*kind, *to),
                            error = error.to_string()
                        ),
                        _ => t!("failed", error = error.to_string()),
                    };
                    out.error(text);
                    // A label deleted elsewhere stayed listed until a manual reload.
                    out.request(Request::LoadLabels);
                }
            },
        }
    }

    /// Returns the title of a listed book, quoted, or its id when the list does not
    /// have it.
    fn book_title(&self, book_id: i64) -> String {
        self.books
            .iter()
            .find(|book| book.id == book_id)
            .map_or_else(|| format!("#{book_id}"), |book| format!("“{}”", book.title))
    }
}
