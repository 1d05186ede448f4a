//! OpenCV-compatible `INTER_AREA` resizing of interleaved RGB images (8-bit or float
//! samples in, float rows out).
//!
//! MTCNN's weights were trained (and its reference implementations run) on images
//! resized with OpenCV's `cv2.resize(..., interpolation=INTER_AREA)`. The P-net heat
//! map reacts to small intensity differences near the thresholds, so the filter is
//! reproduced exactly rather than approximated with a generic box/triangle filter:
//!
//! - shrinking in both directions: every output pixel is the area-weighted mean of
//!   the source pixels its footprint covers (OpenCV's `computeResizeAreaTab`,
//!   including its 1e-3 tolerance for partial pixels and the clamped last cell);
//! - anything else (enlarging in at least one direction): OpenCV falls back to a
//!   two-tap linear filter whose weights come from the area formula
//!   (`fx = (dx+1) - (sx+1)/scale`, fractional part), which is what is done here.
//!
//! Both are separable. OpenCV runs the horizontal pass first; here the vertical pass
//! runs first (see [`resize_rows`]), which differs only in float rounding.

/// An interleaved image with `CHANNELS` float samples per pixel, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub data: Vec<f32>,
}

/// Samples per pixel (RGB).
pub const CHANNELS: usize = 3;

impl Image {
    pub fn new(width: usize, height: usize) -> Image {
        Image {
            width,
            height,
            data: vec![0.0; width * height * CHANNELS],
        }
    }
}

/// An interleaved 8-bit RGB image, row-major: the analysed image, kept as bytes (a
/// 1600x1200 analysis is 5.8 MB rather than 23 MB of floats, and each pyramid level
/// reads a quarter of the memory).
#[derive(Debug, Clone, PartialEq)]
pub struct Image8 {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Image8 {
    pub fn new(width: usize, height: usize) -> Image8 {
        Image8 {
            width,
            height,
            data: vec![0; width * height * CHANNELS],
        }
    }

    pub fn from_rgb(img: &image::RgbImage) -> Image8 {
        Image8 {
            width: img.width() as usize,
            height: img.height() as usize,
            data: img.as_raw().clone(),
        }
    }
}

/// One source sample contributing to one destination sample along an axis.
#[derive(Debug, Clone, Copy)]
struct Tap {
    dst: usize,
    src: usize,
    weight: f32,
}

/// Taps of the shrinking area filter along one axis (OpenCV `computeResizeAreaTab`).
fn area_taps(src_len: usize, dst_len: usize) -> Vec<Tap> {
    let scale = src_len as f64 / dst_len as f64;
    let mut taps = Vec::with_capacity(src_len * 2);
    for d in 0..dst_len {
        let f1 = d as f64 * scale;
        let f2 = f1 + scale;
        let cell = scale.min(src_len as f64 - f1);
        let mut s2 = f2.floor() as i64;
        s2 = s2.min(src_len as i64 - 1);
        let s1 = (f1.ceil() as i64).min(s2);
        if s1 as f64 - f1 > 1e-3 && s1 >= 1 {
            taps.push(Tap {
                dst: d,
                src: (s1 - 1) as usize,
                weight: ((s1 as f64 - f1) / cell) as f32,
            });
        }
        for s in s1.max(0)..s2 {
            taps.push(Tap {
                dst: d,
                src: s as usize,
                weight: (1.0 / cell) as f32,
            });
        }
        if f2 - s2 as f64 > 1e-3 && s2 >= 0 {
            let w = (f2 - s2 as f64).min(1.0).min(cell) / cell;
            taps.push(Tap {
                dst: d,
                src: s2 as usize,
                weight: w as f32,
            });
        }
    }
    taps
}

/// Taps of OpenCV's linear fallback for `INTER_AREA` when enlarging.
fn linear_area_taps(src_len: usize, dst_len: usize) -> Vec<Tap> {
    let scale = src_len as f64 / dst_len as f64;
    let inv_scale = dst_len as f64 / src_len as f64;
    let mut taps = Vec::with_capacity(dst_len * 2);
    for d in 0..dst_len {
        let mut s = (d as f64 * scale).floor() as i64;
        let f = (d + 1) as f64 - (s + 1) as f64 * inv_scale;
        let mut f = if f <= 0.0 {
            0.0
        } else {
            (f - f.floor()) as f32
        };
        if s < 0 {
            s = 0;
            f = 0.0;
        }
        if s >= src_len as i64 - 1 {
            s = src_len as i64 - 1;
            f = 0.0;
        }
        let s = s as usize;
        taps.push(Tap {
            dst: d,
            src: s,
            weight: 1.0 - f,
        });
        if f != 0.0 {
            taps.push(Tap {
                dst: d,
                src: s + 1,
                weight: f,
            });
        }
    }
    taps
}

/// Resizes 8-bit interleaved RGB `src` to `width` x `height` like OpenCV's
/// `INTER_AREA` on a float image (the samples are not rounded). All-zero when the
/// source is empty; empty when the destination is.
pub fn resize_area_u8(
    src: &[u8],
    src_width: usize,
    src_height: usize,
    width: usize,
    height: usize,
) -> Image {
    let mut out = Image::new(width, height);
    let row_len = width * CHANNELS;
    resize_rows(src, src_width, src_height, width, height, f32::from, |y, row| {
        out.data[y * row_len..(y + 1) * row_len].copy_from_slice(row);
    });
    out
}

/// [`resize_area_u8`] rounded back to 8 bits, as OpenCV resizes a `uint8` image: the
/// result never exists as floats.
pub fn resize_area_u8_to_u8(
    src: &[u8],
    src_width: usize,
    src_height: usize,
    width: usize,
    height: usize,
) -> Image8 {
    let mut out = Image8::new(width, height);
    let row_len = width * CHANNELS;
    resize_rows(src, src_width, src_height, width, height, f32::from, |y, row| {
        for (o, &v) in out.data[y * row_len..(y + 1) * row_len].iter_mut().zip(row) {
            *o = to_u8(v);
        }
    });
    out
}

/// Rounds a sample to 8 bits as OpenCV's `saturate_cast<uchar>` does: round half to
/// even, clamp.
pub fn to_u8(v: f32) -> u8 {
    // Adding and removing 2^23 rounds a float in 0..=255 to an integer, ties to even
    // (the default rounding mode), without a call to `rintf` per sample; clamping
    // first gives the same result as clamping after rounding.
    const ROUND: f32 = 8_388_608.0;
    ((v.clamp(0.0, 255.0) + ROUND) - ROUND) as u8
}

/// The area resize of `src` (`src_width` x `src_height`, interleaved RGB), handed out
/// one destination row at a time (`emit(y, samples)`, `y` in order), so that callers
/// store, round or rearrange rows without a float copy of the whole result.
///
/// The vertical taps are applied first, on whole source rows (contiguous samples, which
/// the compiler vectorises), then the horizontal taps on the one intermediate row per
/// destination row. OpenCV runs the horizontal taps first; the two orders differ only
/// in float rounding (about 1e-5 of a grey level), and running the vertical taps first
/// resamples each destination row once instead of each source row once per pyramid
/// level.
pub fn resize_rows<T: Copy>(
    src: &[T],
    src_width: usize,
    src_height: usize,
    width: usize,
    height: usize,
    to_f32: impl Fn(T) -> f32 + Copy,
    mut emit: impl FnMut(usize, &[f32]),
) {
    let c = CHANNELS;
    let row_len = width * c;
    let mut out_row = vec![0f32; row_len];
    if width == 0 || height == 0 {
        return;
    }
    if src_width == 0 || src_height == 0 || src.len() < src_width * src_height * c {
        for y in 0..height {
            emit(y, &out_row);
        }
        return;
    }
    let shrinking = src_width >= width && src_height >= height;
    let (xt, yt) = if shrinking {
        (area_taps(src_width, width), area_taps(src_height, height))
    } else {
        (
            linear_area_taps(src_width, width),
            linear_area_taps(src_height, height),
        )
    };
    let xs = spans(&xt, width);
    let ys = spans(&yt, height);
    let src_row_len = src_width * c;
    let mut column_sums = vec![0f32; src_row_len];
    for y in 0..height {
        let taps = &yt[ys[y]..ys[y + 1]];
        column_sums.iter_mut().for_each(|v| *v = 0.0);
        for t in taps {
            let s = &src[t.src * src_row_len..(t.src + 1) * src_row_len];
            add_weighted_row(&mut column_sums, s, t.weight, to_f32);
        }
        for (d, px) in out_row.chunks_exact_mut(CHANNELS).enumerate() {
            let mut acc = [0f32; CHANNELS];
            for x in &xt[xs[d]..xs[d + 1]] {
                let p = &column_sums[x.src * CHANNELS..x.src * CHANNELS + CHANNELS];
                for k in 0..CHANNELS {
                    acc[k] += p[k] * x.weight;
                }
            }
            px.copy_from_slice(&acc);
        }
        emit(y, &out_row);
    }
}

/// `acc[i] += to_f32(src[i]) * weight` over a row: most of a resize's time. With AVX2
/// (checked at run time; the build targets baseline x86-64) the same multiplications
/// and additions run eight samples at a time instead of four, with the same results
/// (no fused multiply-add).
fn add_weighted_row<T: Copy>(acc: &mut [f32], src: &[T], weight: f32, to_f32: impl Fn(T) -> f32 + Copy) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        unsafe { add_weighted_row_avx2(acc, src, weight, to_f32) };
        return;
    }
    add_weighted_row_portable(acc, src, weight, to_f32);
}

#[inline(always)]
fn add_weighted_row_portable<T: Copy>(acc: &mut [f32], src: &[T], weight: f32, to_f32: impl Fn(T) -> f32) {
    for (a, &v) in acc.iter_mut().zip(src) {
        *a += to_f32(v) * weight;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_weighted_row_avx2<T: Copy>(acc: &mut [f32], src: &[T], weight: f32, to_f32: impl Fn(T) -> f32) {
    add_weighted_row_portable(acc, src, weight, to_f32);
}

/// Taps grouped by destination index: `taps[spans[d]..spans[d + 1]]` are those of `d`
/// (the tap tables are in destination order).
fn spans(taps: &[Tap], len: usize) -> Vec<usize> {
    let mut spans = Vec::with_capacity(len + 1);
    spans.push(0);
    let mut i = 0;
    for d in 0..len {
        while i < taps.len() && taps[i].dst == d {
            i += 1;
        }
        spans.push(i);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(w: usize, h: usize) -> Vec<u8> {
        (0..w * h * CHANNELS).map(|i| ((i * 37 + 11) % 256) as u8).collect()
    }

    /// Expected values from OpenCV 5.0.0 (`opencv-python-headless`):
    /// `cv2.resize(p.astype(np.float64), (dw, dh), interpolation=cv2.INTER_AREA)` with
    /// `p = ((np.arange(h*w*3) * 37 + 11) % 256).reshape(h, w, 3)`, first channel.
    #[test]
    fn matches_opencv_inter_area() {
        let cases: &[(usize, usize, usize, usize, &[f32])] = &[
            // shrink by a non-integer factor: 7x5 -> 3x2
            (7, 5, 3, 2, &OPENCV_7X5_TO_3X2),
            // enlarge: 5x4 -> 8x7 (linear fallback)
            (5, 4, 8, 7, &OPENCV_5X4_TO_8X7),
            // mixed: 9x4 -> 6x5 (shrink x, enlarge y: linear fallback on both axes)
            (9, 4, 6, 5, &OPENCV_9X4_TO_6X5),
        ];
        for &(sw, sh, dw, dh, expected) in cases {
            let out = resize_area_u8(&pattern(sw, sh), sw, sh, dw, dh);
            let first: Vec<f32> = out.data.iter().step_by(CHANNELS).copied().collect();
            assert_eq!(first.len(), expected.len());
            for (i, (a, b)) in first.iter().zip(expected).enumerate() {
                assert!(
                    (a - b).abs() < 1e-3,
                    "{sw}x{sh}->{dw}x{dh} sample {i}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn integer_shrink_is_a_box_mean() {
        let img = pattern(4, 2);
        let out = resize_area_u8(&img, 4, 2, 2, 1);
        let px = |x: usize, y: usize| f32::from(img[(y * 4 + x) * CHANNELS]);
        let mean = (px(0, 0) + px(1, 0) + px(0, 1) + px(1, 1)) / 4.0;
        assert!((out.data[0] - mean).abs() < 1e-4);
    }

    #[test]
    fn separable_sums_match_a_direct_double_sum() {
        // Shrinking by non-integer factors (the pyramid and the photo bound) and
        // enlarging (small crops): every sample is the weighted double sum of its taps.
        for (sw, sh, dw, dh) in [(97, 61, 29, 20), (160, 120, 113, 85), (13, 9, 24, 24), (40, 30, 48, 20)] {
            let src = pattern(sw, sh);
            let out = resize_area_u8(&src, sw, sh, dw, dh);
            let rounded = resize_area_u8_to_u8(&src, sw, sh, dw, dh);
            let shrinking = sw >= dw && sh >= dh;
            let (xt, yt) = if shrinking {
                (area_taps(sw, dw), area_taps(sh, dh))
            } else {
                (linear_area_taps(sw, dw), linear_area_taps(sh, dh))
            };
            let mut want = vec![0f64; dw * dh * CHANNELS];
            for ty in &yt {
                for tx in &xt {
                    for k in 0..CHANNELS {
                        let v = f64::from(src[(ty.src * sw + tx.src) * CHANNELS + k]);
                        want[(ty.dst * dw + tx.dst) * CHANNELS + k] += v * f64::from(ty.weight) * f64::from(tx.weight);
                    }
                }
            }
            for (i, (&a, &b)) in out.data.iter().zip(&want).enumerate() {
                assert!((f64::from(a) - b).abs() < 1e-3, "{sw}x{sh}->{dw}x{dh} sample {i}: {a} vs {b}");
                assert_eq!(rounded.data[i], to_u8(a));
            }
        }
    }

    #[test]
    fn quantize_rounds_half_to_even_and_clamps() {
        let values = [-3.0, -0.5, 0.0, 0.5, 1.5, 2.5, 2.4999, 2.5001, 127.5, 254.5, 255.49, 255.5, 300.0];
        for v in values {
            assert_eq!(f32::from(to_u8(v)), v.round_ties_even().clamp(0.0, 255.0), "{v}");
        }
    }

    #[test]
    fn empty_sizes_give_empty_images() {
        assert!(resize_area_u8(&[], 0, 5, 3, 3).data.iter().all(|&v| v == 0.0));
        assert_eq!(resize_area_u8(&pattern(3, 3), 3, 3, 0, 2).data.len(), 0);
    }

    #[rustfmt::skip]
    #[allow(clippy::excessive_precision)]
    mod opencv_cases {
        pub const OPENCV_7X5_TO_3X2: [f32; 6] = [97.4857, 168.3429, 129.4857, 89.8286, 131.4286, 151.0857];
        pub const OPENCV_5X4_TO_8X7: [f32; 56] = [11.0000, 55.4000, 122.0000, 210.8000, 204.0000, 88.0000, 154.6000, 199.0000, 21.7500, 66.1500, 132.7500, 170.3500, 163.5500, 98.7500, 165.3500, 209.7500, 54.0000, 98.4000, 165.0000, 49.0000, 42.2000, 131.0000, 197.6000, 242.0000, 75.5000, 119.9000, 186.5000, 70.5000, 63.7000, 152.5000, 142.3000, 135.5000, 97.0000, 141.4000, 208.0000, 92.0000, 85.2000, 174.0000, 87.0000, 29.0000, 129.2500, 173.6500, 240.2500, 124.2500, 117.4500, 206.2500, 119.2500, 61.2500, 140.0000, 184.4000, 251.0000, 135.0000, 128.2000, 217.0000, 130.0000, 72.0000];
        pub const OPENCV_9X4_TO_6X5: [f32; 30] = [48.0000, 196.0000, 125.0000, 102.3333, 116.6667, 94.0000, 157.2500, 177.2500, 106.2500, 83.5833, 161.9167, 139.2500, 181.1667, 158.5000, 87.5000, 64.8333, 164.5000, 141.8333, 162.4167, 139.7500, 68.7500, 88.7500, 145.7500, 123.0833, 143.6667, 121.0000, 50.0000, 198.0000, 127.0000, 104.3333];
    }
    use opencv_cases::*;
}
