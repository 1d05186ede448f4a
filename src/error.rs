//! The one error type of the core crate. Every failure a user can cause (a bad photo,
//! a missing model file, a database on a full disk) is a typed variant, never a panic.

use std::path::{Path, PathBuf};

/// Result with the core [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read (missing, permission denied, I/O error).
    #[error("cannot read {path}: {}", one_line(&source.to_string()))]
    Io { path: PathBuf, #[source] source: std::io::Error },
    /// The path leads to something that is not a regular file (a FIFO, a device, a
    /// folder, a socket): never opened for reading, since that could block or never end.
    #[error("{path}: {what}, not a photo file: Kindred reads regular files only")]
    NotAFile { path: PathBuf, what: String },
    /// The file is empty.
    #[error("{path}: empty file")]
    EmptyFile { path: PathBuf },
    /// The content is not an image format Kindred reads.
    #[error("{path}: not a supported image ({})", one_line(reason))]
    NotAnImage { path: PathBuf, reason: String },
    /// The image is damaged or truncated.
    #[error("{path}: corrupt or truncated image ({})", one_line(reason))]
    CorruptImage { path: PathBuf, reason: String },
    /// The image is larger than the decoder limits (a decompression bomb or a huge scan).
    #[error("{path}: image too large ({width}x{height}, limit {limit_pixels} pixels)")]
    ImageTooLarge { path: PathBuf, width: u32, height: u32, limit_pixels: u64 },
    /// The file is larger than the caller's limit (it would be read whole into memory).
    #[error("{path}: file too large ({bytes} bytes, limit {limit_bytes})")]
    FileTooLarge { path: PathBuf, bytes: u64, limit_bytes: u64 },
    /// A model file is missing or does not load.
    #[error("model {name}: {}", one_line(reason))]
    Model { name: String, reason: String },
    /// ONNX Runtime failed while running a model.
    #[error("inference failed: {}", one_line(.0))]
    Inference(String),
    /// The database failed.
    #[error("database: {}", one_line(.0))]
    Database(String),
    /// The library was written by a newer Kindred, with a schema this one does not know.
    #[error("{path}: written by a newer Kindred (schema {found} > {supported}): update Kindred to open this library")]
    NewerLibrary { path: PathBuf, found: u32, supported: u32 },
    /// The library cannot be changed: its file or its folder is not writable.
    #[error("{}", read_only_text(path, what))]
    ReadOnly { path: PathBuf, what: String },
    /// A write failed because the disk holding `path` is full.
    #[error("{}: disk full ({}): free some space, then run it again", disk_name(path), room(*.free_bytes))]
    DiskFull { path: PathBuf, free_bytes: Option<u64> },
    /// The caller asked for something that does not exist or is not allowed.
    #[error("{}", one_line(.0))]
    Invalid(String),
    /// The operation was cancelled through its cancel flag.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// Names the library file `path` in a database error raised without it (disk full,
    /// read-only), with the room left on its disk.
    pub fn in_library(self, path: &Path) -> Error {
        match self {
            Error::DiskFull { path: p, .. } if p.as_os_str().is_empty() => Error::DiskFull {
                path: path.to_path_buf(),
                free_bytes: crate::store::free_bytes(path),
            },
            Error::ReadOnly { path: p, what } if p.as_os_str().is_empty() => Error::ReadOnly {
                path: path.to_path_buf(),
                what,
            },
            other => other,
        }
    }

    /// A short stable code for UIs and logs (`{ code, message }` across IPC).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::NotAFile { .. } => "not_a_file",
            Error::EmptyFile { .. } => "empty_file",
            Error::NotAnImage { .. } => "not_an_image",
            Error::CorruptImage { .. } => "corrupt_image",
            Error::ImageTooLarge { .. } => "image_too_large",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::Model { .. } => "model",
            Error::Inference(_) => "inference",
            Error::Database(_) => "database",
            Error::NewerLibrary { .. } => "newer_library",
            Error::ReadOnly { .. } => "read_only",
            Error::DiskFull { .. } => "disk_full",
            Error::Invalid(_) => "invalid",
            Error::Cancelled => "cancelled",
        }
    }
}

/// What to do about a read-only library, in `ReadOnly` errors.
pub const READ_ONLY_HINT: &str =
    "this command changes it; make the folder writable or work on a copy";

/// `text` on one line: decoders and libraries end or break their messages with
/// newlines, and every Kindred message is one line (a log line, a table cell, a toast).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_only_text(path: &Path, what: &str) -> String {
    let why = "is read-only (its file or folder is not writable)";
    if path.as_os_str().is_empty() {
        format!("the library {why}: {what}")
    } else {
        format!("{}: the library {why}: {what}", path.display())
    }
}

fn disk_name(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the library".into()
    } else {
        path.display().to_string()
    }
}

/// "12.5 MB free on its disk", for disk-full messages.
fn room(free_bytes: Option<u64>) -> String {
    match free_bytes {
        Some(b) if b >= 1 << 20 => format!("{:.1} MB free on its disk", b as f64 / 1e6),
        Some(b) => format!("{b} bytes free on its disk"),
        None => "free space unknown".into(),
    }
}

impl From<ort::Error> for Error {
    fn from(e: ort::Error) -> Self {
        Error::Inference(e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            // The library's path is not known here: `Error::in_library` adds it (with
            // the room left) where the store is at hand.
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull {
                path: PathBuf::new(),
                free_bytes: None,
            },
            Some(rusqlite::ErrorCode::ReadOnly) => Error::ReadOnly {
                path: PathBuf::new(),
                what: READ_ONLY_HINT.into(),
            },
            _ => Error::Database(e.to_string()),
        }
    }
}
