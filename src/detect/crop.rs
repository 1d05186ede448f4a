//! Cutting candidate boxes out of the analysed image for R-net (24x24) and O-net
//! (48x48).
//!
//! A box may reach past the image border; the missing part is filled with zeros
//! (black), as the reference's `pad` step does, so the face keeps its position in the
//! crop and the regression outputs stay relative to the whole box.

use super::boxes::Candidate;
use crate::area_resize::{resize_area_u8, Image, Image8, CHANNELS};

/// The crop of a truncated candidate (1-based inclusive `x1..=x2`), resized to
/// `size` x `size` with the area filter (not rounded: the reference resizes a float
/// array here). `None` when the box is empty.
pub fn crop_resized(img: &Image8, c: &Candidate, size: usize) -> Option<Image> {
    let (x1, y1, x2, y2) = (c.x1 as i64, c.y1 as i64, c.x2 as i64, c.y2 as i64);
    let w = x2 - x1 + 1;
    let h = y2 - y1 + 1;
    // Refuse absurd boxes (a regression gone wild) instead of allocating gigabytes.
    let limit = 4 * (img.width.max(img.height) as i64 + 1);
    if w <= 0 || h <= 0 || w > limit || h > limit {
        return None;
    }
    let (w, h) = (w as usize, h as usize);
    let mut patch = vec![0u8; w * h * CHANNELS];
    // 0-based source columns covered: x1-1 ..= x2-1, clipped to the image.
    let sx0 = (x1 - 1).max(0);
    let sx1 = (x2 - 1).min(img.width as i64 - 1);
    let sy0 = (y1 - 1).max(0);
    let sy1 = (y2 - 1).min(img.height as i64 - 1);
    if sx0 <= sx1 && sy0 <= sy1 {
        let n = (sx1 - sx0 + 1) as usize * CHANNELS;
        for sy in sy0..=sy1 {
            let src = (sy as usize * img.width + sx0 as usize) * CHANNELS;
            let dy = (sy - (y1 - 1)) as usize;
            let dst = (dy * w + (sx0 - (x1 - 1)) as usize) * CHANNELS;
            patch[dst..dst + n].copy_from_slice(&img.data[src..src + n]);
        }
    }
    Some(resize_area_u8(&patch, w, h, size, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_past_the_border_is_zero_filled() {
        let mut img = Image8::new(4, 4);
        img.data.iter_mut().for_each(|v| *v = 100);
        // 1-based box 0..=3 covers 0-based -1..=2: first row and column are outside.
        let c = Candidate {
            x1: 0.0,
            y1: 0.0,
            x2: 3.0,
            y2: 3.0,
            score: 1.0,
            reg: [0.0; 4],
        };
        let out = crop_resized(&img, &c, 4).unwrap();
        assert_eq!(out.data[0], 0.0);
        assert_eq!(out.data[(4 + 1) * CHANNELS], 100.0);
        assert_eq!(out.data[(3 * 4 + 3) * CHANNELS], 100.0);
    }

    #[test]
    fn empty_box_gives_none() {
        let img = Image8::new(4, 4);
        let c = Candidate {
            x1: 3.0,
            y1: 3.0,
            x2: 1.0,
            y2: 5.0,
            score: 1.0,
            reg: [0.0; 4],
        };
        assert!(crop_resized(&img, &c, 24).is_none());
    }
}
