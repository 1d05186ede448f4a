//! The Insight screen: how well faces match at each cutoff (calibration), missed
//! matches and groups that may be two people (the face graph), compare two faces, and
//! the verification report with its wrong pairs. Labelled faces come from the user's
//! confirmed people or from a labels CSV the user picks in a native dialog opened here,
//! so the webview never hands the shell a path to read or write.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use kindred::insight::calibrate::{run_calibration, ConfidenceSource};
use kindred::insight::face_graph::GroupKey;
use kindred::insight::labels::{library_confidence, LabelSource, LabelledSet};
use kindred::store::FaceId;

use crate::blocking::off_thread;
use crate::commands::people::Group;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Which labelled faces to use.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Labels {
    /// The faces the user confirmed as people.
    People,
    /// The labels CSV chosen with `choose_labels_file`.
    Csv,
}

fn source(state: &AppState, labels: Labels) -> IpcResult<LabelSource> {
    match labels {
        Labels::People => Ok(LabelSource::People),
        Labels::Csv => {
            let chosen = state.labels_file.lock().map_err(|_| IpcError::new("internal", "labels lock poisoned"))?;
            chosen
                .clone()
                .map(LabelSource::Csv)
                .ok_or_else(|| IpcError::new("invalid", "choose a labels file (file,identity) first"))
        }
    }
}

/// Labelled faces of `labels`, refusing a set too small to say anything.
fn labelled(app: &AppHandle, labels: Labels) -> IpcResult<(LabelSource, LabelledSet)> {
    let state = app.state::<AppState>();
    let src = source(&state, labels)?;
    let set = src.load(&state.open_store()?)?;
    if set.faces.len() < 2 {
        let hint = match src {
            LabelSource::People => "name at least two faces (better: two people) in People first",
            LabelSource::Csv(_) => "no row of the labels file matched a scanned photo with a face",
        };
        return Err(IpcError::new("invalid", format!("not enough labelled faces: {hint}")));
    }
    Ok((src, set))
}

fn source_name(s: ConfidenceSource) -> String {
    match s {
        ConfidenceSource::Fitted => "fitted".into(),
        ConfidenceSource::LfwDefault => "lfw-default".into(),
    }
}

/// Opens the native file dialog for a labels CSV; returns its file name (None when
/// the user cancelled). Later `Labels::Csv` requests read that file.
#[tauri::command]
#[specta::specta]
pub async fn choose_labels_file(app: AppHandle) -> IpcResult<Option<String>> {
    off_thread(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title("Labels: a CSV with the columns file,identity")
            .add_filter("CSV", &["csv"])
            .blocking_pick_file()
        else {
            return Ok(None);
        };
        let path: PathBuf = picked.into_path().map_err(|e| IpcError::new("io", e.to_string()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let state = app.state::<AppState>();
        *state.labels_file.lock().map_err(|_| IpcError::new("internal", "labels lock poisoned"))? = Some(path);
        Ok(name)
    })
    .await
}

/// One cutoff of the calibration table.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CutoffRow {
    pub cutoff: f32,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub accuracy: Option<f64>,
    pub f1: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct TargetCutoff {
    pub target_precision: f64,
    pub cutoff: f32,
    pub precision: f64,
    pub recall: f64,
}

/// Precision, recall, accuracy and F1 over all labelled pairs at cutoffs 0.30-0.70.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CalibrationView {
    pub source: String,
    pub n_faces: u64,
    pub n_identities: u64,
    pub n_same_pairs: u64,
    pub n_different_pairs: u64,
    pub rows: Vec<CutoffRow>,
    pub auc: Option<f64>,
    pub target: Option<TargetCutoff>,
    pub target_grid_cutoff: Option<f32>,
    /// Distance where the fitted P(same person) is one half.
    pub midpoint: f64,
    /// "fitted" or "lfw-default".
    pub confidence_source: String,
}

#[tauri::command]
#[specta::specta]
pub async fn calibration(app: AppHandle, labels: Labels, target_precision: f64) -> IpcResult<CalibrationView> {
    off_thread(move || {
        let (src, set) = labelled(&app, labels)?;
        let c = run_calibration(&set.faces, target_precision)?;
        Ok(CalibrationView {
            source: src.describe(),
            n_faces: c.n_faces as u64,
            n_identities: c.n_identities as u64,
            n_same_pairs: c.n_same_pairs as u64,
            n_different_pairs: c.n_different_pairs as u64,
            rows: c
                .rows
                .iter()
                .map(|r| CutoffRow {
                    cutoff: r.cutoff,
                    tp: r.counts.tp,
                    fp: r.counts.fp,
                    tn: r.counts.tn,
                    fn_: r.counts.fn_,
                    precision: r.precision,
                    recall: r.recall,
                    accuracy: r.accuracy,
                    f1: r.f1,
                })
                .collect(),
            auc: c.auc,
            target: c.target.map(|t| TargetCutoff {
                target_precision: t.target_precision,
                cutoff: t.cutoff,
                precision: t.precision,
                recall: t.recall,
            }),
            target_grid_cutoff: c.target_grid_cutoff,
            midpoint: c.confidence.midpoint(),
            confidence_source: source_name(c.confidence.source),
        })
    })
    .await
}

fn group_of(k: &GroupKey) -> Group {
    match k {
        GroupKey::Person(name) => Group::Person { name: name.clone() },
        GroupKey::Cluster(label) => Group::Cluster { label: *label },
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct PathStep {
    pub face_id: i64,
    pub link_distance: f32,
}

/// "Is this also Dan?": a face linked to a person only through other faces.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MissedMatchView {
    pub group: Group,
    pub face_id: i64,
    pub photo_id: i64,
    pub current_group: Option<Group>,
    pub hops: u32,
    pub shortest_paths: u64,
    pub bottleneck: f32,
    pub path: Vec<PathStep>,
    pub mean_distance: f32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CutLink {
    pub a: i64,
    pub b: i64,
    pub distance: f32,
}

/// "This group may be two people", with the proposed split.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SplitView {
    pub group: Group,
    pub part_a: Vec<i64>,
    pub part_b: Vec<i64>,
    pub unlinked: Vec<i64>,
    pub cut_links: Vec<CutLink>,
    pub conductance: f64,
    pub score: f64,
    pub mean_distance_a: f32,
    pub mean_distance_b: f32,
    pub mean_distance_between: f32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SuggestionsView {
    pub cutoff: f32,
    pub faces: u64,
    pub links: u64,
    pub missed: Vec<MissedMatchView>,
    pub splits: Vec<SplitView>,
}

/// Missed matches of people and groups that may be two people, in the face graph at
/// `cutoff`; answers the user gave before are left out. Accept a missed match with
/// `move_faces`, reject it with `reject_faces`; accept a split with `split_faces`
/// (part B), reject it with `keep_together`.
#[tauri::command]
#[specta::specta]
pub async fn graph_suggestions(app: AppHandle, cutoff: f32, max_hops: u32, limit: u32) -> IpcResult<SuggestionsView> {
    off_thread(move || {
        let store = app.state::<AppState>().open_store()?;
        let s = kindred::insight::library_graph::library_suggestions(&store, cutoff, max_hops as usize, limit as usize)?;
        Ok(SuggestionsView {
            cutoff: s.cutoff,
            faces: s.faces as u64,
            links: s.links as u64,
            missed: s
                .missed_matches
                .iter()
                .map(|m| MissedMatchView {
                    group: group_of(&m.group),
                    face_id: m.face_id,
                    photo_id: m.photo_id,
                    current_group: m.current_group.as_ref().map(group_of),
                    hops: m.hops as u32,
                    shortest_paths: m.shortest_paths,
                    bottleneck: m.bottleneck,
                    path: m.path.iter().map(|p| PathStep { face_id: p.face_id, link_distance: p.link_distance }).collect(),
                    mean_distance: m.mean_distance,
                })
                .collect(),
            splits: s
                .splits
                .iter()
                .map(|p| SplitView {
                    group: group_of(&p.group),
                    part_a: p.part_a.clone(),
                    part_b: p.part_b.clone(),
                    unlinked: p.unlinked.clone(),
                    cut_links: p.cut_links.iter().map(|&(a, b, distance)| CutLink { a, b, distance }).collect(),
                    conductance: p.conductance,
                    score: p.score,
                    mean_distance_a: p.mean_distance_a,
                    mean_distance_b: p.mean_distance_b,
                    mean_distance_between: p.mean_distance_between,
                })
                .collect(),
        })
    })
    .await
}

/// "These are one person": a proposed split was wrong; it is not proposed again.
#[tauri::command]
#[specta::specta]
pub async fn keep_together(state: State<'_, AppState>, side_a: Vec<i64>, side_b: Vec<i64>) -> IpcResult<()> {
    let ids = |v: &[i64]| v.iter().copied().map(FaceId).collect::<Vec<_>>();
    kindred::people::keep_together(&mut state.open_store()?, &ids(&side_a), &ids(&side_b))?;
    Ok(())
}

/// Two faces compared: distance, the verdict at the cutoff, and how sure.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ComparisonView {
    pub distance: f32,
    pub cutoff: f32,
    pub same: bool,
    pub p_same: f64,
    pub confidence: f64,
    /// "fitted" (on this library's confirmed people) or "lfw-default".
    pub confidence_source: String,
    /// The library faces compared (None for a face of a photo outside the library).
    pub face_a: Option<i64>,
    pub face_b: Option<i64>,
}

fn comparison(c: kindred::insight::compare::Comparison, source: ConfidenceSource, a: Option<i64>, b: Option<i64>) -> ComparisonView {
    ComparisonView {
        distance: c.distance,
        cutoff: c.cutoff,
        same: c.same,
        p_same: c.p_same,
        confidence: c.confidence,
        confidence_source: source_name(source),
        face_a: a,
        face_b: b,
    }
}

/// Compares two faces of the library.
#[tauri::command]
#[specta::specta]
pub async fn compare_faces(app: AppHandle, a: i64, b: i64, cutoff: f32) -> IpcResult<ComparisonView> {
    off_thread(move || {
        let store = app.state::<AppState>().open_store()?;
        let model = library_confidence(&store)?;
        let (da, db) = (store.face_descriptor(FaceId(a))?, store.face_descriptor(FaceId(b))?);
        let c = kindred::insight::compare::compare(&da, &db, cutoff, &model)?;
        Ok(comparison(c, model.source, Some(a), Some(b)))
    })
    .await
}

/// Faces of a photo file: the library's own faces when the file was scanned (so they
/// can be shown), else found by the face pipeline now.
fn faces_of_file(app: &AppHandle, path: &std::path::Path) -> IpcResult<Vec<(Option<i64>, kindred::face::Descriptor)>> {
    let state = app.state::<AppState>();
    let store = state.open_store()?;
    let descriptor = |v: &[f32]| -> Option<kindred::face::Descriptor> { v.try_into().ok() };
    if let Some(photo) = store.file(path)?.filter(|f| f.status == kindred::store::FileStatus::Done).and_then(|f| f.photo_id) {
        // The stored faces come with their descriptors: no second read per face.
        return Ok(store
            .faces_of_photo(photo)?
            .iter()
            .filter(|f| f.model_id == kindred::face::MODEL_ID)
            .filter_map(|f| descriptor(&f.face.descriptor).map(|d| (Some(f.id.0), d)))
            .collect());
    }
    let found = state.with_pipeline(|p| p.analyze_file(path))?;
    Ok(found.faces.iter().filter_map(|f| descriptor(&f.face.descriptor).map(|d| (None, d))).collect())
}

/// Opens the native dialog for two photo files and compares them (the closest pair of
/// faces across the two decides). None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn compare_photo_files(app: AppHandle, cutoff: f32) -> IpcResult<Option<ComparisonView>> {
    off_thread(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title("Choose two photos to compare")
            .add_filter("Photos", &["jpg", "jpeg", "png", "webp", "gif", "tif", "tiff", "bmp", "heic", "heif"])
            .blocking_pick_files()
        else {
            return Ok(None);
        };
        let paths: Vec<PathBuf> = picked.into_iter().filter_map(|p| p.into_path().ok()).collect();
        let [a, b] = paths.as_slice() else {
            return Err(IpcError::new("invalid", format!("choose exactly two photos ({} chosen)", paths.len())));
        };
        let (fa, fb) = (faces_of_file(&app, a)?, faces_of_file(&app, b)?);
        let model = library_confidence(&app.state::<AppState>().open_store()?)?;
        let da: Vec<_> = fa.iter().map(|f| f.1).collect();
        let db: Vec<_> = fb.iter().map(|f| f.1).collect();
        match kindred::insight::compare::compare_photos(&da, &db, cutoff, &model)? {
            None => {
                let which = if da.is_empty() { a } else { b };
                Err(IpcError::new("invalid", format!("no face found in {}", which.display())))
            }
            Some((i, j, c)) => Ok(Some(comparison(c, model.source, fa[i].0, fb[j].0))),
        }
    })
    .await
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct WrongPair {
    pub face_a: i64,
    pub identity_a: String,
    pub face_b: i64,
    pub identity_b: String,
    pub distance: f32,
}

/// Accuracy, precision, recall and F1 over all labelled pairs at one cutoff, with the
/// wrong pairs (worst first).
#[derive(Debug, Clone, Serialize, Type)]
pub struct VerificationView {
    pub source: String,
    pub cutoff: f32,
    pub n_faces: u64,
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub accuracy: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub false_positives: Vec<WrongPair>,
    pub false_negatives: Vec<WrongPair>,
}

fn wrong(v: &[kindred::insight::verify_report::WrongPair]) -> Vec<WrongPair> {
    v.iter()
        .map(|p| WrongPair {
            face_a: p.face_a,
            identity_a: p.identity_a.clone(),
            face_b: p.face_b,
            identity_b: p.identity_b.clone(),
            distance: p.distance,
        })
        .collect()
}

#[tauri::command]
#[specta::specta]
pub async fn verification(app: AppHandle, labels: Labels, cutoff: f32, max_pairs: u32) -> IpcResult<VerificationView> {
    off_thread(move || {
        let (src, set) = labelled(&app, labels)?;
        let r = kindred::insight::verify_report::run_verification(&set.faces, cutoff, max_pairs as usize)?;
        Ok(VerificationView {
            source: src.describe(),
            cutoff: r.cutoff,
            n_faces: r.n_faces as u64,
            tp: r.counts.tp,
            fp: r.counts.fp,
            tn: r.counts.tn,
            fn_: r.counts.fn_,
            accuracy: r.accuracy,
            precision: r.precision,
            recall: r.recall,
            f1: r.f1,
            false_positives: wrong(&r.false_positives),
            false_negatives: wrong(&r.false_negatives),
        })
    })
    .await
}

/// Writes the verification report as a standalone HTML page (face pictures embedded)
/// where the user says in the native save dialog; returns the path written (None when
/// the user cancelled).
#[tauri::command]
#[specta::specta]
pub async fn save_verification_report(app: AppHandle, labels: Labels, cutoff: f32, max_pairs: u32) -> IpcResult<Option<String>> {
    off_thread(move || {
        let (_, set) = labelled(&app, labels)?;
        let r = kindred::insight::verify_report::run_verification(&set.faces, cutoff, max_pairs as usize)?;
        let Some(picked) = app
            .dialog()
            .file()
            .set_title("Save the verification report")
            .set_file_name("kindred-verification.html")
            .add_filter("HTML", &["html"])
            .blocking_save_file()
        else {
            return Ok(None);
        };
        let path = picked.into_path().map_err(|e| IpcError::new("io", e.to_string()))?;
        let store = app.state::<AppState>().open_store()?;
        let page = kindred::insight::verify_report::render_html(&r, &|id| store.face_crop(FaceId(id)).ok().flatten());
        std::fs::write(&path, page).map_err(|e| IpcError::new("io", format!("{}: {e}", path.display())))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
