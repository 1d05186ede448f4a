//! Scanning photo folders into the library: the core's `scan_folders` on a worker
//! thread, its progress streamed through a `Channel`, stopped by `cancel_job`.

use std::path::PathBuf;

use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// One progress report of a running scan.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ScanProgress {
    pub done: u64,
    pub total: u64,
    pub faces: u64,
    /// Files per second.
    pub rate: f64,
    pub eta_seconds: Option<f64>,
    pub current: Option<String>,
}

impl From<&kindred::scan::Progress> for ScanProgress {
    fn from(p: &kindred::scan::Progress) -> Self {
        ScanProgress {
            done: p.done,
            total: p.total,
            faces: p.faces,
            rate: p.rate,
            eta_seconds: p.eta.map(|d| d.as_secs_f64()),
            current: p.current.as_ref().map(|c| c.display().to_string()),
        }
    }
}

/// What a finished (or cancelled) scan did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ScanReport {
    pub files_found: u64,
    pub unchanged: u64,
    pub photos_analyzed: u64,
    pub same_content: u64,
    pub skipped: u64,
    pub faces: u64,
    pub missing: u64,
    pub cancelled: bool,
    pub walk_problems: Vec<String>,
    /// Faces of an older descriptor model described again with the current one.
    pub redescribed: u64,
    /// Faces of an older descriptor model left as they were (their photo could not be
    /// read again); the next scan tries again.
    pub redescribe_left: u64,
}

impl From<kindred::scan::ScanSummary> for ScanReport {
    fn from(s: kindred::scan::ScanSummary) -> Self {
        ScanReport {
            files_found: s.files_found,
            unchanged: s.unchanged,
            photos_analyzed: s.photos_analyzed,
            same_content: s.same_content,
            skipped: s.skipped,
            faces: s.faces,
            missing: s.missing,
            cancelled: s.cancelled,
            walk_problems: s.walk_problems,
            redescribed: s.redescribed.faces,
            redescribe_left: s.redescribed.left,
        }
    }
}

/// Scans `folders` (new and changed files only); one scan at a time.
#[tauri::command]
#[specta::specta]
pub async fn scan_folders(
    state: State<'_, AppState>,
    folders: Vec<String>,
    on_progress: Channel<ScanProgress>,
) -> IpcResult<ScanReport> {
    let job = state.job.start()?;
    let database = state.database.clone();
    let roots: Vec<PathBuf> = folders.into_iter().map(PathBuf::from).collect();
    // The scan is CPU-bound for minutes: keep it off the async runtime.
    tauri::async_runtime::spawn_blocking(move || -> IpcResult<ScanReport> {
        let mut store = kindred::store::Store::open(&database)?;
        let factory = crate::analyzer::pipeline_factory(kindred::runtime::models_dir())?;
        let summary = kindred::scan::scan_folders(
            &mut store,
            &roots,
            &factory,
            &kindred::scan::ScanOptions::default(),
            &mut |p| {
                // A closed window cannot receive progress; the scan still finishes.
                let _ = on_progress.send(p.into());
            },
            &job.cancel,
        )?;
        Ok(summary.into())
    })
    .await
    .map_err(|e| IpcError::new("internal", format!("scan thread: {e}")))?
}
