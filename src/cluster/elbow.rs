//! The elbow method for choosing k: k-means cost (inertia, mean squared distance of a
//! face to its centroid, as linfa reports it) for every k in a range, and a suggested
//! knee.
//!
//! Knee = Kneedle (Satopää et al., 2011) without smoothing: scale k and cost to [0, 1]
//! and take the k whose point lies farthest below the chord from the first to the last
//! point. For a decreasing convex curve Kneedle's difference curve is exactly that
//! distance, so the two agree. Why this one: it needs no threshold or second derivative
//! (which is noisy on k-means costs, since every k is a separate random fit), it does
//! not depend on the units of the cost, and on well-separated data the cost falls fast
//! up to the true k and slowly after it, which puts the true k farthest from the chord.

use rayon::prelude::*;
use serde::Serialize;

use super::kmeans::{fit, to_array};
use crate::error::{Error, Result};
use crate::face::Descriptor;

/// Cost of k-means at one k.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ElbowPoint {
    pub k: usize,
    pub inertia: f32,
}

/// Costs over a range of k and the suggested knee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Elbow {
    pub points: Vec<ElbowPoint>,
    /// Suggested k (None with fewer than three points or a flat curve).
    pub knee: Option<usize>,
}

/// Cost for every k in `kmin..=kmax` (k-means++, `n_runs` restarts each, fixed seed).
pub fn elbow(
    descriptors: &[Descriptor],
    kmin: usize,
    kmax: usize,
    n_runs: usize,
    seed: u64,
) -> Result<Elbow> {
    if kmin == 0 || kmin > kmax || kmax > descriptors.len() {
        return Err(Error::Invalid(format!(
            "elbow needs 1 <= kmin <= kmax <= faces ({}), got {kmin}..{kmax}",
            descriptors.len()
        )));
    }
    if let Some(i) = descriptors
        .iter()
        .position(|d| d.iter().any(|x| !x.is_finite()))
    {
        return Err(Error::Invalid(format!(
            "descriptor {i} has a non-finite value"
        )));
    }
    let x = to_array(descriptors);
    let points = (kmin..=kmax)
        .into_par_iter()
        .map(|k| fit(&x, k, n_runs, 100, seed).map(|(_, _, inertia)| ElbowPoint { k, inertia }))
        .collect::<Result<Vec<_>>>()?;
    let knee = knee(&points);
    Ok(Elbow { points, knee })
}

/// Kneedle knee of a decreasing cost curve (see module docs).
pub fn knee(points: &[ElbowPoint]) -> Option<usize> {
    if points.len() < 3 {
        return None;
    }
    let (first, last) = (points[0], points[points.len() - 1]);
    let dk = (last.k - first.k) as f32;
    let (hi, lo) = points.iter().fold((f32::MIN, f32::MAX), |(h, l), p| {
        (h.max(p.inertia), l.min(p.inertia))
    });
    if hi <= lo || dk <= 0.0 {
        return None;
    }
    let xn = |p: &ElbowPoint| (p.k - first.k) as f32 / dk;
    let yn = |p: &ElbowPoint| (p.inertia - lo) / (hi - lo);
    // chord from (0, y0) to (1, y1); vertical gap below it
    let (y0, y1) = (yn(&first), yn(&last));
    points
        .iter()
        .map(|p| (p.k, y0 + (y1 - y0) * xn(p) - yn(p)))
        .filter(|&(_, gap)| gap > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knee_of_a_hand_made_curve() {
        let c = [100.0, 60.0, 25.0, 10.0, 9.0, 8.5, 8.0, 7.6];
        let pts: Vec<ElbowPoint> = c
            .iter()
            .enumerate()
            .map(|(i, &v)| ElbowPoint {
                k: i + 1,
                inertia: v,
            })
            .collect();
        assert_eq!(knee(&pts), Some(4));
        assert_eq!(knee(&pts[..2]), None);
        let flat: Vec<ElbowPoint> = (1..6).map(|k| ElbowPoint { k, inertia: 3.0 }).collect();
        assert_eq!(knee(&flat), None);
    }
}
