//! Files and photos: where each scanned path stands (done, skipped with a reason,
//! missing) and which distinct photo content it holds.
//!
//! Paths are stored twice: the raw OS bytes (`files.path`, the key, exact even for
//! non-UTF-8 names) and a lossy UTF-8 `display_path` for people and exports.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::{now_unix, Store};
use crate::error::Result;

/// Row id of a distinct photo content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PhotoId(pub i64);

/// Where a file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Analysed (or matched by content hash to an analysed photo).
    Done,
    /// Could not be analysed; `skip_code` / `skip_reason` say why.
    Skipped,
    /// Was seen by an earlier scan and is gone now; its photo and faces are kept.
    Missing,
}

impl FileStatus {
    fn parse(s: &str) -> FileStatus {
        match s {
            "done" => FileStatus::Done,
            "skipped" => FileStatus::Skipped,
            _ => FileStatus::Missing,
        }
    }
}

/// One scanned path.
#[derive(Debug, Clone, Serialize)]
pub struct FileRecord {
    pub id: i64,
    #[serde(skip)]
    pub path: PathBuf,
    /// The path as scanned, lossily converted to UTF-8.
    pub display_path: String,
    pub size: u64,
    pub mtime_ns: i64,
    pub photo_id: Option<PhotoId>,
    pub status: FileStatus,
    pub skip_code: Option<String>,
    pub skip_reason: Option<String>,
}

/// A file that could not be analysed, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    pub path: String,
    /// Stable code of the error (see `Error::code`).
    pub code: String,
    pub reason: String,
}

/// Byte-identical files: one photo content found at several paths.
#[derive(Debug, Clone, Serialize)]
pub struct CopyGroup {
    pub photo_id: PhotoId,
    /// Present paths holding this content, the first-scanned first.
    pub paths: Vec<String>,
}

/// What the scanner remembers about a known path, to decide whether to look again.
#[derive(Debug, Clone)]
pub(crate) struct KnownFile {
    pub id: i64,
    pub size: u64,
    pub mtime_ns: i64,
    pub status: FileStatus,
    pub skip_code: Option<String>,
}

/// A file as found by the walk.
#[derive(Debug, Clone)]
pub(crate) struct NewFile {
    pub path: PathBuf,
    pub size: u64,
    pub mtime_ns: i64,
}

/// Exact bytes of a path, the database key.
pub(crate) fn path_key(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
}

pub(crate) fn path_from_key(key: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(key))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(key).into_owned())
    }
}

/// Every known path with its size, mtime and status.
pub(crate) fn load_known(conn: &Connection) -> Result<HashMap<Vec<u8>, KnownFile>> {
    let mut stmt = conn.prepare("SELECT path, id, size, mtime_ns, status, skip_code FROM files")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            KnownFile {
                id: r.get(1)?,
                size: r.get::<_, i64>(2)? as u64,
                mtime_ns: r.get(3)?,
                status: FileStatus::parse(&r.get::<_, String>(4)?),
                skip_code: r.get(5)?,
            },
        ))
    })?;
    let mut known = HashMap::new();
    for row in rows {
        let (k, v) = row?;
        known.insert(k, v);
    }
    Ok(known)
}

/// Content hashes of every analysed photo.
pub(crate) fn known_hashes(conn: &Connection) -> Result<HashSet<[u8; 32]>> {
    let mut stmt = conn.prepare("SELECT content_hash FROM photos")?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    let mut set = HashSet::new();
    for row in rows {
        if let Ok(h) = <[u8; 32]>::try_from(row?.as_slice()) {
            set.insert(h);
        }
    }
    Ok(set)
}

pub(crate) fn photo_by_hash(tx: &Transaction, hash: &[u8; 32]) -> Result<Option<PhotoId>> {
    Ok(tx
        .prepare_cached("SELECT id FROM photos WHERE content_hash = ?1")?
        .query_row([&hash[..]], |r| r.get(0))
        .optional()?
        .map(PhotoId))
}

/// Metadata of a newly analysed photo content.
pub(crate) struct NewPhoto<'a> {
    pub hash: &'a [u8; 32],
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub turn: crate::photo::Turn,
    pub taken_at: Option<&'a str>,
    pub camera: Option<&'a str>,
}

pub(crate) fn insert_photo(tx: &Transaction, p: &NewPhoto) -> Result<PhotoId> {
    tx.prepare_cached(
        "INSERT INTO photos (content_hash, width, height, orientation, taken_at, camera, analyzed_at, turn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        &p.hash[..],
        p.width,
        p.height,
        p.orientation,
        p.taken_at,
        p.camera,
        now_unix(),
        p.turn.degrees()
    ])?;
    Ok(PhotoId(tx.last_insert_rowid()))
}

/// The result recorded for a path.
pub(crate) enum FileOutcome<'a> {
    Done {
        photo: PhotoId,
        hash: &'a [u8; 32],
    },
    Skipped {
        hash: Option<&'a [u8; 32]>,
        code: &'a str,
        reason: &'a str,
    },
}

/// Inserts or replaces the row of `file.path`: a path that had another content before
/// now points at the new one (the old photo and its faces stay).
pub(crate) fn upsert_file(tx: &Transaction, file: &NewFile, outcome: &FileOutcome) -> Result<()> {
    let (hash, photo, status, code, reason) = match outcome {
        FileOutcome::Done { photo, hash } => (Some(&hash[..]), Some(photo.0), "done", None, None),
        FileOutcome::Skipped { hash, code, reason } => (
            hash.map(|h| &h[..]),
            None,
            "skipped",
            Some(*code),
            Some(*reason),
        ),
    };
    tx.prepare_cached(
        "INSERT INTO files (path, display_path, size, mtime_ns, content_hash, photo_id, status,
                            skip_code, skip_reason, seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (path) DO UPDATE SET
            display_path = excluded.display_path, size = excluded.size,
            mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash,
            photo_id = excluded.photo_id, status = excluded.status,
            skip_code = excluded.skip_code, skip_reason = excluded.skip_reason,
            seen_at = excluded.seen_at",
    )?
    .execute(params![
        path_key(&file.path),
        file.path.to_string_lossy(),
        file.size as i64,
        file.mtime_ns,
        hash,
        photo,
        status,
        code,
        reason,
        now_unix()
    ])?;
    Ok(())
}

/// Marks files as missing (they keep their photo link, so faces and decisions stay).
pub(crate) fn mark_missing(conn: &mut Connection, ids: &[i64]) -> Result<usize> {
    let tx = conn.transaction()?;
    let mut n = 0;
    {
        let mut stmt = tx
            .prepare("UPDATE files SET status = 'missing' WHERE id = ?1 AND status <> 'missing'")?;
        for id in ids {
            n += stmt.execute([id])?;
        }
    }
    tx.commit()?;
    Ok(n)
}

/// Forgets missing paths whose content is present at another path: the file was moved,
/// renamed, or was one of several copies. The photo and its faces are untouched.
pub(crate) fn forget_moved(conn: &Connection) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM files WHERE status = 'missing' AND photo_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM files AS other
                       WHERE other.photo_id = files.photo_id AND other.status = 'done')",
        [],
    )?)
}

fn file_from_row(r: &rusqlite::Row) -> rusqlite::Result<FileRecord> {
    Ok(FileRecord {
        id: r.get(0)?,
        path: path_from_key(&r.get::<_, Vec<u8>>(1)?),
        display_path: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64,
        mtime_ns: r.get(4)?,
        photo_id: r.get::<_, Option<i64>>(5)?.map(PhotoId),
        status: FileStatus::parse(&r.get::<_, String>(6)?),
        skip_code: r.get(7)?,
        skip_reason: r.get(8)?,
    })
}

const FILE_COLUMNS: &str =
    "id, path, display_path, size, mtime_ns, photo_id, status, skip_code, skip_reason";

impl Store {
    /// Every known file, in scan order.
    pub fn files(&self) -> Result<Vec<FileRecord>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {FILE_COLUMNS} FROM files ORDER BY id"))?;
        let rows = stmt.query_map([], file_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The record of one path, exactly as scanned.
    pub fn file(&self, path: &Path) -> Result<Option<FileRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {FILE_COLUMNS} FROM files WHERE path = ?1"),
                [path_key(path)],
                file_from_row,
            )
            .optional()?)
    }

    /// A present file holding `photo`'s content (the first scanned, when there are
    /// copies), or None when no file of the library holds it now.
    pub fn photo_file(&self, photo: PhotoId) -> Result<Option<FileRecord>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {FILE_COLUMNS} FROM files WHERE photo_id = ?1 AND status = 'done'
                 ORDER BY id LIMIT 1"
            ))?
            .query_row([photo.0], file_from_row)
            .optional()?)
    }

    /// The content of `photo` as it was scanned, read again from a present file (see
    /// [`Store::photo_file`]), with that file. An `invalid` error says so when no file of
    /// the library holds the photo now or the file changed since the scan.
    pub fn read_scanned_photo(&self, photo: PhotoId, max_file_bytes: u64) -> Result<(FileRecord, Vec<u8>)> {
        use crate::error::Error;
        let file = self
            .photo_file(photo)?
            .ok_or_else(|| Error::Invalid(format!("photo {} has no file in the library now: rescan its folder", photo.0)))?;
        let changed =
            || Error::Invalid(format!("{} changed since it was scanned: rescan its folder first", file.display_path));
        // It was a photo when scanned: content that is no photo now means it changed.
        let bytes = crate::photo::read_photo_file(&file.path, max_file_bytes).map_err(|e| match e {
            Error::NotAnImage { .. } | Error::EmptyFile { .. } | Error::FileTooLarge { .. } => changed(),
            e => e,
        })?;
        if self.photo_hash(photo)? != Some(crate::scan::hash::content_hash(&bytes)) {
            return Err(changed());
        }
        Ok((file, bytes))
    }

    /// Photos with a present file in which no face was found (nor drawn), by path: where
    /// the user looks for faces the detector missed.
    pub fn photos_without_faces(&self) -> Result<Vec<(PhotoId, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, path FROM (
               SELECT p.id, (SELECT display_path FROM files f WHERE f.photo_id = p.id AND f.status = 'done'
                             ORDER BY f.id LIMIT 1) AS path
                 FROM photos p WHERE NOT EXISTS (SELECT 1 FROM faces WHERE faces.photo_id = p.id))
             WHERE path IS NOT NULL ORDER BY path",
        )?;
        let rows = stmt.query_map([], |r| Ok((PhotoId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The turn the face pipeline gave `photo` (see [`crate::photo::Turn`]); `None` when
    /// there is no such photo.
    pub fn photo_turn(&self, photo: PhotoId) -> Result<Option<crate::photo::Turn>> {
        let degrees: Option<u16> = self
            .conn
            .prepare_cached("SELECT turn FROM photos WHERE id = ?1")?
            .query_row([photo.0], |r| r.get(0))
            .optional()?;
        // The column's CHECK allows only the four turns.
        Ok(degrees.map(|d| crate::photo::Turn::from_degrees(d).unwrap_or_default()))
    }

    /// The content hash of a photo.
    pub fn photo_hash(&self, photo: PhotoId) -> Result<Option<[u8; 32]>> {
        let v: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT content_hash FROM photos WHERE id = ?1")?
            .query_row([photo.0], |r| r.get(0))
            .optional()?;
        Ok(v.and_then(|b| b.try_into().ok()))
    }

    /// Files that could not be analysed, with their reasons, by path.
    pub fn skipped(&self) -> Result<Vec<SkippedFile>> {
        let mut stmt = self.conn.prepare(
            "SELECT display_path, skip_code, skip_reason FROM files
             WHERE status = 'skipped' ORDER BY display_path",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SkippedFile {
                path: r.get(0)?,
                code: r.get(1)?,
                reason: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Photo contents present at more than one path (byte-identical copies).
    pub fn copies(&self) -> Result<Vec<CopyGroup>> {
        let mut stmt = self.conn.prepare(
            "SELECT photo_id, display_path FROM files
             WHERE status = 'done' AND photo_id IN
               (SELECT photo_id FROM files WHERE status = 'done'
                GROUP BY photo_id HAVING count(*) > 1)
             ORDER BY photo_id, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((PhotoId(r.get(0)?), r.get::<_, String>(1)?)))?;
        let mut groups: Vec<CopyGroup> = Vec::new();
        for row in rows {
            let (photo_id, path) = row?;
            match groups.last_mut() {
                Some(g) if g.photo_id == photo_id => g.paths.push(path),
                _ => groups.push(CopyGroup {
                    photo_id,
                    paths: vec![path],
                }),
            }
        }
        Ok(groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn non_utf8_path_round_trips() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9/\xff.jpg"));
        assert_eq!(path_from_key(&path_key(p)), p);
    }
}
