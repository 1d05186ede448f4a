//! Turning the bytes of a JPEG, PNG, WebP, GIF, TIFF, BMP or HEIC into upright 8-bit RGB
//! pixels, with bounded memory.
//!
//! Memory: the pixel count is read from the header and checked against
//! [`DecodeOptions::max_pixels`] before any pixel buffer exists, so a decompression bomb
//! (a few bytes claiming 100000x100000) fails at once. The decoders also get an
//! `image::Limits` allocation budget, which bounds what they allocate internally.
//!
//! Pixels: grey is replicated, 16-bit is scaled to 8-bit, palettes are expanded, and an
//! alpha channel is composited onto white (a transparent background then looks like
//! paper instead of whatever colour the encoder left under it, which is often black and
//! would confuse face detection). GIF gives its first frame.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use super::format::PhotoFormat;
use super::jpeg_integrity;
use super::DecodeOptions;
use crate::{Error, Result};

/// Decoder working memory allowed on top of the output buffer (Huffman tables, PNG
/// inflate state, TIFF strips, ...).
const DECODER_HEADROOM_BYTES: u64 = 64 << 20;

/// Decode `bytes` (already sniffed as `format`) and turn it upright for EXIF
/// `orientation` (1..=8).
pub fn decode_upright(
    bytes: &[u8],
    format: PhotoFormat,
    orientation: u16,
    opts: &DecodeOptions,
    path: &Path,
) -> Result<RgbImage> {
    let image = decode(bytes, format, opts, path)?;
    let mut image = DynamicImage::ImageRgb8(to_rgb_on_white(image));
    // libheif already applied the HEIF's own rotation (see `super::heif`).
    let orientation = if format == PhotoFormat::Heic { 1 } else { orientation };
    if let Some(o) = u8::try_from(orientation)
        .ok()
        .and_then(image::metadata::Orientation::from_exif)
    {
        image.apply_orientation(o);
    }
    // Already RGB8, so this moves the buffer out without copying.
    Ok(image.into_rgb8())
}

fn decode(
    bytes: &[u8],
    format: PhotoFormat,
    opts: &DecodeOptions,
    path: &Path,
) -> Result<DynamicImage> {
    let image_format = match format {
        PhotoFormat::Jpeg => ImageFormat::Jpeg,
        PhotoFormat::Png => ImageFormat::Png,
        PhotoFormat::WebP => ImageFormat::WebP,
        PhotoFormat::Gif => ImageFormat::Gif,
        PhotoFormat::Tiff => ImageFormat::Tiff,
        PhotoFormat::Bmp => ImageFormat::Bmp,
        PhotoFormat::Heic => return super::heif::decode(bytes, opts, path),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    reader.limits(limits(opts));
    // Constructing the decoder parses only the header.
    let decoder = reader
        .into_decoder()
        .map_err(|e| map_image_error(e, path, None, opts))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > opts.max_pixels {
        return Err(too_large(path, width, height, opts));
    }
    if width == 0 || height == 0 {
        return Err(Error::CorruptImage {
            path: path.to_path_buf(),
            reason: format!("header gives an empty image ({width}x{height})"),
        });
    }
    if format == PhotoFormat::Jpeg {
        jpeg_integrity::check_complete(bytes).map_err(|reason| Error::CorruptImage {
            path: path.to_path_buf(),
            reason: reason.into(),
        })?;
    }
    DynamicImage::from_decoder(decoder)
        .map_err(|e| map_image_error(e, path, Some((width, height)), opts))
}

/// Allocation budget for the decoders: the largest output buffer `max_pixels` can need
/// (16-bit RGBA, 8 bytes a pixel) plus working memory.
fn limits(opts: &DecodeOptions) -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(
        opts.max_pixels
            .saturating_mul(8)
            .saturating_add(DECODER_HEADROOM_BYTES),
    );
    limits
}

fn too_large(path: &Path, width: u32, height: u32, opts: &DecodeOptions) -> Error {
    Error::ImageTooLarge {
        path: path.to_path_buf(),
        width,
        height,
        limit_pixels: opts.max_pixels,
    }
}

fn map_image_error(
    e: ImageError,
    path: &Path,
    dims: Option<(u32, u32)>,
    opts: &DecodeOptions,
) -> Error {
    let path_buf = path.to_path_buf();
    match e {
        // A limit hit before the header gave dimensions reports 0x0.
        ImageError::Limits(_) => {
            let (w, h) = dims.unwrap_or((0, 0));
            too_large(path, w, h, opts)
        }
        ImageError::Unsupported(u) => Error::NotAnImage {
            path: path_buf,
            reason: format!("unsupported variant: {u}"),
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::CorruptImage {
                path: path_buf,
                reason: format!("truncated: {io}"),
            }
        }
        other => Error::CorruptImage {
            path: path_buf,
            reason: other.to_string(),
        },
    }
}

/// 8-bit RGB, with any alpha composited onto white (see the module docs).
fn to_rgb_on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        // No copy when the decoder already produced RGB8 (every ordinary JPEG).
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(px[3]);
        for c in 0..3 {
            // c*a + 255*(1-a), in 0..=255 fixed point, rounded.
            let v = u32::from(px[c]) * a + 255 * (255 - a);
            out[c] = ((v + 127) / 255) as u8;
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    #[test]
    fn alpha_goes_onto_white() {
        let mut img = RgbaImage::new(3, 1);
        img.put_pixel(0, 0, Rgba([10, 20, 30, 255]));
        img.put_pixel(1, 0, Rgba([10, 20, 30, 0]));
        img.put_pixel(2, 0, Rgba([0, 0, 0, 128]));
        let rgb = to_rgb_on_white(DynamicImage::ImageRgba8(img));
        assert_eq!(rgb.get_pixel(0, 0).0, [10, 20, 30]);
        assert_eq!(rgb.get_pixel(1, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(2, 0).0, [127, 127, 127]);
    }
}
