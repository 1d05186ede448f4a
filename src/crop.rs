//! Small JPEG face crops for the user interface (stored in the database so the UI never
//! needs the original photo to show a face).

use image::codecs::jpeg::JpegEncoder;
use image::RgbImage;

use crate::geometry::Rect;

/// Side of the square crop in pixels.
pub const CROP_SIZE: u32 = 160;

/// A square crop around `bbox` with a margin of a quarter of the face on every side,
/// resized to [`CROP_SIZE`] and encoded as JPEG (quality 85). Parts outside the photo
/// are filled with grey.
pub fn face_crop_jpeg(img: &RgbImage, bbox: &Rect) -> Vec<u8> {
    let side = bbox.width().max(bbox.height()).max(1.0) * 1.5;
    let c = bbox.center();
    let left = (c.x - side / 2.0).round() as i64;
    let top = (c.y - side / 2.0).round() as i64;
    let side_px = side.round().max(1.0) as u32;
    let mut square = RgbImage::from_pixel(side_px, side_px, image::Rgb([128, 128, 128]));
    let (w, h) = (img.width() as i64, img.height() as i64);
    for y in 0..side_px as i64 {
        let sy = top + y;
        if sy < 0 || sy >= h {
            continue;
        }
        for x in 0..side_px as i64 {
            let sx = left + x;
            if sx < 0 || sx >= w {
                continue;
            }
            square.put_pixel(x as u32, y as u32, *img.get_pixel(sx as u32, sy as u32));
        }
    }
    // The area filter (each crop pixel the mean of the photo pixels it covers) is as
    // smooth as a triangle filter when shrinking, at a fraction of its cost.
    let small = if side_px > CROP_SIZE {
        let n = CROP_SIZE as usize;
        let s = side_px as usize;
        let area = crate::area_resize::resize_area_u8_to_u8(square.as_raw(), s, s, n, n);
        RgbImage::from_raw(CROP_SIZE, CROP_SIZE, area.data).expect("crop buffer of the crop's size")
    } else {
        square
    };
    let mut out = Vec::new();
    // Encoding an in-memory RGB buffer into a Vec cannot fail.
    JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&small)
        .expect("JPEG encoding into memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_is_a_small_jpeg_even_at_the_border() {
        let img = RgbImage::from_pixel(400, 300, image::Rgb([200, 10, 10]));
        let jpeg = face_crop_jpeg(&img, &Rect::new(-20.0, -20.0, 280.0, 280.0));
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (CROP_SIZE, CROP_SIZE));
        // Top-left corner lies outside the photo: grey. Centre is inside: red.
        let rgb = back.to_rgb8();
        assert!((rgb.get_pixel(2, 2)[0] as i32 - 128).abs() < 12);
        assert!(rgb.get_pixel(80, 80)[0] > 170);
    }
}
