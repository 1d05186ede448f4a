//! What every command can reach: the database path, the running job's slot, and one
//! shared read connection for the image scheme.

use std::path::PathBuf;
use std::sync::Mutex;

use kindred::store::Store;

use crate::job::JobSlot;

pub struct AppState {
    pub database: PathBuf,
    pub job: JobSlot,
    /// Kept open for `kindred:` image requests: a grid of crops makes hundreds of
    /// small reads, which should not each open and configure a connection.
    reader: Mutex<Option<Store>>,
}

impl AppState {
    pub fn new(database: PathBuf) -> Self {
        AppState {
            database,
            job: JobSlot::default(),
            reader: Mutex::new(None),
        }
    }

    /// Opens the library. SQLite connections are cheap and WAL lets readers run beside
    /// a scan's writer, so each command opens its own instead of sharing a locked one.
    pub fn open_store(&self) -> kindred::Result<Store> {
        Store::open(&self.database)
    }

    /// Runs `f` on the shared read connection, opening it on first use.
    pub fn with_reader<T>(
        &self,
        f: impl FnOnce(&Store) -> kindred::Result<T>,
    ) -> kindred::Result<T> {
        let mut guard = self
            .reader
            .lock()
            .map_err(|_| kindred::Error::Database("reader lock poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(self.open_store()?);
        }
        match guard.as_ref() {
            Some(store) => f(store),
            None => Err(kindred::Error::Database("no reader".into())),
        }
    }
}
