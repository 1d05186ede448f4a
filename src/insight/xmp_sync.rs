//! Named face regions between the library and XMP (Metadata Working Group regions):
//! write the confirmed names of every scanned photo to its sidecar (opt-in; the photo
//! itself is never written), and read regions from sidecars and from XMP inside JPEGs
//! back as confirmed names.
//!
//! MWG areas are fractions of the image as stored, before EXIF orientation; Kindred's
//! boxes are in upright pixels, so boxes are turned back (and forth) through the
//! orientation (and the turn of a photo Kindred found turned).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::xmp::{self, NormRect};
use crate::geometry::{Point, Rect};
use crate::people::operations::move_faces;
use crate::store::{FaceId, Store};
use crate::Result;

/// What `xmp export` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct XmpExportSummary {
    pub sidecars_written: Vec<PathBuf>,
    pub regions: usize,
    /// Files whose sidecar could not be written, with the reason.
    pub refused: Vec<(String, String)>,
}

/// What `xmp import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct XmpImportSummary {
    pub files_with_regions: usize,
    pub named_regions: usize,
    /// Regions that matched a detected face and were recorded as confirmed names.
    pub confirmed: usize,
    /// Regions with no detected face under them.
    pub unmatched: usize,
}

/// Maps a point of the upright image to the image as stored. `upright` is the upright
/// (width, height); orientation as in EXIF (1..8).
fn upright_to_stored(p: Point, upright: (f32, f32), orientation: u16) -> Point {
    let (w, h) = upright;
    let (x, y) = (p.x, p.y);
    let (sx, sy) = match orientation {
        2 => (w - x, y),
        3 => (w - x, h - y),
        4 => (x, h - y),
        5 => (y, x),
        6 => (y, w - x),
        7 => (h - y, w - x),
        8 => (h - y, x),
        _ => (x, y),
    };
    Point::new(sx, sy)
}

/// The inverse of [`upright_to_stored`].
fn stored_to_upright(p: Point, upright: (f32, f32), orientation: u16) -> Point {
    let (w, h) = upright;
    let (sx, sy) = (p.x, p.y);
    let (x, y) = match orientation {
        2 => (w - sx, sy),
        3 => (w - sx, h - sy),
        4 => (sx, h - sy),
        5 => (sy, sx),
        6 => (w - sy, sx),
        7 => (w - sy, h - sx),
        8 => (sy, h - sx),
        _ => (sx, sy),
    };
    Point::new(x, y)
}

fn map_rect(r: &Rect, f: impl Fn(Point) -> Point) -> Rect {
    let a = f(Point::new(r.left, r.top));
    let b = f(Point::new(r.right, r.bottom));
    Rect::new(a.x.min(b.x), a.y.min(b.y), a.x.max(b.x), a.y.max(b.y))
}

fn stored_size(upright: (u32, u32), orientation: u16) -> (u32, u32) {
    if (5..=8).contains(&orientation) {
        (upright.1, upright.0)
    } else {
        upright
    }
}

/// One scanned file with its photo's geometry.
struct ScannedFile {
    path: PathBuf,
    display: String,
    photo_id: i64,
    width: u32,
    height: u32,
    orientation: u16,
}

fn scanned_files(store: &Store) -> Result<Vec<ScannedFile>> {
    let mut stmt = store.connection().prepare(
        "SELECT files.path, files.display_path, photos.id, photos.width, photos.height, photos.orientation,
                photos.turn
         FROM files JOIN photos ON photos.id = files.photo_id
         WHERE files.status = 'done' ORDER BY files.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let raw: Vec<u8> = r.get(0)?;
        Ok(ScannedFile {
            path: path_from_bytes(raw),
            display: r.get(1)?,
            photo_id: r.get(2)?,
            width: r.get(3)?,
            height: r.get(4)?,
            // A photo Kindred found turned is shown (and its boxes are) in the turned
            // frame: the stored image reaches it by the EXIF orientation, then the turn.
            orientation: crate::photo::Turn::from_degrees(r.get(6)?)
                .unwrap_or_default()
                .after_orientation(r.get::<_, i64>(5)? as u16),
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(unix)]
fn path_from_bytes(raw: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(raw))
}

#[cfg(not(unix))]
fn path_from_bytes(raw: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&raw).into_owned())
}

/// Faces of one photo: (id, upright box).
fn faces_of(store: &Store, photo_id: i64) -> Result<Vec<(i64, Rect)>> {
    let mut stmt = store
        .connection()
        .prepare_cached("SELECT id, left, top, right, bottom FROM faces WHERE photo_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([photo_id], |r| {
        Ok((r.get(0)?, Rect::new(r.get::<_, f64>(1)? as f32, r.get::<_, f64>(2)? as f32, r.get::<_, f64>(3)? as f32, r.get::<_, f64>(4)? as f32)))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Writes the confirmed names of each scanned photo to its XMP sidecar.
pub fn export_regions(store: &Store) -> Result<XmpExportSummary> {
    let mut names_stmt = store.connection().prepare(
        "SELECT p.name, f.left, f.top, f.right, f.bottom
         FROM face_facts ff JOIN faces f ON f.id = ff.face_id JOIN people p ON p.id = ff.person_id
         WHERE ff.kind = 'confirmed' AND f.photo_id = ?1 ORDER BY f.id",
    )?;
    let mut summary = XmpExportSummary::default();
    for file in scanned_files(store)? {
        let named: Vec<(String, Rect)> = names_stmt
            .query_map([file.photo_id], |r| {
                Ok((r.get(0)?, Rect::new(r.get::<_, f64>(1)? as f32, r.get::<_, f64>(2)? as f32, r.get::<_, f64>(3)? as f32, r.get::<_, f64>(4)? as f32)))
            })?
            .collect::<std::result::Result<_, _>>()?;
        if named.is_empty() {
            continue;
        }
        let upright = (file.width as f32, file.height as f32);
        let (sw, sh) = stored_size((file.width, file.height), file.orientation);
        let regions: Vec<(String, NormRect)> = named
            .iter()
            .map(|(name, r)| {
                let stored = map_rect(r, |p| upright_to_stored(p, upright, file.orientation));
                // Detector boxes may reach past the border; MWG areas stay inside the image.
                let inside = Rect::new(
                    stored.left.max(0.0),
                    stored.top.max(0.0),
                    stored.right.min(sw as f32),
                    stored.bottom.min(sh as f32),
                );
                (name.clone(), NormRect::from_pixels(&inside, sw, sh))
            })
            .collect();
        match xmp::write_sidecar(&file.path, sw, sh, &regions) {
            Ok(path) => {
                summary.regions += regions.len();
                summary.sidecars_written.push(path);
            }
            Err(e) => summary.refused.push((file.display.clone(), e.to_string())),
        }
    }
    Ok(summary)
}

/// Reads MWG face regions from every scanned photo's sidecar (or, without one, from
/// the XMP inside the JPEG) and records each named region that lies on a detected face
/// (overlap >= 0.3) as a confirmed name: one undoable action per name.
pub fn import_regions(store: &mut Store) -> Result<XmpImportSummary> {
    let mut summary = XmpImportSummary::default();
    let mut by_name: BTreeMap<String, Vec<FaceId>> = BTreeMap::new();
    for file in scanned_files(store)? {
        let regions = match xmp::read_sidecar_regions(&file.path)? {
            Some((_, r)) => Some(r),
            None => xmp::read_jpeg_regions(&file.path).ok().flatten(),
        };
        let Some(regions) = regions else { continue };
        let named = regions.named_faces();
        if named.is_empty() {
            continue;
        }
        summary.files_with_regions += 1;
        let faces = faces_of(store, file.photo_id)?;
        let upright = (file.width as f32, file.height as f32);
        let (sw, sh) = stored_size((file.width, file.height), file.orientation);
        for (name, area) in named {
            summary.named_regions += 1;
            let stored = area.to_pixels(sw, sh);
            let rect = map_rect(&stored, |p| stored_to_upright(p, upright, file.orientation));
            let best = faces
                .iter()
                .map(|(id, b)| (b.iou(&rect), *id))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((iou, id)) if iou >= 0.3 => by_name.entry(name.trim().to_string()).or_default().push(FaceId(id)),
                _ => summary.unmatched += 1,
            }
        }
    }
    for (name, mut faces) in by_name {
        faces.sort();
        faces.dedup();
        summary.confirmed += move_faces(store, &faces, &name)?.changed;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_mapping_round_trips_and_matches_exif() {
        let upright = (300.0, 200.0);
        let p = Point::new(10.0, 20.0);
        for o in 1..=8u16 {
            let back = stored_to_upright(upright_to_stored(p, upright, o), upright, o);
            assert!((back.x - p.x).abs() < 1e-4 && (back.y - p.y).abs() < 1e-4, "orientation {o}");
        }
        // Orientation 6: the stored image is the upright one turned counter-clockwise, so
        // the upright top-left corner is the stored bottom-left corner.
        let s = upright_to_stored(Point::new(0.0, 0.0), upright, 6);
        assert_eq!((s.x, s.y), (0.0, 300.0));
        // Orientation 8: the upright top-left corner is stored at the top-right.
        let s = upright_to_stored(Point::new(0.0, 0.0), upright, 8);
        assert_eq!((s.x, s.y), (200.0, 0.0));
        assert_eq!(stored_size((300, 200), 6), (200, 300));
    }
}
