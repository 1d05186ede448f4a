//! People: the stored clustering (`library::recluster`), the People overview, the
//! faces of a person or a cluster, and every user edit of the core's people layer.
//! Each edit is one recorded action of the core, so `undo_last` reverses it. The
//! core's result types have no TypeScript description, so the few fields the UI needs
//! are mirrored here.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use kindred::people::{self, FactKind};
use kindred::store::FaceId;

use crate::commands::cluster::ClusterParams;
use crate::blocking::off_thread;
use crate::error::IpcResult;
use crate::state::AppState;

/// What a stored clustering run found.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ClusterRunSummary {
    pub run_id: i64,
    pub faces: u32,
    pub clusters: u32,
    pub noise: u32,
    /// Faces of lower quality took no part; `held_back` of them.
    pub quality_line: f32,
    pub held_back: u32,
    /// Faces analysed by an earlier Kindred (an older descriptor model) took no part:
    /// the next scan describes them again.
    pub older_model_faces: u32,
    /// Faces the run gave to named people automatically.
    pub assigned: u32,
    pub suggested: u32,
}

/// A named person as a card.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PersonCard {
    pub id: i64,
    pub name: String,
    pub confirmed: u32,
    pub assigned: u32,
    pub suggested: u32,
    pub photos: u32,
    /// Confirmed and assigned faces: the size shown on the card.
    pub size: u32,
    /// A few of the person's faces for the card's crops.
    pub sample: Vec<i64>,
}

/// An unnamed cluster of the latest run as a card.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ClusterCard {
    pub label: u32,
    pub size: u32,
    pub sample: Vec<i64>,
}

/// Everything the People view lists.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PeopleList {
    pub people: Vec<PersonCard>,
    pub clusters: Vec<ClusterCard>,
    pub unknown: u32,
    pub strangers: u32,
    pub ignored: u32,
    /// A few faces of the bucket for its card (unknown faces first).
    pub bucket_sample: Vec<i64>,
    pub run_id: Option<i64>,
}

/// One face on a person's or a cluster's page.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FaceItem {
    pub face_id: i64,
    pub photo_id: i64,
    /// "confirmed", "assigned", "suggested", "unknown", "stranger" or "ignored".
    pub status: String,
    pub confidence: Option<f32>,
}

/// Which faces a page shows.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Group {
    Person { name: String },
    Cluster { label: u32 },
}

/// What an edit did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EditResult {
    /// Faces whose facts changed.
    pub changed: u32,
    /// Faces left alone, with the reason.
    pub skipped: Vec<String>,
}

/// A face of the review queue.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReviewFace {
    pub face_id: i64,
    pub photo_id: i64,
    pub distance: f32,
}

/// Faces to mark as outside every group.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum MarkKind {
    Stranger,
    Ignored,
}

fn edit(r: people::ActionResult) -> EditResult {
    EditResult {
        changed: r.changed as u32,
        skipped: r
            .skipped
            .into_iter()
            .map(|(f, why)| format!("face {}: {why}", f.0))
            .collect(),
    }
}

fn ids(faces: &[i64]) -> Vec<FaceId> {
    faces.iter().copied().map(FaceId).collect()
}

/// Clusters the library with `params` and stores the result, so the People view and
/// later edits work on it.
#[tauri::command]
#[specta::specta]
pub async fn recluster(
    state: State<'_, AppState>,
    params: ClusterParams,
) -> IpcResult<ClusterRunSummary> {
    let mut store = state.open_store()?;
    off_thread(move || {
        let run = kindred::library::recluster(&mut store, &(&params).into())?;
        Ok(ClusterRunSummary {
            run_id: run.run_id,
            faces: run.faces as u32,
            clusters: run.clusters as u32,
            noise: run.noise as u32,
            quality_line: run.quality_line,
            held_back: run.held_back as u32,
            older_model_faces: run.older_model_faces as u32,
            assigned: run.guesses.assigned as u32,
            suggested: run.guesses.suggested as u32,
        })
    })
    .await
}

/// Named people, unnamed clusters and the unknown / stranger / ignored counts.
#[tauri::command]
#[specta::specta]
pub async fn list_people(state: State<'_, AppState>) -> IpcResult<PeopleList> {
    let store = state.open_store()?;
    let o = people::list_people(&store)?;
    let mut cards = Vec::with_capacity(o.people.len());
    for p in o.people {
        let sample = people::faces_of_person(&store, &p.name)?
            .iter()
            .filter(|f| f.status != "suggested")
            .take(4)
            .map(|f| f.face_id.0)
            .collect();
        cards.push(PersonCard {
            id: p.id.0,
            size: (p.confirmed + p.assigned) as u32,
            name: p.name,
            confirmed: p.confirmed as u32,
            assigned: p.assigned as u32,
            suggested: p.suggested as u32,
            photos: p.photos as u32,
            sample,
        });
    }
    let mut bucket_sample = Vec::new();
    for b in [people::Bucket::Unknown, people::Bucket::Strangers, people::Bucket::Ignored] {
        if bucket_sample.len() >= 4 {
            break;
        }
        bucket_sample.extend(
            people::faces_in_bucket(&store, b)?
                .iter()
                .take(4 - bucket_sample.len())
                .map(|f| f.face_id.0),
        );
    }
    Ok(PeopleList {
        bucket_sample,
        people: cards,
        clusters: o
            .clusters
            .into_iter()
            .map(|c| ClusterCard {
                label: c.label,
                size: c.size as u32,
                sample: c.sample.iter().map(|f| f.0).collect(),
            })
            .collect(),
        unknown: o.unknown as u32,
        strangers: o.strangers as u32,
        ignored: o.ignored as u32,
        run_id: o.run_id,
    })
}

/// The faces of one person (confirmed, assigned, then suggested) or one cluster.
#[tauri::command]
#[specta::specta]
pub async fn group_faces(state: State<'_, AppState>, group: Group) -> IpcResult<Vec<FaceItem>> {
    let store = state.open_store()?;
    let faces = match &group {
        Group::Person { name } => people::faces_of_person(&store, name)?,
        Group::Cluster { label } => people::faces_of_cluster(&store, *label)?,
    };
    Ok(faces.into_iter().map(face_item).collect())
}

fn face_item(f: people::FaceEntry) -> FaceItem {
    FaceItem {
        face_id: f.face_id.0,
        photo_id: f.photo_id,
        status: f.status,
        confidence: f.confidence,
    }
}

/// Names the clusters `labels` as `name` (several labels merge them into one person).
#[tauri::command]
#[specta::specta]
pub async fn name_clusters(
    state: State<'_, AppState>,
    labels: Vec<u32>,
    name: String,
) -> IpcResult<EditResult> {
    Ok(edit(people::name_clusters(
        &mut state.open_store()?,
        &labels,
        &name,
    )?))
}

#[tauri::command]
#[specta::specta]
pub async fn rename_person(state: State<'_, AppState>, old: String, name: String) -> IpcResult<()> {
    people::rename_person(&mut state.open_store()?, &old, &name)?;
    Ok(())
}

/// Merges unnamed clusters `labels` and the people `people` into one person `into`
/// (created if new), as one edit that one undo reverses.
#[tauri::command]
#[specta::specta]
pub async fn merge_groups(
    state: State<'_, AppState>,
    into: String,
    labels: Vec<u32>,
    people: Vec<String>,
) -> IpcResult<EditResult> {
    let people: Vec<&str> = people.iter().map(String::as_str).collect();
    Ok(edit(people::merge_groups(
        &mut state.open_store()?,
        &into,
        &labels,
        &people,
    )?))
}

/// Which faces outside every group to list.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    Unknown,
    Strangers,
    Ignored,
}

/// The faces of a bucket: unknown (no group; suggested ones first), strangers or
/// ignored.
#[tauri::command]
#[specta::specta]
pub async fn bucket_faces(state: State<'_, AppState>, bucket: Bucket) -> IpcResult<Vec<FaceItem>> {
    let bucket = match bucket {
        Bucket::Unknown => people::Bucket::Unknown,
        Bucket::Strangers => people::Bucket::Strangers,
        Bucket::Ignored => people::Bucket::Ignored,
    };
    Ok(people::faces_in_bucket(&state.open_store()?, bucket)?
        .into_iter()
        .map(face_item)
        .collect())
}

/// Withdraws every decision about `faces` (a stranger who is not one after all).
#[tauri::command]
#[specta::specta]
pub async fn forget_faces(state: State<'_, AppState>, faces: Vec<i64>) -> IpcResult<EditResult> {
    Ok(edit(people::forget_faces(
        &mut state.open_store()?,
        &ids(&faces),
    )?))
}

/// One edit of the history.
#[derive(Debug, Clone, Serialize, Type)]
pub struct HistoryItem {
    pub id: i64,
    pub summary: String,
    /// Unix seconds.
    pub at: i64,
    pub undone: bool,
}

/// The latest edits, newest first, from this session and earlier ones: the edit at the
/// top that is not undone is what `undo_last` reverses.
#[tauri::command]
#[specta::specta]
pub async fn edit_history(state: State<'_, AppState>, limit: u32) -> IpcResult<Vec<HistoryItem>> {
    Ok(people::history::history(&state.open_store()?, limit as usize)?
        .into_iter()
        .map(|a| HistoryItem {
            id: a.id,
            summary: a.summary,
            at: a.at,
            undone: a.undone,
        })
        .collect())
}

/// Merges the people `from` into `into`.
#[tauri::command]
#[specta::specta]
pub async fn merge_people(
    state: State<'_, AppState>,
    into: String,
    from: Vec<String>,
) -> IpcResult<EditResult> {
    let from: Vec<&str> = from.iter().map(String::as_str).collect();
    Ok(edit(people::merge_people(
        &mut state.open_store()?,
        &into,
        &from,
    )?))
}

/// Moves `faces` to the person `name` (created if new).
#[tauri::command]
#[specta::specta]
pub async fn move_faces(
    state: State<'_, AppState>,
    faces: Vec<i64>,
    name: String,
) -> IpcResult<EditResult> {
    Ok(edit(people::move_faces(
        &mut state.open_store()?,
        &ids(&faces),
        &name,
    )?))
}

/// "Not this person": `faces` are not `name`, and no re-cluster gives them back.
#[tauri::command]
#[specta::specta]
pub async fn reject_faces(
    state: State<'_, AppState>,
    faces: Vec<i64>,
    name: String,
) -> IpcResult<EditResult> {
    Ok(edit(people::reject_faces(
        &mut state.open_store()?,
        &ids(&faces),
        &name,
    )?))
}

/// Marks `faces` as strangers or as not worth a name.
#[tauri::command]
#[specta::specta]
pub async fn mark_faces(
    state: State<'_, AppState>,
    faces: Vec<i64>,
    kind: MarkKind,
) -> IpcResult<EditResult> {
    let kind = match kind {
        MarkKind::Stranger => FactKind::Stranger,
        MarkKind::Ignored => FactKind::Ignored,
    };
    Ok(edit(people::mark_faces(
        &mut state.open_store()?,
        &ids(&faces),
        kind,
    )?))
}

/// Makes `faces` a new person (`name`, or "Person N").
#[tauri::command]
#[specta::specta]
pub async fn split_faces(
    state: State<'_, AppState>,
    faces: Vec<i64>,
    name: Option<String>,
) -> IpcResult<EditResult> {
    Ok(edit(people::split_faces(
        &mut state.open_store()?,
        &ids(&faces),
        name.as_deref().filter(|n| !n.trim().is_empty()),
    )?))
}

/// Accepts the suggestions on `faces` ("yes, this is them").
#[tauri::command]
#[specta::specta]
pub async fn accept_suggestions(
    state: State<'_, AppState>,
    faces: Vec<i64>,
) -> IpcResult<EditResult> {
    Ok(edit(people::accept_suggestions(
        &mut state.open_store()?,
        &ids(&faces),
    )?))
}

/// Rejects the suggestions on `faces`; a rejected suggestion never comes back.
#[tauri::command]
#[specta::specta]
pub async fn reject_suggestions(
    state: State<'_, AppState>,
    faces: Vec<i64>,
) -> IpcResult<EditResult> {
    Ok(edit(people::reject_suggestions(
        &mut state.open_store()?,
        &ids(&faces),
    )?))
}

/// Unknown faces most like `name`, nearest first.
#[tauri::command]
#[specta::specta]
pub async fn review_queue(
    state: State<'_, AppState>,
    name: String,
    limit: u32,
) -> IpcResult<Vec<ReviewFace>> {
    let items = people::review_queue(&state.open_store()?, &name, limit as usize)?;
    Ok(items
        .into_iter()
        .map(|r| ReviewFace {
            face_id: r.face_id.0,
            photo_id: r.photo_id,
            distance: r.distance,
        })
        .collect())
}

/// Reverses the latest edit; returns its summary (None when there is nothing to undo).
#[tauri::command]
#[specta::specta]
pub async fn undo_last(state: State<'_, AppState>) -> IpcResult<Option<String>> {
    match people::undo(&mut state.open_store()?) {
        Ok(r) => Ok(Some(r.action.summary)),
        Err(kindred::Error::Invalid(m)) if m.contains("nothing to undo") => Ok(None),
        Err(e) => Err(e.into()),
    }
}
