//! dlib's 5-point face landmark predictor (`shape_predictor_5_face_landmarks.dat`), run in
//! Rust exactly as dlib runs it.
//!
//! The model is an ensemble of regression trees (Kazemi & Sullivan, 2014). dlib's
//! `dlib/image_processing/shape_predictor.h` is the specification followed here: the
//! detection rectangle is mapped onto the unit square, the mean shape is refined by a
//! cascade of forests, and each cascade level reads "feature pixels" placed relative to
//! the current shape estimate through a similarity transform from the mean shape.
//! Every rounding step of dlib is kept (f32 shape arithmetic, feature pixel positions
//! rounded to the nearest pixel, intensity = (r + g + b) / 3 in integers, output parts
//! rounded to whole pixels), because the face descriptor downstream was trained on
//! chips cut from exactly these points.
//!
//! The predictor was trained on boxes from dlib's HOG detector, which are tighter and
//! lower than MTCNN's; [`dlib_rect_from_mtcnn`] maps an MTCNN box onto that convention.

use std::path::Path;

use crate::error::{Error, Result};
use crate::geometry::{Landmarks5, Point, Rect};

/// A dlib `rectangle`: integer corners, both inclusive (`right = left + width - 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DlibRect {
    pub left: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
}

impl DlibRect {
    /// The dlib rectangle covering the same pixels as `rect` (whose right and bottom edges
    /// are exclusive): corners rounded to the nearest integer, then `right - 1`, `bottom - 1`.
    /// `Rect::new(l, t, r + 1, b + 1)` therefore maps back to `dlib.rectangle(l, t, r, b)`.
    /// Coordinates are clamped to +-2^40 so that absurd boxes cannot overflow.
    pub fn from_rect(rect: &Rect) -> DlibRect {
        let coord = |v: f32| (v.round() as i64).clamp(-(1 << 40), 1 << 40);
        DlibRect {
            left: coord(rect.left),
            top: coord(rect.top),
            right: coord(rect.right) - 1,
            bottom: coord(rect.bottom) - 1,
        }
    }

    /// The same pixels as a [`Rect`] (exclusive right and bottom edges).
    pub fn to_rect(&self) -> Rect {
        Rect::new(
            self.left as f32,
            self.top as f32,
            (self.right + 1) as f32,
            (self.bottom + 1) as f32,
        )
    }
}

/// One split node: go left when `pixel[idx1] - pixel[idx2] > thresh`.
#[derive(Debug, Clone)]
struct Split {
    idx1: usize,
    idx2: usize,
    thresh: f32,
}

/// A complete binary tree: `splits` in breadth-first order, then `leaves.len() / dim`
/// leaf vectors of the shape dimension `dim`.
#[derive(Debug, Clone)]
struct Tree {
    splits: Vec<Split>,
    leaves: Vec<f32>,
}

/// One cascade level: its forest and where its feature pixels sit.
#[derive(Debug, Clone)]
struct Level {
    trees: Vec<Tree>,
    /// Landmark each feature pixel is anchored to.
    anchor: Vec<usize>,
    /// Offset of each feature pixel from its anchor in the mean shape (unit square).
    delta: Vec<[f32; 2]>,
}

/// dlib's regression-tree landmark predictor, restricted to 5-point models.
#[derive(Debug, Clone)]
pub struct ShapePredictor {
    /// Mean shape in the unit square: x0, y0, x1, y1, ...
    initial_shape: Vec<f32>,
    levels: Vec<Level>,
}

const MODEL_NAME: &str = "shape_predictor_5_face_landmarks.dat";

fn bad(reason: impl Into<String>) -> Error {
    Error::Model {
        name: MODEL_NAME.to_string(),
        reason: reason.into(),
    }
}

/// `2^e` exactly: built from its bits when it is a normal double (a model file holds
/// about a million floats, and `powi` was a fifth of the start-up time), by `powi`
/// otherwise.
fn exp2(e: i32) -> f64 {
    if (-1022..=1023).contains(&e) {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        2f64.powi(e)
    }
}

/// Reader for dlib's portable serialization format (`dlib/serialize.h`).
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| bad("file ends early"))?;
        self.pos += 1;
        Ok(b)
    }

    /// An integer: a control byte (bit 7 = negative, low 4 bits = byte count), then the
    /// magnitude in that many little-endian bytes.
    fn int(&mut self) -> Result<i64> {
        let control = self.byte()?;
        let size = (control & 0x0f) as usize;
        if size > 8 {
            return Err(bad(format!(
                "integer of {size} bytes at offset {}",
                self.pos - 1
            )));
        }
        let mut magnitude: u64 = 0;
        for i in 0..size {
            magnitude |= (self.byte()? as u64) << (8 * i);
        }
        let magnitude = i64::try_from(magnitude).map_err(|_| bad("integer overflow"))?;
        Ok(if control & 0x80 != 0 {
            -magnitude
        } else {
            magnitude
        })
    }

    fn index(&mut self) -> Result<usize> {
        let v = self.int()?;
        usize::try_from(v).map_err(|_| bad(format!("negative count or index {v}")))
    }

    /// A float: mantissa (int64) then base-2 exponent (int16), value = m * 2^e.
    fn float(&mut self) -> Result<f32> {
        let mantissa = self.int()?;
        let exponent = self.int()?;
        if !(-2000..2000).contains(&exponent) {
            // dlib encodes inf and NaN with out-of-range exponents; a model never holds them.
            return Err(bad(format!("non-finite float (exponent {exponent})")));
        }
        Ok((mantissa as f64 * exp2(exponent as i32)) as f32)
    }

    /// A `matrix<float,0,1>`: rows and columns (written negated by newer dlib), then the
    /// elements in row-major order.
    fn column(&mut self) -> Result<Vec<f32>> {
        let nr = self.int()?.unsigned_abs() as usize;
        let nc = self.int()?.unsigned_abs() as usize;
        if nc != 1 {
            return Err(bad(format!("expected a column vector, got {nr}x{nc}")));
        }
        self.floats(nr)
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>> {
        // Each float takes at least 2 bytes, which bounds allocations on corrupt input.
        if n > self.data.len() {
            return Err(bad("implausible element count"));
        }
        (0..n).map(|_| self.float()).collect()
    }

    /// A `std::vector` length, bounded by the bytes left (every element takes at least one).
    fn count(&mut self) -> Result<usize> {
        let n = self.index()?;
        if n > self.data.len() - self.pos {
            return Err(bad("implausible vector length"));
        }
        Ok(n)
    }
}

impl ShapePredictor {
    /// Loads a dlib shape predictor file. Fails with [`Error::Model`] when the file is
    /// missing, not a version-1 shape predictor, inconsistent, or not a 5-point model.
    pub fn load(path: &Path) -> Result<ShapePredictor> {
        let data =
            std::fs::read(path).map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
        Self::from_bytes(&data)
    }

    /// Parses the bytes of a dlib shape predictor file (see [`ShapePredictor::load`]).
    pub fn from_bytes(data: &[u8]) -> Result<ShapePredictor> {
        let mut r = Reader { data, pos: 0 };
        let version = r.int()?;
        if version != 1 {
            return Err(bad(format!("unexpected shape_predictor version {version}")));
        }
        let initial_shape = r.column()?;
        let dim = initial_shape.len();
        if dim != 10 {
            return Err(bad(format!(
                "expected 5 landmarks, the model has {}",
                dim / 2
            )));
        }

        let n_levels = r.count()?;
        let mut forests = Vec::with_capacity(n_levels);
        for _ in 0..n_levels {
            let n_trees = r.count()?;
            let mut trees = Vec::with_capacity(n_trees);
            for _ in 0..n_trees {
                let n_splits = r.count()?;
                let mut splits = Vec::with_capacity(n_splits);
                for _ in 0..n_splits {
                    let idx1 = r.index()?;
                    let idx2 = r.index()?;
                    let thresh = r.float()?;
                    splits.push(Split { idx1, idx2, thresh });
                }
                let n_leaves = r.count()?;
                if n_leaves != n_splits + 1 {
                    return Err(bad(format!(
                        "tree with {n_splits} splits has {n_leaves} leaves"
                    )));
                }
                let mut leaves = Vec::with_capacity(n_leaves * dim);
                for _ in 0..n_leaves {
                    let leaf = r.column()?;
                    if leaf.len() != dim {
                        return Err(bad("leaf vector does not match the shape size"));
                    }
                    leaves.extend_from_slice(&leaf);
                }
                trees.push(Tree { splits, leaves });
            }
            forests.push(trees);
        }

        let n_anchor = r.count()?;
        let mut anchors = Vec::with_capacity(n_anchor);
        for _ in 0..n_anchor {
            let n = r.count()?;
            let a = (0..n).map(|_| r.index()).collect::<Result<Vec<_>>>()?;
            if a.iter().any(|&i| i >= dim / 2) {
                return Err(bad("feature anchored to a landmark that does not exist"));
            }
            anchors.push(a);
        }
        let n_delta = r.count()?;
        let mut deltas = Vec::with_capacity(n_delta);
        for _ in 0..n_delta {
            let n = r.count()?;
            let mut d = Vec::with_capacity(n);
            for _ in 0..n {
                // dlib::vector<float,2> is serialized as x, y.
                d.push([r.float()?, r.float()?]);
            }
            deltas.push(d);
        }
        if r.pos != data.len() {
            return Err(bad(format!(
                "{} unexpected bytes after the model",
                data.len() - r.pos
            )));
        }
        if anchors.len() != forests.len() || deltas.len() != forests.len() {
            return Err(bad("cascade levels disagree in number"));
        }

        let mut levels = Vec::with_capacity(forests.len());
        for ((trees, anchor), delta) in forests.into_iter().zip(anchors).zip(deltas) {
            if anchor.len() != delta.len() {
                return Err(bad("feature anchors and offsets disagree in number"));
            }
            let n_features = delta.len();
            let in_range = |s: &Split| s.idx1 < n_features && s.idx2 < n_features;
            if !trees.iter().all(|t| t.splits.iter().all(in_range)) {
                return Err(bad("split refers to a feature pixel that does not exist"));
            }
            levels.push(Level {
                trees,
                anchor,
                delta,
            });
        }
        Ok(ShapePredictor {
            initial_shape,
            levels,
        })
    }

    /// Number of cascade levels (dlib's 5-point model has 15).
    pub fn cascade_depth(&self) -> usize {
        self.levels.len()
    }

    /// The five landmarks for the face in `rect`, as dlib's `shape_predictor(img, rect)`
    /// returns them: whole-pixel coordinates (dlib rounds parts to integer points).
    ///
    /// `rect` has exclusive right/bottom edges; it is turned into the inclusive dlib
    /// rectangle by [`DlibRect::from_rect`]. Order of the points (dlib's 5-point model,
    /// subject's left/right as seen in the image's right/left): 0 outer corner of the
    /// eye on the image's right, 1 its inner corner, 2 outer corner of the eye on the
    /// image's left, 3 its inner corner, 4 base of the nose.
    pub fn predict(&self, img: &image::RgbImage, rect: Rect) -> Landmarks5 {
        self.predict_dlib(img, DlibRect::from_rect(&rect))
    }

    /// [`ShapePredictor::predict`] for a dlib rectangle given directly.
    pub fn predict_dlib(&self, img: &image::RgbImage, rect: DlibRect) -> Landmarks5 {
        let to_img = UnitToImage::new(rect);
        let mut shape = self.initial_shape.clone();
        let mut features: Vec<f32> = Vec::new();
        for level in &self.levels {
            self.feature_pixels(img, &to_img, &shape, level, &mut features);
            for tree in &level.trees {
                let mut i = 0;
                while i < tree.splits.len() {
                    let s = &tree.splits[i];
                    i = if features[s.idx1] - features[s.idx2] > s.thresh {
                        2 * i + 1
                    } else {
                        2 * i + 2
                    };
                }
                let leaf = i - tree.splits.len();
                let dim = shape.len();
                for (v, d) in shape
                    .iter_mut()
                    .zip(&tree.leaves[leaf * dim..(leaf + 1) * dim])
                {
                    *v += d;
                }
            }
        }
        let mut out = [Point::default(); 5];
        for (k, p) in out.iter_mut().enumerate() {
            let (x, y) = to_img.apply(shape[2 * k] as f64, shape[2 * k + 1] as f64);
            *p = Point::new(round_half_up(x) as f32, round_half_up(y) as f32);
        }
        out
    }

    /// dlib's `extract_feature_pixel_values`: the intensity under every feature pixel of
    /// `level`, after moving the pixels from the mean shape onto the current `shape`.
    fn feature_pixels(
        &self,
        img: &image::RgbImage,
        to_img: &UnitToImage,
        shape: &[f32],
        level: &Level,
        out: &mut Vec<f32>,
    ) {
        // dlib fits the transform in double and then casts its matrix to float.
        let m = similarity_matrix(&self.initial_shape, shape).map(|v| v as f32);
        let (w, h) = (img.width() as i64, img.height() as i64);
        let raw = img.as_raw();
        out.clear();
        for (&a, d) in level.anchor.iter().zip(&level.delta) {
            let u = (m[0] * d[0] + m[1] * d[1]) + shape[2 * a];
            let v = (m[2] * d[0] + m[3] * d[1]) + shape[2 * a + 1];
            let (x, y) = to_img.apply(u as f64, v as f64);
            let (x, y) = (round_half_up(x), round_half_up(y));
            let value = if x >= 0 && y >= 0 && x < w && y < h {
                let i = ((y * w + x) * 3) as usize;
                // dlib's get_pixel_intensity for rgb_pixel: integer mean of the channels.
                ((raw[i] as u32 + raw[i + 1] as u32 + raw[i + 2] as u32) / 3) as f32
            } else {
                0.0
            };
            out.push(value);
        }
    }
}

/// dlib's `unnormalizing_tform`: (0,0) -> top-left corner, (1,1) -> bottom-right corner,
/// with the inclusive corners of the dlib rectangle.
struct UnitToImage {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl UnitToImage {
    fn new(r: DlibRect) -> Self {
        UnitToImage {
            left: r.left as f64,
            top: r.top as f64,
            width: (r.right - r.left) as f64,
            height: (r.bottom - r.top) as f64,
        }
    }
    fn apply(&self, u: f64, v: f64) -> (f64, f64) {
        (self.width * u + self.left, self.height * v + self.top)
    }
}

/// dlib converts a double vector to an integer `point` by rounding halves up.
fn round_half_up(v: f64) -> i64 {
    (v + 0.5).floor() as i64
}

/// The 2x2 part (row-major) of the least-squares similarity transform taking the points
/// of `from` onto those of `to` (dlib's `find_similarity_transform`, Umeyama's method).
/// For two dimensions Umeyama's SVD solution has the closed form `[[a, -b], [b, a]] / s`
/// with `a`, `b` from the cross-covariance and `s` the variance of `from`.
fn similarity_matrix(from: &[f32], to: &[f32]) -> [f64; 4] {
    let n = (from.len() / 2) as f64;
    let (mut fx, mut fy, mut tx, mut ty) = (0.0, 0.0, 0.0, 0.0);
    for k in 0..from.len() / 2 {
        fx += from[2 * k] as f64;
        fy += from[2 * k + 1] as f64;
        tx += to[2 * k] as f64;
        ty += to[2 * k + 1] as f64;
    }
    let (fx, fy, tx, ty) = (fx / n, fy / n, tx / n, ty / n);
    let (mut sigma, mut a, mut b) = (0.0, 0.0, 0.0);
    for k in 0..from.len() / 2 {
        let (dx, dy) = (from[2 * k] as f64 - fx, from[2 * k + 1] as f64 - fy);
        let (ex, ey) = (to[2 * k] as f64 - tx, to[2 * k + 1] as f64 - ty);
        sigma += dx * dx + dy * dy;
        a += ex * dx + ey * dy;
        b += ey * dx - ex * dy;
    }
    if sigma == 0.0 {
        return [1.0, 0.0, 0.0, 1.0];
    }
    [a / sigma, -b / sigma, b / sigma, a / sigma]
}

/// Maps an MTCNN face box onto the box dlib's HOG detector would give for the same face,
/// which is what the 5-point predictor was trained on.
///
/// `points` are MTCNN's five points in MTCNN's order: eye on the image's left, eye on the
/// image's right, nose tip, mouth corner on the left, mouth corner on the right. The box
/// is rebuilt from them (they locate the face more consistently than MTCNN's box edges):
/// with `E` the midpoint of the eyes, `u` the vector from `E` to the midpoint of the mouth
/// corners and `v` that vector turned a quarter towards the image's right,
/// `centre = E + CU u + CV v` and `side = SE |eyes| + SM |u|`. The constants were fitted
/// by least squares to face_recognition's HOG boxes by
/// `tests/fixtures/landmarks/fit_box.py` (269 faces: face_recognition's test images and
/// devfaces, also mirrored and rescaled). Measured there with Python dlib, mean euclidean
/// distance of the descriptor to face_recognition's: 0.084 with the predictor on the raw
/// MTCNN box, 0.046 on this box (0.045 cross-validated by photo); mean IoU with the HOG
/// box 0.72 -> 0.85. Degenerate points (coincident, not finite) give `bbox` back.
/// Returns the box with exclusive right/bottom edges, for [`ShapePredictor::predict`].
pub fn dlib_rect_from_mtcnn(bbox: &Rect, points: &Landmarks5) -> Rect {
    // Fitted by tests/fixtures/landmarks/fit_box.py.
    const CU: f32 = 0.486967;
    const CV: f32 = -0.015004;
    const SE: f32 = 1.514455;
    const SM: f32 = 0.712628;

    let e = Point::new(
        (points[0].x + points[1].x) / 2.0,
        (points[0].y + points[1].y) / 2.0,
    );
    let m = Point::new(
        (points[3].x + points[4].x) / 2.0,
        (points[3].y + points[4].y) / 2.0,
    );
    let (ux, uy) = (m.x - e.x, m.y - e.y);
    let (vx, vy) = (uy, -ux);
    let eyes = (points[1].x - points[0].x).hypot(points[1].y - points[0].y);
    let side = SE * eyes + SM * ux.hypot(uy);
    let cx = e.x + CU * ux + CV * vx;
    let cy = e.y + CU * uy + CV * vy;
    if !(side.is_finite() && side > 1.0 && cx.is_finite() && cy.is_finite()) {
        return *bbox;
    }
    Rect::new(
        cx - side / 2.0,
        cy - side / 2.0,
        cx + side / 2.0,
        cy + side / 2.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_two_are_exact() {
        for e in [-1100, -1074, -1023, -1022, -40, -1, 0, 1, 52, 1023, 1024] {
            assert_eq!(exp2(e), 2f64.powi(e), "2^{e}");
        }
    }

    #[test]
    fn integers_decode_with_sign_and_size() {
        let data = [0x01, 0x2a, 0x82, 0x34, 0x12, 0x00];
        let mut r = Reader {
            data: &data,
            pos: 0,
        };
        assert_eq!(r.int().unwrap(), 42);
        assert_eq!(r.int().unwrap(), -0x1234);
        assert_eq!(r.int().unwrap(), 0);
        assert!(r.int().is_err());
    }

    #[test]
    fn floats_decode_as_mantissa_times_power_of_two() {
        // 3 * 2^-1 = 1.5 ; -5 * 2^2 = -20
        let data = [0x01, 3, 0x81, 1, 0x81, 5, 0x01, 2];
        let mut r = Reader {
            data: &data,
            pos: 0,
        };
        assert_eq!(r.float().unwrap(), 1.5);
        assert_eq!(r.float().unwrap(), -20.0);
    }

    #[test]
    fn similarity_recovers_a_known_transform() {
        let from = [0.0f32, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        // rotate by 90 degrees and scale by 2: (x, y) -> (-2y, 2x)
        let to: Vec<f32> = from
            .chunks(2)
            .flat_map(|p| [-2.0 * p[1] + 5.0, 2.0 * p[0] - 1.0])
            .collect();
        let m = similarity_matrix(&from, &to);
        for (got, want) in m.iter().zip([0.0, -2.0, 2.0, 0.0]) {
            assert!((got - want).abs() < 1e-12, "{m:?}");
        }
    }

    #[test]
    fn dlib_rect_round_trip() {
        let d = DlibRect {
            left: 349,
            top: 142,
            right: 617,
            bottom: 409,
        };
        assert_eq!(DlibRect::from_rect(&d.to_rect()), d);
    }

    #[test]
    fn mtcnn_box_mapping_is_centred_below_the_eyes_and_survives_bad_points() {
        let bbox = Rect::new(10.0, 10.0, 110.0, 130.0);
        let pts = [
            Point::new(40.0, 50.0),
            Point::new(80.0, 50.0),
            Point::new(60.0, 70.0),
            Point::new(45.0, 90.0),
            Point::new(75.0, 90.0),
        ];
        let r = dlib_rect_from_mtcnn(&bbox, &pts);
        assert!((r.width() - r.height()).abs() < 1e-3);
        let c = r.center();
        assert!((c.x - 60.0).abs() < 2.0, "{r:?}");
        assert!(c.y > 50.0 && c.y < 90.0, "{r:?}");
        let bad = [Point::new(f32::NAN, 0.0); 5];
        assert_eq!(dlib_rect_from_mtcnn(&bbox, &bad), bbox);
        assert_eq!(
            dlib_rect_from_mtcnn(&bbox, &[Point::new(5.0, 5.0); 5]),
            bbox
        );
    }

    #[test]
    fn absurd_boxes_do_not_panic() {
        let path = crate::runtime::models_dir().join(MODEL_NAME);
        let Ok(sp) = ShapePredictor::load(&path) else {
            eprintln!("SKIP: {} not found", path.display());
            return;
        };
        let img = image::RgbImage::from_pixel(64, 48, image::Rgb([100, 150, 200]));
        for r in [
            Rect::new(f32::NAN, 0.0, 10.0, 10.0),
            Rect::new(
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
                f32::INFINITY,
                f32::INFINITY,
            ),
            Rect::new(50.0, 50.0, 10.0, 10.0),
            Rect::new(5.0, 5.0, 5.0, 5.0),
        ] {
            let _ = sp.predict(&img, r);
        }
        let _ = sp.predict(&image::RgbImage::new(0, 0), Rect::new(0.0, 0.0, 10.0, 10.0));
    }

    #[test]
    fn truncated_model_is_an_error_not_a_panic() {
        let data = [0x01, 0x01, 0x81, 10];
        assert!(ShapePredictor::from_bytes(&data).is_err());
        assert!(ShapePredictor::from_bytes(&[]).is_err());
    }
}
