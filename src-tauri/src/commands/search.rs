//! Finding photos by the people in them (the core's `search::search_people`).

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
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
