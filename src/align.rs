//! Face alignment: the 150x150 "face chip" dlib's face recognition network takes, cut
//! from a photo exactly as dlib's `get_face_chip_details(shape, 150, 0.25)` +
//! `extract_image_chip` cut it (dlib/image_transforms/interpolation.h and
//! image_pyramid.h are the specification).
//!
//! Steps, each as dlib does them: a least-squares similarity transform (Umeyama) from
//! dlib's 5-point template to the five landmarks gives the chip's rectangle and angle in
//! the photo; when that rectangle is much larger than the chip, the photo (cropped
//! around the face) is first halved with dlib's `pyramid_down<2>` (5-tap [1 4 6 4 1]
//! filter in integers) as often as needed, so bilinear sampling does not alias; then
//! every chip pixel is sampled bilinearly, truncated to u8, and set black where the
//! sample falls outside the (cropped) image. The descriptor network was trained on such
//! chips: skipping the pyramid alone moves descriptors by 0.02-0.07.

use image::RgbImage;

use crate::geometry::Landmarks5;

/// Side of the chip the descriptor network takes.
pub const CHIP_SIZE: u32 = 150;
/// Border around dlib's landmark template, as a fraction of the template's size.
pub const CHIP_PADDING: f64 = 0.25;

/// dlib's 5-point template (`get_face_chip_details`), unit square, in the predictor's
/// landmark order.
const TEMPLATE: [[f64; 2]; 5] = [
    [0.8595674595992, 0.2134981538014],
    [0.6460604764104, 0.2289674387677],
    [0.1205750620789, 0.2137274526848],
    [0.3340850613712, 0.2290642403242],
    [0.4901123135679, 0.6277975316475],
];

/// The aligned 150x150 RGB chip for a face with dlib 5-point `landmarks` (as returned by
/// [`crate::shape_predictor::ShapePredictor::predict`]).
pub fn face_chip(img: &RgbImage, landmarks: &Landmarks5) -> RgbImage {
    let details = ChipDetails::for_face(landmarks, CHIP_SIZE, CHIP_PADDING);
    extract_chip(img, &details)
}

/// A dlib `drectangle`: double corners, both inclusive (width = right - left + 1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct DRect {
    l: f64,
    t: f64,
    r: f64,
    b: f64,
}

impl DRect {
    fn is_empty(&self) -> bool {
        self.t > self.b || self.l > self.r
    }
    fn width(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.r - self.l + 1.0
        }
    }
    fn height(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.b - self.t + 1.0
        }
    }
    fn area(&self) -> f64 {
        self.width() * self.height()
    }
    fn center(&self) -> [f64; 2] {
        [(self.l + self.r) / 2.0, (self.t + self.b) / 2.0]
    }
    /// `pyramid_down<2>::rect_down`: each corner p -> p / 2 - (1.25, 0.75).
    fn down(&self) -> DRect {
        DRect {
            l: self.l / 2.0 - 1.25,
            t: self.t / 2.0 - 0.75,
            r: self.r / 2.0 - 1.25,
            b: self.b / 2.0 - 0.75,
        }
    }
    fn translate(&self, dx: f64, dy: f64) -> DRect {
        DRect {
            l: self.l + dx,
            t: self.t + dy,
            r: self.r + dx,
            b: self.b + dy,
        }
    }
}

/// dlib's `chip_details`: where the chip lies in the photo.
#[derive(Debug, Clone, Copy)]
struct ChipDetails {
    rect: DRect,
    angle: f64,
    rows: u32,
    cols: u32,
}

impl ChipDetails {
    /// `get_face_chip_details(det, size, padding)` for a 5-point detection.
    fn for_face(landmarks: &Landmarks5, size: u32, padding: f64) -> ChipDetails {
        let s = size as f64;
        let chip_points = TEMPLATE.map(|[x, y]| {
            [
                (padding + x) / (2.0 * padding + 1.0) * s,
                (padding + y) / (2.0 * padding + 1.0) * s,
            ]
        });
        let img_points = landmarks.map(|p| [p.x as f64, p.y as f64]);
        let (m, t) = similarity(&chip_points, &img_points);
        // The transform is scale * rotation + translation; dlib reads the scale and angle
        // off the image of (1, 0) and puts the rest into a centred rectangle.
        let (px, py) = (m[0], m[2]);
        let angle = py.atan2(px);
        let scale = (px * px + py * py).sqrt();
        let half = s / 2.0;
        let cx = m[0] * half + m[1] * half + t[0];
        let cy = m[2] * half + m[3] * half + t[1];
        // centered_drect(p, w, h): inclusive corners, so the span is w - 1.
        let (w, h) = (s * scale - 1.0, s * scale - 1.0);
        let rect = DRect {
            l: cx - w / 2.0,
            t: cy - h / 2.0,
            r: cx + w / 2.0,
            b: cy + h / 2.0,
        };
        ChipDetails {
            rect,
            angle,
            rows: size,
            cols: size,
        }
    }

    fn size(&self) -> f64 {
        self.rows as f64 * self.cols as f64
    }
}

/// Least-squares similarity transform `to ~ m * from + t` (dlib's
/// `find_similarity_transform`, Umeyama); `m` row-major. In two dimensions Umeyama's SVD
/// solution reduces to `m = [[a, -b], [b, a]] / var(from)`.
fn similarity(from: &[[f64; 2]], to: &[[f64; 2]]) -> ([f64; 4], [f64; 2]) {
    let n = from.len() as f64;
    let mean = |pts: &[[f64; 2]]| {
        let s = pts
            .iter()
            .fold([0.0, 0.0], |acc, p| [acc[0] + p[0], acc[1] + p[1]]);
        [s[0] / n, s[1] / n]
    };
    let (mf, mt) = (mean(from), mean(to));
    let (mut sigma, mut a, mut b) = (0.0, 0.0, 0.0);
    for (f, t) in from.iter().zip(to) {
        let (dx, dy) = (f[0] - mf[0], f[1] - mf[1]);
        let (ex, ey) = (t[0] - mt[0], t[1] - mt[1]);
        sigma += dx * dx + dy * dy;
        a += ex * dx + ey * dy;
        b += ey * dx - ex * dy;
    }
    let m = if sigma == 0.0 {
        [1.0, 0.0, 0.0, 1.0]
    } else {
        [a / sigma, -b / sigma, b / sigma, a / sigma]
    };
    let t = [
        mt[0] - (m[0] * mf[0] + m[1] * mf[1]),
        mt[1] - (m[2] * mf[0] + m[3] * mf[1]),
    ];
    (m, t)
}

/// `rotate_point(center, p, angle)`.
fn rotate(center: [f64; 2], p: [f64; 2], angle: f64) -> [f64; 2] {
    let (s, c) = angle.sin_cos();
    let (dx, dy) = (p[0] - center[0], p[1] - center[1]);
    [c * dx - s * dy + center[0], s * dx + c * dy + center[1]]
}

/// dlib converts a `drectangle` to an integer `rectangle` by rounding halves up.
fn round_half_up(v: f64) -> i64 {
    (v + 0.5).floor() as i64
}

/// A view of an RGB image restricted to the inclusive integer rectangle [l, r] x [t, b]
/// (dlib's `sub_image`, already intersected with the image).
struct View<'a> {
    img: &'a RgbImage,
    x0: u32,
    y0: u32,
    w: u32,
    h: u32,
}

impl View<'_> {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        self.img.get_pixel(self.x0 + x, self.y0 + y).0
    }
    fn to_image(&self) -> RgbImage {
        RgbImage::from_fn(self.w, self.h, |x, y| image::Rgb(self.pixel(x, y)))
    }
}

/// `extract_image_chips` for one chip.
fn extract_chip(img: &RgbImage, d: &ChipDetails) -> RgbImage {
    let mut chip = RgbImage::new(d.cols, d.rows);
    if d.size() == 0.0 || d.rect.is_empty() || img.width() == 0 || img.height() == 0 {
        return chip;
    }
    // dlib's fast path: an axis-aligned rectangle of exactly the chip's size is copied.
    if d.angle == 0.0 && d.rows as f64 == d.rect.height() && d.cols as f64 == d.rect.width() {
        let (l, t) = (round_half_up(d.rect.l), round_half_up(d.rect.t));
        for (x, y, p) in chip.enumerate_pixels_mut() {
            let (sx, sy) = (l + x as i64, t + y as i64);
            if sx >= 0 && sy >= 0 && sx < img.width() as i64 && sy < img.height() as i64 {
                *p = *img.get_pixel(sx as u32, sy as u32);
            }
        }
        return chip;
    }

    // How deep the pyramid must go, and how much border the crop needs for it.
    let mut depth = 0;
    let mut grow = 2.0;
    let mut r = d.rect.down();
    while r.area() > d.size() {
        r = r.down();
        depth += 1;
        grow = grow * 2.0 + 2.0;
    }
    let c = d.rect.center();
    let corners = [
        [d.rect.l, d.rect.t],
        [d.rect.r, d.rect.t],
        [d.rect.l, d.rect.b],
        [d.rect.r, d.rect.b],
    ];
    let rot = corners.map(|p| rotate(c, p, d.angle));
    let min = |k: usize| rot.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
    let max = |k: usize| rot.iter().map(|p| p[k]).fold(f64::NEG_INFINITY, f64::max);
    let grown = DRect {
        l: min(0) - grow,
        t: min(1) - grow,
        r: max(0) + grow,
        b: max(1) + grow,
    };
    let clipped = DRect {
        l: grown.l.max(0.0),
        t: grown.t.max(0.0),
        r: grown.r.min(img.width() as f64 - 1.0),
        b: grown.b.min(img.height() as f64 - 1.0),
    };
    if clipped.is_empty() {
        return chip; // the face lies wholly outside the photo: dlib gives a black chip
    }
    let (bl, bt) = (round_half_up(clipped.l), round_half_up(clipped.t));
    let (br, bb) = (round_half_up(clipped.r), round_half_up(clipped.b));
    // sub_image intersects with the image again.
    let (x0, y0) = (bl.max(0), bt.max(0));
    let (x1, y1) = (
        br.min(img.width() as i64 - 1),
        bb.min(img.height() as i64 - 1),
    );
    if x1 < x0 || y1 < y0 {
        return chip;
    }
    let view = View {
        img,
        x0: x0 as u32,
        y0: y0 as u32,
        w: (x1 - x0 + 1) as u32,
        h: (y1 - y0 + 1) as u32,
    };

    // Which pyramid level to sample, chosen on the rectangle relative to the crop.
    let mut level: i32 = -1;
    let mut rect = d.rect.translate(-(bl as f64), -(bt as f64));
    while rect.down().area() > d.size() {
        level += 1;
        rect = rect.down();
    }
    let source = if level < 0 {
        view.to_image()
    } else {
        let mut s = pyramid_down(&view.to_image());
        for _ in 0..level {
            s = pyramid_down(&s);
        }
        s
    };
    let _ = depth; // dlib builds `depth` levels but samples only `level`, which is <= depth - 1

    // Affine map from chip pixels onto the source: chip corners tl, tr, bl go to the
    // rotated corners of `rect`.
    let c = rect.center();
    let tl = rotate(c, [rect.l, rect.t], d.angle);
    let tr = rotate(c, [rect.r, rect.t], d.angle);
    let blc = rotate(c, [rect.l, rect.b], d.angle);
    let (cw, ch) = ((d.cols - 1) as f64, (d.rows - 1) as f64);
    let m = [
        (tr[0] - tl[0]) / cw,
        (blc[0] - tl[0]) / ch,
        (tr[1] - tl[1]) / cw,
        (blc[1] - tl[1]) / ch,
    ];
    for (x, y, p) in chip.enumerate_pixels_mut() {
        let (fx, fy) = (x as f64, y as f64);
        let sx = m[0] * fx + m[1] * fy + tl[0];
        let sy = m[2] * fx + m[3] * fy + tl[1];
        if let Some(v) = bilinear(&source, sx, sy) {
            *p = image::Rgb(v);
        }
    }
    chip
}

/// dlib's `interpolate_bilinear` for RGB: None when any of the four neighbours is outside
/// the image; channels truncated (not rounded) to u8.
fn bilinear(img: &RgbImage, x: f64, y: f64) -> Option<[u8; 3]> {
    let left = x.floor();
    let top = y.floor();
    if !(left >= 0.0
        && top >= 0.0
        && left + 1.0 < img.width() as f64
        && top + 1.0 < img.height() as f64)
    {
        return None;
    }
    let (l, t) = (left as u32, top as u32);
    let lr = x - left;
    let tb = y - top;
    let (ptl, ptr) = (img.get_pixel(l, t).0, img.get_pixel(l + 1, t).0);
    let (pbl, pbr) = (img.get_pixel(l, t + 1).0, img.get_pixel(l + 1, t + 1).0);
    let mut out = [0u8; 3];
    for k in 0..3 {
        let v = (1.0 - tb) * ((1.0 - lr) * ptl[k] as f64 + lr * ptr[k] as f64)
            + tb * ((1.0 - lr) * pbl[k] as f64 + lr * pbr[k] as f64);
        // assign_pixel clamps, then static_cast truncates.
        out[k] = v.clamp(0.0, 255.0) as u8;
    }
    Some(out)
}

/// dlib's `pyramid_down<2>` for RGB images: a separable [1 4 6 4 1] filter, keeping every
/// second row and column, in integers with a truncating division by 256. The output is
/// ((h - 3) / 2) x ((w - 3) / 2); images of 8 pixels or fewer on a side give an empty image.
fn pyramid_down(img: &RgbImage) -> RgbImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w <= 8 || h <= 8 {
        return RgbImage::new(0, 0);
    }
    let tw = (w - 3) / 2;
    let raw = img.as_raw();
    // Row filter on every row, at every second column.
    let mut temp = vec![0u32; h * tw * 3];
    for r in 0..h {
        for c in 0..tw {
            for k in 0..3 {
                let at = |x: usize| raw[(r * w + x) * 3 + k] as u32;
                let oc = 2 * c;
                temp[(r * tw + c) * 3 + k] =
                    at(oc) + 4 * at(oc + 1) + 6 * at(oc + 2) + 4 * at(oc + 3) + at(oc + 4);
            }
        }
    }
    let dh = (h - 3) / 2;
    let mut out = RgbImage::new(tw as u32, dh as u32);
    let o = &mut *out;
    let mut dr = 0;
    let mut r = 2;
    while r + 2 < h {
        for c in 0..tw {
            for k in 0..3 {
                let at = |y: usize| temp[(y * tw + c) * 3 + k];
                let v = at(r - 2) + 4 * at(r - 1) + 6 * at(r) + 4 * at(r + 1) + at(r + 2);
                o[(dr * tw + c) * 3 + k] = (v / 256) as u8;
            }
        }
        dr += 1;
        r += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;

    #[test]
    fn pyramid_down_keeps_a_flat_image_flat_and_has_dlibs_size() {
        let img = RgbImage::from_pixel(20, 13, image::Rgb([200, 10, 255]));
        let d = pyramid_down(&img);
        assert_eq!((d.width(), d.height()), (8, 5));
        assert!(d.pixels().all(|p| p.0 == [200, 10, 255]));
        assert_eq!(pyramid_down(&RgbImage::new(8, 100)).width(), 0);
    }

    #[test]
    fn template_landmarks_give_an_upright_chip_of_the_template_size() {
        // Landmarks placed exactly where the template puts them in a 150 px chip: the
        // transform is the identity.
        let lm = TEMPLATE.map(|[x, y]| {
            Point::new(
                ((0.25 + x) / 1.5 * 150.0) as f32,
                ((0.25 + y) / 1.5 * 150.0) as f32,
            )
        });
        let d = ChipDetails::for_face(&lm, 150, 0.25);
        assert!(d.angle.abs() < 1e-6);
        assert!((d.rect.width() - 150.0).abs() < 1e-3, "{:?}", d.rect);
    }

    #[test]
    fn absurd_landmarks_give_a_chip_not_a_panic() {
        let img = RgbImage::from_pixel(40, 30, image::Rgb([9, 9, 9]));
        for v in [f32::NAN, f32::INFINITY, 1e30, -1e30] {
            let lm = [
                Point::new(v, 1.0),
                Point::new(2.0, v),
                Point::new(3.0, 4.0),
                Point::new(v, v),
                Point::new(0.0, 0.0),
            ];
            let chip = face_chip(&img, &lm);
            assert_eq!((chip.width(), chip.height()), (150, 150));
        }
        let same = [Point::new(5.0, 5.0); 5];
        assert_eq!(face_chip(&img, &same).width(), 150);
    }

    #[test]
    fn chip_outside_the_photo_is_black_not_a_panic() {
        let img = RgbImage::from_pixel(50, 50, image::Rgb([255, 255, 255]));
        let lm = [
            Point::new(-500.0, -500.0),
            Point::new(-520.0, -500.0),
            Point::new(-600.0, -500.0),
            Point::new(-580.0, -500.0),
            Point::new(-550.0, -450.0),
        ];
        let chip = face_chip(&img, &lm);
        assert_eq!((chip.width(), chip.height()), (150, 150));
        assert!(chip.pixels().all(|p| p.0 == [0, 0, 0]));
    }
}
