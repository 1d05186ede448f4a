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

/// Describes again every face stored by another model, one photo at a time, with one
/// analyser made by `factory` (made only when there is something to do), reporting
/// progress (photos gone through) after every 16 photos and at the end. Stops after
/// the current photo when `cancel` is set.
pub fn redescribe_stale_faces(
    store: &mut Store,
    factory: &AnalyzerFactory,
    progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<Redescribed> {
    let photos = stale_photos(store)?;
    let mut done = Redescribed::default();
    if photos.is_empty() {
        return Ok(done);
    }
    let mut analyzer: Box<dyn PhotoAnalyzer> = factory()?;
    let max_file_bytes = DecodeOptions::default().max_file_bytes;
    let meter = Meter::new(photos.len() as u64);
    let mut seen = 0;
    for photo in photos {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        if seen % 16 == 0 {
            progress(&meter.report(seen, done.faces, None));
        }
        seen += 1;
        let faces: Vec<_> = store.faces_of_photo(photo)?.into_iter().filter(|f| f.model_id != MODEL_ID).collect();
        let landmarks: Vec<_> = faces.iter().map(|f| f.face.landmarks).collect();
        // Only the scanned content: a file changed since is analysed by the scan.
        let described = store.read_scanned_photo(photo, max_file_bytes).and_then(|(file, bytes)| {
            let turn = store.photo_turn(photo)?.unwrap_or_default();
            analyzer.redescribe(&file.path, &bytes, turn, &landmarks)
        });
        let Some(descriptors) = described.ok().filter(|d| d.len() == faces.len()) else {
            done.left += faces.len() as u64;
            continue;
        };
        let tx = store.connection_mut().transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE faces SET descriptor = ?1, model_id = ?2 WHERE id = ?3")?;
            for (f, d) in faces.iter().zip(&descriptors) {
                stmt.execute(params![encode_descriptor(d), MODEL_ID, f.id.0])?;
            }
        }
        tx.commit()?;
        done.faces += faces.len() as u64;
    }
    progress(&meter.report(seen, done.faces, None));
    Ok(done)
}
