//! What the library holds: counts and the files a scan could not read.

use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Row counts of the library.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LibraryCounts {
    pub photos: u64,
    pub files: u64,
    pub files_done: u64,
    pub files_skipped: u64,
    pub files_missing: u64,
    pub faces: u64,
}

/// A file the scan could not analyse.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SkippedFile {
    pub path: String,
    pub code: String,
    pub reason: String,
}

#[tauri::command]
#[specta::specta]
pub async fn library_counts(state: State<'_, AppState>) -> IpcResult<LibraryCounts> {
    let c = state.open_store()?.counts()?;
    Ok(LibraryCounts {
        photos: c.photos,
        files: c.files,
        files_done: c.files_done,
        files_skipped: c.files_skipped,
        files_missing: c.files_missing,
        faces: c.faces,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn skipped_files(state: State<'_, AppState>) -> IpcResult<Vec<SkippedFile>> {
    let skipped = state.open_store()?.skipped()?;
    Ok(skipped
        .into_iter()
        .map(|s| SkippedFile {
            path: s.path,
            code: s.code,
            reason: s.reason,
        })
        .collect())
}
