//! Scanning a photo library into the database: walk the folders, look only at new or
//! changed files, analyse them in parallel (one [`PhotoAnalyzer`] per worker thread) and
//! record the results through one writer thread that batches rows into transactions.
//!
//! Incremental: a file whose (path, size, mtime) is unchanged is not read at all. A file
//! whose bytes match a stored photo (moved, renamed, copied, touched) is linked to it
//! without analysis, so its faces are kept, never duplicated. Files gone from the
//! scanned folders are marked missing; their photos and faces stay.
//!
//! Resumable: "what is left to do" is whatever the database does not record, so a scan
//! killed at any point simply continues on the next run.

pub mod bench;
pub(crate) mod hash;
mod progress;
pub mod redescribe;
pub mod synthetic;
mod walk;
mod worker;
mod writer;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;

use crate::error::{Error, Result};
use crate::store::photos::{
    forget_moved, known_hashes, load_known, mark_missing, path_from_key, path_key,
};
use crate::store::{FileStatus, KnownFile, NewFile, Store};

pub use hash::{content_hash, ContentHash};
pub use progress::Progress;
pub use walk::normalize_root;

/// Decodes one photo, finds its faces and describes them. Implemented by the face
/// pipeline; each scan worker owns one (and with it its ONNX sessions).
pub trait PhotoAnalyzer: Send {
    /// Decode + detect + describe one photo (bytes already read by the scanner).
    /// Errors make the file `skipped` with `code()` and the message as the reason.
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> Result<AnalyzedPhoto>;

    /// Called before re-describing on `workers` workers at once, whose analysers may
    /// share models (a shared descriptor network may then give each its own session).
    fn describe_side_by_side(&mut self, _workers: usize) {}

    /// Describes with the current model the faces at `landmarks` (in the stored frame:
    /// EXIF-upright, then `turn`) of the photo in `bytes`, in the order given: faces
    /// stored by an older model ([`redescribe`]). Analysers that cannot say so.
    fn redescribe(
        &mut self,
        _path: &Path,
        _bytes: &[u8],
        _turn: crate::photo::Turn,
        _landmarks: &[crate::geometry::Landmarks5],
    ) -> Result<Vec<crate::face::Descriptor>> {
        Err(Error::Invalid("this analyser cannot describe stored faces again".into()))
    }
}

/// What the analyser found in one photo.
#[derive(Debug, Clone)]
pub struct AnalyzedPhoto {
    /// Size of the upright photo (after EXIF orientation), in pixels.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation (1 to 8; 1 when absent).
    pub orientation: u16,
    /// Turn applied after the EXIF orientation because the photo was found turned
    /// (see [`crate::photo::Turn`]); width, height and faces are in the turned frame.
    pub turn: crate::photo::Turn,
    /// EXIF date taken, as written in the file (e.g. `2019:07:14 18:03:22`).
    pub taken_at: Option<String>,
    /// Camera make and model.
    pub camera: Option<String>,
    pub faces: Vec<AnalyzedFace>,
}

/// One face found by the analyser.
#[derive(Debug, Clone)]
pub struct AnalyzedFace {
    /// Box in upright pixels, landmarks, score, descriptor.
    pub face: crate::face::Face,
    /// Small JPEG face crop for the UI (may be empty).
    pub crop_jpeg: Vec<u8>,
}

/// Makes one analyser per worker thread.
pub type AnalyzerFactory<'a> = dyn Fn() -> Result<Box<dyn PhotoAnalyzer>> + Sync + 'a;

/// Tuning of a scan; `Default` suits a desktop.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Worker threads; 0 means one per available core.
    pub workers: usize,
    /// Most files recorded per transaction.
    pub batch_size: usize,
    /// Longest a finished file waits before its batch is committed (bounds the work a
    /// crash can lose).
    pub batch_delay: Duration,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            workers: 0,
            batch_size: 64,
            batch_delay: Duration::from_millis(250),
        }
    }
}

impl ScanOptions {
    fn worker_count(&self) -> usize {
        if self.workers > 0 {
            self.workers
        } else {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }
    }
}

/// What a scan did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ScanSummary {
    /// Regular files found under the roots (hidden and system folders left out).
    pub files_found: u64,
    /// Files not looked at because path, size and mtime are unchanged.
    pub unchanged: u64,
    /// Files recorded in this scan (done or skipped).
    pub files_recorded: u64,
    /// New photo contents analysed.
    pub photos_analyzed: u64,
    /// Files matched by content to a stored photo (moved, renamed, copied, touched).
    pub same_content: u64,
    /// Files recorded as skipped.
    pub skipped: u64,
    /// Faces stored.
    pub faces: u64,
    /// Faces of an older descriptor model described again, and those left as they were
    /// (their photo's file is gone or changed): see [`redescribe`].
    pub redescribed: redescribe::Redescribed,
    /// Known files newly marked missing.
    pub missing: u64,
    /// Missing paths forgotten because their content is present elsewhere (moves).
    pub moved: u64,
    /// True when the cancel flag stopped the scan; the rest is done by the next scan.
    pub cancelled: bool,
    /// Problems met by the walk (unreadable folders, symbolic link loops).
    pub walk_problems: Vec<String>,
    /// Entries passed over without being read, recorded as skipped with the reason:
    /// FIFOs, devices, sockets, folders named like a photo, symbolic link loops,
    /// dangling links, folders that cannot be listed.
    pub passed_over: u64,
}

/// Scans `roots` into `store`. Reports progress after each committed batch; stops
/// cleanly after the current batch when `cancel` is set. Only a database failure or an
/// analyser that cannot be created ends the scan with an error; bad files are recorded
/// as skipped.
pub fn scan_folders(
    store: &mut Store,
    roots: &[PathBuf],
    factory: &AnalyzerFactory,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<ScanSummary> {
    let db = store.path().to_path_buf();
    let result = scan_into(store, roots, factory, options, progress, cancel).map_err(|e| e.in_library(&db));
    // The workers' buffers are free now: an app that stays open gives them back.
    crate::allocator::release_free_memory();
    result
}

fn scan_into(
    store: &mut Store,
    roots: &[PathBuf],
    factory: &AnalyzerFactory,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<ScanSummary> {
    if roots.is_empty() {
        return Err(Error::Invalid("no folder to scan".into()));
    }
    let roots = roots
        .iter()
        .map(|r| normalize_root(r))
        .collect::<Result<Vec<_>>>()?;
    let mut summary = ScanSummary::default();
    let walked = walk::walk(&roots, cancel);
    summary.walk_problems = walked.problems;
    summary.files_found = walked.files.len() as u64;
    if cancel.load(Ordering::Relaxed) {
        // An unfinished walk cannot tell what is missing.
        summary.cancelled = true;
        return Ok(summary);
    }

    let known = load_known(store.connection())?;
    let mut seen = HashSet::with_capacity(walked.files.len());
    let mut jobs = Vec::new();
    for file in walked.files {
        let key = path_key(&file.path);
        match known.get(&key) {
            Some(k) if is_unchanged(k, &file) => summary.unchanged += 1,
            _ => jobs.push(file),
        }
        seen.insert(key);
    }
    for p in &walked.passed_over {
        seen.insert(path_key(&p.file.path));
    }
    let gone: Vec<i64> = known
        .iter()
        .filter(|(key, k)| k.status != FileStatus::Missing && !seen.contains(*key))
        .filter(|(key, _)| {
            let p = path_from_key(key);
            roots.iter().any(|r| p.starts_with(r))
                && !walked.unreadable_dirs.iter().any(|d| p.starts_with(d))
        })
        .map(|(_, k)| k.id)
        .collect();
    drop(known);
    drop(seen);
    summary.missing = mark_missing(store.connection_mut(), &gone)? as u64;
    summary.passed_over = writer::record_passed_over(store.connection_mut(), &walked.passed_over)?;

    let meter = progress::Meter::new(jobs.len() as u64);
    progress(&meter.report(0, 0, None));
    if !jobs.is_empty() {
        let hashes = known_hashes(store.connection())?;
        let written = process(
            store, &jobs, hashes, factory, options, &meter, progress, cancel,
        )?;
        summary.files_recorded = written.files;
        summary.photos_analyzed = written.photos;
        summary.same_content = written.same_content;
        summary.skipped = written.skipped;
        summary.faces = written.faces;
    }
    summary.moved = forget_moved(store.connection())? as u64;
    if !cancel.load(Ordering::Relaxed) {
        summary.redescribed = redescribe::redescribe_stale_faces(store, factory, options.worker_count(), progress, cancel)?;
    }
    summary.cancelled =
        cancel.load(Ordering::Relaxed) && summary.files_recorded < jobs.len() as u64;
    Ok(summary)
}

/// A known file is looked at again only if it changed, came back, or was skipped for a
/// reason that is not about its content (unreadable, model or runtime trouble).
fn is_unchanged(k: &KnownFile, f: &NewFile) -> bool {
    // The walk's own codes too: a path that was a FIFO or a dangling link and is now
    // a file is a new file.
    const RETRY: &[&str] = &[
        "io", "model", "inference", "internal", "cancelled", "not_a_file", "link_loop",
        "dangling_link", "unreadable_folder",
    ];
    k.size == f.size
        && k.mtime_ns == f.mtime_ns
        && k.status != FileStatus::Missing
        && !(k.status == FileStatus::Skipped
            && k.skip_code.as_deref().is_some_and(|c| RETRY.contains(&c)))
}

/// Runs the workers and, on this thread, the writer.
#[allow(clippy::too_many_arguments)]
fn process(
    store: &mut Store,
    jobs: &[NewFile],
    hashes: HashSet<ContentHash>,
    factory: &AnalyzerFactory,
    options: &ScanOptions,
    meter: &progress::Meter,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<writer::Written> {
    let shared = worker::Shared {
        jobs,
        next: AtomicUsize::new(0),
        claimed: Mutex::new(hashes),
        cancel,
        stop: AtomicBool::new(false),
    };
    let workers = options.worker_count().min(jobs.len()).max(1);
    // Bounded so that decoded results (face crops) cannot pile up in memory when the
    // disk is slower than the analysers.
    let (tx, rx) = crossbeam_channel::bounded(workers * 4);
    let batch_size = options.batch_size.max(1);
    let mut writer = writer::Writer::new();
    let mut failure: Option<Error> = None;

    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let shared = &shared;
            scope.spawn(move || worker::run(shared, factory, tx));
        }
        drop(tx);
        let mut batch = Vec::with_capacity(batch_size);
        // Ends when every worker has finished (or stopped) and the channel is drained.
        while let Ok(first) = rx.recv() {
            let deadline = Instant::now() + options.batch_delay;
            let mut next = Some(first);
            while let Some(msg) = next.take() {
                match msg {
                    worker::ToWriter::Finished(f) => batch.push(f),
                    worker::ToWriter::Fatal(e) => {
                        shared.stop.store(true, Ordering::Relaxed);
                        failure.get_or_insert(e);
                    }
                }
                if batch.len() < batch_size {
                    match rx.recv_deadline(deadline) {
                        Ok(m) => next = Some(m),
                        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
                    }
                }
            }
            if failure.is_some() {
                // Keep draining so that workers blocked on `send` can finish.
                batch.clear();
                continue;
            }
            if batch.is_empty() {
                continue;
            }
            let current = batch.last().map(|f| f.file.path.clone());
            match writer.write(store.connection_mut(), &batch) {
                Ok(()) => {
                    let w = writer.written;
                    progress(&meter.report(w.files, w.faces, current));
                }
                Err(e) => {
                    shared.stop.store(true, Ordering::Relaxed);
                    failure = Some(e);
                }
            }
            batch.clear();
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    debug_assert!(cancel.load(Ordering::Relaxed) || writer.waiting() == 0);
    Ok(writer.written)
}
