//! Faces and photos for the browsing views.

use kindred::store::{FileStatus, PhotoId};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// A face box in photo pixels (upright photo).
#[derive(Debug, Clone, Copy, Serialize, Type)]
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
}

/// A scanned photo with its faces; the image is `kindred://localhost/photo/<id>`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PhotoDetail {
    pub id: i64,
    pub path: String,
    pub faces: Vec<FaceSummary>,
}

fn summary(f: &kindred::store::StoredFace) -> FaceSummary {
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
    }
}

/// Every stored face of the photos present in the library, photo by photo in scan
/// order. The core has no "all faces" query yet (`Store::faces()` would replace this
/// loop over `files()` and `faces_of_photo()`).
pub fn all_faces(
    store: &kindred::store::Store,
) -> kindred::Result<Vec<kindred::store::StoredFace>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in store.files()? {
        if let (FileStatus::Done, Some(p)) = (f.status, f.photo_id) {
            if seen.insert(p) {
                out.extend(store.faces_of_photo(p)?);
            }
        }
    }
    Ok(out)
}

pub(crate) fn summary_of(f: &kindred::store::StoredFace) -> FaceSummary {
    summary(f)
}

/// Every face of the library, photo by photo in scan order.
#[tauri::command]
#[specta::specta]
pub async fn list_faces(state: State<'_, AppState>) -> IpcResult<Vec<FaceSummary>> {
    Ok(all_faces(&state.open_store()?)?
        .iter()
        .map(summary)
        .collect())
}

/// One photo with its faces.
#[tauri::command]
#[specta::specta]
pub async fn photo_detail(state: State<'_, AppState>, photo_id: i64) -> IpcResult<PhotoDetail> {
    let store = state.open_store()?;
    let path = store
        .files()?
        .into_iter()
        .find(|f| f.photo_id == Some(PhotoId(photo_id)) && f.status == FileStatus::Done)
        .map(|f| f.display_path)
        .ok_or_else(|| kindred::Error::Invalid(format!("no scanned photo {photo_id}")))?;
    let faces = store
        .faces_of_photo(PhotoId(photo_id))?
        .iter()
        .map(summary)
        .collect();
    Ok(PhotoDetail {
        id: photo_id,
        path,
        faces,
    })
}
