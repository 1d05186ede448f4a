//! What every command can reach: the database path, the running job's slot, one
//! shared read connection for the image scheme, the face pipeline for the commands that
//! look at pixels (drawing a face, comparing or searching by a photo file), and the
//! labels file the user chose in the native dialog.

use std::path::PathBuf;
use std::sync::Mutex;

use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::store::Store;

use crate::job::JobSlot;

pub struct AppState {
    pub database: PathBuf,
    pub job: JobSlot,
    /// Kept open for `kindred:` image requests: a grid of crops makes hundreds of
    /// small reads, which should not each open and configure a connection.
    reader: Mutex<Option<Store>>,
    /// Loaded on first use (the models take a moment) and kept for the next call.
    pipeline: Mutex<Option<FacePipeline>>,
    /// The labels CSV picked with `choose_labels_file`: the webview names a source,
    /// never a path, so it cannot make the shell read arbitrary files.
    pub labels_file: Mutex<Option<PathBuf>>,
}

fn poisoned(what: &str) -> kindred::Error {
    kindred::Error::Database(format!("{what} lock poisoned"))
}

impl AppState {
    pub fn new(database: PathBuf) -> Self {
        AppState {
            database,
            job: JobSlot::default(),
            reader: Mutex::new(None),
            pipeline: Mutex::new(None),
            labels_file: Mutex::new(None),
        }
    }

    /// Opens the library. SQLite connections are cheap and WAL lets readers run beside
    /// a scan's writer, so each command opens its own instead of sharing a locked one.
    /// A library whose file or folder is not writable opens read-only: every view
    /// works, and an edit fails with a `read_only` error that says so.
    pub fn open_store(&self) -> kindred::Result<Store> {
        Store::open_to_read(&self.database)
    }

    /// Runs `f` on the shared read connection, opening it on first use.
    pub fn with_reader<T>(
        &self,
        f: impl FnOnce(&Store) -> kindred::Result<T>,
    ) -> kindred::Result<T> {
        let mut guard = self.reader.lock().map_err(|_| poisoned("reader"))?;
        if guard.is_none() {
            *guard = Some(self.open_store()?);
        }
        match guard.as_ref() {
            Some(store) => f(store),
            None => Err(kindred::Error::Database("no reader".into())),
        }
    }

    /// Runs `f` with the face pipeline, loading it on first use. Call it off the async
    /// runtime: inference takes tens of milliseconds per face.
    pub fn with_pipeline<T>(
        &self,
        f: impl FnOnce(&mut FacePipeline) -> kindred::Result<T>,
    ) -> kindred::Result<T> {
        let mut guard = self.pipeline.lock().map_err(|_| poisoned("pipeline"))?;
        if guard.is_none() {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            *guard = Some(FacePipeline::new(
                &kindred::runtime::models_dir(),
                threads,
                PipelineOptions::default(),
            )?);
        }
        match guard.as_mut() {
            Some(p) => f(p),
            None => Err(kindred::Error::Database("no pipeline".into())),
        }
    }
}
