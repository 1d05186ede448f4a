//! Faces in photos turned without EXIF orientation: scanned prints, some cameras, photos
//! whose EXIF was stripped. MTCNN finds faces only near upright, so such a photo gives
//! no face, or only poor ones. When it does, the photo is tried turned by 90, 270 and
//! 180 degrees, and the turn whose faces are best is kept (see [`find_faces`]).
//!
//! The cost falls only on photos that need it: a photo whose best face scores at least
//! [`GOOD_SCORE`] is analysed once, as before. Photos with no face at all (landscapes,
//! documents) pay three more detections; `kindred bench faces` prints that cost
//! (`turns_ms_per_photo`, `photos_tried_turned`).

use crate::cpu_time::CpuStamp;

use crate::photo::{Photo, Turn};
use crate::pipeline::{FacePipeline, FoundFace, StageTimes};
use crate::Result;

/// A photo whose best face scores at least this is taken as it is, without trying the
/// other turns. Measured on 522 LFW development photos (every fifth), each also turned
/// by 90, 180 and 270 degrees: 7 of the 522 upright photos score below it (they and every
/// photo without a face pay for the turns), and only 14 of the 1,566 turned ones score
/// above it with a face found in the wrong frame (those stay unturned).
pub const GOOD_SCORE: f32 = 0.995;

/// A turn is kept only when its best face scores at least this...
pub const TURNED_SCORE: f32 = 0.99;

/// ...and when the odds of that face (score / (1 - score)) are at least this many times
/// those of the best face of the photo as it is. A face tilted by 45 degrees can score
/// a little higher in a wrong turn than as it is; the margin keeps such photos as they
/// are. On the LFW photos above, the three thresholds turn 1,532 of the 1,566 turned
/// photos back upright, 6 the wrong way (faces tilted far enough to look upright in two
/// turns), leave 28 as they are, and turn none of the 522 upright photos.
pub const TURNED_ODDS_RATIO: f32 = 12.0;

/// The turns tried after the photo as it is: quarter turns first (sideways photos are
/// the common case), then upside down.
const OTHER_TURNS: [Turn; 3] = [Turn::Quarter, Turn::ThreeQuarters, Turn::Half];

/// Finds the faces of `photo` (upright by its EXIF orientation), trying the other turns
/// when it gives no face scoring [`GOOD_SCORE`]. When a turn is kept, `photo` is turned
/// in place (pixels, width and height) and the faces are in the turned frame. The
/// stage times are those of the kept analysis; the time of the other tries is in
/// `times.turns`.
pub fn find_faces(pipeline: &mut FacePipeline, photo: &mut Photo) -> Result<(Turn, Vec<FoundFace>, StageTimes)> {
    let (faces, mut times) = pipeline.faces_in_image(&photo.image)?;
    let as_is = best_score(&faces);
    if as_is >= GOOD_SCORE {
        return Ok((Turn::None, faces, times));
    }
    let start = CpuStamp::now();
    times.photos_tried_turned = 1;
    let mut best: Option<(f32, Turn, image::RgbImage, Vec<FoundFace>, StageTimes)> = None;
    for turn in OTHER_TURNS {
        let image = turn.apply(&photo.image);
        let (turned_faces, turned_times) = pipeline.faces_in_image(&image)?;
        let score = best_score(&turned_faces);
        if clearly_better(score, as_is) && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, turn, image, turned_faces, turned_times));
        }
    }
    let Some((_, turn, image, turned_faces, turned_times)) = best else {
        times.turns = start.elapsed();
        return Ok((Turn::None, faces, times));
    };
    // The kept turn's stages count as the photo's own; everything else was extra.
    let extra = start.elapsed().saturating_sub(turned_times.detect + turned_times.align + turned_times.embed)
        + times.detect
        + times.align
        + times.embed;
    let mut times = StageTimes { turns: extra, photos_tried_turned: 1, photos_turned: 1, ..turned_times };
    times.decode = std::time::Duration::ZERO;
    photo.image = image;
    photo.meta.width = photo.image.width();
    photo.meta.height = photo.image.height();
    Ok((turn, turned_faces, times))
}

/// Whether a turn whose best face scores `turned` beats the photo as it is (`as_is`,
/// 0 when it has no face): see [`TURNED_SCORE`] and [`TURNED_ODDS_RATIO`].
fn clearly_better(turned: f32, as_is: f32) -> bool {
    let odds = |p: f32| f64::from(p) / (1.0 - f64::from(p)).max(1e-6);
    turned >= TURNED_SCORE && odds(turned) >= f64::from(TURNED_ODDS_RATIO) * odds(as_is)
}

fn best_score(faces: &[FoundFace]) -> f32 {
    faces.iter().map(|f| f.face.score).fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_must_be_good_and_clearly_better() {
        assert!(clearly_better(0.999, 0.0));
        assert!(!clearly_better(0.985, 0.0), "below TURNED_SCORE");
        // LFW Roh_Moo-hyun_0008: 0.9898 as it is, a 0.9988 face a quarter turn away.
        assert!(!clearly_better(0.9988, 0.9898));
        assert!(clearly_better(0.9999, 0.9552));
        assert!(clearly_better(1.0, 0.99));
    }
}
