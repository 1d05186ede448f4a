//! The image pyramid P-net scans, and the conversion of images into the networks'
//! input layout.
//!
//! P-net sees a 12x12 window; to find faces of `min_face` pixels and larger, the
//! image is scaled by `12 / min_face`, then repeatedly by `scale_factor`, while the
//! shorter side still holds a 12-pixel window. Every level is resized from the
//! analysed image itself (not from the previous level), with OpenCV's area filter,
//! rounded to 8 bits like OpenCV's `uint8` output.

use crate::area_resize::{resize_rows, to_u8, Image, Image8, CHANNELS};

/// The MTCNN input normalisation: `(v - 127.5) / 128`.
pub fn normalize(v: f32) -> f32 {
    (v - 127.5) * 0.0078125
}

/// Widens an `f32` option through its shortest decimal form, so that `0.709_f32`
/// becomes the double `0.709` the reference implementation computes with (the plain
/// cast gives 0.70899999141..., which moves some `ceil(width * scale)` by a pixel).
pub fn widen(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}

/// Scales of the pyramid for an image of `width` x `height`.
pub fn scales(width: usize, height: usize, min_face: f64, factor: f64) -> Vec<f64> {
    let mut out = Vec::new();
    // A factor outside (0, 1) would never end the pyramid.
    let valid = min_face > 0.0 && factor > 0.0 && factor < 1.0;
    if !valid {
        return out;
    }
    let m = 12.0 / min_face;
    let mut min_layer = width.min(height) as f64 * m;
    let mut count = 0;
    while min_layer >= 12.0 {
        out.push(m * factor.powi(count));
        min_layer *= factor;
        count += 1;
    }
    out
}

/// The levels of `scales` worth running when faces smaller than `smallest` pixels
/// (of the analysed image) are not wanted. P-net's window is 12 px, so the level at
/// scale `s` finds faces of about `12 / s` px up to `12 / (s * factor)` px, where the
/// next level takes over; the levels whose whole range lies below `smallest` are left
/// out. The levels kept are those of the full pyramid, unchanged.
pub fn worth_running(scales: Vec<f64>, factor: f64, smallest: f64) -> Vec<f64> {
    scales.into_iter().filter(|&s| 12.0 / (s * factor) > smallest).collect()
}

/// Size of a pyramid level (`ceil`, as in the reference).
pub fn level_size(width: usize, height: usize, scale: f64) -> (usize, usize) {
    (
        (width as f64 * scale).ceil() as usize,
        (height as f64 * scale).ceil() as usize,
    )
}

/// One pyramid level, normalised, in the networks' transposed NHWC layout:
/// `[1, width, height, 3]` (the models were converted from a column-major
/// framework, so x is the outer spatial axis). Each resized row is rounded to 8 bits
/// and written straight into the tensor.
pub fn level_tensor(img: &Image8, scale: f64) -> (Vec<i64>, Vec<f32>) {
    let (w, h) = level_size(img.width, img.height, scale);
    let mut data = vec![0f32; w * h * CHANNELS];
    resize_rows(&img.data, img.width, img.height, w, h, f32::from, |y, row| {
        for (x, px) in row.chunks_exact(CHANNELS).enumerate() {
            let d = (x * h + y) * CHANNELS;
            for (o, &v) in data[d..d + CHANNELS].iter_mut().zip(px) {
                *o = normalize(f32::from(to_u8(v)));
            }
        }
    });
    (vec![1, w as i64, h as i64, CHANNELS as i64], data)
}

/// Normalised samples of `img` in x-major order (`[x][y][c]`), appended to a batch.
pub fn append_transposed(img: &Image, out: &mut Vec<f32>) {
    out.reserve(img.data.len());
    for x in 0..img.width {
        for y in 0..img.height {
            let p = (y * img.width + x) * CHANNELS;
            out.extend(img.data[p..p + CHANNELS].iter().map(|&v| normalize(v)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyramid_stops_when_a_window_no_longer_fits() {
        // 100 px short side, min face 20: 60, 42.5, 30.2, 21.4, 15.2, 10.8 -> 5 levels.
        let s = scales(150, 100, 20.0, widen(0.709));
        assert_eq!(s.len(), 5);
        assert!((s[0] - 0.6).abs() < 1e-12);
        assert!((s[1] - 0.6 * 0.709).abs() < 1e-12);
        assert!(scales(5, 5, 20.0, 0.709).is_empty());
        assert!(scales(500, 500, 20.0, 1.0).is_empty());
    }

    #[test]
    fn levels_finding_only_small_faces_are_left_out() {
        let f = widen(0.709);
        let all = scales(1600, 1200, 20.0, f);
        // Level 0 finds 20-28 px faces, level 1 28-40 px, level 2 40-56 px.
        assert_eq!(worth_running(all.clone(), f, 0.0), all);
        assert_eq!(worth_running(all.clone(), f, 20.0), all);
        // A level whose range straddles the limit is kept.
        assert_eq!(worth_running(all.clone(), f, 24.0), all);
        assert_eq!(worth_running(all.clone(), f, 28.3), all[1..].to_vec());
        assert_eq!(worth_running(all.clone(), f, 40.0), all[2..].to_vec());
        assert_eq!(worth_running(all.clone(), f, 41.0), all[2..].to_vec());
        assert_eq!(worth_running(all.clone(), f, 56.5), all[3..].to_vec());
        assert!(worth_running(all, f, 5000.0).is_empty());
    }

    #[test]
    fn level_tensor_is_the_rounded_resize_transposed() {
        let mut img = Image8::new(7, 5);
        for (i, v) in img.data.iter_mut().enumerate() {
            *v = ((i * 37 + 11) % 256) as u8;
        }
        let (shape, t) = level_tensor(&img, 0.5);
        assert_eq!(shape, vec![1, 4, 3, 3]);
        let level = crate::area_resize::resize_area_u8(&img.data, 7, 5, 4, 3);
        for y in 0..3 {
            for x in 0..4 {
                for c in 0..CHANNELS {
                    let want = normalize(f32::from(to_u8(level.data[(y * 4 + x) * CHANNELS + c])));
                    assert_eq!(t[(x * 3 + y) * CHANNELS + c], want, "({x}, {y}, {c})");
                }
            }
        }
    }

    #[test]
    fn transposed_layout_is_x_major() {
        let mut img = Image::new(2, 3);
        // Pixel (x=1, y=2), green channel.
        img.data[(2 * 2 + 1) * CHANNELS + 1] = 255.0;
        let mut t = Vec::new();
        append_transposed(&img, &mut t);
        assert_eq!(t[(3 + 2) * CHANNELS + 1], normalize(255.0));
        assert_eq!(t.iter().filter(|&&v| v == normalize(255.0)).count(), 1);
    }
}
