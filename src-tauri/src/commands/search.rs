//! Finding photos by the people in them (the core's `search::search_people`), and
//! faces like an example face or photo (`search::rank_like`, `search::search_like`).

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::blocking::off_thread;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// People that must all be in the photo, people that must not, and with `only` no
/// other known person; dates are `YYYY[-MM[-DD]]`, both inclusive.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
pub struct PhotoQuery {
    pub people: Vec<String>,
    pub without: Vec<String>,
    pub only: bool,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A photo found; its image is `kindred://localhost/photo/<photo_id>`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PhotoMatch {
    pub photo_id: i64,
    pub path: Option<String>,
    pub taken_at: Option<String>,
    pub people: Vec<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn search_photos(
    state: State<'_, AppState>,
    query: PhotoQuery,
) -> IpcResult<Vec<PhotoMatch>> {
    let blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let q = kindred::search::PeopleQuery {
        people: query.people,
        without: query.without,
        only: query.only,
        from: blank(query.from),
        to: blank(query.to),
    };
    let hits = kindred::search::search_people(&state.open_store()?, &q)?;
    Ok(hits
        .into_iter()
        .map(|h| PhotoMatch {
            photo_id: h.photo_id,
            path: h.path,
            taken_at: h.taken_at,
            people: h.people,
        })
        .collect())
}

/// A stored face like the example.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LikeMatch {
    /// Which face of the example photo it is like (detection order; 0 for a face).
    pub query_face: u32,
    pub face_id: i64,
    pub photo_id: i64,
    pub distance: f32,
    pub person: Option<String>,
    pub path: Option<String>,
}

fn like_matches(hits: Vec<kindred::search::LikeHit>, skip: Option<i64>) -> Vec<LikeMatch> {
    hits.into_iter()
        .filter(|h| Some(h.face_id.0) != skip)
        .map(|h| LikeMatch {
            query_face: h.query_face as u32,
            face_id: h.face_id.0,
            photo_id: h.photo_id,
            distance: h.distance,
            person: h.person,
            path: h.path,
        })
        .collect()
}

/// The `limit` stored faces most like face `face_id` (itself left out), nearest first.
#[tauri::command]
#[specta::specta]
pub async fn search_like_face(app: AppHandle, face_id: i64, limit: u32) -> IpcResult<Vec<LikeMatch>> {
    off_thread(move || {
        let store = app.state::<AppState>().open_store()?;
        let index = kindred::search::DescriptorIndex::load(&store)?;
        let query = store.face_descriptor(kindred::store::FaceId(face_id))?;
        let hits = kindred::search::rank_like(&store, &index, &[query], limit as usize + 1)?;
        let mut out = like_matches(hits, Some(face_id));
        out.truncate(limit as usize);
        Ok(out)
    })
    .await
}

/// Opens the native dialog for an example photo (from anywhere: it need not be in the
/// library) and returns, for each of its faces, the `limit` most alike stored faces.
/// None when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn search_like_file(app: AppHandle, limit: u32) -> IpcResult<Option<Vec<LikeMatch>>> {
    off_thread(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title("A photo of the person to look for")
            .add_filter("Photos", &["jpg", "jpeg", "png", "webp", "gif", "tif", "tiff", "bmp", "heic", "heif"])
            .blocking_pick_file()
        else {
            return Ok(None);
        };
        let path = picked.into_path().map_err(|e| IpcError::new("io", e.to_string()))?;
        let state = app.state::<AppState>();
        let store = state.open_store()?;
        let index = kindred::search::DescriptorIndex::load(&store)?;
        let hits = state.with_pipeline(|p| kindred::search::search_like(&store, &index, p, &path, limit as usize))?;
        Ok(Some(like_matches(hits, None)))
    })
    .await
}
