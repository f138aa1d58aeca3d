//! Uploads (PRODUCT.md §5, J2 step 7): a picture is recognised by its first bytes, never by its
//! name or the type the browser claims, and is capped in size. The server then decodes and
//! re-encodes it (src/server/images.rs), which drops any metadata.

use super::problem::Problem;

/// The selfie with the passport: at most this many bytes.
pub const SELFIE_MAX_BYTES: usize = 10 * 1024 * 1024;
/// …and at most this many megapixels: a phone's photo has 12–16.
pub const SELFIE_MAX_MEGAPIXELS: u32 = 40;

/// The picture formats a selfie may come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

/// What the content says the file is (its signature bytes), if a picture we take.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some(ImageKind::Webp),
        _ => None,
    }
}

/// The size rule alone, which the browser checks before sending (it knows the size at once).
pub fn check_size(len: usize) -> Result<(), Problem> {
    if len == 0 {
        return Err(Problem::Required);
    }
    if len > SELFIE_MAX_BYTES {
        return Err(Problem::FileTooBig {
            max_mb: (SELFIE_MAX_BYTES / (1024 * 1024)) as u32,
        });
    }
    Ok(())
}

/// Both rules: the size, then the kind by content.
pub fn check_selfie(bytes: &[u8]) -> Result<ImageKind, Problem> {
    check_size(bytes.len())?;
    sniff(bytes).ok_or(Problem::NotAnImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_known_by_their_first_bytes_not_their_names() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(ImageKind::Jpeg));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImageKind::Png)
        );
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn a_selfie_is_capped_at_ten_megabytes() {
        assert_eq!(check_size(0), Err(Problem::Required));
        assert_eq!(check_size(SELFIE_MAX_BYTES), Ok(()));
        assert_eq!(
            check_size(SELFIE_MAX_BYTES + 1),
            Err(Problem::FileTooBig { max_mb: 10 })
        );
        assert_eq!(check_selfie(b"<html>"), Err(Problem::NotAnImage));
    }
}
