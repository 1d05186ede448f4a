//! Where the app keeps its database: `$KINDRED_DB` when set (tests use a temporary
//! file), otherwise the library the `kindred` command line uses too
//! (`kindred::store::Store::default_path()`, `~/.local/share/kindred/kindred.sqlite3`
//! on Linux), so a folder scanned with one is seen by the other.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

use crate::error::{IpcError, IpcResult};

/// File name of the library database inside the app-data folder.
pub const DB_FILE: &str = "kindred.sqlite3";

/// The database path for this run, creating its folder if needed.
pub fn database_path<R: Runtime>(app: &AppHandle<R>) -> IpcResult<PathBuf> {
    if let Some(p) = std::env::var_os("KINDRED_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    // Earlier builds kept the library in Tauri's per-identifier folder
    // (`~/.local/share/org.kindred.desktop/`): keep using it while the shared one does
    // not exist yet, so no library is left behind.
    let legacy = app.path().app_data_dir().ok().map(|d| d.join(DB_FILE));
    let path = choose(kindred::store::Store::default_path()?, legacy);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| IpcError::new("io", format!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(path)
}

/// The shared path, unless only the legacy file exists.
fn choose(shared: PathBuf, legacy: Option<PathBuf>) -> PathBuf {
    match legacy {
        Some(old) if !shared.exists() && old.is_file() => old,
        _ => shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_library_unless_only_the_old_one_exists() {
        let dir = std::env::temp_dir().join(format!("kindred-paths-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let shared = dir.join("shared.sqlite3");
        let old = dir.join("old.sqlite3");
        assert_eq!(choose(shared.clone(), Some(old.clone())), shared, "fresh user");
        std::fs::write(&old, b"").unwrap();
        assert_eq!(choose(shared.clone(), Some(old.clone())), old, "earlier library kept");
        std::fs::write(&shared, b"").unwrap();
        assert_eq!(choose(shared.clone(), Some(old)), shared, "shared library wins");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
