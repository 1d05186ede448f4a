//! Faces stored by an older descriptor model are described again, in place.
//!
//! A face row keeps its id, box, landmarks and every human decision about it (names,
//! rejections, strangers, merges: all refer to face ids); only its descriptor and
//! `model_id` change. The photo is read again from a present file holding the scanned
//! content, put in the frame the faces were stored in (EXIF-upright, then the stored
//! turn), and each face's chip is cut at its stored landmarks. A photo with no such file
//! keeps its old faces, which take no part in grouping or search until its file is back
//! (they are of another model); the next scan tries again.
//!
//! Resumable like the scan: each photo's faces are updated in one transaction. Progress
//! is reported like the scan's, counting the photos whose faces are described again
//! (a library of 100,000 faces takes minutes).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::params;

use super::progress::{Meter, Progress};
use super::{AnalyzerFactory, PhotoAnalyzer};
use crate::error::Result;
use crate::face::MODEL_ID;
use crate::photo::DecodeOptions;
use crate::store::faces::encode_descriptor;
use crate::store::{PhotoId, Store};

/// What [`redescribe_stale_faces`] did.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Redescribed {
    /// Faces described again with the current model.
    pub faces: u64,
    /// Faces of an older model left as they were: no present file holds their photo's
    /// content, or it could not be read.
    pub left: u64,
}

/// Photos holding at least one face of another model than [`MODEL_ID`].
fn stale_photos(store: &Store) -> Result<Vec<PhotoId>> {
    let mut stmt = store
        .connection()
        .prepare("SELECT DISTINCT photo_id FROM faces WHERE model_id <> ?1 ORDER BY photo_id")?;
    let rows = stmt.query_map([MODEL_ID], |r| Ok(PhotoId(r.get(0)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One photo's faces to describe again: read on the thread that owns the store, then
/// described by a worker.
struct Job {
    face_ids: Vec<i64>,
    path: std::path::PathBuf,
    bytes: Vec<u8>,
    turn: crate::photo::Turn,
    landmarks: Vec<crate::geometry::Landmarks5>,
}

/// A worker's answer for one job: the face ids and their new descriptors, or `None`
/// when the photo could not be described (its faces stay as they were).
type Described = (Vec<i64>, Option<Vec<crate::face::Descriptor>>);

/// Describes again every face stored by another model, with `workers` analysers made by
/// `factory` (made only when there is something to do), one photo at a time each. This
/// thread reads photos and writes results (the store is not shared): each photo's faces
/// are updated in one transaction as soon as they are described. Progress (photos gone
/// through) is reported after every 16 photos and at the end. When `cancel` is set, no
/// further photo is started; the photos being described are still written.
pub fn redescribe_stale_faces(
    store: &mut Store,
    factory: &AnalyzerFactory,
    workers: usize,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<Redescribed> {
    let photos = stale_photos(store)?;
    let mut done = Redescribed::default();
    if photos.is_empty() {
        return Ok(done);
    }
    let workers = workers.clamp(1, photos.len());
    let max_file_bytes = DecodeOptions::default().max_file_bytes;
    let meter = Meter::new(photos.len() as u64);
    // Bounded so that at most a few photos' bytes wait in memory.
    let (job_tx, job_rx) = crossbeam_channel::bounded::<Job>(workers);
    let (result_tx, result_rx) = crossbeam_channel::unbounded::<Result<Described>>();
    std::thread::scope(|scope| -> Result<Redescribed> {
        for _ in 0..workers {
            let (jobs, results) = (job_rx.clone(), result_tx.clone());
            scope.spawn(move || describe_jobs(factory, workers, jobs, results));
        }
        drop((job_rx, result_tx));
        let mut seen = 0u64;
        let mut in_flight = 0usize;
        for photo in photos {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let faces: Vec<_> = store.faces_of_photo(photo)?.into_iter().filter(|f| f.model_id != MODEL_ID).collect();
            let face_ids: Vec<i64> = faces.iter().map(|f| f.id.0).collect();
            // Only the scanned content: a file changed since is analysed by the scan.
            let read = store.read_scanned_photo(photo, max_file_bytes).and_then(|(file, bytes)| {
                let turn = store.photo_turn(photo)?.unwrap_or_default();
                Ok((file.path, bytes, turn))
            });
            let Ok((path, bytes, turn)) = read else {
                done.left += face_ids.len() as u64;
                seen += 1;
                continue;
            };
            let landmarks = faces.iter().map(|f| f.face.landmarks).collect();
            let mut job = Job { face_ids, path, bytes, turn, landmarks };
            // Hand the photo to a free worker, writing finished photos while all are busy.
            loop {
                match job_tx.try_send(job) {
                    Ok(()) => break,
                    Err(crossbeam_channel::TrySendError::Full(j)) => {
                        job = j;
                        write_next_answer(store, &result_rx, &mut done)?;
                        in_flight -= 1;
                        seen += 1;
                        if seen % 16 == 0 {
                            progress(&meter.report(seen, done.faces, None));
                        }
                    }
                    Err(crossbeam_channel::TrySendError::Disconnected(_)) => {
                        // Every worker stopped: the first error says why.
                        return Err(result_rx.try_iter().find_map(|r| r.err()).unwrap_or_else(workers_gone));
                    }
                }
            }
            in_flight += 1;
        }
        drop(job_tx);
        for _ in 0..in_flight {
            write_next_answer(store, &result_rx, &mut done)?;
            seen += 1;
        }
        progress(&meter.report(seen, done.faces, None));
        Ok(done)
    })
}

/// One worker: describes the photos it receives and sends each answer back. A crash
/// on one photo leaves its faces as they were (as a scan worker records the file as
/// skipped) and the worker goes on with a fresh analyser.
fn describe_jobs(
    factory: &AnalyzerFactory,
    workers: usize,
    jobs: crossbeam_channel::Receiver<Job>,
    results: crossbeam_channel::Sender<Result<Described>>,
) {
    // Describing is nearly all of the work here: one descriptor session per worker
    // rather than turns at a shared one.
    let new_analyzer = || -> Result<Box<dyn PhotoAnalyzer>> {
        let mut analyzer = factory()?;
        analyzer.describe_side_by_side(workers);
        Ok(analyzer)
    };
    let mut analyzer = match new_analyzer() {
        Ok(a) => a,
        Err(e) => {
            let _ = results.send(Err(e));
            return;
        }
    };
    for job in jobs {
        let run = catch_unwind(AssertUnwindSafe(|| {
            analyzer.redescribe(&job.path, &job.bytes, job.turn, &job.landmarks)
        }));
        let described = match run {
            Ok(r) => r.ok().filter(|d| d.len() == job.face_ids.len()),
            Err(_) => match new_analyzer() {
                Ok(a) => {
                    analyzer = a;
                    None
                }
                Err(e) => {
                    let _ = results.send(Ok((job.face_ids, None)));
                    let _ = results.send(Err(e));
                    return;
                }
            },
        };
        if results.send(Ok((job.face_ids, described))).is_err() {
            return;
        }
    }
}

/// Waits for the next worker's answer and stores it.
fn write_next_answer(
    store: &mut Store,
    results: &crossbeam_channel::Receiver<Result<Described>>,
    done: &mut Redescribed,
) -> Result<()> {
    let answer = results.recv().map_err(|_| workers_gone())?;
    write(store, answer?, done)
}

fn workers_gone() -> crate::Error {
    crate::Error::Inference("re-describing: every worker stopped".into())
}

/// Stores one photo's new descriptors in one transaction, or counts its faces as left.
fn write(store: &mut Store, (face_ids, described): Described, done: &mut Redescribed) -> Result<()> {
    let Some(descriptors) = described else {
        done.left += face_ids.len() as u64;
        return Ok(());
    };
    let tx = store.connection_mut().transaction()?;
    {
        let mut stmt = tx.prepare_cached("UPDATE faces SET descriptor = ?1, model_id = ?2 WHERE id = ?3")?;
        for (id, d) in face_ids.iter().zip(&descriptors) {
            stmt.execute(params![encode_descriptor(d), MODEL_ID, id])?;
        }
    }
    tx.commit()?;
    done.faces += face_ids.len() as u64;
    Ok(())
}
