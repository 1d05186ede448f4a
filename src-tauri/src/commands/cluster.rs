//! Trying out the core's clustering (average linkage, graph, DBSCAN, k-means with its
//! elbow plot) in
//! the Clustering panel: nothing is stored here; `recluster` (people.rs) stores the
//! chosen one for the People view.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use kindred::cluster::{DbscanParams, GraphParams, KMeansParams, LinkageParams, Params};
use kindred::face_quality::QUALITY_LINE;
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
    /// Average linkage (the default); `cutoff` is its group cutoff.
    Linkage { cutoff: f32 },
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
            ClusterParams::Linkage { cutoff } => Params::Linkage(LinkageParams {
                group_cutoff: cutoff,
                ..LinkageParams::default()
            }),
        }
    }
}

/// Groups largest first; `unknown` holds the faces in no group (strangers, people
/// seen too rarely to form one, and faces below the quality line).
#[derive(Debug, Clone, Serialize, Type)]
pub struct Clusters {
    pub groups: Vec<Vec<FaceSummary>>,
    pub unknown: Vec<FaceSummary>,
    /// Faces of lower quality take no part in grouping.
    pub quality_line: f32,
    /// How many faces the quality line held back (they are among `unknown`).
    pub held_back: u32,
    /// Faces analysed by an earlier Kindred (an older descriptor model) take no part
    /// (they are among `unknown`): the next scan describes them again.
    pub older_model_faces: u32,
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


/// Clusters every face of the library with `params` (faces below the quality line stay
/// unknown, as in a stored clustering); nothing is stored.
#[tauri::command]
#[specta::specta]
pub async fn cluster_faces(
    state: State<'_, AppState>,
    params: ClusterParams,
) -> IpcResult<Clusters> {
    let (faces, _, _) = load(&state)?;
    let store = state.open_store()?;
    off_thread(move || {
        let all = kindred::library::load_faces(&store)?;
        let g = kindred::library::group_library(&all, &(&params).into(), QUALITY_LINE, |_| true)?;
        let label_of: std::collections::HashMap<i64, Option<u32>> =
            all.ids.iter().zip(&g.labels).map(|(id, l)| (id.0, *l)).collect();
        let mut by_label: std::collections::BTreeMap<u32, Vec<FaceSummary>> = Default::default();
        let mut unknown = Vec::new();
        for face in &faces {
            match label_of.get(&face.id.0).copied().flatten() {
                Some(l) => by_label.entry(l).or_default().push(summary_of(face)),
                None => unknown.push(summary_of(face)),
            }
        }
        let mut groups: Vec<Vec<FaceSummary>> = by_label.into_values().collect();
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        Ok(Clusters {
            groups,
            unknown,
            quality_line: QUALITY_LINE,
            held_back: g.held_back as u32,
            older_model_faces: store.older_model_faces()? as u32,
        })
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
