//! Measurement harnesses: `bench_cluster` (time and peak memory on synthetic faces, for
//! `kindred bench cluster --faces N`) and `compare_methods` (quality of every method on
//! labelled faces, for `kindred eval` and for choosing the default).

use std::time::Instant;

use serde::Serialize;

use super::metrics::{evaluate, Quality};
use super::synthetic::{generate, SyntheticParams};
use super::{cluster, Method, Params};
use crate::error::{Error, Result};
use crate::face::Descriptor;

/// One benchmark run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub n_faces: usize,
    pub method: Method,
    pub identities: usize,
    pub generate_seconds: f64,
    pub cluster_seconds: f64,
    /// Peak resident memory of the whole process so far (VmHWM), in MiB; None where
    /// /proc is absent. It includes anything the process did earlier.
    pub peak_rss_mib: Option<f64>,
    pub clusters: usize,
    pub noise: usize,
    pub quality: Quality,
}

/// Cluster `n_faces` synthetic faces (seed 1) with `method` and its default parameters.
/// k-means gets k = the generator's number of identities (k-means is the "k is known"
/// method). Measured: 54 s at 10k faces (k = 360); linfa's k-means grows with n x k, so
/// 100k faces (k = 3,600) would take on the order of an hour: use graph or DBSCAN there.
pub fn bench_cluster(n_faces: usize, method: Method) -> Result<BenchReport> {
    if n_faces < 2 {
        return Err(Error::Invalid("bench needs at least 2 faces".into()));
    }
    let t = Instant::now();
    let g = generate(&SyntheticParams::new(n_faces, 1));
    let generate_seconds = t.elapsed().as_secs_f64();
    let params = Params::defaults_for(method, g.identities.max(1));
    let t = Instant::now();
    let c = cluster(&g.descriptors, &g.photo, &params)?;
    let cluster_seconds = t.elapsed().as_secs_f64();
    let quality =
        evaluate(&g.truth, &c.labels).ok_or_else(|| Error::Invalid("empty clustering".into()))?;
    Ok(BenchReport {
        n_faces,
        method,
        identities: g.identities,
        generate_seconds,
        cluster_seconds,
        peak_rss_mib: crate::memory::peak_rss_bytes().map(|b| b as f64 / (1024.0 * 1024.0)),
        clusters: quality.clusters,
        noise: quality.noise,
        quality,
    })
}

/// Quality of one method on labelled faces.
#[derive(Debug, Clone, Serialize)]
pub struct MethodReport {
    pub params: Params,
    pub seconds: f64,
    pub quality: Quality,
}

/// Run every method with its defaults on labelled faces and score it. `truth[i]` is the
/// identity of face i, `None` for a face whose person appears once. k-means uses `k`
/// (the caller's choice, e.g. the elbow knee); without it k-means is skipped.
pub fn compare_methods(
    descriptors: &[Descriptor],
    photo: &[i64],
    truth: &[Option<u32>],
    k: Option<usize>,
) -> Result<Vec<MethodReport>> {
    if truth.len() != descriptors.len() {
        return Err(Error::Invalid(format!(
            "{} labels for {} faces",
            truth.len(),
            descriptors.len()
        )));
    }
    let mut out = Vec::new();
    let mut all = vec![
        Params::defaults_for(Method::Dbscan, 1),
        Params::defaults_for(Method::Graph, 1),
    ];
    if let Some(k) = k {
        all.insert(0, Params::defaults_for(Method::KMeans, k));
    }
    for params in all {
        out.push(run_scored(descriptors, photo, truth, params)?);
    }
    Ok(out)
}

/// Cluster with `params` and score against `truth`.
pub fn run_scored(
    descriptors: &[Descriptor],
    photo: &[i64],
    truth: &[Option<u32>],
    params: Params,
) -> Result<MethodReport> {
    let t = Instant::now();
    let c = cluster(descriptors, photo, &params)?;
    let seconds = t.elapsed().as_secs_f64();
    let quality =
        evaluate(truth, &c.labels).ok_or_else(|| Error::Invalid("no faces to evaluate".into()))?;
    Ok(MethodReport {
        params,
        seconds,
        quality,
    })
}
