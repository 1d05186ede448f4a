//! The single database writer of a scan: turns worker results into rows, one
//! transaction per batch. A file's row and its photo's faces are committed together,
//! so after a crash a file is either fully recorded or redone, never half-written.

use std::collections::HashMap;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::hash::ContentHash;
use super::walk::PassedOver;
use super::worker::{Finished, Outcome};
use crate::error::Result;
use crate::store::photos::{insert_photo, photo_by_hash, upsert_file, FileOutcome, NewPhoto};
use crate::store::{faces::insert_face, NewFile};

/// Counts of what the writer committed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Written {
    /// Files recorded (done or skipped).
    pub files: u64,
    /// New photo contents analysed.
    pub photos: u64,
    /// Files recorded as holding an already known content (copies, moves, touched files).
    pub same_content: u64,
    pub skipped: u64,
    pub faces: u64,
}

pub(crate) struct Writer {
    /// Files whose content another worker is still analysing: recorded once it is.
    waiting: HashMap<ContentHash, Vec<NewFile>>,
    /// Contents that could not be analysed in this scan, with their code and reason.
    failed: HashMap<ContentHash, (String, String)>,
    pub written: Written,
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            waiting: HashMap::new(),
            failed: HashMap::new(),
            written: Written::default(),
        }
    }

    /// Files still waiting for a content that was never analysed (only after a cancel).
    pub fn waiting(&self) -> usize {
        self.waiting.values().map(Vec::len).sum()
    }

    /// Records a batch in one transaction. On error nothing of the batch is kept, and the
    /// in-memory counts are left as they were.
    pub fn write(&mut self, conn: &mut Connection, batch: &[Finished]) -> Result<()> {
        let mut written = self.written;
        let mut waiting = self.waiting.clone();
        let mut failed = self.failed.clone();
        // IMMEDIATE takes the write lock up front: a deferred transaction that reads
        // first could fail with SQLITE_BUSY_SNAPSHOT if another process wrote meanwhile.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for item in batch {
            record(&tx, item, &mut written, &mut waiting, &mut failed)?;
        }
        tx.commit()?;
        self.written = written;
        self.waiting = waiting;
        self.failed = failed;
        Ok(())
    }
}

/// Records the entries the walk passed over (FIFOs, devices, link loops, ...) as
/// skipped, with their reason, in one transaction; returns how many.
pub(crate) fn record_passed_over(conn: &mut Connection, items: &[PassedOver]) -> Result<u64> {
    if items.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for item in items {
        let outcome = FileOutcome::Skipped {
            hash: None,
            code: item.code,
            reason: &item.reason,
        };
        upsert_file(&tx, &item.file, &outcome)?;
    }
    tx.commit()?;
    Ok(items.len() as u64)
}

fn record(
    tx: &Transaction,
    item: &Finished,
    written: &mut Written,
    waiting: &mut HashMap<ContentHash, Vec<NewFile>>,
    failed: &mut HashMap<ContentHash, (String, String)>,
) -> Result<()> {
    match &item.outcome {
        Outcome::Analyzed { hash, photo } => {
            let id = match photo_by_hash(tx, hash)? {
                Some(id) => id,
                None => {
                    let id = insert_photo(
                        tx,
                        &NewPhoto {
                            hash,
                            width: photo.width,
                            height: photo.height,
                            orientation: photo.orientation,
                            turn: photo.turn,
                            taken_at: photo.taken_at.as_deref(),
                            camera: photo.camera.as_deref(),
                        },
                    )?;
                    for (idx, f) in photo.faces.iter().enumerate() {
                        insert_face(tx, id, idx, &f.face, &f.crop_jpeg)?;
                    }
                    written.photos += 1;
                    written.faces += photo.faces.len() as u64;
                    id
                }
            };
            upsert_file(tx, &item.file, &FileOutcome::Done { photo: id, hash })?;
            written.files += 1;
            for file in waiting.remove(hash).unwrap_or_default() {
                upsert_file(tx, &file, &FileOutcome::Done { photo: id, hash })?;
                written.files += 1;
                written.same_content += 1;
            }
        }
        Outcome::SameContent { hash } => {
            if let Some(id) = photo_by_hash(tx, hash)? {
                upsert_file(tx, &item.file, &FileOutcome::Done { photo: id, hash })?;
                written.files += 1;
                written.same_content += 1;
            } else if let Some((code, reason)) = failed.get(hash) {
                let outcome = FileOutcome::Skipped {
                    hash: Some(hash),
                    code,
                    reason,
                };
                upsert_file(tx, &item.file, &outcome)?;
                written.files += 1;
                written.skipped += 1;
            } else {
                waiting.entry(*hash).or_default().push(item.file.clone());
            }
        }
        Outcome::Skipped { hash, code, reason } => {
            let outcome = FileOutcome::Skipped {
                hash: hash.as_ref(),
                code,
                reason,
            };
            upsert_file(tx, &item.file, &outcome)?;
            written.files += 1;
            written.skipped += 1;
            if let Some(hash) = hash {
                for file in waiting.remove(hash).unwrap_or_default() {
                    upsert_file(tx, &file, &outcome)?;
                    written.files += 1;
                    written.skipped += 1;
                }
                failed.insert(*hash, (code.clone(), reason.clone()));
            }
        }
    }
    Ok(())
}
