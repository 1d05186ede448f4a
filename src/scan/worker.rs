//! One scan worker: reads a file once, recognises it by content, hashes it, and hands
//! the bytes to its own analyser (which owns its ONNX sessions). Results go to the
//! single writer; nothing here touches the database.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crossbeam_channel::Sender;

use super::hash::{content_hash, ContentHash};
use super::{AnalyzedPhoto, AnalyzerFactory, PhotoAnalyzer};
use crate::error::{Error, Result};
use crate::store::NewFile;

/// Files above this size are not read into memory: no photo is this large, and several
/// workers holding such files at once could exhaust memory.
pub(crate) const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What became of one file.
pub(crate) enum Outcome {
    /// Analysed: a new photo content with its faces.
    Analyzed {
        hash: ContentHash,
        photo: AnalyzedPhoto,
    },
    /// Same bytes as a photo already stored or being analysed by another worker.
    SameContent { hash: ContentHash },
    /// Could not be analysed.
    Skipped {
        hash: Option<ContentHash>,
        code: String,
        reason: String,
    },
}

pub(crate) struct Finished {
    pub file: NewFile,
    pub outcome: Outcome,
}

pub(crate) enum ToWriter {
    Finished(Finished),
    /// The worker cannot run at all (e.g. its analyser does not load): stop the scan.
    Fatal(Error),
}

/// State shared by the workers of one scan.
pub(crate) struct Shared<'a> {
    pub jobs: &'a [NewFile],
    pub next: AtomicUsize,
    /// Content hashes stored or claimed by a worker in this scan: the first worker to
    /// claim a hash analyses it, the others report `SameContent`.
    pub claimed: Mutex<HashSet<ContentHash>>,
    pub cancel: &'a AtomicBool,
    /// Set by the writer when the scan must end (fatal error).
    pub stop: AtomicBool,
}

pub(crate) fn run(shared: &Shared, factory: &AnalyzerFactory, tx: Sender<ToWriter>) {
    let mut analyzer = match factory() {
        Ok(a) => a,
        Err(e) => {
            let _ = tx.send(ToWriter::Fatal(e));
            return;
        }
    };
    loop {
        if shared.cancel.load(Ordering::Relaxed) || shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(file) = shared.jobs.get(i) else {
            return;
        };
        let (outcome, crashed) = process(file, analyzer.as_mut(), &shared.claimed);
        if crashed {
            // The analyser's state is unknown after a panic: start a fresh one.
            match factory() {
                Ok(a) => analyzer = a,
                Err(e) => {
                    let _ = tx.send(ToWriter::Fatal(e));
                    return;
                }
            }
        }
        if tx
            .send(ToWriter::Finished(Finished {
                file: file.clone(),
                outcome,
            }))
            .is_err()
        {
            return;
        }
    }
}

fn skipped(hash: Option<ContentHash>, e: &Error) -> Outcome {
    Outcome::Skipped {
        hash,
        code: e.code().to_string(),
        reason: e.to_string(),
    }
}

/// Returns the outcome and whether the analyser panicked.
fn process(
    file: &NewFile,
    analyzer: &mut dyn PhotoAnalyzer,
    claimed: &Mutex<HashSet<ContentHash>>,
) -> (Outcome, bool) {
    let bytes = match read_photo(file) {
        Ok(b) => b,
        Err(e) => return (skipped(None, &e), false),
    };
    let hash = content_hash(&bytes);
    let first = claimed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(hash);
    if !first {
        return (Outcome::SameContent { hash }, false);
    }
    match catch_unwind(AssertUnwindSafe(|| analyzer.analyze(&file.path, &bytes))) {
        Ok(Ok(photo)) if photo.width == 0 || photo.height == 0 => {
            let e = Error::CorruptImage {
                path: file.path.clone(),
                reason: format!("analyser reported a {}x{} image", photo.width, photo.height),
            };
            (skipped(Some(hash), &e), false)
        }
        Ok(Ok(photo)) => (Outcome::Analyzed { hash, photo }, false),
        Ok(Err(e)) => (skipped(Some(hash), &e), false),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let reason = format!("{}: analyser crashed: {msg}", file.path.display());
            (
                Outcome::Skipped {
                    hash: Some(hash),
                    code: "internal".into(),
                    reason,
                },
                true,
            )
        }
    }
}

/// Reads a whole file if it is a regular file whose first bytes are those of a photo
/// (the guarded reader every part of Kindred uses).
fn read_photo(file: &NewFile) -> Result<Vec<u8>> {
    crate::photo::read_photo_file(&file.path, MAX_FILE_BYTES)
}
