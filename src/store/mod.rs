//! The library database: one SQLite file that keeps every scanned file, every distinct
//! photo content and every face, and survives crashes, re-scans and moved files.
//!
//! The schema is embedded as forward-only migrations (`migrations/*.sql`, described in
//! `docs/schema.md`); each migration runs in its own transaction, so a database is never
//! left half-migrated. Connections use WAL (readers never block the single writer),
//! foreign keys and a busy timeout.

mod disk;
mod export;
pub(crate) mod faces;
pub(crate) mod photos;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

pub use disk::free_bytes;
pub use export::{export, ExportFormat};
pub use faces::{decode_descriptor, encode_descriptor, FaceId, StoredFace};
pub use photos::{CopyGroup, FileRecord, FileStatus, PhotoId, SkippedFile};
pub(crate) use photos::{KnownFile, NewFile};

/// How long a connection waits for a lock held by another process before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Page size of new databases (see `Store::open`).
const PAGE_SIZE: i64 = 16384;

/// File name of the database inside the app-data directory.
const DEFAULT_FILE_NAME: &str = "kindred.sqlite3";

fn migrations() -> Migrations<'static> {
    Migrations::new(migration_steps())
}

/// The schema version this Kindred writes (the number of migrations).
pub fn schema_version_supported() -> u32 {
    migration_steps().len() as u32
}

fn migration_steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up(include_str!("migrations/002_people.sql")),
        M::up(include_str!("migrations/003_manual_faces.sql")),
        M::up(include_str!("migrations/004_face_quality.sql")),
        M::up(include_str!("migrations/005_photo_turn.sql")),
    ]
}

/// An open, migrated library database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Row counts, for summaries and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Distinct photo contents that were analysed.
    pub photos: u64,
    /// Files (paths) known, in any status.
    pub files: u64,
    pub files_done: u64,
    pub files_skipped: u64,
    pub files_missing: u64,
    pub faces: u64,
}

/// Brings the schema up to date. Two processes (or threads) opening a new database at
/// once both see an old version; the one that loses the race fails inside its
/// transaction (which rolls back, so nothing is half-migrated) and then finds the
/// schema already migrated by the winner.
fn migrate(conn: &mut Connection) -> std::result::Result<(), rusqlite_migration::Error> {
    let mut attempt = 0;
    loop {
        match migrations().to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(_) if attempt < 20 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(25 * attempt));
            }
            Err(e) => return Err(e),
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and writing and
    /// brings its schema up to date. A library whose file or folder is not writable is
    /// `ReadOnly` (commands that only read use [`Store::open_to_read`]); one written by a
    /// newer Kindred is `NewerLibrary`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_read_write(path).map_err(|e| e.in_library(path))
    }

    /// Opens the library at `path` for a command or view that only reads: like
    /// [`Store::open`] when the library can be written (so an old schema is brought up to
    /// date), read-only when its file or folder is not writable (a library on a
    /// read-only share, disk or folder can still be browsed, searched and exported).
    pub fn open_to_read(path: &Path) -> Result<Store> {
        if path.exists() && !disk::library_writable(path) {
            return Store::open_read_only(path).map_err(|e| e.in_library(path));
        }
        Store::open(path)
    }

    /// The read-only opening: no file is created or changed, not even SQLite's `-shm`.
    fn open_read_only(path: &Path) -> Result<Store> {
        let context = |e: rusqlite::Error| match Error::from(e) {
            Error::Database(m) => Error::Database(format!("{}: {m}", path.display())),
            other => other,
        };
        let wal = wal_path(path);
        let pending = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        // With no write-ahead log left, the file alone is the whole library and SQLite
        // may read it as immutable (no locks, no -shm file to create). Changes still in
        // the log need SQLite's shared memory; that works when the -shm file exists.
        let uri = format!(
            "file:{}?{}",
            uri_path(path),
            if pending { "mode=ro" } else { "immutable=1" }
        );
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(context)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(context)?;
        let version: u32 = match conn.query_row("PRAGMA user_version", [], |r| r.get(0)) {
            Ok(v) => v,
            Err(_) if pending => {
                return Err(Error::ReadOnly {
                    path: path.to_path_buf(),
                    what: format!(
                        "its last changes, in {}, can only be read with write access to the folder",
                        wal.display()
                    ),
                })
            }
            Err(e) => return Err(context(e)),
        };
        check_not_newer(path, version)?;
        if version < schema_version_supported() {
            return Err(Error::ReadOnly {
                path: path.to_path_buf(),
                what: format!(
                    "it was written by an older Kindred (schema {version} < {}) and must be upgraded once: make it writable and open it again",
                    schema_version_supported()
                ),
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn open_read_write(path: &Path) -> Result<Store> {
        if path.exists() && !disk::library_writable(path) {
            return Err(Error::ReadOnly {
                path: path.to_path_buf(),
                what: crate::error::READ_ONLY_HINT.into(),
            });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                Error::Database(format!("cannot create directory {}: {e}", parent.display()))
            })?;
        }
        let context = |e: rusqlite::Error| match Error::from(e) {
            Error::Database(m) => Error::Database(format!("{}: {m}", path.display())),
            other => other,
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(context)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(context)?;
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(context)?;
        check_not_newer(path, version)?;
        // Face crops are 2-6 KB: with the default 4 KB pages most pages would hold one
        // crop and a lot of slack. Only takes effect when the file is created.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(context)?;
        // WAL must be set outside a transaction; it persists in the file once set.
        // Switching to WAL needs a moment alone with the file; a concurrent first open
        // gets "database is locked" without the busy handler being asked, so wait here.
        let mut attempt = 0u64;
        let mode: String = loop {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::DatabaseBusy && attempt < 40 =>
                {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(5 * attempt));
                }
                other => break other.map_err(context)?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Database(format!(
                "{}: cannot switch to WAL journal (got {mode}); is the directory writable?",
                path.display()
            )));
        }
        // NORMAL is durable against process crashes (kill -9) in WAL mode; only an OS crash
        // can lose the last transactions, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(context)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(context)?;
        migrate(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. }
                if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) =>
            {
                Error::from(err)
            }
            e => Error::Database(format!(
                "{}: migrating the schema failed: {e}",
                path.display()
            )),
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the database at its default place in the platform's app-data directory.
    pub fn open_default() -> Result<Store> {
        Store::open(&Store::default_path()?)
    }

    /// The default database path: `<app data dir>/kindred.sqlite3`
    /// (e.g. `~/.local/share/kindred/` on Linux).
    pub fn default_path() -> Result<PathBuf> {
        let dirs =
            directories::ProjectDirs::from("org", "Kindred", "kindred").ok_or_else(|| {
                Error::Database("no home directory: pass an explicit database path".into())
            })?;
        Ok(dirs.data_dir().join(DEFAULT_FILE_NAME))
    }

    /// Where this database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for the other stages (clustering, people) that add
    /// their own queries. Writers must keep multi-row changes in one transaction.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Schema version (number of applied migrations).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; returns every
    /// problem found (empty when the database is sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: table {} rowid {:?} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            photos: one("SELECT count(*) FROM photos")?,
            files: one("SELECT count(*) FROM files")?,
            files_done: one("SELECT count(*) FROM files WHERE status = 'done'")?,
            files_skipped: one("SELECT count(*) FROM files WHERE status = 'skipped'")?,
            files_missing: one("SELECT count(*) FROM files WHERE status = 'missing'")?,
            faces: one("SELECT count(*) FROM faces")?,
        })
    }

    /// Moves the WAL content into the main file, so the file size is the real size.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// `NewerLibrary` when the library's schema is ahead of this Kindred's.
fn check_not_newer(path: &Path, version: u32) -> Result<()> {
    let supported = schema_version_supported();
    if version > supported {
        return Err(Error::NewerLibrary {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    Ok(())
}

/// SQLite's write-ahead log beside the database file.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// `path` for a `file:` URI: every byte but unreserved ones percent-encoded (a path may
/// hold `?`, `#`, `%` or bytes that are not UTF-8).
fn uri_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Current time as unix seconds, for `analyzed_at` / `seen_at`.
pub(crate) fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn opens_twice_and_keeps_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/k.sqlite3");
        // Migrations 001-003 and 005 (004 comes from another branch).
        let v = Store::open(&path).unwrap().schema_version().unwrap();
        assert_eq!(v, 5);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), 5);
        assert!(s.check().unwrap().is_empty());
        let fk: i64 = s
            .connection()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }
}
