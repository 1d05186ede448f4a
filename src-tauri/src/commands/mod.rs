//! Tauri commands, one file per domain. Each command is a few lines that call the
//! core crate; anything heavier belongs in the core.

pub mod app;
pub mod cluster;
pub mod faces;
pub mod insight;
pub mod interop;
pub mod library;
mod names;
pub mod people;
pub mod scan;
pub mod search;

pub use names::COMMAND_NAMES;
