//! Finding the files of a library: a recursive walk that follows symbolic links (with
//! loop detection) and leaves out hidden and system folders.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use walkdir::{DirEntry, WalkDir};

use crate::error::{Error, Result};
use crate::store::NewFile;

/// Folder names that never hold the user's photos: NAS thumbnail caches, recycle bins,
/// OS metadata, dependency trees. Hidden names (leading dot) are left out as well.
const SYSTEM_DIRS: &[&str] = &[
    "@eaDir",
    "@Recycle",
    "#recycle",
    "#snapshot",
    "$RECYCLE.BIN",
    "System Volume Information",
    "lost+found",
    "node_modules",
    "__MACOSX",
];

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Regular files (symbolic links resolved), in walk order.
    pub(crate) files: Vec<NewFile>,
    /// Directories that could not be listed: files known under them are not marked
    /// missing, since they may well still be there.
    pub unreadable_dirs: Vec<PathBuf>,
    /// Human-readable problems met on the way (unreadable folders, symlink loops).
    pub problems: Vec<String>,
    /// Entries the scan cannot analyse and records as skipped, with why: FIFOs,
    /// devices, sockets, folders named like a photo, symbolic link loops, dangling
    /// links, folders that cannot be listed.
    pub(crate) passed_over: Vec<PassedOver>,
}

/// An entry passed over by the walk.
#[derive(Debug, Clone)]
pub(crate) struct PassedOver {
    /// The entry as found (a link's own path, not its target), with the size and mtime
    /// of what the path leads to, or of the link itself when it leads nowhere.
    pub file: NewFile,
    /// `not_a_file`, `link_loop`, `dangling_link` or `unreadable_folder`.
    pub code: &'static str,
    pub reason: String,
}

/// File name extensions of photos: a folder named like this is worth a word, since
/// the user may be looking for "x.jpg" in the library.
const PHOTO_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "jpe", "png", "webp", "gif", "tif", "tiff", "bmp", "heic", "heif",
];

fn named_like_a_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn passed_over(path: &Path, meta: Option<&std::fs::Metadata>, code: &'static str, reason: String) -> PassedOver {
    // A dangling link or a loop has no target to measure: use the link itself.
    let own = std::fs::symlink_metadata(path).ok();
    let meta = meta.or(own.as_ref());
    PassedOver {
        file: NewFile {
            path: path.to_path_buf(),
            size: meta.map_or(0, |m| m.len()),
            mtime_ns: meta.map_or(0, mtime_ns),
        },
        code,
        reason,
    }
}

/// Why walkdir could not go on at an entry, as a passed-over record (None when the
/// error has no path).
fn passed_over_error(e: &walkdir::Error, root: &Path) -> Option<PassedOver> {
    let path = e.path()?;
    if let Some(ancestor) = e.loop_ancestor() {
        return Some(passed_over(
            path,
            None,
            "link_loop",
            format!("symbolic link loop (leads back to {})", ancestor.display()),
        ));
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let io = e.io_error();
    #[cfg(unix)]
    if io.and_then(std::io::Error::raw_os_error) == Some(libc::ELOOP) {
        return Some(passed_over(
            path,
            None,
            "link_loop",
            "symbolic link loop (the link leads back to itself)".into(),
        ));
    }
    if is_link && io.is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Some(passed_over(
            path,
            None,
            "dangling_link",
            format!("symbolic link to {target}, which does not exist"),
        ));
    }
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir()) || path == root;
    let what = io.map_or_else(|| e.to_string(), |io| crate::error::one_line(&io.to_string()));
    if is_dir {
        Some(passed_over(path, None, "unreadable_folder", format!("folder cannot be listed ({what})")))
    } else {
        Some(passed_over(path, None, "io", format!("cannot be examined ({what})")))
    }
}

/// Turns a root given by the user into the absolute form paths are stored under.
pub fn normalize_root(root: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(root).map_err(|e| Error::Io {
        path: root.into(),
        source: e,
    })?;
    if !meta.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is not a folder",
            root.display()
        )));
    }
    // canonicalize on Windows yields `\\?\` paths that users do not recognise.
    if cfg!(windows) {
        std::path::absolute(root).map_err(|e| Error::Io {
            path: root.into(),
            source: e,
        })
    } else {
        root.canonicalize().map_err(|e| Error::Io {
            path: root.into(),
            source: e,
        })
    }
}

fn is_excluded(entry: &DirEntry) -> bool {
    if entry.depth() == 0 {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || (entry.file_type().is_dir() && SYSTEM_DIRS.contains(&name.as_ref()))
}

/// Modification time in nanoseconds since the Unix epoch (negative before 1970).
pub(crate) fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    match meta.modified() {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos().min(i64::MAX as u128) as i64,
            Err(e) => -(e.duration().as_nanos().min(i64::MAX as u128) as i64),
        },
        Err(_) => 0,
    }
}

/// Walks every root (already normalised); stops early, returning what it has, when
/// `cancel` is set.
pub fn walk(roots: &[PathBuf], cancel: &AtomicBool) -> Walked {
    let mut out = Walked::default();
    for root in roots {
        let it = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_excluded(e));
        for entry in it {
            if cancel.load(Ordering::Relaxed) {
                return out;
            }
            match entry {
                Ok(entry) => {
                    let kind = entry.file_type();
                    if kind.is_dir() {
                        if entry.depth() > 0 && named_like_a_photo(entry.path()) {
                            out.passed_over.push(passed_over(
                                entry.path(),
                                entry.metadata().ok().as_ref(),
                                "not_a_file",
                                "a folder named like a photo (the photos inside it are scanned)".into(),
                            ));
                        }
                        continue;
                    }
                    match entry.metadata() {
                        Ok(meta) if kind.is_file() => out.files.push(NewFile {
                            path: entry.into_path(),
                            size: meta.len(),
                            mtime_ns: mtime_ns(&meta),
                        }),
                        Ok(meta) => {
                            // FIFO, device, socket: reading it could block or never end.
                            let what = crate::photo::not_a_file_kind(&meta).unwrap_or("not a regular file");
                            out.passed_over.push(passed_over(
                                entry.path(),
                                Some(&meta),
                                "not_a_file",
                                format!("{what}, not a photo file"),
                            ));
                        }
                        Err(e) => {
                            out.problems.push(format!("{}: {e}", entry.path().display()));
                            if let Some(p) = passed_over_error(&e, root) {
                                out.passed_over.push(p);
                            }
                        }
                    }
                }
                Err(e) => {
                    if let Some(ancestor) = e.loop_ancestor() {
                        out.problems.push(format!(
                            "symbolic link loop at {} (back to {})",
                            e.path()
                                .map(|p| p.display().to_string())
                                .unwrap_or_default(),
                            ancestor.display()
                        ));
                    } else {
                        if let Some(p) = e.path() {
                            // A dangling symlink is not a folder we failed to read.
                            if std::fs::symlink_metadata(p)
                                .map(|m| !m.file_type().is_symlink())
                                .unwrap_or(false)
                                || p == root
                            {
                                out.unreadable_dirs.push(p.to_path_buf());
                            }
                        }
                        out.problems.push(e.to_string());
                    }
                    if let Some(p) = passed_over_error(&e, root) {
                        out.passed_over.push(p);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn skips_hidden_and_system_folders_and_survives_symlink_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["a", ".git", "@eaDir", "node_modules", "a/b"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
            std::fs::write(root.join(sub).join("x.jpg"), b"x").unwrap();
        }
        std::fs::write(root.join("a/.hidden.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("a/b/loop")).unwrap();
        let root = normalize_root(root).unwrap();
        let w = walk(std::slice::from_ref(&root), &AtomicBool::new(false));
        let mut names: Vec<_> = w
            .files
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().to_path_buf())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![PathBuf::from("a/b/x.jpg"), PathBuf::from("a/x.jpg")]
        );
        assert!(
            w.problems.iter().any(|p| p.contains("loop")),
            "{:?}",
            w.problems
        );
        assert!(w.unreadable_dirs.is_empty());
    }
}
