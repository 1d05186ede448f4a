//! HEIF/HEIC (iPhone photos) through libheif (the system's libheif, via libheif-rs).
//!
//! Orientation: HEIF records rotation and mirroring as `irot`/`imir` properties of the
//! image, and libheif applies them while decoding, so the pixels come out upright. The
//! EXIF orientation an iPhone also writes describes the same turn and must not be applied
//! a second time (HEIF, ISO/IEC 23008-12: the transformative properties take precedence);
//! it is kept in [`super::PhotoMeta::orientation`] only as recorded. EXIF itself (date,
//! camera) is read by kamadak-exif from the HEIF container like any other format.
//!
//! Memory: the size after the transformations is read from the file's properties and
//! checked against [`DecodeOptions::max_pixels`] before libheif decodes anything.

use std::path::Path;
use std::sync::OnceLock;

use image::{DynamicImage, RgbImage, RgbaImage};
use libheif_rs::{ColorSpace, HeifContext, HeifError, HeifErrorCode, LibHeif, RgbChroma};

use super::DecodeOptions;
use crate::{Error, Result};

/// libheif's global state (codec registry): initialised once, kept for the process.
fn libheif() -> &'static LibHeif {
    static LIB: OnceLock<LibHeif> = OnceLock::new();
    LIB.get_or_init(LibHeif::new)
}

/// Decodes the primary image of a HEIF file, upright (irot/imir applied), as 8-bit RGB,
/// or RGBA when the image has an alpha plane.
pub fn decode(bytes: &[u8], opts: &DecodeOptions, path: &Path) -> Result<DynamicImage> {
    let error = |e: HeifError| heif_error(e, path);
    let ctx = HeifContext::read_from_bytes(bytes).map_err(error)?;
    let handle = ctx.primary_image_handle().map_err(error)?;
    let (width, height) = (handle.width(), handle.height());
    if u64::from(width) * u64::from(height) > opts.max_pixels {
        return Err(Error::ImageTooLarge {
            path: path.to_path_buf(),
            width,
            height,
            limit_pixels: opts.max_pixels,
        });
    }
    if width == 0 || height == 0 {
        return Err(corrupt(path, format!("header gives an empty image ({width}x{height})")));
    }
    let alpha = handle.has_alpha_channel();
    let chroma = if alpha { RgbChroma::Rgba } else { RgbChroma::Rgb };
    // No decoding options: libheif's defaults apply the transformations. (Passing
    // options through libheif-rs 0.20 frees them too early; see its 1.0.1 changelog.)
    let decoded = libheif()
        .decode(&handle, ColorSpace::Rgb(chroma), None)
        .map_err(error)?;
    let plane = decoded
        .planes()
        .interleaved
        .ok_or_else(|| corrupt(path, "libheif gave no interleaved RGB plane".into()))?;
    let channels = if alpha { 4 } else { 3 };
    // `bits_per_pixel` is the bit depth of a sample, `storage_bits_per_pixel` what an
    // interleaved pixel takes; anything but 8-bit samples packed tight is unexpected.
    let packed = plane.bits_per_pixel == 8 && usize::from(plane.storage_bits_per_pixel) == 8 * channels;
    if !packed || plane.width != width || plane.height != height || plane.stride < width as usize * channels {
        return Err(corrupt(
            path,
            format!(
                "libheif gave a {}x{} plane of {}-bit samples in {} bits a pixel for a {width}x{height} image",
                plane.width, plane.height, plane.bits_per_pixel, plane.storage_bits_per_pixel
            ),
        ));
    }
    let row = width as usize * channels;
    let mut pixels = Vec::with_capacity(row * height as usize);
    for y in 0..height as usize {
        pixels.extend_from_slice(&plane.data[y * plane.stride..y * plane.stride + row]);
    }
    let image = if alpha {
        RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
    } else {
        RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| corrupt(path, "pixel buffer does not match the image size".into()))
}

fn corrupt(path: &Path, reason: String) -> Error {
    Error::CorruptImage { path: path.to_path_buf(), reason }
}

/// libheif's error as Kindred's: a HEIF without any image Kindred can decode (an
/// unsupported codec, such as a file from a newer camera) is not a photo Kindred reads;
/// anything else is a damaged file. The message is kept to one line.
fn heif_error(e: HeifError, path: &Path) -> Error {
    let message = e.message.split_whitespace().collect::<Vec<_>>().join(" ");
    let reason = if message.is_empty() { format!("{:?}", e.sub_code) } else { message };
    match e.code {
        HeifErrorCode::UnsupportedFeature | HeifErrorCode::UnsupportedFileType => Error::NotAnImage {
            path: path.to_path_buf(),
            reason: format!("HEIF not supported: {reason}"),
        },
        HeifErrorCode::MemoryAllocationError => corrupt(path, format!("libheif ran out of memory: {reason}")),
        _ => corrupt(path, format!("HEIF: {reason}")),
    }
}
