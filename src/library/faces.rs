//! The library's faces as the clustering and search code wants them: parallel arrays
//! of ids, photos and descriptors, read from SQLite in one pass (about 51 MB for
//! 100,000 faces).

use rusqlite::params;

use crate::error::{Error, Result};
use crate::face::{Descriptor, DESCRIPTOR_LEN, MODEL_ID};
use crate::face_quality::face_quality;
use crate::geometry::Rect;
use crate::store::faces::decode_landmarks;
use crate::store::{FaceId, Store};

/// Faces of one model, in face-id order.
#[derive(Debug, Clone, Default)]
pub struct LibraryFaces {
    pub ids: Vec<FaceId>,
    /// Photo id of each face (the one-face-per-photo rule needs it).
    pub photo: Vec<i64>,
    pub descriptors: Vec<Descriptor>,
    /// Quality of each face ([`crate::face_quality`]): stored, or computed from the
    /// stored geometry for faces stored before the column existed.
    pub quality: Vec<f32>,
    /// Whether `quality` was computed on reading (not yet stored).
    pub quality_missing: Vec<bool>,
    /// What a face is, independent of when it was stored: the start of its photo's
    /// content hash and its box (see [`LibraryFaces::canonical_order`]).
    order_key: Vec<(u64, i64, i64, i64, i64)>,
}

impl LibraryFaces {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Positions of the faces ordered by what they are (photo content, then box), not
    /// by when a scan stored them: clustering in this order gives the same groups
    /// whatever order parallel scan workers wrote the faces in.
    pub fn canonical_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by_key(|&i| (self.order_key[i], self.ids[i]));
        order
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
        "SELECT f.id, f.photo_id, f.descriptor, f.quality, f.left, f.top, f.right, f.bottom,
                f.landmarks, f.score, p.width, p.height, substr(p.content_hash, 1, 8)
           FROM faces f JOIN photos p ON p.id = f.photo_id
          WHERE f.model_id = ?1 ORDER BY f.id",
    )?;
    let mut rows = stmt.query(params![MODEL_ID])?;
    let mut out = LibraryFaces::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        out.ids.push(FaceId(id));
        out.photo.push(r.get(1)?);
        out.descriptors.push(descriptor_from_blob(id, blob(r, 2)?)?);
        let bbox = Rect::new(
            r.get::<_, f64>(4)? as f32,
            r.get::<_, f64>(5)? as f32,
            r.get::<_, f64>(6)? as f32,
            r.get::<_, f64>(7)? as f32,
        );
        let quality: Option<f64> = r.get(3)?;
        let quality = match quality {
            Some(q) => q as f32,
            None => {
                let landmarks = decode_landmarks(blob(r, 8)?)?;
                let score = r.get::<_, f64>(9)? as f32;
                face_quality(&bbox, &landmarks, score, r.get(10)?, r.get(11)?)
            }
        };
        out.quality.push(quality);
        out.quality_missing.push(r.get_ref(3)?.data_type() == rusqlite::types::Type::Null);
        let hash = blob(r, 12)?;
        let prefix = hash.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64);
        let px = |v: f32| (v * 16.0).round() as i64;
        out.order_key.push((prefix, px(bbox.left), px(bbox.top), px(bbox.right), px(bbox.bottom)));
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
