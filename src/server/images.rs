//! Re-encoding uploaded pictures (PRODUCT.md §5 uploads, J2 step 7): the picture is decoded from
//! the format its content shows (`domain::upload::sniff`), within size limits that stop a
//! decompression bomb, turned upright as its EXIF orientation says, scaled down to a useful size
//! and written anew as a JPEG. Nothing of the original file survives but its pixels: no EXIF
//! (location, camera, time), no XMP, no comments, no trailing bytes.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::problem::Problem;
use crate::domain::upload::{ImageKind, SELFIE_MAX_MEGAPIXELS as MAX_MEGAPIXELS, check_selfie};

/// The longest side kept: enough to read a passport page held to the camera.
pub const MAX_SIDE: u32 = 2048;
/// Pictures wider or taller than this, or with more pixels, are refused before decoding: a
/// phone's photo is 12–16 megapixels, and a 30,000 × 30,000 PNG of a few kilobytes would
/// otherwise ask for gigabytes.
const MAX_DECODED_SIDE: u32 = 10_000;
/// The decoded pixels' bytes at most (40 megapixels of RGBA), and all the decoder may allocate.
const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;
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
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let too_large = Problem::PictureTooLarge {
        max_megapixels: MAX_MEGAPIXELS,
    };
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large.clone(),
        _ => Problem::NotAnImage,
    })?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > u64::from(MAX_MEGAPIXELS) * 1_000_000
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(too_large);
    }
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| Problem::NotAnImage)?;
    if let Some(orientation) = orientation {
        picture.apply_orientation(orientation);
    }
    if picture.width().max(picture.height()) > MAX_SIDE {
        // Area averaging in integers: no floating-point copy of a 40-megapixel picture.
        picture = picture.thumbnail(MAX_SIDE, MAX_SIDE);
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

    /// A PNG that says it is `width` × `height` (its header rewritten, its CRC made anew) over
    /// the few bytes of a tiny picture: a decompression bomb's shape.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // Signature (8), IHDR length (4) and type (4), then width and height.
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn a_picture_of_too_many_pixels_is_refused_before_decoding() {
        let too_large = Err(Problem::PictureTooLarge {
            max_megapixels: MAX_MEGAPIXELS,
        });
        assert_eq!(
            reencode(&png_claiming(30_000, 30_000)).map(|_| ()),
            too_large
        );
        // Within each side, above the pixels.
        assert_eq!(reencode(&png_claiming(9_000, 9_000)).map(|_| ()), too_large);
        // The header rewrite is sound: a small claim is decoded (and fails on missing data).
        assert_eq!(
            reencode(&png_claiming(2, 2)).map(|_| ()),
            Err(Problem::NotAnImage)
        );
    }
}
