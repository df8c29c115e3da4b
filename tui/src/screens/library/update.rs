//! Library: actions, typed text, mouse and arriving pages.

use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use estante_backend::model::ReadingStatus;
use estante_backend::storage::{Book, BookSummary, Entry, LabelKind, Page, SortOrder};

use super::filter::{FilterMatches, Refresh};
use super::row::Row;
use super::{Column, LibraryState, Prompt};
use crate::app::Tab;
use crate::app::action::Action;
use crate::app::msg::Request;
use crate::app::outbox::{Effect, Outbox};
use crate::client::ClientError;
use crate::screens::Load;
use crate::widgets::contains;
use crate::widgets::editor::{Edit, TextEditor};

impl LibraryState {
    /// Starts loading the list again with the current search, filters and sort. The
    /// rows on screen stay until the first new page arrives.
    pub fn reload(&mut self, out: &mut Outbox) {
        self.generation += 1;
        self.load = Load::Loading;
        self.replace_on_next_page = true;
        out.request(Request::LoadLibrary {
            generation: self.generation,
            query: self.query(),
        });
    }

    /// Loads a new set of results, such as a search's, shown from its first row: the
    /// old scroll position put the first rows of a short result out of sight.
    fn load_new_results(&mut self, out: &mut Outbox) {
        self.selected = 0;
        self.offset.set(0);
        self.start_at_top = true;
        self.reload(out);
    }

    pub fn on_page(
        &mut self,
        generation: u64,
        result: Result<Page<BookSummary>, ClientError>,
        done: bool,
        out: &mut Outbox,
    ) {
        if generation != self.generation {
            return;
        }
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                self.load = Load::Failed(error.to_string());
                out.error(crate::t!(
                    "library-load-failed-status",
                    error = error.to_string()
                ));
                return;
            }
        };
        let mut selected_id = self.selected_book().map(|book| book.id);
        if self.replace_on_next_page {
            self.replace_on_next_page = false;
            if std::mem::take(&mut self.start_at_top) {
                selected_id = None;
                self.selected = 0;
            }
            self.books.clear();
            self.names.clear();
            self.view.clear();
            self.filter.clear_books();
            self.counts = [0; 5];
        }
        for book in &page.items {
            self.counts[status_index(book.status)] += 1;
        }
        self.filter.add_books(&page.items);
        let names = &mut self.names;
        self.books
            .extend(page.items.into_iter().map(|book| Row::new(book, names)));
        self.total = Some(page.total);
        self.total_exact = page.total_exact;
        if done {
            self.load = Load::Loaded;
        }
        self.refresh_view(selected_id, out);
    }

    /// Recomputes the visible rows from the fuzzy filter and the column sort, keeping
    /// the selection on the same book when it is still shown. A filter match too
    /// large for the UI thread is queued as a job, and the rows shown stay until
    /// [`LibraryState::on_filter_matched`] brings its result.
    pub fn refresh_view(&mut self, keep: Option<i64>, out: &mut Outbox) {
        let mut view = match self.filter.refresh() {
            Refresh::Ready(view) => view,
            Refresh::Started(job) => {
                out.request(Request::MatchFilter(job));
                return;
            }
            Refresh::Waiting => return,
        };
        if self.sort.server_key().is_none() && !self.filter.is_active() {
            let books = &self.books;
            match self.sort {
                Column::Series => sort_by_series(&mut view, books, self.order),
                _ => {
                    view.sort_by_key(|&index| status_index(books[index].status));
                    if self.order == SortOrder::Desc {
                        view.reverse();
                    }
                }
            }
        }
        self.show_view(view, keep);
    }

    fn show_view(&mut self, view: Vec<usize>, keep: Option<i64>) {
        self.view = view;
        self.selected = keep
            .and_then(|id| {
                self.view
                    .iter()
                    .position(|&index| self.books[index].id == id)
            })
            .unwrap_or(self.selected)
            .min(self.view.len().saturating_sub(1));
    }

    /// Shows the result of a filter job, unless a newer text or a removal replaced
    /// the job. Scores the books loaded while it ran.
    pub fn on_filter_matched(&mut self, matches: FilterMatches, out: &mut Outbox) {
        let Some(view) = self.filter.finish(matches) else {
            return;
        };
        self.show_view(view, None);
        if self.filter.needs_refresh() {
            self.refresh_view(None, out);
        }
    }

    fn page_size(&self) -> usize {
        usize::from(self.rows_area.get().height).max(1)
    }

    fn move_by(&mut self, rows: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() as isize - 1;
        self.selected = (self.selected as isize + rows).clamp(0, last) as usize;
    }

    fn open_selected(&self, out: &mut Outbox) {
        if let Some(book) = self.selected_book() {
            out.push(Effect::OpenBook(book.id));
        }
    }

    fn sort_by(&mut self, column: Column, order: SortOrder, out: &mut Outbox) {
        let keep = self.selected_book().map(|book| book.id);
        self.sort = column;
        self.order = order;
        if column.server_key().is_some() {
            self.reload(out);
        } else {
            self.refresh_view(keep, out);
        }
        let direction = if order == SortOrder::Asc {
            crate::t!("sort-ascending")
        } else {
            crate::t!("sort-descending")
        };
        out.info(crate::t!(
            "sorted-by",
            column = column.label(),
            direction = direction
        ));
    }

    /// Applies an action from the key map; returns false when it is not a Library
    /// action.
    pub fn on_action(&mut self, action: Action, out: &mut Outbox) -> bool {
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page_size() as isize),
            Action::PageUp => self.move_by(-(self.page_size() as isize)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = self.view.len().saturating_sub(1),
            Action::Open => self.open_selected(out),
            Action::Filter => {
                self.prompt = Some(Prompt::Filter);
                self.editor = TextEditor::single_line(&self.filter.text);
            }
            Action::Search => {
                self.prompt = Some(Prompt::Search);
                self.editor = TextEditor::single_line(self.search.as_deref().unwrap_or(""));
            }
            Action::SortNext => {
                let index = Column::ALL
                    .iter()
                    .position(|c| *c == self.sort)
                    .unwrap_or(0);
                let next = Column::ALL[(index + 1) % Column::ALL.len()];
                self.sort_by(next, SortOrder::Asc, out);
            }
            Action::SortReverse => {
                let order = match self.order {
                    SortOrder::Asc => SortOrder::Desc,
                    SortOrder::Desc => SortOrder::Asc,
                };
                self.sort_by(self.sort, order, out);
            }
            Action::StatusFilterNext => {
                self.status = next_status(self.status);
                self.load_new_results(out);
            }
            // Esc clears the filters too, as the empty list's message tells the
            // reader. With no filter set, Esc is left to the global key map.
            Action::ClearFilters => self.clear_filters(out),
            Action::Back if self.is_filtered() => self.clear_filters(out),
            Action::Reload => self.reload(out),
            Action::AddBook => out.push(Effect::GoTo(Tab::Add)),
            _ => return false,
        }
        true
    }

    fn is_filtered(&self) -> bool {
        !self.filter.text.is_empty()
            || self.search.is_some()
            || self.status.is_some()
            || self.shelf.is_some()
            || self.tag.is_some()
    }

    /// Shows the books with one shelf or tag, and no other filter: a fuzzy filter or
    /// search left from before would hide most of them, or all.
    pub fn show_label(&mut self, kind: LabelKind, name: String, out: &mut Outbox) {
        self.filter.text.clear();
        self.search = None;
        self.status = None;
        self.shelf = None;
        self.tag = None;
        match kind {
            LabelKind::Shelf => self.shelf = Some(name),
            LabelKind::Tag => self.tag = Some(name),
        }
        self.load_new_results(out);
    }

    fn clear_filters(&mut self, out: &mut Outbox) {
        self.filter.text.clear();
        self.search = None;
        self.status = None;
        self.shelf = None;
        self.tag = None;
        self.reload(out);
    }

    /// Handles a key while the filter or search prompt is open.
    pub fn on_typing(&mut self, key: KeyEvent, out: &mut Outbox) {
        let Some(prompt) = self.prompt else { return };
        match key.code {
            KeyCode::Esc => {
                self.prompt = None;
                if prompt == Prompt::Filter {
                    let keep = self.selected_book().map(|book| book.id);
                    self.filter.text.clear();
                    self.refresh_view(keep, out);
                }
            }
            KeyCode::Enter => {
                self.prompt = None;
                if prompt == Prompt::Search {
                    let text = self.editor.text().trim().to_string();
                    self.search = (!text.is_empty()).then_some(text);
                    self.load_new_results(out);
                }
            }
            KeyCode::Down | KeyCode::Up if prompt == Prompt::Filter => {
                self.move_by(if key.code == KeyCode::Down { 1 } else { -1 });
            }
            _ => {
                if self.editor.handle_key(key) == Edit::Changed && prompt == Prompt::Filter {
                    self.set_filter(&self.editor.text(), out);
                }
            }
        }
    }

    pub fn set_filter(&mut self, text: &str, out: &mut Outbox) {
        let keep = self.selected_book().map(|book| book.id);
        self.filter.text = text.to_string();
        self.selected = 0;
        self.refresh_view(keep.filter(|_| text.is_empty()), out);
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent, out: &mut Outbox) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.move_by(3),
            MouseEventKind::ScrollUp => self.move_by(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let rows = self.rows_area.get();
                if contains(rows, mouse.column, mouse.row) {
                    let index = self.offset.get() + usize::from(mouse.row - rows.y);
                    if index < self.view.len() {
                        if index == self.selected {
                            self.open_selected(out);
                        }
                        self.selected = index;
                    }
                    return;
                }
                let columns = self.column_areas.get();
                if let Some(position) = columns
                    .iter()
                    .position(|area| contains(*area, mouse.column, mouse.row))
                {
                    let column = Column::ALL[position];
                    let order = if column == self.sort && self.order == SortOrder::Asc {
                        SortOrder::Desc
                    } else {
                        SortOrder::Asc
                    };
                    self.sort_by(column, order, out);
                }
            }
            _ => {}
        }
    }

    /// Updates the row of a book after its entry changed elsewhere.
    pub fn apply_entry(&mut self, book_id: i64, entry: &Entry) {
        if let Some(index) = self.books.iter().position(|book| book.id == book_id) {
            let book = &mut self.books[index];
            self.counts[status_index(book.status)] -= 1;
            book.status = entry.fields.status;
            book.rating = entry.fields.rating;
            self.counts[status_index(book.status)] += 1;
        }
    }

    /// Updates the row of a book after it was loaded or saved.
    pub fn apply_book(&mut self, book: &Book) {
        let Some(index) = self.books.iter().position(|row| row.id == book.id) else {
            return;
        };
        let authors: Vec<String> = book
            .fields
            .contributors
            .iter()
            .filter(|c| c.role == estante_backend::model::ContributorRole::Author)
            .map(|c| c.name.clone())
            .collect();
        let series = book.fields.series.as_ref();
        let row = &mut self.books[index];
        row.title = book.fields.title.clone();
        row.authors = self.names.authors(&authors);
        row.series = series.map(|s| self.names.intern(&s.name));
        row.series_index = series.and_then(|s| s.index);
        // The list's read year is the latest finish date, as the server's summary.
        row.year_read = book
            .readings
            .iter()
            .filter_map(|reading| reading.fields.finished)
            .max()
            .and_then(|date| u16::try_from(date.get_year()).ok());
        self.filter.replace_book(
            index,
            &book.fields.title,
            &authors,
            series.map(|s| s.name.as_str()),
        );
        self.apply_entry(book.id, &book.entry);
    }

    pub fn remove_book(&mut self, id: i64, out: &mut Outbox) {
        if let Some(index) = self.books.iter().position(|book| book.id == id) {
            let removed = self.books.remove(index);
            self.counts[status_index(removed.status)] -= 1;
            self.filter.remove_book(index);
            self.total = self.total.map(|total| total - 1);
            // The rows shown stay until a filter job finishes, so they follow the
            // removal at once.
            self.view.retain(|&shown| shown != index);
            for shown in &mut self.view {
                if *shown > index {
                    *shown -= 1;
                }
            }
            self.refresh_view(None, out);
        }
    }
}

pub fn status_index(status: ReadingStatus) -> usize {
    ReadingStatus::ALL
        .iter()
        .position(|candidate| *candidate == status)
        .unwrap_or(0)
}

fn next_status(current: Option<ReadingStatus>) -> Option<ReadingStatus> {
    match current {
        None => Some(ReadingStatus::ALL[0]),
        Some(status) => ReadingStatus::ALL.get(status_index(status) + 1).copied(),
    }
}

/// Orders `view` by series name, ignoring case, then by the book's place in its
/// series. Books in no series come last in either order, as empty cells do in a
/// spreadsheet: a reader sorting by series is looking for the series.
fn sort_by_series(view: &mut Vec<usize>, books: &[Row], order: SortOrder) {
    let mut keyed: Vec<(Option<(String, i64)>, usize)> = view
        .iter()
        .map(|&index| {
            let book = &books[index];
            let key = book.series.as_ref().map(|name| {
                let place = book.series_index.map_or(i64::MAX, |i| (i * 1000.0) as i64);
                (name.to_lowercase(), place)
            });
            (key, index)
        })
        .collect();
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) if order == SortOrder::Desc => b.cmp(a),
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    *view = keyed.into_iter().map(|(_, index)| index).collect();
}
