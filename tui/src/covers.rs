//! Book covers in the terminal: loading a cover through the API, decoding it, and
//! encoding it for the terminal's graphics protocol or as Unicode half-blocks.
//!
//! Everything here that takes time (HTTP, decoding, resizing) runs in the runner's
//! tasks, never in the draw loop. Drawing only copies an encoded [`Protocol`] into
//! the frame.

use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use estante_backend::cover_image::{self, CoverImageError, MAX_DECODE_BYTES, MAX_SIDE};
use image::{DynamicImage, ImageReader, Limits};
use ratatui::layout::Size;
use ratatui_image::picker::cap_parser::QueryStdioOptions;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::halfblocks::Halfblocks;
use ratatui_image::{FilterType, FontSize, Resize};

use crate::client::{Client, ClientError};

/// How long start-up waits for the terminal's reply to the graphics query. The
/// timeout restarts with each byte received, so it bounds a silent terminal only.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(500);

/// The cell size that half-blocks assume: any 1:2 ratio works because each cell
/// shows two pixels, one above the other.
pub const HALFBLOCK_FONT: FontSize = FontSize::new(10, 20);

/// The way covers are turned into cells.
#[derive(Debug, Clone)]
pub enum Renderer {
    /// Unicode half-blocks (`▀` with two colours), which every colour terminal shows.
    Halfblocks,
    /// A graphics protocol (kitty, iTerm2 or sixel) that the terminal reported.
    Graphics(Picker),
}

impl Renderer {
    /// Picks the renderer for the terminal on standard output. Call it after the
    /// alternate screen is entered and before events are read, because the query
    /// reads the terminal's reply from standard input.
    ///
    /// Inside tmux the query is skipped and half-blocks are used: graphics need
    /// tmux's `allow-passthrough`, which this app does not turn on for the user. A
    /// query that fails or times out also falls back to half-blocks.
    ///
    /// NOTE: ratatui-image 11 reads the reply in a thread that outlives the
    /// timeout, so a terminal that never replies loses its first input bytes to
    /// that thread. The query ends with a device status request, to which every
    /// VT100-compatible terminal replies.
    ///
    /// Returns `None`
    /// (covers off) when only half-blocks are possible and colour is off
    /// (`NO_COLOR`), since half-blocks are nothing but colour.
    pub fn detect(color: bool) -> Option<Self> {
        let renderer = if in_tmux() {
            tracing::info!("tmux detected; covers use half-blocks");
            Self::Halfblocks
        } else {
            let options = QueryStdioOptions {
                timeout: QUERY_TIMEOUT,
                ..QueryStdioOptions::default()
            };
            let started = std::time::Instant::now();
            let result = Picker::from_query_stdio_with_options(options);
            let elapsed_ms = started.elapsed().as_millis();
            match result {
                Ok(picker) if picker.protocol_type() != ProtocolType::Halfblocks => {
                    let protocol = picker.protocol_type();
                    tracing::info!(?protocol, elapsed_ms, "graphics protocol detected");
                    Self::Graphics(picker)
                }
                Ok(_) => {
                    tracing::info!(elapsed_ms, "no graphics protocol; covers use half-blocks");
                    Self::Halfblocks
                }
                Err(error) => {
                    tracing::info!(%error, elapsed_ms, "graphics query failed; covers use half-blocks");
                    Self::Halfblocks
                }
            }
        };
        match renderer {
            Self::Halfblocks if !color => None,
            renderer => Some(renderer),
        }
    }

    /// Scales `image` up or down to fit `area` cells, keeping its proportions, and
    /// encodes it.
    pub fn encode(&self, image: &DynamicImage, area: Size) -> Result<Protocol, String> {
        // Scale, not Fit: Fit never enlarges, and a small cover would be a few
        // cells in a large column.
        let resize = Resize::Scale(Some(FilterType::Triangle));
        match self {
            Self::Halfblocks => {
                // The encoder stretches the image to exactly `size` cells, so passing
                // it unpadded avoids a black band where `size` was rounded up to
                // whole cells. The stretch is less than one cell.
                let size = resize.size_for(image, HALFBLOCK_FONT, area);
                Halfblocks::new(image.clone(), size)
                    .map(Protocol::Halfblocks)
                    .map_err(|error| error.to_string())
            }
            // NOTE: the tests check that each protocol's escape sequence reaches the
            // frame; none was shown on a real kitty, iTerm2 or sixel terminal.
            Self::Graphics(picker) => picker
                .new_protocol(image.clone(), area, resize)
                .map_err(|error| error.to_string()),
        }
    }
}

fn in_tmux() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    set("TMUX")
        || std::env::var("TERM").is_ok_and(|term| term.starts_with("tmux"))
        || std::env::var("TERM_PROGRAM").is_ok_and(|program| program == "tmux")
}

/// A decoded cover, shared between the app and the encoding task. Two handles are
/// equal when they share the image, which is all a request comparison needs.
#[derive(Clone)]
pub struct CoverImage(pub Arc<DynamicImage>);

/// Prints the size only: the derived form would print every pixel.
impl std::fmt::Debug for CoverImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CoverImage({}x{})", self.0.width(), self.0.height())
    }
}

impl PartialEq for CoverImage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// An encoded cover. It wraps [`Protocol`], which has no `Debug` of its own.
#[derive(Clone)]
pub struct Encoded(pub Protocol);

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.size();
        write!(f, "Encoded({}x{})", size.width, size.height)
    }
}

/// The reason a book shows no cover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverError {
    /// The server has no cover, and none could be fetched.
    #[error("{}", crate::t!("cover-none"))]
    Missing,
    /// The bytes are not an image this app decodes, or the image is damaged.
    #[error("{}", crate::t!("cover-damaged", error = .0.to_string()))]
    Corrupt(String),
    /// The request failed, or the server returned an error.
    #[error("{}", crate::t!("cover-load-failed", error = .0.to_string()))]
    Unavailable(String),
}

/// Decodes JPEG, PNG, GIF or WebP bytes, judging the format by the content.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, CoverError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| CoverError::Corrupt(error.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|error| CoverError::Corrupt(error.to_string()))
}

/// Loads the cover of `book_id` and decodes it.
///
/// When the server has none and `fetch` is set, sends one fetch request, which
/// makes the server copy the cover from Open Library, and reads it again.
pub async fn load(client: &Client, book_id: i64, fetch: bool) -> Result<CoverImage, CoverError> {
    let bytes = match client.cover(book_id).await.map_err(unavailable)? {
        Some(bytes) => bytes,
        None if fetch => {
            match client.fetch_cover(book_id).await {
                Ok(()) => {}
                // 404: Open Library has no cover for the ISBN; 422: the book has no
                // ISBN. Neither is a failure worth more than "no cover".
                Err(error) if matches!(error.status(), Some(404 | 422)) => {
                    tracing::debug!(book_id, %error, "no cover to fetch");
                    return Err(CoverError::Missing);
                }
                Err(error) => {
                    tracing::warn!(book_id, %error, "cover fetch failed");
                    return Err(unavailable(error));
                }
            }
            client
                .cover(book_id)
                .await
                .map_err(unavailable)?
                .ok_or(CoverError::Missing)?
        }
        None => return Err(CoverError::Missing),
    };
    let decoded = tokio::task::spawn_blocking(move || decode(&bytes))
        .await
        .map_err(|error| CoverError::Unavailable(error.to_string()))?;
    if let Err(error) = &decoded {
        tracing::warn!(book_id, %error, "cover not decoded");
    }
    decoded.map(|image| CoverImage(Arc::new(image)))
}

fn unavailable(error: ClientError) -> CoverError {
    CoverError::Unavailable(error.to_string())
}

/// The largest cover the server stores. Checking it here gives a clear message,
/// because the server responds 413 to a larger upload and closes the connection
/// before it reads the rest, which a client still writing the body may see as a
/// broken pipe.
pub const MAX_UPLOAD_BYTES: usize = estante_backend::api::MAX_COVER_BYTES;

/// Checks that the bytes read from `path` are a cover the server takes, and returns
/// their content type, or a message that names the file and what to do.
///
/// The bytes go through the server's own check, which decodes them in full, because
/// a cut or damaged file starts like a good one. Checking here as well names the
/// file in the message and spares the upload.
pub fn check_upload(bytes: &[u8], path: &std::path::Path) -> Result<&'static str, String> {
    let shown = path.display().to_string();
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(crate::t!(
            "cover-too-large",
            path = shown,
            size = crate::i18n::format::integer(bytes.len() as i64),
            limit = crate::i18n::format::integer(MAX_UPLOAD_BYTES as i64)
        ));
    }
    let damaged =
        |error: String| crate::t!("cover-file-damaged", path = shown.clone(), error = error);
    match cover_image::check(bytes) {
        Ok(content_type) => Ok(content_type),
        Err(CoverImageError::NotImage) => Err(crate::t!("cover-not-an-image", path = shown)),
        Err(CoverImageError::JpegCut) => Err(damaged(crate::t!("cover-jpeg-cut"))),
        Err(CoverImageError::PngDamaged) => Err(damaged(crate::t!("cover-png-damaged"))),
        Err(CoverImageError::JpegTooLittleData { width, height }) => Err(damaged(crate::t!(
            "cover-jpeg-too-little-data",
            width = width.to_string(),
            height = height.to_string()
        ))),
        Err(CoverImageError::TooManyPixels { width, height }) => Err(crate::t!(
            "cover-file-too-many-pixels",
            path = shown,
            width = width.to_string(),
            height = height.to_string(),
            max = cover_image::MAX_SIDE.to_string()
        )),
        Err(CoverImageError::TooMuchMemory { width, height, mib }) => Err(crate::t!(
            "cover-file-too-much-memory",
            path = shown,
            width = width.to_string(),
            height = height.to_string(),
            mib = mib.to_string(),
            max = (cover_image::MAX_DECODE_BYTES / 1024 / 1024).to_string()
        )),
        Err(CoverImageError::Damaged(error)) => Err(damaged(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_garbage() {
        let error = decode(b"not an image at all").unwrap_err();
        assert!(matches!(error, CoverError::Corrupt(_)), "{error:?}");
    }

    #[test]
    fn decode_rejects_truncated_png() {
        let error = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(matches!(error, CoverError::Corrupt(_)), "{error:?}");
    }

    #[test]
    fn halfblocks_fit_the_area() {
        let image = DynamicImage::new_rgb8(200, 300);
        let protocol = Renderer::Halfblocks
            .encode(&image, Size::new(20, 30))
            .unwrap();
        let size = protocol.size();
        assert!(size.width <= 20, "{size:?}");
        assert!(size.height <= 30, "{size:?}");
        assert!(size.width >= 10, "the image fills the width: {size:?}");
    }

    fn tiny_png() -> Vec<u8> {
        let mut png = Vec::new();
        DynamicImage::new_rgb8(2, 3)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    #[test]
    fn check_upload_decodes_the_whole_file() {
        let path = std::path::Path::new("capa.png");
        let png = tiny_png();
        assert_eq!(check_upload(&png, path), Ok("image/png"));

        let cut = &png[..png.len() / 2];
        let message = check_upload(cut, path).unwrap_err();
        assert!(message.contains("capa.png"), "{message}");
        assert!(message.contains("damaged"), "{message}");
    }

    fn tiny_jpeg() -> Vec<u8> {
        let mut jpeg = Vec::new();
        DynamicImage::new_rgb8(16, 16)
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        jpeg
    }

    #[test]
    fn cut_jpeg_is_rejected() {
        let path = std::path::Path::new("capa.jpg");
        let jpeg = tiny_jpeg();
        assert_eq!(check_upload(&jpeg, path), Ok("image/jpeg"));

        // The end marker alone missing, and a cut inside the scan.
        for cut in [jpeg.len() - 2, jpeg.len() - 40] {
            let message = check_upload(&jpeg[..cut], path).unwrap_err();
            assert!(message.contains("capa.jpg"), "{cut}: {message}");
        }

        // Data after the end marker, as a motion photo appends, is accepted.
        let mut appended = jpeg.clone();
        appended.extend_from_slice(b"ftypmp42 video");
        assert!(cover_image::jpeg_is_complete(&appended));
    }

    #[test]
    fn real_jpeg_fixture_is_complete() {
        let bytes = include_bytes!("../tests/fixtures/cover.jpg");
        assert!(cover_image::jpeg_is_complete(bytes));
        assert!(!cover_image::jpeg_is_complete(&bytes[..bytes.len() / 2]));
    }

    #[test]
    fn check_upload_names_pixel_limit() {
        let path = std::path::Path::new("wide.png");
        let mut png = Vec::new();
        DynamicImage::new_luma8(MAX_SIDE + 1, 1)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let message = check_upload(&png, path).unwrap_err();
        assert!(message.contains("wide.png"), "{message}");
        assert!(message.contains("8193 × 1"), "{message}");
        assert!(!message.contains("damaged"), "{message}");
    }

    #[test]
    fn check_upload_names_the_limit() {
        let path = std::path::Path::new("big.png");
        // Bytes after the image's end are ignored by decoders, as by the server.
        let mut png = tiny_png();
        png.resize(MAX_UPLOAD_BYTES, 0);
        assert_eq!(check_upload(&png, path), Ok("image/png"));

        png.push(0);
        let message = check_upload(&png, path).unwrap_err();
        assert!(message.contains("big.png"), "{message}");
        assert!(message.contains("2,097,153"), "{message}");
        assert!(message.contains("2,097,152"), "{message}");
    }
}
