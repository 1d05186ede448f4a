//! CPU-bound and blocking work (clustering, inference, SQLite scans, native dialogs)
//! runs on the blocking pool, never on the async runtime's threads.

use crate::error::{IpcError, IpcResult};

/// Runs `job` on the blocking pool and returns its result.
pub async fn off_thread<T: Send + 'static>(
    job: impl FnOnce() -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(job)
        .await
        .map_err(|e| IpcError::new("internal", format!("worker thread: {e}")))?
}
