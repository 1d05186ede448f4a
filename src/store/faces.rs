//! Faces: box, landmarks, score, the descriptor as a little-endian f32 BLOB tagged with
//! the model that made it, and a small JPEG crop for the UI.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::photos::PhotoId;
use super::Store;
use crate::error::{Error, Result};
use crate::face::{Face, MODEL_ID};
use crate::geometry::{Point, Rect};

/// Row id of a face; stable across re-scans and moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FaceId(pub i64);

/// A face as stored.
#[derive(Debug, Clone)]
pub struct StoredFace {
    pub id: FaceId,
    pub photo_id: PhotoId,
    pub face: Face,
    pub model_id: String,
    pub crop_jpeg: Option<Vec<u8>>,
    /// Drawn by the user (a face the detector missed) rather than detected.
    pub manual: bool,
}

/// Floats as little-endian bytes (the on-disk form of descriptors and landmarks).
pub fn encode_descriptor(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Inverse of [`encode_descriptor`].
pub fn decode_descriptor(bytes: &[u8]) -> Result<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(Error::Database(format!(
            "float blob of {} bytes",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

fn encode_landmarks(points: &[Point; 5]) -> Vec<u8> {
    let flat: Vec<f32> = points.iter().flat_map(|p| [p.x, p.y]).collect();
    encode_descriptor(&flat)
}

pub(crate) fn decode_landmarks(bytes: &[u8]) -> Result<[Point; 5]> {
    let v = decode_descriptor(bytes)?;
    if v.len() != 10 {
        return Err(Error::Database(format!(
            "landmarks blob of {} floats",
            v.len()
        )));
    }
    Ok(std::array::from_fn(|i| Point::new(v[2 * i], v[2 * i + 1])))
}

fn photo_size(tx: &Transaction, photo: PhotoId) -> Result<(u32, u32)> {
    Ok(tx
        .prepare_cached("SELECT width, height FROM photos WHERE id = ?1")?
        .query_row([photo.0], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Stores face number `idx` of `photo`.
pub(crate) fn insert_face(
    tx: &Transaction,
    photo: PhotoId,
    idx: usize,
    face: &Face,
    crop_jpeg: &[u8],
) -> Result<FaceId> {
    let b = &face.bbox;
    let (width, height) = photo_size(tx, photo)?;
    let quality = crate::face_quality::face_quality(b, &face.landmarks, face.score, width, height);
    tx.prepare_cached(
        "INSERT INTO faces (photo_id, idx, left, top, right, bottom, landmarks, score, model_id,
                            descriptor, quality)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        photo.0,
        idx as i64,
        b.left as f64,
        b.top as f64,
        b.right as f64,
        b.bottom as f64,
        encode_landmarks(&face.landmarks),
        face.score as f64,
        MODEL_ID,
        encode_descriptor(&face.descriptor),
        quality as f64,
    ])?;
    let id = tx.last_insert_rowid();
    if !crop_jpeg.is_empty() {
        tx.prepare_cached("INSERT INTO face_crops (face_id, jpeg) VALUES (?1, ?2)")?
            .execute(params![id, crop_jpeg])?;
    }
    Ok(FaceId(id))
}

/// Stores a face the user drew on `photo` (source `manual`), after the photo's other
/// faces; fails when the photo is not in the library.
pub(crate) fn insert_manual_face(
    tx: &Transaction,
    photo: PhotoId,
    face: &Face,
    crop_jpeg: &[u8],
) -> Result<FaceId> {
    let next: Option<i64> = tx
        .query_row(
            "SELECT (SELECT coalesce(max(idx), -1) + 1 FROM faces WHERE photo_id = ?1)
             FROM photos WHERE id = ?1",
            [photo.0],
            |r| r.get(0),
        )
        .optional()?;
    let idx = next.ok_or_else(|| Error::Invalid(format!("no photo with id {}", photo.0)))?;
    let id = insert_face(tx, photo, idx as usize, face, crop_jpeg)?;
    // The user says there is a face: the detector's doubt (its score) does not count
    // against its quality, only the geometry does.
    let (width, height) = photo_size(tx, photo)?;
    let quality = crate::face_quality::face_quality(&face.bbox, &face.landmarks, 1.0, width, height);
    tx.execute(
        "UPDATE faces SET source = 'manual', quality = ?2 WHERE id = ?1",
        params![id.0, quality as f64],
    )?;
    Ok(id)
}

impl Store {
    /// Faces whose descriptor an older model made: they take no part in grouping or
    /// search until a scan describes them again ([`crate::scan::redescribe`]).
    pub fn older_model_faces(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM faces WHERE model_id <> ?1", [MODEL_ID], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The descriptor of one stored face.
    pub fn face_descriptor(&self, face: FaceId) -> Result<crate::face::Descriptor> {
        let bytes: Vec<u8> = self
            .conn
            .query_row("SELECT descriptor FROM faces WHERE id = ?1", [face.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| crate::Error::Invalid(format!("no face with id {}", face.0)))?;
        let values = decode_descriptor(&bytes)?;
        values
            .as_slice()
            .try_into()
            .map_err(|_| crate::Error::Database(format!("face {}: descriptor of length {}", face.0, values.len())))
    }

    /// The JPEG crop of one face, for the UI.
    pub fn face_crop(&self, face: FaceId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT jpeg FROM face_crops WHERE face_id = ?1",
                [face.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The faces of one photo, in detection order, with their crops.
    pub fn faces_of_photo(&self, photo: PhotoId) -> Result<Vec<StoredFace>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FACE_COLUMNS}, (SELECT jpeg FROM face_crops WHERE face_id = faces.id)
             FROM faces WHERE photo_id = ?1 ORDER BY idx"
        ))?;
        let mut rows = stmt.query([photo.0])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(face_from_row(r)?);
        }
        Ok(out)
    }

    /// Every face of the photos that have a present file, photo by photo in scan
    /// order, without crops (the UI loads those one by one through its image scheme).
    pub fn faces_of_present_photos(&self) -> Result<Vec<StoredFace>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FACE_COLUMNS}, NULL
             FROM faces JOIN (SELECT photo_id AS p, min(id) AS first FROM files
                              WHERE status = 'done' GROUP BY photo_id) ON p = faces.photo_id
             ORDER BY first, idx"
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(face_from_row(r)?);
        }
        Ok(out)
    }
}

/// The columns [`face_from_row`] reads, followed by the crop (or NULL).
const FACE_COLUMNS: &str = "id, photo_id, left, top, right, bottom, landmarks, score, model_id, descriptor, source = 'manual'";

fn face_from_row(r: &rusqlite::Row) -> Result<StoredFace> {
    let landmarks = decode_landmarks(&r.get::<_, Vec<u8>>(6)?)?;
    let descriptor = decode_descriptor(&r.get::<_, Vec<u8>>(9)?)?;
    Ok(StoredFace {
        id: FaceId(r.get(0)?),
        photo_id: PhotoId(r.get(1)?),
        face: Face {
            bbox: Rect::new(
                r.get::<_, f64>(2)? as f32,
                r.get::<_, f64>(3)? as f32,
                r.get::<_, f64>(4)? as f32,
                r.get::<_, f64>(5)? as f32,
            ),
            landmarks,
            score: r.get::<_, f64>(7)? as f32,
            descriptor,
        },
        model_id: r.get(8)?,
        manual: r.get(10)?,
        crop_jpeg: r.get(11)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_blob_is_little_endian_f32() {
        let v = [1.0f32, -0.5, 3.25];
        let b = encode_descriptor(&v);
        assert_eq!(&b[0..4], &[0x00, 0x00, 0x80, 0x3f]);
        assert_eq!(decode_descriptor(&b).unwrap(), v);
        assert!(decode_descriptor(&b[..5]).is_err());
    }
}
