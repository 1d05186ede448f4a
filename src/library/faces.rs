//! The library's faces as the clustering and search code wants them: parallel arrays
//! of ids, photos and descriptors, read from SQLite in one pass (about 51 MB for
//! 100,000 faces).

use rusqlite::params;

use crate::error::{Error, Result};
use crate::face::{Descriptor, DESCRIPTOR_LEN, MODEL_ID};
use crate::store::{FaceId, Store};

/// Faces of one model, in face-id order.
#[derive(Debug, Clone, Default)]
pub struct LibraryFaces {
    pub ids: Vec<FaceId>,
    /// Photo id of each face (the one-face-per-photo rule needs it).
    pub photo: Vec<i64>,
    pub descriptors: Vec<Descriptor>,
}

impl LibraryFaces {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Position of a face in the arrays (ids are sorted).
    pub fn position(&self, id: FaceId) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }
}

/// Reads every face made by the current model ([`MODEL_ID`]); descriptors of other
/// models are not comparable and are left out.
pub fn load_faces(store: &Store) -> Result<LibraryFaces> {
    load_faces_from(store.connection())
}

/// [`load_faces`] on a connection (or an open transaction).
pub(crate) fn load_faces_from(conn: &rusqlite::Connection) -> Result<LibraryFaces> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, photo_id, descriptor FROM faces WHERE model_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![MODEL_ID])?;
    let mut out = LibraryFaces::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let blob = blob(r, 2)?;
        out.ids.push(FaceId(id));
        out.photo.push(r.get(1)?);
        out.descriptors.push(descriptor_from_blob(id, blob)?);
    }
    Ok(out)
}

/// Decodes one descriptor BLOB without an intermediate `Vec`.
pub(crate) fn descriptor_from_blob(face: i64, blob: &[u8]) -> Result<Descriptor> {
    if blob.len() != DESCRIPTOR_LEN * 4 {
        return Err(Error::Database(format!(
            "face {face}: descriptor of {} bytes, expected {}",
            blob.len(),
            DESCRIPTOR_LEN * 4
        )));
    }
    let mut d = [0f32; DESCRIPTOR_LEN];
    for (v, c) in d.iter_mut().zip(blob.chunks_exact(4)) {
        *v = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    Ok(d)
}

/// Column `i` of `row` as borrowed bytes.
pub(crate) fn blob<'a>(row: &'a rusqlite::Row, i: usize) -> Result<&'a [u8]> {
    row.get_ref(i)?
        .as_blob()
        .map_err(|e| Error::Database(format!("column {i}: {e}")))
}
