//! Image input: reading one photo file into upright RGB pixels plus the metadata Kindred
//! keeps (format, upright size, EXIF orientation, time taken, camera).
//!
//! Decisions a caller may rely on:
//! - The format is decided from the content ([`sniff_format`]), never the extension.
//! - Pixels are 8-bit RGB, already rotated/flipped by the EXIF orientation, so a photo
//!   taken with the phone sideways comes out upright. Alpha is composited onto white.
//! - Bad input is a typed [`Error`], never a panic: empty file -> `EmptyFile`, not a
//!   photo (text, PDF, unsupported format, a HEIF in a codec libheif lacks) ->
//!   `NotAnImage`, damaged or truncated -> `CorruptImage` (a truncated JPEG is an error,
//!   not a partly grey picture), more pixels than [`DecodeOptions::max_pixels`] ->
//!   `ImageTooLarge` (checked from the header, before allocating), a file bigger than
//!   [`DecodeOptions::max_file_bytes`] -> `FileTooLarge`, not a regular file (FIFO,
//!   device, folder) -> `NotAFile`, unreadable -> `Io` (files are read through
//!   [`read_photo_file`], the one guarded reader). As a last line of defence a panic inside a decoder is caught and
//!   reported as `CorruptImage` (this needs the default `panic = "unwind"`).

mod completeness;
mod decode;
mod exif;
mod format;
mod heif;
mod jpeg_integrity;
mod read;
mod turn;
mod view;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

pub use format::{describe_unknown, sniff_format, PhotoFormat, SNIFF_LEN};
pub use read::{not_a_file_kind, open_photo_file, read_photo_file};
pub use turn::Turn;
pub use view::shown_photo;

use crate::{Error, Result};

/// Default pixel limit: 120 megapixels. Covers 100 MP medium-format cameras (Fujifilm
/// GFX100: 11648x8736 = 102 MP) and any phone in its normal mode; a decoded photo at the
/// limit takes 360 MB as RGB. Larger images (200 MP phone modes, gigapixel panoramas)
/// need a caller that raises the limit knowingly.
pub const DEFAULT_MAX_PIXELS: u64 = 120_000_000;

/// Default file size limit: 1 GiB, above any camera file; the whole file is read into
/// memory before decoding.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

/// Limits for [`load_photo`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Largest width x height accepted; larger images give `Error::ImageTooLarge`.
    /// Peak memory grows with the pixel count: measured on a 12000x8400 JPEG, 305 MiB
    /// RSS for a baseline JPEG (3 bytes a pixel: just the output), 593 MiB progressive
    /// (the decoder keeps all DCT coefficients) and 587 MiB with EXIF orientation 6
    /// (rotating needs a second buffer). 16-bit RGBA images can need up to 12 bytes a
    /// pixel while converting to 8-bit RGB.
    pub max_pixels: u64,
    /// Largest file accepted; larger files give `Error::FileTooLarge`.
    pub max_file_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            max_pixels: DEFAULT_MAX_PIXELS,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// A decoded photo.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Upright pixels: the EXIF orientation is already applied.
    pub image: image::RgbImage,
    pub meta: PhotoMeta,
}

/// What Kindred records about a photo besides its pixels.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhotoMeta {
    pub format: PhotoFormat,
    /// Upright width (after applying the orientation).
    pub width: u32,
    /// Upright height (after applying the orientation).
    pub height: u32,
    /// EXIF orientation as stored in the file, 1..=8 (1 when absent). For HEIC it is
    /// only recorded: the HEIF's own rotation (irot/imir) is what turns the pixels.
    pub orientation: u16,
    /// ISO 8601 time from EXIF DateTimeOriginal (fallback DateTime), e.g.
    /// "2017-03-02T16:27:12" or "2021-07-04T15:30:12.250+02:00" when the file records
    /// sub-seconds and its UTC offset.
    pub taken_at: Option<String>,
    /// Camera make and model, e.g. "Canon EOS 5D Mark III".
    pub camera: Option<String>,
}

/// Read and decode the photo at `path`. See the module docs for the errors.
pub fn load_photo(path: &Path, opts: &DecodeOptions) -> Result<Photo> {
    let bytes = read_photo_file(path, opts.max_file_bytes)?;
    load_photo_bytes(&bytes, path, opts)
}

/// [`load_photo_bytes`], then turned by `turn`: the frame in which a scan stored the
/// photo's faces (EXIF-upright, then the turn of a photo found turned), as the viewer
/// shows it.
pub fn load_photo_in_frame(bytes: &[u8], path_for_errors: &Path, opts: &DecodeOptions, turn: Turn) -> Result<Photo> {
    let mut photo = load_photo_bytes(bytes, path_for_errors, opts)?;
    if turn != Turn::None {
        photo.image = turn.apply(&photo.image);
    }
    Ok(photo)
}

/// Decode a photo already in memory; `path_for_errors` only labels errors.
pub fn load_photo_bytes(
    bytes: &[u8],
    path_for_errors: &Path,
    opts: &DecodeOptions,
) -> Result<Photo> {
    let path = path_for_errors;
    if bytes.is_empty() {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if bytes.len() as u64 > opts.max_file_bytes {
        return Err(Error::FileTooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit_bytes: opts.max_file_bytes,
        });
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let format = sniff_format(head).ok_or_else(|| Error::NotAnImage {
        path: path.to_path_buf(),
        reason: describe_unknown(head),
    })?;
    let (image, exif) = panic_as_corrupt(path, || {
        let exif = exif::read_exif(bytes);
        let image = decode::decode_upright(bytes, format, exif.orientation, opts, path)?;
        Ok((image, exif))
    })?;
    // After decoding, so that a header claiming too many pixels is `ImageTooLarge`
    // whether or not the file is whole.
    completeness::check_complete(bytes, format).map_err(|reason| Error::CorruptImage {
        path: path.to_path_buf(),
        reason: reason.into(),
    })?;
    let meta = PhotoMeta {
        format,
        width: image.width(),
        height: image.height(),
        orientation: exif.orientation,
        taken_at: exif.taken_at,
        camera: exif.camera,
    };
    Ok(Photo { image, meta })
}

/// Run `f`, turning a panic into `CorruptImage`. Decoders are third-party code fed
/// untrusted bytes; a bug there must cost one photo, not the whole scan. (The panic
/// message still goes to stderr through the panic hook.)
fn panic_as_corrupt<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::CorruptImage {
                path: path.to_path_buf(),
                reason: format!("decoder panicked: {what}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoder_panic_becomes_corrupt_image() {
        let path = Path::new("x.jpg");
        let result: Result<()> = panic_as_corrupt(path, || panic!("index out of bounds"));
        match result {
            Err(Error::CorruptImage { reason, .. }) => {
                assert_eq!(reason, "decoder panicked: index out of bounds")
            }
            other => panic!("expected CorruptImage, got {other:?}"),
        }
        assert_eq!(panic_as_corrupt(path, || Ok(7)).unwrap(), 7);
    }
}
