//! The picture of a scanned photo as the app shows it, in the frame its face boxes are
//! in. Most photos are served as their own file (the webview applies the EXIF
//! orientation as Kindred does). Two kinds are decoded and served as a JPEG instead:
//! HEIC, which webviews do not show, and photos Kindred found turned without EXIF
//! orientation ([`super::Turn`]), which must be shown turned.

use std::path::Path;

use image::codecs::jpeg::JpegEncoder;

use super::{load_photo_bytes, sniff_format, DecodeOptions, PhotoFormat, Turn, SNIFF_LEN};
use crate::{Error, Result};

/// JPEG quality of a decoded photo served to the app (on screen, not an archive).
const SHOWN_JPEG_QUALITY: u8 = 90;

/// The bytes to show for `bytes` (the content of `path`, a photo scanned with `turn`)
/// and their content type.
pub fn shown_photo(bytes: Vec<u8>, path: &Path, turn: Turn) -> Result<(Vec<u8>, &'static str)> {
    let format = sniff_format(&bytes[..bytes.len().min(SNIFF_LEN)]);
    if turn == Turn::None {
        let kind = match format {
            Some(PhotoFormat::Jpeg) => Some("image/jpeg"),
            Some(PhotoFormat::Png) => Some("image/png"),
            Some(PhotoFormat::WebP) => Some("image/webp"),
            Some(PhotoFormat::Gif) => Some("image/gif"),
            Some(PhotoFormat::Bmp) => Some("image/bmp"),
            Some(PhotoFormat::Tiff) => Some("image/tiff"),
            Some(PhotoFormat::Heic) => None,
            None => Some("application/octet-stream"),
        };
        if let Some(kind) = kind {
            return Ok((bytes, kind));
        }
    }
    let photo = load_photo_bytes(&bytes, path, &DecodeOptions::default())?;
    drop(bytes);
    let image = if turn == Turn::None { photo.image } else { turn.apply(&photo.image) };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, SHOWN_JPEG_QUALITY)
        .encode_image(&image)
        .map_err(|e| Error::CorruptImage { path: path.to_path_buf(), reason: format!("re-encoding for display: {e}") })?;
    Ok((out, "image/jpeg"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage};

    fn png(img: &RgbImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn unturned_photos_are_served_as_they_are() {
        let bytes = png(&RgbImage::new(4, 2));
        let (shown, kind) = shown_photo(bytes.clone(), Path::new("a.png"), Turn::None).unwrap();
        assert_eq!((shown, kind), (bytes, "image/png"));
    }

    #[test]
    fn turned_photos_are_served_turned() {
        // Left half black, right half white; a quarter turn puts white at the bottom.
        let img = RgbImage::from_fn(40, 20, |x, _| if x < 20 { Rgb([0, 0, 0]) } else { Rgb([255, 255, 255]) });
        let (shown, kind) = shown_photo(png(&img), Path::new("a.png"), Turn::Quarter).unwrap();
        assert_eq!(kind, "image/jpeg");
        let shown = image::load_from_memory(&shown).unwrap().to_rgb8();
        assert_eq!(shown.dimensions(), (20, 40));
        assert!(shown.get_pixel(10, 5)[0] < 30 && shown.get_pixel(10, 35)[0] > 225);
    }
}
