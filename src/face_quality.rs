//! How usable a face is for automatic grouping, from what the detector already gives:
//! the face's position in the photo, its size, its pose and the detector's confidence.
//! Poor faces (a bystander cut in half by the photo's edge, a face a few pixels wide, a
//! profile) get descriptors that sit near everybody's, and in a large library they glue
//! different people into one group. They still get a descriptor and stay reachable by
//! suggestions, the review queue and "faces like this"; they only take no part in
//! automatic grouping.
//!
//! The score is the smallest of four factors in [0, 1]:
//! - **inside**: the share of the face region (from the landmarks: one eye distance
//!   either side of the eyes' midpoint, from 0.6 eye distances above the eyes to one eye
//!   distance below the nose) that lies inside the photo; 1 at 100 %, 0 at 60 %. The
//!   detector's box is not used for this: on tightly cropped portraits it sticks out of
//!   the photo while the face is whole.
//! - **size**: the shorter side of the box, 0 at 16 px, 1 from 40 px.
//! - **pose**: how far the nose sits from the eyes' midpoint, in eye distances (a frontal
//!   face about 0.05, a three-quarter view 0.3); 1 up to 0.25, 0 at 0.6.
//! - **detection**: the detector's score, 0 at 0.90, 1 from 0.99.
//!
//! Measured on lfw-dev (2,981 faces, of which 368 are not the labelled person: mostly
//! bystanders at the photo's edge) and devfaces (63 faces): below the line of 0.5 fall
//! 111 of the 368 bystander faces and 3 of the 2,613 labelled faces; none of the 63
//! devfaces faces (tight crops whose boxes leave the photo). Grouping with the line at
//! 0.5 instead of none (`kindred cluster --quality-line 0`, then `kindred eval --face
//! central --stored`, default average linkage): bystander faces put in groups 43 vs 62,
//! the least pure of the 10 largest groups 0.952 vs 0.909, BCubed precision / recall
//! 0.9897 / 0.9474 vs 0.9899 / 0.9464.

use crate::geometry::{Landmarks5, Rect};

/// Faces whose quality is below this take no part in automatic grouping.
pub const QUALITY_LINE: f32 = 0.5;

fn ramp(x: f32, zero: f32, one: f32) -> f32 {
    ((x - zero) / (one - zero)).clamp(0.0, 1.0)
}

/// Quality in [0, 1] of a face in a `width` x `height` photo (see the module docs).
pub fn face_quality(bbox: &Rect, landmarks: &Landmarks5, score: f32, width: u32, height: u32) -> f32 {
    let (w, h) = (width as f32, height as f32);
    let mid = |a: usize, b: usize| {
        ((landmarks[a].x + landmarks[b].x) / 2.0, (landmarks[a].y + landmarks[b].y) / 2.0)
    };
    // dlib's 5 points: 0-1 one eye's corners, 2-3 the other eye's, 4 the base of the nose.
    let (ea, eb) = (mid(0, 1), mid(2, 3));
    let nose = (landmarks[4].x, landmarks[4].y);
    let eye_mid = ((ea.0 + eb.0) / 2.0, (ea.1 + eb.1) / 2.0);
    let eye_dist = ((ea.0 - eb.0).powi(2) + (ea.1 - eb.1).powi(2)).sqrt().max(1e-3);

    let (x0, x1) = (eye_mid.0 - eye_dist, eye_mid.0 + eye_dist);
    let (y0, y1) = (eye_mid.1 - 0.6 * eye_dist, nose.1 + eye_dist);
    let overlap = |lo: f32, hi: f32, max: f32| (hi.min(max) - lo.max(0.0)).max(0.0);
    let area = ((x1 - x0) * (y1 - y0)).max(1e-6);
    let inside = overlap(x0, x1, w) * overlap(y0, y1, h) / area;

    let size = (bbox.right - bbox.left).min(bbox.bottom - bbox.top);
    let yaw = (nose.0 - eye_mid.0).abs() / eye_dist;

    [
        ramp(inside, 0.6, 1.0),
        ramp(size, 16.0, 40.0),
        1.0 - ramp(yaw, 0.25, 0.6),
        ramp(score, 0.90, 0.99),
    ]
    .into_iter()
    .fold(1.0, f32::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;

    /// A frontal face of eye distance `e` with its eyes' midpoint at (cx, cy).
    fn frontal(cx: f32, cy: f32, e: f32) -> (Rect, Landmarks5) {
        let lm = [
            Point::new(cx + 0.6 * e, cy),
            Point::new(cx + 0.4 * e, cy),
            Point::new(cx - 0.6 * e, cy),
            Point::new(cx - 0.4 * e, cy),
            Point::new(cx, cy + 0.8 * e),
        ];
        let r = Rect::new(cx - 1.2 * e, cy - 1.0 * e, cx + 1.2 * e, cy + 1.8 * e);
        (r, lm)
    }

    #[test]
    fn a_whole_frontal_face_is_good() {
        let (r, lm) = frontal(200.0, 200.0, 40.0);
        assert_eq!(face_quality(&r, &lm, 0.999, 400, 400), 1.0);
    }

    #[test]
    fn a_face_cut_by_the_edge_is_poor_and_a_tight_crop_is_not() {
        // half the face region to the left of the photo
        let (r, lm) = frontal(0.0, 200.0, 40.0);
        assert!(face_quality(&r, &lm, 0.999, 400, 400) < QUALITY_LINE);
        // a portrait cropped so tightly that the detector's box leaves the photo (the
        // box and points of devfaces' amy1.png, 150 x 150)
        let r = Rect::new(31.0, -33.0, 168.0, 152.0);
        let lm = [(118.0, 46.0), (92.0, 45.0), (41.0, 41.0), (62.0, 44.0), (68.0, 93.0)].map(|(x, y)| Point::new(x, y));
        assert!(face_quality(&r, &lm, 0.999, 150, 150) >= QUALITY_LINE);
    }

    #[test]
    fn tiny_turned_or_doubtful_faces_are_poor() {
        let (r, lm) = frontal(200.0, 200.0, 5.0);
        assert!(face_quality(&r, &lm, 0.999, 400, 400) < QUALITY_LINE, "12 px face");
        let (r, mut lm) = frontal(200.0, 200.0, 40.0);
        lm[4].x += 0.55 * 40.0;
        assert!(face_quality(&r, &lm, 0.999, 400, 400) < QUALITY_LINE, "profile");
        let (r, lm) = frontal(200.0, 200.0, 40.0);
        assert!(face_quality(&r, &lm, 0.93, 400, 400) < QUALITY_LINE, "doubtful detection");
    }
}
