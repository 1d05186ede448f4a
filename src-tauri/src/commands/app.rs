//! Facts about this installation the UI shows on the first-run screen.

use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Where the app keeps its data and whether the face models are in place.
#[derive(Debug, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub database: String,
    pub models_dir: String,
    /// Model files missing from `models_dir` or damaged, each with the reason, e.g.
    /// `pnet.onnx (missing)` (empty when all are there and intact).
    pub missing_models: Vec<String>,
    /// Folder given by `$KINDRED_E2E_FOLDER`, so the end-to-end test can scan
    /// without the native dialog (None in normal use).
    pub preset_folder: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    let dir = kindred::runtime::models_dir();
    let missing_models = crate::model_check::problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.database.display().to_string(),
        models_dir: dir.display().to_string(),
        missing_models,
        preset_folder: std::env::var("KINDRED_E2E_FOLDER")
            .ok()
            .filter(|s| !s.is_empty()),
    })
}

/// Asks the running scan to stop at its next check; returns whether one was running.
#[tauri::command]
#[specta::specta]
pub fn cancel_job(state: State<'_, AppState>) -> bool {
    state.job.cancel()
}
