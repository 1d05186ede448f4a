//! Re-cluster: run a method over every face of the current model (strangers and ignored
//! faces left out, so they stay out of every group), keep the result as the only
//! cluster run, and recompute the automatic assignments. Facts are never touched.

use rusqlite::params;
use serde::Serialize;

use super::faces::load_faces;
use crate::cluster::{cluster, Params};
use crate::error::Result;
use crate::face::MODEL_ID;
use crate::people::assign::refresh_guesses_in;
use crate::people::facts::{load_facts, FactKind};
use crate::people::GuessSummary;
use crate::store::Store;

/// What a re-cluster produced.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterRun {
    pub run_id: i64,
    pub params: Params,
    /// Faces clustered (strangers and ignored faces excluded).
    pub faces: usize,
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
    let start = std::time::Instant::now();
    let all = load_faces(store)?;
    let facts = load_facts(store.connection())?;
    let keep: Vec<usize> = (0..all.len())
        .filter(|&i| {
            !matches!(
                facts.identity.get(&all.ids[i].0),
                Some((FactKind::Stranger | FactKind::Ignored, _))
            )
        })
        .collect();
    let descriptors: Vec<_> = keep.iter().map(|&i| all.descriptors[i]).collect();
    let photo: Vec<i64> = keep.iter().map(|&i| all.photo[i]).collect();
    let result = if descriptors.is_empty() {
        None
    } else {
        Some(cluster(&descriptors, &photo, params)?)
    };
    let (clusters, noise) = result
        .as_ref()
        .map(|c| (c.cluster_count(), c.noise_count()))
        .unwrap_or((0, 0));
    let params_json = serde_json::to_string(params)
        .map_err(|e| crate::Error::Invalid(format!("cluster parameters: {e}")))?;

    let tx = store.connection_mut().transaction()?;
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
    if let Some(c) = &result {
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
        faces: descriptors.len(),
        clusters,
        noise,
        moved_by_photo_rule: result.as_ref().map_or(0, |c| c.moved_by_photo_rule),
        min_group_size: result.as_ref().map_or(0, |c| c.min_group_size),
        guesses,
        seconds: start.elapsed().as_secs_f64(),
    })
}
