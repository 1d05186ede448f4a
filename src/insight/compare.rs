//! Compare two faces: distance, same/different at the cutoff, and how sure.

use serde::{Deserialize, Serialize};

use super::calibrate::ConfidenceModel;
use super::is_match;
use crate::error::{Error, Result};
use crate::face::{distance, Descriptor};

/// The answer to "are these two faces the same person?".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    pub distance: f32,
    pub cutoff: f32,
    /// `distance < cutoff`.
    pub same: bool,
    /// P(same person | distance) from the confidence model.
    pub p_same: f64,
    /// Probability that the verdict in `same` is right: `p_same` if same, else
    /// `1 - p_same`. Below 0.5 means the cutoff and the calibration disagree (the
    /// distance lies between the cutoff and the curve's midpoint).
    pub confidence: f64,
}

/// Compares two descriptors.
pub fn compare(
    a: &Descriptor,
    b: &Descriptor,
    cutoff: f32,
    model: &ConfidenceModel,
) -> Result<Comparison> {
    if !(cutoff.is_finite() && cutoff > 0.0) {
        return Err(Error::Invalid(format!(
            "cutoff {cutoff} must be a positive number"
        )));
    }
    let d = distance(a, b);
    if !d.is_finite() {
        return Err(Error::Invalid(
            "a descriptor contains NaN or infinity".into(),
        ));
    }
    let same = is_match(d, cutoff);
    let p_same = model.p_same(d);
    Ok(Comparison {
        distance: d,
        cutoff,
        same,
        p_same,
        confidence: if same { p_same } else { 1.0 - p_same },
    })
}

/// Compares two photos, each with any number of faces: the closest pair of faces
/// across the two photos decides (the question is "is someone in A also in B?").
/// Returns the indices of that pair with the comparison, or `None` if a photo has no
/// face.
pub fn compare_photos(
    a: &[Descriptor],
    b: &[Descriptor],
    cutoff: f32,
    model: &ConfidenceModel,
) -> Result<Option<(usize, usize, Comparison)>> {
    let mut best: Option<(usize, usize, f32)> = None;
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let d = distance(x, y);
            if d.is_finite() && best.is_none_or(|(_, _, bd)| d < bd) {
                best = Some((i, j, d));
            }
        }
    }
    match best {
        None => Ok(None),
        Some((i, j, _)) => Ok(Some((i, j, compare(&a[i], &b[j], cutoff, model)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desc(x: f32) -> Descriptor {
        let mut d = [0.0; 128];
        d[0] = x;
        d
    }

    #[test]
    fn verdict_and_confidence() {
        let m = ConfidenceModel::lfw_default();
        let c = compare(&desc(0.0), &desc(0.3), 0.6, &m).unwrap();
        assert!(c.same && (c.distance - 0.3).abs() < 1e-6 && c.confidence > 0.99);
        let c = compare(&desc(0.0), &desc(0.9), 0.6, &m).unwrap();
        assert!(!c.same && c.confidence > 0.99 && c.p_same < 0.01);
        assert!(compare(&desc(0.0), &desc(f32::NAN), 0.6, &m).is_err());
        assert!(compare(&desc(0.0), &desc(0.1), -1.0, &m).is_err());
    }

    #[test]
    fn photos_use_the_closest_pair() {
        let m = ConfidenceModel::lfw_default();
        let (i, j, c) = compare_photos(&[desc(0.0), desc(5.0)], &[desc(9.0), desc(5.2)], 0.6, &m)
            .unwrap()
            .unwrap();
        assert_eq!((i, j), (1, 1));
        assert!(c.same);
        assert!(compare_photos(&[], &[desc(1.0)], 0.6, &m)
            .unwrap()
            .is_none());
    }
}
