//! Where the app keeps its database: `$KINDRED_DB` when set (tests use a temporary
//! file), otherwise `kindred.sqlite3` in the platform's app-data folder.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::error::{IpcError, IpcResult};

/// File name of the library database inside the app-data folder.
pub const DB_FILE: &str = "kindred.sqlite3";

/// The database path for this run, creating its folder if needed.
pub fn database_path<R: Runtime>(app: &AppHandle<R>) -> IpcResult<PathBuf> {
    if let Some(p) = std::env::var_os("KINDRED_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| IpcError::new("io", format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir.join(DB_FILE))
}
