//! The one error type of the core crate. Every failure a user can cause (a bad photo,
//! a missing model file, a database on a full disk) is a typed variant, never a panic.

use std::path::PathBuf;

/// Result with the core [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read (missing, permission denied, I/O error).
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, #[source] source: std::io::Error },
    /// The file is empty.
    #[error("{path}: empty file")]
    EmptyFile { path: PathBuf },
    /// The content is not an image format Kindred reads.
    #[error("{path}: not a supported image ({reason})")]
    NotAnImage { path: PathBuf, reason: String },
    /// The image is damaged or truncated.
    #[error("{path}: corrupt or truncated image ({reason})")]
    CorruptImage { path: PathBuf, reason: String },
    /// The image is larger than the decoder limits (a decompression bomb or a huge scan).
    #[error("{path}: image too large ({width}x{height}, limit {limit_pixels} pixels)")]
    ImageTooLarge { path: PathBuf, width: u32, height: u32, limit_pixels: u64 },
    /// The file is larger than the caller's limit (it would be read whole into memory).
    #[error("{path}: file too large ({bytes} bytes, limit {limit_bytes})")]
    FileTooLarge { path: PathBuf, bytes: u64, limit_bytes: u64 },
    /// A model file is missing or does not load.
    #[error("model {name}: {reason}")]
    Model { name: String, reason: String },
    /// ONNX Runtime failed while running a model.
    #[error("inference failed: {0}")]
    Inference(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(String),
    /// The caller asked for something that does not exist or is not allowed.
    #[error("{0}")]
    Invalid(String),
    /// The operation was cancelled through its cancel flag.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// A short stable code for UIs and logs (`{ code, message }` across IPC).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::EmptyFile { .. } => "empty_file",
            Error::NotAnImage { .. } => "not_an_image",
            Error::CorruptImage { .. } => "corrupt_image",
            Error::ImageTooLarge { .. } => "image_too_large",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::Model { .. } => "model",
            Error::Inference(_) => "inference",
            Error::Database(_) => "database",
            Error::Invalid(_) => "invalid",
            Error::Cancelled => "cancelled",
        }
    }
}

impl From<ort::Error> for Error {
    fn from(e: ort::Error) -> Self {
        Error::Inference(e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e.to_string())
    }
}
