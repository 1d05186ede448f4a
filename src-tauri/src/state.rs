//! What every command can reach: the database path and the running job's slot.

use std::path::PathBuf;

use crate::job::JobSlot;

pub struct AppState {
    pub database: PathBuf,
    pub job: JobSlot,
}

impl AppState {
    /// Opens the library. SQLite connections are cheap and WAL lets readers run beside
    /// a scan's writer, so each command opens its own instead of sharing a locked one.
    pub fn open_store(&self) -> kindred::Result<kindred::store::Store> {
        kindred::store::Store::open(&self.database)
    }
}
