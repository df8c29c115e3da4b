//! The key map as data: one table of bindings per screen plus the global one.
//!
//! Dispatch, the help overlay and the status bar hints all read these tables, so a
//! binding and its documentation cannot disagree.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Tab;
use super::action::Action;
use crate::msgid;
use crate::screens::ops::OpsView;

/// A key with its modifiers, as written in a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn char(character: char) -> Self {
        Self::plain(KeyCode::Char(character))
    }

    pub const fn ctrl(character: char) -> Self {
        Self {
            code: KeyCode::Char(character),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// Whether a key event is this key. Shift is ignored for characters because the
    /// character itself already shows whether Shift was held.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mut modifiers = event.modifiers;
        if matches!(event.code, KeyCode::Char(_)) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        if event.code == KeyCode::BackTab {
            return self.code == KeyCode::BackTab;
        }
        self.code == event.code && self.modifiers == modifiers
    }

    /// Returns the key as shown in help, such as `Ctrl-s`, `↑` or `PgDn`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(character) => character.to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::F(number) => format!("F{number}"),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// One binding: its keys, what it does, and its status bar hint.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// A word or two for the status bar; empty when the binding is left out of it.
    pub hint: &'static str,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint,
    }
}

use KeyCode::{Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Up};

const MOVE: [Binding; 6] = [
    bind(
        &[Key::char('j'), Key::plain(Down)],
        Action::Down,
        msgid!("key-move-down"),
        "",
    ),
    bind(
        &[Key::char('k'), Key::plain(Up)],
        Action::Up,
        msgid!("key-move-up"),
        "",
    ),
    bind(
        &[Key::ctrl('d'), Key::plain(PageDown)],
        Action::PageDown,
        msgid!("key-page-down"),
        "",
    ),
    bind(
        &[Key::ctrl('u'), Key::plain(PageUp)],
        Action::PageUp,
        msgid!("key-page-up"),
        "",
    ),
    bind(
        &[Key::char('g'), Key::plain(Home)],
        Action::Top,
        msgid!("key-go-to-the-top"),
        "",
    ),
    bind(
        &[Key::char('G'), Key::plain(End)],
        Action::Bottom,
        msgid!("key-go-to-the-bottom"),
        "",
    ),
];

pub static GLOBAL: &[Binding] = &[
    bind(
        &[Key::char('q'), Key::ctrl('c')],
        Action::Quit,
        msgid!("key-quit"),
        msgid!("hint-quit"),
    ),
    bind(
        &[Key::char('?')],
        Action::Help,
        msgid!("key-help"),
        msgid!("hint-help"),
    ),
    bind(
        &[Key::char(':')],
        Action::Palette,
        msgid!("key-command-palette"),
        msgid!("hint-commands"),
    ),
    bind(
        &[Key::char('!')],
        Action::LastMessage,
        msgid!("key-show-the-last-message-or-error"),
        "",
    ),
    bind(
        &[Key::plain(Esc)],
        Action::Back,
        msgid!("key-back-close"),
        "",
    ),
    bind(
        &[Key::plain(KeyCode::Tab)],
        Action::NextTab,
        msgid!("key-next-tab"),
        "",
    ),
    bind(
        &[Key::plain(KeyCode::BackTab)],
        Action::PreviousTab,
        msgid!("key-previous-tab"),
        "",
    ),
    bind(
        &[Key::char('1'), Key::plain(KeyCode::F(1))],
        Action::GoTo(Tab::Library),
        msgid!("key-library-tab"),
        "",
    ),
    bind(
        &[Key::char('2'), Key::plain(KeyCode::F(2))],
        Action::GoTo(Tab::Book),
        msgid!("key-book-tab"),
        "",
    ),
    bind(
        &[Key::char('3'), Key::plain(KeyCode::F(3))],
        Action::GoTo(Tab::Add),
        msgid!("key-add-tab"),
        "",
    ),
    bind(
        &[Key::char('4'), Key::plain(KeyCode::F(4))],
        Action::GoTo(Tab::Labels),
        msgid!("key-shelves-and-tags-tab"),
        "",
    ),
    bind(
        &[Key::char('5'), Key::plain(KeyCode::F(5))],
        Action::GoTo(Tab::Stats),
        msgid!("key-stats-tab"),
        "",
    ),
    bind(
        &[Key::char('6'), Key::plain(KeyCode::F(6))],
        Action::GoTo(Tab::Transfer),
        msgid!("key-import-export-tab"),
        "",
    ),
    bind(
        &[Key::char('7'), Key::plain(KeyCode::F(7))],
        Action::GoTo(Tab::Ops),
        msgid!("key-ops-tab"),
        "",
    ),
];

pub static LIBRARY: &[Binding] = &[
    MOVE[0].const_clone(),
    MOVE[1].const_clone(),
    MOVE[2].const_clone(),
    MOVE[3].const_clone(),
    MOVE[4].const_clone(),
    MOVE[5].const_clone(),
    bind(
        &[Key::plain(Enter), Key::char('l'), Key::plain(Right)],
        Action::Open,
        msgid!("key-open-the-book"),
        msgid!("hint-open"),
    ),
    bind(
        &[Key::char('/')],
        Action::Filter,
        msgid!("key-filter-as-you-type-fuzzy"),
        msgid!("hint-filter"),
    ),
    bind(
        &[Key::char('f')],
        Action::Search,
        msgid!("key-full-text-search-on-the-server"),
        msgid!("hint-search"),
    ),
    bind(
        &[Key::char('s')],
        Action::SortNext,
        msgid!("key-sort-by-the-next-column"),
        msgid!("hint-sort"),
    ),
    bind(
        &[Key::char('S')],
        Action::SortReverse,
        msgid!("key-reverse-the-sort-order"),
        "",
    ),
    bind(
        &[Key::char('t')],
        Action::StatusFilterNext,
        msgid!("key-cycle-the-status-filter"),
        msgid!("hint-status"),
    ),
    bind(
        &[Key::char('c')],
        Action::ClearFilters,
        msgid!("key-clear-filter-search-status-shelf-tag"),
        "",
    ),
    bind(
        &[Key::char('a')],
        Action::AddBook,
        msgid!("key-add-a-book"),
        "",
    ),
    bind(&[Key::char('r')], Action::Reload, msgid!("key-reload"), ""),
];

pub static BOOK: &[Binding] = &[
    bind(
        &[Key::char('e')],
        Action::Edit,
        msgid!("key-edit-every-field"),
        msgid!("hint-edit"),
    ),
    bind(
        &[Key::char('+'), Key::char('=')],
        Action::RateUp,
        msgid!("key-rating-up-star"),
        msgid!("hint-rate-plus"),
    ),
    bind(
        &[Key::char('-')],
        Action::RateDown,
        msgid!("key-rating-down-star"),
        msgid!("hint-rate-minus"),
    ),
    bind(
        &[Key::char('R')],
        Action::TypeRating,
        msgid!("key-type-a-rating-0-25-to"),
        msgid!("hint-rate"),
    ),
    bind(
        &[Key::char('s')],
        Action::SetStatus,
        msgid!("key-set-the-status"),
        msgid!("hint-status"),
    ),
    bind(
        &[Key::char('w')],
        Action::Review,
        msgid!("key-write-the-review"),
        msgid!("hint-review"),
    ),
    bind(
        &[Key::char('n')],
        Action::StartReading,
        msgid!("key-start-a-new-reading-today"),
        "",
    ),
    bind(
        &[Key::char('f')],
        Action::FinishReading,
        msgid!("key-finish-the-reading-today"),
        "",
    ),
    bind(
        &[Key::char('x')],
        Action::StopReading,
        msgid!("key-stop-the-reading-today"),
        "",
    ),
    bind(
        &[Key::char('d')],
        Action::EditReadings,
        msgid!("key-edit-a-reading-s-dates-or"),
        "",
    ),
    bind(
        &[Key::char('b')],
        Action::Shelves,
        msgid!("key-shelves-of-this-book"),
        "",
    ),
    bind(
        &[Key::char('t')],
        Action::Tags,
        msgid!("key-tags-of-this-book"),
        "",
    ),
    bind(
        &[Key::char('C')],
        Action::UploadCover,
        msgid!("key-upload-a-cover-image"),
        "",
    ),
    bind(
        &[Key::char('D')],
        Action::Delete,
        msgid!("key-delete-the-book"),
        "",
    ),
    bind(&[Key::char('r')], Action::Reload, msgid!("key-reload"), ""),
    bind(
        &[Key::char('j'), Key::plain(Down)],
        Action::Down,
        msgid!("key-scroll-down"),
        "",
    ),
    bind(
        &[Key::char('k'), Key::plain(Up)],
        Action::Up,
        msgid!("key-scroll-up"),
        "",
    ),
];

pub static FORM: &[Binding] = &[
    bind(
        &[Key::char('j'), Key::plain(Down)],
        Action::Down,
        msgid!("key-next-field"),
        "",
    ),
    bind(
        &[Key::char('k'), Key::plain(Up)],
        Action::Up,
        msgid!("key-previous-field"),
        "",
    ),
    bind(
        &[Key::plain(Enter), Key::char('i')],
        Action::Open,
        msgid!("key-edit-the-field"),
        msgid!("hint-edit"),
    ),
    bind(
        &[Key::ctrl('s'), Key::char('S')],
        Action::Save,
        msgid!("key-save"),
        msgid!("hint-save"),
    ),
    bind(
        &[Key::plain(Esc)],
        Action::Back,
        msgid!("key-cancel-the-edit"),
        msgid!("hint-cancel"),
    ),
];

pub static ADD: &[Binding] = &[
    bind(
        &[Key::char('j'), Key::plain(Down)],
        Action::Down,
        msgid!("key-next-field"),
        "",
    ),
    bind(
        &[Key::char('k'), Key::plain(Up)],
        Action::Up,
        msgid!("key-previous-field"),
        "",
    ),
    bind(
        &[Key::plain(Enter), Key::char('i')],
        Action::Open,
        msgid!("key-edit-the-field"),
        msgid!("hint-edit"),
    ),
    bind(
        &[Key::ctrl('s'), Key::char('S')],
        Action::Save,
        msgid!("key-save"),
        msgid!("hint-save"),
    ),
    bind(
        &[Key::ctrl('l'), Key::char('L')],
        Action::Lookup,
        msgid!("key-look-up-the-isbn"),
        msgid!("hint-isbn-lookup"),
    ),
    bind(
        &[Key::char('c')],
        Action::ClearFilters,
        msgid!("key-clear-the-form"),
        "",
    ),
];

pub static LABELS: &[Binding] = &[
    MOVE[0].const_clone(),
    MOVE[1].const_clone(),
    bind(
        &[Key::char('h'), Key::plain(Left)],
        Action::Left,
        msgid!("key-column-to-the-left"),
        "",
    ),
    bind(
        &[Key::char('l'), Key::plain(Right)],
        Action::Right,
        msgid!("key-column-to-the-right"),
        "",
    ),
    bind(
        &[Key::plain(Enter)],
        Action::Open,
        msgid!("key-show-the-books-open-the-book"),
        msgid!("hint-open"),
    ),
    bind(
        &[Key::char('n')],
        Action::New,
        msgid!("key-new-shelf-or-tag"),
        msgid!("hint-new"),
    ),
    bind(
        &[Key::char('R')],
        Action::Rename,
        msgid!("key-rename"),
        msgid!("hint-rename"),
    ),
    bind(
        &[Key::char('D')],
        Action::Delete,
        msgid!("key-delete"),
        msgid!("hint-delete"),
    ),
    bind(
        &[Key::char('m')],
        Action::Move,
        msgid!("key-move-the-book-to-another-shelf"),
        msgid!("hint-move"),
    ),
    bind(
        &[Key::char('x')],
        Action::Remove,
        msgid!("key-take-the-book-off"),
        "",
    ),
    bind(
        &[Key::char('L')],
        Action::ShowInLibrary,
        msgid!("key-show-these-books-in-the-library"),
        "",
    ),
    bind(&[Key::char('r')], Action::Reload, msgid!("key-reload"), ""),
];

pub static STATS: &[Binding] = &[
    bind(
        &[Key::char('h'), Key::plain(Left)],
        Action::Left,
        msgid!("key-previous-year"),
        msgid!("hint-year-minus"),
    ),
    bind(
        &[Key::char('l'), Key::plain(Right)],
        Action::Right,
        msgid!("key-next-year"),
        msgid!("hint-year-plus"),
    ),
    bind(
        &[Key::char('y')],
        Action::ThisYear,
        msgid!("key-this-year"),
        "",
    ),
    bind(
        &[Key::char('a')],
        Action::AllTime,
        msgid!("key-all-time"),
        msgid!("hint-all-time"),
    ),
    bind(
        &[Key::char('g')],
        Action::SetGoal,
        msgid!("key-set-the-yearly-goal"),
        msgid!("hint-goal"),
    ),
    bind(
        &[Key::char('v')],
        Action::ToggleReview,
        msgid!("key-year-in-review"),
        msgid!("hint-year-review"),
    ),
    bind(
        &[Key::char('e')],
        Action::ExportReview,
        msgid!("key-export-the-year-in-review-as"),
        "",
    ),
    bind(
        &[Key::char('r')],
        Action::Reload,
        msgid!("key-reload"),
        msgid!("hint-reload"),
    ),
];

pub static TRANSFER: &[Binding] = &[
    MOVE[0].const_clone(),
    MOVE[1].const_clone(),
    MOVE[2].const_clone(),
    MOVE[3].const_clone(),
    bind(
        &[Key::char('i')],
        Action::EditImportPath,
        msgid!("key-choose-a-file-to-import"),
        msgid!("hint-import"),
    ),
    bind(
        &[Key::char('F')],
        Action::ImportFormatNext,
        msgid!("key-switch-the-import-format"),
        "",
    ),
    bind(
        &[Key::char('e')],
        Action::EditExportPath,
        msgid!("key-choose-where-to-export"),
        msgid!("hint-export"),
    ),
    bind(
        &[Key::char('f')],
        Action::ExportFormatNext,
        msgid!("key-switch-the-export-format"),
        msgid!("hint-format"),
    ),
    bind(
        &[Key::char('v')],
        Action::RowFilterNext,
        msgid!("key-which-report-rows-to-show"),
        msgid!("hint-rows"),
    ),
    bind(
        &[Key::plain(Enter)],
        Action::Open,
        msgid!("key-row-details"),
        "",
    ),
];

pub static OPS: &[Binding] = &[
    MOVE[0].const_clone(),
    MOVE[1].const_clone(),
    MOVE[2].const_clone(),
    MOVE[3].const_clone(),
    MOVE[4].const_clone(),
    MOVE[5].const_clone(),
    bind(
        &[Key::char('h'), Key::plain(Left)],
        Action::Left,
        msgid!("key-previous-view"),
        "",
    ),
    bind(
        &[Key::char('l'), Key::plain(Right)],
        Action::Right,
        msgid!("key-next-view"),
        "",
    ),
    bind(
        &[Key::char('i')],
        Action::ShowOpsView(OpsView::Instances),
        msgid!("key-instances"),
        "",
    ),
    bind(
        &[Key::char('a')],
        Action::ShowOpsView(OpsView::Alarms),
        msgid!("key-alarms"),
        "",
    ),
    bind(
        &[Key::char('s')],
        Action::ShowOpsView(OpsView::Storage),
        msgid!("key-snapshots-and-volumes"),
        "",
    ),
    bind(
        &[Key::char('b')],
        Action::ShowOpsView(OpsView::Backups),
        msgid!("key-backups"),
        "",
    ),
    bind(
        &[Key::char('c')],
        Action::ShowOpsView(OpsView::Commands),
        msgid!("key-ssm-commands"),
        "",
    ),
    bind(
        &[Key::plain(Enter)],
        Action::Open,
        msgid!("key-metrics-of-the-instance-an-alarm"),
        msgid!("hint-metrics"),
    ),
    bind(
        &[Key::char('R')],
        Action::Restore,
        msgid!("key-restore-the-selected-snapshot-or-recovery"),
        msgid!("hint-restore"),
    ),
    bind(
        &[Key::char('r')],
        Action::Reload,
        msgid!("key-reload-the-view"),
        msgid!("hint-reload"),
    ),
    bind(
        &[Key::char('/')],
        Action::Filter,
        msgid!("key-filter-the-instances"),
        msgid!("hint-filter"),
    ),
];

impl Binding {
    /// Copies a binding in a constant context, so tables can share `MOVE`.
    const fn const_clone(&self) -> Binding {
        Binding {
            keys: self.keys,
            action: self.action,
            help: self.help,
            hint: self.hint,
        }
    }
}

/// Returns the screen's own bindings, which are looked up before the global ones.
pub fn screen_bindings(tab: Tab, in_form: bool) -> &'static [Binding] {
    Scope::of(tab, in_form).table()
}

/// Finds the action of a key in the default key map: the screen's binding first,
/// then the global one.
pub fn lookup(tab: Tab, in_form: bool, event: &KeyEvent) -> Option<Action> {
    KeyMap::default().lookup(tab, in_form, event)
}

/// Joins the labels of keys, such as `j/↓`.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join("/")
}

/// A table of bindings: the global one or one screen's. Its name is the table name
/// in `keys.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Library,
    Book,
    /// The Book screen while its edit form is open.
    Form,
    Add,
    Labels,
    Stats,
    Transfer,
    Ops,
}

impl Scope {
    pub const ALL: [Scope; 9] = [
        Self::Global,
        Self::Library,
        Self::Book,
        Self::Form,
        Self::Add,
        Self::Labels,
        Self::Stats,
        Self::Transfer,
        Self::Ops,
    ];

    /// Returns the scope of a screen's own bindings.
    pub fn of(tab: Tab, in_form: bool) -> Self {
        match tab {
            Tab::Library => Self::Library,
            Tab::Book if in_form => Self::Form,
            Tab::Book => Self::Book,
            Tab::Add => Self::Add,
            Tab::Labels => Self::Labels,
            Tab::Stats => Self::Stats,
            Tab::Transfer => Self::Transfer,
            Tab::Ops => Self::Ops,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Library => "library",
            Self::Book => "book",
            Self::Form => "form",
            Self::Add => "add",
            Self::Labels => "shelves",
            Self::Stats => "stats",
            Self::Transfer => "import_export",
            Self::Ops => "ops",
        }
    }

    /// Returns the default bindings of the scope.
    pub fn table(self) -> &'static [Binding] {
        match self {
            Self::Global => GLOBAL,
            Self::Library => LIBRARY,
            Self::Book => BOOK,
            Self::Form => FORM,
            Self::Add => ADD,
            Self::Labels => LABELS,
            Self::Stats => STATS,
            Self::Transfer => TRANSFER,
            Self::Ops => OPS,
        }
    }

    /// Finds the action bound in this scope under its `keys.toml` name.
    pub fn action_named(self, name: &str) -> Option<Action> {
        self.table()
            .iter()
            .map(|binding| binding.action)
            .find(|action| action.name() == name)
    }
}

/// The key map in use: the default tables with the user's overrides from
/// `keys.toml`, each of which replaces every key of one action in one scope.
#[derive(Debug, Clone, Default)]
pub struct KeyMap {
    overrides: HashMap<(Scope, Action), Vec<Key>>,
}

impl KeyMap {
    pub fn with_overrides(overrides: HashMap<(Scope, Action), Vec<Key>>) -> Self {
        Self { overrides }
    }

    /// Returns the keys of a binding of `scope`, overridden or default.
    pub fn keys<'a>(&'a self, scope: Scope, binding: &'a Binding) -> &'a [Key] {
        self.overrides
            .get(&(scope, binding.action))
            .map_or(binding.keys, Vec::as_slice)
    }

    /// Finds the action of a key: the screen's binding first, then the global one.
    pub fn lookup(&self, tab: Tab, in_form: bool, event: &KeyEvent) -> Option<Action> {
        let screen = Scope::of(tab, in_form);
        let screen_bindings = screen.table().iter().map(|binding| (screen, binding));
        let global_bindings = GLOBAL.iter().map(|binding| (Scope::Global, binding));
        screen_bindings
            .chain(global_bindings)
            .find(|(scope, binding)| {
                self.keys(*scope, binding)
                    .iter()
                    .any(|key| key.matches(event))
            })
            .map(|(_, binding)| binding.action)
    }

    /// Lists the bindings that clash: a key bound twice in one scope, or a screen
    /// key that hides a global key with another action. Each clash names the
    /// actions involved, so the key file can point at the line that caused it.
    pub fn conflicts(&self) -> Vec<(Vec<(Scope, Action)>, String)> {
        let mut conflicts = Vec::new();
        let global: Vec<(Key, Action)> = GLOBAL
            .iter()
            .flat_map(|binding| {
                self.keys(Scope::Global, binding)
                    .iter()
                    .map(|key| (*key, binding.action))
            })
            .collect();
        for scope in Scope::ALL {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for binding in scope.table() {
                for key in self.keys(scope, binding) {
                    if let Some((_, other)) = seen.iter().find(|(seen_key, _)| seen_key == key) {
                        conflicts.push((
                            vec![(scope, binding.action), (scope, *other)],
                            crate::t!(
                                "keys-bound-twice",
                                key = key.label(),
                                first = other.name(),
                                second = binding.action.name(),
                                table = scope.name()
                            ),
                        ));
                    }
                    seen.push((*key, binding.action));
                    let hidden = global.iter().find(|(global_key, global_action)| {
                        scope != Scope::Global
                            && global_key == key
                            && *global_action != binding.action
                    });
                    if let Some((_, global_action)) = hidden {
                        conflicts.push((
                            vec![(scope, binding.action), (Scope::Global, *global_action)],
                            crate::t!(
                                "keys-hides-global",
                                key = key.label(),
                                table = scope.name(),
                                action = binding.action.name(),
                                global = global_action.name()
                            ),
                        ));
                    }
                }
            }
        }
        conflicts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn screen_binding_wins_over_global() {
        let event = press(KeyCode::Char('s'));
        assert_eq!(lookup(Tab::Book, false, &event), Some(Action::SetStatus));
        assert_eq!(lookup(Tab::Library, false, &event), Some(Action::SortNext));
    }

    #[test]
    fn digits_switch_tabs_on_every_screen() {
        for tab in Tab::ALL {
            for in_form in [false, true] {
                for target in Tab::ALL {
                    let digit = char::from_digit(target.number() as u32, 10).unwrap();
                    let event = press(KeyCode::Char(digit));
                    assert_eq!(
                        lookup(tab, in_form, &event),
                        Some(Action::GoTo(target)),
                        "{digit} on {tab:?} (form: {in_form})"
                    );
                }
            }
        }
    }

    /// A screen binding on a global key hides the global action on that screen, so
    /// the help overlay's "Everywhere" section would be wrong there.
    #[test]
    fn screen_keys_never_shadow_global_keys() {
        for tab in Tab::ALL {
            for in_form in [false, true] {
                for binding in screen_bindings(tab, in_form) {
                    for key in binding.keys {
                        let global = GLOBAL.iter().find(|global| global.keys.contains(key));
                        if let Some(global) = global {
                            assert_eq!(
                                binding.action,
                                global.action,
                                "{tab:?} (form: {in_form}): {} shadows the global binding",
                                key.label()
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn f2_on_labels_opens_book_tab() {
        let event = press(KeyCode::F(2));
        assert_eq!(
            lookup(Tab::Labels, false, &event),
            Some(Action::GoTo(Tab::Book))
        );
        let rename = press(KeyCode::Char('R'));
        assert_eq!(lookup(Tab::Labels, false, &rename), Some(Action::Rename));
    }

    #[test]
    fn shifted_characters_match() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Tab::Library, false, &event), Some(Action::Bottom));
    }

    #[test]
    fn default_map_has_no_conflicts() {
        let conflicts = KeyMap::default().conflicts();
        assert!(conflicts.is_empty(), "{conflicts:?}");
    }

    #[test]
    fn no_key_bound_twice_in_a_scope() {
        for tab in Tab::ALL {
            for in_form in [false, true] {
                let table = screen_bindings(tab, in_form);
                let mut seen = Vec::new();
                for binding in table {
                    for key in binding.keys {
                        assert!(!seen.contains(key), "{tab:?}: {} bound twice", key.label());
                        seen.push(*key);
                    }
                }
            }
        }
    }
}
