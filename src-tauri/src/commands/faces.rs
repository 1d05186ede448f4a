//! Faces and photos for the browsing views, and faces the user draws by hand.

use kindred::store::PhotoId;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State};

use crate::blocking::off_thread;
use crate::error::IpcResult;
use crate::state::AppState;

/// A face box in photo pixels (upright photo).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, Type)]
pub struct FaceBox {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

/// One stored face; its crop is `kindred://localhost/crop/<id>`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FaceSummary {
    pub id: i64,
    pub photo_id: i64,
    pub bbox: FaceBox,
    pub score: f32,
    /// Drawn by the user rather than found by the detector.
    pub manual: bool,
}

/// A face of a photo with who it is as far as anyone knows.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PhotoFace {
    pub face: FaceSummary,
    /// The person of a confirmed, assigned or suggested face.
    pub person: Option<String>,
    /// "confirmed", "assigned", "suggested", "stranger", "ignored" or "unknown".
    pub status: String,
}

/// A scanned photo with its faces; the image is `kindred://localhost/photo/<id>`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PhotoDetail {
    pub id: i64,
    pub path: String,
    pub faces: Vec<PhotoFace>,
}

pub(crate) fn summary_of(f: &kindred::store::StoredFace) -> FaceSummary {
    let b = f.face.bbox;
    FaceSummary {
        id: f.id.0,
        photo_id: f.photo_id.0,
        bbox: FaceBox {
            left: b.left,
            top: b.top,
            right: b.right,
            bottom: b.bottom,
        },
        score: f.face.score,
        manual: f.manual,
    }
}

/// Every face of the library, photo by photo in scan order.
#[tauri::command]
#[specta::specta]
pub async fn list_faces(state: State<'_, AppState>) -> IpcResult<Vec<FaceSummary>> {
    Ok(state
        .open_store()?
        .faces_of_present_photos()?
        .iter()
        .map(summary_of)
        .collect())
}

/// A scanned photo in which no face was found.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FacelessPhoto {
    pub photo_id: i64,
    pub path: String,
}

/// Photos with no face: where to look for faces the detector missed.
#[tauri::command]
#[specta::specta]
pub async fn photos_without_faces(state: State<'_, AppState>) -> IpcResult<Vec<FacelessPhoto>> {
    Ok(state
        .open_store()?
        .photos_without_faces()?
        .into_iter()
        .map(|(p, path)| FacelessPhoto { photo_id: p.0, path })
        .collect())
}

fn detail(store: &kindred::store::Store, photo_id: i64) -> IpcResult<PhotoDetail> {
    let path = store
        .photo_file(PhotoId(photo_id))?
        .map(|f| f.display_path)
        .ok_or_else(|| kindred::Error::Invalid(format!("no scanned photo {photo_id}")))?;
    let who = kindred::people::identities_in_photo(store, photo_id)?;
    let faces = store
        .faces_of_photo(PhotoId(photo_id))?
        .iter()
        .map(|f| {
            let id = who.iter().find(|w| w.face_id == f.id);
            PhotoFace {
                face: summary_of(f),
                person: id.and_then(|w| w.person.clone()),
                status: id.map_or_else(|| "unknown".to_owned(), |w| w.status.clone()),
            }
        })
        .collect();
    Ok(PhotoDetail {
        id: photo_id,
        path,
        faces,
    })
}

/// One photo with its faces and who they are.
#[tauri::command]
#[specta::specta]
pub async fn photo_detail(state: State<'_, AppState>, photo_id: i64) -> IpcResult<PhotoDetail> {
    detail(&state.open_store()?, photo_id)
}

/// Adds a face the detector missed: `bbox` is the box the user drew, in pixels of
/// the upright photo; confirmed as `name` when one is given. Undoable like any edit.
/// Returns the photo as it is now.
#[tauri::command]
#[specta::specta]
pub async fn draw_face(
    app: AppHandle,
    photo_id: i64,
    bbox: FaceBox,
    name: Option<String>,
) -> IpcResult<PhotoDetail> {
    off_thread(move || {
        let state = app.state::<AppState>();
        let mut store = state.open_store()?;
        let rect = kindred::geometry::Rect::new(bbox.left, bbox.top, bbox.right, bbox.bottom);
        let name = name.filter(|n| !n.trim().is_empty());
        state.with_pipeline(|p| {
            kindred::library::manual::draw_face(&mut store, p, PhotoId(photo_id), rect, name.as_deref())
        })?;
        detail(&store, photo_id)
    })
    .await
}
