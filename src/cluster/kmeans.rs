//! k-means with a chosen k (linfa-clustering, k-means++ initialisation) and an outlier
//! cutoff: k-means puts every face in some group, so a stranger would join the nearest
//! family member. A face farther than `outlier_cutoff` from its centroid is flagged as
//! an outlier and left out of the group (label `None`).
//!
//! Default cutoff 0.5 (euclidean, face to centroid): a centroid sits about 1/sqrt(2) of
//! the face-to-face distance from its faces, so same-person faces (0.3-0.6 apart) lie
//! about 0.2-0.45 from it, while a stranger (0.7-1.0 from every member) lies 0.6 or more.
//!
//! The centroid test alone is not enough: k-means also spends centroids on a handful of
//! strangers, and the centroid of four strangers 0.85 apart is only about 0.5 from each
//! (measured: 4-6 strangers inside groups per 5,000 synthetic faces; 0 with this guard). So a member must
//! also have another member of its group closer than `member_cutoff` (default 0.5, the
//! graph cutoff); otherwise it is an outlier too.

use linfa::traits::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{check_input, finish, Clustering, Method, Params};
use crate::error::{Error, Result};
use crate::face::{distance, Descriptor, DESCRIPTOR_LEN};

/// k-means parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeansParams {
    pub k: usize,
    /// Faces farther than this from their centroid are outliers (not members).
    pub outlier_cutoff: f32,
    /// A member needs another member of its group closer than this (stranger guard).
    pub member_cutoff: f32,
    /// Restarts with different k-means++ seeds; the lowest inertia wins.
    pub n_runs: usize,
    pub max_iterations: u64,
    pub seed: u64,
    /// Minimum group size; `None` = adaptive to library size.
    pub min_group_size: Option<usize>,
}

impl KMeansParams {
    pub fn new(k: usize) -> Self {
        // one run of at most 50 iterations: linfa's loop is the cost (measured: 3 runs of up
        // to 100 iterations took 28-40 s at 5,000 faces and k = 180)
        KMeansParams {
            k,
            outlier_cutoff: 0.5,
            member_cutoff: 0.5,
            n_runs: 1,
            max_iterations: 50,
            seed: 42,
            min_group_size: None,
        }
    }
}

pub(crate) fn to_array(descriptors: &[Descriptor]) -> Array2<f32> {
    Array2::from_shape_fn((descriptors.len(), DESCRIPTOR_LEN), |(i, j)| {
        descriptors[i][j]
    })
}

/// Fit linfa k-means; returns (membership per face, centroids, inertia).
pub(crate) fn fit(
    x: &Array2<f32>,
    k: usize,
    n_runs: usize,
    max_iterations: u64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<Descriptor>, f32)> {
    if k == 0 || k > x.nrows() {
        return Err(Error::Invalid(format!(
            "k-means needs 1 <= k <= {} faces, got k = {k}",
            x.nrows()
        )));
    }
    let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(seed))
        .n_runs(n_runs.max(1))
        .max_n_iterations(max_iterations.max(1))
        .tolerance(1e-4)
        .init_method(KMeansInit::KMeansPlusPlus)
        .fit(&DatasetBase::from(x.clone()))
        .map_err(|e| Error::Invalid(format!("k-means: {e}")))?;
    let membership = model.predict(x).to_vec();
    let centroids = model
        .centroids()
        .rows()
        .into_iter()
        .map(|r| {
            let mut c = [0f32; DESCRIPTOR_LEN];
            for (a, b) in c.iter_mut().zip(r) {
                *a = *b;
            }
            c
        })
        .collect();
    Ok((membership, centroids, model.inertia()))
}

/// Flag members (not yet outliers) with no other member of their group closer than
/// `cutoff`. Groups are compared within themselves only, in parallel.
fn flag_isolated_members(
    descriptors: &[Descriptor],
    membership: &[usize],
    outlier: &mut [bool],
    cutoff: f32,
) {
    let mut groups: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    for (i, &m) in membership.iter().enumerate() {
        if !outlier[i] {
            groups.entry(m).or_default().push(i);
        }
    }
    let isolated: Vec<usize> = groups
        .par_iter()
        .flat_map_iter(|(_, members)| {
            members.iter().copied().filter(move |&i| {
                !members
                    .iter()
                    .any(|&j| j != i && distance(&descriptors[i], &descriptors[j]) < cutoff)
            })
        })
        .collect();
    for i in isolated {
        outlier[i] = true;
    }
}

/// Run k-means, flag outliers, apply the shared post-steps.
pub fn kmeans(descriptors: &[Descriptor], photo: &[i64], p: &KMeansParams) -> Result<Clustering> {
    check_input(descriptors, photo)?;
    let (membership, centroids, _) = fit(
        &to_array(descriptors),
        p.k,
        p.n_runs,
        p.max_iterations,
        p.seed,
    )?;
    let centroid_distance: Vec<f32> = descriptors
        .iter()
        .zip(&membership)
        .map(|(d, &m)| distance(d, &centroids[m]))
        .collect();
    let mut outlier: Vec<bool> = centroid_distance
        .iter()
        .map(|&d| d > p.outlier_cutoff)
        .collect();
    flag_isolated_members(descriptors, &membership, &mut outlier, p.member_cutoff);
    let mut labels: Vec<Option<u32>> = membership
        .iter()
        .zip(&outlier)
        .map(|(&m, &o)| (!o).then_some(m as u32))
        .collect();
    let (moved, min) = finish(
        descriptors,
        photo,
        &mut labels,
        p.min_group_size,
        p.outlier_cutoff,
    );
    Ok(Clustering {
        labels,
        method: Method::KMeans,
        params: Params::KMeans(p.clone()),
        centroid_distance: Some(centroid_distance),
        outlier: Some(outlier),
        moved_by_photo_rule: moved,
        min_group_size: min,
    })
}
