//! Re-encoding uploaded pictures (PRODUCT.md §5 uploads, J2 step 7): the picture is decoded from
//! the format its content shows (`domain::upload::sniff`), within size limits that stop a
//! decompression bomb, turned upright as its EXIF orientation says, scaled down to a useful size
//! and written anew as a JPEG. Nothing of the original file survives but its pixels: no EXIF
//! (location, camera, time), no XMP, no comments, no trailing bytes.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::problem::Problem;
use crate::domain::upload::{ImageKind, check_selfie};

/// The longest side kept: enough to read a passport page held to the camera.
pub const MAX_SIDE: u32 = 2048;
/// Pictures wider or taller than this are refused before decoding.
const MAX_DECODED_SIDE: u32 = 12_000;
const JPEG_QUALITY: u8 = 85;

#[derive(Clone, Debug)]
pub struct Reencoded {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks `bytes` (size and kind by content) and re-encodes them as a metadata-free JPEG.
/// CPU-bound: call it from a blocking thread.
pub fn reencode(bytes: &[u8]) -> Result<Reencoded, Problem> {
    let format = match check_selfie(bytes)? {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Problem::NotAnImage)?;
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| Problem::NotAnImage)?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    if picture.width().max(picture.height()) > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle);
    }
    let rgb = picture.to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| Problem::NotAnImage)?;
    Ok(Reencoded {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, RgbImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&picture, width, height, image::ExtendedColorType::Rgb8)
            .expect("png");
        out
    }

    #[test]
    fn a_png_comes_back_as_a_jpeg_of_the_same_size() {
        let out = reencode(&png(40, 30)).expect("re-encoded");
        assert_eq!((out.width, out.height), (40, 30));
        assert_eq!(
            crate::domain::upload::sniff(&out.jpeg),
            Some(ImageKind::Jpeg)
        );
    }

    /// A JPEG with an EXIF segment (a TIFF header, no entries, and a note) and trailing text.
    pub(crate) fn jpeg_with_exif() -> Vec<u8> {
        let picture = RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 8, y as u8 * 8, 0]));
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&picture)
            .expect("jpeg");
        let payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS 55.7558 37.6173";
        let length = u16::try_from(payload.len() + 2).expect("short");
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE1];
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(payload);
        bytes.extend_from_slice(&plain[2..]);
        bytes.extend_from_slice(b"trailing GPS secret");
        bytes
    }

    #[test]
    fn exif_and_trailing_bytes_do_not_survive() {
        let bytes = jpeg_with_exif();
        assert!(bytes.windows(4).any(|w| w == b"Exif"));
        let out = reencode(&bytes).expect("re-encoded");
        assert_eq!((out.width, out.height), (16, 16));
        assert!(!out.jpeg.windows(4).any(|w| w == b"Exif"));
        assert!(!out.jpeg.windows(3).any(|w| w == b"GPS"));
    }

    #[test]
    fn a_large_picture_is_scaled_down_and_a_broken_one_refused() {
        let out = reencode(&png(MAX_SIDE * 2, 100)).expect("re-encoded");
        assert_eq!(out.width, MAX_SIDE);
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(reencode(&broken).map(|_| ()), Err(Problem::NotAnImage));
        assert_eq!(reencode(b"%PDF-1.4").map(|_| ()), Err(Problem::NotAnImage));
    }
}
