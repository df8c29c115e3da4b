//! Checks that cover bytes are a whole JPEG or PNG image before they are stored.
//!
//! A cut or damaged file starts like a good one, so the first bytes alone would let
//! it replace a book's cover with one that no client can show. The check decodes
//! the whole image, with limits that keep a small file from claiming a huge one.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Largest width or height decoded, in pixels. Book covers are a few thousand
/// pixels tall at most.
pub const MAX_SIDE: u32 = 8192;

/// Most memory one decode may allocate: an 8-bit RGB image of about 22 million
/// pixels, or 4096 × 4096 RGBA.
pub const MAX_DECODE_BYTES: u64 = 64 * 1024 * 1024;

/// Most pixels one byte of a JPEG file can describe. Every 8 × 8 block of every
/// component costs at least one bit of its DC scan, so even a flat grey progressive
/// JPEG needs a byte for each 512 pixels, and the limit doubles that for margin.
/// Without it, a small file that declares a large image would be decoded in full,
/// its missing data filled with grey, at a cost of seconds of CPU time.
const MAX_JPEG_PIXELS_PER_BYTE: u64 = 1024;

const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The reason bytes were not taken as a cover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverImageError {
    /// The bytes do not start like a JPEG or PNG file.
    #[error("the cover must be a JPEG or PNG image")]
    NotImage,
    /// A JPEG file without its end-of-image marker after the last scan. The decoder
    /// fills missing data with grey instead of failing, so this is checked on its
    /// own.
    #[error("the JPEG ends before its end-of-image marker")]
    JpegCut,
    /// A JPEG file too small for the size it declares.
    #[error("the JPEG declares {width} × {height} pixels but holds data for far fewer")]
    JpegTooLittleData { width: u32, height: u32 },
    /// A PNG file with a chunk whose checksum does not match, or that ends before
    /// its `IEND` chunk.
    #[error("a chunk of the PNG is damaged or missing")]
    PngDamaged,
    /// An image wider or taller than [`MAX_SIDE`].
    #[error("the image is {width} × {height} pixels, more than {MAX_SIDE} a side")]
    TooManyPixels { width: u32, height: u32 },
    /// An image that needs more than [`MAX_DECODE_BYTES`] to decode.
    #[error(
        "the image is {width} × {height} pixels and needs {mib} MiB to decode, \
         more than the {} MiB a cover may",
        MAX_DECODE_BYTES / 1024 / 1024
    )]
    TooMuchMemory { width: u32, height: u32, mib: u64 },
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
/// allowed. The size is checked from the header before any pixel is decoded. Async
/// callers run this on a blocking thread.
pub fn check(bytes: &[u8]) -> Result<&'static str, CoverImageError> {
    let content_type = content_type(bytes).ok_or(CoverImageError::NotImage)?;
    let format = if content_type == "image/jpeg" {
        if !jpeg_is_complete(bytes) {
            return Err(CoverImageError::JpegCut);
        }
        ImageFormat::Jpeg
    } else {
        if !png_is_complete(bytes) {
            return Err(CoverImageError::PngDamaged);
        }
        ImageFormat::Png
    };

    let damaged = |error: image::ImageError| CoverImageError::Damaged(error.to_string());
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(CoverImageError::TooManyPixels { width, height });
    }
    let needed = decoder.total_bytes();
    if needed > MAX_DECODE_BYTES {
        let mib = needed.div_ceil(1024 * 1024);
        return Err(CoverImageError::TooMuchMemory { width, height, mib });
    }
    if format == ImageFormat::Jpeg {
        let pixels = u64::from(width) * u64::from(height);
        if pixels > bytes.len() as u64 * MAX_JPEG_PIXELS_PER_BYTE {
            return Err(CoverImageError::JpegTooLittleData { width, height });
        }
        // NOTE: a JPEG cut inside its scan and given a new end-of-image marker
        // still decodes, its missing rows grey. JPEG has no checksum to tell, and
        // zune-jpeg 0.5 (the decoder of `image`) pads the data after a marker with
        // zeros, even in its strict mode.
    }

    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    decoder.set_limits(limits).map_err(damaged)?;
    DynamicImage::from_decoder(decoder).map_err(damaged)?;
    Ok(content_type)
}

/// Reports whether a PNG file's chunks are whole up to its `IEND` chunk, each with
/// a matching CRC. The decoder stops reading after the image data, so damage in the
/// chunks that follow it would otherwise go unnoticed.
fn png_is_complete(bytes: &[u8]) -> bool {
    let mut at = PNG_MAGIC.len();
    loop {
        let Some(header) = bytes.get(at..at + 8) else {
            return false;
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let Some(typed) = bytes.get(at + 4..at + 8 + length) else {
            return false;
        };
        let Some(stored) = bytes.get(at + 8 + length..at + 12 + length) else {
            return false;
        };
        if crc32fast::hash(typed).to_be_bytes() != stored {
            return false;
        }
        if &header[4..8] == b"IEND" {
            return true;
        }
        at += 12 + length;
    }
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
    fn content_type_by_first_bytes() {
        assert_eq!(content_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(content_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(content_type(b"GIF89a"), None);
    }

    #[test]
    fn other_bytes_are_not_images() {
        assert_eq!(check(b"GIF89a...."), Err(CoverImageError::NotImage));
        assert_eq!(check(b""), Err(CoverImageError::NotImage));
    }

    #[test]
    fn png_header_alone_is_damaged() {
        let error = check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(error, CoverImageError::PngDamaged);
    }

    #[test]
    fn cut_png_is_damaged() {
        let png = encoded(ImageFormat::Png);
        let error = check(&png[..png.len() / 2]).unwrap_err();
        assert_eq!(error, CoverImageError::PngDamaged);
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
    fn wide_png_names_its_size() {
        let mut bytes = Vec::new();
        DynamicImage::new_luma8(MAX_SIDE + 1, 1)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        assert_eq!(
            check(&bytes),
            Err(CoverImageError::TooManyPixels {
                width: MAX_SIDE + 1,
                height: 1
            })
        );
    }

    /// Builds one PNG chunk: length, type, data and CRC.
    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(&typed);
        chunk.extend_from_slice(&crc32fast::hash(&typed).to_be_bytes());
        chunk
    }

    #[test]
    fn deep_png_needs_too_much_memory() {
        // 3000 × 3000 RGBA at 16 bits a channel: 72 MB, rejected from the header alone.
        let mut header = Vec::new();
        header.extend_from_slice(&3000u32.to_be_bytes());
        header.extend_from_slice(&3000u32.to_be_bytes());
        header.extend_from_slice(&[16, 6, 0, 0, 0]);
        let mut png = PNG_MAGIC.to_vec();
        png.extend(png_chunk(b"IHDR", &header));
        png.extend(png_chunk(
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ));
        png.extend(png_chunk(b"IEND", &[]));
        assert_eq!(
            check(&png),
            Err(CoverImageError::TooMuchMemory {
                width: 3000,
                height: 3000,
                mib: 69
            })
        );
    }

    #[test]
    fn damaged_png_chunks_are_rejected() {
        let png = encoded(ImageFormat::Png);

        let mut bad_end = png.clone();
        let last = bad_end.len() - 1;
        bad_end[last] ^= 1;
        assert_eq!(check(&bad_end), Err(CoverImageError::PngDamaged));

        // A text chunk after the image data, with a wrong CRC.
        let end = png.len() - 12;
        let mut text = png_chunk(b"tEXt", b"Title\0Dune");
        let crc_at = text.len() - 1;
        text[crc_at] ^= 1;
        let mut bad_text = png[..end].to_vec();
        bad_text.extend(text);
        bad_text.extend_from_slice(&png[end..]);
        assert_eq!(check(&bad_text), Err(CoverImageError::PngDamaged));

        // The same chunk whole is accepted.
        let mut good_text = png[..end].to_vec();
        good_text.extend(png_chunk(b"tEXt", b"Title\0Dune"));
        good_text.extend_from_slice(&png[end..]);
        assert_eq!(check(&good_text), Ok("image/png"));
    }

    #[test]
    fn small_jpeg_declaring_large_size_is_rejected() {
        let mut jpeg = encoded(ImageFormat::Jpeg);
        // The baseline frame header: FF C0, length, precision, height, width.
        let frame = jpeg
            .windows(2)
            .position(|pair| pair == [0xFF, 0xC0])
            .unwrap();
        jpeg[frame + 5..frame + 7].copy_from_slice(&4096u16.to_be_bytes());
        jpeg[frame + 7..frame + 9].copy_from_slice(&4096u16.to_be_bytes());
        assert_eq!(
            check(&jpeg),
            Err(CoverImageError::JpegTooLittleData {
                width: 4096,
                height: 4096
            })
        );
    }
}
