//! Popups over the screen: help, the command palette, messages, confirmations,
//! version conflicts, pickers and one-line prompts.
//!
//! Each popup carries what it needs to finish its job (the request to send, the
//! entity's version), so closing it never reads screen state that may have moved.

use crossterm::event::{KeyCode, KeyEvent};
use estante_backend::model::{Rating, ReadingStatus};
use estante_backend::storage::{EntryPatch, LabelKind};

use super::msg::Request;
use super::outbox::{Effect, Outbox};
use super::palette::Palette;
use crate::widgets::editor::{Edit, TextEditor};

#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Palette(Palette),
    Message {
        title: String,
        body: String,
        error: bool,
    },
    /// `y` sends the request; anything else cancels.
    Confirm {
        prompt: String,
        request: Request,
    },
    /// A write was rejected with 412: reload, or send it again over the newer version.
    Conflict {
        detail: String,
        request: Request,
        current_version: i64,
    },
    Pick(Picker),
    Input(InputPrompt),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub label: String,
    /// Set for pickers where each item is on or off, such as a book's shelves.
    pub checked: Option<bool>,
    pub id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    Status {
        book_id: i64,
        version: i64,
    },
    BookLabels {
        kind: LabelKind,
        book_id: i64,
    },
    MoveTo {
        kind: LabelKind,
        from: i64,
        book_id: i64,
    },
    /// A book's readings: Enter edits the dates, `D` deletes the reading.
    Reading {
        book_id: i64,
    },
}

#[derive(Debug)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickItem>,
    pub selected: usize,
    pub purpose: PickPurpose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputPurpose {
    NewLabel {
        kind: LabelKind,
        attach_to: Option<i64>,
    },
    RenameLabel {
        kind: LabelKind,
        id: i64,
        version: i64,
    },
    Goal {
        year: i32,
    },
    /// A rating in stars for the book on the Book tab.
    Rating {
        book_id: i64,
    },
    /// The path of an image file to upload as a book's cover.
    CoverFile {
        book_id: i64,
    },
}

#[derive(Debug)]
pub struct InputPrompt {
    pub title: String,
    pub editor: TextEditor,
    pub purpose: InputPurpose,
    pub error: Option<String>,
}

impl InputPrompt {
    /// Opens a prompt showing `text`, the current value, selected: typing replaces
    /// it, and an arrow key keeps it for editing.
    pub fn new(title: impl Into<String>, text: &str, purpose: InputPurpose) -> Self {
        Self {
            title: title.into(),
            editor: TextEditor::single_line_selected(text),
            purpose,
            error: None,
        }
    }
}

/// The status picker, with the book's current status selected.
pub fn status_picker(book_id: i64, version: i64, current: ReadingStatus) -> Overlay {
    let items = ReadingStatus::ALL
        .iter()
        .enumerate()
        .map(|(index, status)| PickItem {
            label: crate::status::label(*status),
            checked: None,
            id: index as i64,
        })
        .collect();
    let selected = ReadingStatus::ALL
        .iter()
        .position(|s| *s == current)
        .unwrap_or(0);
    Overlay::Pick(Picker {
        title: crate::t!("picker-set-status"),
        items,
        selected,
        purpose: PickPurpose::Status { book_id, version },
    })
}

/// Parses a typed rating in stars: `4.25` or `4,25` on the quarter-star grid, and
/// `0` or nothing for no rating.
pub fn parse_rating(text: &str) -> Result<Option<Rating>, String> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    let stars: f64 = text
        .parse()
        .map_err(|_| crate::t!("rating-not-a-number", text = format!("{text:?}")))?;
    if stars == 0.0 {
        return Ok(None);
    }
    // The backend checks the same rules, but words its errors in English only.
    let shown = crate::i18n::format::shortest(stars);
    if !stars.is_finite() || !(0.25..=5.0).contains(&stars) {
        return Err(crate::t!("rating-out-of-range", stars = shown));
    }
    if (stars * 4.0 - (stars * 4.0).round()).abs() > 1e-9 {
        return Err(crate::t!("rating-not-quarter", stars = shown));
    }
    Rating::from_stars(stars).map(Some)
}

/// What a key did to a popup.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Open,
    Close,
}

impl Picker {
    fn choose(&mut self, out: &mut Outbox) -> Answer {
        let Some(item) = self.items.get_mut(self.selected) else {
            return Answer::Close;
        };
        match self.purpose {
            PickPurpose::Status { book_id, version } => {
                let status = ReadingStatus::ALL[item.id as usize];
                out.request(Request::PatchEntry {
                    book_id,
                    version,
                    patch: EntryPatch {
                        status: Some(status),
                        ..EntryPatch::default()
                    },
                });
                Answer::Close
            }
            PickPurpose::BookLabels { kind, book_id } => {
                let attached = !item.checked.unwrap_or(false);
                item.checked = Some(attached);
                out.request(Request::SetLabel {
                    kind,
                    label_id: item.id,
                    book_id,
                    attached,
                });
                Answer::Open
            }
            PickPurpose::MoveTo {
                kind,
                from,
                book_id,
            } => {
                out.request(Request::MoveBook {
                    kind,
                    from,
                    to: item.id,
                    book_id,
                });
                Answer::Close
            }
            PickPurpose::Reading { book_id } => {
                out.push(Effect::EditReading {
                    book_id,
                    reading_id: item.id,
                });
                Answer::Close
            }
        }
    }

    fn handle_key(&mut self, key: KeyEvent, out: &mut Outbox) -> Answer {
        let last = self.items.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Answer::Close,
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Enter | KeyCode::Char(' ') => return self.choose(out),
            KeyCode::Char('D') => {
                if let (PickPurpose::Reading { book_id }, Some(item)) =
                    (self.purpose, self.items.get(self.selected))
                {
                    out.push(Effect::DeleteReading {
                        book_id,
                        reading_id: item.id,
                    });
                    return Answer::Close;
                }
            }
            KeyCode::Char('n') => {
                if let PickPurpose::BookLabels { kind, book_id } = self.purpose {
                    let title = match kind {
                        LabelKind::Shelf => crate::t!("prompt-new-shelf-for-book"),
                        LabelKind::Tag => crate::t!("prompt-new-tag-for-book"),
                    };
                    out.overlay(Overlay::Input(InputPrompt::new(
                        title,
                        "",
                        InputPurpose::NewLabel {
                            kind,
                            attach_to: Some(book_id),
                        },
                    )));
                    return Answer::Close;
                }
            }
            _ => {}
        }
        Answer::Open
    }
}

impl InputPrompt {
    fn submit(&mut self, out: &mut Outbox) -> Answer {
        let text = self.editor.text().trim().to_string();
        match self.purpose {
            InputPurpose::NewLabel { kind, attach_to } => {
                if text.is_empty() {
                    self.error = Some(crate::t!("prompt-name-missing"));
                    return Answer::Open;
                }
                out.request(Request::CreateLabel {
                    kind,
                    name: text,
                    attach_to,
                });
            }
            InputPurpose::RenameLabel { kind, id, version } => {
                if text.is_empty() {
                    self.error = Some(crate::t!("prompt-name-missing"));
                    return Answer::Open;
                }
                out.request(Request::RenameLabel {
                    kind,
                    id,
                    version,
                    name: text,
                });
            }
            InputPurpose::Rating { book_id } => match parse_rating(&text) {
                Ok(rating) => out.push(Effect::SetRating { book_id, rating }),
                Err(error) => {
                    self.error = Some(error);
                    return Answer::Open;
                }
            },
            InputPurpose::Goal { year } => match crate::screens::stats::parse_goal(&text) {
                Ok((unit, amount)) => out.request(Request::SaveGoal { year, unit, amount }),
                Err(error) => {
                    self.error = Some(error);
                    return Answer::Open;
                }
            },
            InputPurpose::CoverFile { book_id } => {
                if text.is_empty() {
                    self.error = Some(crate::t!("prompt-path-missing"));

                    return Answer::Open;
                }
                out.request(Request::UploadCover {
                    book_id,
                    path: crate::screens::transfer::path::expand_home(&text),
                });
            }
        }
        Answer::Close
    }

    fn handle_key(&mut self, key: KeyEvent, out: &mut Outbox) -> Answer {
        match key.code {
            KeyCode::Esc => Answer::Close,
            KeyCode::Enter => self.submit(out),
            _ => {
                if self.editor.handle_key(key) == Edit::Changed {
                    self.error = None;
                }
                Answer::Open
            }
        }
    }
}

/// Returns whether a key confirms: `y` in every language, and the first letter of
/// "yes" in the language in force (`s` for "sim"), as the confirm popup names it.
fn is_yes(code: KeyCode) -> bool {
    let KeyCode::Char(typed) = code else {
        return false;
    };
    let typed = typed.to_ascii_lowercase();
    typed == 'y' || crate::t!("confirm-yes-key").starts_with(typed)
}

/// Applies a key to every popup but the palette, which the app handles because its
/// commands reach every screen.
pub fn handle_key(overlay: &mut Overlay, key: KeyEvent, out: &mut Outbox) -> Answer {
    match overlay {
        Overlay::Help { scroll } => match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                *scroll += 1;
                Answer::Open
            }
            KeyCode::Up | KeyCode::Char('k') => {
                *scroll = scroll.saturating_sub(1);
                Answer::Open
            }
            _ => Answer::Close,
        },
        Overlay::Palette(_) => Answer::Open,
        Overlay::Message { .. } => Answer::Close,
        Overlay::Confirm { request, .. } => {
            if is_yes(key.code) {
                out.request(request.clone());
            } else {
                out.info(crate::t!("cancelled"));
            }
            Answer::Close
        }
        Overlay::Conflict {
            request,
            current_version,
            ..
        } => match key.code {
            KeyCode::Char('r') => {
                match request.book_id() {
                    Some(id) => out.push(Effect::OpenBook(id)),
                    None => out.push(Effect::ReloadLabels),
                }
                out.info(crate::t!("conflict-reloaded"));
                Answer::Close
            }
            KeyCode::Char('o') => {
                out.request(request.with_version(*current_version));
                Answer::Close
            }
            KeyCode::Esc => {
                // A rating, status or review shows on the Book screen as soon as it
                // is typed, so after a cancel the screen would keep a value that
                // was never saved. The server's copy replaces it.
                if let Request::PatchEntry { book_id, .. } = request {
                    out.request(Request::LoadBook { id: *book_id });
                    out.info(crate::t!("conflict-cancelled"));
                }
                Answer::Close
            }
            _ => Answer::Open,
        },
        Overlay::Pick(picker) => picker.handle_key(key, out),
        Overlay::Input(prompt) => prompt.handle_key(key, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rating_accepts_quarter_steps() {
        let quarters = |text: &str| parse_rating(text).unwrap().map(Rating::quarters);
        assert_eq!(quarters("4.25"), Some(17));
        assert_eq!(quarters(" 3,5 "), Some(14));
        assert_eq!(quarters("5"), Some(20));
        assert_eq!(quarters("0"), None);
        assert_eq!(quarters(""), None);
    }

    #[test]
    fn confirm_keys_follow_the_language() {
        use crate::i18n::{Language, set_thread_language};
        set_thread_language(Language::English);
        assert!(is_yes(KeyCode::Char('y')));
        assert!(is_yes(KeyCode::Char('Y')));
        assert!(!is_yes(KeyCode::Char('s')));
        assert!(!is_yes(KeyCode::Enter));
        set_thread_language(Language::BrazilianPortuguese);
        assert!(is_yes(KeyCode::Char('s')));
        assert!(is_yes(KeyCode::Char('S')));
        assert!(is_yes(KeyCode::Char('y')));
        assert!(!is_yes(KeyCode::Char('n')));
    }

    #[test]
    fn parse_rating_in_portuguese_uses_a_decimal_comma() {
        crate::i18n::set_thread_language(crate::i18n::Language::BrazilianPortuguese);
        let error = parse_rating("4,3").unwrap_err();
        assert!(error.contains("a nota 4,3 não"), "{error}");
        let error = parse_rating("seis").unwrap_err();
        assert!(error.contains("não é um número de estrelas"), "{error}");
    }

    #[test]
    fn parse_rating_rejects_bad_input() {
        for text in ["4.3", "6", "-1", "four", "NaN"] {
            let error = parse_rating(text).unwrap_err();
            assert!(!error.is_empty(), "{text}");
        }
    }
}
