//! Checks that cover bytes are a whole JPEG or PNG image before they are stored.
//!
//! A cut or damaged file starts like a good one, so the first bytes alone would let
//! it replace a book's cover with one that no client can show. The check decodes
//! the whole image, with limits that keep a small file from claiming a huge one.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Largest width or height decoded, in pixels. Book covers are a few thousand
/// pixels tall at most.
pub const MAX_SIDE: u32 = 8192;

/// Most memory one decode may allocate. An 8192 × 8192 RGBA image needs 256 MiB.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The reason bytes were not taken as a cover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverImageError {
    /// The bytes do not start like a JPEG or PNG file.
    #[error("the cover must be a JPEG or PNG image")]
    NotImage,
    /// A JPEG file that ends before its end-of-image marker. The decoder fills a
    /// missing scan with grey instead of failing, so this is checked on its own.
    #[error("the JPEG ends before its end-of-image marker")]
    JpegCut,
    /// The decoder failed, with its reason.
    #[error("the image is damaged ({0})")]
    Damaged(String),
}

/// Returns the content type of a JPEG or PNG image, judged by its first bytes.
pub fn content_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(JPEG_MAGIC) {
        Some("image/jpeg")
    } else if bytes.starts_with(PNG_MAGIC) {
        Some("image/png")
    } else {
        None
    }
}

/// Decodes the whole image and returns its content type, or the reason it cannot be
/// a cover. Bytes after the image's end, such as a motion photo's video, are
/// allowed. Async callers run this on a blocking thread.
pub fn check(bytes: &[u8]) -> Result<&'static str, CoverImageError> {
    let content_type = content_type(bytes).ok_or(CoverImageError::NotImage)?;
    let format = if content_type == "image/jpeg" {
        if !jpeg_is_complete(bytes) {
            return Err(CoverImageError::JpegCut);
        }
        ImageFormat::Jpeg
    } else {
        ImageFormat::Png
    };

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|error| CoverImageError::Damaged(error.to_string()))?;
    Ok(content_type)
}

/// Reports whether a JPEG file reaches its end-of-image marker (`FF D9`) after
/// its last scan, walking the marker segments from the start-of-image marker.
/// Inside a scan's entropy-coded data, `FF` is followed only by `00` or a restart
/// marker, so the first other marker after a scan ends it. Bytes after the end
/// marker are allowed.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let length_at = |at: usize| -> Option<usize> {
        let high = *bytes.get(at)?;
        let low = *bytes.get(at + 1)?;
        Some(usize::from(u16::from_be_bytes([high, low])))
    };
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        // Fill bytes: a marker may be preceded by any number of FF.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at + 1) else {
            return false;
        };
        at += 2;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(length) = length_at(at) else {
            return false;
        };
        at += length;
        if marker != 0xDA {
            continue;
        }
        // Entropy-coded data runs to the next marker that is not a stuffed byte
        // or a restart marker.
        loop {
            let Some(offset) = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
            else {
                return false;
            };
            at += offset;
            match bytes.get(at + 1) {
                None => return false,
                Some(0x00 | 0xD0..=0xD7) => at += 2,
                Some(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use image::DynamicImage;

    use super::*;

    fn encoded(format: ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        DynamicImage::new_rgb8(16, 24)
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    #[test]
    fn whole_images_pass() {
        assert_eq!(check(&encoded(ImageFormat::Png)), Ok("image/png"));
        assert_eq!(check(&encoded(ImageFormat::Jpeg)), Ok("image/jpeg"));
    }

    #[test]
    fn other_bytes_are_not_images() {
        assert_eq!(check(b"GIF89a...."), Err(CoverImageError::NotImage));
        assert_eq!(check(b""), Err(CoverImageError::NotImage));
    }

    #[test]
    fn png_header_alone_is_damaged() {
        let error = check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(matches!(error, CoverImageError::Damaged(_)), "{error:?}");
    }

    #[test]
    fn cut_png_is_damaged() {
        let png = encoded(ImageFormat::Png);
        let error = check(&png[..png.len() / 2]).unwrap_err();
        assert!(matches!(error, CoverImageError::Damaged(_)), "{error:?}");
    }

    #[test]
    fn cut_jpeg_is_rejected() {
        let jpeg = encoded(ImageFormat::Jpeg);

        // The end marker alone missing, and a cut inside the scan.
        for cut in [jpeg.len() - 2, jpeg.len() - 40] {
            assert_eq!(check(&jpeg[..cut]), Err(CoverImageError::JpegCut), "{cut}");
        }

        // Data after the end marker, as a motion photo appends, is accepted.
        let mut appended = jpeg.clone();
        appended.extend_from_slice(b"ftypmp42 video");
        assert_eq!(check(&appended), Ok("image/jpeg"));
    }

    #[test]
    fn jpeg_header_alone_is_cut() {
        let header = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];
        assert_eq!(check(&header), Err(CoverImageError::JpegCut));
    }

    #[test]
    fn oversized_png_is_rejected() {
        let mut bytes = Vec::new();
        DynamicImage::new_luma8(MAX_SIDE + 1, 1)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        let error = check(&bytes).unwrap_err();
        assert!(matches!(error, CoverImageError::Damaged(_)), "{error:?}");
    }
}
