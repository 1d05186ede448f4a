//! A stand-in analyser for testing and benchmarking the storage side of a scan without
//! the face models. It really decodes the photo (so corrupt, truncated and oversized
//! images are skipped for real reasons), but its "faces" are not detected: their boxes,
//! landmarks and descriptors are derived deterministically from the file's bytes, and
//! their crops are real JPEG crops of the photo. Never use it to find people.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageReader};

use super::hash::content_hash;
use super::{AnalyzedFace, AnalyzedPhoto, PhotoAnalyzer};
use crate::error::{Error, Result};
use crate::face::{Face, DESCRIPTOR_LEN};
use crate::geometry::{Point, Rect};

/// Largest photo decoded, in pixels (guards against decompression bombs).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Side of the JPEG face crops, in pixels.
pub const CROP_SIDE: u32 = 96;

/// Deterministic fake face finder; see the module docs.
#[derive(Debug, Default, Clone)]
pub struct SyntheticAnalyzer;

impl SyntheticAnalyzer {
    /// The face count it reports for `bytes` (0 to 3).
    pub fn face_count(bytes: &[u8]) -> usize {
        (content_hash(bytes)[0] % 4) as usize
    }
}

/// A small xorshift generator seeded from the content hash, so results are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn decode(path: &Path, bytes: &[u8]) -> Result<DynamicImage> {
    let corrupt = |e: image::ImageError| Error::CorruptImage {
        path: path.into(),
        reason: e.to_string(),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Io {
            path: path.into(),
            source: e,
        })?;
    if reader.format().is_none() {
        return Err(Error::NotAnImage {
            path: path.into(),
            reason: "unknown format".into(),
        });
    }
    let (w, h) = reader.into_dimensions().map_err(corrupt)?;
    if w as u64 * h as u64 > MAX_PIXELS {
        return Err(Error::ImageTooLarge {
            path: path.into(),
            width: w,
            height: h,
            limit_pixels: MAX_PIXELS,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Io {
            path: path.into(),
            source: e,
        })?;
    reader.decode().map_err(corrupt)
}

impl PhotoAnalyzer for SyntheticAnalyzer {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> Result<AnalyzedPhoto> {
        if bytes.is_empty() {
            return Err(Error::EmptyFile { path: path.into() });
        }
        let img = decode(path, bytes)?;
        let (w, h) = (img.width(), img.height());
        let hash = content_hash(bytes);
        let mut rng = Rng(u64::from_le_bytes(hash[..8].try_into().unwrap_or([1; 8])) | 1);
        let mut faces = Vec::new();
        for _ in 0..Self::face_count(bytes) {
            let side = (w.min(h) as f32 * (0.2 + 0.3 * rng.unit())).max(1.0);
            let left = (w as f32 - side) * rng.unit();
            let top = (h as f32 - side) * rng.unit();
            let bbox = Rect::new(
                left.floor(),
                top.floor(),
                (left + side).floor(),
                (top + side).floor(),
            );
            let at = |fx: f32, fy: f32| {
                Point::new(bbox.left + fx * bbox.width(), bbox.top + fy * bbox.height())
            };
            let landmarks = [
                at(0.2, 0.35),
                at(0.4, 0.35),
                at(0.8, 0.35),
                at(0.6, 0.35),
                at(0.5, 0.6),
            ];
            let descriptor: Vec<f32> = (0..DESCRIPTOR_LEN)
                .map(|_| rng.unit() * 0.4 - 0.2)
                .collect();
            let crop = img
                .crop_imm(
                    bbox.left as u32,
                    bbox.top as u32,
                    bbox.width().max(1.0) as u32,
                    bbox.height().max(1.0) as u32,
                )
                .resize_exact(CROP_SIDE, CROP_SIDE, image::imageops::FilterType::Triangle)
                .to_rgb8();
            let mut crop_jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut crop_jpeg, 85)
                .encode_image(&crop)
                .map_err(|e| Error::Invalid(format!("encoding a face crop: {e}")))?;
            faces.push(AnalyzedFace {
                face: Face {
                    bbox,
                    landmarks,
                    score: 0.9 + 0.1 * rng.unit(),
                    descriptor,
                },
                crop_jpeg,
            });
        }
        Ok(AnalyzedPhoto {
            width: w,
            height: h,
            orientation: 1,
            turn: crate::photo::Turn::None,
            taken_at: None,
            camera: None,
            faces,
        })
    }
}
