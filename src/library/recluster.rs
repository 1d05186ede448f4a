//! Re-cluster: run a method over every face of the current model (strangers, ignored
//! faces and faces below the quality line left out, so they stay out of every group),
//! keep the result as the only cluster run, and recompute the automatic assignments.
//! Facts are never touched. Faces are clustered in their canonical order (photo content,
//! then box), so the same photos give the same groups whatever order a scan stored them
//! in.

use rusqlite::params;
use serde::Serialize;

use super::faces::{load_faces, LibraryFaces};
use crate::cluster::{cluster, Clustering, Params};
use crate::error::Result;
use crate::face::MODEL_ID;
use crate::face_quality::QUALITY_LINE;
use crate::people::assign::refresh_guesses_in;
use crate::people::facts::{load_facts, FactKind};
use crate::people::GuessSummary;
use crate::store::Store;

/// What a re-cluster produced.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterRun {
    pub run_id: i64,
    pub params: Params,
    /// Faces clustered (strangers, ignored and poor faces excluded).
    pub faces: usize,
    /// Faces whose quality is below this took no part.
    pub quality_line: f32,
    /// How many faces the quality line held back (they stay unknown).
    pub held_back: usize,
    /// Faces of an older descriptor model, left out until a scan describes them again.
    pub older_model_faces: usize,
    pub clusters: usize,
    pub noise: usize,
    pub moved_by_photo_rule: usize,
    pub min_group_size: usize,
    /// Automatic assignments and suggestions after mapping clusters to people.
    pub guesses: GuessSummary,
    pub seconds: f64,
}

/// Clusters the library with `params` and stores the result (see the module docs).
pub fn recluster(store: &mut Store, params: &Params) -> Result<ClusterRun> {
    recluster_with(store, params, QUALITY_LINE)
}

/// [`recluster`] with another quality line (0 lets every face take part).
pub fn recluster_with(store: &mut Store, params: &Params, quality_line: f32) -> Result<ClusterRun> {
    let start = std::time::Instant::now();
    let all = load_faces(store)?;
    let facts = load_facts(store.connection())?;
    let grouping = group_library(&all, params, quality_line, |id| {
        !matches!(facts.identity.get(&id), Some((FactKind::Stranger | FactKind::Ignored, _)))
    })?;
    let held_back = grouping.held_back;
    let keep = &grouping.grouped;
    let result = grouping.clustering.as_ref();
    let (clusters, noise) = result
        .map(|c| (c.cluster_count(), c.noise_count()))
        .unwrap_or((0, 0));
    let params_json = serde_json::to_string(params)
        .map_err(|e| crate::Error::Invalid(format!("cluster parameters: {e}")))?;

    let tx = store.connection_mut().transaction()?;
    {
        let mut write = tx.prepare_cached("UPDATE faces SET quality = ?2 WHERE id = ?1")?;
        for i in (0..all.len()).filter(|&i| all.quality_missing[i]) {
            write.execute(params![all.ids[i].0, all.quality[i] as f64])?;
        }
    }
    tx.execute("DELETE FROM cluster_runs", [])?;
    tx.execute(
        "INSERT INTO cluster_runs (method, params, model_id, created_at, clusters, noise)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            params.method().name(),
            params_json,
            MODEL_ID,
            crate::store::now_unix(),
            clusters as i64,
            noise as i64
        ],
    )?;
    let run_id = tx.last_insert_rowid();
    if let Some(c) = result {
        let mut insert = tx.prepare_cached(
            "INSERT INTO cluster_labels (run_id, face_id, label) VALUES (?1, ?2, ?3)",
        )?;
        for (&i, label) in keep.iter().zip(&c.labels) {
            insert.execute(params![run_id, all.ids[i].0, label])?;
        }
    }
    let guesses = refresh_guesses_in(&tx)?;
    tx.commit()?;
    Ok(ClusterRun {
        run_id,
        params: params.clone(),
        faces: keep.len(),
        quality_line,
        held_back,
        older_model_faces: store.older_model_faces()?,
        clusters,
        noise,
        moved_by_photo_rule: result.map_or(0, |c| c.moved_by_photo_rule),
        min_group_size: result.map_or(0, |c| c.min_group_size),
        guesses,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Positions of the faces that take part in automatic grouping, in canonical order
/// ([`LibraryFaces::canonical_order`]): those `eligible` says yes to (by face id) and
/// whose quality reaches `quality_line`. Also returns how many eligible faces the
/// quality line held back.
pub fn faces_to_group(
    all: &LibraryFaces,
    quality_line: f32,
    eligible: impl Fn(i64) -> bool,
) -> (Vec<usize>, usize) {
    let mut held_back = 0;
    let keep = all
        .canonical_order()
        .into_iter()
        .filter(|&i| eligible(all.ids[i].0))
        .filter(|&i| {
            let good = all.quality[i] >= quality_line;
            held_back += usize::from(!good);
            good
        })
        .collect();
    (keep, held_back)
}

/// A grouping of the library's faces.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// Positions (in the library's faces) that took part, in the order clustered.
    pub grouped: Vec<usize>,
    /// Group of every library face (`None`: unknown, held back or not eligible).
    pub labels: Vec<Option<u32>>,
    pub held_back: usize,
    /// The method's result over `grouped`; `None` when no face took part.
    pub clustering: Option<Clustering>,
}

/// Groups the faces of `all` that `eligible` allows and the quality line keeps, in
/// canonical order (see [`faces_to_group`]); nothing is stored.
pub fn group_library(
    all: &LibraryFaces,
    params: &Params,
    quality_line: f32,
    eligible: impl Fn(i64) -> bool,
) -> Result<Grouping> {
    let (grouped, held_back) = faces_to_group(all, quality_line, eligible);
    let descriptors: Vec<_> = grouped.iter().map(|&i| all.descriptors[i]).collect();
    let photo: Vec<i64> = grouped.iter().map(|&i| all.photo[i]).collect();
    let clustering = if descriptors.is_empty() { None } else { Some(cluster(&descriptors, &photo, params)?) };
    let mut labels = vec![None; all.len()];
    if let Some(c) = &clustering {
        for (&i, l) in grouped.iter().zip(&c.labels) {
            labels[i] = *l;
        }
    }
    Ok(Grouping { grouped, labels, held_back, clustering })
}
