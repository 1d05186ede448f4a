//! The analysed image: the photo bounded to `max_side`, small images padded, and the
//! mapping of coordinates from the analysed image back to the photo.

use crate::area_resize::{resize_area_u8_to_u8, Image8, CHANNELS};
use super::DetectOptions;
use crate::geometry::Point;

/// Images whose longer side is at most this many pixels are padded when
/// [`DetectOptions::pad_small`] is set.
pub const SMALL_SIDE: u32 = 400;

/// Padding added on every side of a small image, as a fraction of its longer side.
pub const PAD_FRACTION: f32 = 0.25;

/// The image the detector runs on and how its coordinates relate to the photo's.
pub struct Analysed {
    pub image: Image8,
    /// Pixels added on each side (after any downscaling).
    pad: f32,
    /// Photo pixels per analysed pixel, per axis.
    sx: f32,
    sy: f32,
}

impl Analysed {
    pub fn new(img: &image::RgbImage, opts: &DetectOptions) -> Analysed {
        let (w, h) = (img.width(), img.height());
        let (mut sx, mut sy) = (1.0, 1.0);
        let longer = w.max(h);
        let mut image = if opts.max_side > 0 && longer > opts.max_side {
            let s = opts.max_side as f64 / longer as f64;
            let nw = ((w as f64 * s).round() as usize).max(1);
            let nh = ((h as f64 * s).round() as usize).max(1);
            let small = resize_area_u8_to_u8(img.as_raw(), w as usize, h as usize, nw, nh);
            sx = w as f32 / nw as f32;
            sy = h as f32 / nh as f32;
            small
        } else {
            Image8::from_rgb(img)
        };
        let mut pad = 0;
        if opts.pad_small && longer > 0 && longer <= SMALL_SIDE {
            pad = (longer as f32 * PAD_FRACTION).round() as usize;
            image = pad_edge(&image, pad);
        }
        Analysed {
            image,
            pad: pad as f32,
            sx,
            sy,
        }
    }

    /// Analysed pixels per photo pixel (the smaller of the two axes' ratios).
    pub fn scale(&self) -> f32 {
        1.0 / self.sx.max(self.sy)
    }

    /// A point of the analysed image in photo pixels.
    pub fn to_photo(&self, x: f32, y: f32) -> Point {
        Point::new((x - self.pad) * self.sx, (y - self.pad) * self.sy)
    }
}

/// Extends the image by `pad` pixels on every side, repeating the border pixels.
///
/// Replicating the edge (rather than a flat grey) continues hair, skin and background
/// outwards, which gives P-net a face-sized context without inventing a hard frame
/// edge that it could take for a face contour.
fn pad_edge(img: &Image8, pad: usize) -> Image8 {
    if img.width == 0 || img.height == 0 {
        return img.clone();
    }
    let (w, h) = (img.width + 2 * pad, img.height + 2 * pad);
    let mut out = Image8::new(w, h);
    for y in 0..h {
        let sy = y.saturating_sub(pad).min(img.height - 1);
        for x in 0..w {
            let sx = x.saturating_sub(pad).min(img.width - 1);
            let s = (sy * img.width + sx) * CHANNELS;
            let d = (y * w + x) * CHANNELS;
            out.data[d..d + CHANNELS].copy_from_slice(&img.data[s..s + CHANNELS]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_images_are_bounded_and_mapped_back() {
        let img = image::RgbImage::new(4000, 3000);
        let opts = DetectOptions {
            max_side: 1000,
            ..DetectOptions::default()
        };
        let a = Analysed::new(&img, &opts);
        assert_eq!((a.image.width, a.image.height), (1000, 750));
        let p = a.to_photo(500.0, 375.0);
        assert!((p.x - 2000.0).abs() < 1e-3 && (p.y - 1500.0).abs() < 1e-3);
    }

    #[test]
    fn small_images_are_padded_with_their_edges() {
        let mut img = image::RgbImage::new(100, 50);
        img.put_pixel(0, 0, image::Rgb([200, 10, 10]));
        let opts = DetectOptions {
            pad_small: true,
            ..DetectOptions::default()
        };
        let a = Analysed::new(&img, &opts);
        assert_eq!((a.image.width, a.image.height), (150, 100));
        assert_eq!(a.image.data[0], 200);
        let p = a.to_photo(25.0, 25.0);
        assert_eq!((p.x, p.y), (0.0, 0.0));
        let no_pad = Analysed::new(
            &img,
            &DetectOptions {
                pad_small: false,
                ..opts
            },
        );
        assert_eq!((no_pad.image.width, no_pad.image.height), (100, 50));
    }
}
