//! Book: the cover beside the details, loaded and encoded by the runner.
//!
//! The cover goes through these states: loading (the request is out), missing,
//! failed (with a message), and ready. A ready cover is encoded for the size of
//! the area it was last drawn in. When that size changes, [`CoverState::encode_request`]
//! returns a request for a new encoding, and the old one is drawn meanwhile if it
//! still fits.

use std::cell::Cell;
use std::collections::HashSet;

use estante_backend::storage::Book;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_image::Image;

use crate::app::Context;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::theme::Theme;
use crate::covers::{CoverError, CoverImage, Encoded};

/// Returns the text shown in the cover area while the cover loads or is resized.
pub fn loading_text() -> String {
    crate::t!("cover-loading")
}

/// Returns the text shown when the book has no cover.
pub fn missing_text() -> String {
    crate::t!("cover-missing")
}

#[derive(Debug, Default)]
pub struct CoverState {
    /// The book the cover belongs to; `None` before the first load.
    pub book_id: Option<i64>,
    pub view: CoverView,
    /// The size in cells of the cover area at the last draw; zero when hidden.
    pub area: Cell<(u16, u16)>,
    /// Books whose cover fetch from Open Library was already requested in this
    /// session, so reopening a book with no cover does not request it again.
    pub fetch_tried: HashSet<i64>,
}

#[derive(Debug, Default)]
pub enum CoverView {
    /// Covers are off, or no book is open.
    #[default]
    Off,
    Loading,
    Missing,
    Failed(String),
    Ready {
        image: CoverImage,
        /// The encoding and the area size it was made for.
        encoded: Option<((u16, u16), Encoded)>,
        /// The area size of the encoding under way.
        pending: Option<(u16, u16)>,
    },
}

impl CoverState {
    /// Forgets the cover shown, so the next [`CoverState::load`] reads it again.
    pub fn reset(&mut self) {
        self.book_id = None;
        self.view = CoverView::Off;
    }

    /// Requests the cover of `book` unless it is already shown or on its way.
    ///
    /// A missing cover is fetched from Open Library when the context allows it,
    /// the book has an ISBN, and this session has not requested it for this book.
    pub fn load(&mut self, book: &Book, context: &Context, out: &mut Outbox) {
        if context.covers.is_none() || self.book_id == Some(book.id) {
            return;
        }
        let has_isbn = book.fields.isbn13.is_some() || book.fields.isbn10.is_some();
        let fetch = context.cover_fetch && has_isbn && self.fetch_tried.insert(book.id);
        self.book_id = Some(book.id);
        self.view = CoverView::Loading;
        out.request(Request::LoadCover {
            book_id: book.id,
            fetch,
        });
    }

    pub fn on_loaded(&mut self, book_id: i64, result: Result<CoverImage, CoverError>) {
        if self.book_id != Some(book_id) {
            return;
        }
        self.view = match result {
            Ok(image) => CoverView::Ready {
                image,
                encoded: None,
                pending: None,
            },
            Err(CoverError::Missing) => CoverView::Missing,
            Err(error) => CoverView::Failed(error.to_string()),
        };
    }

    /// Returns the encoding the last draw needs, once: a ready cover whose
    /// encoding was made for another area size.
    pub fn encode_request(&mut self) -> Option<Request> {
        let area = self.area.get();
        let book_id = self.book_id?;
        let CoverView::Ready {
            image,
            encoded,
            pending,
        } = &mut self.view
        else {
            return None;
        };
        let done = encoded.as_ref().map(|(size, _)| *size);
        if area.0 == 0 || area.1 == 0 || done == Some(area) || *pending == Some(area) {
            return None;
        }
        *pending = Some(area);
        Some(Request::EncodeCover {
            book_id,
            image: image.clone(),
            area,
        })
    }

    pub fn on_encoded(&mut self, book_id: i64, area: (u16, u16), result: Result<Encoded, String>) {
        if self.book_id != Some(book_id) {
            return;
        }
        let CoverView::Ready {
            encoded, pending, ..
        } = &mut self.view
        else {
            return;
        };
        if *pending == Some(area) {
            *pending = None;
        }
        match result {
            Ok(protocol) => *encoded = Some((area, protocol)),
            Err(error) => {
                self.view =
                    CoverView::Failed(crate::t!("cover-draw-failed", error = error.to_string()));
            }
        }
    }

    /// Draws the cover, or a placeholder line, at the top of `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.area.set((area.width, area.height));
        let (text, style) = match &self.view {
            CoverView::Off => return,
            CoverView::Loading => (loading_text(), theme.dim()),
            CoverView::Missing => (missing_text(), theme.dim()),
            CoverView::Failed(error) => (capitalize(error), theme.error()),
            CoverView::Ready { encoded, .. } => {
                let fits = encoded.as_ref().map(|(_, protocol)| protocol.0.size());
                match (encoded, fits) {
                    (Some((_, protocol)), Some(size))
                        if size.width <= area.width && size.height <= area.height =>
                    {
                        let image_area = Rect::new(area.x, area.y, size.width, size.height);
                        frame.render_widget(Image::new(&protocol.0), image_area);
                        return;
                    }
                    _ => (loading_text(), theme.dim()),
                }
            }
        };
        frame.render_widget(
            Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
            area,
        );
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
