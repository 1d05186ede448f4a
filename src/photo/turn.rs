//! Photos turned by a quarter, a half or three quarters with nothing in the file to say
//! so: scanned prints, some cameras, photos whose EXIF was stripped. The face pipeline
//! finds the turn ([`crate::turned_photos`]); this module is the turn itself.
//!
//! A [`Turn`] is applied after the EXIF orientation: the photo as Kindred shows and
//! analyses it is the EXIF-upright photo turned clockwise by the turn. Stored boxes and
//! landmarks, the stored width and height, crops and the picture the app shows are all
//! in that frame.

use image::RgbImage;

/// A clockwise turn of the EXIF-upright photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(into = "u16", try_from = "u16")]
pub enum Turn {
    #[default]
    None,
    /// 90 degrees clockwise.
    Quarter,
    Half,
    /// 270 degrees clockwise (90 anticlockwise).
    ThreeQuarters,
}

impl Turn {
    /// Every turn, the photo as it is first.
    pub const ALL: [Turn; 4] = [Turn::None, Turn::Quarter, Turn::Half, Turn::ThreeQuarters];

    pub fn degrees(self) -> u16 {
        self.quarters() as u16 * 90
    }

    pub fn from_degrees(degrees: u16) -> Option<Turn> {
        match degrees {
            0 => Some(Turn::None),
            90 => Some(Turn::Quarter),
            180 => Some(Turn::Half),
            270 => Some(Turn::ThreeQuarters),
            _ => None,
        }
    }

    fn quarters(self) -> u8 {
        match self {
            Turn::None => 0,
            Turn::Quarter => 1,
            Turn::Half => 2,
            Turn::ThreeQuarters => 3,
        }
    }

    /// The turned image (a copy; `Turn::None` copies too, so callers that can avoid it
    /// should check first).
    pub fn apply(self, image: &RgbImage) -> RgbImage {
        use image::imageops::{rotate180, rotate270, rotate90};
        match self {
            Turn::None => image.clone(),
            Turn::Quarter => rotate90(image),
            Turn::Half => rotate180(image),
            Turn::ThreeQuarters => rotate270(image),
        }
    }

    /// Upright size of an image of `size` (width, height) once turned.
    pub fn turned_size(self, (width, height): (u32, u32)) -> (u32, u32) {
        if self.quarters() % 2 == 1 {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// The EXIF orientation (1..=8) that takes the stored pixels straight to the turned
    /// photo: `orientation` followed by this turn. For code that maps between the
    /// stored image and what Kindred shows (XMP regions).
    pub fn after_orientation(self, orientation: u16) -> u16 {
        // Each orientation as (mirrored first, then clockwise quarter turns).
        const TABLE: [(u16, bool, u8); 8] = [
            (1, false, 0),
            (6, false, 1),
            (3, false, 2),
            (8, false, 3),
            (2, true, 0),
            (7, true, 1),
            (4, true, 2),
            (5, true, 3),
        ];
        let (_, mirrored, quarters) = TABLE.iter().copied().find(|e| e.0 == orientation).unwrap_or(TABLE[0]);
        let quarters = (quarters + self.quarters()) % 4;
        TABLE
            .iter()
            .find(|e| e.1 == mirrored && e.2 == quarters)
            .map_or(1, |e| e.0)
    }
}

impl From<Turn> for u16 {
    fn from(t: Turn) -> u16 {
        t.degrees()
    }
}

impl TryFrom<u16> for Turn {
    type Error = String;
    fn try_from(degrees: u16) -> Result<Turn, String> {
        Turn::from_degrees(degrees).ok_or_else(|| format!("a turn is 0, 90, 180 or 270 degrees, not {degrees}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{metadata::Orientation, DynamicImage, Rgb};

    fn numbered(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| Rgb([x as u8, y as u8, (x * 7 + y * 13) as u8]))
    }

    #[test]
    fn degrees_round_trip() {
        for t in Turn::ALL {
            assert_eq!(Turn::from_degrees(t.degrees()), Some(t));
            assert_eq!(Turn::try_from(u16::from(t)), Ok(t));
        }
        assert_eq!(Turn::from_degrees(45), None);
    }

    #[test]
    fn quarter_turn_is_clockwise() {
        let img = numbered(3, 2);
        let q = Turn::Quarter.apply(&img);
        assert_eq!(q.dimensions(), (2, 3));
        assert_eq!(Turn::Quarter.turned_size((3, 2)), (2, 3));
        // The top-left pixel ends at the top right.
        assert_eq!(q.get_pixel(1, 0), img.get_pixel(0, 0));
        let back = Turn::ThreeQuarters.apply(&q);
        assert_eq!(back, img);
    }

    #[test]
    fn after_orientation_equals_orientation_then_turn() {
        let stored = numbered(4, 3);
        for o in 1..=8u16 {
            let mut upright = DynamicImage::ImageRgb8(stored.clone());
            upright.apply_orientation(Orientation::from_exif(o as u8).unwrap());
            for t in Turn::ALL {
                let turned = t.apply(upright.as_rgb8().unwrap());
                let combined = t.after_orientation(o);
                let mut direct = DynamicImage::ImageRgb8(stored.clone());
                direct.apply_orientation(Orientation::from_exif(combined as u8).unwrap());
                assert_eq!(direct.as_rgb8().unwrap(), &turned, "orientation {o}, turn {t:?}");
            }
        }
    }
}
