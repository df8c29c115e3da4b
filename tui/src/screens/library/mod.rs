//! The Library screen: every book in a table, filtered as you type.
//!
//! The whole list is loaded by a background task, a small first page and then pages
//! of 1000, and kept in memory, so fuzzy filtering (nucleo) and scrolling do not
//! wait on the network. A filter match over many books runs on worker threads.
//! Drawing touches only the visible rows, which keeps 100,000 books smooth.

mod draw;
mod filter;
mod row;
mod update;

use std::cell::Cell;

use estante_backend::model::ReadingStatus;
use estante_backend::storage::{BookQuery, SortKey, SortOrder};
use ratatui::layout::Rect;

pub use filter::{Filter, FilterJob, FilterMatches, INLINE_LIMIT};
pub use row::Row;

use super::Load;
use crate::widgets::editor::TextEditor;

/// A column of the table, which is also a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Title,
    Authors,
    Series,
    Status,
    Rating,
    YearRead,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Self::Title,
        Self::Authors,
        Self::Series,
        Self::Status,
        Self::Rating,
        Self::YearRead,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Authors => "authors",
            Self::Series => "series",
            Self::Status => "status",
            Self::Rating => "rating",
            Self::YearRead => "read",
        }
    }

    /// Returns the column's name in the language in force, lowercase, for messages.
    pub fn label(self) -> String {
        match self {
            Self::Title => crate::t!("column-title"),
            Self::Authors => crate::t!("column-authors"),
            Self::Series => crate::t!("column-series"),
            Self::Status => crate::t!("column-status"),
            Self::Rating => crate::t!("column-rating"),
            Self::YearRead => crate::t!("column-read"),
        }
    }

    /// Returns the column heading of the Library table, in the language in force.
    pub fn heading(self) -> String {
        match self {
            Self::Title => crate::t!("heading-title"),
            Self::Authors => crate::t!("heading-authors"),
            Self::Series => crate::t!("heading-series"),
            Self::Status => crate::t!("heading-status"),
            Self::Rating => crate::t!("heading-rating"),
            Self::YearRead => crate::t!("heading-read"),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|column| column.name() == text)
    }

    /// Returns the server's sort key for this column, or `None` for series and status,
    /// which are sorted in the app.
    pub fn server_key(self) -> Option<SortKey> {
        match self {
            Self::Title => Some(SortKey::Title),
            Self::Authors => Some(SortKey::Author),
            Self::Rating => Some(SortKey::Rating),
            Self::YearRead => Some(SortKey::Read),
            Self::Series | Self::Status => None,
        }
    }
}

/// The purpose of the text line at the bottom of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    Filter,
    Search,
}

#[derive(Debug)]
pub struct LibraryState {
    pub books: Vec<Row>,
    /// The author and series names that `books` share.
    names: row::Names,
    /// Indices into `books` of the rows shown, in display order.
    pub view: Vec<usize>,
    /// Position in `view` of the selected row.
    pub selected: usize,
    /// First row drawn; drawing moves it to keep the selection visible.
    pub offset: Cell<usize>,
    /// The area of the table rows in the last frame, for mouse clicks and page sizes.
    pub rows_area: Cell<Rect>,
    /// The area of each column header in the last frame, for sorting by click.
    pub column_areas: Cell<[Rect; 6]>,
    /// Set when a reload starts, so its first page replaces the old rows.
    pub replace_on_next_page: bool,
    /// Set when a new search or filter starts, so its first page is shown from its
    /// first row rather than near the old selection.
    pub start_at_top: bool,
    pub total: Option<i64>,
    /// Whether `total` is exact; a search's first pages give a lower bound.
    pub total_exact: bool,
    pub load: Load,
    pub generation: u64,
    pub filter: Filter,
    pub prompt: Option<Prompt>,
    pub editor: TextEditor,
    /// The server-side full-text search in effect.
    pub search: Option<String>,
    pub status: Option<ReadingStatus>,
    pub shelf: Option<String>,
    pub tag: Option<String>,
    pub sort: Column,
    pub order: SortOrder,
    /// Books per status over the loaded list, in `ReadingStatus::ALL` order.
    pub counts: [usize; 5],
}

impl Default for LibraryState {
    fn default() -> Self {
        Self {
            books: Vec::new(),
            names: row::Names::default(),
            view: Vec::new(),
            selected: 0,
            offset: Cell::new(0),
            rows_area: Cell::new(Rect::default()),
            column_areas: Cell::new([Rect::default(); 6]),
            replace_on_next_page: false,
            start_at_top: false,
            total: None,
            total_exact: true,
            load: Load::Idle,
            generation: 0,
            filter: Filter::default(),
            prompt: None,
            editor: TextEditor::single_line(""),
            search: None,
            status: None,
            shelf: None,
            tag: None,
            sort: Column::Title,
            order: SortOrder::Asc,
            counts: [0; 5],
        }
    }
}

impl LibraryState {
    /// Builds the server query for the current search, filters and sort.
    pub fn query(&self) -> BookQuery {
        BookQuery {
            q: self.search.clone(),
            status: self.status,
            shelf: self.shelf.clone(),
            tag: self.tag.clone(),
            sort: Some(self.sort.server_key().unwrap_or(SortKey::Title)),
            order: self.order,
            limit: Some(BookQuery::MAX_LIMIT),
            ..BookQuery::default()
        }
    }

    pub fn selected_book(&self) -> Option<&Row> {
        self.view
            .get(self.selected)
            .map(|&index| &self.books[index])
    }

    /// Returns whether a text prompt takes the keys.
    pub fn is_typing(&self) -> bool {
        self.prompt.is_some()
    }

    /// Describes the filters in effect, in words, for the header.
    pub fn describe_filters(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(search) = &self.search {
            parts.push(crate::t!("filter-search", text = search.as_str()));
        }
        if let Some(status) = self.status {
            parts.push(crate::t!(
                "filter-status",
                status = crate::status::label(status)
            ));
        }
        if let Some(shelf) = &self.shelf {
            parts.push(crate::t!("filter-shelf", shelf = shelf.as_str()));
        }
        if let Some(tag) = &self.tag {
            parts.push(crate::t!("filter-tag", tag = tag.as_str()));
        }

        parts
    }
}

pub use crate::status::short_label as short_status;
