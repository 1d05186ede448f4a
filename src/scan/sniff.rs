//! Recognising a photo by its first bytes, whatever its name.
//!
//! TEMPORARY: a private magic-byte check until `crate::photo::sniff_format` (written
//! with the decoder) lands; the lead swaps [`looks_like_photo`] for it. It accepts the
//! formats the `image` crate decodes here: JPEG, PNG, GIF, WebP, TIFF, BMP.

/// Bytes needed by [`looks_like_photo`].
pub(crate) const SNIFF_LEN: usize = 16;

/// The format name when `head` starts like a supported photo.
pub(crate) fn looks_like_photo(head: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("gif")
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("webp")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("tiff")
    } else if starts(b"BM") && head.len() >= 14 {
        Some("bmp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_content() {
        assert_eq!(
            looks_like_photo(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some("jpeg")
        );
        assert_eq!(
            looks_like_photo(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("png")
        );
        assert_eq!(looks_like_photo(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(looks_like_photo(b"hello, world, this is text"), None);
        assert_eq!(looks_like_photo(b""), None);
    }
}
