//! Trying out the core's clustering (k-means with its elbow plot, DBSCAN, graph) in
//! the Clustering panel: nothing is stored here; `recluster` (people.rs) stores the
//! chosen one for the People view.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use kindred::cluster::{DbscanParams, GraphParams, KMeansParams, Params};
use kindred::face::{Descriptor, DESCRIPTOR_LEN};

use crate::commands::faces::{summary_of, FaceSummary};
use crate::blocking::off_thread;
use crate::error::IpcResult;
use crate::state::AppState;

/// Method and its main parameter (the rest keep the core's measured defaults).
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum ClusterParams {
    Kmeans { k: u32 },
    Dbscan { eps: f32, min_samples: u32 },
    Graph { cutoff: f32 },
}

impl From<&ClusterParams> for Params {
    fn from(p: &ClusterParams) -> Params {
        match *p {
            ClusterParams::Kmeans { k } => Params::KMeans(KMeansParams::new(k as usize)),
            ClusterParams::Dbscan { eps, min_samples } => Params::Dbscan(DbscanParams {
                eps,
                min_samples: min_samples as usize,
                ..DbscanParams::default()
            }),
            ClusterParams::Graph { cutoff } => Params::Graph(GraphParams {
                cutoff,
                ..GraphParams::default()
            }),
        }
    }
}

/// Groups largest first; `unknown` holds the faces in no group (strangers, or people
/// seen too rarely to form one).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Clusters {
    pub groups: Vec<Vec<FaceSummary>>,
    pub unknown: Vec<FaceSummary>,
}

/// One point of the elbow plot.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ElbowCost {
    pub k: u32,
    pub cost: f32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ElbowPlot {
    pub points: Vec<ElbowCost>,
    pub knee: Option<u32>,
}

fn descriptor(v: &[f32]) -> Option<Descriptor> {
    (v.len() == DESCRIPTOR_LEN).then(|| std::array::from_fn(|i| v[i]))
}

/// The library's faces with a descriptor of the current model.
fn load(
    state: &AppState,
) -> IpcResult<(Vec<kindred::store::StoredFace>, Vec<Descriptor>, Vec<i64>)> {
    let faces: Vec<_> = state
        .open_store()?
        .faces_of_present_photos()?
        .into_iter()
        .filter(|f| {
            f.model_id == kindred::face::MODEL_ID && descriptor(&f.face.descriptor).is_some()
        })
        .collect();
    let descriptors = faces
        .iter()
        .filter_map(|f| descriptor(&f.face.descriptor))
        .collect();
    let photos = faces.iter().map(|f| f.photo_id.0).collect();
    Ok((faces, descriptors, photos))
}


/// Clusters every face of the library with `params`.
#[tauri::command]
#[specta::specta]
pub async fn cluster_faces(
    state: State<'_, AppState>,
    params: ClusterParams,
) -> IpcResult<Clusters> {
    let (faces, descriptors, photos) = load(&state)?;
    off_thread(move || {
        if faces.is_empty() {
            return Ok(Clusters {
                groups: Vec::new(),
                unknown: Vec::new(),
            });
        }
        let c = kindred::cluster::cluster(&descriptors, &photos, &(&params).into())?;
        let mut groups: Vec<Vec<FaceSummary>> = vec![Vec::new(); c.cluster_count()];
        let mut unknown = Vec::new();
        for (face, label) in faces.iter().zip(&c.labels) {
            match label {
                Some(g) if (*g as usize) < groups.len() => {
                    groups[*g as usize].push(summary_of(face))
                }
                _ => unknown.push(summary_of(face)),
            }
        }
        groups.retain(|g| !g.is_empty());
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        Ok(Clusters { groups, unknown })
    })
    .await
}

/// k-means cost for every k in `kmin..=kmax` and the knee the core suggests.
#[tauri::command]
#[specta::specta]
pub async fn elbow_plot(state: State<'_, AppState>, kmin: u32, kmax: u32) -> IpcResult<ElbowPlot> {
    let (_, descriptors, _) = load(&state)?;
    off_thread(move || {
        let kmax = (kmax as usize).min(descriptors.len());
        let e = kindred::cluster::elbow::elbow(&descriptors, kmin as usize, kmax, 3, 7)?;
        Ok(ElbowPlot {
            points: e
                .points
                .iter()
                .map(|p| ElbowCost {
                    k: p.k as u32,
                    cost: p.inertia,
                })
                .collect(),
            knee: e.knee.map(|k| k as u32),
        })
    })
    .await
}
