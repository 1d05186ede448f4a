//! Clustering quality on a labelled library: `kindred eval --labels FILE.csv`.
//!
//! The CSV has a header with at least the columns `file` and `identity`; `file` is
//! matched against the scanned files by file name (or by full path). Each labelled
//! photo contributes its largest face, labelled with the identity. An identity with a
//! single labelled face is a stranger for the metrics (it must end up alone). Every
//! method runs with its defaults over the labelled faces only; k-means gets k = the
//! number of identities seen at least twice.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::cluster::bench::run_scored;
use crate::cluster::{Method, Params, Quality};
use crate::error::{Error, Result};
use crate::face::{Descriptor, MODEL_ID};
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

/// Reads `file,identity` rows.
fn read_labels(path: &Path) -> Result<Vec<(String, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| Error::Invalid(format!("{}: no {name:?} column", path.display())))
    };
    let (file, identity) = (col("file")?, col("identity")?);
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        if let (Some(f), Some(i)) = (row.get(file), row.get(identity)) {
            if !f.trim().is_empty() && !i.trim().is_empty() {
                out.push((f.trim().to_string(), i.trim().to_string()));
            }
        }
    }
    Ok(out)
}

/// The largest face of every scanned file, by file name and by full path.
fn largest_faces(store: &Store) -> Result<HashMap<String, (i64, Descriptor)>> {
    let mut stmt = store.connection().prepare(
        "SELECT fi.display_path, f.photo_id, f.descriptor,
                (f.right - f.left) * (f.bottom - f.top) AS area
           FROM files fi JOIN faces f ON f.photo_id = fi.photo_id
          WHERE f.model_id = ?1
          ORDER BY area DESC",
    )?;
    let mut rows = stmt.query([MODEL_ID])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let path: String = r.get(0)?;
        let photo: i64 = r.get(1)?;
        let d =
            crate::library::faces::descriptor_from_blob(photo, crate::library::faces::blob(r, 2)?)?;
        let name = Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.entry(path).or_insert((photo, d));
        out.entry(name).or_insert((photo, d));
    }
    Ok(out)
}

/// Runs every method over the labelled faces of `store` and scores it.
pub fn evaluate_labels(store: &Store, labels: &Path) -> Result<Vec<EvalRow>> {
    let rows = read_labels(labels)?;
    let faces = largest_faces(store)?;
    let mut descriptors = Vec::new();
    let mut photo = Vec::new();
    let mut names = Vec::new();
    for (file, identity) in &rows {
        if let Some((p, d)) = faces.get(file) {
            descriptors.push(*d);
            photo.push(*p);
            names.push(identity.clone());
        }
    }
    if descriptors.len() < 2 {
        return Err(Error::Invalid(format!(
            "only {} labelled files have a face in the library: scan the labelled photos first",
            descriptors.len()
        )));
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for n in &names {
        *count.entry(n).or_default() += 1;
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
