//! What every command can reach: the database path and the running job's slot.

use std::path::PathBuf;

use crate::job::JobSlot;

pub struct AppState {
    pub database: PathBuf,
    pub job: JobSlot,
}
