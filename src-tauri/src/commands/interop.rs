//! Face names shared with other photo apps (digiKam, Lightroom, ...) as Metadata
//! Working Group face regions in XMP sidecars. Opt-in: nothing is written until the
//! user asks, and the photos themselves are never touched.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};

use crate::blocking::off_thread;
use crate::error::IpcResult;
use crate::state::AppState;

/// What writing the sidecars did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct XmpExport {
    pub regions: u32,
    pub sidecars: u32,
    /// Files whose sidecar could not be written: "path: reason".
    pub refused: Vec<String>,
}

/// What reading the regions did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct XmpImport {
    pub files_with_regions: u32,
    pub named_regions: u32,
    pub confirmed: u32,
    pub unmatched: u32,
}

/// Writes every confirmed name as a face region to `<photo>.xmp` beside the photo.
#[tauri::command]
#[specta::specta]
pub async fn export_xmp_sidecars(app: AppHandle) -> IpcResult<XmpExport> {
    off_thread(move || {
        let s = kindred::insight::xmp_sync::export_regions(&app.state::<AppState>().open_store()?)?;
        Ok(XmpExport {
            regions: s.regions as u32,
            sidecars: s.sidecars_written.len() as u32,
            refused: s.refused.into_iter().map(|(f, why)| format!("{f}: {why}")).collect(),
        })
    })
    .await
}

/// Reads named face regions from sidecars and from XMP inside JPEGs as confirmed names
/// (one undoable edit per name).
#[tauri::command]
#[specta::specta]
pub async fn import_xmp_regions(app: AppHandle) -> IpcResult<XmpImport> {
    off_thread(move || {
        let s = kindred::insight::xmp_sync::import_regions(&mut app.state::<AppState>().open_store()?)?;
        Ok(XmpImport {
            files_with_regions: s.files_with_regions as u32,
            named_regions: s.named_regions as u32,
            confirmed: s.confirmed as u32,
            unmatched: s.unmatched as u32,
        })
    })
    .await
}
