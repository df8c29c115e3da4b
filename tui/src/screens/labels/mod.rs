//! The Shelves and tags screen: both lists side by side and the books of the chosen
//! one, where books can be moved to another shelf or tag, or taken off.

mod draw;
mod update;

use std::cell::Cell;

use estante_backend::storage::{BookSummary, Label, LabelKind};
use ratatui::layout::Rect;

use super::Load;

/// The three columns of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Shelves,
    Tags,
    Books,
}

impl Pane {
    fn index(self) -> usize {
        match self {
            Self::Shelves => 0,
            Self::Tags => 1,
            Self::Books => 2,
        }
    }
}

#[derive(Debug, Default)]
pub struct LabelsState {
    pub shelves: Vec<Label>,
    pub tags: Vec<Label>,
    pub load: Load,
    pub pane: Pane,
    /// Selected row of each pane.
    pub selected: [usize; 3],
    /// The label whose books are listed, and its id.
    pub books_of: Option<(LabelKind, i64, String)>,
    pub books: Vec<BookSummary>,
    pub books_load: Load,
    /// The area of each pane in the last frame, for clicks.
    pub areas: Cell<[Rect; 3]>,
}

impl LabelsState {
    pub fn of(&self, kind: LabelKind) -> &[Label] {
        match kind {
            LabelKind::Shelf => &self.shelves,
            LabelKind::Tag => &self.tags,
        }
    }

    /// Returns the name of a shelf or tag as the list last showed it, quoted, or its
    /// id when the list does not have it.
    pub fn name_of(&self, kind: LabelKind, id: i64) -> String {
        self.of(kind)
            .iter()
            .find(|label| label.id == id)
            .map_or_else(|| format!("#{id}"), |label| format!("“{}”", label.name))
    }

    /// Names of the shelves or tags, for completion.
    pub fn names(&self, kind: LabelKind) -> Vec<String> {
        self.of(kind)
            .iter()
            .map(|label| label.name.clone())
            .collect()
    }

    /// Returns the label selected in the Shelves or Tags pane.
    pub fn selected_label(&self) -> Option<(LabelKind, &Label)> {
        match self.pane {
            Pane::Shelves => self
                .shelves
                .get(self.selected[0])
                .map(|l| (LabelKind::Shelf, l)),
            Pane::Tags => self.tags.get(self.selected[1]).map(|l| (LabelKind::Tag, l)),
            Pane::Books => None,
        }
    }

    fn len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Shelves => self.shelves.len(),
            Pane::Tags => self.tags.len(),
            Pane::Books => self.books.len(),
        }
    }
}

/// Returns the `$kind` argument of the shelf and tag messages, `shelf` or `tag`.
/// The catalogues select on it because Portuguese gives each word its own gender.
pub fn kind_arg(kind: LabelKind) -> &'static str {
    match kind {
        LabelKind::Shelf => "shelf",
        LabelKind::Tag => "tag",
    }
}
