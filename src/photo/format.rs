//! Recognising a photo by its content. File extensions lie (a `.jpg` that is really a
//! PNG, a `.png` that is an HTML error page saved by a browser), so the scanner and the
//! decoder both decide from the first bytes of the file, never from its name.

use std::fmt;

/// How many leading bytes [`sniff_format`] needs to recognise every format it knows.
pub const SNIFF_LEN: usize = 32;

/// The image formats Kindred recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhotoFormat {
    Jpeg,
    Png,
    WebP,
    Gif,
    Tiff,
    Bmp,
    /// HEIF/HEIC (iPhone photos), decoded by libheif.
    Heic,
}

impl PhotoFormat {
    /// Every format, in a stable order.
    pub const ALL: [PhotoFormat; 7] = [
        PhotoFormat::Jpeg,
        PhotoFormat::Png,
        PhotoFormat::WebP,
        PhotoFormat::Gif,
        PhotoFormat::Tiff,
        PhotoFormat::Bmp,
        PhotoFormat::Heic,
    ];

    /// Lower-case name, stable for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "jpeg",
            PhotoFormat::Png => "png",
            PhotoFormat::WebP => "webp",
            PhotoFormat::Gif => "gif",
            PhotoFormat::Tiff => "tiff",
            PhotoFormat::Bmp => "bmp",
            PhotoFormat::Heic => "heic",
        }
    }
}

impl fmt::Display for PhotoFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Recognise a photo from the first bytes of a file ([`SNIFF_LEN`] bytes are enough;
/// fewer are fine, the answer is then `None` for formats whose signature is cut off).
///
/// Returns `None` for anything that is not one of the [`PhotoFormat`]s, including image
/// formats Kindred does not read (AVIF, ICO, PNM, ...): see [`describe_unknown`] for a
/// human-readable guess.
pub fn sniff_format(head: &[u8]) -> Option<PhotoFormat> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoFormat::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoFormat::Png)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(PhotoFormat::Gif)
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(PhotoFormat::WebP)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(PhotoFormat::Tiff)
    } else if is_bmp(head) {
        Some(PhotoFormat::Bmp)
    } else if heif_brand(head).is_some_and(is_heic_brand) {
        Some(PhotoFormat::Heic)
    } else {
        None
    }
}

/// A short description of content that [`sniff_format`] rejected, for error messages:
/// "PDF document", "AVIF image (not supported)", "text", ...
pub fn describe_unknown(head: &[u8]) -> String {
    if head.starts_with(b"%PDF") {
        return "PDF document".into();
    }
    if let Some(brand) = heif_brand(head) {
        let brand = String::from_utf8_lossy(brand).trim().to_string();
        return format!("ISO media file with brand '{brand}' (not a supported photo)");
    }
    if let Ok(format) = image::guess_format(head) {
        return format!("{format:?} image (format not supported)");
    }
    let printable = head
        .iter()
        .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace() || b >= 0x80);
    if printable {
        "text, not an image".into()
    } else {
        "unrecognised content".into()
    }
}

/// BMP: "BM", then after 12 bytes of sizes and offsets, the size of the DIB header, which
/// is one of a handful of values. Checking it keeps a text file that happens to start
/// with "BM" from being taken for a bitmap.
fn is_bmp(head: &[u8]) -> bool {
    if head.len() < 18 || !head.starts_with(b"BM") {
        return false;
    }
    let dib = u32::from_le_bytes([head[14], head[15], head[16], head[17]]);
    matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124)
}

/// The major brand of an ISO base media file (`....ftypXXXX`), if the content is one.
fn heif_brand(head: &[u8]) -> Option<&[u8]> {
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        Some(&head[8..12])
    } else {
        None
    }
}

/// HEIF brands used for still photos (iPhone uses `heic`; `mif1` is the generic HEIF
/// brand). AVIF (`avif`) is deliberately not here: it is a different codec.
fn is_heic_brand(brand: &[u8]) -> bool {
    matches!(
        brand,
        b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_signatures() {
        assert_eq!(
            sniff_format(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(PhotoFormat::Jpeg)
        );
        assert_eq!(
            sniff_format(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(PhotoFormat::Png)
        );
        assert_eq!(sniff_format(b"GIF89a\x01\0"), Some(PhotoFormat::Gif));
        assert_eq!(
            sniff_format(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(PhotoFormat::WebP)
        );
        assert_eq!(sniff_format(b"II*\0\x08\0\0\0"), Some(PhotoFormat::Tiff));
        assert_eq!(sniff_format(b"MM\0*\0\0\0\x08"), Some(PhotoFormat::Tiff));
        let mut bmp = b"BM\0\0\0\0\0\0\0\0\x36\0\0\0".to_vec();
        bmp.extend_from_slice(&40u32.to_le_bytes());
        assert_eq!(sniff_format(&bmp), Some(PhotoFormat::Bmp));
        assert_eq!(
            sniff_format(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Some(PhotoFormat::Heic)
        );
    }

    #[test]
    fn rejects_non_photos() {
        assert_eq!(sniff_format(b""), None);
        assert_eq!(sniff_format(b"%PDF-1.7\n"), None);
        assert_eq!(sniff_format(b"BMW 320d for sale, good condition"), None);
        assert_eq!(sniff_format(b"\0\0\0\x1cftypavif\0\0\0\0"), None);
        assert_eq!(sniff_format(b"\0\0\0\x18ftypisom\0\0\0\0"), None);
        assert_eq!(describe_unknown(b"%PDF-1.7\n"), "PDF document");
        assert_eq!(describe_unknown(b"hello world\n"), "text, not an image");
    }
}
