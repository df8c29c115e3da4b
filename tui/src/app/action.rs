//! What a key means, independent of which key it is.

use super::Tab;
use crate::screens::ops::OpsView;

/// One user intent. The key map turns keys into actions; screens act on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Palette,
    /// Show the latest status line message in full, in a popup.
    LastMessage,
    Back,
    GoTo(Tab),
    NextTab,
    PreviousTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Open,
    Reload,
    /// Library: filter the loaded list as you type.
    Filter,
    /// Library: full-text search on the server.
    Search,
    SortNext,
    SortReverse,
    StatusFilterNext,
    ClearFilters,
    AddBook,
    /// Book: edit every field in a form.
    Edit,
    RateUp,
    RateDown,
    /// Book: type a rating in stars, such as `4.25`.
    TypeRating,
    SetStatus,
    Review,
    StartReading,
    FinishReading,
    StopReading,
    /// Book: choose a reading to edit its dates or delete it.
    EditReadings,
    Shelves,
    Tags,
    /// Book: upload an image file as the cover.
    UploadCover,
    Delete,
    Save,
    Lookup,
    New,
    Rename,
    Move,
    Remove,
    ShowInLibrary,
    ThisYear,
    AllTime,
    SetGoal,
    /// Stats: show or hide the year in review.
    ToggleReview,
    /// Stats: write the year in review as a Markdown report.
    ExportReview,
    EditImportPath,
    EditExportPath,
    ExportFormatNext,
    /// Import/Export: cycle the import format, from detected to each named one.
    ImportFormatNext,
    RowFilterNext,
    /// Ops: show one sub-view.
    ShowOpsView(OpsView),
    /// Ops: run the preflight of a restore from the selected snapshot or
    /// recovery point.
    Restore,
}

impl Action {
    /// Returns the name of the action in `keys.toml`, such as `type_rating`.
    pub fn name(self) -> String {
        let name = match self {
            Self::Quit => "quit",
            Self::Help => "help",
            Self::Palette => "palette",
            Self::LastMessage => "last_message",
            Self::Back => "back",
            Self::GoTo(tab) => return format!("tab_{}", tab_name(tab)),
            Self::NextTab => "next_tab",
            Self::PreviousTab => "previous_tab",
            Self::Up => "up",
            Self::Down => "down",
            Self::PageUp => "page_up",
            Self::PageDown => "page_down",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::Left => "left",
            Self::Right => "right",
            Self::Open => "open",
            Self::Reload => "reload",
            Self::Filter => "filter",
            Self::Search => "search",
            Self::SortNext => "sort",
            Self::SortReverse => "sort_reverse",
            Self::StatusFilterNext => "status_filter",
            Self::ClearFilters => "clear",
            Self::AddBook => "add_book",
            Self::Edit => "edit",
            Self::RateUp => "rate_up",
            Self::RateDown => "rate_down",
            Self::TypeRating => "type_rating",
            Self::SetStatus => "status",
            Self::Review => "review",
            Self::StartReading => "start_reading",
            Self::FinishReading => "finish_reading",
            Self::StopReading => "stop_reading",
            Self::EditReadings => "edit_readings",
            Self::Shelves => "shelves",
            Self::Tags => "tags",
            Self::UploadCover => "upload_cover",
            Self::Delete => "delete",
            Self::Save => "save",
            Self::Lookup => "lookup",
            Self::New => "new",
            Self::Rename => "rename",
            Self::Move => "move",
            Self::Remove => "remove",
            Self::ShowInLibrary => "show_in_library",
            Self::ThisYear => "this_year",
            Self::AllTime => "all_time",
            Self::SetGoal => "goal",
            Self::ToggleReview => "review",
            Self::ExportReview => "export_review",
            Self::EditImportPath => "import",
            Self::EditExportPath => "export",
            Self::ExportFormatNext => "export_format",
            Self::ImportFormatNext => "import_format",
            Self::RowFilterNext => "rows",
            Self::ShowOpsView(view) => {
                return format!("view_{}", format!("{view:?}").to_lowercase());
            }
            Self::Restore => "restore",
        };
        name.to_string()
    }
}

/// Returns a tab's name in `keys.toml`, in the words of its title.
fn tab_name(tab: Tab) -> &'static str {
    match tab {
        Tab::Library => "library",
        Tab::Book => "book",
        Tab::Add => "add",
        Tab::Labels => "shelves",
        Tab::Stats => "stats",
        Tab::Transfer => "import_export",
        Tab::Ops => "ops",
    }
}
