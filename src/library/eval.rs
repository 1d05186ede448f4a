//! Clustering quality on a labelled library: `kindred eval --labels FILE.csv`.
//!
//! The CSV has a header with at least the columns `file` and `identity`; rows are matched
//! to scanned files by [`labelled_faces_from_csv`] (full path, or a path ending in the
//! `file` column). Each labelled photo contributes its largest face. An identity with a
//! single labelled face is a stranger for the metrics (it must end up alone). Every
//! method runs with its defaults over the labelled faces only; k-means gets k = the
//! number of identities seen at least twice.

use std::collections::HashMap;
use std::path::Path;

use crate::insight::labels::labelled_faces_from_csv;

use serde::Serialize;

use crate::cluster::bench::run_scored;
use crate::cluster::{Method, Params, Quality};
use crate::error::{Error, Result};
use crate::face::Descriptor;
use crate::store::Store;

/// Scores of one method.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRow {
    pub method: Method,
    pub params: Params,
    pub quality: Quality,
    pub faces: usize,
    pub seconds: f64,
}

/// Runs every method over the labelled faces of `store` and scores it.
pub fn evaluate_labels(store: &Store, labels: &Path) -> Result<Vec<EvalRow>> {
    let set = labelled_faces_from_csv(store, labels)?;
    let descriptors: Vec<Descriptor> = set.faces.iter().map(|f| f.descriptor).collect();
    let names: Vec<&String> = set.faces.iter().map(|f| &f.identity).collect();
    let photo = set.photos;
    if descriptors.len() < 2 {
        return Err(Error::Invalid(format!(
            "only {} labelled files have a face in the library: scan the labelled photos first",
            descriptors.len()
        )));
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for n in &names {
        *count.entry(n.as_str()).or_default() += 1;
    }
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let truth: Vec<Option<u32>> = names
        .iter()
        .map(|n| {
            (count[n.as_str()] >= 2).then(|| {
                let next = ids.len() as u32;
                *ids.entry(n).or_insert(next)
            })
        })
        .collect();
    let k = ids.len().max(1);
    let mut out = Vec::new();
    for method in Method::ALL {
        let params = Params::defaults_for(method, k);
        let r = run_scored(&descriptors, &photo, &truth, params)?;
        out.push(EvalRow {
            method,
            params: r.params,
            quality: r.quality,
            faces: descriptors.len(),
            seconds: r.seconds,
        });
    }
    Ok(out)
}
