//! What the library's disk allows: whether the database file and its folder can be
//! written (a library on a read-only share or a CD is opened read-only), and how much
//! room is left (for a disk-full message that says how bad it is).

use std::path::Path;

/// Whether this process may write `path` (the real check, `access(2)`: it knows about
/// root, read-only mounts and ACLs, which permission bits alone do not).
pub(crate) fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

/// The folder holding the database file `path` ("." for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether a library at `path` (which exists) can be changed: SQLite writes the file
/// and creates its `-wal` and `-shm` files beside it.
pub(crate) fn library_writable(path: &Path) -> bool {
    writable(path) && writable(folder_of(path))
}

/// Bytes free for this process on the disk holding `path` (or, when `path` does not
/// exist, its folder); `None` when the system does not say.
pub fn free_bytes(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let at = if path.exists() { path } else { folder_of(path) };
        let c = std::ffi::CString::new(at.as_os_str().as_bytes()).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
        // SAFETY: valid path string and a buffer of the right type for the result.
        if unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: statvfs succeeded, so it filled the buffer.
        let st = unsafe { st.assume_init() };
        Some(u64::from(st.f_bavail).saturating_mul(u64::from(st.f_frsize)))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temp_folder_is_writable_and_has_room() {
        let dir = tempfile::tempdir().unwrap();
        assert!(writable(dir.path()));
        assert!(!writable(&dir.path().join("missing")));
        assert!(free_bytes(&dir.path().join("not-yet.sqlite3")).is_some_and(|b| b > 0));
        assert_eq!(folder_of(Path::new("k.sqlite3")), Path::new("."));
    }
}
