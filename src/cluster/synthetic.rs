//! Synthetic face descriptors with the geometry of dlib's 128-D descriptors, for tests,
//! benchmarks and choosing defaults when no labelled library of that size exists.
//!
//! Calibration (measured with face_recognition on the dev faces and test images, 69 faces):
//! same-person distances mean 0.43 (sd 0.09, range 0.23-0.67), different-person mean 0.84
//! (sd 0.08, range 0.63-1.01), descriptor norm about 1.45, per-dimension mean about ±0.09.
//! The generator reproduces that: a shared mean vector, one centre per identity, and
//! per-face gaussian noise whose size varies by identity and by face (a few "hard" faces:
//! blur, profile). A few identities are look-alikes derived from another identity's
//! centre, so the between-person distribution has a tail towards 0.7 as real data does.
//! Gaussian clouds in 128-D are more regular than real faces, so figures on synthetic data
//! are an upper bound on quality; see the dev-face figures for a real check.

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::face::{Descriptor, DESCRIPTOR_LEN};

/// Knobs of the generator; `SyntheticParams::new(n, seed)` gives the calibrated defaults.
#[derive(Debug, Clone)]
pub struct SyntheticParams {
    /// Total number of faces (identities plus strangers).
    pub n_faces: usize,
    /// Share of faces that are one-off strangers (each its own identity, seen once).
    pub stranger_fraction: f64,
    /// Mean faces per recurring identity (sets the number of identities).
    pub mean_faces_per_identity: usize,
    /// Zipf exponent of identity sizes (1.0: a few people in most photos, many rarely).
    pub zipf_exponent: f64,
    /// Share of identities that are look-alikes of another one.
    pub lookalike_fraction: f64,
    /// Largest number of faces in one photo.
    pub max_faces_per_photo: usize,
    pub seed: u64,
}

impl SyntheticParams {
    pub fn new(n_faces: usize, seed: u64) -> Self {
        SyntheticParams {
            n_faces,
            stranger_fraction: 0.1,
            mean_faces_per_identity: 25,
            zipf_exponent: 1.0,
            lookalike_fraction: 0.05,
            max_faces_per_photo: 4,
            seed,
        }
    }
}

/// A generated library: descriptors, the photo each face is in, and the truth.
#[derive(Debug, Clone)]
pub struct Synthetic {
    pub descriptors: Vec<Descriptor>,
    /// Photo id per face; no photo holds two faces of one identity.
    pub photo: Vec<i64>,
    /// True identity per face; `None` for a one-off stranger.
    pub truth: Vec<Option<u32>>,
    /// Number of recurring identities.
    pub identities: usize,
}

// Per-dimension standard deviations calibrated against real descriptors (module docs).
const MEAN_SD: f32 = 0.11;
const CENTRE_SD: f32 = 0.047;
const NOISE_SD_MIN: f32 = 0.019;
const NOISE_SD_MAX: f32 = 0.032;
const HARD_FACE_SHARE: f64 = 0.08;
const HARD_FACE_SCALE: f32 = 1.35;
// Centre-to-centre spread of a look-alike: about 0.55 between centres.
const LOOKALIKE_SD: f32 = 0.034;

fn gaussian(rng: &mut Xoshiro256PlusPlus, sd: f32) -> Descriptor {
    let mut v = [0f32; DESCRIPTOR_LEN];
    for x in v.iter_mut() {
        let z: f32 = StandardNormal.sample(rng);
        *x = z * sd;
    }
    v
}

fn add(a: &Descriptor, b: &Descriptor) -> Descriptor {
    let mut v = *a;
    for (x, y) in v.iter_mut().zip(b) {
        *x += y;
    }
    v
}

/// Identity sizes: Zipf-like weights, at least 2 faces each, summing to `total`.
fn identity_sizes(n_ids: usize, total: usize, exponent: f64) -> Vec<usize> {
    if n_ids == 0 {
        return Vec::new();
    }
    let w: Vec<f64> = (0..n_ids)
        .map(|i| 1.0 / ((i + 1) as f64).powf(exponent))
        .collect();
    let sum: f64 = w.iter().sum();
    let spare = total.saturating_sub(2 * n_ids) as f64;
    let mut sizes: Vec<usize> = w
        .iter()
        .map(|x| 2 + (x / sum * spare).floor() as usize)
        .collect();
    // hand the rounding remainder to the largest identities
    let mut left = total.saturating_sub(sizes.iter().sum());
    let mut i = 0;
    while left > 0 {
        sizes[i % n_ids] += 1;
        left -= 1;
        i += 1;
    }
    sizes
}

/// Generate a library as described by `p`. Deterministic for a given seed.
pub fn generate(p: &SyntheticParams) -> Synthetic {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(p.seed);
    let n_strangers = (p.n_faces as f64 * p.stranger_fraction).round() as usize;
    let n_known = p.n_faces - n_strangers;
    let n_ids = if n_known < 2 {
        0
    } else {
        (n_known / p.mean_faces_per_identity.max(2)).max(1)
    };
    let n_strangers = p.n_faces - if n_ids == 0 { 0 } else { n_known };
    let sizes = identity_sizes(n_ids, n_known, p.zipf_exponent);

    let mean = gaussian(&mut rng, MEAN_SD);
    let mut centres: Vec<Descriptor> = Vec::with_capacity(n_ids);
    for i in 0..n_ids {
        let c = if i > 0 && rng.gen_bool(p.lookalike_fraction) {
            let j = rng.gen_range(0..i);
            add(&centres[j], &gaussian(&mut rng, LOOKALIKE_SD))
        } else {
            add(&mean, &gaussian(&mut rng, CENTRE_SD))
        };
        centres.push(c);
    }

    // Faces in a random order; identity faces first drawn, then strangers.
    let mut faces: Vec<(Descriptor, Option<u32>)> = Vec::with_capacity(p.n_faces);
    for (id, (&size, centre)) in sizes.iter().zip(&centres).enumerate() {
        let sd = rng.gen_range(NOISE_SD_MIN..NOISE_SD_MAX);
        for _ in 0..size {
            let s = if rng.gen_bool(HARD_FACE_SHARE) {
                sd * HARD_FACE_SCALE
            } else {
                sd
            };
            faces.push((add(centre, &gaussian(&mut rng, s)), Some(id as u32)));
        }
    }
    for _ in 0..n_strangers {
        let c = add(&mean, &gaussian(&mut rng, CENTRE_SD));
        let sd = rng.gen_range(NOISE_SD_MIN..NOISE_SD_MAX);
        faces.push((add(&c, &gaussian(&mut rng, sd)), None));
    }
    // Fisher-Yates shuffle so that input order carries no information.
    for i in (1..faces.len()).rev() {
        let j = rng.gen_range(0..=i);
        faces.swap(i, j);
    }

    // Photos: consecutive runs of 1..=max faces; a face whose identity is already in the
    // current photo starts a new photo, so no photo holds one identity twice.
    let mut photo = Vec::with_capacity(faces.len());
    let mut current: i64 = 0;
    let mut in_photo: Vec<Option<u32>> = Vec::new();
    let mut target = rng.gen_range(1..=p.max_faces_per_photo.max(1));
    for (_, id) in &faces {
        let clash = id.is_some() && in_photo.contains(id);
        if in_photo.len() >= target || clash {
            current += 1;
            in_photo.clear();
            target = rng.gen_range(1..=p.max_faces_per_photo.max(1));
        }
        in_photo.push(*id);
        photo.push(current);
    }

    let (descriptors, truth) = faces.into_iter().unzip();
    Synthetic {
        descriptors,
        photo,
        truth,
        identities: n_ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::distance;

    #[test]
    fn sizes_sum_and_minimum() {
        let s = identity_sizes(40, 1000, 1.0);
        assert_eq!(s.iter().sum::<usize>(), 1000);
        assert!(s.iter().all(|&x| x >= 2));
        assert!(s[0] > s[39] * 5, "zipf-like: {s:?}");
    }

    #[test]
    fn distances_match_dlib_calibration() {
        let g = generate(&SyntheticParams::new(3000, 7));
        let (mut same, mut diff) = (Vec::new(), Vec::new());
        for i in 0..600 {
            for j in (i + 1)..600 {
                let d = distance(&g.descriptors[i], &g.descriptors[j]);
                match (g.truth[i], g.truth[j]) {
                    (Some(a), Some(b)) if a == b => same.push(d),
                    _ => diff.push(d),
                }
            }
        }
        let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
        assert!((0.36..0.5).contains(&mean(&same)), "same {}", mean(&same));
        assert!((0.75..0.95).contains(&mean(&diff)), "diff {}", mean(&diff));
        // photo constraint of the generator itself
        for i in 0..g.photo.len() {
            for j in (i + 1)..g.photo.len().min(i + 8) {
                if g.photo[i] == g.photo[j] && g.truth[i].is_some() {
                    assert_ne!(g.truth[i], g.truth[j]);
                }
            }
        }
    }
}
