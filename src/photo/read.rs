//! Reading a photo file from disk, guarded: the one way every part of Kindred (scan,
//! `kindred faces`, compare, search by photo, drawn faces, the app's image scheme) gets
//! a photo's bytes.
//!
//! A path named `x.jpg` can be anything: a FIFO (reading blocks until some writer
//! comes, possibly never), a link to `/dev/zero` (reads never end), a folder, a socket,
//! a file of many gigabytes. So before reading: the path must lead to a regular file,
//! checked on the path and again on the opened file (the path may be swapped between
//! the two), the file is opened non-blocking (opening a FIFO would otherwise wait for a
//! writer), its size must be within the caller's cap, its first bytes must be those of
//! a photo, and the read itself stops at the cap in case the file grows meanwhile.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

use super::format::{describe_unknown, sniff_format, SNIFF_LEN};
use crate::{Error, Result};

/// The whole content of the photo file at `path` (symbolic links followed), or a typed
/// error: `NotAFile` (FIFO, device, socket, folder), `FileTooLarge` (above
/// `max_file_bytes`), `EmptyFile`, `NotAnImage` (content is not a photo format Kindred
/// recognises; read no further than its first bytes), `Io` (missing, unreadable).
pub fn read_photo_file(path: &Path, max_file_bytes: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let (mut file, info) = open_checked(path, max_file_bytes)?;

    let mut head = [0u8; SNIFF_LEN];
    let mut n = 0;
    while n < SNIFF_LEN {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    if n == 0 {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    if sniff_format(&head[..n]).is_none() {
        return Err(Error::NotAnImage {
            path: path.to_path_buf(),
            reason: describe_unknown(&head[..n]),
        });
    }
    let mut bytes = Vec::with_capacity(info.len().min(max_file_bytes) as usize + 1);
    bytes.extend_from_slice(&head[..n]);
    // One byte past the cap tells a file that grew beyond it from one that ends there.
    let rest = (max_file_bytes + 1).saturating_sub(n as u64);
    file.take(rest).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max_file_bytes {
        return Err(Error::FileTooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit_bytes: max_file_bytes,
        });
    }
    Ok(bytes)
}

/// Opens the photo file at `path` for reading with the same guards as
/// [`read_photo_file`] (regular file, at most `max_file_bytes`), for callers that read
/// only part of it (the XMP packet of a JPEG).
pub fn open_photo_file(path: &Path, max_file_bytes: u64) -> Result<File> {
    Ok(open_checked(path, max_file_bytes)?.0)
}

fn open_checked(path: &Path, max_file_bytes: u64) -> Result<(File, Metadata)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // Refuse on the path first so that a FIFO or a device is never even opened.
    let info = std::fs::metadata(path).map_err(io)?;
    check_file(path, &info, max_file_bytes)?;
    let file = open_nonblocking(path).map_err(io)?;
    // Again on what was opened: the path may have changed since the check above.
    let info = file.metadata().map_err(io)?;
    check_file(path, &info, max_file_bytes)?;
    Ok((file, info))
}

/// What kind of non-regular file `info` describes, for messages ("a FIFO", ...);
/// `None` for a regular file.
pub fn not_a_file_kind(info: &Metadata) -> Option<&'static str> {
    let t = info.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn check_file(path: &Path, info: &Metadata, max_file_bytes: u64) -> Result<()> {
    if let Some(what) = not_a_file_kind(info) {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            what: what.into(),
        });
    }
    if info.len() > max_file_bytes {
        return Err(Error::FileTooLarge {
            path: path.to_path_buf(),
            bytes: info.len(),
            limit_bytes: max_file_bytes,
        });
    }
    Ok(())
}

fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading waits for a writer unless O_NONBLOCK is given; on a
        // regular file the flag changes nothing.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_swapped_in_after_the_check_is_still_refused_without_blocking() {
        // The second check (on the opened file) is what catches this; opening must not
        // block either.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.jpg");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let file = open_nonblocking(&fifo).unwrap();
        let info = file.metadata().unwrap();
        match check_file(&fifo, &info, 1 << 20) {
            Err(Error::NotAFile { what, .. }) => assert_eq!(what, "a FIFO (named pipe)"),
            other => panic!("expected NotAFile, got {other:?}"),
        }
    }
}
