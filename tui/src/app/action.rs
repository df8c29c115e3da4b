//! What a key means, independent of which key it is.

use super::Tab;
use crate::screens::ops::OpsView;

/// One user intent. The key map turns keys into actions; screens act on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    EditImportPath,
    EditExportPath,
    ExportFormatNext,
    RowFilterNext,
    /// Ops: show one sub-view.
    ShowOpsView(OpsView),
    /// Ops: run the preflight of a restore from the selected snapshot or
    /// recovery point.
    Restore,
}
