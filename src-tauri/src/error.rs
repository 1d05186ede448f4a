//! The error that crosses IPC: `{ code, message }`, built from the core's one `Error`
//! enum so the UI can branch on a stable code and show the message as is.

use serde::Serialize;
use specta::Type;

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[error("{code}: {message}")]
pub struct IpcError {
    /// Stable machine-readable code (`kindred::Error::code()`, or a shell code such as
    /// `busy` or `internal`).
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        IpcError {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<kindred::Error> for IpcError {
    fn from(e: kindred::Error) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

impl From<tauri::Error> for IpcError {
    fn from(e: tauri::Error) -> Self {
        IpcError::new("internal", e.to_string())
    }
}

/// Result of every command.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code() {
        let e: IpcError = kindred::Error::Cancelled.into();
        assert_eq!(e.code, "cancelled");
        assert_eq!(e.message, "cancelled");
        let e: IpcError = kindred::Error::Invalid("no such cluster 7".into()).into();
        assert_eq!(e.code, "invalid");
        assert_eq!(e.message, "no such cluster 7");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "invalid", "message": "no such cluster 7" })
        );
    }
}
